"""A bounded load run: gunicorn + PostgreSQL on loopback, 100 simulated users (officers
reporting, leaders on the 驾驶舱) driven by locust for a fixed time, then figures.

    python benchmarks/load.py [--users 100] [--minutes 3] [--think 5,15] [--dataset demo|province]

It recreates the PostgreSQL database named by --database (default worktracker_load), loads the
demo data (or generates the province-scale dataset), adds the simulated accounts, starts
gunicorn on a free loopback port, runs locust headless, stops everything and prints requests
per second, p50/p95 per page, the error ratio, and whether the reports stored in the database
equal the report requests that succeeded. `make bench-load` runs it. It stops by itself.
"""

import argparse
import csv
import io
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def recreate(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def accounts(users: int) -> dict:
    """Officers spread over the departments that have targets open today, leaders over the
    bureaus; each with a logged-in session and the targets it will visit."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from access import scoping
    from targets.models import Target
    from units.models import Bureau, Membership

    today = timezone.localdate()
    open_now = Target.objects.filter(period_start__lte=today, period_end__gte=today)
    departments = list(
        open_now.filter(task__plan__status="published", task__lead_department__isnull=False, assigned_bureau=None)
        .values_list("task__plan__bureau_id", "task__lead_department_id")
        .distinct()
        .order_by("task__lead_department_id")
    )
    # Leaders where there is something to lead: bureaus with a published plan, or above one.
    planned = {code for code in Bureau.objects.filter(plans__status="published").values_list("region__code", flat=True)}
    bureaus = [
        pk
        for pk, code in Bureau.objects.order_by("region__code").values_list("pk", "region__code")
        if any(p.startswith(code.rstrip("0")) for p in planned)
    ]
    User = get_user_model()
    made = {"officer": [], "leader": []}
    officers = round(users * 0.6)
    for index in range(users):
        role = "officer" if index < officers else "leader"
        user = User.objects.create_user(f"load_{role}_{index}")
        if role == "officer":
            bureau, department = departments[index % len(departments)]
            Membership.objects.create(user=user, bureau_id=bureau, department_id=department, role=role)
            targets = list(scoping.targets_reportable_by(user).filter(pk__in=open_now).values_list("pk", flat=True))
            entry = {"targets": targets}
        else:
            bureau = bureaus[index % len(bureaus)]
            Membership.objects.create(user=user, bureau_id=bureau, role=role)
            visible = scoping.targets_visible_to(user)
            entry = {
                "targets": list(visible.values_list("pk", flat=True)[:50]),
                "regions": [r.code for r in scoping.regions_visible_to(user).exclude(level="province")[:20]],
                "bureaus": sorted(scoping.scope_for(user).visible_bureaus)[:20],
            }
        if not entry["targets"]:
            user.delete()
            continue
        client = Client()
        client.force_login(user)
        made[role].append({"username": user.username, "session": client.cookies["sessionid"].value, **entry})
    return made


def disclose_published() -> list[int]:
    """Every published plan on the public pages, for the anonymous readers."""
    from django.contrib.auth import get_user_model

    from disclosure.models import PublicPlan
    from plans.models import Plan

    someone = get_user_model().objects.order_by("pk").first()
    plans = list(Plan.objects.filter(status="published").values_list("pk", flat=True))
    PublicPlan.objects.bulk_create(
        [PublicPlan(plan_id=pk, disclosed_by=someone) for pk in plans], ignore_conflicts=True
    )
    return plans


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--dataset", choices=["demo", "province"], default="demo")
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/worktracker_load")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--think", default="5,15", help="seconds between a user's pages, min,max (default 5,15)")
    parser.add_argument("--public", type=int, default=0, help="anonymous readers of the 政务公开 pages besides")
    args = parser.parse_args()

    recreate(args.database)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": args.database,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "false",
        "CONN_MAX_AGE": "60",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from targets.models import ProgressReport

    call_command("migrate", verbosity=0)
    if args.dataset == "demo":
        call_command("load_demo", stdout=io.StringIO())
    else:
        call_command("generate_dataset", scale="province", verbosity=0)
    made = accounts(args.users)
    made["public"] = disclose_published()
    reports_before = ProgressReport.objects.count()
    print(
        f"== {args.dataset}: {len(made['officer'])} officers, {len(made['leader'])} leaders, think time "
        f"{args.think} s, {args.public} anonymous public readers, {args.minutes:g} min; {reports_before} reports before the run; gunicorn "
        f"({args.workers} workers × 4 threads) on 127.0.0.1:{port}"
    )

    work = Path(tempfile.mkdtemp(prefix="load-"))
    (work / "accounts.json").write_text(json.dumps(made, ensure_ascii=False), encoding="utf-8")
    venv_bin = Path(sys.executable).parent
    server = subprocess.Popen(
        [
            venv_bin / "gunicorn",
            "config.wsgi",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--keep-alive",
            "30",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        run = subprocess.run(
            [
                venv_bin / "locust",
                "-f",
                ROOT / "benchmarks" / "locustfile.py",
                "--headless",
                "--users",
                str(len(made["officer"]) + len(made["leader"]) + args.public),
                "--spawn-rate",
                "20",
                "--run-time",
                f"{int(args.minutes * 60)}s",
                "--stop-timeout",
                "10",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                work / "run",
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={
                **env,
                "LOAD_THINK": args.think,
                "LOAD_PUBLIC": str(args.public),
                "LOAD_ACCOUNTS": str(work / "accounts.json"),
                "LOAD_RESULT": str(work / "result.json"),
            },
            timeout=args.minutes * 60 + 120,
            capture_output=True,
            text=True,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)

    outcomes = json.loads((work / "result.json").read_text())
    stored = ProgressReport.objects.count() - reports_before
    with open(work / "run_stats.csv", encoding="utf-8") as stats:
        rows = list(csv.DictReader(stats))
    print(f"{'page':<14} {'requests':>9} {'errors':>7} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "all"
        print(
            f"{name:<14} {row['Request Count']:>9} {row['Failure Count']:>7} {float(row['Requests/s']):>7.1f} "
            f"{row['50%']:>7} {row['95%']:>7} {float(row['Max Response Time']):>7.0f}"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    ratio = int(total["Failure Count"]) / max(int(total["Request Count"]), 1)
    with open(work / "run_failures.csv", encoding="utf-8") as failures:
        for row in csv.DictReader(failures):
            print(f"  failed: {row['Method']} {row['Name']} ×{row['Occurrences']}: {row['Error'][:160]}")
    print(
        f"error ratio {ratio:.4%}; report POSTs: {outcomes['stored']} stored (302), {outcomes['conflict']} "
        f"stale-form conflicts shown, {outcomes['refused']} refused, {outcomes['other']} other"
    )
    print(
        f"reports in the database after the run: {stored} new; equal to the stored POSTs: {stored == outcomes['stored']}"
    )
    if run.returncode not in (0, 1):
        print(run.stdout[-2000:], run.stderr[-2000:])
    return 0 if ratio == 0 and stored == outcomes["stored"] else 1


if __name__ == "__main__":
    sys.exit(main())
