"""What calamine does not tell: each .xlsx sheet's real extent, its hidden rows and columns,
the number format of each numeric cell, and formulas Excel never calculated; read from the
sheet's XML before any reader allocates a grid.

The XML is scanned as bytes with a few patterns, never parsed into a tree: a part is read
only after its declared size passed the per-part cap (zipfile never returns more bytes than
declared), so memory is bounded by that cap whatever the part says."""

import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings

from plans.problems import ImportProblem, WorkbookRefused

_ROW = re.compile(rb"<row\b([^>]*?)(/?)>")
_CELL = re.compile(rb"<c\b([^>]*?)(/>|>)")
_ATTR_R = re.compile(rb'\br="([A-Z]{1,4})(\d{1,8})"')
_ATTR_S = re.compile(rb'\bs="(\d+)"')
_ATTR_T = re.compile(rb'\bt="(\w+)"')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_ROW_R = re.compile(rb'\br="(\d{1,8})"')
_COL = re.compile(rb"<col\b([^>]*?)/?>")
_MIN_MAX = re.compile(rb'\bmin="(\d+)"[^>]*?\bmax="(\d+)"|\bmax="(\d+)"[^>]*?\bmin="(\d+)"')
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)
_HAS_VALUE = re.compile(rb"<v(?:\s[^>]*)?>[^<]+</v>")

# Built-in number formats (ECMA-376 18.8.30) that change how a number reads.
BUILTIN_FORMATS = {
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    14: "yyyy-mm-dd",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    22: "yyyy-mm-dd h:mm",
    49: "@",
    55: "yyyy年m月",
    56: "m月d日",
    57: "yyyy年m月",
    58: "m月d日",
}


@dataclass
class SheetFacts:
    rows: int = 0  # real extent, 1-based last row holding a cell
    columns: int = 0
    cells: int = 0
    hidden_rows: set[int] = field(default_factory=set)  # 0-based
    hidden_columns: set[int] = field(default_factory=set)  # 0-based
    formats: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) 0-based -> format code
    unevaluated: list[tuple[int, str]] = field(default_factory=list)  # (row 1-based, column letters)
    percentages: set[str] = field(default_factory=set)  # .ods: values of percentage cells


def column_index(letters: bytes | str) -> int:
    index = 0
    for char in letters if isinstance(letters, str) else letters.decode():
        index = index * 26 + ord(char) - 64
    return index - 1


def read_facts(archive: zipfile.ZipFile) -> tuple[dict[str, SheetFacts], list[ImportProblem]]:
    """Facts per readable sheet name, in workbook order, and a problem for each sheet too large
    to read (its extent past the row or column cap): such a sheet is never handed to a reader.
    Raises WorkbookRefused when a part is past the size cap or the sheets together span more
    cells than the workbook cap."""
    limits = settings.IMPORT_LIMITS
    styles = _number_formats(archive)
    facts: dict[str, SheetFacts] = {}
    problems = []
    area = 0
    for path, sheet_name in sheet_paths(archive).items():
        try:
            info = archive.getinfo(path)
        except KeyError:
            continue
        if info.file_size > limits["part_bytes"]:
            raise WorkbookRefused(
                f"工作表“{sheet_name}”解压后 {info.file_size / 2**20:.0f} MB，超过单个部件上限 "
                f"{limits['part_bytes'] / 2**20:.0f} MB。请拆分后导入。"
            )
        sheet = _scan(archive.read(path), styles)
        if sheet.rows > limits["rows_per_sheet"]:
            problems.append(
                ImportProblem(
                    f"有 {sheet.rows} 行，超过上限 {limits['rows_per_sheet']} 行，请拆分后导入。", sheet=sheet_name
                )
            )
            continue
        if sheet.columns > limits["columns"]:
            problems.append(
                ImportProblem(
                    f"有 {sheet.columns} 列，超过上限 {limits['columns']} 列，请删除多余的列后导入。", sheet=sheet_name
                )
            )
            continue
        area += sheet.rows * sheet.columns
        if area > limits["cells"]:
            raise WorkbookRefused(
                f"工作簿各表的范围合计超过 {limits['cells']:,} 个单元格（到工作表“{sheet_name}”为止）。"
                "请删除空白区域或拆分后导入。"
            )
        facts[sheet_name] = sheet
    return facts, problems


def _scan(xml: bytes, styles: dict[int, str]) -> SheetFacts:
    facts = SheetFacts()
    data_start = xml.find(b"<sheetData")
    for match in _COL.finditer(xml, 0, max(data_start, 0)):
        if _HIDDEN.search(match.group(1)):
            bounds = _MIN_MAX.search(match.group(1))
            if bounds:
                low = int(bounds.group(1) or bounds.group(4))
                high = min(int(bounds.group(2) or bounds.group(3)), 16384)
                facts.hidden_columns.update(range(low - 1, min(high, low + 1000)))
    facts.cells = xml.count(b"<c ") + xml.count(b"<c>") + xml.count(b"<c/>")
    addressed = xml.count(b'<c r="')
    if addressed != facts.cells:
        _scan_cell_by_cell(xml, styles, facts)  # cells without addresses: counted one by one
    else:
        _scan_rows(xml, facts)
        if styles:
            _styled_numbers(xml, styles, facts)
    if b"<f" in xml:
        for match in _FORMULA_CELL.finditer(xml):
            inner = match.group(3) or b""
            if b"<f" in inner and not _HAS_VALUE.search(inner):
                facts.unevaluated.append((int(match.group(2)), match.group(1).decode()))
                if len(facts.unevaluated) >= 20:
                    break
    return facts


_LAST_CELL = re.compile(rb'<c r="([A-Z]{1,4})(\d{1,8})"')


def _scan_rows(xml: bytes, facts: SheetFacts) -> None:
    """Every cell carries its address: a row's extent is its last cell's, found by looking
    back from the row's end, so cells are not visited one by one."""
    row_number = last_row = max_column = 0
    for match in _ROW.finditer(xml):
        attrs = match.group(1)
        number = _ROW_R.search(attrs)
        row_number = int(number.group(1)) if number else row_number + 1
        if b"hidden" in attrs and _HIDDEN.search(attrs):
            facts.hidden_rows.add(row_number - 1)
        if match.group(2):
            continue
        end = xml.find(b"</row>", match.end())
        end = len(xml) if end < 0 else end
        last = xml.rfind(b'<c r="', match.end(), end)
        if last < 0:
            continue
        cell = _LAST_CELL.match(xml, last)
        if cell is None:
            continue
        last_row = max(last_row, int(cell.group(2)))
        max_column = max(max_column, column_index(cell.group(1)) + 1)
    facts.rows, facts.columns = last_row, max_column


def _styled_numbers(xml: bytes, styles: dict[int, str], facts: SheetFacts) -> None:
    """The number format of each numeric cell whose style has one that changes its reading."""
    wanted = b"|".join(str(i).encode() for i in styles)
    pattern = re.compile(rb'<c r="([A-Z]{1,4})(\d{1,8})"([^>]*?)\bs="(' + wanted + rb')"([^>]*)>')
    for match in pattern.finditer(xml):
        attrs = match.group(3) + match.group(5)
        kind = _ATTR_T.search(attrs)
        if kind is None or kind.group(1) == b"n":
            facts.formats[(int(match.group(2)) - 1, column_index(match.group(1)))] = styles[int(match.group(4))]


def _scan_cell_by_cell(xml: bytes, styles: dict[int, str], facts: SheetFacts) -> None:
    row_number = max_column = last_row = 0
    for match in _ROW.finditer(xml):
        attrs = match.group(1)
        number = _ROW_R.search(attrs)
        row_number = int(number.group(1)) if number else row_number + 1
        if _HIDDEN.search(attrs):
            facts.hidden_rows.add(row_number - 1)
        if match.group(2):  # <row/>: no cells
            continue
        end = xml.find(b"</row>", match.end())
        if end < 0:
            end = len(xml)
        column = 0
        for cell in _CELL.finditer(xml, match.end(), end):
            last_row = row_number
            cell_attrs = cell.group(1)
            where = _ATTR_R.search(cell_attrs)
            column = column_index(where.group(1)) + 1 if where else column + 1
            max_column = max(max_column, column)
            style = _ATTR_S.search(cell_attrs)
            if style is not None:
                code = styles.get(int(style.group(1)))
                if code is not None:
                    kind = _ATTR_T.search(cell_attrs)
                    if kind is None or kind.group(1) == b"n":
                        facts.formats[(row_number - 1, column - 1)] = code
    facts.rows, facts.columns = last_row, max_column


def _number_formats(archive: zipfile.ZipFile) -> dict[int, str]:
    """Style index -> number format code, for the styles whose format changes how a number
    reads (percent, fixed decimals, dates); General and text are left out."""
    try:
        info = archive.getinfo("xl/styles.xml")
    except KeyError:
        return {}
    if info.file_size > settings.IMPORT_LIMITS["part_bytes"]:
        raise WorkbookRefused("工作簿的样式部件过大，疑似异常文件。")
    xml = archive.read(info)
    custom = {
        int(i): _unescape(c.decode("utf-8", "replace"))
        for i, c in re.findall(rb'<numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"', xml)
    }
    start = xml.find(b"<cellXfs")
    end = xml.find(b"</cellXfs>", start)
    if start < 0:
        return {}
    styles = {}
    for index, xf in enumerate(re.finditer(rb"<xf\b([^>]*?)/?>", xml[start:end])):
        found = re.search(rb'numFmtId="(\d+)"', xf.group(1))
        number = int(found.group(1)) if found else 0
        code = custom.get(number) or BUILTIN_FORMATS.get(number)
        if code and code not in ("General", "@"):
            styles[index] = code
    return styles


def sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet part path -> sheet name, in workbook order."""
    try:
        workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    targets = dict(re.findall(r'<Relationship[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels))
    targets.update(
        {rid: target for target, rid in re.findall(r'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)}
    )
    paths = {}
    for sheet_name, rid in re.findall(r'<sheet [^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"', workbook):
        target = targets.get(rid, "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        paths[path] = _unescape(sheet_name)
    return paths


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )
