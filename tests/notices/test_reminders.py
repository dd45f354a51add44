"""Which reminders are due, to whom, and that nobody is reminded about a target outside
its scope."""

from datetime import date, timedelta

import pytest

from access import scoping
from notices.models import Notification
from notices.reminders import cycle_end
from notices.services import reminders_send
from targets.models import Nudge, ProgressReport, Target
from tests.conftest import make_target, make_user

from .conftest import NOW, TODAY

Kind = Notification.Kind


def keys_of(user, kind):
    return sorted(Notification.objects.filter(recipient=user, kind=kind).values_list("target_id", flat=True))


@pytest.mark.parametrize(
    "cycle,today,end",
    [
        ("monthly", date(2026, 2, 10), date(2026, 2, 28)),
        ("monthly", date(2026, 12, 31), date(2026, 12, 31)),
        ("quarterly", date(2026, 11, 27), date(2026, 12, 31)),
        ("half_yearly", date(2026, 3, 1), date(2026, 6, 30)),
    ],
)
def test_cycle_end_is_the_last_day_of_the_cycle(cycle, today, end):
    assert cycle_end(cycle, today) == end


def test_a_closing_cycle_reminds_the_lead_departments_officers_of_unreported_targets(world, people):
    reminders_send(today=TODAY, now=NOW, deliver=False)
    # 创新股 leads the county target; the county's share of the split goes to all its officers.
    assert keys_of(people["county"], Kind.CYCLE_CLOSING) == sorted([world.county_target.pk, world.county_share.pk])
    assert keys_of(people["office"], Kind.CYCLE_CLOSING) == sorted(
        [world.county_office_target.pk, world.county_share.pk]
    )
    assert keys_of(people["city"], Kind.CYCLE_CLOSING) == [world.city_target.pk]  # not the split parent
    notice = Notification.objects.get(recipient=people["county"], target=world.county_target, kind=Kind.CYCLE_CLOSING)
    assert notice.title == "「科技型中小企业入库」本期进展尚未填报"
    assert "2026-11-01 至 2026-11-30" in notice.body and "还有 3 天结束" in notice.body
    assert notice.url == f"/targets/{world.county_target.pk}/"


def test_a_target_reported_in_the_cycle_is_not_reminded(world, people):
    Target.objects.filter(pk=world.county_target.pk).update(last_reported_on=date(2026, 11, 20), current_value=27)
    reminders_send(today=TODAY, now=NOW, deliver=False)
    assert world.county_target.pk not in keys_of(people["county"], Kind.CYCLE_CLOSING)


def test_no_cycle_reminder_while_the_cycle_has_more_days_left_than_the_setting(world, people, settings):
    settings.NOTICE_CYCLE_CLOSING_DAYS = 2
    reminders_send(today=TODAY, now=NOW, deliver=False)
    assert not Notification.objects.filter(kind=Kind.CYCLE_CLOSING).exists()


def test_draft_plans_are_never_reminded(world, people):
    reminders_send(today=TODAY, now=NOW, deliver=False)
    assert not Notification.objects.filter(target=world.draft_target).exists()


def test_overdue_targets_go_to_officers_and_a_weekly_summary_to_leaders_above(world, people):
    late = make_target(world.county_target.task, "举办科技活动周", "3", "次", period_end=date(2026, 10, 31))
    reminders_send(today=TODAY, now=NOW, deliver=False)
    assert keys_of(people["county"], Kind.OVERDUE) == [late.pk]
    assert not Notification.objects.filter(recipient=people["office"], kind=Kind.OVERDUE).exists()
    for leader in ("county_leader", "city_leader"):
        summary = Notification.objects.get(recipient=people[leader], kind=Kind.OVERDUE_SUMMARY)
        assert "举办科技活动周（2026-10-31）" in summary.body
    assert "东昌府区科学技术局 及下级共 1 项" in Notification.objects.get(recipient=people["county_leader"]).title
    assert not Notification.objects.filter(recipient=people["dz_leader"]).exists()


def test_the_weekly_summary_is_sent_once_a_week(world, people):
    make_target(world.county_target.task, "举办科技活动周", "3", "次", period_end=date(2026, 10, 31))
    reminders_send(today=TODAY, now=NOW, deliver=False)
    reminders_send(today=TODAY + timedelta(days=1), now=NOW + timedelta(days=1), deliver=False)  # same ISO week
    assert Notification.objects.filter(recipient=people["city_leader"], kind=Kind.OVERDUE_SUMMARY).count() == 1
    reminders_send(today=TODAY + timedelta(days=4), now=NOW + timedelta(days=4), deliver=False)  # next week
    assert Notification.objects.filter(recipient=people["city_leader"], kind=Kind.OVERDUE_SUMMARY).count() == 2


def test_a_returned_report_goes_to_its_reporter_with_the_reason(world, people):
    report = ProgressReport.objects.create(
        target=world.county_target,
        value=5,
        as_of=date(2026, 11, 20),
        reporter=people["county"],
        state=ProgressReport.State.RETURNED,
        reason="佐证材料不全",
        reviewer=people["county_leader"],
        reviewed_at=NOW - timedelta(days=1),
    )
    reminders_send(today=TODAY, now=NOW, deliver=False)
    notice = Notification.objects.get(kind=Kind.RETURNED)
    assert (notice.recipient, notice.report) == (people["county"], report)
    assert "原因：佐证材料不全" in notice.body


def test_a_report_waiting_too_long_goes_to_the_leaders_of_its_bureau(world, people, settings):
    settings.NOTICE_REVIEW_WAITING_DAYS = 3
    old = ProgressReport.objects.create(
        target=world.county_target, value=5, as_of=date(2026, 11, 20), reporter=people["county"]
    )
    fresh = ProgressReport.objects.create(
        target=world.county_office_target, value=5, as_of=date(2026, 11, 20), reporter=people["office"]
    )
    ProgressReport.objects.filter(pk=old.pk).update(submitted_at=NOW - timedelta(days=4))
    ProgressReport.objects.filter(pk=fresh.pk).update(submitted_at=NOW - timedelta(days=1))
    reminders_send(today=TODAY, now=NOW, deliver=False)
    waiting = Notification.objects.filter(kind=Kind.REVIEW_WAITING)
    assert [(n.recipient, n.report_id) for n in waiting] == [(people["county_leader"], old.pk)]


def test_a_nudge_goes_to_the_addressed_department_with_the_leaders_note(world, people):
    Nudge.objects.create(
        target=world.county_target,
        bureau=world.county,
        department=world.county_chuangxin,
        sender=people["county_leader"],
        message="请周五前报送并附佐证",
    )
    reminders_send(today=TODAY, now=NOW, deliver=False)
    nudged = Notification.objects.filter(kind=Kind.NUDGE)
    assert [n.recipient for n in nudged] == [people["county"]]
    assert nudged[0].body == "区局领导：请周五前报送并附佐证"
    assert nudged[0].title == "催办：科技型中小企业入库"


def test_nobody_is_reminded_about_a_target_outside_its_scope(world, people):
    """Every kind at once, and every notice checked against the scoping module."""
    make_target(world.county_target.task, "举办科技活动周", "3", "次", period_end=date(2026, 10, 31))
    make_target(world.other_city_target.task, "德州逾期", "3", "次", period_end=date(2026, 10, 31))
    dz_officer = make_user(
        "dz", world.other_city, "officer", world.other_city_target.task.lead_department, email="dz@dz.example.cn"
    )
    for target, reporter in ((world.county_target, people["county"]), (world.other_city_target, dz_officer)):
        report = ProgressReport.objects.create(target=target, value=1, as_of=date(2026, 11, 1), reporter=reporter)
        ProgressReport.objects.filter(pk=report.pk).update(submitted_at=NOW - timedelta(days=10))
    Nudge.objects.create(target=world.county_share, bureau=world.county, sender=people["city_leader"], message="快")
    reminders_send(today=TODAY, now=NOW, deliver=False)
    notices = list(Notification.objects.select_related("recipient"))
    assert {n.kind for n in notices} == set(Kind.values) - {Kind.RETURNED}
    for notice in notices:
        if notice.target_id is None:
            continue
        visible = scoping.targets_visible_to(notice.recipient).filter(pk=notice.target_id).exists()
        assert visible, (notice.kind, notice.recipient.username, notice.target.metric)
        if notice.kind in (Kind.CYCLE_CLOSING, Kind.OVERDUE, Kind.NUDGE):
            assert scoping.targets_reportable_by(notice.recipient).filter(pk=notice.target_id).exists()
        if notice.kind == Kind.REVIEW_WAITING:
            assert scoping.reports_reviewable_by(notice.recipient).filter(pk=notice.report_id).exists()
    dz_kinds = {n.kind for n in notices if n.recipient in (dz_officer, people["dz_leader"])}
    assert dz_kinds == {Kind.OVERDUE, Kind.OVERDUE_SUMMARY, Kind.REVIEW_WAITING, Kind.CYCLE_CLOSING}
    dz_targets = {n.target_id for n in notices if n.recipient in (dz_officer, people["dz_leader"]) and n.target_id}
    assert dz_targets <= set(Target.objects.filter(task__plan=world.other_city_plan).values_list("pk", flat=True))


def test_inactive_users_get_nothing(world, people):
    type(people["county"]).objects.filter(pk=people["county"].pk).update(is_active=False)
    reminders_send(today=TODAY, now=NOW, deliver=False)
    assert not Notification.objects.filter(recipient=people["county"]).exists()
