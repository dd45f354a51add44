"""Queries over targets and reports that are more than a plain filter.

`annotate_status` computes in SQL the same status as `targets.status.status_of`, so that
rollups count statuses with one aggregate query instead of looping over targets in Python.
Ratios are compared by multiplication (done × total ≥ ratio × elapsed × value) rather than
division, which keeps both sides exact at the boundaries.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Floor, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import Plan

from .models import Milestone, Target
from .status import STATUS_ORDER, Status, TargetFacts, cycle_start, month_index, status_of

NUMBER = DecimalField(max_digits=30, decimal_places=8)


class DaysBetween(Func):
    """Whole days from `start` to `end` (end − start), on SQLite and PostgreSQL."""

    output_field = IntegerField()
    arity = 2

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def thresholds() -> tuple[Decimal, Decimal]:
    return Decimal(str(settings.STATUS_ON_TRACK_RATIO)), Decimal(str(settings.STATUS_LATE_RATIO))


def cycle_starts(today: date) -> dict[str, date]:
    return {cycle: cycle_start(cycle, today) for cycle in Plan.Cycle.values}


def status_expression(today: date):
    """A SQL expression giving each target's status (a `Status` value)."""
    on_track, late = thresholds()
    current = F("current_value")
    value = F("value")
    zero = Value(Decimal(0), output_field=NUMBER)
    today_value = Value(today, output_field=DateField())
    total = DaysBetween(F("period_end"), F("period_start"))
    elapsed = DaysBetween(today_value, F("period_start"))
    cycle_from = Case(
        *(When(task__plan__reporting_cycle=c, then=Value(d)) for c, d in cycle_starts(today).items()),
        output_field=DateField(),
    )
    qualitative = Q(kind="qualitative") | Q(value__isnull=True)
    lte = Q(comparator="lte") & ~qualitative
    met = Q(current_value__isnull=False) & (
        (qualitative & Q(current_value__gte=100))
        | (lte & Q(current_value__lte=value))
        | (~qualitative & ~lte & Q(current_value__gte=value))
    )
    ended = Q(period_end__lt=today)
    done_share = Coalesce(Greatest(current, zero), zero)  # numerator of completion

    # Stepped targets (status.due_by): the latest milestone passed, or one occurrence of a
    # frequency target per elapsed cycle (value × whole months elapsed / months, rounded down).
    milestones = Milestone.objects.filter(target=OuterRef("pk"))
    with_milestones = Q(Exists(milestones))
    frequency = Q(kind="frequency") & Q(value__gt=0) & ~with_milestones
    start_month = ExtractYear("period_start") * 12 + ExtractMonth("period_start")
    months = ExtractYear("period_end") * 12 + ExtractMonth("period_end") - start_month + 1
    elapsed_months = Value(month_index(today)) - start_month
    due = Case(
        When(
            with_milestones,
            then=Coalesce(Subquery(milestones.filter(due__lt=today).order_by("-due").values("value")[:1]), zero),
        ),
        When(frequency, then=Floor(ExpressionWrapper(value * elapsed_months / months, output_field=NUMBER))),
        default=zero,
        output_field=NUMBER,
    )
    stepped = (with_milestones | frequency) & ~lte

    def due_at_least(ratio: Decimal) -> Q:
        return Q(done_due__gte=Value(ratio, output_field=NUMBER) * F("due_value"))

    def progress_at_least(ratio: Decimal) -> Q:
        # completion / expected >= ratio, with completion = done_share / denominator
        ratio_value = Value(ratio, output_field=NUMBER)
        return (
            (lte & Q(current_value__gt=0) & Q(greatest_value__gte=ratio_value * current))
            | (qualitative & Q(done_total__gte=ratio_value * elapsed * Value(100)))
            | (~qualitative & ~lte & Q(value__gt=0) & Q(done_total__gte=ratio_value * elapsed * value))
        )

    return Case(
        When(met & (~lte | ended), then=Value(Status.DONE.value)),
        When(ended, then=Value(Status.OVERDUE.value)),
        When(period_start__gt=today, then=Value(Status.ON_TRACK.value)),
        When(
            Q(last_reported_on__isnull=True) | Q(last_reported_on__lt=Greatest(cycle_from, F("period_start"))),
            then=Value(Status.UNREPORTED.value),
        ),
        When(lte & Q(current_value__lte=value), then=Value(Status.ON_TRACK.value)),
        When(stepped & Q(due_value__lte=0), then=Value(Status.ON_TRACK.value)),
        When(stepped & due_at_least(on_track), then=Value(Status.ON_TRACK.value)),
        When(stepped & due_at_least(late), then=Value(Status.LATE.value)),
        When(stepped, then=Value(Status.SEVERE.value)),
        When(~lte & Q(period_start=today), then=Value(Status.ON_TRACK.value)),
        When(progress_at_least(on_track), then=Value(Status.ON_TRACK.value)),
        When(progress_at_least(late), then=Value(Status.LATE.value)),
        default=Value(Status.SEVERE.value),
        output_field=CharField(),
    ), {
        "greatest_value": Greatest(value, zero),
        "done_total": done_share * total,
        "due_value": due,
        "done_due": done_share,
    }


def annotate_status(queryset: QuerySet[Target], today: date) -> QuerySet[Target]:
    """Adds `status` (and helper columns) to each target of the queryset."""
    expression, helpers = status_expression(today)
    return queryset.alias(**helpers).annotate(status=expression)


# What a status is computed from, on the target's own row: a row changed by someone else
# while the refresh runs is left for the next refresh rather than given a stale status.
STATUS_INPUTS = ["current_value", "last_reported_on", "value", "comparator", "kind", "period_start", "period_end"]


def refresh_statuses(today: date, *, everything: bool = False) -> int:
    """Stores, for the 驾驶舱, the status as of `today`, the plan, the owner bureau (the
    assigned bureau of a share, else the plan's) and its division code of every target that
    needs it, in one UPDATE. Returns the rows written.

    One row (`StatusRefresh`) says for which day and thresholds the stored statuses were
    computed: when that is not today's, every row is recomputed, once, under a lock on that
    row (`manage.py refresh_statuses` does it ahead of time). Otherwise only the rows that
    changed since are: those whose `status_on` a save or an update of the target cleared, and
    the targets of plans saved since the marker last looked (a plan's cycle decides 未填报).
    Usually there are none, and one query says so."""
    from .models import StatusRefresh

    key = f"{today.isoformat()} {' '.join(map(str, thresholds()))}"
    marker = (
        StatusRefresh.objects.filter(pk=1)
        .annotate(
            cleared=Exists(Target.objects.filter(status_on__isnull=True)),
            plans_newest=Subquery(Plan.objects.order_by("-updated_at").values("updated_at")[:1]),
        )
        .values("key", "cleared", "plans_seen", "plans_newest")
        .first()
    )
    if not everything and marker and marker["key"] == key:
        seen, newest = marker["plans_seen"], marker["plans_newest"]
        if newest is not None and (seen is None or newest > seen):
            _clear_saved_plans(seen, newest)
        elif not marker["cleared"]:
            return 0
        return _refresh(Target.objects.filter(status_on__isnull=True), today)
    with transaction.atomic():
        marker, _ = StatusRefresh.objects.select_for_update().get_or_create(pk=1)
        if marker.key == key and not everything:  # another request did it while we waited
            return _refresh(Target.objects.filter(status_on__isnull=True), today)
        seen = timezone.now()  # plans saved while this runs are looked at next time
        written = _refresh(Target.objects.all(), today)
        marker.key, marker.plans_seen = key, seen
        marker.save(update_fields=["key", "plans_seen"])
        return written


def _clear_saved_plans(seen, newest) -> None:
    """Marks stale the targets of the plans saved after `seen` and up to `newest`, then moves
    the marker on to `newest` (only from `seen`: two pages doing this at once clear the same
    rows twice, harmlessly, and one of them moves the marker)."""
    from .models import StatusRefresh

    saved = Plan.objects.filter(updated_at__lte=newest)
    if seen is not None:
        saved = saved.filter(updated_at__gt=seen)
    Target.objects.filter(task__plan__in=saved.values("pk")).update(status_on=None)
    StatusRefresh.objects.filter(pk=1, plans_seen=seen).update(plans_seen=newest)


def _refresh(stale: QuerySet[Target], today: date) -> int:
    # Every column of the subquery gets an alias of its own, for the UPDATE to name.
    fresh = (
        annotate_status(stale, today)
        .annotate(
            f_id=F("pk"),
            f_plan=F("task__plan"),
            f_owner=Coalesce("assigned_bureau", "task__plan__bureau"),
            f_code=Coalesce("assigned_bureau__region__code", "task__plan__bureau__region__code"),
            **{f"f_{name}": F(name) for name in STATUS_INPUTS},
        )
        .order_by()
        .values_list("f_id", "status", "f_plan", "f_owner", "f_code", *(f"f_{name}" for name in STATUS_INPUTS))
    )
    sql, params = fresh.query.sql_with_params()
    q = connection.ops.quote_name
    table = q(Target._meta.db_table)
    same = "IS NOT DISTINCT FROM" if connection.vendor == "postgresql" else "IS"
    unchanged = " AND ".join(f"{table}.{q(name)} {same} fresh.{q('f_' + name)}" for name in STATUS_INPUTS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {q('stored_status')} = fresh.{q('status')}, {q('status_on')} = %s, "
            f"{q('plan_id')} = fresh.{q('f_plan')}, {q('owner_id')} = fresh.{q('f_owner')}, "
            f"{q('owner_code')} = fresh.{q('f_code')} "
            f"FROM ({sql}) AS fresh WHERE {table}.{q('id')} = fresh.{q('f_id')} AND {unchanged}",
            [today, *params],
        )
        return cursor.rowcount


def status_counts(queryset: QuerySet[Target], today: date) -> dict[str, int]:
    """Number of targets in each status, in one query; every status present, zero if none."""
    rows = annotate_status(queryset, today).order_by().values("status").annotate(n=Count("pk"))
    counts = {status.value: 0 for status in STATUS_ORDER}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def facts_of(target: Target, *, milestones: bool = False) -> TargetFacts:
    """The target's facts; its milestones (a query, unless prefetched) only when asked, since
    completion does not need them."""
    return TargetFacts(
        milestones=tuple((m.due, m.value) for m in target.milestones.all()) if milestones and target.pk else (),
        kind=target.kind,
        comparator=target.comparator,
        value=target.value,
        current=target.current_value,
        period_start=target.period_start,
        period_end=target.period_end,
        last_reported_on=target.last_reported_on,
    )


def python_status(target: Target, today: date) -> Status:
    """The status from the pure function; needs `task__plan` loaded."""
    on_track, late = thresholds()
    return status_of(
        facts_of(target, milestones=True),
        today,
        cycle_start(target.task.plan.reporting_cycle, today),
        on_track,
        late,
    )


def targets_for_listing(queryset: QuerySet[Target], today: date) -> QuerySet[Target]:
    """Targets with what a list page shows, status computed in the query."""
    return annotate_status(
        queryset.select_related(
            "task__plan__bureau", "task__section__parent", "task__lead_department", "assigned_bureau"
        ),
        today,
    ).order_by("task__plan__year", "task__plan__title", "task__order", "order", "pk")


def plan_rows_visible_to(user, plan, today: date) -> list[dict]:
    """A plan as the user may see it, for its page and its 台账 alike: each task with the
    user's visible top-level targets (status computed, `children_count` for split ones). A
    leader or admin of the plan's bureau sees every task; anyone else (an officer, or a
    county that sees a city plan through its share) only the tasks with targets it sees."""
    from access import scoping

    targets = targets_for_listing(
        scoping.targets_visible_to(user)
        .filter(task__plan=plan, parent__isnull=True)
        .annotate(children_count=Count("children")),
        today,
    )
    by_task = {}
    for target in targets:
        by_task.setdefault(target.task_id, []).append(target)
    tasks = plan.tasks.select_related("section__parent", "lead_department").prefetch_related("co_departments")
    if not scoping.supervises(user, plan.bureau_id):
        tasks = tasks.filter(pk__in=by_task.keys())
    return [{"task": task, "targets": by_task.get(task.pk, [])} for task in tasks.order_by("order", "pk")]


def target_chart_data(target: Target) -> dict:
    """Series for a target's chart: the planned path (linear from the baseline, or a flat
    ceiling for ≤ targets), the counted values by as-of date, and those still awaiting review."""
    from .services import counted_states

    start, end = target.period_start.isoformat(), target.period_end.isoformat()
    if target.kind == Target.Kind.QUALITATIVE or target.value is None:
        planned = [[start, 0], [end, 100]]
    elif target.comparator == Target.Comparator.LTE:
        planned = [[start, float(target.value)], [end, float(target.value)]]
    elif steps := planned_steps(target):
        planned = steps  # what the status judges against: milestones, or one per cycle
    else:
        origin = float(target.baseline) if target.baseline is not None and target.kind == Target.Kind.AMOUNT else 0
        planned = [[start, origin], [end, float(target.value)]]
    counted, pending = {}, []
    states = counted_states(target)
    for as_of, value, state in target.reports.order_by("as_of", "submitted_at", "pk").values_list(
        "as_of", "value", "state"
    ):
        if state in states:
            counted[as_of.isoformat()] = float(value)  # a later submission for the same day wins
        elif state == "submitted":
            pending.append([as_of.isoformat(), float(value)])
    return {
        "unit": "%" if target.value is None else target.unit,
        "planned": planned,
        "actual": [[day, value] for day, value in sorted(counted.items())],
        "pending": pending,
        "labels": {"planned": _("计划进度"), "actual": _("实际完成"), "pending": _("待审核"), "today": _("今天")},
    }


def planned_steps(target: Target) -> list[list] | None:
    """The expected path of a stepped target (see `targets.status.due_by`) as chart points:
    flat until each milestone (or cycle end), then up to its value; None for a linear one."""
    import calendar

    from .status import month_index

    milestones = list(target.milestones.order_by("due").values_list("due", "value"))
    if milestones:
        points, level = [[target.period_start.isoformat(), 0]], 0.0
        for due, value in [*milestones, (target.period_end, target.value)]:
            points += [[due.isoformat(), level], [due.isoformat(), float(value)]]
            level = float(value)
        return points
    if target.kind != Target.Kind.FREQUENCY or not target.value or target.value <= 0:
        return None
    start = month_index(target.period_start)
    months = month_index(target.period_end) - start + 1
    points, level = [[target.period_start.isoformat(), 0]], 0
    for m in range(1, months + 1):
        due = (target.value * m) // months
        if due != level:
            year, month = divmod(start + m - 1 - 1, 12)
            month_end = date(year, month + 1, calendar.monthrange(year, month + 1)[1])
            points += [[month_end.isoformat(), float(level)], [month_end.isoformat(), float(due)]]
            level = due
    return points


def share_check(parent: Target) -> dict:
    """A split target's shares against the parent: do they add up?"""
    shares = parent.children.aggregate(total=Sum("value"))["total"]
    return {"sum": shares, "adds_up": shares == parent.value if shares is not None else False}
