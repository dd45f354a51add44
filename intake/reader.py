"""Reads the sheets of a checked workbook (.xlsx, .xls, .ods, .csv) into plain grids of cells
as the user sees them: merged cells filled in (every cell of a merged range carries the value
of its top-left cell), numbers shown through their number format (0.5 formatted as a percent
reads "50%", 2024.1 formatted "0.00" reads "2024.10"), hidden rows marked and hidden columns
left empty."""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from io import BytesIO

from django.conf import settings
from openpyxl.utils import get_column_letter

from plans.problems import ImportProblem, WorkbookRefused

from .safety import CSV, ODS, XLS, XLSX, check_workbook_bytes
from .sheetxml import SheetFacts, read_facts


@dataclass
class SheetGrid:
    name: str
    rows: list[list[object]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2 (0-based, inclusive)
    hidden_rows: set[int] = field(default_factory=set)  # 0-based
    hidden_columns: set[int] = field(default_factory=set)

    def value(self, row: int, column: int):
        if row < len(self.rows) and column < len(self.rows[row]):
            return self.rows[row][column]
        return ""

    def text(self, row: int, column: int) -> str:
        return cell_text(self.value(row, column))

    def merged_span(self, row: int, column: int) -> tuple[int, int, int, int] | None:
        for r1, c1, r2, c2 in self.merged:
            if r1 <= row <= r2 and c1 <= column <= c2:
                return r1, c1, r2, c2
        return None

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def cell_text(value) -> str:
    if type(value) is str:  # most cells: first, and cheap
        return value.strip()
    if value is None:
        return ""
    kind = type(value)
    if kind is float:
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = repr(value)
        if "e" not in text and "n" not in text:
            return text
        value = Decimal(text)
    elif kind is int:
        return str(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def column_letter(index: int) -> str:
    """The letter of a 0-based column, as a spreadsheet shows it (0 → A, 27 → AB)."""
    return get_column_letter(index + 1)


def read_workbook(data: bytes, name: str = "") -> tuple[list[SheetGrid], list[ImportProblem]]:
    """All sheets as grids, and the problems found while reading (formulas whose value
    Excel never computed, sheets over the row or column cap). Raises WorkbookRefused for a
    file that is not a readable workbook."""
    checked = check_workbook_bytes(data, name)
    if checked.kind == CSV:
        return [_csv_grid(data, name)], []
    facts: dict[str, SheetFacts] = {}
    problems: list[ImportProblem] = []
    if checked.kind == ODS:
        facts = ods_facts(checked.archive)
    if checked.kind == XLS:
        facts = xls_facts(data)
    if checked.kind == XLSX:
        facts, problems = read_facts(checked.archive)
        for sheet_name, sheet in facts.items():
            problems += [
                ImportProblem(
                    "单元格含公式但没有计算结果，请在 Excel 中打开并保存一次（让公式算出数值）后再导入。",
                    sheet=sheet_name,
                    row=row,
                    column=column,
                )
                for row, column in sheet.unevaluated
            ]
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(BytesIO(data))
    except (CalamineError, ValueError, OSError):
        raise WorkbookRefused(
            "无法读取工作簿，文件可能已损坏或已加密。请在 Excel 或 WPS 中打开，确认能正常显示后另存为 .xlsx 再导入。"
        ) from None
    refused = {p.sheet for p in problems}
    grids = []
    for sheet_name in workbook.sheet_names:
        if sheet_name in refused or (checked.kind == XLSX and sheet_name not in facts):
            continue
        try:
            sheet = workbook.get_sheet_by_name(sheet_name)
        except (CalamineError, ValueError) as error:
            problems.append(ImportProblem(f"无法读取：{error}", sheet=sheet_name))
            continue
        if checked.kind != XLSX:
            # .xls and .ods have no extent to read beforehand; their grids are bounded by the
            # format (.xls) or checked here before conversion.
            height, width = (sheet.end[0] + 1, sheet.end[1] + 1) if sheet.end else (0, 0)
            limits = settings.IMPORT_LIMITS
            if height > limits["rows_per_sheet"]:
                problems.append(
                    ImportProblem(
                        f"有 {height} 行，超过上限 {limits['rows_per_sheet']} 行，请拆分后导入。", sheet=sheet_name
                    )
                )
                continue
            if width > limits["columns"]:
                problems.append(
                    ImportProblem(
                        f"有 {width} 列，超过上限 {limits['columns']} 列，请删除多余的列后导入。", sheet=sheet_name
                    )
                )
                continue
        holder = [sheet]
        del sheet  # the grid's builder drops calamine's copy as soon as it has the rows
        grids.append(_grid(sheet_name, holder, facts.get(sheet_name)))
    return grids, problems


def _grid(name, holder: list, facts: SheetFacts | None) -> SheetGrid:
    sheet = holder.pop()
    top, left = sheet.start or (0, 0)
    merged_ranges = sheet.merged_cell_ranges or []
    rows = sheet.to_python(skip_empty_area=False)
    del sheet  # calamine's own copy of the cells is freed before the grid is padded
    width = left + max((len(r) for r in rows), default=0)
    for row in rows:  # padded in place: no second copy of a big sheet
        if left:
            row[0:0] = [""] * left
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    if top:
        rows[0:0] = [[""] * width for _ in range(top)]
    if facts is not None and getattr(facts, "percentages", None):
        for row in rows:  # an .ods percentage cell holds its fraction: shown as the percent it is
            for c, value in enumerate(row):
                if type(value) is float and repr(value) in facts.percentages:
                    row[c] = shown(value, "0.##%")
    if facts is not None:
        for (r, c), code in facts.formats.items():
            if r < len(rows) and c < len(rows[r]):
                rows[r][c] = shown(rows[r][c], code)
        for c in facts.hidden_columns:
            for row in rows:
                if c < len(row):
                    row[c] = ""
    merged = [(r1, c1, r2, c2) for (r1, c1), (r2, c2) in merged_ranges]
    for r1, c1, r2, c2 in merged:
        if r1 >= len(rows):
            continue
        anchor = rows[r1][c1] if c1 < len(rows[r1]) else ""
        for r in range(r1, min(r2, len(rows) - 1) + 1):
            row = rows[r]
            if len(row) <= c2:
                row.extend([""] * (c2 + 1 - len(row)))
            for c in range(c1, c2 + 1):
                row[c] = anchor
    return SheetGrid(
        name=name,
        rows=rows,
        merged=merged,
        hidden_rows=facts.hidden_rows if facts else set(),
        hidden_columns=facts.hidden_columns if facts else set(),
    )


_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
EXCEL_EPOCH = datetime(1899, 12, 30)


def shown(value, code: str):
    """A number as its format shows it; other values as they are."""
    if isinstance(value, (date, datetime)):
        return _chinese_date(value, code)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return value
    bare = _QUOTED.sub("", code.split(";")[0])
    if "%" in bare:
        decimals = len(bare.split(".")[1].split("%")[0]) if "." in bare else 0
        return f"{Decimal(repr(float(value))) * 100:.{decimals}f}%"
    if re.search(r"[yd]", bare, re.I) or re.search(r"m", bare) and not re.search(r"[0#]", bare):
        if 0 < value < 2958466:  # a date serial, which calamine left as a number (custom format)
            day = EXCEL_EPOCH + timedelta(days=float(value))
            return _chinese_date(day if day.time() != datetime.min.time() else day.date(), code)
        return value
    decimals = re.search(r"[0#]\.([0#]+)", bare)
    if decimals:
        return f"{float(value):.{len(decimals.group(1))}f}"
    return value


def _chinese_date(value, code: str):
    """A date whose format writes it in Chinese (yyyy"年"m"月"d"日") as the user sees it;
    other dates stay dates."""
    day = value.date() if isinstance(value, datetime) else value
    if "年" in code and "月" in code and "日" in code:
        return f"{day.year}年{day.month}月{day.day}日"
    if "年" in code and "月" in code:
        return f"{day.year}年{day.month}月"
    if "月" in code and "日" in code:
        return f"{day.month}月{day.day}日"
    return value


def xls_facts(data: bytes) -> dict[str, SheetFacts]:
    """Hidden rows and columns of each .xls sheet, which calamine does not read: xlrd (the
    long-kept reader of the BIFF format) gives each row's and column's hidden flag when it
    reads formatting. A file xlrd cannot read keeps no flags; calamine still reads its cells."""
    import xlrd

    from .sheetxml import SheetFacts as Facts

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, logfile=io.StringIO())
    except Exception:  # noqa: BLE001 — xlrd raises its own and struct errors on odd files
        return {}
    facts = {}
    try:
        for index in range(book.nsheets):
            try:
                sheet = book.sheet_by_index(index)
            except Exception:  # noqa: BLE001
                continue
            found = Facts()
            found.hidden_rows = {r for r, info in sheet.rowinfo_map.items() if info.hidden}
            found.hidden_columns = {c for c, info in sheet.colinfo_map.items() if info.hidden}
            facts[sheet.name] = found
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return facts


def ods_facts(archive) -> dict[str, SheetFacts]:
    """Hidden (collapsed or filtered) rows and columns of each .ods table, and its percentage
    cells, from content.xml: calamine reads neither."""
    from .sheetxml import SheetFacts as Facts

    info = archive.getinfo("content.xml")
    if info.file_size > settings.IMPORT_LIMITS["part_bytes"]:
        raise WorkbookRefused("工作簿内容部件过大，疑似异常文件。")
    xml = archive.read(info)
    facts = {}
    tables = list(re.finditer(rb'<table:table [^>]*?table:name="([^"]*)"', xml))
    for number, table in enumerate(tables):
        end = tables[number + 1].start() if number + 1 < len(tables) else len(xml)
        body = xml[table.end() : end]
        sheet = Facts()
        column = 0
        for match in re.finditer(rb"<table:table-column\b([^>]*)/?>", body):
            repeat = re.search(rb'number-columns-repeated="(\d+)"', match.group(1))
            count = min(int(repeat.group(1)), 1024) if repeat else 1
            if re.search(rb'table:visibility="(?:collapse|filter)"', match.group(1)):
                sheet.hidden_columns.update(range(column, column + count))
            column += count
        row = 0
        for match in re.finditer(rb"<table:table-row\b([^>]*)>", body):
            repeat = re.search(rb'number-rows-repeated="(\d+)"', match.group(1))
            count = int(repeat.group(1)) if repeat else 1
            if re.search(rb'table:visibility="(?:collapse|filter)"', match.group(1)) and count <= 1000:
                sheet.hidden_rows.update(range(row, row + count))
            row += count
        sheet.percentages = {
            v.decode() for v in re.findall(rb'office:value-type="percentage"[^>]*?office:value="([^"]+)"', body)
        }
        facts[_unescape_xml(table.group(1).decode("utf-8", "replace"))] = sheet
    return facts


def _unescape_xml(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def _csv_grid(data: bytes, name: str) -> SheetGrid:
    """A .csv as one sheet: UTF-8 (with or without BOM) first, then GB18030 (which covers
    GBK and GB2312, what Excel and WPS save on Chinese Windows)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise WorkbookRefused("无法识别 CSV 文件的编码。请用 UTF-8 或 GBK 编码另存后再导入。")
    limits = settings.IMPORT_LIMITS
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows, cells = [], 0
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            rows.append(row)
            cells += len(row)
            if len(rows) > limits["rows_per_sheet"]:
                raise WorkbookRefused(f"CSV 文件超过 {limits['rows_per_sheet']} 行，请拆分后导入。")
            if len(row) > limits["columns"]:
                raise WorkbookRefused(f"CSV 文件第 {len(rows)} 行有 {len(row)} 列，超过上限 {limits['columns']} 列。")
    except csv.Error as error:
        raise WorkbookRefused(f"CSV 文件第 {len(rows) + 1} 行无法读取：{error}") from None
    if cells > limits["cells"]:
        raise WorkbookRefused(f"CSV 文件超过 {limits['cells']:,} 个单元格，请拆分后导入。")
    stem = re.sub(r"\.[^.]*$", "", name.rsplit("/", 1)[-1]) or "CSV"
    return SheetGrid(name=stem[:31], rows=rows)
