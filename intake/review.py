"""The admin's corrections to a draft plan (核对草稿): changed targets and tasks, removed and
added targets, the plan's own fields, and publishing in the same transaction."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from access import scoping
from core.history import records_actor
from plans.models import Plan, Task
from plans.services import _saved, plan_publish
from targets.models import Target


@records_actor
@transaction.atomic
def plan_review_save(
    *,
    actor,
    plan: Plan,
    target_changes: list,
    deleted_targets: list,
    task_changes: list,
    plan_changes: dict | None = None,
    new_targets: list[dict] | None = None,
    publish: bool = False,
) -> Plan:
    """The admin's corrections to a draft, all at once: the plan's own fields (title, year,
    kind, reporting cycle), changed targets and tasks, removed targets (only those without
    reports), targets the parser missed; then, when asked, the plan is published in the same
    transaction, so what is published is what the admin saw and edited."""
    if not scoping.plans_managed_by(actor).filter(pk=plan.pk).exists():
        raise PermissionDenied(_("您不能修改这个计划。"))
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan_changes:
        for name, value in plan_changes.items():
            if name not in ("title", "year", "kind", "reporting_cycle"):
                raise PermissionDenied(_("不能在核对页修改该字段。"))
            setattr(plan, name, value)
        plan.full_clean()
        _saved(plan, actor)
    for obj in [*target_changes, *task_changes]:
        owner = obj.plan_id if isinstance(obj, Task) else obj.task.plan_id
        if owner != plan.pk:
            raise PermissionDenied(_("只能修改本计划的内容。"))
        obj.full_clean()
        _saved(obj, actor)
    for target in deleted_targets:
        if target.task.plan_id != plan.pk:
            raise PermissionDenied(_("只能修改本计划的内容。"))
        if not target.reports.exists():
            target._history_user = actor
            target.delete()
    for wanted in new_targets or []:
        _add_missed_target(actor, plan, **wanted)
    if publish:
        plan = plan_publish(actor=actor, plan=plan)
    return plan


def _add_missed_target(actor, plan: Plan, *, task, metric, comparator, value, unit, kind, source_text) -> Target:
    if task is None:
        order = (plan.tasks.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        task = _saved(Task(plan=plan, text=_("补充指标：%(metric)s") % {"metric": metric}, order=order), actor)
    elif task.plan_id != plan.pk:
        raise PermissionDenied(_("只能修改本计划的内容。"))
    start, end = date(plan.year, 1, 1), date(plan.year, 12, 31)
    order = (task.targets.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    target = Target(
        task=task,
        metric=metric,
        comparator=comparator,
        value=value,
        unit=unit,
        kind=kind,
        period_start=start,
        period_end=end,
        source_text=source_text or _("（核对时人工补充）"),
        order=order,
    )
    target.full_clean()
    return _saved(target, actor)
