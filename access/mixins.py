"""Behaviour shared by views: who may open a page at all. Which rows it shows is the
scoping module's business."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from . import scoping

ROLE_CHECKS = {
    "officer": scoping.is_officer,
    "leader": scoping.is_leader,
    "admin": scoping.is_admin,
}


class RoleRequiredMixin(LoginRequiredMixin):
    """Anonymous users go to the log-in page; users without one of `roles` get 403."""

    roles: tuple[str, ...] = ()

    def has_role(self, user) -> bool:
        return any(ROLE_CHECKS[role](user) for role in self.roles)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.has_role(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
