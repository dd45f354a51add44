"""台账 workbooks: a plan (re-importable into the same plan unchanged) or a leader's whole
scope, with current values, status and the last report. Every cell is written through
`core.workbooks.write`: text a user typed stays text, never a live formula.

Every sheet is made to be read and printed: numbers are numbers, dates are dates and rates
are fractions with a percent format; columns have set widths (long text wraps inside them)
and an autofilter on the header; the paper is chosen by the table's width (A4, or A3
landscape for wide ledgers) so that the body prints at its own size instead of being shrunk
to fit, with the title and header rows repeated on every page and page numbers below."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.workbooks import write
from targets.models import Target
from targets.status import STATUS_LABELS, Status

THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
SECTION_FILL = PatternFill("solid", fgColor="EEF3FA")
KIND_LABELS = dict(Target.Kind.choices)
COMPARATOR_SIGNS = {"gte": "≥", "lte": "≤", "eq": "="}

# Number formats. Plain numbers keep Excel's General format: 20 stays "20", 2.5 "2.5".
INTEGER = "0"
NUMBER = "General"
PERCENT = "0%"
DATE = "yyyy-mm-dd"


@dataclass(frozen=True)
class Column:
    """A column of an exported table: its header, its width in Excel's units (a Chinese
    character takes about two), the number format of its numbers and dates, and whether its
    text wraps (long text at a set width rather than one line across the page)."""

    name: str
    width: float = 10
    number_format: str | None = None
    wrap: bool = False


# The widths add up to what A3 landscape holds at full size (see `_print_setup`).
PLAN_COLUMNS = [
    Column("序号", 4, INTEGER),
    Column("具体措施", 24, wrap=True),
    Column("指标名称", 13, wrap=True),
    Column("指标类型", 7, wrap=True),
    Column("比较", 4),
    Column("指标值", 8, NUMBER),
    Column("计量单位", 6, wrap=True),
    Column("基数", 7, NUMBER),
    Column("牵头科室", 8, wrap=True),
    Column("配合科室", 9, wrap=True),
    Column("责任领导", 6, wrap=True),
    Column("责任人", 6, wrap=True),
    Column("完成时限", 10, wrap=True),
    Column("当前值", 8, NUMBER),
    Column("状态", 6, wrap=True),
    Column("最近填报", 10.5, DATE),
    Column("最近进展", 13, wrap=True),
    Column("原文", 13, wrap=True),
]

# Printable width, in Excel's column units, of each paper at 100 % with the margins below,
# as LibreOffice prints them (measured: A3 landscape holds about 160 units of the default
# 11 pt font). A wider table is shrunk to the page's width, so keep the columns within these.
A4_PORTRAIT_UNITS = 75
A4_LANDSCAPE_UNITS = 110
A3_LANDSCAPE_UNITS = 160


def put(ws: Worksheet, row: int, column: int, value, number_format: str | None = None):
    """Writes a value (safely, see core.workbooks) in the ledger's cell style. Numbers and
    dates take `number_format`, else a date is shown as yyyy-mm-dd."""
    cell = write(ws, row, column, value)
    if isinstance(value, date):
        cell.number_format = number_format if number_format in (DATE, None) else DATE
    elif isinstance(value, (int, float, Decimal)) and number_format:
        cell.number_format = number_format
    cell.border = BORDER
    cell.alignment = Alignment(vertical="top", wrap_text=True)
    return cell


def put_row(ws: Worksheet, row: int, columns: list[Column], values: list) -> None:
    for index, (column, value) in enumerate(zip(columns, values), start=1):
        put(ws, row, index, value, column.number_format)


def _frame(ws: Worksheet, title: str, subtitle: str, columns: list[Column]) -> int:
    width = len(columns)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    write(ws, 1, 1, title)
    ws.cell(1, 1).font = Font(size=16, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[1].height = 30
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    write(ws, 2, 1, subtitle)
    for index, column in enumerate(columns, start=1):
        cell = put(ws, 3, index, column.name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A4"
    _print_setup(ws, columns)
    return 4


def _print_setup(ws: Worksheet, columns: list[Column]) -> None:
    """Paper by the table's width; one page wide, as many long as needed; title and header
    repeated on every page; 第 N 页 共 M 页 in the footer."""
    total = sum(column.width for column in columns)
    setup = ws.page_setup
    if total <= A4_PORTRAIT_UNITS:
        setup.orientation, setup.paperSize = "portrait", ws.PAPERSIZE_A4
    elif total <= A4_LANDSCAPE_UNITS:
        setup.orientation, setup.paperSize = "landscape", ws.PAPERSIZE_A4
    else:
        setup.orientation, setup.paperSize = "landscape", ws.PAPERSIZE_A3
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.7
    ws.print_title_rows = "1:3"
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 11


def _finish(ws: Worksheet, columns: list[Column], last_row: int) -> None:
    """The autofilter on the header row, over the rows written; row heights that show every
    line of wrapped text (LibreOffice and Excel keep a written file's heights as they are)."""
    ws.auto_filter.ref = f"A3:{get_column_letter(len(columns))}{max(last_row, 3)}"
    _fit_heights(ws, columns, 3, last_row)


LINE_HEIGHT = 15  # points, a line of the default 11 pt font with Chinese text


def _lines(value, width: float) -> int:
    if not isinstance(value, str) or not value:
        return 1
    per_line = max(1.0, width - 1)
    return sum(max(1, -(-_text_width(part) // per_line)) for part in value.split("\n"))


def _fit_heights(ws: Worksheet, columns: list[Column], first: int, last: int) -> None:
    widths = [column.width for column in columns]
    merged, covered = {}, set()
    for cells in ws.merged_cells.ranges:
        if cells.max_row < first:
            continue
        merged[(cells.min_row, cells.min_col)] = cells
        covered |= {
            (r, c) for r in range(cells.min_row, cells.max_row + 1) for c in range(cells.min_col, cells.max_col + 1)
        }
    lines = {}
    for row in range(first, last + 1):
        needed = 1
        for index, width in enumerate(widths, start=1):
            if (row, index) not in covered:
                needed = max(needed, _lines(ws.cell(row, index).value, width))
        lines[row] = needed
    for (row, column), cells in merged.items():
        width = sum(widths[c - 1] for c in range(cells.min_col, min(cells.max_col, len(widths)) + 1))
        needed = _lines(ws.cell(row, column).value, width)
        rows = range(row, min(cells.max_row, last) + 1)
        short = needed - sum(lines.get(r, 1) for r in rows)
        if short > 0 and rows:
            lines[rows[-1]] = lines.get(rows[-1], 1) + short
    for row, count in lines.items():
        ws.row_dimensions[row].height = count * LINE_HEIGHT


def _date(value):
    return value if value else None


def _number(value):
    return None if value is None else value.normalize()


def plan_ledger(plan, rows, today: date) -> bytes:
    """`rows`: the plan as the user's page shows it (`targets.selectors.plan_rows_visible_to`),
    each task with its visible top-level targets annotated with `status` and `children_count`."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = "台账"
    row = _frame(ws, plan.title, f"单位：{plan.bureau.name}    导出日期：{today:%Y-%m-%d}", PLAN_COLUMNS)
    width = len(PLAN_COLUMNS)
    split = [target for entry in rows for target in entry["targets"] if target.children_count]
    last_notes = _last_notes([target.pk for entry in rows for target in entry["targets"]])
    written_sections = set()

    def at(column, value, number_format=None):
        return put(ws, row, column, value, number_format or PLAN_COLUMNS[column - 1].number_format)

    for number, entry in enumerate(rows, start=1):
        task = entry["task"]
        for section in _ancestors(task.section):
            if section.pk in written_sections:
                continue
            written_sections.add(section.pk)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            cell = put(ws, row, 1, section.heading)
            cell.font = Font(bold=True)
            cell.fill = SECTION_FILL
            row += 1
        task_targets = entry["targets"] or [None]
        first = row
        for target in task_targets:
            at(1, number)
            at(2, task.text)
            at(9, task.lead_department.name if task.lead_department else "")
            at(10, "、".join(d.name for d in task.co_departments.all()))
            at(11, task.responsible_leader)
            at(12, task.responsible_person)
            at(13, task.deadline_text or (task.deadline.isoformat() if task.deadline else ""))
            if target is not None:
                at(3, target.metric)
                at(4, KIND_LABELS[target.kind])
                at(5, COMPARATOR_SIGNS[target.comparator])
                at(6, _number(target.value))
                at(7, target.unit)
                at(8, _number(target.baseline))
                if target.value is None and target.current_value is not None:  # qualitative: percent done
                    at(14, target.current_value / 100, PERCENT)
                else:
                    at(14, _number(target.current_value))
                at(15, STATUS_LABELS[Status(target.status)])
                at(16, target.last_reported_on)
                at(17, last_notes.get(target.pk, ""))
                at(18, target.source_text)
            else:
                for column in (3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 18):
                    at(column, None)
            row += 1
        if row - first > 1:
            for column in (1, 2, 9, 10, 11, 12, 13):
                ws.merge_cells(start_row=first, start_column=column, end_row=row - 1, end_column=column)
    _finish(ws, PLAN_COLUMNS, row - 1)
    for target in split:
        _split_sheet(workbook, plan, target)
    return _bytes(workbook)


def _split_sheet(workbook: Workbook, plan, parent: Target) -> None:
    ws = workbook.create_sheet(f"分解{len(workbook.sheetnames)}")
    columns = [
        Column("县（市、区）", 16, wrap=True),
        Column("行政区划代码", 12),
        Column("基数", 10, NUMBER),
        Column(f"{plan.year}年目标", 12, NUMBER),
    ]
    row = _frame(ws, f"{plan.year}年{parent.metric}目标分解表（单位：{parent.unit}）", "", columns)
    children = parent.children.select_related("assigned_bureau__region").order_by("order", "pk")
    for child in children:
        region = child.assigned_bureau.region
        put_row(ws, row, columns, [region.name, region.code, _number(child.baseline), _number(child.value)])
        row += 1
    put_row(ws, row, columns, ["合计", None, None, _number(parent.value)])
    _finish(ws, columns, row)


def scope_ledger(title: str, targets, today: date) -> bytes:
    """Every target of a leader's scope, one row each, with its bureau."""
    columns = [
        Column("单位", 12, wrap=True),
        Column("计划", 14, wrap=True),
        Column("任务", 20, wrap=True),
        Column("指标名称", 13, wrap=True),
        Column("比较", 4),
        Column("指标值", 8, NUMBER),
        Column("计量单位", 6, wrap=True),
        Column("当前值", 8, NUMBER),
        Column("完成度", 7, PERCENT),
        Column("状态", 6, wrap=True),
        Column("牵头科室", 8, wrap=True),
        Column("责任领导", 6, wrap=True),
        Column("截止日期", 10.5, DATE),
        Column("最近填报", 10.5, DATE),
        Column("最近进展", 16, wrap=True),
    ]
    workbook = Workbook()
    ws = workbook.active
    ws.title = "台账"
    row = _frame(ws, title, f"导出日期：{today:%Y-%m-%d}", columns)
    targets = list(targets)
    notes = _last_notes([t.pk for t in targets])
    from targets.selectors import facts_of
    from targets.status import completion

    for target in targets:
        bureau = target.assigned_bureau or target.task.plan.bureau
        qualitative = target.value is None
        current = target.current_value
        put_row(
            ws,
            row,
            columns,
            [
                bureau.name,
                target.task.plan.title,
                target.task.text,
                target.metric,
                "" if qualitative else COMPARATOR_SIGNS[target.comparator],
                _number(target.value),
                "" if qualitative else target.unit,
                # a qualitative target's current value is its percent done
                (current / 100 if qualitative and current is not None else _number(current)),
                min(completion(facts_of(target)), Decimal(1)),
                STATUS_LABELS[Status(target.status)],
                target.task.lead_department.name if target.task.lead_department else "",
                target.task.responsible_leader,
                target.period_end,
                target.last_reported_on,
                notes.get(target.pk, ""),
            ],
        )
        if qualitative and current is not None:
            ws.cell(row, 8).number_format = PERCENT
        row += 1
    _finish(ws, columns, row - 1)
    return _bytes(workbook)


def table_workbook(title: str, columns: list[Column | str], rows: list[list]) -> bytes:
    """Any table a page shows, as a workbook (dashboards' "导出 Excel"). A plain header gets
    a width from the longest text in its column."""
    columns = [
        column if isinstance(column, Column) else _fitted(column, index, rows) for index, column in enumerate(columns)
    ]
    workbook = Workbook()
    ws = workbook.active
    ws.title = "数据"
    row = _frame(ws, title, f"导出日期：{date.today():%Y-%m-%d}", columns)
    for values in rows:
        put_row(ws, row, columns, values)
        row += 1
    _finish(ws, columns, row - 1)
    return _bytes(workbook)


def _text_width(value) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _fitted(name: str, index: int, rows: list[list]) -> Column:
    longest = max([_text_width(name), *(_text_width(r[index]) for r in rows if index < len(r))])
    width = min(max(6, longest + 2), 30)
    return Column(name, width, wrap=longest + 2 > 30)


def _ancestors(section):
    chain = []
    while section is not None:
        chain.append(section)
        section = section.parent
    return reversed(chain)


def _last_notes(target_ids: list[int]) -> dict[int, str]:
    from targets.models import ProgressReport

    notes = {}
    reports = (
        ProgressReport.objects.filter(target_id__in=target_ids)
        .exclude(state__in=[ProgressReport.State.RETURNED, ProgressReport.State.WITHDRAWN])
        .order_by("target_id", "-as_of", "-submitted_at")
        .values_list("target_id", "note")
    )
    for target_id, note in reports:
        notes.setdefault(target_id, note)
    return notes


def _bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
