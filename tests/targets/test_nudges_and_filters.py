from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from targets.models import Nudge, Target
from targets.selectors import target_chart_data


@pytest.fixture
def this_year(world):
    today = timezone.localdate()
    Target.objects.update(period_start=date(today.year, 1, 1), period_end=date(today.year, 12, 31))
    return world


def test_officer_cannot_nudge(client, this_year, county_officer):
    client.force_login(county_officer)
    assert client.post(f"/targets/{this_year.county_target.pk}/nudge/").status_code == 403
    assert not Nudge.objects.exists()


def test_leader_cannot_nudge_out_of_scope(client, this_year, county_leader):
    client.force_login(county_leader)
    assert client.post(f"/targets/{this_year.city_target.pk}/nudge/").status_code == 404
    assert not Nudge.objects.exists()


def test_nudge_reaches_lead_department_only(client, this_year, city_leader, county_officer):
    from tests.conftest import make_user

    client.force_login(city_leader)
    response = client.post(f"/targets/{this_year.county_target.pk}/nudge/", {"next": "/dashboard/"})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    nudge = Nudge.objects.get()
    assert nudge.department == this_year.county_chuangxin and nudge.sender == city_leader
    client.force_login(county_officer)
    assert "请尽快填报“科技型中小企业入库”的进展" in client.get("/my/").content.decode()
    office = make_user("office_officer", this_year.county, "officer", this_year.county_office)
    client.force_login(office)
    assert "催办提醒" not in client.get("/my/").content.decode()


def test_nudge_on_split_share_reaches_the_assigned_bureau(client, this_year, city_leader, county_officer):
    client.force_login(city_leader)
    client.post(f"/targets/{this_year.county_share.pk}/nudge/", {"message": "月底前报送研发投入"})
    nudge = Nudge.objects.get()
    assert nudge.bureau == this_year.county and nudge.department is None
    client.force_login(county_officer)
    assert "月底前报送研发投入" in client.get("/my/").content.decode()


def test_nudge_ignores_offsite_next(client, this_year, city_leader):
    client.force_login(city_leader)
    response = client.post(f"/targets/{this_year.county_target.pk}/nudge/", {"next": "https://evil.example/"})
    assert response["Location"] == "/dashboard/"


def test_my_targets_search_and_due_filter(client, this_year, county_officer):
    client.force_login(county_officer)
    found = {t.metric for t in client.get("/my/?q=入库").context["targets"]}
    assert found == {"科技型中小企业入库"}
    due = {t.metric for t in client.get("/my/?due=1").context["targets"]}
    assert due == {"科技型中小企业入库", "全社会研发经费投入"}  # nothing reported yet this cycle
    Target.objects.filter(pk=this_year.county_target.pk).update(last_reported_on=timezone.localdate(), current_value=1)
    due = {t.metric for t in client.get("/my/?due=1").context["targets"]}
    assert due == {"全社会研发经费投入"}


def test_chart_data_has_planned_path_and_counted_values(this_year, county_officer, county_leader):
    from targets.services import progress_report_approve, progress_report_submit

    today = timezone.localdate()
    target = this_year.county_target
    approved = progress_report_submit(actor=county_officer, target=target, value=Decimal(4), as_of=today)
    progress_report_approve(actor=county_leader, report=approved)
    progress_report_submit(actor=county_officer, target=target, value=Decimal(6), as_of=today)
    data = target_chart_data(target)
    assert data["planned"] == [[f"{today.year}-01-01", 0], [f"{today.year}-12-31", 30.0]]
    assert data["actual"] == [[today.isoformat(), 4.0]]
    assert data["pending"] == [[today.isoformat(), 6.0]]


def test_target_page_draws_chart_without_inline_script(client, this_year, county_leader):
    client.force_login(county_leader)
    content = client.get(f"/targets/{this_year.county_target.pk}/").content.decode()
    assert 'id="target-chart-data" type="application/json"' in content
    assert "vendor/echarts/echarts.common.min.js" in content
    assert "<script>" not in content
