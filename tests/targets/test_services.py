from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from targets.models import ProgressReport
from targets.services import progress_report_approve, progress_report_return, progress_report_submit


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def this_year(world, today):
    """Moves the world's periods to the current year, so reports can be dated today."""
    from targets.models import Target

    Target.objects.update(period_start=date(today.year, 1, 1), period_end=date(today.year, 12, 31))
    for name in ("county_target", "county_share", "city_split_parent", "city_target"):
        getattr(world, name).refresh_from_db()
    return world


def test_officer_cannot_report_on_another_departments_target(this_year, county_officer, today):
    with pytest.raises(PermissionDenied):
        progress_report_submit(
            actor=county_officer, target=this_year.county_office_target, value=Decimal(1), as_of=today
        )
    assert not ProgressReport.objects.exists()


def test_leader_cannot_report(this_year, county_leader, today):
    with pytest.raises(PermissionDenied):
        progress_report_submit(actor=county_leader, target=this_year.county_target, value=Decimal(1), as_of=today)


def test_report_in_the_future_is_refused(this_year, county_officer, today):
    with pytest.raises(ValidationError) as error:
        progress_report_submit(
            actor=county_officer, target=this_year.county_target, value=Decimal(1), as_of=today + timedelta(days=1)
        )
    assert "不能晚于今天" in str(error.value)


def test_submitted_report_waits_for_review_before_counting(this_year, county_officer, today):
    report = progress_report_submit(
        actor=county_officer, target=this_year.county_target, value=Decimal(12), as_of=today
    )
    target = this_year.county_target
    target.refresh_from_db()
    assert report.state == ProgressReport.State.SUBMITTED
    assert target.current_value is None
    assert target.last_reported_on == today


def test_approval_moves_current_value(this_year, county_officer, county_leader, today):
    report = progress_report_submit(
        actor=county_officer, target=this_year.county_target, value=Decimal(12), as_of=today
    )
    progress_report_approve(actor=county_leader, report=report)
    this_year.county_target.refresh_from_db()
    assert this_year.county_target.current_value == Decimal(12)


def test_return_needs_a_reason_and_does_not_count(this_year, county_officer, county_leader, today):
    report = progress_report_submit(
        actor=county_officer, target=this_year.county_target, value=Decimal(12), as_of=today
    )
    with pytest.raises(ValidationError):
        progress_report_return(actor=county_leader, report=report, reason="  ")
    progress_report_return(actor=county_leader, report=report, reason="材料不全")
    report.refresh_from_db()
    this_year.county_target.refresh_from_db()
    assert report.state == ProgressReport.State.RETURNED and report.reason == "材料不全"
    assert this_year.county_target.current_value is None
    assert this_year.county_target.last_reported_on is None


def test_out_of_scope_leader_cannot_review(this_year, county_officer, today, world):
    from tests.conftest import make_user

    other_leader = make_user("yg_leader", world.other_county, "leader")
    report = progress_report_submit(actor=county_officer, target=this_year.county_target, value=Decimal(1), as_of=today)
    with pytest.raises(PermissionDenied):
        progress_report_approve(actor=other_leader, report=report)


def test_report_cannot_be_reviewed_twice(this_year, county_officer, county_leader, today):
    report = progress_report_submit(actor=county_officer, target=this_year.county_target, value=Decimal(1), as_of=today)
    progress_report_approve(actor=county_leader, report=report)
    with pytest.raises(ValidationError):
        progress_report_return(actor=county_leader, report=report, reason="晚了")


def test_split_parent_sums_its_childrens_approved_values(this_year, county_officer, county_leader, today):
    report = progress_report_submit(
        actor=county_officer, target=this_year.county_share, value=Decimal("4.5"), as_of=today
    )
    progress_report_approve(actor=county_leader, report=report)
    parent = this_year.city_split_parent
    parent.refresh_from_db()
    assert parent.current_value == Decimal("4.5")
    assert parent.last_reported_on == today


def test_latest_as_of_date_wins_not_latest_submission(this_year, county_officer, county_leader, today):
    newer = progress_report_submit(actor=county_officer, target=this_year.county_target, value=Decimal(20), as_of=today)
    older = progress_report_submit(
        actor=county_officer,
        target=this_year.county_target,
        value=Decimal(5),
        as_of=max(today - timedelta(days=1), date(today.year, 1, 1)),
    )
    progress_report_approve(actor=county_leader, report=newer)
    progress_report_approve(actor=county_leader, report=older)
    this_year.county_target.refresh_from_db()
    expected = Decimal(5) if older.as_of == newer.as_of else Decimal(20)
    assert this_year.county_target.current_value == expected


def test_changes_are_recorded_with_the_actor(this_year, county_officer, county_leader, today):
    report = progress_report_submit(actor=county_officer, target=this_year.county_target, value=Decimal(3), as_of=today)
    progress_report_approve(actor=county_leader, report=report)
    assert [h.state for h in report.history.order_by("history_date")] == ["submitted", "approved"]
