"""政务公开: what an anonymous reader sees of a disclosed plan, and nothing more."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosure.models import PublicPlan
from disclosure.services import plan_disclose, plan_withdraw_disclosure
from plans.models import Plan
from targets.models import ProgressReport
from targets.services import target_refresh_progress
from tests.conftest import YEAR, make_target, make_task


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def disclosed(world, city_admin, county_officer):
    plan = world.county_plan
    plan.tasks.update(responsible_leader="王某某", responsible_person="李某某")
    approved = ProgressReport.objects.create(
        target=world.county_target,
        value=Decimal(12),
        as_of=date(YEAR, 6, 30),
        reporter=county_officer,
        state=ProgressReport.State.APPROVED,
        note="内部说明：不公开",
    )
    ProgressReport.objects.create(  # waiting for review: never on the public page
        target=world.county_target,
        value=Decimal(29),
        as_of=date(YEAR, 9, 30),
        reporter=county_officer,
    )
    target_refresh_progress(target=world.county_target)
    plan_disclose(actor=city_admin, plan=plan)
    return plan, approved


def test_an_anonymous_reader_sees_the_plan_targets_and_approved_progress(client, disclosed):
    plan, _ = disclosed
    page = client.get(f"/public/plans/{plan.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert plan.title in text and "科技型中小企业入库" in text and "创新股" in text
    assert "完成 12家" in text and "数据截至 2026年6月30日" in text


def test_the_public_page_names_no_person_and_shows_no_note_nor_waiting_report(client, disclosed):
    plan, _ = disclosed
    text = client.get(f"/public/plans/{plan.pk}/").content.decode()
    for hidden in ("王某某", "李某某", "内部说明", "29家", "county_officer", "佐证"):
        assert hidden not in text


@pytest.mark.parametrize("which", ["draft", "not_disclosed", "other"])
def test_a_plan_not_disclosed_is_not_found(client, world, disclosed, which):
    plan = {"draft": world.draft_plan, "not_disclosed": world.city_plan, "other": world.other_city_plan}[which]
    if which == "draft":
        PublicPlan.objects.create(plan=plan, disclosed_by=disclosed[1].reporter)  # even if a row says so
    assert client.get(f"/public/plans/{plan.pk}/").status_code == 404


def test_the_public_pages_take_a_fixed_handful_of_queries(client, world, disclosed):
    plan, _ = disclosed
    for number in range(30):  # more tasks and targets change nothing
        make_target(make_task(plan, f"任务{number}", world.county_chuangxin), f"指标{number}", "5")
    with CaptureQueriesContext(connection) as page:
        assert client.get(f"/public/plans/{plan.pk}/").status_code == 200
    with CaptureQueriesContext(connection) as index:
        assert client.get("/public/").status_code == 200
    assert len(page.captured_queries) <= 5
    assert len(index.captured_queries) <= 2
    with CaptureQueriesContext(connection) as again:
        client.get(f"/public/plans/{plan.pk}/")
    assert len(again.captured_queries) == 0  # cached


def test_public_pages_say_they_may_be_cached_publicly(client, disclosed):
    response = client.get(f"/public/plans/{disclosed[0].pk}/")
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert "Set-Cookie" not in response


def test_the_index_lists_disclosed_plans_by_bureau_and_region(client, world, disclosed, city_admin):
    text = client.get("/public/").content.decode()
    assert world.county_plan.title in text and world.city_plan.title not in text
    assert world.county_plan.title in client.get("/public/?region=371502").content.decode()
    assert world.county_plan.title not in client.get("/public/?region=371400").content.decode()


def test_only_an_admin_of_the_plan_may_disclose_it(world, county_admin, city_leader):
    with pytest.raises(PermissionDenied):
        plan_disclose(actor=city_leader, plan=world.county_plan)
    with pytest.raises(PermissionDenied):
        plan_disclose(actor=county_admin, plan=world.city_plan)
    with pytest.raises(ValidationError, match="已发布"):
        plan_disclose(actor=county_admin, plan=Plan.objects.create(bureau=world.county, year=YEAR, title="草稿"))
    assert not PublicPlan.objects.exists()


def test_an_admin_discloses_and_withdraws_from_the_plan_page(client, world, county_admin):
    client.force_login(county_admin)
    plan = world.county_plan
    assert "公开到政务公开页面" in client.get(f"/plans/{plan.pk}/").content.decode()
    client.post(f"/public/plans/{plan.pk}/disclosure/", {"action": "disclose"})
    assert PublicPlan.objects.filter(plan=plan).exists()
    assert "取消公开" in client.get(f"/plans/{plan.pk}/").content.decode()
    client.post(f"/public/plans/{plan.pk}/disclosure/", {"action": "withdraw"})
    assert not PublicPlan.objects.filter(plan=plan).exists()
    assert PublicPlan.history.filter(plan_id=plan.pk).count() == 2  # who disclosed and withdrew, kept


def test_withdrawing_takes_the_page_down(client, disclosed, city_admin):
    plan, _ = disclosed
    plan_withdraw_disclosure(actor=city_admin, plan=plan)
    assert client.get(f"/public/plans/{plan.pk}/").status_code == 404
