from . import scoping


def navigation(request):
    """What the menu shows: one entry per role the user holds."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_officer": scoping.is_officer(user),
        "nav_leader": scoping.is_leader(user),
        "nav_admin": scoping.is_admin(user),
    }
