"""Writes about who may be logged in. Every change that alters what a user may do (it is
deactivated, its password or its memberships change) ends the user's sessions through
`user_sessions_end`, wherever the change is made: the admin, a service, the shell."""

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction

from .models import UserSession


def user_session_record(*, user, session_key: str) -> None:
    """Remembers that `session_key` is a session of `user` (called at log-in)."""
    if session_key:
        UserSession.objects.update_or_create(session_key=session_key, defaults={"user": user})


@transaction.atomic
def user_sessions_end(*, user, keep: str | None = None) -> int:
    """Ends every session of `user` (but `keep`, the acting request's own session when a
    user changes its own password). Returns how many sessions were ended."""
    records = UserSession.objects.filter(user=user)
    if keep:
        records = records.exclude(session_key=keep)
    keys = list(records.values_list("session_key", flat=True))
    ended, _ = Session.objects.filter(session_key__in=keys).delete()
    records.delete()
    return ended


@transaction.atomic
def user_set_active(*, actor, user, active: bool):
    """Activates or deactivates a user; a deactivated user's sessions end at once, so that
    reactivating it later does not bring an old session back to life."""
    User = get_user_model()
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
    if not active:
        user_sessions_end(user=user)
    return user
