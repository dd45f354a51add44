"""Reports arriving at the same moment, from threads with their own database connections:
on PostgreSQL the target row is locked (select_for_update); on SQLite every transaction is
IMMEDIATE, so writers queue for the database lock instead of failing."""

import threading
import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from plans.models import Plan
from targets.models import ProgressReport, Target
from targets.services import AlreadySubmitted, progress_report_submit
from tests.conftest import make_user
from units.models import Membership

REPORTERS = 50


def at_once(count, work):
    """Runs work(i) for i in range(count) in as many threads released together; returns
    what each raised (None for success)."""
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def run(index):
        try:
            barrier.wait(timeout=30)
            work(index)
        except Exception as error:  # noqa: BLE001 - any failure is the test's finding
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a reporting thread hung"
    return outcomes


@pytest.fixture
def officers(world):
    Plan.objects.filter(pk=world.county_plan.pk).update(requires_review=False)
    users = [make_user(f"officer{i}", None) for i in range(REPORTERS)]
    Membership.objects.bulk_create(
        Membership(user=u, bureau=world.county, department=world.county_chuangxin, role="officer") for u in users
    )
    return users


@pytest.mark.django_db(transaction=True)
def test_simultaneous_reports_are_all_kept_and_latest_as_of_wins(world, officers):
    today = timezone.localdate()
    start = today - timedelta(days=REPORTERS + 5)
    Target.objects.update(
        period_start=start - timedelta(days=1), period_end=date(today.year, 12, 31) + timedelta(days=1)
    )
    target = Target.objects.get(pk=world.county_target.pk)

    # Each officer reports a different as-of date; the value encodes it.
    outcomes = at_once(
        REPORTERS,
        lambda i: progress_report_submit(
            actor=officers[i],
            target=target,
            value=Decimal(100 + i),
            as_of=min(start + timedelta(days=i), today),
        ),
    )

    assert [repr(o) for o in outcomes if o is not None] == []
    assert ProgressReport.objects.filter(target=target).count() == REPORTERS
    target.refresh_from_db()
    latest = ProgressReport.objects.filter(target=target).order_by("-as_of", "-submitted_at", "-pk").first()
    assert target.current_value == latest.value == Decimal(100 + REPORTERS - 1)
    assert target.last_reported_on == latest.as_of


@pytest.mark.django_db(transaction=True)
def test_one_form_sent_many_times_at_once_stores_one_report(world, officers):
    today = timezone.localdate()
    Target.objects.update(period_start=date(today.year, 1, 1), period_end=date(today.year, 12, 31))
    target = Target.objects.get(pk=world.county_target.pk)
    key = uuid.uuid4()

    outcomes = at_once(
        10,
        lambda i: progress_report_submit(
            actor=officers[0],
            target=target,
            value=Decimal(7),
            as_of=today,
            submission_key=key,
        ),
    )

    assert ProgressReport.objects.filter(target=target).count() == 1
    assert sum(o is None for o in outcomes) == 1
    assert all(isinstance(o, AlreadySubmitted) for o in outcomes if o is not None), outcomes
