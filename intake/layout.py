"""Ledgers as bureaus keep them → draft plans, by evidence rather than exact words.

For each sheet the detector finds the header by scoring the first rows (cells whose words
name a role, merged ranges), takes one to four header rows (a parent merged over its
sub-headers, a row of months or quarters under 进展情况), and gives each column a role from
its header words (`vocabulary`) or, where the words say nothing, from its contents
(department names, dates, numbers, long sentences). The only role a sheet needs is a text to
make a task of: the task sentence, the 指标名称, or the 考核内容. The admin may correct any of
it (`SheetChoice`); a confirmed choice is kept as the bureau's profile for that header.

Layouts read: task lists with targets in sentences or in value/unit columns; indicator
tables; 目标责任书 with 分值 and 考核标准 (kept out of the targets); 督办台账 with 办理时限
and progress columns; a sheet per county beside a 汇总; splits wide (a column per county) and
long (a row per county, by code or name). Anything it cannot read becomes a problem with
sheet, row, column and the text it saw; skipped sheets and rows are said, never silent.
"""

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from plans.drafts import DraftDocument, DraftShare, DraftTarget, DraftTask, plan_kind, year_in
from plans.parsing.departments import is_generic, split_departments
from plans.parsing.normalize import normalize_text
from plans.parsing.phrases import _kind, find_phrases
from plans.problems import ImportProblem

from .cells import read_deadline, read_value, unreadable_number
from .reader import SheetGrid, cell_text, column_letter, read_workbook
from .vocabulary import (
    EXAMPLE_ROW,
    ROLE_LABELS,
    ROW_SKIP,
    SKIP_SHEET,
    SUMMARY_SHEET,
    TEXT_ROLES,
    TITLE_NOISE,
    TOTAL_ROW,
    is_region_header,
    key,
    role_of_header,
    unit_in_header,
)

OUTLINE = re.compile(
    r"^(?P<label>[一二三四五六七八九十]+|\(?[一二三四五六七八九十]+\)|\d+)[、.．]?\s*(?P<title>\S.*)?$"
)
KINDS = {
    "数量": "count",
    "金额": "amount",
    "增长率": "percent_growth",
    "比例/占比": "ratio",
    "比例": "ratio",
    "占比": "ratio",
    "频次": "frequency",
    "定性": "qualitative",
}
RAW_LABEL = re.compile(r"^[(（]?(?:[一二三四五六七八九十]+|\d+)[)）]?[、.．]?\s*")
COMPARATOR_WORDS = {
    "≥": "gte",
    ">=": "gte",
    "以上": "gte",
    "不少于": "gte",
    "≤": "lte",
    "<=": "lte",
    "以内": "lte",
    "不超过": "lte",
    "=": "eq",
    "等于": "eq",
    "达到": "eq",
}
DEPARTMENT_LIKE = re.compile(r"(?:科|室|处|股|局|中心|办|委|队|所|站|院|部|组|公司|政府|街道|镇|乡)$")
PAST_RESULT = re.compile(r"^(20\d\d)年?度?(?:实际)?完成(?:值|数|情况)?$")
HEADER_SCAN_ROWS = 20
MAX_HEADER_ROWS = 4


@dataclass
class Column:
    index: int
    header: str  # the header's words as written, parent/child joined with "/"
    role: str | None  # None: not imported
    found_by: str = ""  # "表头", "内容", "方案" (the bureau's profile), "管理员"
    samples: list[str] = field(default_factory=list)
    unit: str = ""  # a unit the header gives (目标值（万元）)

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    @property
    def label(self) -> str:
        return ROLE_LABELS.get(self.role or "ignore", self.role or "")


@dataclass
class SheetLayout:
    """What the detector (or the admin) decided for one sheet; shown in the preview."""

    sheet: str
    header_rows: tuple[int, ...] = ()  # 0-based
    columns: list[Column] = field(default_factory=list)
    skipped: str = ""  # why the sheet was not imported, when it was not
    signature: str = ""
    from_profile: bool = False
    skipped_rows: list[tuple[int, str]] = field(default_factory=list)  # (row 1-based, why)

    def first(self, role: str) -> int | None:
        return next((c.index for c in self.columns if c.role == role), None)

    def of(self, role: str) -> list[Column]:
        return [c for c in self.columns if c.role == role]

    @property
    def header_text(self) -> str:
        return "、".join(f"{c.letter} {c.header}" for c in self.columns if c.header) or "（空）"

    @property
    def first_data_row(self) -> int:
        return self.header_rows[-1] + 1 if self.header_rows else 0

    @property
    def header_rows_shown(self) -> str:
        rows = [r + 1 for r in self.header_rows]
        return f"{rows[0]}–{rows[-1]}" if len(rows) > 1 else (str(rows[0]) if rows else "")


@dataclass
class SheetChoice:
    """The admin's corrections for one sheet (or the bureau's saved profile): header rows
    (1-based, as Excel shows them), roles by column index, or skip/include."""

    header_rows: tuple[int, ...] | None = None
    roles: dict[int, str] = field(default_factory=dict)  # role "ignore": not imported
    skip: bool | None = None

    def as_json(self) -> dict:
        return {
            "header_rows": list(self.header_rows) if self.header_rows else None,
            "roles": {str(k): v for k, v in self.roles.items()},
            "skip": self.skip,
        }

    @classmethod
    def from_json(cls, data: dict) -> "SheetChoice":
        return cls(
            header_rows=tuple(data["header_rows"]) if data.get("header_rows") else None,
            roles={int(k): v for k, v in (data.get("roles") or {}).items()},
            skip=data.get("skip"),
        )


@dataclass
class WorkbookReading:
    documents: list[DraftDocument] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    sheets: list[SheetLayout] = field(default_factory=list)


def parse_workbook(
    data: bytes, name: str = "", year: int | None = None
) -> tuple[list[DraftDocument], list[ImportProblem]]:
    reading = read_plans(data, name, year)
    return reading.documents, reading.problems


def read_plans(
    data: bytes,
    name: str = "",
    year: int | None = None,
    *,
    choices: dict[str, SheetChoice] | None = None,
    profiles: dict[str, SheetChoice] | None = None,
) -> WorkbookReading:
    """Every sheet's layout, the draft plans and every problem. `choices` (by sheet name) are
    the admin's corrections; `profiles` (by header signature) the bureau's saved ones."""
    grids, problems = read_workbook(data, name)
    reading = WorkbookReading(problems=problems)
    choices, profiles = choices or {}, profiles or {}
    year = year or year_in(name)
    for grid in grids:
        layout, document = _read_sheet(grid, reading.problems, year, choices.get(grid.name), profiles)
        reading.sheets.append(layout)
        if document is None:
            continue
        split = layout.first("region") is not None or layout.first("code") is not None
        if reading.documents and split and all(t.targets and t.targets[0].shares for t in document.tasks):
            _attach_split(reading.documents[-1], document)  # a split table details the plan before it
        else:
            reading.documents.append(document)
    _drop_summary_sheets(reading)
    _distinct_titles(reading.documents)
    if not reading.documents and not reading.problems:
        looked = "；".join(f"“{s.sheet}”：{s.skipped}" for s in reading.sheets if s.skipped)
        reading.problems.append(ImportProblem("工作簿中没有找到可导入的任务。" + (f"（{looked}）" if looked else "")))
    return reading


def _read_sheet(grid, problems, year, choice: SheetChoice | None, profiles) -> tuple[SheetLayout, DraftDocument | None]:
    layout = SheetLayout(sheet=grid.name)
    if not any(cell_text(v) for row in grid.rows for v in row):
        layout.skipped = "空表"
        return layout, None
    auto = find_layout(grid)
    # Profiles are keyed by the header as the detector finds it, before any correction, so
    # the same ledger next year finds its profile again.
    tentative = _tentative_header(grid) if auto is None else None
    if auto is not None:
        key_ = auto.signature
    elif tentative is not None:
        key_ = signature(find_layout(grid, (tentative,)))
    else:
        key_ = raw_signature(grid)
    profile = profiles.get(key_)
    effective = choice if choice is not None else profile
    if effective is not None and effective.skip:
        layout.skipped = "管理员选择不导入此表" if choice is not None else "按本单位保存的导入方案不导入此表"
        layout.signature, layout.from_profile = key_, choice is None
        return layout, None
    if (effective is None or effective.skip is None) and SKIP_SHEET.search(grid.name):
        layout.skipped = "填表说明或下拉选项表"
        layout.signature = key_
        return layout, None
    detected = auto
    if effective is not None and effective.header_rows:
        detected = find_layout(grid, tuple(r - 1 for r in effective.header_rows))
    if detected is None and tentative is not None:
        # No row names a role the detector knows: the first row that looks like a header is
        # shown with its columns, for the admin to say what each holds.
        detected = find_layout(grid, (tentative,))
    if detected is None:
        layout.skipped = "没有找到表头"
        layout.signature = key_
        problems.append(
            ImportProblem(
                f"找不到表头：在前 {min(HEADER_SCAN_ROWS, len(grid.rows))} 行中没有找到表头（需要一列任务、指标名称或考核内容等文字）。"
                f"第 1 行为：{_row_preview(grid, 0)}。可在预览中指定表头行。",
                sheet=grid.name,
            )
        )
        return layout, None
    layout = detected
    layout.signature = key_
    if effective is not None:
        _apply_roles(layout, effective.roles, "管理员" if choice is not None else "方案")
        layout.from_profile = choice is None
    split = layout.first("region") is not None or layout.first("code") is not None
    if not any(layout.first(role) is not None for role in TEXT_ROLES) and not split:
        layout.skipped = "没有可作为任务的文字列"
        problems.append(
            ImportProblem(
                f"第 {layout.header_rows_shown} 行的表头中没有可作为任务的文字列（如“重点任务”“具体措施”“指标名称”“考核内容”）。"
                f"看到的表头：{layout.header_text}。可在预览中指定各列的用途。",
                sheet=grid.name,
                row=layout.header_rows[0] + 1,
            )
        )
        return layout, None
    document = parse_sheet(grid, layout, problems, year)
    if document is not None and not document.tasks:
        layout.skipped = "表头下没有数据行"
        return layout, None
    return layout, document


def _tentative_header(grid: SheetGrid) -> int | None:
    for row in range(min(HEADER_SCAN_ROWS, len(grid.rows))):
        texts = [cell_text(v) for v in grid.rows[row] if cell_text(v)]
        if len(texts) >= 3 and all(len(t) <= 12 and not re.fullmatch(r"[\d.,%\s]+", t) for t in texts):
            return row
    return None


def raw_signature(grid: SheetGrid) -> str:
    """A sheet with no header found: its first rows' words, digits left out (years change)."""
    words = "|".join(re.sub(r"\d", "", key(cell_text(v))) for row in grid.rows[:6] for v in row)
    return hashlib.sha256(words.encode()).hexdigest()[:32]


def _apply_roles(layout: SheetLayout, roles: dict[int, str], by: str) -> None:
    for column in layout.columns:
        if column.index in roles:
            role = roles[column.index]
            column.role = None if role == "ignore" else role
            column.found_by = by


def _row_preview(grid: SheetGrid, row: int) -> str:
    texts = [f"{column_letter(c)} “{cell_text(v)[:12]}”" for c, v in enumerate(grid.rows[row]) if cell_text(v)]
    return "、".join(texts[:8]) or "（空行）"


# --- finding the header ------------------------------------------------------------------


def _header_score(grid: SheetGrid, row: int) -> float:
    """Cells whose words name a role (a text role counts more); a row of one cell (a title)
    or one short of two roles with any long cell scores nothing."""
    if row in grid.hidden_rows:
        return 0
    filled = {cell_text(v) for v in grid.rows[row]} - {""}
    if len(filled) < 2:
        return 0
    roles, score = set(), 0.0
    for value in grid.rows[row]:
        text = cell_text(value)
        if not text or len(text) > 20:
            continue
        role = role_of_header(text)
        if role and (role, text) not in roles:
            roles.add((role, text))
            score += 1.5 if role in TEXT_ROLES else 1
    if score < 2 and any(len(t) > 12 for t in filled):
        return 0
    return score


def find_layout(grid: SheetGrid, header_rows: tuple[int, ...] | None = None) -> SheetLayout | None:
    """The sheet's header rows and its columns' roles, or None when no row looks like a header."""
    if header_rows is None:
        scores = [(_header_score(grid, r), -r) for r in range(min(HEADER_SCAN_ROWS, len(grid.rows)))]
        if not scores:
            return None
        best, neg_row = max(scores)
        if best < 1.5:
            return None
        header_rows = _header_block(grid, -neg_row)
    header_rows = tuple(r for r in header_rows if 0 <= r < len(grid.rows))
    if not header_rows:
        return None
    layout = SheetLayout(sheet=grid.name, header_rows=header_rows)
    width = grid.width
    for column in range(width):
        if column in grid.hidden_columns:
            continue
        texts = []
        for row in header_rows:
            text = cell_text(grid.value(row, column))
            if text and text not in texts:
                texts.append(text)
        layout.columns.append(
            Column(
                index=column,
                header="/".join(texts),
                role=_role_from_header(texts),
                found_by="表头",
                unit=next((u for t in texts if (u := unit_in_header(t))), ""),
            )
        )
    for column in layout.columns:
        if column.role is None:
            column.found_by = ""
    _regions_as_shares(layout)
    _roles_from_contents(grid, layout)
    _one_column_per_role(layout)
    layout.signature = signature(layout)
    return layout


def _header_block(grid: SheetGrid, row: int) -> tuple[int, ...]:
    """The best-scoring row with the rows around it that belong to the header: a parent row
    above whose cells are merged over it, sub-header rows below (merged continuations, short
    words, months or quarters)."""
    start = row
    if row > 0 and _parent_row(grid, row - 1, row):
        start = row - 1
    rows = list(range(start, row + 1))
    below = row + 1
    while below < len(grid.rows) and len(rows) < MAX_HEADER_ROWS and _sub_header_row(grid, below):
        rows.append(below)
        below += 1
    return tuple(rows)


def _parent_row(grid: SheetGrid, parent: int, row: int) -> bool:
    """A row of group names (基本情况 / 进展情况) merged across the header row below it."""
    values = [cell_text(v) for v in grid.rows[parent]]
    distinct = {v for v in values if v}
    if len(distinct) < 2 or any(len(v) > 20 for v in distinct):
        return False
    return any(r1 == parent and c2 > c1 and r2 < row + 1 for r1, c1, r2, c2 in grid.merged) or any(
        role_of_header(v) for v in distinct
    )


def _sub_header_row(grid: SheetGrid, row: int) -> bool:
    if row in grid.hidden_rows:
        return False
    above = row - 1
    fresh = []
    continued = False
    for column, value in enumerate(grid.rows[row]):
        text = cell_text(value)
        if not text:
            continue
        span = grid.merged_span(row, column)
        if span and span[0] <= above:
            continued = True  # a header cell merged down into this row
            continue
        fresh.append((column, text))
    if not fresh:
        return continued
    if any(len(text) > 12 or re.fullmatch(r"[\d.,%\s]+", text) for _c, text in fresh):
        return False
    if all(role_of_header(text, strict=True) for _c, text in fresh):
        return True
    # Words under a parent merged across columns (责任分工 over 牵头/配合).
    return all(
        any(r1 <= above <= r2 and c1 <= c <= c2 and c2 > c1 for r1, c1, r2, c2 in grid.merged) for c, _t in fresh
    )


def _role_from_header(texts: list[str]) -> str | None:
    roles = [role_of_header(t) for t in texts]
    if "progress" in roles:
        return "progress"
    for text in reversed(texts):
        if PAST_RESULT.match(key(text)) or (
            re.match(r"^20\d\d年", key(text)) and not re.search(r"目标|任务|计划|预期", text)
        ):
            return "baseline"  # 2023年完成, 2023年入库数: last year's figure
    return next((r for r in reversed(roles) if r), None)


def _regions_as_shares(layout: SheetLayout) -> None:
    """A column per county, named but not coded: a wide split (two such columns at least)."""
    candidates = [c for c in layout.columns if c.header and is_region_header(c.header.split("/")[-1])]
    if len(candidates) >= 2:
        for column in candidates:
            column.role, column.found_by = "share", "表头"


def _samples(grid: SheetGrid, layout: SheetLayout, column: int, limit: int = 40) -> list[str]:
    found = []
    for row in range(layout.first_data_row, len(grid.rows)):
        if row in grid.hidden_rows:
            continue
        text = cell_text(grid.value(row, column))
        if text and not TOTAL_ROW.match(key(text)):
            found.append(text)
            if len(found) >= limit:
                break
    return found


def _roles_from_contents(grid: SheetGrid, layout: SheetLayout) -> None:
    """Roles the header words did not give, guessed from what the column holds; and a
    target column that holds only numbers read as values."""
    taken = {c.role for c in layout.columns if c.role}
    numeric_share = {}
    for column in layout.columns:
        samples = _samples(grid, layout, column.index)
        column.samples = [s[:40] for s in samples[:3]]
        numeric_share[column.index] = (
            sum(1 for s in samples if read_value(s) is not None) / len(samples) if samples else 0
        )
        if column.role in ("target", "metric") and numeric_share[column.index] >= 0.8 and "value" not in taken:
            column.role, column.found_by = "value", "内容"
            taken.add("value")
    for column in layout.columns:
        samples = _samples(grid, layout, column.index) if column.role is None else []
        if not samples:
            continue
        numeric = numeric_share[column.index]
        if column.header and len(column.header) > 20:
            continue
        guess = _guess(samples, numeric)
        if guess and (guess not in taken or guess == "co"):
            if guess == "lead" and "lead" in taken:
                guess = "co"
            column.role, column.found_by = guess, "内容"
            taken.add(guess)


def _guess(samples: list[str], numeric: float) -> str | None:
    count = len(samples)
    departments = sum(
        1 for s in samples if all(DEPARTMENT_LIKE.search(n) for n in split_departments(s) or ["x"]) and len(s) <= 30
    )
    dates = sum(1 for s in samples if read_deadline(s, 2024)[0] is not None or re.search(r"长期|持续|常态", s))
    long_text = sum(1 for s in samples if len(s) >= 12)
    if departments / count >= 0.7:
        return "lead"
    if dates / count >= 0.7:
        return "deadline"
    if long_text / count >= 0.6:
        return "measure"
    if numeric >= 0.8:
        return "value"
    return None


def _one_column_per_role(layout: SheetLayout) -> None:
    """A second task column is the measure; a second lead column names co-departments; any
    other repeat keeps the first and leaves the rest out (progress and shares repeat)."""
    seen = set()
    for column in layout.columns:
        role = column.role
        if role in (None, "progress", "share", "note"):
            continue
        if role == "metric" and role in seen:
            # 一级指标 / 二级指标 / 三级指标: the most specific level names the target.
            for earlier in layout.columns:
                if earlier.index < column.index and earlier.role == "metric":
                    earlier.role, earlier.found_by = None, ""
            continue
        if role in seen:
            if role == "task" and "measure" not in seen:
                column.role = "measure"
            elif role == "lead" and "co" not in seen:
                column.role = "co"
            elif role == "co":
                continue
            else:
                column.role = None
                column.found_by = ""
                continue
        seen.add(column.role)


def signature(layout: SheetLayout) -> str:
    """The header's identity for profiles: its words in column order, keys only."""
    words = "|".join(key(c.header) for c in layout.columns)
    return hashlib.sha256(words.encode()).hexdigest()[:32]


# --- reading the rows --------------------------------------------------------------------


def _title(grid: SheetGrid, layout: SheetLayout) -> str:
    end = layout.header_rows[0] if layout.header_rows else min(5, len(grid.rows))
    for row in range(end):
        text = next((cell_text(v) for v in grid.rows[row] if cell_text(v)), "")
        if text and not TITLE_NOISE.match(text):
            return normalize_text(text).replace(" ", "")
    return grid.name


def clean(text) -> str:
    """Text as the user wrote it, less invisible characters and surrounding spaces: stored
    as is (normalisation is for reading numbers and keywords, not for what users see)."""
    return re.sub(r"[\u200b-\u200d\ufeff\u2060]", "", str(text or "")).strip()


def parse_sheet(
    grid: SheetGrid, layout: SheetLayout, problems: list[ImportProblem], year: int | None
) -> DraftDocument | None:
    title = _title(grid, layout)
    above = " ".join(cell_text(v) for r in range(layout.header_rows[0]) for v in grid.rows[r][:3])
    document = DraftDocument(
        title=title, year=year_in(title) or year_in(above) or year or 0, kind=plan_kind(title), sheet=grid.name
    )
    if not document.year:
        problems.append(ImportProblem("标题中没有年度（如“2024年”），请在导入时指定年度。", sheet=grid.name, row=1))
    if layout.first("region") is not None or layout.first("code") is not None:
        if layout.first("value") is not None or layout.first("target") is not None:
            # A row per county: the sheet is the split of one target.
            _long_split(grid, layout, document, problems)
            return document
    reader = _RowReader(grid=grid, layout=layout, problems=problems, year=document.year)
    rows = range(layout.first_data_row, len(grid.rows))
    copies = _merged_copies(grid)
    section_rows = {
        row: found
        for row in rows
        if row not in grid.hidden_rows and (found := _section_row(grid, layout, row, copies.get(row, ())))
    }
    explicit_sections = bool(section_rows)
    current_section: tuple[str, ...] = ()
    previous_group = None
    task_column, measure_column = layout.first("task"), layout.first("measure")
    text_column = measure_column if measure_column is not None else task_column
    if text_column is None:
        text_column = layout.first("metric") if layout.first("metric") is not None else layout.first("target")
    for row in rows:
        values = grid.rows[row]
        first = next((t for v in values if v != "" and v is not None and (t := cell_text(v))), "")
        if not first:
            continue
        if row in grid.hidden_rows:
            layout.skipped_rows.append((row + 1, "隐藏行"))
            continue
        if ROW_SKIP.match(first):
            layout.skipped_rows.append((row + 1, "表注或签字行"))
            continue
        if any(type(v) is str and ("示例" in v or "例" in v[:2]) and EXAMPLE_ROW.search(v.strip()) for v in values):
            layout.skipped_rows.append((row + 1, "填写示例"))
            continue
        if TOTAL_ROW.match(key(first)):
            continue
        section = section_rows.get(row)
        if section:
            label, heading = section
            level = outline_level(label)
            current_section = tuple(x for x in current_section if outline_level(x) < level) + (label,)
            document.section_at(current_section, heading)
            continue
        cell = reader.cells(values)
        title_text, measure = clean(cell("task")), clean(cell("measure"))
        if measure_column is None and task_column is None:
            path = current_section
            text = clean(cell("metric")) or clean(cell("target"))
        elif measure_column is None or task_column is None:
            path = current_section
            text = measure or title_text
        elif explicit_sections or not title_text:
            path = current_section
            text = (
                f"{title_text}：{measure}"
                if title_text and measure and title_text != measure
                else (measure or title_text)
            )
        else:
            group = (cell("seq"), title_text)
            label = _label(cell("seq")) or str(len(document.sections) + 1)
            path = (label,)
            if group != previous_group:
                document.section_at(path, title_text)
                previous_group = group
            text = measure or title_text
        span = grid.merged_span(row, text_column) if text_column is not None else None
        if (
            span
            and span[0] < row
            and document.tasks
            and document.tasks[-1].row
            and document.tasks[-1].row - 1 >= span[0]
        ):
            # A task cell merged over several rows: each further row adds a target to it.
            document.tasks[-1].targets += reader.targets(row, cell, text)
            continue
        targets = reader.targets(row, cell, text)
        if not text:
            if targets or cell("target") or cell("value"):
                problems.append(
                    ImportProblem(
                        f"有指标（“{(cell('target') or cell('value'))[:30]}”）但没有任务文字，无法确定它属于哪项任务。",
                        sheet=grid.name,
                        row=row + 1,
                        column=_column_name(layout, text_column),
                    )
                )
            continue
        task = DraftTask(section=path, text=text, row=row + 1)
        reader.responsibility(task, row, cell)
        task.targets = targets
        document.tasks.append(task)
    return document


def _column_name(layout: SheetLayout, index: int | None) -> str:
    if index is None:
        return ""
    column = next((c for c in layout.columns if c.index == index), None)
    return f"{column.letter}（{column.header}）" if column and column.header else column_letter(index)


@dataclass
class _RowReader:
    grid: SheetGrid
    layout: SheetLayout
    problems: list[ImportProblem]
    year: int

    def __post_init__(self):
        self.index = {
            role: self.layout.first(role)
            for role in (
                "seq",
                "task",
                "measure",
                "target",
                "metric",
                "value",
                "unit",
                "comparator",
                "leader",
                "lead",
                "co",
                "person",
                "deadline",
                "kind",
                "baseline",
                "source",
                "score",
            )
        }
        self.shares = self.layout.of("share")

    def cells(self, values: list):
        index = self.index

        def cell(role: str) -> str:
            column = index.get(role)
            return cell_text(values[column]) if column is not None and column < len(values) else ""

        return cell

    def where(self, role: str) -> str:
        return _column_name(self.layout, self.index.get(role))

    def problem(self, message: str, row: int, role: str) -> None:
        self.problems.append(ImportProblem(message, sheet=self.grid.name, row=row + 1, column=self.where(role)))

    def responsibility(self, task: DraftTask, row: int, cell) -> None:
        raw_lead = clean(cell("lead"))
        names = [d for d in departments_in(raw_lead) if re.search(r"[\u4e00-\u9fff]", d)] if raw_lead else []
        leads = [_kept_as_typed(d, raw_lead) for d in names if not is_generic(d)]
        if raw_lead and not names:
            self.problem(f"无法识别牵头部门“{raw_lead}”。", row, "lead")
        co = [
            _kept_as_typed(d, clean(cell("co")))
            for d in departments_in(clean(cell("co")))
            if not is_generic(d) and re.search(r"[\u4e00-\u9fff]", d)
        ]
        task.lead_department = leads[0] if leads else ""
        task.co_departments = [d for d in leads[1:] + co if d != task.lead_department]
        task.leader = clean(cell("leader"))
        task.person = clean(cell("person"))
        task.deadline_text = clean(cell("deadline"))
        if task.deadline_text and self.year:
            task.deadline, message = read_deadline(task.deadline_text, self.year)
            if message:
                self.problem(message, row, "deadline")

    def targets(self, row: int, cell, text: str) -> list[DraftTarget]:
        found = self._targets(row, cell, text)
        score = read_value(cell("score")) if self.index["score"] is not None and cell("score") else None
        if score is not None:
            for target in found:
                target.score = score[0]
        return found

    def _targets(self, row: int, cell, text: str) -> list[DraftTarget]:
        if self.shares:
            return self._wide_split(row, cell, text)
        if self.index["value"] is not None and cell("value"):
            return self._value_target(row, cell, text)
        if self.index["target"] is not None and cell("target"):
            return self._sentence_targets(row, cell("target"), "target", text)
        if self.index["metric"] is not None and cell("metric"):
            if self.index["value"] is not None or self.index["target"] is not None:
                # A named indicator with no number: qualitative, reported as percent complete.
                return [
                    DraftTarget(
                        source=cell("source") or cell("metric"),
                        metric=clean(cell("metric"))[:200],
                        value=None,
                        unit="",
                        comparator=COMPARATOR_WORDS.get(key(cell("comparator")), "gte"),
                        kind="qualitative",
                    )
                ]
            return self._sentence_targets(row, cell("metric"), "metric", text, qualitative=True)
        if self.index["target"] is None and self.index["value"] is None and text:
            # No target column: the targets sit inside the task's own sentence.
            role = "measure" if self.index["measure"] is not None else "task"
            return self._sentence_targets(row, text, role, text, qualitative=False)
        return []

    def _value_target(self, row: int, cell, text: str) -> list[DraftTarget]:
        raw = cell("value")
        parsed = read_value(self.grid.value(row, self.index["value"]))
        if parsed is None:
            self.problem(f"“{raw}”不是可以读取的数值。", row, "value")
            return []
        value, comparator, unit_in_cell = parsed
        column_unit = next((c.unit for c in self.layout.columns if c.index == self.index["value"]), "")
        unit = clean(cell("unit")) or unit_in_cell or column_unit
        explicit = COMPARATOR_WORDS.get(key(cell("comparator")))
        metric = clean(cell("metric")) or clean(cell("target")) or text
        baseline = read_value(cell("baseline")) if self.index["baseline"] is not None and cell("baseline") else None
        return [
            DraftTarget(
                source=cell("source") or " ".join(x for x in (cell("metric") or metric, raw, cell("unit")) if x),
                metric=metric[:200],
                value=value,
                unit=unit,
                comparator=explicit or comparator,
                kind=KINDS.get(key(cell("kind"))) or _kind(unit, metric, metric),
                baseline=baseline[0] if baseline else None,
            )
        ]

    def _sentence_targets(self, row: int, sentence: str, role: str, text: str, qualitative: bool = True):
        phrases = [p for p in find_phrases(sentence) if not p.fact]
        if not phrases:
            phrases = open_measure_targets(sentence)
        if not phrases:
            garbled = unreadable_number(sentence)
            if garbled:
                self.problem(f"“{sentence[:40]}”中的“{garbled}”不是可以读取的数字。", row, role)
                return []
            if not qualitative:
                return []
            return [
                DraftTarget(
                    source=sentence,
                    metric=clean(sentence)[:200],
                    value=None,
                    unit="",
                    comparator="gte",
                    kind="qualitative",
                )
            ]
        return [
            DraftTarget(
                source=p.source,
                metric=p.metric,
                value=p.value,
                unit=p.unit,
                comparator=p.comparator,
                kind=p.kind,
                period=p.period,
            )
            if not isinstance(p, DraftTarget)
            else p
            for p in phrases
        ]

    def _wide_split(self, row: int, cell, text: str) -> list[DraftTarget]:
        shares = []
        for column in self.shares:
            raw = self.grid.value(row, column.index)
            if cell_text(raw) == "":
                continue
            parsed = read_value(raw)
            if parsed is None:
                self.problems.append(
                    ImportProblem(
                        f"“{cell_text(raw)}”不是可以读取的数值。",
                        sheet=self.grid.name,
                        row=row + 1,
                        column=_column_name(self.layout, column.index),
                    )
                )
                continue
            shares.append(
                DraftShare(region_code="", region_name=column.header.split("/")[-1], value=parsed[0], row=row + 1)
            )
        if not shares:
            return []
        total = read_value(self.grid.value(row, self.index["value"])) if self.index["value"] is not None else None
        unit = clean(cell("unit")) or (total[2] if total else "") or next((c.unit for c in self.shares if c.unit), "")
        metric = clean(cell("metric")) or text
        added = sum((s.value for s in shares), Decimal(0))
        value = total[0] if total else added
        return [
            DraftTarget(
                source=" ".join(x for x in (metric, cell("value"), unit) if x),
                metric=metric[:200],
                value=value,
                unit=unit,
                comparator=total[1] if total and total[1] != "eq" else "gte",
                kind=_kind(unit, metric, metric),
                shares=shares,
            )
        ]


def departments_in(text: str) -> tuple[str, ...]:
    """Department names in a cell; a 、 inside brackets (各县（市、区）科技局) does not split."""
    masked = re.sub(r"[(（][^()（）]*[)）]", lambda m: m.group(0).replace("、", "\u0001").replace("，", "\u0002"), text)
    return tuple(n.replace("\u0001", "、").replace("\u0002", "，") for n in split_departments(masked))


OPEN_MEASURE = re.compile(
    r"(?P<pre>不少于|不低于|至少|达到|超过|突破|≥|>=)?(?P<num>\d+(?:\.\d+)?)(?P<unit>[\u4e00-\u9fff]{1,2}?)"
    r"(?P<post>以上|以内|及以上)?(?=$|[，,。；;、）)\s])"
)
NOT_A_UNIT = re.compile(r"^[年月日号时季度周天]|^(?:以上|以内|左右)$")


def open_measure_targets(sentence: str) -> list[DraftTarget]:
    """Targets whose measure word the phrase parser does not list (80家次, 120人年, 5万亩):
    a number and its measure word ending a clause, the clause's words before it the metric."""
    found = []
    for match in OPEN_MEASURE.finditer(normalize_text(sentence)):
        unit = match["unit"]
        if NOT_A_UNIT.match(unit):
            continue
        clause = re.split(r"[，,。；;：:]", normalize_text(sentence)[: match.start()])[-1]
        metric = re.sub(r"(?:不少于|不低于|至少|达到|超过|突破|力争|确保|全年|新增)$", "", clause).strip()
        if not metric:
            continue
        comparator = (
            "gte"
            if match["pre"] or match["post"] in ("以上", "及以上")
            else ("lte" if match["post"] == "以内" else "eq")
        )
        found.append(
            DraftTarget(
                source=clause + match.group(0),
                metric=metric[:200],
                value=Decimal(match["num"]),
                unit=unit,
                comparator=comparator,
                kind=_kind(unit, metric, metric),
            )
        )
    return found


def _kept_as_typed(name: str, raw: str) -> str:
    """split_departments reads through a normaliser (full-width brackets become half-width);
    the name is stored as the user typed it where the typed text holds it."""
    if name in raw:
        return name
    pattern = "".join(re.escape(ch) if ch not in "()" else "[(（]" if ch == "(" else "[)）]" for ch in name)
    found = re.search(pattern, raw)
    return found.group(0) if found else name


def outline_level(label: str) -> int:
    """一 → 0, (一) → 1, 1 → 2, (1) → 3: how deep a label sits in a plan's outline."""
    if label.startswith("("):
        return 3 if label[1:2].isdigit() else 1
    return 2 if label[:1].isdigit() else 0


def _label(text: str) -> str:
    text = normalize_text(text).strip().rstrip("、.．")
    return text if re.fullmatch(r"\(?[一二三四五六七八九十]+\)?|\d+", text) else ""


def _merged_copies(grid: SheetGrid) -> dict[int, set[int]]:
    """Per row, the columns that only repeat a cell merged across the row from its left
    (the reader copies a merged cell's value into every cell it covers)."""
    copies: dict[int, set[int]] = {}
    for r1, c1, r2, c2 in grid.merged:
        if c2 > c1:
            for r in range(r1, min(r2, len(grid.rows) - 1) + 1):
                copies.setdefault(r, set()).update(range(c1 + 1, c2 + 1))
    return copies


def _section_row(grid: SheetGrid, layout: SheetLayout, row: int, copies=()) -> tuple[str, str] | None:
    """A section heading: one text alone in the row ("一、平台建设", merged across or not), or
    a label in the sequence column beside a title in the task column ("（一）" | "科技金融",
    the title merged across the row or not)."""
    raw = grid.rows[row]
    if copies:
        raw = ["" if c in copies else v for c, v in enumerate(raw)]
    present = [c for c, v in enumerate(raw) if v != "" and v is not None]
    seq, task = layout.first("seq"), layout.first("task")
    if (
        not present
        or len({raw[c] for c in present if isinstance(raw[c], (str, int, float))}) > 1
        and (seq is None or task is None or set(present) - {seq, task})
    ):
        return None  # most rows: several different cells, so neither a heading alone nor a label and title
    values = [cell_text(v) for v in raw]
    filled = {c: v for c, v in enumerate(values) if v}
    if not filled:
        return None
    distinct = set(filled.values())
    if len(distinct) == 1:
        raw = clean(next(iter(distinct)))
        text = normalize_text(raw)
        match = OUTLINE.match(text)
        if match and match["title"] and not ROW_SKIP.match(text) and not re.match(r"^\d+[.．]\d", text):
            return match["label"], RAW_LABEL.sub("", raw, count=1).strip()
        return None
    if seq is None or task is None or set(filled) - {seq, task}:
        return None
    label = _label(values[seq])
    if label and not label.isdigit() and values[task]:
        return label, clean(values[task])
    return None


def _long_split(grid: SheetGrid, layout: SheetLayout, document: DraftDocument, problems) -> None:
    """Targets divided among sub-units: one row per county, by division code or by name. A
    metric column groups the rows (a 全市 or 合计 row gives the group's total); without one the
    sheet is the split of one target named by its title."""
    value_column = layout.first("value") if layout.first("value") is not None else layout.first("target")
    baseline_column, region_column, code_column = layout.first("baseline"), layout.first("region"), layout.first("code")
    metric_column, unit_column = layout.first("metric"), layout.first("unit")
    if region_column is None:
        region_column = code_column
    unit_match = re.search(r"单位[:：]\s*([^)）]+)", document.title)
    title_unit = (unit_match.group(1).strip() if unit_match else "") or next(
        (c.unit for c in layout.columns if c.index == value_column and c.unit), ""
    )
    title_metric = (
        re.sub(r"^20\d\d年度?|目标任务分县区分解|目标分解表|任务分解表|分解表|[(（].*$", "", document.title).strip()
        or document.title
    )
    groups: list[dict] = []
    current = None
    for row in range(layout.first_data_row, len(grid.rows)):
        if row in grid.hidden_rows:
            continue
        metric = clean(grid.text(row, metric_column)) if metric_column is not None else ""
        if current is None or metric and metric != current["metric"]:
            current = {"metric": metric or title_metric, "unit": "", "shares": [], "total": None, "row": row + 1}
            groups.append(current)
        if unit_column is not None and grid.text(row, unit_column):
            current["unit"] = clean(grid.text(row, unit_column))
        name = clean(grid.text(row, region_column))
        code = grid.text(row, code_column) if code_column is not None else ""
        if not name and not code:
            continue
        if ROW_SKIP.match(name) or EXAMPLE_ROW.search(name):
            continue
        parsed = read_value(grid.value(row, value_column))
        if TOTAL_ROW.match(key(name)):
            current["total"] = parsed[0] if parsed else None
            continue
        if code_column is not None and not re.fullmatch(r"\d{6}", code):
            problems.append(
                ImportProblem(
                    f"行政区划代码“{code}”应为 6 位数字。",
                    sheet=grid.name,
                    row=row + 1,
                    column=_column_name(layout, code_column),
                )
            )
            continue
        if parsed is None:
            problems.append(
                ImportProblem(
                    f"“{grid.text(row, value_column)}”不是可以读取的数值。",
                    sheet=grid.name,
                    row=row + 1,
                    column=_column_name(layout, value_column),
                )
            )
            continue
        current["unit"] = current["unit"] or parsed[2]
        baseline = read_value(grid.value(row, baseline_column)) if baseline_column is not None else None
        current["shares"].append(
            DraftShare(
                region_code=code,
                region_name=normalize_text(name) if code else name,
                value=parsed[0],
                baseline=baseline[0] if baseline else None,
                row=row + 1,
            )
        )
    for group in groups:
        shares = group["shares"]
        if not shares:
            continue
        added = sum((s.value for s in shares), Decimal(0))
        total = group["total"]
        if total is not None and added != total:
            problems.append(
                ImportProblem(
                    f"“{group['metric']}”各单位目标之和 {added.normalize():f} 与合计 {total.normalize():f} 不一致。",
                    sheet=grid.name,
                    row=group["row"],
                )
            )
        unit = group["unit"] or title_unit
        parent_baseline = sum((s.baseline for s in shares if s.baseline is not None), Decimal(0)) or None
        target = DraftTarget(
            source=document.title,
            metric=group["metric"],
            value=total if total is not None else added,
            unit=unit,
            comparator="gte",
            kind=_kind(unit, group["metric"], group["metric"]),
            period=str(document.year) if document.year else None,
            baseline=parent_baseline,
            shares=shares,
        )
        text = group["metric"] if metric_column is not None else f"{group['metric']}目标分解落实到各单位"
        document.tasks.append(DraftTask(section=(), text=text, targets=[target], row=group["row"]))
    if not document.tasks:
        problems.append(ImportProblem("分解表中没有分解到各单位的数值。", sheet=grid.name))


def _attach_split(plan: DraftDocument, split: DraftDocument) -> None:
    """Shares go to the plan's own target of the same metric and unit where it has one
    (the way our 台账 exports them); otherwise the split becomes a task of its own."""
    for task in split.tasks:
        for split_target in task.targets:
            same = next(
                (t for t in plan.targets if t.metric == split_target.metric and t.unit == split_target.unit), None
            )
            if same is not None:
                same.shares = split_target.shares
                if same.baseline is None:
                    same.baseline = split_target.baseline
            else:
                plan.tasks.append(task)
                break


def _drop_summary_sheets(reading: WorkbookReading) -> None:
    """A 汇总 sheet beside per-county sheets repeats them: skipped, with a notice."""
    summaries = [d for d in reading.documents if SUMMARY_SHEET.search(d.sheet)]
    if summaries and len(reading.documents) - len(summaries) >= 1:
        for document in summaries:
            reading.documents.remove(document)
            layout = next(s for s in reading.sheets if s.sheet == document.sheet)
            layout.skipped = "汇总表（汇总其他各表），已跳过"


def _distinct_titles(documents: list[DraftDocument]) -> None:
    """Sheets with the same title (a sheet per county) become plans of their own."""
    seen: dict[str, int] = {}
    for document in documents:
        seen[document.title] = seen.get(document.title, 0) + 1
    for document in documents:
        if seen[document.title] > 1 and document.sheet and document.sheet not in document.title:
            document.title = f"{document.title}（{document.sheet}）"
