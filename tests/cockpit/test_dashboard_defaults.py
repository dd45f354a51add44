from datetime import date

from django.utils import timezone

from plans.models import Plan
from targets.models import Target
from tests.conftest import make_target, make_task


def test_dashboard_year_defaults_to_the_current_year(client, world, city_leader):
    this_year = timezone.localdate().year
    Plan.objects.update(year=this_year)
    old = Plan.objects.create(bureau=world.county, year=this_year - 2, title="旧计划", status="published")
    make_target(
        make_task(old, "旧任务", world.county_chuangxin),
        "旧指标",
        "5",
        period_start=date(this_year - 2, 1, 1),
        period_end=date(this_year - 2, 12, 31),
    )
    client.force_login(city_leader)
    default = client.get("/dashboard/")
    assert default.context["filters"].year == this_year
    every_year = client.get("/dashboard/", {"year": ""})
    assert every_year.context["total"] == default.context["total"] + 1


def test_department_filter_offers_the_departments_in_scope(client, world, city_leader):
    client.force_login(city_leader)
    names = list(client.get("/dashboard/").context["department_names"])
    assert names == sorted({"高新科", "成果科", "创新股", "办公室"})  # 德州 is out of scope


def test_empty_filtered_result_says_nothing_matches_the_filter(client, world, city_leader):
    client.force_login(city_leader)
    page = client.get("/dashboard/", {"department": "成果科", "status": "overdue"}).content.decode()
    assert "没有符合筛选条件的指标" in page
    assert "范围内还没有已发布的计划" not in page and "本期都已填报" not in page
    assert "没有逾期或严重滞后的指标。" not in page


def test_city_own_row_links_to_the_city_bureau_page(client, world, city_leader):
    client.force_login(city_leader)
    rows = {row.name: row.url for row in client.get("/dashboard/").context["children"]}
    assert rows["聊城市（本级）"] == f"/dashboard/bureau/{world.city.pk}/"
    assert client.get(rows["聊城市（本级）"]).status_code == 200


def test_status_tiles_filter_the_lists(client, world, city_leader):
    Target.objects.filter(pk=world.county_target.pk).update(period_end=date(2026, 1, 31))  # overdue
    client.force_login(city_leader)
    page = client.get("/dashboard/")
    tile = {row["status"]: row["url"] for row in page.context["counts"]}["overdue"]
    assert "status=overdue" in tile
    chosen = client.get("/dashboard/" + tile.split("#")[0])
    assert [t.pk for t in chosen.context["filtered"]] == [world.county_target.pk]
    assert chosen.context["total"] == 1


def test_target_page_has_the_dashboard_breadcrumb_for_a_leader(client, world, city_leader):
    client.force_login(city_leader)
    page = client.get(f"/targets/{world.county_target.pk}/").content.decode()
    crumbs = page[page.index('class="crumbs"') :].split("</nav>")[0]
    assert 'href="/dashboard/"' in crumbs and "驾驶舱" in crumbs
    assert f'href="/dashboard/bureau/{world.county.pk}/"' in crumbs
