"""The same ledger saved as .xlsx, .xls, .ods and .csv (UTF-8, UTF-8 with BOM, GB18030)
imports the same; cells read as shown; the sheet's real extent is read before any reader
allocates."""

import io
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from openpyxl import Workbook

from intake.layout import parse_workbook
from intake.reader import read_workbook, shown
from plans.problems import WorkbookRefused

from .workbooks import rewrite, save, value_columns_workbook

ROWS = [
    ["2024年科技工作任务表"],
    ["重点任务", "目标任务", "牵头部门", "完成时限"],
    ["培育企业", "新增高新技术企业20家以上", "高新科（创新股）", "2024年12月"],
    ["平台建设", "新建平台3个", "成果科", "2024.10"],
]
EXPECTED = [
    ("新增高新技术企业", "gte", Decimal(20), "家", "高新科（创新股）", date(2024, 12, 31)),
    ("新建平台", "eq", Decimal(3), "个", "成果科", date(2024, 10, 31)),
]


def summary(documents):
    return [
        (t.metric, t.comparator, t.value, t.unit, task.lead_department, task.deadline)
        for d in documents
        for task in d.tasks
        for t in task.targets
    ]


def as_xls() -> bytes:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("任务")
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def as_ods() -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="任务")
    for row in ROWS:
        tr = TableRow()
        for value in row:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            tr.addElement(cell)
        table.addElement(tr)
    # LibreOffice writes the rest of the sheet as one repeated empty row.
    tail = TableRow(numberrowsrepeated=1_048_000)
    tail.addElement(TableCell(numbercolumnsrepeated=1024))
    table.addElement(tail)
    doc.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def as_csv(encoding: str) -> bytes:
    return "\n".join(",".join(row) for row in ROWS).encode(encoding)


@pytest.mark.parametrize(
    "name,data",
    [
        ("plan.xls", as_xls),
        ("plan.ods", as_ods),
        ("plan.csv", lambda: as_csv("utf-8")),
        ("plan.csv", lambda: as_csv("utf-8-sig")),
        ("plan.csv", lambda: as_csv("gb18030")),
    ],
)
def test_every_format_imports_the_same_ledger(name, data):
    documents, problems = parse_workbook(data(), name)
    assert problems == []
    assert summary(documents) == EXPECTED


def test_number_formats_are_read_as_shown():
    assert shown(0.5, "0%") == "50%"
    assert shown(0.125, "0.0%") == "12.5%"
    assert shown(2024.1, "0.00") == "2024.10"
    assert shown(45626, 'yyyy"年"m"月"d"日"') == "2024年11月30日"  # a date serial in a Chinese date format
    assert shown(45626, "yyyy-mm-dd") == date(2024, 11, 30)
    assert shown("text", "0%") == "text"


def test_a_deadline_typed_as_a_number_is_read_through_its_format():
    wb = Workbook()
    ws = wb.active
    ws.append(["2024年任务表"])
    ws.append(["重点任务", "目标任务", "完成时限"])
    ws.append(["培育企业", "新增企业5家", 2024.1])
    ws.cell(row=3, column=3).number_format = "0.00"
    ws.append(["建设平台", "新建平台2个", 2024.1])  # General: shown as 2024.1, January
    documents, problems = parse_workbook(save(wb), "x.xlsx")
    assert [(t.deadline_text, t.deadline) for t in documents[0].tasks] == [
        ("2024.10", date(2024, 10, 31)),
        ("2024.1", date(2024, 1, 31)),
    ]


def test_a_one_cell_sheet_reaching_xfd1048576_is_refused_with_a_message_in_a_fresh_process(tmp_path):
    """1.7 KB on disk; calamine alone would allocate the whole extent and abort the process."""
    xml = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'
    )
    data = rewrite(value_columns_workbook(), {"xl/worksheets/sheet1.xml": xml})
    path = tmp_path / "far.xlsx"
    path.write_bytes(data)
    assert len(data) < 8000
    script = (
        "import django, sys; django.setup()\n"
        "from intake.layout import parse_workbook\n"
        "documents, problems = parse_workbook(open(sys.argv[1], 'rb').read(), 'far.xlsx')\n"
        "print(len(documents)); print(problems[0])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["0", "工作表“任务表”：有 1048576 行，超过上限 50000 行，请拆分后导入。"]


def test_sheets_spanning_more_cells_than_the_workbook_cap_are_refused(settings):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "cells": 100}
    wb = Workbook()
    for name in ("一", "二"):
        ws = wb.create_sheet(name)
        ws["A1"], ws["J8"] = "x", "y"  # 8 x 10 = 80 cells of extent each
    with pytest.raises(WorkbookRefused) as refused:
        parse_workbook(save(wb), "x.xlsx")
    assert "超过 100 个单元格" in str(refused.value) and "“二”" in str(refused.value)


def test_a_part_over_the_uncompressed_cap_is_refused(settings):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "part_bytes": 2000}
    with pytest.raises(WorkbookRefused) as refused:
        parse_workbook(value_columns_workbook(), "x.xlsx")
    assert "超过单个部件上限" in str(refused.value)


def test_a_workbook_at_the_caps_parses_in_under_300_mb(tmp_path):
    """10,000 rows x 100 columns (the whole default cell cap), inline strings, in a fresh
    process whose peak memory is measured."""
    from intake.reader import column_letter

    letters = [column_letter(i).encode() for i in range(100)]
    rows = ['<row r="1"><c r="A1" t="inlineStr"><is><t>2024年任务表</t></is></c></row>'.encode()]
    header = ["重点任务", "目标任务"] + ["备注"] * 98
    rows.append(
        b'<row r="2">'
        + b"".join(
            f'<c r="{letters[i].decode()}2" t="inlineStr"><is><t>{h}</t></is></c>'.encode()
            for i, h in enumerate(header)
        )
        + b"</row>"
    )
    for r in range(3, 10_001):
        cells = [
            f'<c r="A{r}" t="inlineStr"><is><t>任务{r}</t></is></c><c r="B{r}" t="inlineStr"><is><t>新增企业{r}家</t></is></c>'.encode()
        ]
        cells += [b'<c r="%s%d"><v>%d</v></c>' % (letters[i], r, i) for i in range(2, 100)]
        rows.append(b'<row r="%d">' % r + b"".join(cells) + b"</row>")
    xml = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + b"".join(rows)
        + b"</sheetData></worksheet>"
    )
    path = tmp_path / "big.xlsx"
    path.write_bytes(rewrite(value_columns_workbook(), {"xl/worksheets/sheet1.xml": xml}))
    script = (
        "import django, resource, sys; django.setup()\n"
        "from intake.layout import parse_workbook\n"
        "documents, problems = parse_workbook(open(sys.argv[1], 'rb').read(), 'big.xlsx')\n"
        "print(len(documents[0].tasks), len(problems))\n"
        # VmHWM starts afresh at exec; ru_maxrss keeps the size of the forking parent (pytest).
        "print(next(int(l.split()[1]) // 1024 for l in open('/proc/self/status') if l.startswith('VmHWM:')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    assert done.returncode == 0, done.stderr
    counts, peak_mb = done.stdout.splitlines()
    assert counts == "9998 0"
    assert int(peak_mb) < 300, f"a workbook within the caps took {peak_mb} MB"


def test_hidden_rows_and_columns_of_an_xls_are_not_read():
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("任务")
    rows = ROWS + [["已撤销事项", "新增企业99家", "某科", "2024年12月"]]
    for r, row in enumerate(rows):
        for c, value in enumerate(row + (["完成情况"] if r == 1 else ["已完成50家"] if r > 1 else [])):
            sheet.write(r, c, value)
    sheet.row(len(rows) - 1).hidden = True
    sheet.col(4).hidden = True
    buffer = io.BytesIO()
    book.save(buffer)
    documents, problems = parse_workbook(buffer.getvalue(), "plan.xls")
    assert problems == []
    assert summary(documents) == EXPECTED
    assert [task.text for d in documents for task in d.tasks] == ["培育企业", "平台建设"]
    (grid,), _problems = read_workbook(buffer.getvalue(), "plan.xls")
    assert grid.hidden_rows == {len(rows) - 1} and grid.hidden_columns == {4}
    assert {row[4] for row in grid.rows} <= {""}
