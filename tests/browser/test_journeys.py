from datetime import date

import pytest

from demo.content import PASSWORD

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(live_server):
    from demo.builder import load_demo

    load_demo()
    return live_server.url


def log_in(page, base, username):
    page.goto(f"{base}/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def test_wrong_password_keeps_user_on_login_page_with_chinese_error(page, demo_site):
    page.goto(f"{demo_site}/accounts/login/")
    screenshot(page, "login")
    page.fill("#id_username", "lc_leader")
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")
    assert "请输入一个正确的" in page.locator("[role=alert]").inner_text()
    assert page.input_value("#id_username") == "lc_leader"


def test_officer_lands_on_my_tasks_with_own_targets(page, demo_site):
    log_in(page, demo_site, "dcf_chuangxin")
    page.wait_for_url(f"{demo_site}/my/")
    assert page.locator("h1").inner_text() == "我的任务"
    rows = page.locator("table.grid tbody tr:not(.section-row)")
    assert rows.count() > 0
    assert "全社会研发经费投入" in page.content()  # the split share assigned to the county
    assert "驾驶舱" not in page.locator("nav.mainnav").inner_text()
    screenshot(page, "officer-my-targets")
    assert page.console_errors == []


def test_city_leader_drills_down_ranks_and_exports(page, demo_site):
    log_in(page, demo_site, "lc_leader")
    page.wait_for_url(f"{demo_site}/dashboard/")
    table = page.locator("#children-table").inner_text()
    for county in ("东昌府区", "临清市", "聊城市（本级）"):
        assert county in table
    assert "德州" not in page.content()
    page.wait_for_selector("#status-chart canvas")
    screenshot(page, "leader-dashboard")
    page.locator("#children-table th", has_text="完成率").click()  # sortable
    page.locator("#children-table a", has_text="东昌府区").click()
    page.wait_for_url("**/dashboard/region/371502/")
    assert "聊城市 › 东昌府区" in page.locator("nav.crumbs").inner_text().replace("\xa0", " ")
    page.locator("#children-table a", has_text="东昌府区科学技术局").click()
    page.wait_for_url("**/dashboard/bureau/*/")
    assert "科技创新股" in page.locator("#children-table").inner_text()
    screenshot(page, "leader-bureau")
    page.locator("#children-table a", has_text="科技创新股").click()
    page.locator("section.card", has_text="科技创新股的指标").locator("table a").first.click()
    assert page.locator("h2", has_text="填报记录").count() == 1
    page.wait_for_selector("#target-chart canvas")
    screenshot(page, "target-detail")
    page.goto(f"{demo_site}/dashboard/ranking/?metric=新增高新技术企业")
    assert page.locator("#ranking-table tbody tr").count() == 9  # eight counties and the city
    page.wait_for_selector("#ranking-chart canvas")
    screenshot(page, "ranking")
    with page.expect_download() as download:
        page.click("text=导出 Excel")
    assert download.value.suggested_filename == "新增高新技术企业排名.xlsx"
    assert page.console_errors == []


def test_county_leader_sees_only_its_bureau(page, demo_site):
    log_in(page, demo_site, "dcf_leader")
    page.wait_for_url(f"{demo_site}/dashboard/")
    content = page.content()
    assert "东昌府区科学技术局" in content
    assert "临清市" not in content and "阳谷县" not in content
    # The city's plan is named only as the source of the share split down to the county.
    assert "上级分解下达的指标" in page.locator("#children-table").inner_text()


def test_admin_lands_on_plan_management_and_opens_a_plan(page, demo_site):
    log_in(page, demo_site, "lc_admin")
    page.wait_for_url(f"{demo_site}/plans/")
    assert "征求意见稿" in page.content()  # drafts are the admin's business
    screenshot(page, "admin-plans")
    page.get_by_role("link", name=f"聊城市科学技术局{date.today().year}年度重点工作计划").click()
    assert page.locator("tr.section-row").count() >= 6
    screenshot(page, "plan-detail")
    page.click("text=退出")
    page.wait_for_url(f"{demo_site}/accounts/login/")
    page.goto(f"{demo_site}/plans/")
    assert "/accounts/login/" in page.url


def test_county_admin_uses_the_scoped_django_admin(page, demo_site):
    log_in(page, demo_site, "dcf_admin")
    page.goto(f"{demo_site}/admin/units/department/")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 3
    assert "聊城市科学技术局" not in page.locator("#result_list").inner_text()
    screenshot(page, "admin-departments")
    page.goto(f"{demo_site}/admin/plans/plan/")
    assert "东昌府区科学技术局" in page.locator("#result_list").inner_text()
    assert page.console_errors == []
