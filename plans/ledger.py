"""台账 workbooks: a plan (re-importable into the same plan unchanged) or a leader's whole
scope, with current values, status and the last report. Every cell is written through
`core.workbooks.write`: text a user typed stays text, never a live formula."""

from datetime import date
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

PLAN_COLUMNS = [
    ("序号", 6), ("具体措施", 40), ("指标名称", 24), ("指标类型", 10), ("比较", 6), ("指标值", 10), ("计量单位", 9),
    ("基数", 9), ("牵头科室", 12), ("配合科室", 16), ("责任领导", 9), ("责任人", 9), ("完成时限", 12),
    ("当前值", 10), ("状态", 9), ("最近填报", 12), ("最近进展", 30), ("原文", 30),
]


def put(ws: Worksheet, row: int, column: int, value):
    """Writes a value (safely, see core.workbooks) in the ledger's cell style."""
    cell = write(ws, row, column, value)
    cell.border = BORDER
    cell.alignment = Alignment(vertical="top", wrap_text=True)
    return cell


def _frame(ws: Worksheet, title: str, subtitle: str, columns: list[tuple[str, int]]) -> int:
    width = len(columns)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    write(ws, 1, 1, title)
    ws.cell(1, 1).font = Font(size=16, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    write(ws, 2, 1, subtitle)
    for index, (name, chars) in enumerate(columns, start=1):
        cell = put(ws, 3, index, name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = chars * 1.6 + 2
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return 4


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
            put(ws, row, 1, number)
            put(ws, row, 2, task.text)
            put(ws, row, 9, task.lead_department.name if task.lead_department else "")
            put(ws, row, 10, "、".join(d.name for d in task.co_departments.all()))
            put(ws, row, 11, task.responsible_leader)
            put(ws, row, 12, task.responsible_person)
            put(ws, row, 13, task.deadline_text or (task.deadline.isoformat() if task.deadline else ""))
            if target is not None:
                put(ws, row, 3, target.metric)
                put(ws, row, 4, KIND_LABELS[target.kind])
                put(ws, row, 5, COMPARATOR_SIGNS[target.comparator])
                put(ws, row, 6, _number(target.value))
                put(ws, row, 7, target.unit)
                put(ws, row, 8, _number(target.baseline))
                put(ws, row, 14, _number(target.current_value))
                put(ws, row, 15, STATUS_LABELS[Status(target.status)])
                put(ws, row, 16, target.last_reported_on.isoformat() if target.last_reported_on else "")
                put(ws, row, 17, last_notes.get(target.pk, ""))
                put(ws, row, 18, target.source_text)
            else:
                for column in (3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 18):
                    put(ws, row, column, None)
            row += 1
        if row - first > 1:
            for column in (1, 2, 9, 10, 11, 12, 13):
                ws.merge_cells(start_row=first, start_column=column, end_row=row - 1, end_column=column)
    for target in split:
        _split_sheet(workbook, plan, target)
    return _bytes(workbook)


def _split_sheet(workbook: Workbook, plan, parent: Target) -> None:
    ws = workbook.create_sheet(f"分解{len(workbook.sheetnames)}")
    columns = [("县（市、区）", 14), ("行政区划代码", 12), ("基数", 10), (f"{plan.year}年目标", 12)]
    row = _frame(ws, f"{plan.year}年{parent.metric}目标分解表（单位：{parent.unit}）", "", columns)
    children = parent.children.select_related("assigned_bureau__region").order_by("order", "pk")
    for child in children:
        region = child.assigned_bureau.region
        put(ws, row, 1, region.name)
        put(ws, row, 2, region.code)
        put(ws, row, 3, _number(child.baseline))
        put(ws, row, 4, _number(child.value))
        row += 1
    put(ws, row, 1, "合计")
    put(ws, row, 2, None)
    put(ws, row, 3, None)
    put(ws, row, 4, _number(parent.value))


def scope_ledger(title: str, targets, today: date) -> bytes:
    """Every target of a leader's scope, one row each, with its bureau."""
    columns = [("单位", 18), ("计划", 26), ("任务", 36), ("指标名称", 22), ("比较", 6), ("指标值", 10), ("计量单位", 8),
               ("当前值", 10), ("完成度", 8), ("状态", 9), ("牵头科室", 12), ("责任领导", 9), ("截止日期", 12),
               ("最近填报", 12), ("最近进展", 30)]
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
        values = [
            bureau.name, target.task.plan.title, target.task.text, target.metric, COMPARATOR_SIGNS[target.comparator],
            _number(target.value), target.unit, _number(target.current_value),
            f"{min(completion(facts_of(target)), 1) * 100:.0f}%", STATUS_LABELS[Status(target.status)],
            target.task.lead_department.name if target.task.lead_department else "", target.task.responsible_leader,
            target.period_end.isoformat(), target.last_reported_on.isoformat() if target.last_reported_on else "",
            notes.get(target.pk, ""),
        ]
        for column, value in enumerate(values, start=1):
            put(ws, row, column, value)
        row += 1
    return _bytes(workbook)


def table_workbook(title: str, headers: list[str], rows: list[list]) -> bytes:
    """Any table a page shows, as a workbook (dashboards' "导出 Excel")."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = "数据"
    row = _frame(ws, title, f"导出日期：{date.today():%Y-%m-%d}", [(h, max(8, len(h) + 2)) for h in headers])
    for values in rows:
        for column, value in enumerate(values, start=1):
            put(ws, row, column, value)
        row += 1
    return _bytes(workbook)


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
        .exclude(state=ProgressReport.State.RETURNED)
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
