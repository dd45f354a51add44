from datetime import date
from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook

from plans.models import Plan
from tests.conftest import make_target, make_task


def ceiling_targets(world):
    """ "≤ 2 个" in three bureaus: one over the ceiling, one under it, one not reported."""
    reported = date(2026, 11, 1)
    for plan, current in ((world.county_plan, "3"), (world.other_county_plan, "1"), (world.city_plan, None)):
        task = make_task(plan, "安全生产", plan.bureau.departments.first())
        make_target(
            task,
            "较大安全事故",
            "2",
            "个",
            comparator="lte",
            current_value=None if current is None else Decimal(current),
            last_reported_on=reported if current else None,
        )


def test_ranking_of_a_ceiling_puts_the_unit_over_it_below_the_unit_within_it(client, world, city_leader):
    ceiling_targets(world)
    client.force_login(city_leader)
    rows = client.get("/dashboard/ranking/", {"metric": "较大安全事故"}).context["rows"]
    assert [(r["place"], r["bureau"], r["verdict"]) for r in rows] == [
        (1, "阳谷县科学技术局", "未超上限"),
        (2, "东昌府区科学技术局", "超出上限"),
        (3, "聊城市科学技术局", "未填报"),
    ]


def test_ranking_page_shows_the_comparator_and_no_zero_for_the_unreported(client, world, city_leader):
    ceiling_targets(world)
    client.force_login(city_leader)
    page = client.get("/dashboard/ranking/", {"metric": "较大安全事故"}).content.decode()
    assert "≤2个" in page
    table = page[page.index('id="ranking-table"') :]
    unreported_row = table[table.index("聊城市科学技术局") :].split("</tr>")[0]
    assert "未填报" in unreported_row and "0个" not in unreported_row and "0%" not in unreported_row


def test_ranking_of_a_floor_is_by_share_reached(client, world, city_leader):
    for plan, current in ((world.county_plan, "9"), (world.other_county_plan, "4")):
        make_target(
            make_task(plan, "企业"),
            "新增企业",
            "10",
            "家",
            current_value=Decimal(current),
            last_reported_on=date(2026, 11, 1),
        )
    client.force_login(city_leader)
    rows = client.get("/dashboard/ranking/", {"metric": "新增企业"}).context["rows"]
    assert [(r["bureau"], r["verdict"]) for r in rows] == [("东昌府区科学技术局", "90%"), ("阳谷县科学技术局", "40%")]


def test_ranking_export_has_distinct_headers_and_numbers(client, world, city_leader):
    ceiling_targets(world)
    client.force_login(city_leader)
    response = client.get("/dashboard/ranking/", {"metric": "较大安全事故", "export": "1"})
    ws = load_workbook(BytesIO(response.content)).active
    headers = [c.value for c in ws[3]]
    assert len(headers) == len(set(headers))
    first = [c.value for c in ws[4]]
    assert first[:6] == [1, "阳谷县科学技术局", "≤", 2, 1, "个"]
    assert ws.cell(4, 7).value == 1 and ws.cell(4, 7).number_format == "0%"
    assert ws.cell(6, 5).value is None  # not reported: empty, not 0


def test_county_leader_ranking_ranks_the_bureaus_own_targets(client, world, county_leader):
    Plan.objects.filter(pk=world.county_plan.pk).update(year=date.today().year)
    client.force_login(county_leader)
    response = client.get("/dashboard/ranking/")
    assert response.status_code == 200
    names = [r["name"] for r in response.context["rows"]]
    assert set(names) == {"科技型中小企业入库", "报送政务信息", "全社会研发经费投入"}
    assert "范围内没有" not in response.content.decode()
