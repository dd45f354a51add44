"""Every page at a phone's size (390×844, WeChat's in-app browser): nothing is wider than the
screen, the menu is folded, officers' tables read as cards. Each role's pages are found by
following the links the pages offer (plus the pages reached by a form), and every URL
pattern the role uses must have been seen. Screenshots land in test-artifacts/phone-*.png."""

from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from django.utils import timezone

from demo.content import PASSWORD

from .conftest import ARTIFACTS, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# Links not followed: they download, change something, or leave for the Django admin or for the
# public pages (which have no menu; tests/browser/test_outputs.py walks them at phone width).
SKIPPED = {"logout", "evidence", "export", "scope_export", "template", "admin", "download"}
PER_PATTERN = 2  # pages visited per URL pattern (drill-downs have many of the same kind)

# What each role must have seen, by URL name (namespace:name).
REQUIRED = {
    "officer": {"targets:my", "targets:detail", "targets:report", "plans:detail"},
    "leader": {
        "cockpit:dashboard",
        "cockpit:dashboard_region",
        "cockpit:dashboard_bureau",
        "cockpit:ranking",
        "targets:reviews",
        "targets:detail",
        "plans:detail",
    },
    "admin": {
        "plans:list",
        "plans:detail",
        "plans:history",
        "intake:import",
        "intake:import_text",
        "plans:review",
        "access:people",
        "access:person_add",
        "access:person_edit",
        "access:person_password",
    },
}
USERS = {"officer": "lc_gaoxin", "leader": "lc_leader", "admin": "lc_admin"}
# Pages no link leads to: the import pages' form results and the plan review of the draft.
EXTRA = {"admin": ["/plans/import/text/", "/plans/import/"]}


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        user_agent="Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.47",
    )
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def demo_site(live_server, settings, tmp_path):
    from django.contrib.auth import get_user_model

    from demo.builder import load_demo
    from targets.models import Target
    from targets.services import progress_report_return, progress_report_submit, target_nudge

    settings.MEDIA_ROOT = tmp_path
    load_demo()
    # A 催办 waiting on the officer's page.
    leader = get_user_model().objects.get(username="lc_leader")
    target = Target.objects.filter(
        task__lead_department__name="高新技术科",
        task__plan__status="published",
        task__plan__bureau__name="聊城市科学技术局",
    ).first()
    target_nudge(actor=leader, target=target, message="请尽快填报本月进展")
    # And a report of the officer's returned with a long reason.
    officer = get_user_model().objects.get(username="lc_gaoxin")
    report = progress_report_submit(
        actor=officer, target=target, value=Decimal("3"), as_of=timezone.localdate(), note="第一批认定"
    )
    if report.state == "submitted":
        progress_report_return(
            actor=leader, report=report, reason="佐证材料不全，请补充认定文件扫描件，并核对截至日期后重新填报"
        )
    return live_server.url


def log_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    assert_fits(page, "login")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def overflow(page) -> dict:
    return page.evaluate("""() => {
        const doc = document.scrollingElement;
        const wide = [];
        for (const el of document.querySelectorAll('body *')) {
            const box = el.getBoundingClientRect();
            if (box.width && box.right > window.innerWidth + 1 && !el.closest('.grid, .chart')) {
                wide.push(el.tagName + '.' + el.className + ' ' + Math.round(box.right));
            }
        }
        return {scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, wide: wide.slice(0, 5)};
    }""")


def assert_fits(page, name):
    measured = overflow(page)
    screenshot(page, f"phone-{name}")
    page.screenshot(path=str(ARTIFACTS / f"phone-{name}-top.png"))  # the first screen, as the officer sees it
    assert measured["scrollWidth"] <= measured["innerWidth"], (page.url, measured)


def url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def links(page, base) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != base or "export=" in parts.query or "format=" in parts.query:
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def walk(page, base, role) -> set[str]:
    """Visits the pages the role can reach by links, at most PER_PATTERN per URL pattern,
    checking each; returns the URL names seen."""
    queue, seen_urls, per_name = [page.url.removeprefix(base)] + EXTRA.get(role, []), set(), {}
    while queue:
        path = queue.pop(0)
        name = url_name(path.split("?")[0])
        if (
            path in seen_urls
            or name is None
            or name.split(":")[-1] in SKIPPED
            or name.startswith(("admin", "disclosure:"))
        ):
            continue
        if per_name.get(name, 0) >= PER_PATTERN:
            continue
        seen_urls.add(path)
        per_name[name] = per_name.get(name, 0) + 1
        response = page.goto(base + path)
        assert response.status == 200, (path, response.status)
        page.wait_for_load_state("load")
        if page.locator(".chart").count():
            page.wait_for_selector(".chart canvas")
        assert_fits(page, f"{role}-{name.replace(':', '-')}-{per_name[name]}")
        check_menu_folded(page)
        queue.extend(links(page, base))
    return set(per_name)


def check_menu_folded(page):
    assert not page.locator("#site-menu").is_visible()
    assert page.locator(".menu-toggle").is_visible()


@pytest.mark.parametrize("role", ["officer", "leader", "admin"])
def test_every_page_fits_a_phone_screen(phone, demo_site, role):
    log_in(phone, demo_site, USERS[role])
    seen = walk(phone, demo_site, role)
    assert REQUIRED[role] <= seen, REQUIRED[role] - seen
    assert phone.console_errors == []


def test_menu_opens_and_closes_with_one_button(phone, demo_site):
    log_in(phone, demo_site, "lc_leader")
    phone.click(".menu-toggle")
    assert phone.locator("#site-menu").is_visible()
    assert phone.locator(".menu-toggle").get_attribute("aria-expanded") == "true"
    phone.screenshot(path=str(ARTIFACTS / "phone-menu-open.png"))
    box = phone.locator("nav.mainnav a", has_text="待审核").bounding_box()
    assert box["width"] > 100 and box["height"] >= 24  # a whole word on one line, easy to tap
    phone.click(".menu-toggle")
    assert not phone.locator("#site-menu").is_visible()


def test_officer_rows_read_as_cards_with_labels(phone, demo_site):
    log_in(phone, demo_site, "lc_gaoxin")
    row = phone.locator("section.card:not(.returned) table.cards tbody tr:not(.section-row)").first
    assert row.evaluate("el => getComputedStyle(el).display") == "flex"
    assert phone.locator("table.cards thead").first.is_hidden()
    # The metric's name comes first and has the card's width, not one character per line.
    title = row.locator("td.card-title")
    assert title.bounding_box()["width"] > 300
    assert title.bounding_box()["y"] <= row.locator("td").first.bounding_box()["y"]
    label = row.locator("td[data-label]").first.evaluate("el => getComputedStyle(el, '::before').content")
    assert label == '"状态"'
    assert phone.locator(".returned table.cards tr").count() > 0  # returned reports: cards too
    assert phone.locator(".nudges").is_visible()


def test_report_form_brings_up_the_numeric_keypad_and_the_camera(phone, demo_site):
    from targets.models import Target

    log_in(phone, demo_site, "lc_gaoxin")
    target = Target.objects.filter(
        task__lead_department__name="高新技术科",
        task__plan__status="published",
        task__plan__bureau__name="聊城市科学技术局",
    ).first()
    phone.goto(f"{demo_site}/targets/{target.pk}/report/")
    assert phone.get_attribute("#id_value", "inputmode") == "decimal"
    camera = phone.locator("input[type=file][capture]")
    assert camera.get_attribute("capture") == "environment"
    assert camera.get_attribute("accept") == "image/*"
    assert ".pdf" in phone.get_attribute("#id_evidence", "accept")
    assert phone.locator("label.camera").is_visible()
    assert_fits(phone, "officer-report-form-keypad")
