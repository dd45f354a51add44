"""Every URL pattern × every role, GET: anonymous → log-in page; a role without the function
→ 403; an out-of-scope object → 404; allowed → 200/302/405. A meta-test fails when a URL
pattern has no entry here, so a new page cannot ship without its access decided."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ["anonymous", "county_officer", "county_leader", "county_admin", "city_leader", "inactive_leader"]
LOGIN = "login"

# name → (url for an in-scope object, url for an out-of-scope object or None, {role: status}).
# Statuses for the out-of-scope url are 404 for every role that may use the function.
MATRIX = {
    "home": (lambda w: "/", None, {"county_officer": 302, "county_leader": 302, "county_admin": 302, "city_leader": 302}),
    "login": (lambda w: "/accounts/login/", None, {"anonymous": 200, "county_officer": 302, "county_leader": 302,
                                                  "county_admin": 302, "city_leader": 302, "inactive_leader": 200}),
    "logout": (lambda w: "/accounts/logout/", None, {r: 405 for r in ROLES}),
    "favicon": (lambda w: "/favicon.ico", None, {r: 301 for r in ROLES}),
    "targets:my": (lambda w: "/my/", None, {"county_officer": 200, "county_leader": 403, "county_admin": 403, "city_leader": 403}),
    "targets:dashboard": (lambda w: "/dashboard/", None, {"county_officer": 403, "county_leader": 200, "county_admin": 403, "city_leader": 200}),
    "targets:dashboard_region": (lambda w: "/dashboard/region/371502/", lambda w: "/dashboard/region/371400/",
                                 {"county_officer": 403, "county_leader": 200, "county_admin": 403, "city_leader": 200}),
    "targets:dashboard_bureau": (lambda w: f"/dashboard/bureau/{w.county.pk}/", lambda w: f"/dashboard/bureau/{w.other_city.pk}/",
                                 {"county_officer": 403, "county_leader": 200, "county_admin": 403, "city_leader": 200}),
    "targets:ranking": (lambda w: "/dashboard/ranking/", None, {"county_officer": 403, "county_leader": 200, "county_admin": 403, "city_leader": 200}),
    "targets:detail": (lambda w: f"/targets/{w.county_target.pk}/", lambda w: f"/targets/{w.other_city_target.pk}/",
                       {"county_officer": 200, "county_leader": 200, "county_admin": 200, "city_leader": 200}),
    "targets:report": (lambda w: f"/targets/{w.county_target.pk}/report/", lambda w: f"/targets/{w.other_city_target.pk}/report/",
                       {"county_officer": 200, "county_leader": 403, "county_admin": 403, "city_leader": 403}),
    "targets:nudge": (lambda w: f"/targets/{w.county_target.pk}/nudge/", None,
                      {"county_officer": 403, "county_leader": 405, "county_admin": 403, "city_leader": 405}),
    "targets:reviews": (lambda w: "/reviews/", None, {"county_officer": 403, "county_leader": 200, "county_admin": 403, "city_leader": 200}),
    "targets:approve": (lambda w: "/reports/1/approve/", None, {"county_officer": 403, "county_leader": 405, "county_admin": 403, "city_leader": 405}),
    "targets:return": (lambda w: "/reports/1/return/", None, {"county_officer": 403, "county_leader": 405, "county_admin": 403, "city_leader": 405}),
    "targets:evidence": (lambda w: "/evidence/999999/", None, {"county_officer": 404, "county_leader": 404, "county_admin": 404, "city_leader": 404}),
    "plans:list": (lambda w: "/plans/", None, {"county_officer": 403, "county_leader": 403, "county_admin": 200, "city_leader": 403}),
    "plans:detail": (lambda w: f"/plans/{w.county_plan.pk}/", lambda w: f"/plans/{w.other_city_plan.pk}/",
                     {"county_officer": 200, "county_leader": 200, "county_admin": 200, "city_leader": 200}),
    "plans:history": (lambda w: f"/plans/{w.county_plan.pk}/history/", lambda w: f"/plans/{w.other_city_plan.pk}/history/",
                      {"county_officer": 403, "county_leader": 403, "county_admin": 200, "city_leader": 403}),
    "plans:export": (lambda w: f"/plans/{w.county_plan.pk}/export/", lambda w: f"/plans/{w.other_city_plan.pk}/export/",
                     {"county_officer": 200, "county_leader": 200, "county_admin": 200, "city_leader": 200}),
    "plans:publish": (lambda w: f"/plans/{w.county_plan.pk}/publish/", None,
                      {"county_officer": 403, "county_leader": 403, "county_admin": 405, "city_leader": 403}),
    "plans:review": (lambda w: f"/plans/{w.county_plan.pk}/review/", lambda w: f"/plans/{w.other_city_plan.pk}/review/",
                     {"county_officer": 403, "county_leader": 403, "county_admin": 200, "city_leader": 403}),
    "plans:import": (lambda w: "/plans/import/", None, {"county_officer": 403, "county_leader": 403, "county_admin": 200, "city_leader": 403}),
    "plans:import_text": (lambda w: "/plans/import/text/", None, {"county_officer": 403, "county_leader": 403, "county_admin": 200, "city_leader": 403}),
    "plans:import_confirm": (lambda w: "/plans/import/confirm/", None, {"county_officer": 403, "county_leader": 403, "county_admin": 405, "city_leader": 403}),
    "plans:import_job": (lambda w: "/plans/import/jobs/999999/", None, {"county_officer": 403, "county_leader": 403, "county_admin": 404, "city_leader": 403}),
    "plans:template": (lambda w: "/plans/import/template.xlsx", None, {"county_officer": 403, "county_leader": 403, "county_admin": 200, "city_leader": 403}),
    "plans:scope_export": (lambda w: "/plans/export/", None, {"county_officer": 403, "county_leader": 200, "county_admin": 403, "city_leader": 200}),
}
PUBLIC = {"login", "favicon", "logout"}


def url_names(patterns=None, namespace=""):
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue  # Django's admin guards itself; scoped querysets are tested in test_admin
            names |= url_names(pattern.url_patterns, f"{pattern.namespace}:" if pattern.namespace else namespace)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name}" if pattern.name else f"{namespace}{pattern.pattern}")
    return names


def test_every_url_pattern_has_an_entry_in_the_matrix():
    names = url_names()
    assert "favicon.ico" in names  # the unnamed favicon pattern
    names = (names - {"favicon.ico"}) | {"favicon"}
    assert names - set(MATRIX) == set(), "add these URL patterns to the access matrix"


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_access(client, request, world, name, role):
    in_scope, out_of_scope, expected = MATRIX[name]
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(in_scope(world))
    if role == "anonymous" or role == "inactive_leader":
        if name in PUBLIC:
            assert response.status_code == expected.get(role, 200 if name == "login" else expected[role])
        else:
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), response.status_code
        return
    assert response.status_code == expected[role], (name, role, response.status_code)
    if out_of_scope is not None and expected[role] == 200:
        assert client.get(out_of_scope(world)).status_code == 404, (name, role)
