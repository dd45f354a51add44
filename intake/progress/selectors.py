from django.db.models import Q

from access import scoping
from plans.models import Plan
from units.models import Membership


def targets_for_sheet(user):
    """The rows of a user's 填报表: an officer's own targets; for a leader, the targets of its
    own bureaus' plans and the shares assigned to them (to hand to its departments), not the
    whole subtree it supervises."""
    if scoping.is_officer(user):
        targets = scoping.targets_reportable_by(user)
    else:
        own = Membership.objects.filter(user=user, role=Membership.Role.LEADER).values("bureau")
        targets = scoping.targets_visible_to(user).filter(
            Q(task__plan__bureau__in=own) | Q(assigned_bureau__in=own), task__plan__status=Plan.Status.PUBLISHED
        )
    return (
        targets.filter(children__isnull=True)
        .select_related("task__plan")
        .order_by("task__plan__year", "task__plan__title", "task__order", "order", "pk")
    )
