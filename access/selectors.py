from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

from units.models import Membership

from . import scoping


def people_for_listing(actor, query: str = "", active: str = ""):
    """The people an admin manages, each with its memberships in the admin's bureaus and its
    profile, for the 用户管理 list; `query` matches name, login name or phone."""
    people = scoping.users_managed_by(actor)
    if query:
        people = people.filter(
            Q(first_name__icontains=query) | Q(username__icontains=query) | Q(profile__phone__contains=query)
        )
    if active in ("1", "0"):
        people = people.filter(is_active=active == "1")
    in_scope = (
        Membership.objects.filter(bureau__in=scoping.bureaus_managed_by(actor))
        .select_related("bureau", "department")
        .order_by("pk")
    )
    return (
        people.select_related("profile")
        .prefetch_related(Prefetch("memberships", queryset=in_scope, to_attr="scoped_memberships"))
        .order_by("-is_active", "username")
    )


def person_managed_by(actor, pk: int):
    """One person the admin manages (404 for anyone else)."""
    return get_object_or_404(scoping.users_managed_by(actor).select_related("profile"), pk=pk)


def person_membership(actor, person) -> Membership | None:
    """The person's role that the admin's scope covers (the first, if several)."""
    return (
        Membership.objects.filter(user=person, bureau__in=scoping.bureaus_managed_by(actor))
        .select_related("bureau", "department")
        .order_by("pk")
        .first()
    )
