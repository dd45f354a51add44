import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from plans.models import Plan
from targets.models import ProgressReport, Target
from targets.services import progress_report_submit

REPORTERS = 20


@pytest.mark.django_db(transaction=True)
def test_simultaneous_reports_are_all_kept_and_latest_as_of_wins(world):
    from tests.conftest import make_user

    today = timezone.localdate()
    start = max(date(today.year, 1, 1), today - timedelta(days=REPORTERS + 5))
    Target.objects.update(period_start=start - timedelta(days=1), period_end=date(today.year, 12, 31) + timedelta(days=1))
    Plan.objects.filter(pk=world.county_plan.pk).update(requires_review=False)
    officers = [make_user(f"officer{i}", None) for i in range(REPORTERS)]
    from units.models import Membership

    Membership.objects.bulk_create(
        Membership(user=o, bureau=world.county, department=world.county_chuangxin, role="officer") for o in officers
    )
    target = Target.objects.get(pk=world.county_target.pk)
    barrier = threading.Barrier(REPORTERS)
    errors = []

    def report(index):
        try:
            barrier.wait(timeout=10)
            # Each officer reports a different as-of date; the value encodes it.
            progress_report_submit(
                actor=officers[index], target=target, value=Decimal(100 + index),
                as_of=min(start + timedelta(days=index), today),
            )
        except Exception as error:  # noqa: BLE001 - any failure is the test's finding
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=report, args=(i,)) for i in range(REPORTERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert ProgressReport.objects.filter(target=target).count() == REPORTERS
    target.refresh_from_db()
    latest = ProgressReport.objects.filter(target=target).order_by("-as_of", "-submitted_at", "-pk").first()
    assert target.current_value == latest.value
    assert target.last_reported_on == latest.as_of
