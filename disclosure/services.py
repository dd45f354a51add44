"""Disclosing a plan to the public, and withdrawing it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from access import scoping
from core.history import records_actor
from plans.models import Plan

from .models import PublicPlan


@records_actor
def plan_disclose(*, actor, plan: Plan) -> PublicPlan:
    """Makes a published plan readable without logging in. Only an admin of the plan's bureau
    (or above) may; a draft cannot be disclosed."""
    if not scoping.plans_managed_by(actor).filter(pk=plan.pk).exists():
        raise PermissionDenied
    if plan.status != Plan.Status.PUBLISHED:
        raise ValidationError(_("只有已发布的计划可以公开。"))
    with transaction.atomic():
        public, _created = PublicPlan.objects.get_or_create(plan=plan, defaults={"disclosed_by": actor})
    return public


@records_actor
def plan_withdraw_disclosure(*, actor, plan: Plan) -> None:
    """Takes a plan's public page down."""
    if not scoping.plans_managed_by(actor).filter(pk=plan.pk).exists():
        raise PermissionDenied
    with transaction.atomic():
        for public in PublicPlan.objects.select_for_update().filter(plan=plan):
            public._change_reason = "withdrawn"
            public.delete()
