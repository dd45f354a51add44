"""The one way an export writes a cell. Every workbook the product offers for download (台账,
the 驾驶舱's tables and ranking, the import template and its dropdown lists) writes its cells
through `write`, so no text a user typed becomes a live formula when the file is opened:

- text is stored as text (a string cell, never a formula), and text that a spreadsheet would
  read as a formula when retyped or imported as CSV (starting with = + - @, a tab or a carriage
  return) also carries the "quote prefix" style, Excel's own mark of text typed as '=...;
- numbers stay numbers (a Decimal, int or float is a numeric cell), dates stay dates;
- characters XML cannot hold are dropped and text is cut to Excel's 32,767 characters, so an
  odd paste cannot make an export fail.
"""

from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_TEXT = 32767
NUMBERS = (int, float, Decimal)


def write(ws: Worksheet, row: int, column: int, value) -> Cell:
    """Writes `value` to the cell at (row, column) and returns the cell."""
    cell = ws.cell(row=row, column=column)
    if value is None:
        cell.value = None
    elif isinstance(value, bool) or isinstance(value, NUMBERS) or isinstance(value, (date, datetime)):
        if isinstance(value, Decimal) and not value.is_finite():
            value = str(value)
            _text(cell, value)
        else:
            cell.value = value
    else:
        _text(cell, str(value))  # lazy translations and anything else become their text
    return cell


def _text(cell: Cell, text: str) -> None:
    text = ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_TEXT]
    cell.value = text
    cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True


def is_formula(cell: Cell) -> bool:
    """Whether a cell read back from a workbook would be computed: for tests and checks."""
    return cell.data_type == "f" or (
        isinstance(cell.value, str) and cell.data_type != "s" and cell.value.startswith("=")
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_response(content: bytes, filename: str):
    """A workbook as a download, named `filename` (Chinese names kept, RFC 6266)."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
