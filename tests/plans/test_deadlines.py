from datetime import date

import pytest

from plans.deadlines import parse_deadline


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2024年12月底", date(2024, 12, 31)),
        ("2024年6月底前", date(2024, 6, 30)),
        ("2024年2月", date(2024, 2, 29)),
        ("2024-06-15", date(2024, 6, 15)),
        ("3-12月", date(2026, 12, 31)),
        ("６月底", date(2026, 6, 30)),
        ("2025年", date(2025, 12, 31)),
        ("长期", None),
        ("每季度1次", None),
        ("", None),
        ("2026年13月", None),
    ],
)
def test_parse_deadline(text, expected):
    assert parse_deadline(text, 2026) == expected
