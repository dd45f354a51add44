"""Deadlines as bureaus write them ("2024年12月底", "6月底前", "2024-06-30", "长期",
"每季度1次"): the date where one can be derived, None where the wording names none."""

import calendar
import re
from datetime import date
from functools import lru_cache

_FULL = re.compile(r"(?P<y>20\d{2})\s*[年./-]\s*(?P<m>\d{1,2})\s*(?:[月./-]\s*(?P<d>\d{1,2})\s*日?)?")
_MONTH_ONLY = re.compile(r"(?<!\d)(?P<m>\d{1,2})\s*月(?:份)?(?:\s*(?P<d>\d{1,2})\s*日)?")
# A year with its quarter or half ("2024年第三季度", "2024年上半年") ends with that quarter or half.
_YEAR_PART = re.compile(r"(?P<y>20\d{2})\s*年度?\s*(?:第?(?P<q>[一二三四1-4])季度|(?P<h>上半年|年中|下半年))")
_QUARTER_END = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}
_YEAR_ONLY = re.compile(r"(?P<y>20\d{2})\s*年(?:底|末|内|度)?")
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


@lru_cache(maxsize=4096)  # a workbook repeats a handful of deadlines over thousands of rows
def parse_deadline(text: str, year: int) -> date | None:
    """The last day the wording allows; `year` fills in a date written without one."""
    text = (text or "").strip().translate(_DIGITS)
    if not text:
        return None
    match = _FULL.search(text)
    if match:
        return _month_end_or_day(int(match["y"]), int(match["m"]), match["d"])
    # A range such as "3-12月" ends in its last month.
    months = list(_MONTH_ONLY.finditer(text))
    match = months[-1] if months else None
    if match:
        return _month_end_or_day(year, int(match["m"]), match["d"])
    match = _YEAR_PART.search(text)
    if match:
        month = _QUARTER_END[match["q"]] if match["q"] else (12 if match["h"] == "下半年" else 6)
        return _month_end_or_day(int(match["y"]), month, None)
    match = _YEAR_ONLY.search(text)
    if match:
        return date(int(match["y"]), 12, 31)
    return None


def _month_end_or_day(year: int, month: int, day: str | None) -> date | None:
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return date(year, month, last)
    day_number = int(day)
    return date(year, month, day_number) if 1 <= day_number <= last else None
