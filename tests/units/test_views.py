import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

ROLE_HOMES = [
    ("county_officer", "/my/"),
    ("county_leader", "/dashboard/"),
    ("county_admin", "/plans/"),
    ("city_leader", "/dashboard/"),
    ("province_admin", "/plans/"),
]


def test_anonymous_user_is_sent_to_login(client, world):
    for url in ["/", "/my/", "/dashboard/", "/plans/", f"/targets/{world.city_target.pk}/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_login_page_is_in_simplified_chinese(client, db):
    response = client.get("/accounts/login/")
    content = response.content.decode()
    assert response.status_code == 200
    assert 'lang="zh-hans"' in content
    assert "用户名" in content and "密码" in content and "登录" in content


def test_wrong_password_shows_chinese_error_and_keeps_username(client, county_officer):
    response = client.post("/accounts/login/", {"username": "county_officer", "password": "wrong"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "请输入一个正确的" in content
    assert 'value="county_officer"' in content


@pytest.mark.parametrize("username,home", ROLE_HOMES)
def test_each_role_lands_on_its_home_after_login(db, client, request, username, home):
    request.getfixturevalue(username)
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == home
    assert response.status_code == 200


def test_user_without_role_is_told_so(client, no_role_user):
    client.force_login(no_role_user)
    response = client.get("/")
    assert response.status_code == 403
    assert "尚未分配角色" in response.content.decode()


def test_officer_cannot_open_dashboard_or_plan_management(client, county_officer):
    client.force_login(county_officer)
    assert client.get("/dashboard/").status_code == 403
    assert client.get("/plans/").status_code == 403


def test_leader_cannot_open_officer_home(client, city_leader):
    client.force_login(city_leader)
    assert client.get("/my/").status_code == 403


def test_out_of_scope_target_and_plan_answer_404(client, world, county_leader):
    client.force_login(county_leader)
    assert client.get(f"/targets/{world.city_target.pk}/").status_code == 404
    assert client.get(f"/targets/{world.other_county_target.pk}/").status_code == 404
    assert client.get(f"/plans/{world.other_city_plan.pk}/").status_code == 404


def test_logout_needs_post_and_ends_session(client, county_leader):
    client.force_login(county_leader)
    assert client.get("/accounts/logout/").status_code == 405
    client.post("/accounts/logout/")
    assert client.get("/dashboard/").status_code == 302


def test_officer_home_lists_own_targets_only(client, world, county_officer):
    client.force_login(county_officer)
    content = client.get("/my/").content.decode()
    assert "科技型中小企业入库" in content
    assert "全社会研发经费投入" in content  # the share assigned to the bureau
    assert "报送政务信息" not in content  # another department's
    assert "德州市指标" not in content and "阳谷县指标" not in content


def test_officer_home_filters_by_status(client, world, county_officer):
    client.force_login(county_officer)
    content = client.get("/my/?status=done").content.decode()
    assert "没有符合条件的指标" in content


def test_dashboard_counts_only_scope(client, world, county_leader):
    client.force_login(county_leader)
    response = client.get("/dashboard/")
    content = response.content.decode()
    assert "东昌府区科学技术局" in content
    assert "聊城市科学技术局" not in content and "阳谷县科学技术局" not in content
    assert sum(row["count"] for row in response.context["counts"]) == 3


def test_city_dashboard_lists_the_city_and_each_county(client, world, city_leader):
    client.force_login(city_leader)
    rows = client.get("/dashboard/").context["children"]
    assert {row.name for row in rows} == {"聊城市（本级）", "东昌府区", "阳谷县"}


def test_plan_management_lists_managed_plans_with_drafts(client, world, city_admin):
    client.force_login(city_admin)
    titles = [p.title for p in client.get("/plans/").context["plans"]]
    assert set(titles) == {
        "聊城市科技局年度计划",
        "聊城市科技局明年计划（草稿）",
        "东昌府区科技局工作要点",
        "阳谷县科技局工作要点",
    }


def test_plan_detail_shows_officer_only_its_tasks(client, world, city_officer):
    client.force_login(city_officer)
    content = client.get(reverse("plans:detail", args=[world.city_plan.pk])).content.decode()
    assert "新增高新技术企业" in content


def test_security_headers_present(client, db):
    response = client.get("/accounts/login/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
