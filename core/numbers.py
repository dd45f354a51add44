"""Numbers and ids from the outside world, checked before they reach a query or a column.

- `parse_id`: a query-string id is a plain run of ASCII digits that fits a 64-bit key, or
  nothing (the filter is then ignored): "²", "١٢", "1e3" and 20-digit ids never reach the
  database, where they would raise instead of matching nothing.
- `decimal_problem`: a decimal column of `max_digits` and `decimal_places` holds fewer
  integer digits than a string of digits may have; and SQLite stores such a column as a
  REAL, of which Django reads back 15 significant digits. A value with more (99999999999999.9999
  comes back as 1E+14, which no longer fits the column, and every page reading it fails) is
  refused on both databases alike, so that what one accepts the other keeps exactly.
"""

import re
from decimal import Decimal

from django.utils.translation import gettext as _

ID = re.compile(r"[0-9]{1,18}")  # below 2**63: every key of a BigAutoField
YEAR = re.compile(r"[0-9]{4}")
SIGNIFICANT_DIGITS = 15  # what SQLite keeps exactly (Django reads its REALs with 15 digits)


def parse_id(text) -> int | None:
    """The id in `text`, or None when it is not one."""
    text = text if isinstance(text, str) else ""
    return int(text) if ID.fullmatch(text) else None


def parse_year(text) -> int | None:
    text = text if isinstance(text, str) else ""
    return int(text) if YEAR.fullmatch(text) else None


def decimal_problem(value: Decimal, *, max_digits: int, decimal_places: int) -> str | None:
    """Why `value` cannot be stored in a decimal column of that size on both databases (and
    read back unchanged), or None. Uses no context arithmetic, so 1E+999999999999999999
    is refused rather than raising decimal.Overflow."""
    if not value.is_finite():
        return _("请输入有限的数字。")
    integer_digits = max_digits - decimal_places
    if not value.is_zero() and value.adjusted() >= integer_digits:
        return _("数值过大：整数部分最多 %(n)d 位。") % {"n": integer_digits}
    sign, digits, exponent = value.as_tuple()
    # Digits past the column's decimal places are rounded away on saving: count the rest.
    kept = digits[: len(digits) + exponent + decimal_places] if -exponent > decimal_places else digits
    kept = "".join(map(str, kept)).strip("0")
    if len(kept) > SIGNIFICANT_DIGITS:
        return _("数值的有效数字最多 %(n)d 位（例如 12345678901.2345）。") % {"n": SIGNIFICANT_DIGITS}
    return None
