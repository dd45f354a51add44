"""Writers for the layout corpus: .xlsx through openpyxl (plus the zip rewrites that system
exports show: inline strings, a false <dimension>, cached formula values), .xls through xlwt,
.ods through odfpy and .csv in the encodings bureaus save (UTF-8, UTF-8 with BOM, GB18030)."""

import csv
import io
import re
import zipfile
from datetime import date
from xml.sax.saxutils import escape

from openpyxl import Workbook


def xlsx(workbook: Workbook) -> bytes:
    """The workbook as Excel and WPS save it: text in the shared-strings table."""
    return as_excel_saved(openpyxl_bytes(workbook))


def openpyxl_bytes(workbook: Workbook) -> bytes:
    """openpyxl's own output (3.1 writes every text as an inline string)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    source = zipfile.ZipFile(io.BytesIO(data))
    return {info.filename: source.read(info.filename) for info in source.infolist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


_INLINE = re.compile(r'<c ([^>]*?)\s*t="inlineStr"([^>]*)><is><t(?:\s+xml:space="preserve")?>(.*?)</t></is></c>', re.S)
_SHEET = re.compile(r"xl/worksheets/sheet\d+\.xml")


def _characters(text: str) -> str:
    """Numeric character references (how openpyxl writes non-ASCII text) as UTF-8 characters."""
    return re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))) if int(m.group(1)) >= 128 else m.group(0), text)


def as_excel_saved(data: bytes) -> bytes:
    """Every inline string moved into xl/sharedStrings.xml, as Excel and WPS store text."""
    parts = _parts(data)
    strings: dict[str, int] = {}

    def shared(match: re.Match) -> str:
        text = _characters(match.group(3))
        index = strings.setdefault(text, len(strings))
        return f'<c {match.group(1)} t="s"{match.group(2)}><v>{index}</v></c>'.replace("  ", " ")

    for name in [n for n in parts if _SHEET.fullmatch(n)]:
        parts[name] = _INLINE.sub(shared, _characters(parts[name].decode("utf-8"))).encode("utf-8")
    if not strings:
        return data
    items = "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in strings)
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    ).encode()
    types = parts["[Content_Types].xml"].decode("utf-8")
    parts["[Content_Types].xml"] = types.replace(
        "</Types>",
        (
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
        ),
    ).encode("utf-8")
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>",
        (
            '<Relationship Id="rIdSharedStrings" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>'
        ),
    ).encode("utf-8")
    return _zip(parts)


def as_system_export(workbook: Workbook, *, dimension: str | None = "A1") -> bytes:
    """The workbook as report systems write it: every text an inline string
    (<c t="inlineStr"><is><t>…</t></is></c>) in UTF-8 and, where `dimension` is given, a
    <dimension> that does not match the cells (they write "A1" before they know the size)."""
    parts = _parts(openpyxl_bytes(workbook))
    for name in [n for n in parts if _SHEET.fullmatch(n)]:
        xml = _characters(parts[name].decode("utf-8"))
        if dimension is not None:
            xml = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{dimension}"/>', xml)
        parts[name] = xml.encode("utf-8")
    return _zip(parts)


def with_cached_values(data: bytes, sheet_index: int, values: dict[str, object]) -> bytes:
    """Formula cells carrying the value Excel computed when it saved the file (openpyxl
    writes the formula only). `values` maps a cell reference ("C3") to its value."""
    parts = _parts(data)
    name = f"xl/worksheets/sheet{sheet_index}.xml"
    xml = parts[name].decode("utf-8")
    for ref, value in values.items():
        pattern = re.compile(rf'<c r="{ref}"([^>]*)>(<f>.*?</f>)(?:<v\s*/>|<v></v>|<v>[^<]*</v>)?</c>', re.S)
        if not pattern.search(xml):
            raise ValueError(f"no formula in {ref}")
        xml = pattern.sub(
            lambda m, ref=ref, value=value: f'<c r="{ref}"{m.group(1)}>{m.group(2)}<v>{value}</v></c>', xml, count=1
        )
    parts[name] = xml.encode("utf-8")
    return _zip(parts)


def csv_bytes(rows: list[list[object]], encoding: str) -> bytes:
    """`encoding` is "utf-8", "utf-8-sig" (with BOM, as Excel saves "CSV UTF-8") or "gb18030"
    (what Excel and WPS save as plain "CSV" on a Chinese Windows). CRLF line ends, as they write."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode(encoding)


def xls(sheets: list[dict]) -> bytes:
    """An Excel 97-2003 workbook. Each sheet: {"name", "rows": [[value, ...]], "merged":
    [(r1, r2, c1, c2), ...] 0-based inclusive, "formats": {(r, c): "num format"}}."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for spec in sheets:
        sheet = book.add_sheet(spec["name"], cell_overwrite_ok=True)
        merged = spec.get("merged", [])
        covered = {
            (r, c)
            for r1, r2, c1, c2 in merged
            for r in range(r1, r2 + 1)
            for c in range(c1, c2 + 1)
            if (r, c) != (r1, c1)
        }
        formats = spec.get("formats", {})
        styles = {}
        for r, row in enumerate(spec["rows"]):
            for c, value in enumerate(row):
                if (r, c) in covered or value is None:
                    continue
                fmt = formats.get((r, c)) or ("yyyy-mm-dd" if isinstance(value, date) else None)
                if fmt:
                    style = styles.setdefault(fmt, xlwt.easyxf(num_format_str=fmt))
                    sheet.write(r, c, value, style)
                else:
                    sheet.write(r, c, value)
        for r1, r2, c1, c2 in merged:
            value = spec["rows"][r1][c1] if c1 < len(spec["rows"][r1]) else None
            sheet.write_merge(r1, r2, c1, c2, "" if value is None else value)
        for r in spec.get("hidden_rows", []):
            sheet.row(r).hidden = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ods(sheets: list[dict]) -> bytes:
    """An OpenDocument spreadsheet (LibreOffice, and WPS's 'ODS' save). Each sheet: {"name",
    "rows", "merged": [(r1, r2, c1, c2)], "percent": {(r, c)}, "hidden_rows": [r]}; numbers
    are typed as floats, cells in `percent` as percentages (0.5 shown as 50%)."""
    from odf.number import Number, PercentageStyle
    from odf.number import Text as NumberText
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableRowProperties
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    percent_style = PercentageStyle(name="pct")
    percent_style.addElement(Number(decimalplaces="0", minintegerdigits="1"))
    percent_style.addElement(NumberText(text="%"))
    document.automaticstyles.addElement(percent_style)
    percent_cell = Style(name="pctcell", family="table-cell", datastylename="pct")
    document.automaticstyles.addElement(percent_cell)
    hidden_row = Style(name="hiddenrow", family="table-row")
    hidden_row.addElement(TableRowProperties())
    document.automaticstyles.addElement(hidden_row)
    for spec in sheets:
        table = Table(name=spec["name"])
        merged = spec.get("merged", [])
        anchors = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, r2, c1, c2 in merged}
        covered = {
            (r, c)
            for r1, r2, c1, c2 in merged
            for r in range(r1, r2 + 1)
            for c in range(c1, c2 + 1)
            if (r, c) != (r1, c1)
        }
        percent = spec.get("percent", set())
        hidden = set(spec.get("hidden_rows", []))
        width = max(len(row) for row in spec["rows"])
        for r, row in enumerate(spec["rows"]):
            table_row = TableRow(visibility="collapse") if r in hidden else TableRow()
            for c in range(width):
                value = row[c] if c < len(row) else None
                if (r, c) in covered:
                    table_row.addElement(CoveredTableCell())
                    continue
                attributes = {}
                if (r, c) in anchors:
                    rows_spanned, columns_spanned = anchors[(r, c)]
                    attributes.update(numberrowsspanned=rows_spanned, numbercolumnsspanned=columns_spanned)
                if value is None:
                    cell = TableCell(**attributes)
                elif (r, c) in percent:
                    cell = TableCell(valuetype="percentage", value=value, stylename=percent_cell, **attributes)
                    cell.addElement(P(text=f"{value * 100:g}%"))
                elif isinstance(value, (int, float)):
                    cell = TableCell(valuetype="float", value=value, **attributes)
                    cell.addElement(P(text=f"{value:g}"))
                elif isinstance(value, date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat(), **attributes)
                    cell.addElement(P(text=value.isoformat()))
                else:
                    cell = TableCell(valuetype="string", **attributes)
                    for line in str(value).split("\n"):
                        cell.addElement(P(text=line))
                table_row.addElement(cell)
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def xml_text(text: str) -> str:
    return escape(text)
