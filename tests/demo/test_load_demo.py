import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from access import scoping
from plans.models import Plan, Task
from targets.models import ProgressReport, Target
from targets.selectors import status_counts
from units.models import Bureau, Department, Region

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo(db):
    from demo.builder import load_demo

    load_demo(today=date(2026, 11, 22))


def snapshot():
    return (
        Region.objects.count(),
        Bureau.objects.count(),
        Department.objects.count(),
        Plan.objects.count(),
        Task.objects.count(),
        Target.objects.count(),
        ProgressReport.objects.count(),
        get_user_model().objects.count(),
        sorted(Target.objects.values_list("pk", "current_value", "last_reported_on")),
    )


def test_demo_meets_the_promised_sizes(demo):
    assert Region.objects.filter(level="province").count() == 1
    assert Region.objects.filter(level="city").count() >= 3
    assert Region.objects.filter(level="county").count() >= 8
    assert Bureau.objects.count() >= 9
    assert Department.objects.count() >= 20
    assert Plan.objects.filter(status="published").count() >= 9
    assert Plan.objects.filter(status="published").values("kind").distinct().count() >= 3
    assert Task.objects.count() >= 100
    assert Target.objects.count() >= 100
    assert ProgressReport.objects.count() >= 300


def test_demo_covers_every_kind_comparator_and_a_split(demo):
    assert set(Target.objects.values_list("kind", flat=True)) == set(Target.Kind.values)
    assert set(Target.objects.values_list("comparator", flat=True)) == set(Target.Comparator.values)
    parent = Target.objects.filter(children__isnull=False).distinct().get()
    assert parent.children.count() >= 8
    assert sum(c.value for c in parent.children.all()) == parent.value


def test_demo_shows_every_status(demo):
    counts = status_counts(Target.objects.filter(task__plan__status="published"), date(2026, 11, 22))
    assert all(n > 0 for n in counts.values()), counts


def test_demo_reports_include_returned_and_pending(demo):
    states = set(ProgressReport.objects.values_list("state", flat=True))
    assert states == {"submitted", "approved", "returned"}


def test_load_demo_twice_changes_nothing(demo):
    before = snapshot()
    call_command("load_demo", "--quiet")
    assert snapshot() == before


def test_every_demo_user_can_log_in_and_sees_only_its_scope(demo, client):
    from demo.builder import demo_logins
    from demo.content import PASSWORD

    logins = demo_logins()
    assert {"lc_leader", "lc_admin", "lc_gaoxin", "dcf_leader", "dcf_admin", "dcf_chuangxin"} <= {
        login.username for login in logins
    }
    county_bureau = Bureau.objects.get(name="东昌府区科学技术局")
    for login in logins:
        response = client.post("/accounts/login/", {"username": login.username, "password": PASSWORD}, follow=True)
        assert response.status_code == 200 and response.context["user"].is_authenticated, login.username
        client.post("/accounts/logout/")
    county_leader = get_user_model().objects.get(username="dcf_leader")
    assert set(scoping.bureaus_visible_to(county_leader)) == {county_bureau}


def test_load_demo_refuses_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="生产环境"):
        call_command("load_demo")
    assert not Bureau.objects.exists()


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_ENV": "production",
        "SECRET_KEY": "k8#Qz!v3Lr9@wX2pT7^mN4&bY6*cH1(dF5)gJ0_sA8+eU-iO" * 2,
        "ALLOWED_HOSTS": "plan.example.gov.cn",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "sqlite:////tmp/deploy-check.sqlite3"),
        # Production sends reminders by mail: without a mail server the check says so (mail.E001).
        "EMAIL_HOST": "smtp.example.gov.cn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr


def test_production_without_secret_key_fails_loudly():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"DJANGO_ENV": "production", "ALLOWED_HOSTS": "x"})
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
