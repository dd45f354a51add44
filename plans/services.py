"""Writes to plans: publishing a draft and the admin's review corrections. (Imports live in
`intake.services`.)"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from access import scoping

from .models import Plan, Task


def _saved(obj, actor, **kwargs):
    obj._history_user = actor  # who made the change, for django-simple-history
    obj.save(**kwargs)
    return obj


@transaction.atomic
def plan_publish(*, actor, plan: Plan) -> Plan:
    """Makes a draft plan live: its targets appear in the officers' 我的任务."""
    if not scoping.plans_managed_by(actor).filter(pk=plan.pk).exists():
        raise PermissionDenied(_("您不能发布这个计划。"))
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == Plan.Status.DRAFT:
        plan.status = Plan.Status.PUBLISHED
        plan.save(update_fields=["status", "updated_at"])
    return plan


@transaction.atomic
def plan_review_save(*, actor, plan: Plan, target_changes: list, deleted_targets: list, task_changes: list) -> None:
    """The admin's corrections to a draft: changed targets and tasks saved, removed targets
    deleted (only those without reports), all at once."""
    if not scoping.plans_managed_by(actor).filter(pk=plan.pk).exists():
        raise PermissionDenied(_("您不能修改这个计划。"))
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
