"""Plan text from what admins have: pasted text, a .txt file (UTF-8 or GB18030), or a .docx
(paragraphs read from word/document.xml; no macros, no entities)."""

import zipfile
from io import BytesIO

from defusedxml import ElementTree

from plans.problems import WorkbookRefused

WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_BYTES = 10 * 2**20


def text_from_upload(data: bytes, name: str) -> str:
    if len(data) > MAX_BYTES:
        raise WorkbookRefused("文件超过 10 MB，请只保留计划正文后再上传。")
    lowered = name.lower()
    if lowered.endswith(".docx") or data.startswith(b"PK\x03\x04"):
        return _docx_text(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise WorkbookRefused("这是旧版 Word（.doc）文件，请“另存为” .docx 或复制正文粘贴。")
    if data.startswith(b"%PDF"):
        raise WorkbookRefused("暂不支持 PDF，请复制正文粘贴，或另存为 .docx/.txt 上传。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise WorkbookRefused("无法识别文本编码，请另存为 UTF-8 文本或 .docx 后上传。")


def _docx_text(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        if sum(i.file_size for i in archive.infolist()) > 100 * 2**20:
            raise WorkbookRefused("文档解压后过大，疑似异常文件。")
        xml = archive.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError):
        raise WorkbookRefused("不是有效的 .docx 文档。") from None
    try:
        root = ElementTree.fromstring(xml, forbid_dtd=True)
    except Exception:  # defusedxml raises several kinds for hostile XML
        raise WorkbookRefused("文档内容无法读取（含有不允许的 XML 结构）。") from None
    paragraphs = []
    for paragraph in root.iter(f"{WORD}p"):
        paragraphs.append("".join(node.text or "" for node in paragraph.iter(f"{WORD}t")))
    return "\n".join(paragraphs)
