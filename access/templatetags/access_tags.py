from django import template
from django.utils.translation import gettext as _

from access import scoping
from units.models import Membership

register = template.Library()


@register.simple_tag
def scope_label(user) -> str:
    """The units a user looks after, named as a printed page's header says whose figures
    these are: the bureaus of its leader and admin memberships (each with those under it)."""
    if scoping.scope_for(user).is_superuser:
        return _("全部单位")
    names = (
        Membership.objects.filter(user=user, role__in=scoping.SUPERVISING_ROLES)
        .order_by("bureau__region__code")
        .values_list("bureau__name", flat=True)
        .distinct()
    )
    return "、".join(names)
