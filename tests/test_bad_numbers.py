"""Numbers and ids from the outside: a magnitude a column cannot hold is refused with a
message on both databases, and an id that is not a valid int is a 404 or an ignored filter,
never a 500."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from targets.models import ProgressReport, Target

HUGE = "99999999999999999999"  # past a 64-bit integer
ODD = ["-1", "1e3", "²", "١٢", "0x10", " 1", HUGE]


@pytest.fixture
def this_year(world):
    today = timezone.localdate()
    Target.objects.update(period_start=date(today.year, 1, 1), period_end=date(today.year, 12, 31))
    return world


@pytest.mark.parametrize(
    "role,url",
    [
        ("county_officer", f"/targets/{HUGE}/"),
        ("county_officer", f"/targets/{HUGE}/report/"),
        ("county_leader", f"/reports/{HUGE}/approve/"),
        ("county_officer", f"/evidence/{HUGE}/"),
        ("county_admin", f"/plans/{HUGE}/"),
        ("county_admin", f"/plans/{HUGE}/export/"),
        ("county_admin", f"/plans/{HUGE}/history/"),
        ("county_admin", f"/plans/{HUGE}/review/"),
        ("county_admin", f"/plans/import/jobs/{HUGE}/"),
        ("city_leader", f"/dashboard/bureau/{HUGE}/"),
    ],
)
def test_an_id_past_any_integer_in_the_path_is_not_found(client, world, request, role, url):
    client.force_login(request.getfixturevalue(role))
    method = client.post if "approve" in url else client.get
    assert method(url).status_code == 404


@pytest.mark.parametrize("value", ODD)
@pytest.mark.parametrize(
    "role,url,param",
    [
        ("county_officer", "/my/", "plan"),
        ("county_admin", "/plans/", "year"),
        ("county_admin", "/plans/import/template.xlsx", "bureau"),
        ("city_leader", "/dashboard/", "year"),
        ("county_leader", "/dashboard/", "department_id"),
        ("city_leader", "/dashboard/ranking/", "year"),
    ],
)
def test_an_odd_id_in_a_filter_is_ignored(client, world, request, role, url, param, value):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url, {param: value}).status_code == 200


@pytest.mark.parametrize(
    "typed",
    [
        "99999999999999.9999",
        "1e999999999999999999",
        "-1e999999999999999999",
        "100000000000000",
        "1e-999999999999999999x",
    ],
)
def test_a_report_value_past_what_the_column_holds_is_refused(client, this_year, county_officer, typed):
    from tests.targets.test_reporting_views import keyed

    target = this_year.county_target
    client.force_login(county_officer)
    response = client.post(
        f"/targets/{target.pk}/report/", keyed(target, {"value": typed, "as_of": timezone.localdate().isoformat()})
    )
    assert response.status_code == 200
    assert response.context["form"].errors["value"]
    assert not ProgressReport.objects.exists()
    assert client.get(f"/targets/{target.pk}/").status_code == 200


def test_the_largest_value_both_databases_keep_is_stored_and_read_back(client, this_year, county_officer):
    from tests.targets.test_reporting_views import keyed

    target = this_year.county_target
    client.force_login(county_officer)
    # Far over the target (30), so the officer confirms it and says why, as the form asks.
    response = client.post(
        f"/targets/{target.pk}/report/",
        keyed(
            target,
            {
                "value": "99999999999.9999",
                "as_of": timezone.localdate().isoformat(),
                "confirmed": "on",
                "note": "按统计口径核实无误",
            },
        ),
    )
    assert response.status_code == 302
    assert ProgressReport.objects.get().value == Decimal("99999999999.9999")
    for url in (f"/targets/{target.pk}/", "/my/"):
        assert client.get(url).status_code == 200


def test_the_service_refuses_a_value_with_more_digits_than_both_databases_keep(this_year, county_officer):
    from django.core.exceptions import ValidationError

    from targets.services import progress_report_submit

    with pytest.raises(ValidationError) as error:
        progress_report_submit(
            actor=county_officer,
            target=this_year.county_target,
            value=Decimal("99999999999999.9999"),
            as_of=timezone.localdate(),
        )
    assert "value" in error.value.message_dict
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("field", ["value", "baseline"])
def test_a_target_value_past_what_both_databases_keep_is_refused(world, field):
    from django.core.exceptions import ValidationError

    target = world.county_target
    setattr(target, field, Decimal("99999999999999.9999"))
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert field in error.value.message_dict


# --- the plan review formset: only the plan's own rows --------------------------------------


def review_data(targets=(), tasks=()):
    data = {
        "targets-TOTAL_FORMS": len(targets),
        "targets-INITIAL_FORMS": len(targets),
        "tasks-TOTAL_FORMS": len(tasks),
        "tasks-INITIAL_FORMS": len(tasks),
    }
    for index, target in enumerate(targets):
        data.update(
            {
                f"targets-{index}-id": target.pk,
                f"targets-{index}-metric": "改写",
                f"targets-{index}-comparator": "gte",
                f"targets-{index}-value": "7",
                f"targets-{index}-unit": "家",
                f"targets-{index}-kind": "count",
            }
        )
    for index, task in enumerate(tasks):
        data.update({f"tasks-{index}-id": task.pk, f"tasks-{index}-lead_department": ""})
    return data


def snapshot():
    from plans.models import Task

    return (
        sorted(Target.objects.values_list("pk", "metric", "value")),
        sorted(Task.objects.values_list("pk", "lead_department")),
    )


@pytest.mark.parametrize("row", ["target", "task"])
def test_the_review_refuses_a_row_of_another_plan(client, world, county_admin, row):
    client.force_login(county_admin)
    county_draft = world.county_plan
    foreign = world.other_county_target if row == "target" else world.other_county_target.task
    data = review_data(targets=[foreign]) if row == "target" else review_data(tasks=[foreign])
    before = snapshot()
    response = client.post(f"/plans/{county_draft.pk}/review/", data)
    assert response.status_code == 200
    assert "不是本计划的内容" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("row", ["targets", "tasks"])
def test_the_review_refuses_a_row_without_an_id(client, world, county_admin, row):
    client.force_login(county_admin)
    target = world.county_target
    data = review_data(targets=[target]) if row == "targets" else review_data(tasks=[target.task])
    del data[f"{row}-0-id"]
    before = snapshot()
    response = client.post(f"/plans/{world.county_plan.pk}/review/", data)
    assert response.status_code == 200 and "不是本计划的内容" in response.content.decode()
    assert snapshot() == before


def test_the_review_creates_no_new_rows(client, world, county_admin):
    client.force_login(county_admin)
    data = review_data(targets=[world.county_target])
    data.update(
        {
            "targets-TOTAL_FORMS": 2,
            "targets-1-metric": "新增",
            "targets-1-comparator": "gte",
            "targets-1-value": "1",
            "targets-1-unit": "家",
            "targets-1-kind": "count",
        }
    )
    before = Target.objects.count()
    response = client.post(f"/plans/{world.county_plan.pk}/review/", data)
    assert response.status_code in (200, 302)
    assert Target.objects.count() == before
