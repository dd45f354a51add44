"""Who made a change, as the history rows (django-simple-history) record it: the actor a
service is given, never a user guessed from the request. A service's writes run inside
`acting(actor)` (the `records_actor` decorator does it for a service taking `actor=`); the
admin runs each change it makes inside `acting(request.user)`. A write outside both is
recorded with no user, which the history pages show as 系统."""

from contextlib import contextmanager
from functools import wraps
from types import SimpleNamespace

from simple_history.models import HistoricalRecords

_UNSET = object()


@contextmanager
def acting(actor):
    """History rows written inside are attributed to `actor` (None: to no one)."""
    context = HistoricalRecords.context
    previous = getattr(context, "request", _UNSET)
    context.request = SimpleNamespace(user=actor) if actor is not None else None
    try:
        yield
    finally:
        if previous is _UNSET:
            del context.request
        else:
            context.request = previous


def records_actor(service):
    """Runs a service taking `actor=` inside `acting(actor)`."""

    @wraps(service)
    def run(*args, **kwargs):
        with acting(kwargs.get("actor")):
            return service(*args, **kwargs)

    return run
