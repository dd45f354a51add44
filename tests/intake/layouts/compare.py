"""Compares an import preview (the JSON of `import_plan --dry-run --json`) with a layout's
expected result. Plain functions over plain data: the test and the scoring script share them.

Strict on what matters, tolerant of wording:
- numeric targets (value not null) as a multiset of (value, unit, comparator), each matched
  one also containing the expected metric fragment (compared for wording: spaces and full-width
  forms aside); its split shares, score and sheet where
  the expectation names them;
- tasks: as many as expected, each found by a fragment of its text, with its lead department
  (an alias the layout names counts as the same department), deadline and deadline text;
- problems: each expected one reported on its sheet, row and column, quoting the text it saw;
  no other problem;
- sheets to skip: no plan read from them, each named as skipped (in the preview's `skipped`
  list of {"sheet", "reason"}, or with a reason in `skipped` of its entry in `sheets`), none of
  them reported as a problem;
- new departments: exactly those expected, where the layout says.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

COMPARATORS = {">=": ">=", "≥": ">=", "gte": ">=", "<=": "<=", "≤": "<=", "lte": "<=", "=": "=", "eq": "="}


@dataclass
class Comparison:
    expected: int = 0
    found: int = 0
    matched: int = 0
    extra: int = 0
    refused: bool = False
    tasks_expected: int = 0
    tasks_found: int = 0
    failures: list[str] = field(default_factory=list)


def squeeze(text) -> str:
    return re.sub(r"\s+", "", str(text or ""))


def wording(text) -> str:
    """Text compared for wording only: no spaces, full-width forms folded (（ → (, ８ → 8)."""
    return unicodedata.normalize("NFKC", squeeze(text))


def number(value) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value)).normalize()
    except InvalidOperation:
        return None


def unit_key(unit) -> str:
    return squeeze(unit).replace("％", "%")


def target_key(target: dict) -> tuple:
    return number(target.get("value")), unit_key(target.get("unit")), COMPARATORS.get(target.get("comparator"), "?")


def show(target: dict) -> str:
    value, unit, comparator = target_key(target)
    value_text = f"{value:f}" if value is not None else "—"
    return f"{target.get('metric', '')} {comparator} {value_text} {unit}".strip()


def found_targets(result: dict) -> list[dict]:
    """Every numeric target of the preview, with the sheet and task it sits in."""
    targets = []
    for document in result.get("documents", []):
        for task in document.get("tasks", []):
            for target in task.get("targets", []):
                if target.get("value") is not None:
                    targets.append({**target, "_sheet": document.get("sheet", ""), "_task": task.get("text", "")})
    return targets


def found_tasks(result: dict) -> list[dict]:
    return [{**task, "_sheet": d.get("sheet", "")} for d in result.get("documents", []) for task in d.get("tasks", [])]


def same_name(expected: str, found: str) -> bool:
    expected, found = squeeze(expected), squeeze(found)
    return bool(expected and found) and (expected == found or expected in found or found in expected)


def compare(expected: dict, result: dict) -> Comparison:
    comparison = Comparison()
    errors = list(result.get("errors", []))
    documents = result.get("documents", [])
    comparison.refused = not documents and bool(errors)
    if comparison.refused:
        comparison.failures.append("文件被拒绝：" + "；".join(e.get("message", "") for e in errors[:3]))

    _compare_targets(expected, result, comparison)
    _compare_tasks(expected, result, comparison)
    if not comparison.refused:
        _compare_problems(expected, errors, comparison)
        _compare_skipped(expected, result, errors, comparison)
        if "new_departments" in expected:
            wanted, got = sorted(expected["new_departments"]), sorted(result.get("new_departments", []))
            if wanted != got:
                comparison.failures.append(f"new departments {got}, expected {wanted}")
    return comparison


def _compare_targets(expected: dict, result: dict, comparison: Comparison) -> None:
    wanted = expected["targets"]
    found = found_targets(result)
    comparison.expected, comparison.found = len(wanted), len(found)
    unused = list(range(len(found)))
    for target in wanted:
        key = target_key(target)
        candidates = [i for i in unused if target_key(found[i]) == key]
        named = [i for i in candidates if wording(target["metric"]) in wording(found[i].get("metric"))]
        if "sheet" in target:
            named = [i for i in named if found[i]["_sheet"] == target["sheet"]]
        if not named:
            near = [show(found[i]) for i in candidates]
            comparison.failures.append(
                f"target not found: {show(target)}" + (f" (same value and unit, other metric: {near})" if near else "")
            )
            continue
        index = named[0]
        unused.remove(index)
        comparison.matched += 1
        got = found[index]
        if "score" in target and number(got.get("score")) != number(target["score"]):
            comparison.failures.append(f"{show(target)}: score {got.get('score')!r}, expected {target['score']}")
        if "split" in target:
            _compare_split(target, got, comparison)
    comparison.extra = len(unused)
    for i in unused:
        where = f"sheet {found[i]['_sheet']}, task {found[i]['_task'][:30]}"
        comparison.failures.append(f"extra target: {show(found[i])} ({where})")


def _compare_split(target: dict, got: dict, comparison: Comparison) -> None:
    shares = [(s.get("region") or s.get("region_code") or "", number(s.get("value"))) for s in got.get("split") or []]
    wanted = target["split"]
    if len(shares) != len(wanted):
        comparison.failures.append(f"{show(target)}: {len(shares)} shares {shares}, expected {len(wanted)}")
    for name, value in wanted.items():
        match = next((s for s in shares if same_name(name, s[0])), None)
        if match is None:
            comparison.failures.append(f"{show(target)}: no share for {name}")
        elif match[1] != number(value):
            comparison.failures.append(f"{show(target)}: share of {name} is {match[1]}, expected {value}")


def _compare_tasks(expected: dict, result: dict, comparison: Comparison) -> None:
    wanted = expected["tasks"]
    found = found_tasks(result)
    comparison.tasks_found = len(found)
    if wanted is None:  # the layout pins its targets only
        return
    comparison.tasks_expected = len(wanted)
    aliases = expected.get("aliases", {})

    def department(name: str) -> str:
        return aliases.get(name, name)

    unused = list(range(len(found)))
    for task in wanted:
        index = next((i for i in unused if wording(task["text"]) in wording(found[i].get("text"))), None)
        if index is None:
            comparison.failures.append(f"task not found: {task['text']}")
            continue
        unused.remove(index)
        got = found[index]
        label = task["text"][:20]
        if "lead" in task and department(got.get("lead_department") or "") != department(task["lead"]):
            comparison.failures.append(f"task {label}: lead {got.get('lead_department')!r}, expected {task['lead']!r}")
        if "co" in task:
            got_co = sorted(department(d) for d in got.get("co_departments") or [])
            if got_co != sorted(department(d) for d in task["co"]):
                comparison.failures.append(
                    f"task {label}: co-departments {got.get('co_departments')}, expected {task['co']}"
                )
        if "deadline" in task:
            if got.get("deadline") != task["deadline"]:
                comparison.failures.append(f"task {label}: deadline {got.get('deadline')}, expected {task['deadline']}")
            if squeeze(got.get("deadline_text")) != squeeze(task["deadline_text"]):
                comparison.failures.append(
                    f"task {label}: deadline text {got.get('deadline_text')!r}, expected {task['deadline_text']!r}"
                )
    for i in unused:
        comparison.failures.append(f"extra task: {found[i].get('text', '')[:40]!r} (sheet {found[i]['_sheet']})")


def _column_matches(problem: dict, error: dict) -> bool:
    """The column as a letter ("E"), a header ("完成时限") or both ("E（完成时限）")."""
    column = wording(error.get("column"))
    if not column:
        return False
    letters = re.match(r"[A-Z]+", column)
    for wanted in problem["columns"]:
        if re.fullmatch(r"[A-Z]+", wanted):
            if letters and letters.group(0) == wanted:
                return True
        elif wording(wanted) in column:
            return True
    return False


def _compare_problems(expected: dict, errors: list[dict], comparison: Comparison) -> None:
    unused = list(range(len(errors)))
    for problem in expected.get("problems", []):
        index = next(
            (
                i
                for i in unused
                if errors[i].get("sheet") == problem["sheet"]
                and errors[i].get("row") == problem["row"]
                and _column_matches(problem, errors[i])
                and squeeze(problem["text"]) in squeeze(errors[i].get("message"))
            ),
            None,
        )
        if index is None:
            near = [e for e in errors if e.get("sheet") == problem["sheet"] and e.get("row") == problem["row"]]
            comparison.failures.append(
                f"problem not reported: sheet {problem['sheet']} row {problem['row']} "
                f"column {'/'.join(problem['columns'])} "
                f"“{problem['text']}”" + (f" (reported there: {near})" if near else "")
            )
            continue
        unused.remove(index)
    for i in unused:
        error = errors[i]
        comparison.failures.append(
            f"unexpected problem: sheet {error.get('sheet')} row {error.get('row')} column {error.get('column')}: "
            f"{error.get('message')}"
        )


def _compare_skipped(expected: dict, result: dict, errors: list[dict], comparison: Comparison) -> None:
    sheets = {d.get("sheet") for d in result.get("documents", [])}
    # Skipped sheets, as {"sheet", "reason"} in `skipped` or as a reason on the sheet's layout.
    skipped = {s.get("sheet") for s in result.get("skipped", []) if isinstance(s, dict)}
    skipped |= {s.get("sheet") for s in result.get("sheets", []) if isinstance(s, dict) and s.get("skipped")}
    for name in expected.get("skipped_sheets", []):
        if name in sheets:
            comparison.failures.append(f"sheet {name} should be skipped, was read as a plan")
        if name not in skipped:
            comparison.failures.append(f"sheet {name} not in the preview's skipped list")
