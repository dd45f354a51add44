"""Printing the leaders' pages on A4: what print media hides and keeps is asserted in the
page; the PDF Chromium prints (page.pdf) is turned into PNGs with pdftoppm where it is
installed, to be looked at (test-artifacts/print-*.png)."""

import re
import shutil
import subprocess

import pytest
from django.utils import timezone

from targets.models import Target
from units.models import Bureau

from .conftest import ARTIFACTS
from .test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A4_POINTS = (595, 842)


@pytest.fixture
def demo_site(live_server):
    from demo.builder import load_demo

    load_demo()
    return live_server.url


def pages():
    bureau = Bureau.objects.get(name="东昌府区科学技术局")
    target = Target.objects.filter(
        task__plan__bureau__name="聊城市科学技术局", task__plan__status="published", value__isnull=False
    ).first()
    return {
        "dashboard": ("/dashboard/?year=2026", "聊城市"),
        "bureau": (f"/dashboard/bureau/{bureau.pk}/", "东昌府区科学技术局"),
        "ranking": ("/dashboard/ranking/?metric=新增高新技术企业", "新增高新技术企业"),
        "target": (f"/targets/{target.pk}/", target.task.plan.title),
    }


def printed(page, name):
    """Prints the page to an A4 PDF, and that PDF to PNGs when pdftoppm is there."""
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / f"print-{name}.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(ARTIFACTS / f"print-{name}")], check=True)
    return pdf


def pdf_page_sizes(pdf) -> list[tuple[int, int]]:
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo 不可用（apt-get install poppler-utils）")
    out = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return [(round(float(w)), round(float(h))) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]


@pytest.mark.parametrize("name", ["dashboard", "bureau", "ranking", "target"])
def test_leader_page_prints_on_a4_without_controls(page, demo_site, name):
    log_in(page, demo_site, "lc_leader")
    path, scope = pages()[name]
    page.goto(demo_site + path)
    if page.locator(".chart").count():
        page.wait_for_selector(".chart canvas")
    # Print media at the width of A4's text (210 mm less 2 × 12 mm margins ≈ 703 px).
    page.set_viewport_size({"width": 703, "height": 1000})
    page.emulate_media(media="print")

    for hidden in ["header.topbar", ".filters", "a.button", "button", "nav.crumbs"]:
        assert all(not el.is_visible() for el in page.locator(hidden).all()), hidden
    header = page.locator(".print-header")
    assert header.is_visible()
    assert scope in header.inner_text()
    assert timezone.localdate().strftime("%Y年") in header.inner_text()
    assert "打印日期" in header.inner_text()
    for thead in page.locator("table thead").all():
        assert thead.evaluate("el => getComputedStyle(el).display") == "table-header-group"
    for chart in page.locator(".chart canvas").all():  # charts as wide as the page, no wider
        assert 600 <= chart.bounding_box()["width"] <= 703
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 703

    pdf = printed(page, name)
    sizes = pdf_page_sizes(pdf)
    assert sizes and all(size == A4_POINTS for size in sizes)


def test_dashboard_header_names_the_filters_in_force(page, demo_site):
    log_in(page, demo_site, "lc_leader")
    page.goto(f"{demo_site}/dashboard/?year=2026&status=severe")
    page.emulate_media(media="print")
    text = page.locator(".print-header").inner_text()
    assert "聊城市科学技术局" in text and "2026年" in text and "严重滞后" in text
