"""Every URL pattern × every role × GET and POST, on an object in the role's scope and on one
outside it.

Roles: anonymous, a deactivated leader, and an officer, a leader and an admin at county, city
and province level. Anonymous and deactivated users → the log-in page; a role without the
function → 403; allowed → 200/302 (405 for a method the page does not take); the same request
on an out-of-scope object → 404. A refused POST changes nothing in the database. A meta-test
fails when a URL pattern has no entry here, so a new page cannot ship without its access
decided.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook

from intake.models import ImportJob
from plans.models import Plan
from targets.models import Evidence, Nudge, ProgressReport, Target
from tests.conftest import make_target, make_task, make_user
from units.models import Bureau, Department, Region

LEVELS = ("county", "city", "province")
KINDS = ("officer", "leader", "admin")
ROLES = ["anonymous", "inactive_leader", *(f"{level}_{kind}" for level in LEVELS for kind in KINDS)]
LOGGED_OUT = ("anonymous", "inactive_leader")


def only(kind: str, status: int) -> dict[str, int]:
    """`status` for the one kind of role that has the function, 403 for the others."""
    return {k: status if k == kind else 403 for k in KINDS}


def every(status: int) -> dict[str, int]:
    return dict.fromkeys(KINDS, status)


@dataclass(frozen=True)
class Entry:
    url: Callable  # (places, role) -> url of an object in the role's scope
    get: dict[str, int]  # kind of role -> status
    post: dict[str, int]
    outside: Callable | None = None  # (places, role) -> the same url for an object out of scope
    data: dict | Callable = field(default_factory=dict)  # what a POST sends, or (places, role) -> that


def report_form_keys(target):
    """The hidden fields a report form carries when the page gives it."""
    from targets.forms import ProgressReportForm

    version, submission = ProgressReportForm.fresh_keys(Target.objects.get(pk=target.pk))
    return {"version": version, "submission": submission}


def post_data(entry, places, role) -> dict:
    return entry.data(places, role) if callable(entry.data) else entry.data


def target_url(suffix=""):
    return lambda p, role: f"/targets/{p.mine(role).target.pk}/{suffix}"


def outside_target_url(suffix=""):
    return lambda p, role: f"/targets/{p.beyond(role).target.pk}/{suffix}"


def person_url(suffix=""):
    return lambda p, role: f"/people/{p.mine(role).person.pk}/{suffix}"


def outside_person_url(suffix=""):
    return lambda p, role: f"/people/{p.beyond(role).person.pk}/{suffix}"


MATRIX = {
    "home": Entry(lambda p, r: "/", every(302), every(302)),
    "targets:my": Entry(lambda p, r: "/my/", only("officer", 200), only("officer", 405)),
    "cockpit:dashboard": Entry(lambda p, r: "/dashboard/", only("leader", 200), only("leader", 405)),
    "cockpit:dashboard_region": Entry(
        lambda p, r: f"/dashboard/region/{p.mine(r).region.code}/",
        only("leader", 200),
        only("leader", 405),
        lambda p, r: f"/dashboard/region/{p.beyond(r).region.code}/",
    ),
    "cockpit:dashboard_bureau": Entry(
        lambda p, r: f"/dashboard/bureau/{p.mine(r).bureau.pk}/",
        only("leader", 200),
        only("leader", 405),
        lambda p, r: f"/dashboard/bureau/{p.beyond(r).bureau.pk}/",
    ),
    "cockpit:ranking": Entry(lambda p, r: "/dashboard/ranking/", only("leader", 200), only("leader", 405)),
    "targets:detail": Entry(target_url(), every(200), every(405), outside_target_url()),
    "targets:report": Entry(
        target_url("report/"),
        only("officer", 200),
        only("officer", 302),
        outside_target_url("report/"),
        data=lambda p, r: {"value": "3", "as_of": "2026-01-31", "note": "矩阵", **report_form_keys(p.mine(r).target)},
    ),
    "targets:nudge": Entry(
        target_url("nudge/"),
        only("leader", 405),
        only("leader", 302),
        outside_target_url("nudge/"),
        data={"message": "请尽快填报"},
    ),
    "targets:reviews": Entry(lambda p, r: "/reviews/", only("leader", 200), only("leader", 405)),
    "targets:approve": Entry(
        lambda p, r: f"/reports/{p.mine(r).report.pk}/approve/",
        only("leader", 405),
        only("leader", 302),
        lambda p, r: f"/reports/{p.beyond(r).report.pk}/approve/",
    ),
    "targets:return": Entry(
        lambda p, r: f"/reports/{p.mine(r).report.pk}/return/",
        only("leader", 405),
        only("leader", 302),
        lambda p, r: f"/reports/{p.beyond(r).report.pk}/return/",
        data={"reason": "数据有误"},
    ),
    "targets:approve_many": Entry(
        lambda p, r: "/reviews/approve/",
        only("leader", 405),
        only("leader", 302),
        data=lambda p, r: {"report": [p.mine(r).report.pk]},
    ),
    "targets:withdraw": Entry(
        lambda p, r: f"/reports/{p.mine(r).report.pk}/withdraw/",
        only("officer", 405),
        only("officer", 302),
        lambda p, r: f"/reports/{p.beyond(r).report.pk}/withdraw/",
    ),
    "targets:evidence": Entry(
        lambda p, r: f"/evidence/{p.mine(r).evidence.pk}/",
        every(200),
        every(405),
        lambda p, r: f"/evidence/{p.beyond(r).evidence.pk}/",
    ),
    "plans:list": Entry(lambda p, r: "/plans/", only("admin", 200), only("admin", 405)),
    "plans:detail": Entry(
        lambda p, r: f"/plans/{p.mine(r).plan.pk}/",
        every(200),
        every(405),
        lambda p, r: f"/plans/{p.beyond(r).plan.pk}/",
    ),
    "plans:history": Entry(
        lambda p, r: f"/plans/{p.mine(r).plan.pk}/history/",
        only("admin", 200),
        only("admin", 405),
        lambda p, r: f"/plans/{p.beyond(r).plan.pk}/history/",
    ),
    "plans:export": Entry(
        lambda p, r: f"/plans/{p.mine(r).plan.pk}/export/",
        every(200),
        every(405),
        lambda p, r: f"/plans/{p.beyond(r).plan.pk}/export/",
    ),
    "plans:publish": Entry(
        lambda p, r: f"/plans/{p.mine(r).draft.pk}/publish/",
        only("admin", 405),
        only("admin", 302),
        lambda p, r: f"/plans/{p.beyond(r).draft.pk}/publish/",
    ),
    "plans:review": Entry(
        lambda p, r: f"/plans/{p.mine(r).draft.pk}/review/",
        only("admin", 200),
        only("admin", 200),
        lambda p, r: f"/plans/{p.beyond(r).draft.pk}/review/",
    ),
    "intake:import": Entry(lambda p, r: "/plans/import/", only("admin", 200), only("admin", 200)),
    "intake:import_text": Entry(lambda p, r: "/plans/import/text/", only("admin", 200), only("admin", 200)),
    # A correction names a pending import by its token; another admin's (or none) is not found.
    # tests/intake/test_preview_views.py covers an admin's own and a colleague's pending import.
    "intake:import_adjust": Entry(lambda p, r: "/plans/import/adjust/", only("admin", 405), only("admin", 404)),
    "intake:import_confirm": Entry(lambda p, r: "/plans/import/confirm/", only("admin", 405), only("admin", 302)),
    "intake:import_job": Entry(
        # A background import is seen by the admin who started it, and no one else.
        lambda p, r: f"/plans/import/jobs/{p.jobs.get(r, p.jobs['county_admin']).pk}/",
        only("admin", 200),
        only("admin", 405),
        lambda p, r: f"/plans/import/jobs/{p.jobs['colleague'].pk}/",
    ),
    "intake:template": Entry(lambda p, r: "/plans/import/template.xlsx", only("admin", 200), only("admin", 405)),
    "plans:scope_export": Entry(lambda p, r: "/plans/export/", only("leader", 200), only("leader", 405)),
    # 用户管理: an admin manages the people of its scope; a POST without valid input re-renders.
    "access:people": Entry(lambda p, r: "/people/", only("admin", 200), only("admin", 405)),
    "access:person_add": Entry(lambda p, r: "/people/add/", only("admin", 200), only("admin", 200)),
    "access:person_edit": Entry(person_url(), only("admin", 200), only("admin", 200), outside_person_url()),
    "access:person_password": Entry(
        person_url("password/"),
        only("admin", 200),
        only("admin", 200),
        outside_person_url("password/"),
    ),
    "access:person_deactivate": Entry(
        person_url("deactivate/"),
        only("admin", 405),
        only("admin", 302),
        outside_person_url("deactivate/"),
    ),
    "access:person_activate": Entry(
        person_url("activate/"),
        only("admin", 405),
        only("admin", 302),
        outside_person_url("activate/"),
    ),
    # Everyone has its own notices; another's answers 404.
    "notices:list": Entry(lambda p, r: "/notices/", every(200), every(405)),
    "notices:open": Entry(
        lambda p, r: f"/notices/{own_notice(r).pk}/open/",
        every(405),
        every(302),
        lambda p, r: f"/notices/{own_notice('foreign_officer').pk}/open/",
    ),
    "notices:read_all": Entry(lambda p, r: "/notices/read-all/", every(405), every(302)),
    "notices:preferences": Entry(lambda p, r: "/notices/preferences/", every(405), every(302)),
    # 填报表: officers fill it in; leaders download it for their departments.
    "progress:download": Entry(
        lambda p, r: "/intake/progress/template.xlsx",
        {"officer": 200, "leader": 200, "admin": 403},
        {"officer": 405, "leader": 405, "admin": 403},
    ),
    "progress:upload": Entry(lambda p, r: "/intake/progress/", only("officer", 200), only("officer", 200)),
    "progress:confirm": Entry(lambda p, r: "/intake/progress/confirm/", only("officer", 405), only("officer", 302)),
}


def own_notice(username):
    """A notice of the user with this name (made for the request's URL)."""
    from notices.models import Notification

    user, _ = get_user_model().objects.get_or_create(username=username)
    return Notification.objects.create(
        recipient=user,
        kind="nudge",
        key=f"matrix:{user.pk}:{Notification.objects.count()}",
        title="催办",
        url="/my/",
        run="00000000-0000-0000-0000-000000000000",
    )


def saved_bulletin(bureau):
    """A 通报 saved by a leader of `bureau` (made when the matrix asks for its URL)."""
    from cockpit.bulletins import Period, Scope, compose
    from cockpit.models import Bulletin

    content = compose(
        targets=Target.objects.none(),
        scope=Scope.of_bureau(bureau),
        period=Period("quarter", 2026, 1),
        issuer=bureau.name,
        issued_on=date(2026, 4, 8),
        requirements="",
    )
    return Bulletin.objects.create(
        issuer=bureau,
        title=content["title"],
        scope_key=content["scope"]["key"],
        scope_name=bureau.name,
        period_label=content["period_label"],
        as_of=content["as_of"],
        issued_on=content["issued_on"],
        content=content,
        created_by=get_user_model().objects.order_by("pk").first(),
    )


# The 通报 pages: leaders only; a saved bulletin is seen in the scope of the bureau that issued it.
MATRIX.update(
    {
        "cockpit:bulletins": Entry(lambda p, r: "/dashboard/bulletins/", only("leader", 200), only("leader", 405)),
        "cockpit:bulletin_new": Entry(
            # A POST without the form's fields is shown again with its errors.
            lambda p, r: "/dashboard/bulletins/new/",
            only("leader", 200),
            only("leader", 200),
        ),
        "cockpit:bulletin": Entry(
            lambda p, r: f"/dashboard/bulletins/{saved_bulletin(p.mine(r).bureau).pk}/",
            only("leader", 200),
            only("leader", 405),
            lambda p, r: f"/dashboard/bulletins/{saved_bulletin(p.beyond(r).bureau).pk}/",
        ),
        "disclosure:disclose": Entry(
            lambda p, r: f"/public/plans/{p.mine(r).plan.pk}/disclosure/",
            only("admin", 405),
            only("admin", 302),
            lambda p, r: f"/public/plans/{p.beyond(r).plan.pk}/disclosure/",
            data={"action": "disclose"},
        ),
    }
)

# Pages anyone may ask for: role -> (GET status, POST status).
PUBLIC = {
    "login": lambda role: (200, 200) if role in LOGGED_OUT else (302, 302),
    "logout": lambda role: (405, 302),
    "favicon": lambda role: (301, 301),
    # 政务公开: the same for everyone, signed in or not.
    "disclosure:index": lambda role: (200, 405),
    "disclosure:plan": lambda role: (200, 405),
}
PUBLIC_URLS = {
    "login": lambda p: "/accounts/login/",
    "logout": lambda p: "/accounts/logout/",
    "favicon": lambda p: "/favicon.ico",
    "disclosure:index": lambda p: "/public/",
    "disclosure:plan": lambda p: f"/public/plans/{disclosed(p.inside['leader'].plan).pk}/",
}


def disclosed(plan):
    from disclosure.models import PublicPlan

    PublicPlan.objects.get_or_create(plan=plan, defaults={"disclosed_by": get_user_model().objects.order_by("pk")[0]})
    return plan


def url_names(patterns=None, namespace=""):
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue  # walked in the admin section below (test_every_admin_url_is_walked)
            names |= url_names(pattern.url_patterns, f"{pattern.namespace}:" if pattern.namespace else namespace)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name}" if pattern.name else f"{namespace}{pattern.pattern}")
    return names


def test_every_url_pattern_has_an_entry_in_the_matrix():
    names = url_names()
    assert "favicon.ico" in names  # the unnamed favicon pattern
    names = (names - {"favicon.ico"}) | {"favicon"}
    assert names - set(MATRIX) - set(PUBLIC) == set(), "add these URL patterns to the access matrix"
    assert set(MATRIX) | set(PUBLIC) <= names, "the matrix names a URL pattern that no longer exists"


def waiting_report(target, reporter):
    report = ProgressReport.objects.create(
        target=target, value=1, as_of=date(2026, 1, 15), reporter=reporter, state=ProgressReport.State.SUBMITTED
    )
    evidence = Evidence(report=report, original_name="佐证.pdf", size=8)
    evidence.file.save("m.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return report, evidence


def import_job(bureau, user):
    return ImportJob.objects.create(
        bureau=bureau, user=user, path="-", filename="计划.xlsx", status=ImportJob.Status.DONE
    )


@dataclass
class Places:
    """For each role, an object of each kind in its scope (`mine`) and one outside (`beyond`)."""

    inside: dict[str, SimpleNamespace]
    outside: dict[str, SimpleNamespace]
    jobs: dict[str, ImportJob]

    def mine(self, role):
        level, kind = role.split("_")
        if kind == "officer":  # the officer's own target, plan and evidence; the rest as for leaders
            return SimpleNamespace(**{**vars(self.inside["leader"]), **vars(self.inside[level])})
        return self.inside["leader"]

    def beyond(self, role):
        return self.outside["province" if role.startswith("province") else "below"]


@pytest.fixture
def places(world, settings, tmp_path, county_officer, city_officer, county_admin, city_admin, province_admin):
    settings.MEDIA_ROOT = tmp_path
    w = world
    province_department = Department.objects.create(bureau=w.province, name="高新处")
    province_plan = Plan.objects.create(bureau=w.province, year=2026, title="省科技厅年度计划", status="published")
    province_target = make_target(make_task(province_plan, "省级任务", province_department), "省级指标", "100")
    county_draft = Plan.objects.create(bureau=w.county, year=2027, title="东昌府区草稿", status="draft")

    # Another province, out of reach of everyone in the world.
    jiangsu = Region.objects.create(code="320000", name="江苏省", level="province")
    foreign_bureau = Bureau.objects.create(name="江苏省科学技术厅", region=jiangsu)
    foreign_plan = Plan.objects.create(bureau=foreign_bureau, year=2026, title="江苏省计划", status="published")
    foreign_draft = Plan.objects.create(bureau=foreign_bureau, year=2027, title="江苏省草稿", status="draft")
    foreign_department = Department.objects.create(bureau=foreign_bureau, name="高新处")
    foreign_target = make_target(make_task(foreign_plan, "江苏任务", foreign_department), "江苏指标", "9")
    foreign_officer = make_user("foreign_officer", foreign_bureau, "officer", foreign_department)
    other_city_officer = make_user("dz_officer", w.other_city, "officer", w.other_city_target.task.lead_department)
    province_officer = make_user("province_officer", w.province, "officer", province_department)

    report, evidence = waiting_report(w.county_target, county_officer)
    other_report, other_evidence = waiting_report(w.other_city_target, other_city_officer)
    foreign_report, foreign_evidence = waiting_report(foreign_target, foreign_officer)
    county_region = w.county.region
    return Places(
        inside={
            "county": SimpleNamespace(target=w.county_target, plan=w.county_plan, report=report, evidence=evidence),
            "city": SimpleNamespace(
                target=w.city_target,
                plan=w.city_plan,
                **dict(zip(("report", "evidence"), waiting_report(w.city_target, city_officer))),
            ),
            "province": SimpleNamespace(
                target=province_target,
                plan=province_plan,
                **dict(zip(("report", "evidence"), waiting_report(province_target, province_officer))),
            ),
            # Leaders and admins at every level reach down to the county.
            "leader": SimpleNamespace(
                target=w.county_target,
                plan=w.county_plan,
                draft=county_draft,
                report=report,
                evidence=evidence,
                region=county_region,
                bureau=w.county,
                person=county_officer,
            ),
        },
        outside={
            "below": SimpleNamespace(
                target=w.other_city_target,
                plan=w.other_city_plan,
                draft=Plan.objects.create(bureau=w.other_city, year=2027, title="德州市草稿", status="draft"),
                report=other_report,
                evidence=other_evidence,
                region=w.other_city.region,
                bureau=w.other_city,
                person=other_city_officer,
            ),
            "province": SimpleNamespace(
                target=foreign_target,
                plan=foreign_plan,
                draft=foreign_draft,
                report=foreign_report,
                evidence=foreign_evidence,
                region=jiangsu,
                bureau=foreign_bureau,
                person=foreign_officer,
            ),
        },
        jobs={
            "county_admin": import_job(w.county, county_admin),
            "city_admin": import_job(w.city, city_admin),
            "province_admin": import_job(w.province, province_admin),
            # Another admin's job in the same county.
            "colleague": import_job(w.county, make_user("colleague", w.county, "admin", is_staff=True)),
        },
    )


@pytest.fixture
def province_officer(places):
    return get_user_model().objects.get(username="province_officer")


def fingerprint():
    """What a refused request must leave as it was."""
    return (
        sorted(ProgressReport.objects.values_list("pk", "state", "value")),
        Nudge.objects.count(),
        sorted(Plan.objects.values_list("pk", "status", "title")),
        sorted(Target.objects.values_list("pk", "value", "current_value")),
        sorted(get_user_model().objects.values_list("pk", "is_active", "username", "first_name", "password")),
    )


def page_text(response) -> str:
    """Everything a response shows: a page's HTML, or every cell of a workbook."""
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(
            BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
        )
        return "\n".join(str(v) for ws in workbook for row in ws.iter_rows(values_only=True) for v in row if v)
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode()


def log_in(client, request, role):
    if role == "anonymous":
        return
    client.force_login(request.getfixturevalue(role))


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", sorted(set(MATRIX) | set(PUBLIC)))
@pytest.mark.parametrize("role", ROLES)
def test_access(client, request, places, name, role, method):
    log_in(client, request, role)
    send = getattr(client, method)
    if name in PUBLIC:
        expected = PUBLIC[name](role)[method == "post"]
        response = send(PUBLIC_URLS[name](places))
        assert response.status_code == expected, (name, role, method)
        if name == "disclosure:plan" and method == "get":  # a plan nobody disclosed is not there
            assert send(f"/public/plans/{places.inside['leader'].draft.pk}/").status_code == 404
            assert send(f"/public/plans/{places.beyond('county_leader').plan.pk}/").status_code == 404
        if expected == 200:
            assert "江苏" not in page_text(response) and "德州" not in page_text(response)
        return

    entry = MATRIX[name]
    url_role = role if role not in LOGGED_OUT else "county_leader"
    url = entry.url(places, url_role)
    data = post_data(entry, places, url_role) if method == "post" else {}
    before = fingerprint()
    response = send(url, data)
    if role in LOGGED_OUT:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), (
            name,
            role,
            method,
            response.status_code,
        )
        assert fingerprint() == before
        return

    kind = role.split("_")[1]
    expected = (entry.get if method == "get" else entry.post)[kind]
    assert response.status_code == expected, (name, role, method, response.status_code)
    if expected == 403:
        assert fingerprint() == before, "a refused request changed the database"
    if expected == 200:
        text = page_text(response)
        for name_ in ["江苏"] + ([] if role.startswith("province") else ["德州"]):
            assert name_ not in text, f"{name} shows the out-of-scope {name_} to {role}"
    if entry.outside is not None and expected in (200, 302):
        before = fingerprint()
        assert send(entry.outside(places, role), data).status_code == 404, (name, role, method, "out of scope")
        assert fingerprint() == before, "a request on an out-of-scope object changed the database"


# Every POST a page takes, sent without its CSRF token by a user allowed to send it: refused
# with 403, nothing changed.
CSRF_CASES = sorted(
    (name, next(kind for kind in KINDS if entry.post[kind] in (200, 302)))
    for name, entry in MATRIX.items()
    if any(status in (200, 302) for status in entry.post.values())
)


def test_every_form_is_covered_by_the_csrf_check():
    assert {name for name, _ in CSRF_CASES} >= {
        "targets:report",
        "targets:nudge",
        "targets:approve",
        "targets:return",
        "targets:withdraw",
        "targets:approve_many",
        "plans:publish",
        "plans:review",
        "intake:import",
        "intake:import_text",
        "intake:import_confirm",
    }


@pytest.mark.parametrize("name,kind", CSRF_CASES)
def test_a_post_without_its_csrf_token_is_refused(request, places, name, kind):
    from django.test import Client

    role = f"county_{kind}"
    client = Client(enforce_csrf_checks=True)
    client.force_login(request.getfixturevalue(role))
    entry = MATRIX[name]
    before = fingerprint()
    assert client.post(entry.url(places, role), post_data(entry, places, role)).status_code == 403
    assert fingerprint() == before


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/logout/"])
def test_log_in_and_log_out_need_the_csrf_token(county_leader, url):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    if url.endswith("logout/"):
        client.force_login(county_leader)
    assert client.post(url, {"username": "county_leader", "password": "x"}).status_code == 403


# ==== The admin ==============================================================================
# Every admin URL of every registered model (changelist, add, change, delete, history, the
# history item whose revert form was removed, the password form, autocomplete on each of its
# foreign keys) and every site-level admin URL, for every role, on an object in the role's
# scope and one outside it. Users without the admin (anonymous, deactivated, officers,
# leaders) go to the admin's log-in page; a bureau admin gets what its permissions allow on
# objects in scope (200, or 302 after a save) and 403 otherwise; an object out of scope is
# "not found" (404, or the admin's redirect to its index) with nothing changed, and no admin
# page names an out-of-scope unit. A meta-test fails when an admin URL is not walked.

from django.contrib import admin as django_admin  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from plans.models import Section, Task  # noqa: E402
from units.models import Membership  # noqa: E402

ADMIN_MODEL_VIEWS = ("changelist", "add", "change", "delete", "history", "history_item", "password", "autocomplete")
ADMIN_SITE_VIEWS = (
    "index",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "autocomplete",
    "jsi18n",
    "view_on_site",
    "app_list",
)
ADMIN_MODELS = sorted(django_admin.site._registry, key=lambda m: m._meta.label)
NOT_FOUND = "/admin/"  # where the admin sends a request for an object it cannot find


def admin_url_names() -> set[str]:
    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            elif pattern.name:
                yield pattern.name

    return set(walk(django_admin.site.get_urls()))


def walked_admin_url_names() -> set[str]:
    names = set(ADMIN_SITE_VIEWS)
    for model in ADMIN_MODELS:
        label = f"{model._meta.app_label}_{model._meta.model_name}"
        names |= {f"{label}_{view}" for view in ADMIN_MODEL_VIEWS}
        names.add(f"{label}_password_change")
    return names


def test_every_admin_url_is_walked():
    assert admin_url_names() - walked_admin_url_names() == set(), "walk these admin URLs in the access matrix"
    assert not {name for name in admin_url_names() if name.endswith("_simple_history")}, "revert is not in the product"


def admin_fingerprint():
    """What a refused admin request must leave as it was: every table the admin writes."""
    from django.contrib.auth import get_user_model

    return (
        fingerprint(),
        sorted(Region.objects.values_list("pk", "code", "name", "parent")),
        sorted(Bureau.objects.values_list("pk", "name", "region", "parent")),
        sorted(Department.objects.values_list("pk", "name", "bureau")),
        sorted(Membership.objects.values_list("pk", "user", "bureau", "department", "role")),
        sorted(
            get_user_model().objects.values_list("pk", "username", "password", "is_active", "is_staff", "is_superuser")
        ),
        sorted(Section.objects.values_list("pk", "plan", "parent", "label", "title")),
        sorted(Task.objects.values_list("pk", "plan", "section", "text", "lead_department")),
        sorted(Target.objects.values_list("pk", "task", "parent", "assigned_bureau", "metric")),
        sorted(Evidence.objects.values_list("pk", "report", "original_name")),
        sorted(ImportJob.objects.values_list("pk", "bureau", "status")),
        sorted(Group.objects.values_list("pk", "name")),
    )


@pytest.fixture
def admin_objects(places, world, county_officer):
    """For each model, an object in every admin's scope (the county's) and one out of scope
    below the province (德州) and in another province (江苏)."""
    from demo.builder import _admin_group

    group = _admin_group()
    for role in ("county_admin", "city_admin", "province_admin"):
        get_user_model().objects.get(username=role).groups.add(group)
    users = get_user_model().objects

    def side(bureau, plan, target, report, evidence, officer, job):
        section = Section.objects.create(plan=plan, label="九", title=f"{bureau.name}章节")
        nudge = Nudge.objects.create(target=target, bureau=bureau, sender=officer, message="催办")
        return {
            Region: bureau.region,
            Bureau: bureau,
            Department: bureau.departments.first(),
            Membership: officer.memberships.get(),
            get_user_model(): officer,
            Plan: plan,
            Section: section,
            Task: target.task,
            ImportJob: job,
            Target: target,
            ProgressReport: report,
            Evidence: evidence,
            Nudge: nudge,
            Group: group,
        }

    inside = places.inside["leader"]
    below, abroad = places.outside["below"], places.outside["province"]
    return {
        "inside": side(
            world.county,
            inside.plan,
            inside.target,
            inside.report,
            inside.evidence,
            county_officer,
            places.jobs["county_admin"],
        ),
        "below": side(
            below.bureau,
            below.plan,
            below.target,
            below.report,
            below.evidence,
            users.get(username="dz_officer"),
            import_job(below.bureau, users.get(username="dz_officer")),
        ),
        "province": side(
            abroad.bureau,
            abroad.plan,
            abroad.target,
            abroad.report,
            abroad.evidence,
            users.get(username="foreign_officer"),
            import_job(abroad.bureau, users.get(username="foreign_officer")),
        ),
    }


def admin_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def model_admin_urls(model, obj):
    """view -> (url, allowed(model_admin, request, obj, method)) for one model and object."""
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    pk = obj.pk if obj is not None else 1
    views = {
        "changelist": (base, lambda a, r, o, m: a.has_view_or_change_permission(r)),
        "add": (f"{base}add/", lambda a, r, o, m: a.has_add_permission(r)),
        "change": (
            f"{base}{pk}/change/",
            lambda a, r, o, m: a.has_change_permission(r, o) if m == "post" else a.has_view_or_change_permission(r, o),
        ),
        "delete": (f"{base}{pk}/delete/", lambda a, r, o, m: a.has_delete_permission(r, o)),
        "history": (f"{base}{pk}/history/", lambda a, r, o, m: a.has_view_or_change_permission(r, o)),
        # simple_history's revert form, removed: no view answers, nothing changes.
        "history_item": (f"{base}{pk}/history/1/", None),
    }
    if model is get_user_model():
        views["password"] = (f"{base}{pk}/password/", lambda a, r, o, m: a.has_change_permission(r, o))
    return views


def admin_post_data(view):
    return {"post": "yes"} if view == "delete" else {}


def assert_admin_refused(response, label):
    assert response.status_code in (403, 404) or (response.status_code == 302 and response["Location"] == NOT_FOUND), (
        label,
        response.status_code,
        response.get("Location"),
    )


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m._meta.label)
@pytest.mark.parametrize("role", ROLES)
def test_admin_access(client, request, admin_objects, role, model):
    from django.db import transaction

    log_in(client, request, role)
    model_admin = django_admin.site._registry[model]
    staff = role.endswith("_admin")
    user = request.getfixturevalue(role) if role != "anonymous" else None
    out_names = ["江苏"] + ([] if role.startswith("province") else ["德州"])
    beyond = admin_objects["province" if role.startswith("province") else "below"]
    mine = admin_objects["inside"]
    from access.admin_base import ScopedAdmin

    if isinstance(model_admin, ScopedAdmin) or model is get_user_model():
        assert model in mine and model in beyond, f"add a {model.__name__} in and out of scope to admin_objects"
    untouched = admin_fingerprint()  # refused requests must leave it so; allowed ones are undone
    for method in ("get", "post"):
        send = getattr(client, method)
        for view, (url, allowed) in model_admin_urls(model, mine.get(model)).items():
            label = (role, model._meta.label, view, method)
            data = admin_post_data(view) if method == "post" else {}
            may = staff and allowed is not None and allowed(model_admin, admin_request(user), mine.get(model), method)
            if may:
                with transaction.atomic():  # an allowed delete or save is undone before the next request
                    response = send(url, data)
                    transaction.set_rollback(True)
            else:
                response = send(url, data)
            assert response.status_code != 500, label
            if not staff:
                assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), label
                continue
            if allowed is None:  # the removed revert form: the admin's catch-all sends it to no object
                assert response.status_code == 302 and response["Location"] != url, label
                assert_admin_refused(client.get(response["Location"]), label)
                continue
            elif may and view == "delete" and method == "post" and response.status_code == 403:
                pass  # the deletion would take rows the admin may not delete (reports): refused whole
            elif may:
                assert response.status_code in (200, 302), label
                if response.status_code == 302:
                    assert response["Location"] != NOT_FOUND, (label, "in scope but not found")
                if response.status_code == 200:
                    text = response.content.decode()
                    for name in out_names:
                        assert name not in text, (label, f"shows the out-of-scope {name}")
            else:
                assert_admin_refused(response, label)
            # The same view on an object out of scope: not found.
            if view in ("changelist", "add") or beyond.get(model) is None or beyond[model] == mine.get(model):
                continue
            response = send(model_admin_urls(model, beyond[model])[view][0], data)
            assert_admin_refused(response, (*label, "out of scope"))
    assert admin_fingerprint() == untouched, "a refused admin request changed the database"

    # Autocomplete on each of the model's foreign keys: never an out-of-scope row.
    for relation in model._meta.get_fields():
        if not (relation.is_relation and relation.concrete and (relation.many_to_one or relation.many_to_many)):
            continue
        response = client.get(
            "/admin/autocomplete/",
            {
                "app_label": model._meta.app_label,
                "model_name": model._meta.model_name,
                "field_name": relation.name,
                "term": "",
            },
        )
        label = (role, model._meta.label, "autocomplete", relation.name)
        if not staff:
            assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), label
            continue
        assert response.status_code in (200, 403, 404), label
        if response.status_code == 200:
            ids = {str(row["id"]) for row in response.json()["results"]}
            outside = beyond.get(relation.related_model)
            assert outside is None or str(outside.pk) not in ids, (label, "offers an out-of-scope row")


@pytest.mark.parametrize("role", ROLES)
def test_admin_site_access(client, request, admin_objects, role):
    from django.contrib.contenttypes.models import ContentType

    log_in(client, request, role)
    staff = role.endswith("_admin")
    plan = admin_objects["province" if role.startswith("province") else "below"][Plan]
    urls = {
        "index": "/admin/",
        "login": "/admin/login/",
        "password_change": "/admin/password_change/",
        "password_change_done": "/admin/password_change/done/",
        "jsi18n": "/admin/jsi18n/",
        "view_on_site": f"/admin/r/{ContentType.objects.get_for_model(Plan).pk}/{plan.pk}/",
        "app_list": "/admin/plans/",
        "autocomplete": "/admin/autocomplete/",
    }
    for method in ("get", "post"):
        for view, url in urls.items():
            before = admin_fingerprint()
            response = getattr(client, method)(url)
            label = (role, view, method, response.status_code)
            assert response.status_code != 500, label
            assert admin_fingerprint() == before, label
            if view == "login":
                continue
            if not staff:
                assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), label
            elif view == "view_on_site":
                assert response.status_code == 404, label  # never a redirect to an out-of-scope object
            elif response.status_code == 200:
                text = response.content.decode()
                assert "江苏" not in text and (role.startswith("province") or "德州" not in text), label
    # Log-out last: it ends the session.
    response = client.post("/admin/logout/")
    assert response.status_code in (200, 302)
