"""What the public pages read: disclosed plans, and a plan's outline with its targets' status
and approved progress. Nothing here names a person, shows a note or evidence, or counts a
report still waiting for review."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from plans.models import Plan
from targets.models import ProgressReport, Target
from targets.selectors import facts_of, python_status
from targets.status import STATUS_LABELS, Status, completion

from .models import PublicPlan

LIVE = [Plan.Status.PUBLISHED, Plan.Status.ARCHIVED]


def public_plans(prefix: str = "") -> QuerySet[PublicPlan]:
    """Disclosed plans still published (or archived), by region, bureau and year; under a
    division-code prefix if given. One query."""
    plans = PublicPlan.objects.filter(plan__status__in=LIVE)
    if prefix:
        plans = plans.filter(plan__bureau__region__code__startswith=prefix)
    return plans.select_related("plan__bureau__region").order_by(
        "plan__bureau__region__code", "plan__bureau__name", "-plan__year", "plan__title"
    )


@dataclass
class PublicTarget:
    metric: str
    goal: str
    current: str
    as_of: date | None
    status: Status
    label: str
    percent: int


@dataclass
class PublicTask:
    text: str
    department: str
    deadline: str
    targets: list[PublicTarget] = field(default_factory=list)


@dataclass
class PublicSection:
    heading: str  # as the document writes it: "一、标题", "(一)标题"
    depth: int
    tasks: list[PublicTask] = field(default_factory=list)


def public_plan(pk: int, today: date) -> tuple[Plan, list[PublicSection], date | None] | None:
    """A disclosed plan's outline, tasks and targets with their status and approved progress,
    and the date of the newest figure; None if the plan is not disclosed. Five queries."""
    plan = (
        Plan.objects.filter(pk=pk, status__in=LIVE, disclosure__isnull=False).select_related("bureau__region").first()
    )
    if plan is None:
        return None
    sections = list(plan.sections.order_by("order", "pk"))
    tasks = list(plan.tasks.select_related("lead_department").order_by("order", "pk"))
    counted = ProgressReport.objects.filter(target=OuterRef("pk")).order_by("-as_of", "-submitted_at", "-pk")
    counted = (
        counted.filter(state=ProgressReport.State.APPROVED)
        if plan.requires_review
        else counted.exclude(state=ProgressReport.State.RETURNED)
    )
    targets = list(
        Target.objects.filter(Q(task__plan=plan), parent__isnull=True)
        .annotate(
            counted_on=Subquery(counted.values("as_of")[:1]),
            has_children=Exists(Target.objects.filter(parent=OuterRef("pk"))),
        )
        .prefetch_related("milestones")
        .order_by("task", "order", "pk")
    )
    by_task: dict[int, list[PublicTarget]] = {}
    tasks_by_pk = {task.pk: task for task in tasks}
    newest = None
    for target in targets:
        target.task = tasks_by_pk[target.task_id]
        target.task.plan = plan
        if not target.has_children:  # judged on approved reports only, as the page shows
            target.last_reported_on = target.counted_on
        status = python_status(target, today)
        share = completion(facts_of(target))
        as_of = target.counted_on
        if as_of and (newest is None or as_of > newest):
            newest = as_of
        by_task.setdefault(target.task_id, []).append(
            PublicTarget(
                metric=target.metric,
                goal=_goal(target),
                current=_current(target),
                as_of=as_of,
                status=status,
                label=STATUS_LABELS[status],
                percent=min(100, int(share * 100)),
            )
        )
    return plan, _outline(sections, tasks, by_task), newest


def _goal(target: Target) -> str:
    if target.value is None:
        return _("定性指标")
    sign = {"gte": "≥", "lte": "≤", "eq": ""}.get(target.comparator, "")
    return f"{sign}{target.value.normalize():f}{target.unit}"


def _current(target: Target) -> str:
    if target.current_value is None:
        return "—"
    if target.value is None:
        return f"{target.current_value.normalize():f}%"
    return f"{target.current_value.normalize():f}{target.unit}"


def _outline(sections, tasks, by_task) -> list[PublicSection]:
    depth = {}
    for section in sections:  # parents come first in the outline's order
        depth[section.pk] = depth.get(section.parent_id, -1) + 1 if section.parent_id else 0
    rows = {s.pk: PublicSection(s.heading, depth[s.pk]) for s in sections}
    loose = PublicSection("", 0)
    for task in tasks:
        public = PublicTask(
            text=task.text,
            department=task.lead_department.name if task.lead_department else "",
            deadline=task.deadline_text or (task.deadline.isoformat() if task.deadline else ""),
            targets=by_task.get(task.pk, []),
        )
        (rows.get(task.section_id) or loose).tasks.append(public)
    ordered = [rows[s.pk] for s in sections]
    return ([loose] if loose.tasks else []) + ordered
