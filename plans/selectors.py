"""Reads over plans that are more than a plain filter."""

from dataclasses import dataclass

from django.db.models import Count, Q

from .models import Plan


@dataclass
class Audience:
    """Who will see a published plan's targets in 我的任务."""

    by_department: list[tuple[str, int]]  # lead department, its targets
    bureau_wide: int  # targets every officer of the bureau sees
    shares: int  # shares of split targets, reported by the bureaus they are assigned to


def plan_audience(plan: Plan) -> Audience:
    top = Q(targets__parent__isnull=True)
    rows = (
        plan.tasks.filter(lead_department__isnull=False)
        .order_by()
        .values("lead_department__name")
        .annotate(n=Count("targets", filter=top))
        .order_by("lead_department__name")
    )
    return Audience(
        by_department=[(row["lead_department__name"], row["n"]) for row in rows if row["n"]],
        bureau_wide=plan.tasks.filter(bureau_wide=True).aggregate(n=Count("targets", filter=top))["n"],
        shares=plan.tasks.aggregate(n=Count("targets", filter=Q(targets__assigned_bureau__isnull=False)))["n"],
    )
