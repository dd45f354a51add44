"""Reads of the notices app."""

from django.db.models import Prefetch

from .models import Delivery, Notification


def notifications_of(user):
    """The user's own notices, newest first: nobody reads another's."""
    return Notification.objects.filter(recipient=user).select_related("target")


def target_notice_history(target, limit: int = 50) -> dict:
    """A target's 催办 and reminders, for its page: who, when, through which channel, and
    whether it got there."""
    notices = list(
        Notification.objects.filter(target=target)
        .select_related("recipient")
        .prefetch_related(Prefetch("deliveries", queryset=Delivery.objects.order_by("pk")))
        .order_by("-created_at", "-pk")[:limit]
    )
    sent_nudges = {n.nudge_id for n in notices if n.nudge_id}
    nudges = list(target.nudges.select_related("sender", "department", "bureau").order_by("-created_at")[:limit])
    return {
        "notices": notices,
        "nudges": [(nudge, nudge.pk in sent_nudges) for nudge in nudges],
    }
