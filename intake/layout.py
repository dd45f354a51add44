"""Workbooks as bureaus keep them (任务分解表 / 工作台账) → draft plans.

Handles a title and subtitle above the header; a header on one or two rows with merged
cells; header words that vary; columns in any order; task cells merged over several measure
rows; section rows ("一、…" or a label and a title alone); a target inside a sentence or in
value/unit columns; 合计 and 注 rows; several sheets, 填表说明 sheets skipped; split tables
(a target divided among counties by division code, with a 合计 that must add up).
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from plans.deadlines import parse_deadline
from plans.parsing.departments import is_generic, split_departments
from plans.parsing.normalize import normalize_text
from plans.parsing.phrases import _kind, find_phrases, parse_value_cell

from plans.drafts import DraftDocument, DraftShare, DraftTarget, DraftTask, plan_kind, year_in
from plans.problems import ImportProblem
from .reader import SheetGrid, cell_text, read_workbook

# Column roles and the header words bureaus use for them (compared without spaces/brackets).
HEADERS = {
    "seq": ["序号", "编号"],
    "task": ["重点任务", "工作任务", "主要任务", "任务", "重点工作", "工作事项", "任务名称"],
    "measure": ["具体措施", "工作措施", "措施", "主要措施", "工作内容", "具体内容", "任务措施"],
    "target": ["目标任务", "工作目标", "目标", "预期目标", "量化指标", "目标要求", "指标"],
    "metric": ["指标名称", "指标内容"],
    "value": ["指标值", "目标值", "数值"],
    "unit": ["计量单位", "单位"],
    "comparator": ["比较", "比较方式", "比较符"],
    "leader": ["责任领导", "分管领导", "牵头领导"],
    "lead": ["牵头部门", "责任部门", "责任单位", "牵头科室", "牵头单位", "责任科室", "牵头处室"],
    "co": ["配合科室", "配合部门", "配合单位", "协办部门", "协同部门", "配合处室"],
    "person": ["责任人", "具体责任人", "联系人", "经办人"],
    "deadline": ["完成时限", "时间节点", "完成时间", "时限", "截止时间", "时间安排"],
    "note": ["备注", "说明"],
    "kind": ["指标类型", "类型"],
    "baseline": ["基数", "基期值"],
    "source": ["原文"],
    "code": ["行政区划代码", "区划代码", "代码"],
    "region": ["县(市、区)", "县市区", "县区", "地区", "县(市区)", "区县"],
}
SKIP_SHEET = re.compile(r"说明|填表|示例|下拉|选项|字典")
SKIP_ROW = re.compile(r"^(注|备注|说明|填表说明|填报说明)[:：]?")
TOTAL_ROW = re.compile(r"^(合计|小计|总计|全市合计)$")
OUTLINE = re.compile(r"^(?P<label>[一二三四五六七八九十]+|\(?[一二三四五六七八九十]+\)|\d+)[、.．]?\s*(?P<title>\S.*)?$")
KINDS = {"数量": "count", "金额": "amount", "增长率": "percent_growth", "比例/占比": "ratio", "比例": "ratio",
         "占比": "ratio", "频次": "frequency", "定性": "qualitative"}
RAW_LABEL = re.compile(r"^[(（]?(?:[一二三四五六七八九十]+|\d+)[)）]?[、.．]?\s*")
COMPARATOR_WORDS = {"≥": "gte", ">=": "gte", "以上": "gte", "不少于": "gte", "≤": "lte", "<=": "lte", "以内": "lte",
                    "不超过": "lte", "=": "eq", "等于": "eq", "达到": "eq"}


@dataclass
class Layout:
    header_rows: tuple[int, ...]
    columns: dict[str, int]
    names: dict[int, str]  # column index -> header text as written

    @property
    def first_data_row(self) -> int:
        return self.header_rows[-1] + 1


def parse_workbook(data: bytes, name: str = "", year: int | None = None) -> tuple[list[DraftDocument], list[ImportProblem]]:
    grids, problems = read_workbook(data, name)
    documents = []
    for grid in grids:
        if SKIP_SHEET.search(grid.name):
            continue
        if not any(any(cell_ for cell_ in row if str(cell_).strip()) for row in grid.rows):
            problems.append(ImportProblem("工作表是空的。", sheet=grid.name))
            continue
        document = parse_sheet(grid, problems, year)
        if document is None:
            continue
        if documents and document.tasks and all(t.targets and t.targets[0].shares for t in document.tasks):
            _attach_split(documents[-1], document)  # a split table details the plan before it
        else:
            documents.append(document)
    if not documents and not problems:
        problems.append(ImportProblem("工作簿中没有找到可导入的任务。"))
    return documents, problems


def _attach_split(plan: DraftDocument, split: DraftDocument) -> None:
    """Shares go to the plan's own target of the same metric and unit where it has one
    (the way our 台账 exports them); otherwise the split becomes a task of its own."""
    for task in split.tasks:
        for split_target in task.targets:
            same = next((t for t in plan.targets if t.metric == split_target.metric and t.unit == split_target.unit), None)
            if same is not None:
                same.shares = split_target.shares
                if same.baseline is None:
                    same.baseline = split_target.baseline
            else:
                plan.tasks.append(task)
                break


def clean(text) -> str:
    """Text as the user wrote it, less invisible characters and surrounding spaces: stored
    as is (normalisation is for reading numbers and keywords, not for what users see)."""
    return re.sub(r"[\u200b-\u200d\ufeff\u2060]", "", str(text or "")).strip()


def key(text: str) -> str:
    """A header or keyword compared without spaces, brackets, colons or required-field stars."""
    return re.sub(r"[\s()（）:：*、]", "", normalize_text(str(text)))


WORD_TO_ROLE = {key(word): role for role, words in HEADERS.items() for word in words}
HEADER_KEYS = {role: {key(word) for word in words} for role, words in HEADERS.items()}


def find_layout(grid: SheetGrid) -> Layout | None:
    for row in range(min(15, len(grid.rows))):
        roles = {}
        for column, value in enumerate(grid.rows[row]):
            role = WORD_TO_ROLE.get(key(value)) if value not in ("", None) else None
            if role and role not in roles:
                roles[role] = column
        if len(roles) < 2 or not ({"task", "measure", "target", "metric", "code"} & roles.keys()):
            continue
        header_rows = (row,)
        below = row + 1
        if below < len(grid.rows):
            sub = {}
            for column, value in enumerate(grid.rows[below]):
                role = WORD_TO_ROLE.get(key(value)) if value not in ("", None) else None
                if role and key(value) != key(grid.value(row, column)):
                    sub[role] = column
            if sub:
                header_rows = (row, below)
                for role, column in sub.items():
                    roles.setdefault(role, column)
                    if roles[role] != column and grid.merged_span(row, roles[role]):
                        roles[role] = column
        names = {}
        for column in range(len(grid.rows[row])):
            names[column] = str(grid.value(header_rows[-1], column) or grid.value(row, column)).strip()
        # A parent cell merged over sub-headers (责任分工) is not a column of its own.
        roles = {r: c for r, c in roles.items() if key(names.get(c, "")) in HEADER_KEYS[r]}
        return Layout(header_rows=header_rows, columns=roles, names=names)
    return None


def _title(grid: SheetGrid, layout: Layout | None) -> str:
    end = layout.header_rows[0] if layout else min(5, len(grid.rows))
    for row in range(end):
        text = next((str(v).strip() for v in grid.rows[row] if str(v).strip()), "")
        if text and not re.match(r"^(填报单位|单位|填报时间|制表)", text):
            return normalize_text(text).replace(" ", "")
    return grid.name


def parse_sheet(grid: SheetGrid, problems: list[ImportProblem], year: int | None) -> DraftDocument | None:
    layout = find_layout(grid)
    if layout is None:
        problems.append(ImportProblem(
            "找不到表头。表头应包含“重点任务/工作任务”或“具体措施”，以及“目标任务/指标”或“指标名称、指标值”等列。",
            sheet=grid.name,
        ))
        return None
    title = _title(grid, layout)
    above = " ".join(str(v) for r in range(layout.header_rows[0]) for v in grid.rows[r][:1])
    document = DraftDocument(
        title=title, year=year_in(title) or year_in(above) or year or 0, kind=plan_kind(title), sheet=grid.name,
    )
    if not document.year:
        problems.append(ImportProblem("标题中没有年度（如“2024年”），请在导入时指定年度。", sheet=grid.name, row=1))
    columns = layout.columns
    if "code" in columns:
        _split_table(grid, layout, document, problems)
        return document
    if not ({"target", "value"} & columns.keys()):
        problems.append(ImportProblem("缺少“目标任务”（或“指标名称”和“指标值”）列。", sheet=grid.name,
                                      row=layout.header_rows[0] + 1))
        return None
    if not ({"task", "measure"} & columns.keys()):
        problems.append(ImportProblem("缺少“重点任务”或“具体措施”列。", sheet=grid.name, row=layout.header_rows[0] + 1))
        return None
    rows = range(layout.first_data_row, len(grid.rows))
    section_rows = {row: found for row in rows if (found := _section_row(grid, layout, row))}
    explicit_sections = bool(section_rows)
    current_section: tuple[str, ...] = ()
    previous_group = None
    for row in rows:
        texts = [cell_text(v) for v in grid.rows[row]]
        first = next((t for t in texts if t), "")
        if not first:
            continue
        if SKIP_ROW.match(first) or TOTAL_ROW.match(key(first)):
            continue
        section = section_rows.get(row)
        if section:
            label, heading = section
            level = outline_level(label)
            current_section = tuple(x for x in current_section if outline_level(x) < level) + (label,)
            document.section_at(current_section, heading)
            continue
        cell = lambda role: texts[columns[role]] if role in columns and columns[role] < len(texts) else ""  # noqa: E731
        title_text, measure = clean(cell("task")), clean(cell("measure"))
        if explicit_sections or "measure" not in columns or not title_text:
            path = current_section
            text = f"{title_text}：{measure}" if title_text and measure and title_text != measure else (measure or title_text)
        else:
            group = (cell("seq"), title_text)
            label = _label(cell("seq")) or str(len(document.sections) + 1)
            path = (label,)
            if group != previous_group:
                document.section_at(path, title_text)
                previous_group = group
            text = measure or title_text
        if not text:
            continue
        text_column = columns.get("measure", columns.get("task"))
        span = grid.merged_span(row, text_column)
        if span and span[0] < row and document.tasks and document.tasks[-1].row and document.tasks[-1].row - 1 >= span[0]:
            # A task cell merged over several rows: each further row adds a target to it.
            document.tasks[-1].targets += _targets(grid, layout, row, cell, problems)
            continue
        task = DraftTask(section=path, text=text, row=row + 1)
        _responsibility(task, cell, document.year)
        task.targets = _targets(grid, layout, row, cell, problems)
        document.tasks.append(task)
    return document


def outline_level(label: str) -> int:
    """一 → 0, (一) → 1, 1 → 2, (1) → 3: how deep a label sits in a plan's outline."""
    if label.startswith("("):
        return 3 if label[1:2].isdigit() else 1
    return 2 if label[:1].isdigit() else 0


def _label(text: str) -> str:
    text = normalize_text(text).strip().rstrip("、.．")
    return text if re.fullmatch(r"\(?[一二三四五六七八九十]+\)?|\d+", text) else ""


def _section_row(grid: SheetGrid, layout: Layout, row: int) -> tuple[str, str] | None:
    values = [str(v).strip() for v in grid.rows[row]]
    filled = {c: v for c, v in enumerate(values) if v}
    if not filled:
        return None
    distinct = set(filled.values())
    if len(distinct) == 1:
        raw = clean(next(iter(distinct)))
        text = normalize_text(raw)
        match = OUTLINE.match(text)
        if match and match["title"] and not SKIP_ROW.match(text) and not re.match(r"^\d+[.．]\d", text):
            return match["label"], RAW_LABEL.sub("", raw, count=1).strip()
        return None
    columns = layout.columns
    seq, task = columns.get("seq"), columns.get("task")
    if seq is None or task is None or set(filled) - {seq, task}:
        return None
    label = _label(values[seq])
    if label and not label.isdigit() and values[task]:
        return label, clean(values[task])
    return None


def _responsibility(task: DraftTask, cell, year: int) -> None:
    # "各县区科技局", "各科室" address everyone; they name no department to hold responsible.
    leads = [d for d in split_departments(cell("lead")) if not is_generic(d)]
    co = [d for d in split_departments(cell("co")) if not is_generic(d)]
    task.lead_department = leads[0] if leads else ""
    task.co_departments = [d for d in leads[1:] + co if d != task.lead_department]
    task.leader = clean(cell("leader"))
    task.person = clean(cell("person"))
    task.deadline_text = clean(cell("deadline"))
    task.deadline = parse_deadline(task.deadline_text, year) if year else None


def _targets(grid, layout, row, cell, problems) -> list[DraftTarget]:
    columns, names = layout.columns, layout.names
    if "value" in columns and cell("value"):
        raw = cell("value")
        parsed = parse_value_cell(grid.value(row, columns["value"]))
        if parsed is None:
            problems.append(ImportProblem(f"“{raw}”不是数字。", sheet=grid.name, row=row + 1,
                                          column=names.get(columns["value"], "指标值")))
            return []
        value, comparator = parsed
        explicit = COMPARATOR_WORDS.get(key(cell("comparator")))
        metric = clean(cell("metric")) or clean(cell("target")) or clean(cell("measure"))
        unit = clean(cell("unit"))
        baseline = parse_value_cell(grid.value(row, columns["baseline"])) if "baseline" in columns else None
        return [DraftTarget(
            source=cell("source") or " ".join(x for x in (cell("metric"), raw, cell("unit")) if x), metric=metric,
            value=value, unit=unit, comparator=explicit or comparator,
            kind=KINDS.get(key(cell("kind"))) or _kind(unit, metric, metric),
            baseline=baseline[0] if baseline else None,
        )]
    if "metric" in columns and cell("metric"):
        # A named target with no number: a qualitative task, reported as percent complete.
        return [DraftTarget(source=cell("source") or cell("metric"), metric=clean(cell("metric"))[:200],
                            value=None, unit="", comparator=COMPARATOR_WORDS.get(key(cell("comparator")), "gte"),
                            kind="qualitative")]
    text = cell("target")
    if not text:
        return []
    phrases = [p for p in find_phrases(text) if not p.fact]
    if not phrases:
        return [DraftTarget(source=text, metric=clean(text)[:200], value=None, unit="", comparator="gte",
                            kind="qualitative")]
    return [
        DraftTarget(source=p.source, metric=p.metric, value=p.value, unit=p.unit, comparator=p.comparator,
                    kind=p.kind, period=p.period)
        for p in phrases
    ]


def _split_table(grid: SheetGrid, layout: Layout, document: DraftDocument, problems) -> None:
    """A target divided among sub-units: one row per county with its division code."""
    names = layout.names
    value_column = next((c for c, n in names.items() if "目标" in n), None)
    baseline_column = next((c for c, n in names.items() if "完成" in n or "基数" in n or "上年" in n), None)
    region_column = layout.columns.get("region", 0)
    if value_column is None:
        problems.append(ImportProblem("分解表缺少“目标”列。", sheet=grid.name, row=layout.header_rows[0] + 1))
        return
    unit_match = re.search(r"单位[:：]\s*([^)）]+)", document.title)
    unit = unit_match.group(1).strip() if unit_match else ""
    metric = re.sub(r"^20\d\d年|目标分解表|分解表|[(（].*$", "", document.title).strip() or document.title
    shares, total = [], None
    for row in range(layout.first_data_row, len(grid.rows)):
        name = normalize_text(grid.text(row, region_column))
        code = grid.text(row, layout.columns["code"])
        if not name and not code:
            continue
        raw = grid.value(row, value_column)
        parsed = parse_value_cell(raw)
        if TOTAL_ROW.match(key(name)):
            total = parsed[0] if parsed else None
            continue
        if not re.fullmatch(r"\d{6}", code):
            problems.append(ImportProblem(f"行政区划代码“{code}”应为 6 位数字。", sheet=grid.name, row=row + 1,
                                          column=names.get(layout.columns["code"], "行政区划代码")))
            continue
        if parsed is None:
            problems.append(ImportProblem(f"“{grid.text(row, value_column)}”不是数字。", sheet=grid.name, row=row + 1,
                                          column=names.get(value_column, "目标")))
            continue
        baseline = parse_value_cell(grid.value(row, baseline_column)) if baseline_column is not None else None
        shares.append(DraftShare(region_code=code, region_name=name, value=parsed[0],
                                 baseline=baseline[0] if baseline else None, row=row + 1))
    if not shares:
        problems.append(ImportProblem("分解表中没有分解到各单位的数值。", sheet=grid.name))
        return
    added = sum((s.value for s in shares), Decimal(0))
    if total is not None and added != total:
        problems.append(ImportProblem(f"各单位目标之和 {added.normalize():f} 与合计 {total.normalize():f} 不一致。",
                                      sheet=grid.name))
    parent_baseline = sum((s.baseline for s in shares if s.baseline is not None), Decimal(0)) or None
    target = DraftTarget(source=document.title, metric=metric, value=total if total is not None else added, unit=unit,
                         comparator="gte", kind="amount" if unit.endswith("元") else "count",
                         period=str(document.year) if document.year else None, baseline=parent_baseline, shares=shares)
    document.tasks.append(DraftTask(section=(), text=f"{metric}目标分解落实到各单位", targets=[target],
                                    row=layout.first_data_row + 1))
