from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from plans.models import Plan, Task
from targets.models import Target
from tests.conftest import make_target


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def grow(world, copies: int) -> None:
    """Many more plans, tasks and targets in the same bureaus."""
    for bureau in (world.city, world.county, world.other_county):
        for n in range(copies):
            plan = Plan.objects.create(bureau=bureau, year=2026, title=f"{bureau.name}附加计划{n}", status="published")
            department = bureau.departments.first()
            for m in range(5):
                task = Task.objects.create(plan=plan, text=f"任务{m}", lead_department=department)
                make_target(task, f"指标{m}", "10", current_value=Decimal(m), last_reported_on=date(2026, 11, 1))


# --- access first --------------------------------------------------------------------------


def test_officer_cannot_open_any_dashboard_page(client, world, county_officer):
    client.force_login(county_officer)
    for url in [
        "/dashboard/",
        "/dashboard/region/371500/",
        f"/dashboard/bureau/{world.county.pk}/",
        "/dashboard/ranking/",
    ]:
        assert client.get(url).status_code == 403


def test_out_of_scope_region_and_bureau_answer_404(client, world, county_leader):
    client.force_login(county_leader)
    assert client.get("/dashboard/region/371500/").status_code == 404
    assert client.get("/dashboard/region/371400/").status_code == 404
    assert client.get(f"/dashboard/bureau/{world.city.pk}/").status_code == 404
    assert client.get(f"/dashboard/bureau/{world.other_county.pk}/").status_code == 404


def test_city_leader_drills_from_city_to_county_to_bureau(client, world, city_leader):
    client.force_login(city_leader)
    top = client.get("/dashboard/")
    names = {row.name for row in top.context["children"]}
    assert names == {"聊城市（本级）", "东昌府区", "阳谷县"}
    county = client.get("/dashboard/region/371502/")
    assert [row.name for row in county.context["children"]] == ["东昌府区科学技术局"]
    assert [name for name, _ in county.context["crumbs"]] == ["聊城市", "东昌府区"]
    bureau = client.get(f"/dashboard/bureau/{world.county.pk}/").content.decode()
    assert "创新股" in bureau and "办公室" in bureau and "德州" not in bureau


def test_county_leader_lands_on_its_bureau_with_departments(client, world, county_leader):
    client.force_login(county_leader)
    response = client.get("/dashboard/")
    assert [row.name for row in response.context["children"]] == ["创新股", "办公室", "上级分解下达的指标"]
    assert response.context["total"] == 3


def test_split_parent_is_counted_through_its_shares(client, world, city_leader):
    client.force_login(city_leader)
    response = client.get("/dashboard/")
    # 5 city/county targets + 2 shares; the split parent itself is not counted again.
    assert response.context["total"] == 6


def test_filters_narrow_every_count(client, world, city_leader):
    client.force_login(city_leader)
    assert client.get("/dashboard/?kind=legal").context["total"] == 0
    assert client.get("/dashboard/?department=创新股").context["total"] == 2  # both counties have one
    assert client.get("/dashboard/?department=办公室").context["total"] == 1


def test_ranking_orders_bureaus_by_completion(client, world, city_leader):
    Target.objects.filter(pk=world.county_share.pk).update(current_value=Decimal(3))
    other = world.county_share.parent.children.exclude(pk=world.county_share.pk).get()
    Target.objects.filter(pk=other.pk).update(current_value=Decimal(4))
    client.force_login(city_leader)
    rows = client.get("/dashboard/ranking/?metric=全社会研发经费投入").context["rows"]
    assert [(r["bureau"], r["completion"]) for r in rows] == [("阳谷县科学技术局", 1.0), ("东昌府区科学技术局", 0.5)]


def test_tables_export_to_excel_with_only_scope(client, world, county_leader):
    client.force_login(county_leader)
    response = client.get("/dashboard/?export=children")
    sheet = load_workbook(BytesIO(response.content)).active
    assert [c.value for c in sheet[3]][:2] == ["科室", "指标数"]
    names = {sheet.cell(row, 1).value for row in range(4, sheet.max_row + 1)}
    assert names == {"创新股", "办公室", "上级分解下达的指标"}
    ranking = client.get("/dashboard/ranking/?metric=全社会研发经费投入&export=1")
    assert ranking.status_code == 200


# --- a fixed number of queries, whatever the amount of data --------------------------------


@pytest.mark.parametrize(
    "user,url",
    [
        ("city_leader", "/dashboard/"),
        ("city_leader", "/dashboard/region/371502/"),
        ("city_leader", "/dashboard/ranking/"),
        ("county_leader", "/dashboard/"),
        ("province_leader", "/dashboard/region/371500/"),
    ],
)
def test_query_count_does_not_grow_with_data(client, world, request, user, url):
    """Counted once the day's statuses are stored (the steady state); the request that
    stores them runs a fixed handful more, whatever the amount of data."""
    leader = request.getfixturevalue(user)
    client.force_login(leader)
    refreshing = queries(client, url)
    small = queries(client, url)
    grow(world, copies=8)
    leader.refresh_from_db()
    client.force_login(leader)
    # the new plans' targets: one UPDATE marks them stale, one moves the marker, one stores them
    assert queries(client, url) <= small + 3
    large = queries(client, url)
    assert large == small
    assert small <= 28  # the page, its filters and lists, and the nav's unread-notices count
    assert refreshing <= small + 8


def test_split_target_page_flags_shares_that_do_not_add_up(client, world, city_leader):
    client.force_login(city_leader)
    page = client.get(f"/targets/{world.city_split_parent.pk}/").content.decode()
    assert "各单位目标合计 10亿元，与总目标一致" in page
    Target.objects.filter(pk=world.county_share.pk).update(value=Decimal(7))
    page = client.get(f"/targets/{world.city_split_parent.pk}/").content.decode()
    assert "各单位目标合计 11亿元，与总目标 10亿元 不一致" in page


def test_many_overdue_targets_do_not_crowd_out_the_unreported_list(client, world, county_leader):
    """Each list is chosen on its own: 100 overdue targets with earlier deadlines leave the
    unreported ones their place."""
    from django.utils import timezone

    today = timezone.localdate()
    task = world.county_target.task
    for n in range(100):
        make_target(task, f"逾期指标{n}", "10", period_start=date(2024, 1, 1), period_end=date(2024, 12, 31))
    Target.objects.filter(pk=world.county_target.pk).update(
        period_start=today.replace(month=1, day=1), period_end=today.replace(month=12, day=31), last_reported_on=None
    )
    client.force_login(county_leader)
    response = client.get("/dashboard/")
    assert len(response.context["overdue"]) == 20
    unreported = {t.pk: t.status for t in response.context["unreported"]}
    assert world.county_target.pk in unreported and set(unreported.values()) == {"unreported"}


def test_the_review_list_follows_the_page(client, world, city_leader):
    """On a county's page the reports waiting for review are that county's; on the city's
    page, every county's."""
    from django.utils import timezone

    from targets.models import ProgressReport
    from tests.conftest import make_user

    today = timezone.localdate()
    Target.objects.update(period_start=today.replace(month=1, day=1), period_end=today.replace(month=12, day=31))
    reporter = make_user("someone")
    here = ProgressReport.objects.create(target=world.county_target, value=1, as_of=today, reporter=reporter)
    there = ProgressReport.objects.create(target=world.other_county_target, value=1, as_of=today, reporter=reporter)
    client.force_login(city_leader)
    county_page = client.get(f"/dashboard/bureau/{world.county.pk}/")
    assert [r.pk for r in county_page.context["waiting"]] == [here.pk]
    city_page = client.get("/dashboard/")
    assert {r.pk for r in city_page.context["waiting"]} == {here.pk, there.pk}
