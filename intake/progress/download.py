"""Writes the 填报表: one row per target the user reports on. Only the three columns to fill
are unlocked; the sheet is protected (no password: it guards against slips, not people);
the value and date columns carry data validation, which Excel and WPS both show as a prompt
and enforce on typing."""

from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from targets.services import target_version

from .columns import AS_OF, COLUMNS, CURRENT_AS_OF, HEADERS, NOTE, SHEET_TITLE, VALUE, VERSION

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")
TITLE_ROWS = 2  # a title line, then the header


def write_inert(cell, value) -> None:
    """Puts a value in a cell so that text never becomes a formula in Excel or WPS.
    (core/workbooks.py's safe writer replaces this when it lands.)"""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # stored as a string even when it starts with = + - @


def _goal(target) -> str:
    if target.value is None:
        return "定性"
    return f"{target.get_comparator_display()}{target.value.normalize():f}"


def progress_workbook(*, targets, title: str, today: date) -> bytes:
    """The workbook for `targets` (already scoped by the caller), as .xlsx bytes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    write_inert(sheet.cell(1, 1), title)
    sheet.cell(1, 1).font = Font(bold=True, size=13)
    note = f"导出日期 {today:%Y-%m-%d}。请只填写黄色的三列；截至日期不能晚于今天，并在指标周期之内。"
    write_inert(sheet.cell(1, 5), note)
    for index, (header, width, _fill) in enumerate(COLUMNS, 1):
        cell = sheet.cell(TITLE_ROWS, index)
        cell.value = header
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    editable = {HEADERS.index(name) + 1 for name in (VALUE, AS_OF, NOTE)}
    row = TITLE_ROWS
    for row, target in enumerate(targets, TITLE_ROWS + 1):
        values = [
            target.pk,
            target.task.plan.title,
            target.task.text,
            target.metric,
            _goal(target),
            target.unit,
            None if target.current_value is None else float(target.current_value),
            target.last_reported_on,
            None,
            None,
            None,
            target_version(target),
        ]
        for column, value in enumerate(values, 1):
            cell = sheet.cell(row, column)
            write_inert(cell, value)
            cell.alignment = Alignment(vertical="top", wrap_text=column in (2, 3, 4, 11))
            if column in editable:
                cell.protection = Protection(locked=False)
                cell.fill = INPUT_FILL
        sheet.cell(row, HEADERS.index(AS_OF) + 1).number_format = "yyyy-mm-dd"
        sheet.cell(row, HEADERS.index(CURRENT_AS_OF) + 1).number_format = "yyyy-mm-dd"
    last = max(row, TITLE_ROWS + 1)
    value_column = get_column_letter(HEADERS.index(VALUE) + 1)
    date_column = get_column_letter(HEADERS.index(AS_OF) + 1)
    note_column = get_column_letter(HEADERS.index(NOTE) + 1)
    numbers = DataValidation(
        type="decimal",
        operator="between",
        formula1="-99999999999999",
        formula2="99999999999999",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="请填写数字",
        error="本期累计值只能填写数字，例如 12 或 3.5（百分比填 3.5 表示 3.5%）。",
        showInputMessage=True,
        promptTitle="本期累计值",
        prompt="填写截至日期时的累计完成值。",
    )
    dates = DataValidation(
        type="date",
        operator="between",
        formula1="DATE(2000,1,1)",
        formula2=f"DATE({today.year},{today.month},{today.day})",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="请填写日期",
        error="截至日期应是不晚于今天的日期，例如 2026-03-31。",
        showInputMessage=True,
        promptTitle="截至日期",
        prompt="例如 2026-03-31",
    )
    notes = DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1="2000",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="说明过长",
        error="说明最多 2000 字。",
    )
    for validation, column in ((numbers, value_column), (dates, date_column), (notes, note_column)):
        sheet.add_data_validation(validation)
        validation.add(f"{column}{TITLE_ROWS + 1}:{column}{last}")
    version_column = get_column_letter(HEADERS.index(VERSION) + 1)
    sheet.column_dimensions[version_column].hidden = True
    sheet.freeze_panes = sheet.cell(TITLE_ROWS + 1, 2)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # widths may still be changed
    sheet.protection.formatRows = False
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
