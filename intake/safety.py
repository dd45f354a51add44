"""Checks a file before any parser touches it, from its bytes and zip directory alone:
what it really is (a renamed .xls, .csv, .pdf or .doc), macros, encryption, zip bombs,
XML bombs and external entities. Each refusal says what to do, in Chinese."""

import zipfile
from io import BytesIO

from django.conf import settings

from plans.problems import WorkbookRefused

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_workbook_bytes(data: bytes, name: str = "") -> zipfile.ZipFile:
    """Returns the opened archive when the file is a plain .xlsx workbook; raises
    WorkbookRefused otherwise."""
    limits = settings.IMPORT_LIMITS
    if len(data) > limits["upload_bytes"]:
        raise WorkbookRefused(
            f"文件大小 {len(data) / 2**20:.1f} MB，超过上限 {limits['upload_bytes'] / 2**20:.0f} MB。请拆分后分别导入。"
        )
    if not data:
        raise WorkbookRefused("文件是空的。")
    lowered = name.lower()
    if data.startswith(OLE_MAGIC):
        if lowered.endswith(".xls"):
            raise WorkbookRefused("这是旧版 Excel（.xls）文件。请在 Excel 中“另存为” .xlsx 格式后再导入。")
        if lowered.endswith((".doc", ".docx")):
            raise WorkbookRefused("这是 Word 文档，不是工作簿。计划文本请使用“从文档导入”。")
        raise WorkbookRefused(
            "文件已加密（设置了打开密码）或是旧版 .xls 格式。请去掉密码并“另存为” .xlsx 后再导入。"
        )
    if data.startswith(b"%PDF"):
        raise WorkbookRefused("这是 PDF 文件，不是 Excel 工作簿。请上传 .xlsx 文件。")
    if not data.startswith(b"PK\x03\x04"):
        if lowered.endswith(".csv") or _looks_like_text(data):
            raise WorkbookRefused("这是文本或 CSV 文件，不是 Excel 工作簿。请在 Excel 中“另存为” .xlsx 后再导入。")
        raise WorkbookRefused("无法识别的文件，不是 Excel 工作簿（.xlsx）。")
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise WorkbookRefused("文件已损坏或不完整，无法打开。请重新保存后再导入。") from None
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        if "word/document.xml" in names:
            raise WorkbookRefused("这是 Word 文档（.docx），不是工作簿。计划文本请使用“从文档导入”。")
        raise WorkbookRefused("这是压缩包，但不是 Excel 工作簿（.xlsx）。")
    if "xl/vbaProject.bin" in names or lowered.endswith((".xlsm", ".xltm", ".xlam")):
        raise WorkbookRefused("工作簿含有宏（.xlsm）。为安全起见不导入带宏的文件，请“另存为”不含宏的 .xlsx 后再导入。")
    if len(entries) > limits["zip_entries"]:
        raise WorkbookRefused(f"工作簿包含 {len(entries)} 个内部文件，超过上限 {limits['zip_entries']}，疑似异常文件。")
    total = sum(entry.file_size for entry in entries)
    if total > limits["uncompressed_bytes"]:
        raise WorkbookRefused(
            f"工作簿解压后达 {total / 2**20:.0f} MB，超过上限 {limits['uncompressed_bytes'] / 2**20:.0f} MB，疑似压缩炸弹。"
        )
    for entry in entries:
        if entry.compress_size and entry.file_size / entry.compress_size > limits["compression_ratio"] and entry.file_size > 2**20:
            raise WorkbookRefused(f"工作簿内部文件 {entry.filename} 压缩比异常，疑似压缩炸弹。")
        if entry.filename.endswith((".xml", ".rels", ".vml")):
            with archive.open(entry) as part:
                head = part.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise WorkbookRefused("工作簿含有 XML 实体声明（DOCTYPE/ENTITY），疑似恶意文件，已拒绝。")
    return archive


def _looks_like_text(data: bytes) -> bool:
    head = data[:2048]
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False
