"""Checks a file before any parser touches it, from its bytes and zip directory alone:
what it really is (.xlsx, .ods, .xls, .csv; a renamed .doc, .pdf or WPS .et), macros,
encryption, zip bombs, XML bombs and external entities. Each refusal says what to do, in
Chinese."""

import zipfile
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings

from plans.problems import WorkbookRefused

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


XLSX, ODS, XLS, CSV = "xlsx", "ods", "xls", "csv"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass
class CheckedFile:
    kind: str  # XLSX, ODS, XLS or CSV
    archive: zipfile.ZipFile | None = None  # the opened archive of .xlsx and .ods


def check_workbook_bytes(data: bytes, name: str = "") -> CheckedFile:
    """What the file is, when it is a workbook we read (.xlsx, .ods, .xls, .csv) and passes
    the limits; raises WorkbookRefused otherwise."""
    limits = settings.IMPORT_LIMITS
    if len(data) > limits["upload_bytes"]:
        raise WorkbookRefused(
            f"文件大小 {len(data) / 2**20:.1f} MB，超过上限 {limits['upload_bytes'] / 2**20:.0f} MB。请拆分后分别导入。"
        )
    if not data:
        raise WorkbookRefused("文件是空的。")
    lowered = name.lower()
    if data.startswith(OLE_MAGIC):
        return CheckedFile(kind=_ole_kind(data, lowered))
    if data.startswith(b"%PDF"):
        raise WorkbookRefused("这是 PDF 文件，不是 Excel 工作簿。请上传 .xlsx、.xls、.ods 或 .csv 文件。")
    if not data.startswith(b"PK\x03\x04"):
        if lowered.endswith((".csv", ".txt")) or _looks_like_text(data):
            return CheckedFile(kind=CSV)
        raise WorkbookRefused("无法识别的文件，不是工作簿。请上传 .xlsx、.xls、.ods 或 .csv 文件。")
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise WorkbookRefused("文件已损坏或不完整，无法打开。请重新保存后再导入。") from None
    names = {entry.filename for entry in entries}
    if "mimetype" in names and "content.xml" in names and archive.read("mimetype")[:80].strip() == ODS_MIMETYPE:
        _check_parts(archive, entries, limits)
        return CheckedFile(kind=ODS, archive=archive)
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        if "word/document.xml" in names:
            raise WorkbookRefused("这是 Word 文档（.docx），不是工作簿。计划文本请使用“从文档导入”。")
        raise WorkbookRefused("这是压缩包，但不是 Excel 工作簿（.xlsx）。")
    if "xl/vbaProject.bin" in names or lowered.endswith((".xlsm", ".xltm", ".xlam")):
        raise WorkbookRefused("工作簿含有宏（.xlsm）。为安全起见不导入带宏的文件，请“另存为”不含宏的 .xlsx 后再导入。")
    if any(n.startswith("xl/externalLinks/") for n in names):
        raise WorkbookRefused("工作簿引用了其他文件（外部链接）。请在 Excel 中“数据 → 编辑链接 → 断开链接”后再导入。")
    _check_parts(archive, entries, limits)
    return CheckedFile(kind=XLSX, archive=archive)


def _check_parts(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], limits: dict) -> None:
    if len(entries) > limits["zip_entries"]:
        raise WorkbookRefused(f"工作簿包含 {len(entries)} 个内部文件，超过上限 {limits['zip_entries']}，疑似异常文件。")
    total = sum(entry.file_size for entry in entries)
    if total > limits["uncompressed_bytes"]:
        raise WorkbookRefused(
            f"工作簿解压后达 {total / 2**20:.0f} MB，超过上限 {limits['uncompressed_bytes'] / 2**20:.0f} MB，疑似压缩炸弹。"
        )
    for entry in entries:
        if entry.file_size > limits["part_bytes"]:
            raise WorkbookRefused(
                f"工作簿内部文件 {entry.filename} 解压后 {entry.file_size / 2**20:.0f} MB，超过单个部件上限 "
                f"{limits['part_bytes'] / 2**20:.0f} MB。请拆分后导入。"
            )
        if (
            entry.compress_size
            and entry.file_size / entry.compress_size > limits["compression_ratio"]
            and entry.file_size > 2**20
        ):
            raise WorkbookRefused(f"工作簿内部文件 {entry.filename} 压缩比异常，疑似压缩炸弹。")
        if entry.filename.endswith((".xml", ".rels", ".vml")):
            with archive.open(entry) as part:
                head = part.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise WorkbookRefused("工作簿含有 XML 实体声明（DOCTYPE/ENTITY），疑似恶意文件，已拒绝。")


def _ole_kind(data: bytes, lowered: str) -> str:
    """An OLE container: an old .xls (read), or an encrypted .xlsx, a WPS .et or a Word .doc
    (each refused with what to do)."""
    head = data[: 2**20]
    if (
        "EncryptedPackage".encode("utf-16-le") in head
        or "EncryptionInfo".encode("utf-16-le") in head
        or (lowered.endswith((".xlsx", ".xlsm")) and "Workbook".encode("utf-16-le") not in head)
    ):  # an .xlsx in an OLE container is one Excel encrypted
        raise WorkbookRefused("文件已加密（设置了打开密码）。请在 Excel 或 WPS 中打开，取消密码后另存，再导入。")
    if lowered.endswith((".doc", ".docx", ".wps")) or "WordDocument".encode("utf-16-le") in head:
        raise WorkbookRefused("这是 Word 文档，不是工作簿。计划文本请使用“从文本导入”。")
    if lowered.endswith((".et", ".ett")):
        raise WorkbookRefused("这是 WPS 表格（.et）文件。请在 WPS 中“文件 → 另存为”，选择 .xlsx 格式后再导入。")
    return XLS


def _looks_like_text(data: bytes) -> bool:
    head = data[:2048]
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def check_document_bytes(data: bytes, name: str = "") -> None:
    """A .docx for the text import, before the parser reads its XML into memory: every part
    within the per-part cap for documents, the whole within the uncompressed cap."""
    if not (data.startswith(b"PK\x03\x04") or name.lower().endswith(".docx")):
        return
    limits = settings.IMPORT_LIMITS
    try:
        entries = zipfile.ZipFile(BytesIO(data)).infolist()
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise WorkbookRefused("不是有效的 .docx 文档。") from None
    if len(entries) > limits["zip_entries"]:
        raise WorkbookRefused(f"文档包含 {len(entries)} 个内部文件，超过上限 {limits['zip_entries']}，疑似异常文件。")
    for entry in entries:
        if entry.file_size > limits["document_part_bytes"]:
            raise WorkbookRefused(
                f"文档内部文件 {entry.filename} 解压后 {entry.file_size / 2**20:.0f} MB，超过上限 "
                f"{limits['document_part_bytes'] / 2**20:.0f} MB。请将正文复制粘贴，或拆分后上传。"
            )
