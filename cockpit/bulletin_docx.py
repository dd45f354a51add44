"""The 通报 as a Word file in the layout of official documents (党政机关公文格式, GB/T 9704):
A4, margins 37/35/28/26 mm, title in 2号 方正小标宋简体, body in 3号 仿宋_GB2312 with a two-character
first-line indent, first-level headings in 黑体, second-level in 楷体_GB2312, the table in 五号,
page numbers "— 1 —" in 4号 宋体 at the foot, the table's header row repeated on every page.

Fonts are named in the file (Latin and East Asian slots both), so Word and WPS use them where
they are installed and substitute otherwise; nothing is embedded.
"""

from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
SIZE_5 = Pt(10.5)  # 五号
LINE = Pt(28)  # fixed line pitch of the body, 22 lines a page
CHINESE_NUMBERS = "一二三四五六七八九十"

TABLE_HEADERS = ["名次", None, "指标数", "已完成", "正常推进", "滞后", "逾期", "未填报", "完成率"]
TABLE_WIDTHS = [Cm(1.2), Cm(3.4), Cm(1.5), Cm(1.5), Cm(1.7), Cm(1.5), Cm(1.5), Cm(1.5), Cm(1.7)]


def bulletin_docx(bulletin: dict) -> bytes:
    """The Word file of a composed bulletin (`cockpit.bulletins.compose`)."""
    document = Document()
    _page(document)
    _paragraph(
        document,
        bulletin["title"],
        TITLE_FONT,
        SIZE_2,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
        space_after=Pt(16),
    )
    _paragraph(document, bulletin["opening"], BODY_FONT, SIZE_3)
    heading = 0
    heading += 1
    _paragraph(document, f"{CHINESE_NUMBERS[heading - 1]}、各类指标推进情况", HEADING_FONT, SIZE_3)
    for number, section in enumerate(bulletin["sections"], start=1):
        _paragraph(
            document,
            f"（{CHINESE_NUMBERS[number - 1]}）{section['label']}{section['count']}项",
            SUBHEADING_FONT,
            SIZE_3,
        )
        if section["items"]:
            for index, item in enumerate(section["items"], start=1):
                _paragraph(document, _item_text(index, item), BODY_FONT, SIZE_3)
            if section["more"]:
                _paragraph(document, f"另有{section['more']}项，详见系统台账。", BODY_FONT, SIZE_3)
    heading += 1
    _paragraph(document, f"{CHINESE_NUMBERS[heading - 1]}、各{bulletin['unit_label']}推进情况", HEADING_FONT, SIZE_3)
    if bulletin["units"]:
        _table(document, bulletin)
    if bulletin["best"]:
        _paragraph(
            document,
            f"完成情况较好的是：{'、'.join(bulletin['best'])}；进度相对滞后的是：{'、'.join(bulletin['worst'])}。",
            BODY_FONT,
            SIZE_3,
        )
    heading += 1
    _paragraph(document, f"{CHINESE_NUMBERS[heading - 1]}、工作要求", HEADING_FONT, SIZE_3)
    for text in bulletin["requirements"].splitlines():
        if text.strip():
            _paragraph(document, text.strip(), BODY_FONT, SIZE_3)
    _paragraph(document, "", BODY_FONT, SIZE_3)
    _paragraph(document, bulletin["issuer"], BODY_FONT, SIZE_3, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _paragraph(document, bulletin["issued_on_text"], BODY_FONT, SIZE_3, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    output = BytesIO()
    document.save(output)
    return output.getvalue()


def _item_text(index: int, item: dict) -> str:
    return (
        f"{index}.{item['unit']}“{item['metric']}”，目标{item['goal']}，当前{item['current']}，"
        f"截止{item['deadline']}，牵头科室：{item['department']}。"
    )


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(2.5)
    style = document.styles["Normal"]
    _fonts(style.element.get_or_add_rPr(), BODY_FONT)
    style.font.size = SIZE_3
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(footer, "— ", PAGE_NUMBER_FONT, SIZE_4)
    _page_field(footer)
    _run(footer, " —", PAGE_NUMBER_FONT, SIZE_4)


def _paragraph(document_or_cell, text, font, size, *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, space_after=None):
    paragraph = document_or_cell.add_paragraph()
    space_after = Pt(0) if space_after is None else space_after
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE if size >= SIZE_3 else Pt(size.pt * 1.3)
    fmt.space_before, fmt.space_after = Pt(0), space_after
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)
    if text:
        _run(paragraph, text, font, size)
    return paragraph


def _run(paragraph, text, font, size, bold=False):
    run = paragraph.add_run(text)
    run.font.size = size
    run.bold = bold
    _fonts(run._element.get_or_add_rPr(), font)
    return run


def _fonts(rpr, font: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), font)


def _page_field(paragraph) -> None:
    run = _run(paragraph, "", PAGE_NUMBER_FONT, SIZE_4)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)


def _table(document, bulletin: dict) -> None:
    headers = [h or bulletin["unit_label"] for h in TABLE_HEADERS]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, text, width in zip(header.cells, headers, TABLE_WIDTHS, strict=True):
        cell.width = width
        _cell_text(cell, text, HEADING_FONT)
    for unit in bulletin["units"]:
        cells = table.add_row().cells
        values = [
            unit["rank"],
            unit["name"],
            unit["total"],
            unit["done"],
            unit["on_track"],
            unit["late"],
            unit["overdue"],
            unit["unreported"],
            unit["rate"],
        ]
        for cell, value, width in zip(cells, values, TABLE_WIDTHS, strict=True):
            cell.width = width
            _cell_text(cell, str(value), BODY_FONT)


def _cell_text(cell, text: str, font: str) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _run(paragraph, text, font, SIZE_5)


def _repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)
