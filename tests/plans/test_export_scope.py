"""A plan's 台账 shows exactly what the user's plan page shows."""

from io import BytesIO

import pytest
from openpyxl import load_workbook


def exported_texts(response) -> set[str]:
    workbook = load_workbook(BytesIO(response.content))
    return {str(c.value) for ws in workbook for row in ws.iter_rows(min_row=4) for c in row if c.value}


def page_tasks(response) -> set[str]:
    return {row["task"].text for row in response.context["rows"]}


def test_an_officer_who_sees_a_city_plan_through_its_county_share_exports_no_city_task(client, world, county_officer):
    client.force_login(county_officer)
    plan = world.city_plan
    page = client.get(f"/plans/{plan.pk}/")
    assert page.status_code == 200
    texts = exported_texts(client.get(f"/plans/{plan.pk}/export/"))
    hidden = {task.text for task in plan.tasks.all()} - page_tasks(page)
    assert hidden and not hidden & texts


@pytest.mark.parametrize("who", ["city_officer", "county_officer", "city_leader", "city_admin"])
def test_the_export_lists_the_tasks_of_the_page(client, world, request, who):
    client.force_login(request.getfixturevalue(who))
    for plan in (world.city_plan, world.county_plan):
        page = client.get(f"/plans/{plan.pk}/")
        if page.status_code != 200:
            continue
        texts = exported_texts(client.get(f"/plans/{plan.pk}/export/"))
        all_tasks = {task.text for task in plan.tasks.all()}
        assert texts & all_tasks == page_tasks(page), (who, plan.title)
