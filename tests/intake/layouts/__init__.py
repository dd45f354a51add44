"""A corpus of workbook layouts as bureaus really keep them, each with its full expected
import result. Modelled on published 任务分解表 (政府工作报告重点工作任务分解表: 序号/工作任务/
牵头单位/责任单位/完成时限), 督办台账 (督办事项/承办单位/办理时限/办理进展), 目标责任书 and 考核细则
(项目/分值/目标任务/考核标准, 加分项 rules under the table, 签字 lines), 指标表 and 绩效目标表
(一级指标/二级指标/三级指标/计量单位/目标值), 经济社会发展目标任务分解表 (a column per county and
development zone) and WPS 推进台账 (month and quarter columns); the contents are our own.

Each layout is a `Layout`: a builder returning (bytes, file name) and the expected result as
plain JSON-able data (see `expect` below and `compare.py` for how it is compared). The modules
group the layouts by kind; `all_layouts()` lists them all.

Conventions the expectations follow (the importer's JSON, `import_plan --dry-run --json`):
- a value written with no comparator word is "="; 不少于/以上/≥/不低于 are ">=", 以内/≤ "<=";
  a city total split among counties is ">=" (a quota), as the samples' split;
- a value keeps the unit it is written in: "1.2万家" is 1.2 万家, "85亿元" 85 亿元; a cell shown as
  a percent (0.5 with format 0%) is 50 %;
- deadline_text is the cell as the user sees it (2024.1 with format 0.00 is "2024.10", a date
  cell with format yyyy-mm-dd is "2024-10-31"); deadline is the last day it allows, null where
  it names none (长期, 持续推进, 每季度);
- beside a 牵头 column, 责任单位/配合/协办 columns are co-departments; 各县（市、区）科技局 and 各科室 name
  nobody;
- a target's 分值 is `score` on the target; a skipped sheet has its reason in `skipped` (of its
  entry in the preview's `sheets`, or a `skipped` list of {"sheet", "reason"}) and is no problem;
- problems are in `errors` with sheet, row (as Excel numbers it), column (letter, header or both) and
  a message quoting the text seen; a row with a target and no task is a problem, not a target;
  a lead cell that names no department ("—") leaves the lead empty and is a problem."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    name: str
    build: Callable[[], tuple[bytes, str]]
    expected: dict
    traits: tuple[str, ...] = ()


def target(
    metric: str,
    value,
    unit: str,
    comparator: str = "=",
    *,
    split: dict | None = None,
    score=None,
    sheet: str | None = None,
) -> dict:
    """A numeric target: `metric` is a fragment the found metric must contain; value, unit and
    comparator (">=", "<=", "=") must be equal. `split` maps a region or bureau name, as the
    workbook writes it, to its share; `score` is the 分值 kept on the target; `sheet` the sheet
    it must come from."""
    data = {"metric": metric, "value": value, "unit": unit, "comparator": comparator}
    if split is not None:
        data["split"] = split
    if score is not None:
        data["score"] = score
    if sheet is not None:
        data["sheet"] = sheet
    return data


def task(
    text: str,
    lead: str | None = None,
    *,
    deadline: str | None = None,
    deadline_text: str | None = None,
    co: list[str] | None = None,
) -> dict:
    """A task: `text` is a fragment its text must contain. Keys left out are not compared;
    lead "" means no lead department (and no problem about it)."""
    data = {"text": text}
    if lead is not None:
        data["lead"] = lead
    if deadline is not None or deadline_text is not None:
        data["deadline"] = deadline
        data["deadline_text"] = deadline_text if deadline_text is not None else ""
    if co is not None:
        data["co"] = co
    return data


def problem(sheet: str, row: int, columns: list[str], text: str) -> dict:
    """A problem the preview must report: sheet, row (1-based as Excel shows it), its column as
    any of `columns` (letters or header texts as written) and the text it saw, which the
    message must quote."""
    return {"sheet": sheet, "row": row, "columns": list(columns), "text": text}


def expect(
    *,
    targets: list[dict],
    tasks: list[dict] | None,
    year: int = 2024,
    skipped_sheets: tuple[str, ...] = (),
    problems: tuple[dict, ...] = (),
    new_departments: list[str] | None = None,
    aliases: dict[str, str] | None = None,
) -> dict:
    data = {
        "year": year,
        "targets": list(targets),
        "tasks": None if tasks is None else list(tasks),
        "skipped_sheets": list(skipped_sheets),
        "problems": list(problems),
    }
    if new_departments is not None:
        data["new_departments"] = new_departments
    if aliases:
        data["aliases"] = aliases
    return data


def all_layouts() -> list[Layout]:
    from . import formats, indicators, ledgers, splits, task_lists

    layouts = [*task_lists.LAYOUTS, *ledgers.LAYOUTS, *indicators.LAYOUTS, *splits.LAYOUTS, *formats.LAYOUTS]
    names = [layout.name for layout in layouts]
    assert len(names) == len(set(names)), "layout names must be unique"
    return layouts
