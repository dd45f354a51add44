from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db.models import Count

from targets.models import Target
from targets.selectors import annotate_status, python_status, status_counts
from targets.status import Status

TODAY = date(2026, 7, 2)


def _both(today=TODAY):
    rows = annotate_status(Target.objects.select_related("task__plan"), today)
    return [(t.pk, t.status, python_status(t, today).value) for t in rows]


def test_database_status_agrees_with_pure_function_on_demo_data(db):
    from demo.builder import load_demo

    load_demo(today=date(2026, 11, 22))
    for today in (date(2026, 1, 1), date(2026, 3, 31), date(2026, 7, 2), date(2026, 11, 22), date(2027, 1, 5)):
        disagreements = [row for row in _both(today) if row[1] != row[2]]
        assert disagreements == []
    statuses = {row[1] for row in _both(date(2026, 11, 22))}
    assert statuses == {s.value for s in Status}  # the demo shows every light


@pytest.mark.parametrize(
    "fields",
    [
        {"value": "100", "current_value": "47.5"},
        {"value": "100", "current_value": "47.4"},
        {"value": "100", "current_value": "42.5"},
        {"value": "100", "current_value": "42.4"},
        {"value": "100", "current_value": "100"},
        {"value": "0", "current_value": "0"},
        {"value": "5", "current_value": "5.5", "comparator": "lte"},
        {"value": "5", "current_value": "4", "comparator": "lte"},
        {"value": "0", "current_value": "1", "comparator": "lte"},
        {"value": "5", "current_value": None, "comparator": "lte"},
        {"value": "-2", "current_value": "-3", "kind": "percent_growth"},
        {"value": "-2", "current_value": "-1", "kind": "percent_growth"},
        {"value": None, "current_value": "50", "kind": "qualitative"},
        {"value": None, "current_value": "100", "kind": "qualitative"},
        {"value": "10", "current_value": "-4"},
    ],
)
def test_database_status_agrees_at_boundaries(world, fields):
    fields = {k: (Decimal(v) if k in ("value", "current_value") and v is not None else v) for k, v in fields.items()}
    Target.objects.filter(pk=world.county_target.pk).update(
        period_start=date(2026, 1, 1), period_end=date(2026, 12, 31), last_reported_on=date(2026, 7, 1), **fields
    )
    (row,) = [r for r in _both() if r[0] == world.county_target.pk]
    assert row[1] == row[2]


def test_status_counts_cover_every_status_in_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        counts = status_counts(Target.objects.all(), TODAY)
    assert list(counts) == [s.value for s in Status]
    assert sum(counts.values()) == Target.objects.count()


def test_unreported_after_cycle_start(world):
    Target.objects.filter(pk=world.county_target.pk).update(
        current_value=Decimal(10), last_reported_on=TODAY - timedelta(days=40)
    )
    (row,) = [r for r in _both() if r[0] == world.county_target.pk]
    assert row[1] == row[2] == Status.UNREPORTED


# --- the 驾驶舱's stored statuses ------------------------------------------------------------


def stored():
    return dict(Target.objects.values_list("pk", "stored_status"))


def test_stored_statuses_equal_the_computed_ones_on_every_day(db):
    from demo.builder import load_demo
    from targets.selectors import refresh_statuses

    load_demo(today=date(2026, 11, 22))
    for today in (date(2026, 1, 1), date(2026, 7, 2), date(2026, 11, 22), date(2027, 1, 5)):
        written = refresh_statuses(today)
        assert written == Target.objects.count()  # a new day makes every row stale
        assert stored() == {pk: computed for pk, computed, _ in _both(today)}
        assert refresh_statuses(today) == 0  # and then nothing is left to do
    owners = Target.objects.select_related("task__plan__bureau__region", "assigned_bureau__region")
    for target in owners:
        bureau = target.assigned_bureau or target.task.plan.bureau
        assert (target.owner_id, target.owner_code) == (bureau.pk, bureau.region.code)


def test_every_kind_of_change_makes_a_stored_status_stale(world, county_officer):
    from targets.selectors import refresh_statuses
    from targets.services import progress_report_submit

    today = date(2026, 7, 2)
    Target.objects.update(period_start=date(2026, 1, 1), period_end=date(2026, 12, 31))
    target = Target.objects.get(pk=world.county_target.pk)
    refresh_statuses(today)

    def stale():
        return Target.objects.filter(pk=target.pk, status_on__isnull=True).exists()

    assert not stale()
    Target.objects.filter(pk=target.pk).update(value=Decimal(31))  # a queryset update
    assert stale()
    refresh_statuses(today)
    target.refresh_from_db()
    target.metric = "科技型中小企业入库数"  # a save, e.g. in the admin or the review page
    target.save()
    assert stale()
    refresh_statuses(today)
    world.county_plan.reporting_cycle = "quarterly"  # the plan's cycle decides 未填报
    world.county_plan.save()
    assert refresh_statuses(today) == world.county_plan.tasks.aggregate(n=Count("targets"))["n"]
    assert refresh_statuses(today) == 0  # seen once, not again
    progress_report_submit(actor=county_officer, target=target, value=Decimal(30), as_of=today)
    assert stale()  # the report moved the last reported date, even before review
    refresh_statuses(today)
    computed = annotate_status(Target.objects.filter(pk=target.pk), today).get().status
    assert Target.objects.get(pk=target.pk).stored_status == computed


@pytest.mark.parametrize(
    "today", [date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 1), date(2026, 11, 23), date(2026, 12, 31)]
)
@pytest.mark.parametrize("current", ["0", "1", "2", "2.85", "3", "4"])
def test_database_status_agrees_on_frequency_targets(world, today, current):
    Target.objects.filter(pk=world.county_target.pk).update(
        kind="frequency",
        value=Decimal(4),
        unit="次",
        current_value=Decimal(current),
        last_reported_on=today,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    (row,) = [r for r in _both(today) if r[0] == world.county_target.pk]
    assert row[1] == row[2]


def test_database_judges_quarterly_frequency_by_elapsed_quarters(world):
    Target.objects.filter(pk=world.county_target.pk).update(
        kind="frequency",
        value=Decimal(4),
        unit="次",
        current_value=Decimal(3),
        last_reported_on=date(2026, 11, 20),
    )
    (row,) = [r for r in _both(date(2026, 11, 23)) if r[0] == world.county_target.pk]
    assert row[1] == row[2] == Status.ON_TRACK


@pytest.mark.parametrize("today", [date(2026, 3, 20), date(2026, 4, 1), date(2026, 7, 2), date(2026, 10, 8)])
@pytest.mark.parametrize("current", [None, "0", "4.75", "5", "12", "14", "24"])
def test_database_status_agrees_on_milestone_targets(world, today, current):
    from targets.models import Milestone

    target = world.county_target
    Target.objects.filter(pk=target.pk).update(
        kind="amount",
        value=Decimal(35),
        current_value=None if current is None else Decimal(current),
        last_reported_on=today,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    for month, day, value in ((3, 31, "5"), (6, 30, "14"), (9, 30, "25")):
        Milestone.objects.create(target=target, due=date(2026, month, day), value=Decimal(value))
    (row,) = [r for r in _both(today) if r[0] == target.pk]
    assert row[1] == row[2]


def test_chart_of_a_quarterly_frequency_target_steps_at_each_quarters_end(world):
    from targets.selectors import target_chart_data

    Target.objects.filter(pk=world.county_target.pk).update(kind="frequency", value=Decimal(4))
    planned = target_chart_data(Target.objects.get(pk=world.county_target.pk))["planned"]
    assert [p for p in planned if p[1] > 0][::2] == [
        ["2026-03-31", 1.0],
        ["2026-06-30", 2.0],
        ["2026-09-30", 3.0],
        ["2026-12-31", 4.0],
    ]
