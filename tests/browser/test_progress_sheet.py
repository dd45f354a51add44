"""The 填报表 journey in Chromium: download, fill with openpyxl, upload, a preview with one
error, fix, confirm; the leader sees the reports in the review queue. And the notices page
with its unread count, at desktop width and on a phone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from intake.progress.columns import AS_OF, HEADERS, NOTE, TARGET_ID, VALUE
from targets.models import Nudge, ProgressReport, Target

from .conftest import screenshot
from .test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(live_server, settings, tmp_path):
    from demo.builder import load_demo

    settings.MEDIA_ROOT = tmp_path
    load_demo()
    return live_server.url


def column(name):
    return HEADERS.index(name) + 1


def test_officer_fills_the_sheet_fixes_an_error_and_the_leader_reviews(page, demo_site, tmp_path):
    log_in(page, demo_site, "dcf_chuangxin")
    page.wait_for_url(f"{demo_site}/my/")
    page.click("#sheet-link")
    page.wait_for_url(f"{demo_site}/intake/progress/")
    with page.expect_download() as download:
        page.click("#download-sheet")
    path = tmp_path / "填报表.xlsx"
    download.value.save_as(path)

    workbook = load_workbook(path)
    sheet = workbook.active
    rows = [r for r in range(3, sheet.max_row + 1) if sheet.cell(r, column(TARGET_ID)).value]
    assert len(rows) >= 2
    today = timezone.localdate()
    first, second = rows[0], rows[1]
    ends = dict(Target.objects.values_list("pk", "period_end"))

    def day_before(row):  # yesterday, or the last day of a target whose period is over
        return min(today - timedelta(days=1), ends[sheet.cell(row, column(TARGET_ID)).value])

    for row, value, as_of, note in (
        (first, 7, day_before(first), "表格填报：第一项"),
        (second, 3, today + timedelta(days=5), "表格填报：第二项"),  # a future date: the one error
    ):
        sheet.cell(row, column(VALUE)).value = value
        sheet.cell(row, column(AS_OF)).value = as_of
        sheet.cell(row, column(NOTE)).value = note
    workbook.save(path)

    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.click("form[enctype] button[type=submit]")
    problems = page.locator("#problems li")
    assert problems.count() == 1
    assert f"第 {second} 行，“截至日期”列：截至日期不能晚于今天。" in problems.inner_text()
    assert page.locator("#confirm-form").count() == 0
    screenshot(page, "progress-sheet-preview-error")

    sheet.cell(second, column(AS_OF)).value = day_before(second)
    workbook.save(path)
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.click("form[enctype] button[type=submit]")
    assert page.locator("#problems").count() == 0, page.locator("#problems").inner_text()
    screenshot(page, "progress-sheet-preview-ok")
    checkbox = page.locator("#confirm-form input[name=checked]")
    if checkbox.count():  # a falling value or a changed target asks to be ticked
        checkbox.check()
    page.click("#confirm-form button[type=submit]")
    page.wait_for_url(f"{demo_site}/my/")
    assert "已提交 2 条填报" in page.locator(".messages").inner_text()
    assert ProgressReport.objects.filter(note__startswith="表格填报").count() == 2
    page.click("text=退出")

    log_in(page, demo_site, "dcf_leader")
    page.goto(f"{demo_site}/reviews/")
    text = page.content()
    assert "表格填报：第一项" in text and "表格填报：第二项" in text
    screenshot(page, "progress-sheet-review-queue")

    nudge = Nudge.objects.get(sender__username="dcf_leader")
    page.goto(f"{demo_site}/targets/{nudge.target_id}/")
    history = page.locator("#notice-history").inner_text()
    assert nudge.message in history and "催办" in history
    screenshot(page, "target-notice-history")


@pytest.mark.parametrize("viewport", [(1366, 900), (390, 844)])
def test_the_notices_page_and_the_unread_count(browser, demo_site, viewport):
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, locale="zh-CN")
    page = context.new_page()
    log_in(page, demo_site, "dcf_leader")
    page.wait_for_url(f"{demo_site}/dashboard/")
    count = page.locator("#unread-count")
    if viewport[0] < 720:  # on a phone the menu is folded: its button shows the count
        assert page.locator("#menu-unread").is_visible()
        page.click(".menu-toggle")
    assert count.is_visible()
    before = int(count.inner_text())
    page.click(".nav-notices")
    page.wait_for_url(f"{demo_site}/notices/")
    assert page.locator(".inbox-item.unread").count() == min(before, 30)
    screenshot(page, f"notices-{viewport[0]}")
    page.locator(".inbox-item.unread .inbox-title").first.click()
    page.wait_for_load_state()
    assert "/targets/" in page.url or "/reviews/" in page.url or "/dashboard/" in page.url
    screenshot(page, f"notice-opened-{viewport[0]}")
    after = page.locator("#unread-count")
    assert (int(after.inner_text()) if after.count() else 0) == before - 1
    context.close()
