from datetime import date
from decimal import Decimal

import pytest

from plans.models import Plan, Task
from targets.models import Target
from units.models import Bureau

from .conftest import screenshot
from .test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def draft_plan(title: str) -> Plan:
    """A draft as the text import leaves it: a task with one target read from a sentence."""
    bureau = Bureau.objects.get(name="东昌府区科学技术局")
    plan = Plan.objects.create(bureau=bureau, year=2026, title=title, status=Plan.Status.DRAFT)
    task = Task.objects.create(plan=plan, text="壮大科技企业。力争全年新增高新技术企业8家以上。", order=1)
    Target.objects.create(
        task=task,
        metric="新增高新技术企业",
        value=8,
        unit="家",
        comparator="gte",
        kind="count",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        source_text="力争全年新增高新技术企业8家以上",
    )
    return plan


def test_admin_edits_the_plan_adds_a_missed_target_and_publishes_with_one_button(page, live_server):
    from demo.builder import load_demo

    load_demo()
    plan = draft_plan("未命名计划")
    target = Target.objects.get(task__plan=plan)
    log_in(page, live_server.url, "dcf_admin")
    page.goto(f"{live_server.url}/plans/{plan.pk}/review/")
    banner = page.locator("[data-unsaved]")
    assert banner.is_hidden()
    screenshot(page, "plan-review-desktop")

    page.fill("#id_plan-title", "东昌府区科学技术局2026年度工作计划")
    page.select_option("#id_plan-reporting_cycle", "quarterly")
    page.locator(f"#target-{target.pk} input[name$='-value']").fill("9")
    assert banner.is_visible()  # the page says the edits are not saved yet
    page.fill("#id_new-metric", "技术合同成交额")
    page.fill("#id_new-value", "3.5")
    page.fill("#id_new-unit", "亿元")
    page.select_option("#id_new-kind", "amount")
    screenshot(page, "plan-review-unsaved")
    # Publishing needs a lead department on every task: the missed target joins an existing
    # task, and any task the text named no department for gets one.
    page.select_option("#id_new-task", index=1)
    selects = page.locator("select[name$='-lead_department']")
    for i in range(selects.count()):
        if selects.nth(i).input_value() == "":
            selects.nth(i).select_option(index=1)

    page.click("h1 button:has-text('保存并发布')")  # the top button: it submits the edits below it too
    page.wait_for_url(f"**/plans/{plan.pk}/")
    assert "已保存并发布" in page.locator(".messages").inner_text()
    plan.refresh_from_db()
    assert (plan.title, plan.reporting_cycle, plan.status) == (
        "东昌府区科学技术局2026年度工作计划",
        "quarterly",
        "published",
    )
    target.refresh_from_db()
    assert target.value == 9
    added = Target.objects.get(task__plan=plan, metric="技术合同成交额")
    assert (added.value, added.unit, added.kind) == (Decimal("3.5"), "亿元", "amount")
    assert page.console_errors == []


def test_review_page_on_a_phone(browser, live_server):
    from demo.builder import load_demo

    load_demo()
    plan = draft_plan("东昌府区科学技术局科技下乡工作方案（草稿）")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    page = context.new_page()
    try:
        log_in(page, live_server.url, "dcf_admin")
        page.goto(f"{live_server.url}/plans/{plan.pk}/review/")
        page.fill("#id_plan-year", "2027")
        assert page.locator("[data-unsaved]").is_visible()
        screenshot(page, "plan-review-390x844")
        # Nothing but the wide tables scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
        page.click("#review-form .actions button[value=save]")
        page.wait_for_url(f"**/plans/{plan.pk}/review/")
        plan.refresh_from_db()
        assert plan.year == 2027 and plan.status == "draft"
    finally:
        context.close()
