"""Every bad file gets a clear Chinese message and nothing is written."""

import pytest
from openpyxl import Workbook

from plans.importers.errors import WorkbookRefused
from plans.importers.safety import OLE_MAGIC
from plans.importers.workbook import parse_workbook

from .workbooks import rewrite, save, two_row_header_workbook, zip_with


def refusal(data: bytes, name: str = "plan.xlsx") -> str:
    with pytest.raises(WorkbookRefused) as refused:
        parse_workbook(data, name)
    return str(refused.value)


def test_renamed_doc_is_refused():
    assert "Word" in refusal(OLE_MAGIC + b"\x00" * 600, "plan.doc")


def test_old_xls_is_refused_with_save_as_advice():
    assert "另存为” .xlsx" in refusal(OLE_MAGIC + b"\x00" * 600, "plan.xls")


def test_encrypted_workbook_is_refused():
    # Excel stores a password-protected .xlsx as an OLE container.
    assert "加密" in refusal(OLE_MAGIC + b"\x00" * 600, "plan.xlsx")


def test_csv_is_refused():
    assert "CSV" in refusal("序号,任务\n1,新增企业\n".encode(), "plan.csv")


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
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>')
    data = rewrite(two_row_header_workbook(), replace={"xl/worksheets/sheet1.xml": bomb})
    assert "XML 实体" in refusal(data)


def test_external_entity_is_refused():
    xxe = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
           b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&xxe;</t></si></sst>')
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
