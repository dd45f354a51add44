from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from . import scoping

HOMES = {"officer": "targets:my", "leader": "cockpit:dashboard", "admin": "plans:list"}


@login_required
def home(request):
    """Each role lands on its own home; a user with no role is told so."""
    role = scoping.home_role(request.user)
    if role is None:
        return render(request, "access/no_role.html", status=403)
    return redirect(HOMES[role])
