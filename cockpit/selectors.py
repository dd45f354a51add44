"""Reads of the 驾驶舱 beyond the rollups: the targets a bulletin covers, saved bulletins."""

from django.db.models import Q, QuerySet

from access import scoping
from plans.models import Plan
from targets.models import Target
from units.models import Bureau

from .bulletins import Scope
from .models import Bulletin


def bulletin_targets(user, scope: Scope) -> QuerySet[Target]:
    """The targets of published plans the user may see whose owner (the assigned bureau of a
    share, else the plan's bureau) lies in the scope: the dashboard's rule, on live columns."""
    targets = scoping.targets_visible_to(user).filter(task__plan__status=Plan.Status.PUBLISHED)
    if scope.bureau is not None:
        own = Q(assigned_bureau=scope.bureau) | Q(assigned_bureau__isnull=True, task__plan__bureau=scope.bureau)
    else:
        prefix = scope.region.code_prefix
        own = Q(assigned_bureau__region__code__startswith=prefix) | Q(
            assigned_bureau__isnull=True, task__plan__bureau__region__code__startswith=prefix
        )
    return targets.filter(own)


def bulletin_issuer(user, scope: Scope) -> Bureau | None:
    """The bureau that issues a bulletin on the scope: the bureau itself, or the first bureau
    the user leads whose region contains the scope's."""
    if scope.bureau is not None:
        return scope.bureau
    led = Bureau.objects.filter(memberships__user=user, memberships__role=scoping.Role.LEADER).select_related("region")
    for bureau in sorted(led, key=lambda b: b.region.code):
        if scope.region.code.startswith(bureau.region.code_prefix):
            return bureau
    return Bureau.objects.filter(region=scope.region).order_by("pk").first()


def bulletins_visible_to(user) -> QuerySet[Bulletin]:
    """Saved bulletins of the bureaus the user leads (and those under them)."""
    scope = scoping.scope_for(user)
    if scope.is_superuser:
        return Bulletin.objects.all()
    return Bulletin.objects.filter(issuer__in=scope.leader_bureaus)
