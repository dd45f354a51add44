"""Every export writes its cells through core.workbooks: text that looks like a formula stays
text, numbers stay numbers, and no downloaded workbook holds a formula cell."""

from datetime import date
from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

import pytest
from openpyxl import Workbook, load_workbook

from core.workbooks import write
from targets.models import Target
from units.models import Department

HOSTILE = ['=HYPERLINK("http://evil.example","点此")', "+1+1", "-2+3", "@SUM(1)", "\t=1", "\r=1"]


def written(value):
    workbook = Workbook()
    write(workbook.active, 1, 1, value)
    buffer = BytesIO()
    workbook.save(buffer)
    return load_workbook(BytesIO(buffer.getvalue())).active.cell(1, 1)


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_looks_like_a_formula_is_written_as_text(text):
    cell = written(text)
    assert cell.data_type == "s" and cell.value == text
    assert cell.quotePrefix


@pytest.mark.parametrize("value", [Decimal("-2.5"), 3, 1.5])
def test_numbers_are_written_as_numbers(value):
    cell = written(value)
    assert cell.data_type == "n" and cell.value == value


def test_characters_xml_cannot_hold_are_dropped():
    assert written("a\x00b\x07c").value == "abc"


def test_plain_text_is_unchanged():
    cell = written("新增高新技术企业")
    assert cell.value == "新增高新技术企业" and not cell.quotePrefix


# --- every export of the product --------------------------------------------------------


def cells_of(content: bytes):
    workbook = load_workbook(BytesIO(content))
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            yield from row


def assert_no_formula(content: bytes, hostile_expected=True):
    cells = list(cells_of(content))
    formulas = [f"{c.parent.title}!{c.coordinate}={c.value!r}" for c in cells if c.data_type == "f"]
    assert formulas == []
    texts = [c for c in cells if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))]
    assert all(c.data_type == "s" and c.quotePrefix for c in texts)
    if hostile_expected:
        assert texts, "the export should have shown the hostile text"


@pytest.fixture
def hostile_world(world):
    """Every text a user can type into the world, made to look like a formula."""
    plan = world.county_plan
    plan.title = HOSTILE[0]
    plan.save()
    target = world.county_target
    target.metric = HOSTILE[1]
    target.source_text = HOSTILE[2]
    target.unit = "@家"
    target.save()
    task = target.task
    task.text = HOSTILE[3]
    task.responsible_leader = "=1+1"
    task.save()
    world.county_chuangxin.name = "=创新股"
    world.county_chuangxin.save()
    Target.objects.filter(pk=world.city_target.pk).update(metric=HOSTILE[0])
    Department.objects.create(bureau=world.county, name='=cmd|" /C calc"!A0')
    Target.objects.filter(pk__in=[world.county_target.pk, world.city_target.pk]).update(
        period_end=date(2026, 1, 31)
    )  # overdue: listed in the 驾驶舱's attention lists
    return world


def export_urls(world):
    metric = quote(HOSTILE[1])
    yield f"/plans/{world.county_plan.pk}/export/"
    yield "/plans/export/"
    yield f"/plans/import/template.xlsx?bureau={world.county.pk}"
    for page in (
        "/dashboard/",
        f"/dashboard/region/{world.county.region.code}/",
        f"/dashboard/bureau/{world.county.pk}/",
    ):
        for which in ("children", "overdue", "unreported"):
            yield f"{page}?export={which}"
    yield f"/dashboard/ranking/?export=1&metric={metric}"
    yield f"/dashboard/ranking/?export=1&metric={quote(HOSTILE[0])}"


def test_no_export_holds_a_formula(client, hostile_world, city_leader, city_admin):
    checked = 0
    for url in export_urls(hostile_world):
        user = city_admin if "/import/" in url else city_leader
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/vnd.openxmlformats"), url
        # The ranking ranks only metrics that two units share: an unknown `metric` from the
        # query string is not echoed into the file at all, hostile or not.
        ranking = "ranking" in url
        try:
            assert_no_formula(response.content, hostile_expected="children" not in url and not ranking)
        except AssertionError as error:
            raise AssertionError(f"{url}: {error}") from None
        if ranking:
            shown = {c.value for c in cells_of(response.content) if isinstance(c.value, str)}
            assert not any(HOSTILE[1] in text for text in shown), url
        checked += 1
    assert checked == 14
