"""Every bad file gets a clear Chinese message and nothing is written."""

import io
import os
import re
import subprocess
import sys
import zipfile

import pytest
from django.conf import settings
from openpyxl import Workbook

from intake.layout import parse_workbook
from intake.safety import OLE_MAGIC
from plans.problems import WorkbookRefused

from .workbooks import rewrite, save, two_row_header_workbook, value_columns_workbook, zip_with


def refusal(data: bytes, name: str = "plan.xlsx") -> str:
    with pytest.raises(WorkbookRefused) as refused:
        parse_workbook(data, name)
    return str(refused.value)


def test_renamed_doc_is_refused():
    assert "Word" in refusal(OLE_MAGIC + b"\x00" * 600, "plan.doc")


def test_a_damaged_xls_is_refused_as_unreadable():
    assert "无法读取工作簿" in refusal(OLE_MAGIC + b"\x00" * 600, "plan.xls")


def test_wps_et_file_is_refused_with_save_as_advice():
    assert "另存为" in refusal(OLE_MAGIC + b"\x00" * 600, "plan.et") and ".xlsx" in refusal(
        OLE_MAGIC + b"\x00" * 600, "plan.et"
    )


def test_encrypted_workbook_is_refused():
    # Excel stores a password-protected .xlsx as an OLE container.
    assert "加密" in refusal(OLE_MAGIC + b"\x00" * 600, "plan.xlsx")


def test_csv_in_an_unknown_encoding_is_refused():
    assert "编码" in refusal("序号,任务\n".encode("utf-16"), "plan.csv")


def test_pdf_renamed_is_refused():
    assert "PDF" in refusal(b"%PDF-1.7\n...", "plan.xlsx")


def test_truncated_workbook_is_refused():
    data = two_row_header_workbook()
    assert "损坏" in refusal(data[: len(data) // 2])


def test_macro_workbook_is_refused_even_when_renamed():
    data = rewrite(two_row_header_workbook(), add={"xl/vbaProject.bin": b"\x00" * 100})
    assert "宏" in refusal(data, "plan.xlsx")
    assert "宏" in refusal(two_row_header_workbook(), "plan.xlsm")


def test_zip_bomb_is_refused(settings):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "uncompressed_bytes": 5 * 2**20}
    data = rewrite(two_row_header_workbook(), add={"xl/media/padding.bin": b"\x00" * (6 * 2**20)})
    assert "压缩炸弹" in refusal(data)


def test_thousands_of_archive_parts_are_refused():
    data = rewrite(two_row_header_workbook(), add={f"xl/media/p{i}.bin": b"x" for i in range(2100)})
    assert "内部文件" in refusal(data)


def test_billion_laughs_is_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    )
    data = rewrite(two_row_header_workbook(), replace={"xl/worksheets/sheet1.xml": bomb})
    assert "XML 实体" in refusal(data)


def test_external_entity_is_refused():
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&xxe;</t></si></sst>'
    )
    data = rewrite(two_row_header_workbook(), add={"xl/sharedStrings2.xml": xxe})
    assert "XML 实体" in refusal(data)


def test_zip_that_is_not_a_workbook_is_refused():
    assert "不是 Excel" in refusal(zip_with({"readme.txt": b"hello"}))


def test_docx_uploaded_as_workbook_is_refused():
    assert "Word 文档" in refusal(zip_with({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}))


def test_oversized_sheet_is_reported_by_name(settings):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "rows_per_sheet": 50}
    wb = Workbook()
    wb.active.title = "大表"
    for i in range(60):
        wb.active.append([i, "任务", "力争新增企业1家"])
    documents, problems = parse_workbook(save(wb), "x.xlsx")
    assert documents == []
    assert "工作表“大表”" in str(problems[0]) and "超过上限 50 行" in str(problems[0])


def test_formulas_without_cached_values_are_reported_by_cell():
    wb = Workbook()
    ws = wb.active
    ws.title = "任务表"
    ws.append(["2025年度任务表"])
    ws.append(["序号", "工作任务", "指标名称", "指标值", "计量单位"])
    ws.append([1, "建设平台", "新建平台", "=1+2", "家"])  # openpyxl stores the formula with no value
    documents, problems = parse_workbook(save(wb), "x.xlsx")
    formula = next(p for p in problems if "公式" in p.message)
    assert (formula.sheet, formula.row, formula.column) == ("任务表", 3, "D")


def test_file_over_the_upload_cap_is_refused(settings):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "upload_bytes": 1000}
    assert "超过上限" in refusal(two_row_header_workbook())


def test_empty_file_is_refused():
    assert "空的" in refusal(b"")


def sheet_xml(rows: bytes, dimension: bytes = b"A1") -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="' + dimension + b'"/><sheetData>' + rows + b"</sheetData></worksheet>"
    )


def million_row_workbook() -> bytes:
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i) for i in range(1, 1_000_001))
    return rewrite(value_columns_workbook(), {"xl/worksheets/sheet1.xml": sheet_xml(rows)})


def test_a_million_rows_are_refused_by_count_in_bounded_memory(tmp_path):
    """The sheet claims one cell (<dimension ref="A1">) and holds a million rows. It is
    refused by its real row count, in a fresh process whose peak memory is measured."""
    path = tmp_path / "million.xlsx"
    path.write_bytes(million_row_workbook())
    script = (
        "import django, resource, sys; django.setup()\n"
        "from intake.layout import parse_workbook\n"
        "documents, problems = parse_workbook(open(sys.argv[1], 'rb').read(), 'million.xlsx')\n"
        "print(len(documents), problems[0].message)\n"
        # VmHWM starts afresh at exec; ru_maxrss keeps the size of the forking parent (pytest).
        "print(next(int(l.split()[1]) // 1024 for l in open('/proc/self/status') if l.startswith('VmHWM:')))\n"
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
    count, message, peak_mb = done.stdout.splitlines()[0].split(" ", 1) + [done.stdout.splitlines()[1]]
    assert count == "0" and message == "有 1000000 行，超过上限 50000 行，请拆分后导入。"
    assert int(peak_mb) < 800, f"reading a refused sheet took {peak_mb} MB"


@pytest.mark.parametrize("dimension", [b"A1", b"A1:B2", b"A1:XFD1048576"])
def test_a_false_dimension_neither_drops_rows_nor_inflates_the_sheet(dimension):
    honest = value_columns_workbook()
    xml = zipfile.ZipFile(io.BytesIO(honest)).read("xl/worksheets/sheet1.xml")
    lying = rewrite(
        honest,
        {
            "xl/worksheets/sheet1.xml": re.sub(
                rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="' + dimension + b'"/>', xml
            )
        },
    )
    assert lying != honest
    documents, problems = parse_workbook(lying, "x.xlsx")
    assert problems == []
    assert documents == parse_workbook(honest, "x.xlsx")[0]
    assert sum(len(task.targets) for task in documents[0].tasks) == 3
