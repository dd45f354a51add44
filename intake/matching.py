"""Names in a workbook matched to what the database knows: a department of the bureau
(exact, then a saved alias, then an abbreviation such as 高新科 → 高新技术科) and a county of a
split (its division code, else its name: exact, then abbreviation such as 经开区 →
经济技术开发区). Pure functions over plain names; the service reads the candidates."""

import re
from dataclasses import dataclass, field

SUFFIX = re.compile(r"(科|室|处|股|局|中心|办|委|队|所|站|院|部|组|县|区|市|旗)$")


def is_abbreviation(short: str, full: str) -> bool:
    """高新科 of 高新技术科, 成果科 of 成果转化科, 社发科 of 社会发展科, 经开区 of 经济技术开发区:
    same first character, same kind of unit at the end, every character in order."""
    short, full = _plain(short), _plain(full)
    if not short or len(short) >= len(full) or short[0] != full[0]:
        return False
    end = SUFFIX.search(short)
    if end and not full.endswith(end.group(1)):
        return False
    position = 0
    for char in short:
        position = full.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


def _plain(name: str) -> str:
    return re.sub(r"[\s()（）]", "", name)


@dataclass
class NameMatch:
    """How one name of the workbook was matched: `how` is exact / alias / abbreviation /
    code, or "" for no match (a new department, or a county that cannot be found)."""

    name: str
    match_id: int | None = None
    match_name: str = ""
    how: str = ""
    candidates: list[tuple[int, str]] = field(default_factory=list)  # (id, name) the admin may choose from

    @property
    def how_label(self) -> str:
        return {
            "exact": "同名",
            "alias": "已保存的对应",
            "abbreviation": "简称",
            "code": "区划代码",
            "chosen": "已选择",
            "": "新建",
        }.get(self.how, self.how)


def match_name(
    name: str, known: dict[str, int], aliases: dict[str, int] | None = None, also: dict[int, list[str]] | None = None
) -> NameMatch:
    """`known`: name -> id; `aliases`: saved alias -> id; `also`: id -> further names the
    thing goes by (a county bureau's region name and bureau name)."""
    candidates = sorted(((i, n) for n, i in known.items()), key=lambda item: item[1])
    found = NameMatch(name=name, candidates=candidates)
    names_of = {i: [n] for n, i in known.items()}
    for i, more in (also or {}).items():
        names_of.setdefault(i, []).extend(more)
    by_id = {i: n for n, i in known.items()}
    if name in known:
        found.match_id, found.how = known[name], "exact"
    elif aliases and name in aliases and aliases[name] in by_id:
        found.match_id, found.how = aliases[name], "alias"
    else:
        exact_other = [i for i, names in names_of.items() if name in names or _plain(name) in map(_plain, names)]
        if len(exact_other) == 1:
            found.match_id, found.how = exact_other[0], "exact"
        else:
            abbreviated = [i for i, names in names_of.items() if any(is_abbreviation(name, n) for n in names)]
            if len(abbreviated) == 1:
                found.match_id, found.how = abbreviated[0], "abbreviation"
    if found.match_id is not None:
        found.match_name = by_id.get(found.match_id, "")
    return found
