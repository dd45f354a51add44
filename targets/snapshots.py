"""Where targets stood on a past day: the value and status a page would have shown then.

A 通报 for the third quarter must say what was true on 30 September, whenever it is written,
so it reads the report history up to that day rather than the targets' current columns. The
rules are those of `targets.services.target_refresh_progress` and `target_rollup_split`, applied
to the reports whose as-of date is on or before the day: the counted report with the latest
as-of date gives the value (the later submission wins a tie), any report not returned gives the
last reported date, and a split target takes its children's.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery

from .models import ProgressReport, Target
from .selectors import facts_of, python_status
from .status import Status, completion


@dataclass
class Snapshot:
    target: Target
    current: Decimal | None
    last_reported_on: date | None
    status: Status
    completion: Decimal


def snapshots_on(targets: QuerySet[Target], day: date) -> list[Snapshot]:
    """Every target of the queryset as it stood on `day`, in the queryset's order. Three
    subqueries on the report index per target, whatever the length of the history."""
    reports = ProgressReport.objects.filter(target=OuterRef("pk"), as_of__lte=day).order_by(
        "-as_of", "-submitted_at", "-pk"
    )
    State = ProgressReport.State
    rows = list(
        targets.select_related("task__plan")
        .prefetch_related("milestones")
        .annotate(
            approved_then=Subquery(reports.filter(state=State.APPROVED).values("value")[:1]),
            open_then=Subquery(reports.exclude(state=State.RETURNED).values("value")[:1]),
            reported_then=Subquery(reports.exclude(state=State.RETURNED).values("as_of")[:1]),
        )
    )
    progress = {}
    for target in rows:
        current = target.approved_then if target.task.plan.requires_review else target.open_then
        progress[target.pk] = (current, target.reported_then)
    children = {}
    for child in (
        Target.objects.filter(parent__in=[t.pk for t in rows])
        .annotate(
            approved_then=Subquery(reports.filter(state=State.APPROVED).values("value")[:1]),
            open_then=Subquery(reports.exclude(state=State.RETURNED).values("value")[:1]),
            reported_then=Subquery(reports.exclude(state=State.RETURNED).values("as_of")[:1]),
        )
        .select_related("task__plan")
    ):
        current = child.approved_then if child.task.plan.requires_review else child.open_then
        children.setdefault(child.parent_id, []).append((child.value, current, child.reported_then))
    result = []
    for target in rows:
        current, reported = progress[target.pk]
        if target.pk in children:
            current, reported = _rolled_up(target, children[target.pk])
        if current is not None:
            current = current.quantize(Decimal("0.0001"))
        target.current_value, target.last_reported_on = current, reported
        result.append(Snapshot(target, current, reported, python_status(target, day), completion(facts_of(target))))
    return result


def _rolled_up(parent: Target, children: list[tuple]) -> tuple[Decimal | None, date | None]:
    reported = [(share or Decimal(0), current) for share, current, _ in children if current is not None]
    dates = [d for _, _, d in children if d is not None]
    if not reported:
        return None, max(dates) if dates else None
    if parent.kind in (Target.Kind.PERCENT_GROWTH, Target.Kind.RATIO):
        weight = sum(share for share, _ in reported)
        current = (
            sum(share * value for share, value in reported) / weight
            if weight
            else sum(value for _, value in reported) / len(reported)
        )
    else:
        current = sum(value for _, value in reported)
    return current, max(dates) if dates else None
