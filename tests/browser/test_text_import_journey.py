import pytest

from plans.models import Plan
from targets.models import Target

from .conftest import screenshot
from .test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_pastes_a_plan_fixes_a_target_publishes_and_officers_see_it(page, live_server):
    from demo.builder import load_demo
    from tests.plans.plan_texts import COUNTY_PLAN

    load_demo()
    log_in(page, live_server.url, "dcf_admin")
    page.click("text=从文本导入")
    page.fill("#id_text", COUNTY_PLAN)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/review/")
    plan = Plan.objects.get(title="东昌府区科学技术局2026年度工作计划")
    first = Target.objects.filter(task__plan=plan).order_by("task__order", "order").first()
    row = page.locator(f"#target-{first.pk}")
    assert "力争全年新增高新技术企业8家以上" in row.inner_text()
    screenshot(page, "text-import-review")
    row.locator("input[name$='-value']").fill("9")
    page.click("#review-form .actions button[value=save]")
    assert "修改 1 个指标" in page.locator(".messages").inner_text()
    first.refresh_from_db()
    assert first.value == 9
    page.click("h1 button:has-text('保存并发布')")
    # Tasks the text names no department for cannot be published as they are: the page says
    # so, keeps the edits, and the admin names one for each.
    assert "没有牵头部门" in page.content()
    selects = page.locator("select[name$='-lead_department']")
    for i in range(selects.count()):
        if selects.nth(i).input_value() == "":
            selects.nth(i).select_option(index=1)
    page.click("h1 button:has-text('保存并发布')")
    assert "已保存并发布" in page.locator(".messages").inner_text()
    page.click("text=退出")

    log_in(page, live_server.url, "dcf_chuangxin")  # 科技创新股, named as the lead department
    page.wait_for_url("**/my/")
    mine = page.locator("main").inner_text()
    assert "东昌府区科学技术局2026年度工作计划" in mine and "新增高新技术企业" in mine
    screenshot(page, "text-import-officer")
    page.click("text=退出")
    log_in(page, live_server.url, "dcf_chengguo")  # 成果转化股 leads (二)
    page.wait_for_url("**/my/")
    assert "技术合同成交额" in page.locator("main").inner_text()
    assert page.console_errors == []
