"""Single cells read as the user means them: a value cell with its comparator and unit
("≥95%", "1.2万家", "不少于20家次", "85亿元"), a deadline ("2024.12", "12月底", "第三季度",
"持续推进"), and the texts that look like a number but cannot be read ("新建平台abc家")."""

import calendar
import re
from datetime import date
from decimal import Decimal

from plans.deadlines import parse_deadline
from plans.parsing.normalize import normalize_text
from plans.parsing.phrases import GTE_PREFIX, LTE_PREFIX, parse_number

NUMBER = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|\.\d+|[零〇一二两三四五六七八九十百千]+)"
PRE = "|".join(
    map(
        re.escape,
        sorted(GTE_PREFIX + LTE_PREFIX + ["大于等于", "小于等于", ">", "<", "＞", "＜", "="], key=len, reverse=True),
    )
)
POST = r"以上|以内|以下|左右|之内|及以上|或以上"
# A unit is an open class: any short run of Han characters after the number (家次, 人年, 万亩),
# or a sign (%, ‰, 个百分点).
VALUE_CELL = re.compile(
    rf"^(?P<pre>{PRE})?(?P<num>{NUMBER})(?P<unit>%|‰|个百分点|(?!{POST})[\u4e00-\u9fff]{{1,5}}?|[A-Za-z]{{1,3}})?(?P<post>{POST})?$"
)
GTE = set(GTE_PREFIX) | {"大于等于", ">", "＞"}
LTE = set(LTE_PREFIX) | {"小于等于", "<", "＜"}


def read_value(raw) -> tuple[Decimal, str, str] | None:
    """(value, comparator, unit) of a value cell; None when it holds no readable number."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        if isinstance(raw, float):
            return (Decimal(int(raw)) if raw.is_integer() else Decimal(repr(raw))), "eq", ""
        return Decimal(raw), "eq", ""
    text = normalize_text(str(raw)).replace(" ", "").replace("，", ",")
    match = VALUE_CELL.match(text)
    if not match:
        return None
    number = match["num"]
    value = parse_number(number) if not number.startswith(".") else Decimal("0" + number)
    if value is None:
        return None
    pre, post, unit = match["pre"] or "", match["post"] or "", match["unit"] or ""
    if unit in ("以", "及", "或"):  # the start of a POST the lazy unit left behind
        return None
    if pre in LTE or post in ("以内", "以下", "之内"):
        comparator = "lte"
    elif pre in GTE or post in ("以上", "及以上", "或以上"):
        comparator = "gte"
    else:
        comparator = "eq"
    return value, comparator, unit


UNREADABLE_NUMBER = re.compile(
    r"(?:[A-Za-z?？*#]+|\d+[OoIl]\w*)\s*(?:家|项|个|件|次|场|期|人|名|篇|万元|亿元|元|%|所|户|台|套|条|学时|人次|家次)"
)


def unreadable_number(text: str) -> str:
    """The part of a target sentence that sits where a number should ("abc家"), or ""."""
    found = UNREADABLE_NUMBER.search(text or "")
    return found.group(0) if found else ""


_QUARTER = re.compile(r"(?:(?P<y>20\d\d)年?)?第?(?P<q>[一二三四1-4])季度")
_HALF = re.compile(r"(?:(?P<y>20\d\d)年?)?(?P<h>上半年|下半年|年中|年底|年末|年内|全年)")
_DOTTED = re.compile(r"^(?P<y>20\d\d)\s*[.．/-]\s*(?P<m>\d{1,2})(?:\s*[.．/-]\s*(?P<d>\d{1,2}))?$")
_DATE_LIKE = re.compile(
    r"(?P<y>20\d\d)\s*[年./-]\s*(?P<m>\d{1,2})\s*(?:[月./-]\s*(?P<d>\d{1,2}))?|"
    r"(?<!\d)(?P<m2>\d{1,2})\s*月\s*(?:(?P<d2>\d{1,2})\s*日)?"
)
QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# Wordings that name no date and are fine as they are.
NO_DATE = re.compile(r"长期|持续|常态|每[年季月周]|按要求|按时|及时|全年|随时|定期|年度内|适时|按计划|按进度")


def read_deadline(text: str, year: int) -> tuple[date | None, str]:
    """(the last day the wording allows or None, a problem message or "")."""
    text = normalize_text(text or "").strip()
    if not text:
        return None, ""
    impossible = _impossible(text)
    if impossible:
        return None, impossible
    dotted = _DOTTED.match(text)
    if dotted:
        return _month_end_or_day(int(dotted["y"]), int(dotted["m"]), dotted["d"]), ""
    found = parse_deadline(text, year)
    if found:
        return found, ""
    quarter = _QUARTER.search(text)
    if quarter:
        month = QUARTERS[quarter["q"]] * 3
        return _month_end_or_day(int(quarter["y"] or year), month, None), ""
    half = _HALF.search(text)
    if half:
        month = 6 if half["h"] in ("上半年", "年中") else 12
        return _month_end_or_day(int(half["y"] or year), month, None), ""
    return None, ""


def _impossible(text: str) -> str:
    for match in _DATE_LIKE.finditer(text):
        month = int(match["m"] or match["m2"])
        day = match["d"] or match["d2"]
        the_year = int(match["y"]) if match["y"] else 2024  # a leap year: 2月29日 without a year is possible
        if not 1 <= month <= 12:
            return f"日期“{text}”中的月份 {month} 不存在。"
        if day is not None and not 1 <= int(day) <= calendar.monthrange(the_year, month)[1]:
            return f"日期“{text}”不存在（{the_year if match['y'] else ''}{'年' if match['y'] else ''}{month}月没有{int(day)}日）。"
    return ""


def _month_end_or_day(year: int, month: int, day: str | None) -> date | None:
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return date(year, month, last)
    return date(year, month, int(day)) if 1 <= int(day) <= last else None
