from .models import Notification


def unread(request):
    """The unread count beside 通知 in the navigation: one indexed count, only for a
    signed-in user, and only when a template asks for it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    cache = {}

    def count():
        if "n" not in cache:
            cache["n"] = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        return cache["n"]

    return {"notices_unread": _Lazy(count)}


class _Lazy:
    """Evaluated when the template prints or tests it."""

    def __init__(self, compute):
        self._compute = compute

    def __int__(self):
        return self._compute()

    def __bool__(self):
        return bool(self._compute())

    def __str__(self):
        value = self._compute()
        return "99+" if value > 99 else str(value)
