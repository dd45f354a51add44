"""A run of send_reminders over a generated dataset: reminders composed, messages composed
per channel, time and queries, then the same run again (which must store and send nothing).

    python benchmarks/reminders.py --scale province [--keep] [--database URL] [--today 2026-11-27]

The dataset (`generate_dataset`) has three leaders and no officers; this adds what a real
province has: a leader per bureau, an officer with an email address per department, every
bureau's 企业微信 and 钉钉 robots, 200 recent 催办 and some recently returned reports. Email
goes to an SMTP server (aiosmtpd) and the robots' posts to an HTTP server, both on loopback
in this process. The database is dropped and recreated unless --keep.
"""

import argparse
import calendar
import json
import os
import sys
import threading
import time
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def loopback_servers():
    import socket

    from aiosmtpd.controller import Controller

    received = {"mail": 0, "posts": 0}

    class Mail:
        async def handle_DATA(self, server, session, envelope):
            received["mail"] += 1
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    smtp = Controller(Mail(), hostname="127.0.0.1", port=port)
    smtp.start()

    class Robot(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received["posts"] += 1
            body = json.dumps({"errcode": 0, "errmsg": "ok"}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    http = ThreadingHTTPServer(("127.0.0.1", 0), Robot)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    return port, f"http://127.0.0.1:{http.server_port}", received


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=["province", "national"], default="province")
    parser.add_argument("--database", help="PostgreSQL URL")
    parser.add_argument("--keep", action="store_true", help="reuse the database if it has the dataset")
    parser.add_argument("--today", help="the run's date (default: three days before this month ends)")
    args = parser.parse_args()
    url = args.database or f"postgres://postgres@127.0.0.1:5432/worktracker_bench_reminders_{args.scale}"
    if not args.keep:
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    smtp_port, robot_url, received = loopback_servers()
    os.environ["DATABASE_URL"] = url
    os.environ["EMAIL_HOST"], os.environ["EMAIL_PORT"] = "127.0.0.1", str(smtp_port)
    os.environ["NOTICE_WEBHOOK_HOSTS"] = "127.0.0.1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from notices.models import BureauChannels, Delivery, Notification
    from notices.services import reminders_send
    from targets.models import Nudge, ProgressReport, Target
    from units.models import Bureau, Department, Membership, Region

    call_command("migrate", verbosity=0)
    if not Region.objects.exists():
        started = time.perf_counter()
        call_command("generate_dataset", scale=args.scale)
        print(f"dataset generated in {time.perf_counter() - started:.1f} s")

    if args.today:
        today = date.fromisoformat(args.today)
    else:
        local = timezone.localdate()
        today = date(local.year, local.month, calendar.monthrange(local.year, local.month)[1]) - timedelta(days=3)
    now = timezone.make_aware(datetime.combine(today, datetime.min.time().replace(hour=9)))

    User = get_user_model()
    with transaction.atomic():
        Notification.objects.all().delete()
        Delivery.objects.all().delete()
        if not User.objects.filter(username__startswith="bench_officer_").exists():
            password = make_password("Bench-2026")
            departments = list(Department.objects.values_list("pk", "bureau_id"))
            officers = User.objects.bulk_create(
                [
                    User(
                        username=f"bench_officer_{pk}",
                        first_name=f"填报员{pk}",
                        email=f"officer{pk}@bench.example.cn",
                        password=password,
                    )
                    for pk, _ in departments
                ]
            )
            leaders = User.objects.bulk_create(
                [
                    User(
                        username=f"bench_leader_{pk}",
                        first_name=f"领导{pk}",
                        email=f"leader{pk}@bench.example.cn",
                        password=password,
                    )
                    for pk in Bureau.objects.values_list("pk", flat=True)
                ]
            )
            Membership.objects.bulk_create(
                [
                    Membership(user=u, bureau_id=b, department_id=d, role="officer")
                    for u, (d, b) in zip(officers, departments)
                ]
                + [Membership(user=u, bureau_id=int(u.username.rsplit("_", 1)[1]), role="leader") for u in leaders]
            )
            BureauChannels.objects.bulk_create(
                [
                    BureauChannels(
                        bureau_id=pk,
                        wecom_enabled=True,
                        wecom_webhook=f"{robot_url}/wecom?key={pk}",
                        dingtalk_enabled=True,
                        dingtalk_webhook=f"{robot_url}/robot/send?access_token={pk}",
                        dingtalk_secret=f"SEC{pk:08d}",
                    )
                    for pk in Bureau.objects.values_list("pk", flat=True)
                ]
            )
            sender = User.objects.get(username="bench_province_leader")
            targets = Target.objects.filter(task__lead_department__isnull=False, children__isnull=True).select_related(
                "task__plan", "task__lead_department"
            )[:200]
            Nudge.objects.bulk_create(
                [
                    Nudge(
                        target=t,
                        bureau_id=t.task.plan.bureau_id,
                        department=t.task.lead_department,
                        sender=sender,
                        message="请尽快报送进展",
                    )
                    for t in targets
                ]
            )
            returned = list(ProgressReport.objects.filter(state="submitted").values_list("pk", flat=True)[:300])
            ProgressReport.objects.filter(pk__in=returned).update(
                state="returned", reason="数据需核实", reviewed_at=now - timedelta(days=2)
            )
        else:
            for channels in BureauChannels.objects.all():  # this run's robot server
                channels.wecom_webhook = f"{robot_url}/wecom?key={channels.bureau_id}"
                channels.dingtalk_webhook = f"{robot_url}/robot/send?access_token={channels.bureau_id}"
                channels.save(update_fields=["wecom_webhook", "dingtalk_webhook"])
        Nudge.objects.update(created_at=now - timedelta(days=1))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    print(
        f"== {args.scale}, run for {today}: {Bureau.objects.count()} bureaus, {Target.objects.count()} targets, "
        f"{ProgressReport.objects.count()} reports, {Membership.objects.count()} memberships"
    )
    for label in ("first run", "second run"):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as composing:
            result = reminders_send(today=today, now=now, deliver=False)
        composed = time.perf_counter() - started
        from notices.services import deliveries_send

        started = time.perf_counter()
        with CaptureQueriesContext(connection) as sending:
            sent, failed = deliveries_send()
        delivered = time.perf_counter() - started
        channels = ", ".join(f"{k} {v}" for k, v in sorted(result.deliveries.items())) or "none"
        print(
            f"{label}: reminders due {result.due}, stored {result.new} for {result.recipients} people; "
            f"messages composed: {channels}; compose+store {composed:.1f} s, {len(composing)} queries; "
            f"delivery {delivered:.1f} s, {len(sending)} queries, sent {sent}, failed {failed}; "
            f"received so far: {received['mail']} emails, {received['posts']} robot posts"
        )


if __name__ == "__main__":
    main()
