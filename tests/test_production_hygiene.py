"""Production settings and headers: the proxy header trusted only when asked, private pages
and exports never cached, the 驾驶舱's year filter limited to the years in scope."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from plans.models import Plan
from tests.conftest import make_target, make_task

ROOT = Path(__file__).resolve().parent.parent


def setting_in_production(name: str, **env) -> str:
    environment = {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "plan.example",
        "DATABASE_URL": "sqlite:////tmp/never-opened.sqlite3",
        **env,
    }
    environment.pop("BEHIND_TLS_PROXY", None) if "BEHIND_TLS_PROXY" not in env else None
    code = f"import django; django.setup(); from django.conf import settings; print(repr(getattr(settings, {name!r}, None)))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    return result.stdout.strip()


def test_production_does_not_trust_x_forwarded_proto_by_default():
    assert setting_in_production("SECURE_PROXY_SSL_HEADER") == "None"


def test_production_behind_a_tls_proxy_trusts_x_forwarded_proto():
    assert (
        setting_in_production("SECURE_PROXY_SSL_HEADER", BEHIND_TLS_PROXY="true")
        == "('HTTP_X_FORWARDED_PROTO', 'https')"
    )


@pytest.mark.parametrize(
    "role,url",
    [
        ("county_officer", "/my/"),
        ("city_leader", "/dashboard/"),
        ("county_admin", "/plans/"),
        ("city_leader", "/plans/export/"),
        ("county_admin", "/plans/import/template.xlsx"),
        ("city_leader", "/dashboard/?export=children"),
        ("anonymous", "/accounts/login/"),
        ("county_admin", "/admin/"),
        ("city_leader", "/dashboard/bulletins/new/"),
    ],
)
def test_private_pages_and_exports_are_not_stored(client, world, request, role, url):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(url)
    assert response.status_code == 200, url
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives and "public" not in directives


def test_a_plan_export_is_not_stored(client, world, county_leader):
    client.force_login(county_leader)
    response = client.get(f"/plans/{world.county_plan.pk}/export/")
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}


def test_the_dashboard_year_filter_lists_only_years_in_scope(client, world, county_leader, city_leader):
    foreign = Plan.objects.create(bureau=world.other_city, year=2019, title="德州市2019年计划", status="published")
    make_target(make_task(foreign, "德州旧任务"), "德州旧指标", "1")
    mine = Plan.objects.create(bureau=world.city, year=2024, title="聊城市2024年计划", status="published")
    make_target(make_task(mine, "聊城旧任务"), "聊城旧指标", "1")
    client.force_login(city_leader)
    assert list(client.get("/dashboard/").context["years"]) == [2026, 2024]
    client.force_login(county_leader)
    assert list(client.get("/dashboard/").context["years"]) == [2026]
