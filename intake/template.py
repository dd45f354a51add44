"""Our own clean layout, offered for download: an instructions sheet, the header the
importer reads, and dropdown lists (the bureau's departments, units, comparators, kinds).
Every cell is written through `core.workbooks.write`: a department named "=..." stays text."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.workbooks import write

UNITS = ["家", "个", "项", "件", "次", "场", "期", "人", "人次", "篇", "%", "万元", "亿元", "学时", "个工作日"]
COMPARATORS = ["≥", "≤", "="]
KINDS = ["数量", "金额", "增长率", "比例/占比", "频次", "定性"]
COLUMNS = [
    ("序号", 6),
    ("重点任务", 24),
    ("具体措施", 40),
    ("指标名称", 24),
    ("指标类型", 10),
    ("比较", 6),
    ("指标值", 10),
    ("计量单位", 9),
    ("基数", 9),
    ("牵头科室", 12),
    ("配合科室", 16),
    ("责任领导", 9),
    ("责任人", 9),
    ("完成时限", 14),
    ("备注", 20),
]
INSTRUCTIONS = [
    "填表说明",
    "1. 第一行写计划标题，须含年度，如“XX市科学技术局2026年度重点工作任务分解表”。",
    "2. 第三行是表头，请勿修改列名；列的顺序可以调整，不需要的列可以删除。",
    "3. 一项重点任务有多条措施时，“序号”和“重点任务”可合并单元格。",
    "4. 每行填一个指标：指标名称、比较（≥ ≤ =）、指标值（只填数字）和计量单位；没有数字的写定性任务，指标值留空。",
    "5. 牵头科室只填一个；配合科室多个时用顿号分隔，如“高新科、成果科”。",
    "6. 完成时限可写日期或文字，如“2026年12月底”“长期”“每季度”。",
    "7. 导入前会先预览并列出所有问题（工作表、行、列），确认后才写入。",
]


def template_workbook(department_names: list[str], year: int) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "任务分解表"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    write(ws, 1, 1, f"{year}年度重点工作任务分解表")
    ws.cell(1, 1).font = Font(size=16, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    write(ws, 2, 1, "填报单位：            填报时间：")
    for index, (name, width) in enumerate(COLUMNS, start=1):
        cell = write(ws, 3, index, name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F1")
        ws.column_dimensions[get_column_letter(index)].width = width * 1.6 + 2
    ws.freeze_panes = "A4"

    lists = workbook.create_sheet("下拉选项")
    for column, values in enumerate([department_names or ["办公室"], UNITS, COMPARATORS, KINDS], start=1):
        for row, value in enumerate(values, start=1):
            write(lists, row, column, value)
    lists.sheet_state = "hidden"
    names = {name: index for index, (name, _) in enumerate(COLUMNS, start=1)}

    def dropdown(column_name: str, list_column: int, count: int, strict: bool = True):
        letter = get_column_letter(list_column)
        rule = DataValidation(
            type="list",
            formula1=f"'下拉选项'!${letter}$1:${letter}${max(count, 1)}",
            allow_blank=True,
            showErrorMessage=strict,
        )
        rule.error = "请从下拉列表中选择。"
        target = get_column_letter(names[column_name])
        rule.add(f"{target}4:{target}2000")
        ws.add_data_validation(rule)

    dropdown("牵头科室", 1, len(department_names), strict=False)
    dropdown("计量单位", 2, len(UNITS), strict=False)
    dropdown("比较", 3, len(COMPARATORS))
    dropdown("指标类型", 4, len(KINDS))

    notes = workbook.create_sheet("填表说明", 0)
    for row, line in enumerate(INSTRUCTIONS, start=1):
        write(notes, row, 1, line)
    notes.cell(1, 1).font = Font(size=14, bold=True)
    notes.column_dimensions["A"].width = 100
    workbook.active = 1
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
