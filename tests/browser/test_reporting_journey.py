import pytest
from django.utils import timezone

from targets.models import ProgressReport, Target

from .conftest import screenshot
from .test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(live_server, settings, tmp_path):
    from demo.builder import load_demo

    settings.MEDIA_ROOT = tmp_path
    load_demo()
    return live_server.url


def test_officer_reports_leader_returns_and_approves_officer_sees_reason(page, demo_site, tmp_path):
    evidence = tmp_path / "走访记录.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% demo evidence\n")
    target = Target.objects.get(task__plan__bureau__name="东昌府区科学技术局", metric="登记科技成果")

    log_in(page, demo_site, "dcf_chengguo")
    page.wait_for_url(f"{demo_site}/my/")
    page.goto(f"{demo_site}/targets/{target.pk}/report/")
    page.fill("#id_value", "abc")
    page.click("form.stacked button[type=submit]")
    assert "请输入数字" in page.locator(".has-error").inner_text()
    screenshot(page, "report-form-error")

    page.fill("#id_value", "１２")  # full-width digits, as typed with a Chinese input method
    page.fill("#id_note", "完成第三批成果登记")
    page.set_input_files("#id_evidence", str(evidence))
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(f"{demo_site}/targets/{target.pk}/")
    assert "等待领导审核" in page.locator(".messages").inner_text()
    assert "走访记录.pdf" in page.content()
    screenshot(page, "report-submitted")

    second = Target.objects.get(task__plan__bureau__name="东昌府区科学技术局", metric="技术合同成交额")
    page.goto(f"{demo_site}/targets/{second.pk}/report/")
    page.fill("#id_value", "2.5")
    page.click("form.stacked button[type=submit]")
    page.click("text=退出")

    log_in(page, demo_site, "dcf_leader")
    page.goto(f"{demo_site}/reviews/")
    first_report = ProgressReport.objects.get(target=target, note="完成第三批成果登记")
    second_report = ProgressReport.objects.filter(target=second).latest("submitted_at")
    screenshot(page, "review-queue")
    page.locator(f"#report-{second_report.pk} input[name=reason]").fill("请补充合同登记清单")
    page.locator(f"#report-{second_report.pk} button", has_text="退回").click()
    assert "已退回" in page.locator(".messages").inner_text()
    page.locator(f"#report-{first_report.pk} button", has_text="通过").click()
    assert "已通过" in page.locator(".messages").inner_text()
    target.refresh_from_db()
    assert target.current_value == 12
    page.goto(f"{demo_site}/dashboard/")
    attention_row = page.locator("section.card", has_text="逾期与严重滞后").locator("tbody tr").first
    nudged_metric = attention_row.locator("td").nth(1).locator("a").inner_text()
    attention_row.locator("button", has_text="催办").click()
    assert "已催办" in page.locator(".messages").inner_text()
    page.click("text=退出")

    log_in(page, demo_site, "dcf_chengguo")
    page.wait_for_url(f"{demo_site}/my/")
    returned = page.locator("section.returned").inner_text()
    assert "技术合同成交额" in returned and "请补充合同登记清单" in returned
    row = page.locator("tr", has=page.locator(f"a[href='/targets/{target.pk}/']"))
    assert "12项" in row.inner_text()
    screenshot(page, "officer-returned")
    assert nudged_metric  # shown to whichever department leads it; checked in test_nudges_and_filters
    assert page.console_errors == []
    assert timezone.localdate() == target.last_reported_on


def test_admin_reads_the_change_history_of_a_plan(page, demo_site):
    from plans.models import Plan

    plan = Plan.objects.get(bureau__name="东昌府区科学技术局", status="published")
    log_in(page, demo_site, "dcf_admin")
    page.goto(f"{demo_site}/plans/{plan.pk}/")
    page.click("text=变更记录")
    assert page.locator("h1").inner_text() == "变更记录"
    assert page.locator("table.grid tbody tr").count() > 10
    screenshot(page, "plan-history")
    assert page.console_errors == []


def test_two_officers_on_one_target_the_second_is_told_and_nothing_is_lost(browser, page, demo_site):
    """Two 科技创新股 officers open the same report form; the first submits; the second gets
    the conflict message with the number typed still there, and a second press stores it."""
    from demo.content import PASSWORD
    from tests.conftest import make_user
    from units.models import Department

    department = Department.objects.get(bureau__name="东昌府区科学技术局", name="科技创新股")
    colleague = make_user("dcf_chuangxin2", department.bureau, "officer", department)
    colleague.set_password(PASSWORD)
    colleague.save()
    target = Target.objects.filter(task__lead_department=department, task__plan__status="published").first()
    url = f"{demo_site}/targets/{target.pk}/report/"
    # Values that raise no question (not below the counted value, not over twice the target).
    base = int(target.current_value or 0)
    first_value, second_value = str(base + 1), str(base + 2)
    assert target.value is None or base + 2 <= 2 * target.value

    log_in(page, demo_site, "dcf_chuangxin")
    page.goto(url)
    other = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    log_in(other, demo_site, "dcf_chuangxin2")
    other.goto(url)

    page.fill("#id_value", first_value)
    page.fill("#id_note", "第一位填报")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(f"{demo_site}/targets/{target.pk}/")

    other.fill("#id_value", second_value)
    other.fill("#id_note", "第二位填报")
    other.click("form.stacked button[type=submit]")
    assert "已有新的填报或改动" in other.locator(".error[role=alert]").inner_text()
    assert other.input_value("#id_value") == second_value and other.input_value("#id_note") == "第二位填报"
    screenshot(other, "report-stale-form")
    assert ProgressReport.objects.filter(target=target, note="第二位填报").count() == 0

    other.click("form.stacked button[type=submit]")
    other.wait_for_url(f"{demo_site}/targets/{target.pk}/")
    assert ProgressReport.objects.filter(target=target, note="第二位填报").count() == 1
    other.context.close()
