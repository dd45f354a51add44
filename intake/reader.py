"""Reads the sheets of a checked workbook into plain grids, with merged cells filled in
(every cell of a merged range carries the value of its top-left cell, as a reader sees it)."""

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from django.conf import settings

from plans.problems import ImportProblem, WorkbookRefused
from .safety import check_workbook_bytes


@dataclass
class SheetGrid:
    name: str
    rows: list[list[object]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2 (0-based, inclusive)

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


def cell_text(value) -> str:
    if type(value) is str:  # most cells: first, and cheap
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        text = f"{value.normalize():f}"
        return text
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def read_workbook(data: bytes, name: str = "") -> tuple[list[SheetGrid], list[ImportProblem]]:
    """All sheets as grids, and the problems found while reading (formulas whose value
    Excel never computed, sheets over the row cap). Raises WorkbookRefused for a file that
    is not a readable workbook."""
    archive = check_workbook_bytes(data, name)
    problems = _formulas_without_values(archive)
    from python_calamine import CalamineError, CalamineWorkbook

    limits = settings.IMPORT_LIMITS
    try:
        workbook = CalamineWorkbook.from_filelike(BytesIO(data))
    except (CalamineError, ValueError, OSError) as error:
        raise WorkbookRefused(f"无法读取工作簿：{error}") from None
    grids = []
    for sheet_name in workbook.sheet_names:
        try:
            sheet = workbook.get_sheet_by_name(sheet_name)
        except (CalamineError, ValueError) as error:
            problems.append(ImportProblem(f"无法读取：{error}", sheet=sheet_name))
            continue
        # Counted from the cells themselves: a sheet's <dimension> may say anything.
        height, width = (sheet.end[0] + 1, sheet.end[1] + 1) if sheet.end else (0, 0)
        if height > limits["rows_per_sheet"]:
            problems.append(ImportProblem(
                f"有 {height} 行，超过上限 {limits['rows_per_sheet']} 行，请拆分后导入。", sheet=sheet_name
            ))
            continue
        if width > limits["columns"]:
            problems.append(ImportProblem(f"有 {width} 列，超过上限 {limits['columns']} 列。", sheet=sheet_name))
            continue
        grids.append(_grid(sheet_name, sheet))
    return grids, problems


def _grid(name, sheet) -> SheetGrid:
    top, left = sheet.start or (0, 0)
    body = sheet.to_python(skip_empty_area=False)
    width = (left + max((len(r) for r in body), default=0))
    rows = [[""] * width for _ in range(top)] + [[""] * left + list(r) + [""] * (width - left - len(r)) for r in body]
    merged = [(r1, c1, r2, c2) for (r1, c1), (r2, c2) in (sheet.merged_cell_ranges or [])]
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
    return SheetGrid(name=name, rows=rows, merged=merged)


_HAS_VALUE = re.compile(rb"<v(?:\s[^>]*)?>[^<]+</v>")
_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)


def _formulas_without_values(archive: zipfile.ZipFile) -> list[ImportProblem]:
    """Cells holding a formula that Excel never calculated (files written by tools that
    do not compute): their value would silently read as empty."""
    sheets = _sheet_paths(archive)
    problems = []
    for path, sheet_name in sheets.items():
        try:
            xml = archive.read(path)
        except KeyError:
            continue
        if b"<f" not in xml:
            continue
        for match in _CELL.finditer(xml):
            inner = match.group(3) or b""
            if b"<f" in inner and not _HAS_VALUE.search(inner):
                problems.append(ImportProblem(
                    "单元格含公式但没有计算结果，请在 Excel 中打开并保存一次（让公式算出数值）后再导入。",
                    sheet=sheet_name, row=int(match.group(2)), column=match.group(1).decode(),
                ))
                if len(problems) >= 20:
                    return problems
    return problems


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    try:
        workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    targets = dict(re.findall(r'<Relationship[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels))
    targets.update({rid: target for target, rid in re.findall(r'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)})
    paths = {}
    for sheet_name, rid in re.findall(r'<sheet [^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"', workbook):
        target = targets.get(rid, "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        paths[path] = _unescape(sheet_name)
    return paths


def _unescape(text: str) -> str:
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
