"""Writes to plans: publishing a draft. (The admin's review corrections live in
`intake.review`, imports in `intake.services`.)"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from access import scoping
from core.history import records_actor

from .models import Plan


def _saved(obj, actor, **kwargs):
    obj._history_user = actor  # who made the change, for django-simple-history
    obj.save(**kwargs)
    return obj


ORPHANS_SHOWN = 5


@records_actor
@transaction.atomic
def plan_publish(*, actor, plan: Plan) -> Plan:
    """Makes a draft plan live: its targets appear in the officers' 我的任务. Every task
    must have someone to report on it, a lead department or the bureau as a whole
    (`Task.bureau_wide`): otherwise no officer would see its targets, a 催办 would reach no
    one in particular and they would only turn 逾期."""
    if not scoping.plans_managed_by(actor).filter(pk=plan.pk).exists():
        raise PermissionDenied(_("您不能发布这个计划。"))
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == Plan.Status.DRAFT:
        orphans = list(
            plan.tasks.filter(lead_department__isnull=True, bureau_wide=False)
            .order_by("order", "pk")
            .values_list("text", flat=True)
        )
        if orphans:
            shown = "；".join(f"“{text[:30]}”" for text in orphans[:ORPHANS_SHOWN])
            more = _("等%(n)d项") % {"n": len(orphans)} if len(orphans) > ORPHANS_SHOWN else ""
            raise ValidationError(
                _(
                    "不能发布：%(n)d项任务没有牵头部门（%(tasks)s%(more)s），发布后没有填报员能看到它们的指标。"
                    "请在核对页为这些任务指定牵头部门；确由全局共同负责的，在“管理后台 › 任务”中勾选“全局共同负责”。"
                )
                % {"n": len(orphans), "tasks": shown, "more": more},
                code="orphan_tasks",
            )
        plan._history_user = actor
        plan.status = Plan.Status.PUBLISHED
        _saved(plan, actor, update_fields=["status", "updated_at"])
    return plan
