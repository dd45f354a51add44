"""Nobody reviews a report it submitted, even a user who is both reporter and leader."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from targets.models import ProgressReport
from targets.services import progress_report_approve, progress_report_return, progress_report_submit
from tests.targets.test_services import this_year, today  # noqa: F401 (fixtures)
from units.models import Membership


@pytest.fixture
def reporter_and_leader(this_year, county_officer):  # noqa: F811
    Membership.objects.create(user=county_officer, bureau=this_year.city, role="leader")
    return county_officer


@pytest.fixture
def own_report(this_year, reporter_and_leader, today):  # noqa: F811
    return progress_report_submit(
        actor=reporter_and_leader, target=this_year.county_target, value=Decimal(12), as_of=today
    )


def test_a_leader_cannot_approve_its_own_report(reporter_and_leader, own_report):
    with pytest.raises(PermissionDenied):
        progress_report_approve(actor=reporter_and_leader, report=own_report)
    own_report.refresh_from_db()
    assert own_report.state == ProgressReport.State.SUBMITTED and own_report.reviewer is None


def test_a_leader_cannot_return_its_own_report(reporter_and_leader, own_report):
    with pytest.raises(PermissionDenied):
        progress_report_return(actor=reporter_and_leader, report=own_report, reason="自己退回")
    own_report.refresh_from_db()
    assert own_report.state == ProgressReport.State.SUBMITTED


def test_the_review_queue_hides_ones_own_reports(client, reporter_and_leader, own_report, county_leader):
    client.force_login(reporter_and_leader)
    assert list(client.get("/reviews/").context["reports"]) == []
    client.force_login(county_leader)
    assert list(client.get("/reviews/").context["reports"]) == [own_report]


def test_approving_ones_own_report_through_the_page_is_not_found(client, reporter_and_leader, own_report):
    client.force_login(reporter_and_leader)
    assert client.post(f"/reports/{own_report.pk}/approve/").status_code == 404
    own_report.refresh_from_db()
    assert own_report.state == ProgressReport.State.SUBMITTED


def test_the_dashboard_does_not_list_ones_own_report_for_review(client, reporter_and_leader, own_report):
    client.force_login(reporter_and_leader)
    assert own_report not in client.get("/dashboard/").context["waiting"]
