"""Imports a generated 10,000-row 任务分解表 end to end (read, validate, write), and the same
rows through django-import-export, the peer a Django user would pick: its default mode
(row by row) and its bulk mode. Prints seconds and rows per second for each.

    python benchmarks/import_workbook.py                      # SQLite (a fresh temp file)
    python benchmarks/import_workbook.py --database postgres://postgres@127.0.0.1:5432/worktracker_bench

The database named is dropped and created anew. `make bench-import` runs both.
"""

import argparse
import os
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def fresh_database(url: str | None) -> str:
    if url is None:
        path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
        return f"sqlite:///{path}"
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url


def workbook(rows: int) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("任务分解表")
    ws.append(["序号", "重点任务", "具体措施", "目标任务", "牵头科室", "配合科室", "责任领导", "完成时限"])
    metrics = [
        ("新增高新技术企业", "家"),
        ("签订产学研合作协议", "项"),
        ("技术合同成交额", "万元"),
        ("开展科技培训", "人次"),
    ]
    for i in range(rows):
        metric, unit = metrics[i % len(metrics)]
        section = i // 50
        ws.append(
            [
                section + 1,
                f"第{section + 1}项重点任务",
                f"具体措施第{i + 1}条：组织开展相关工作",
                f"力争{metric}{i + 10}{unit}以上",
                ["高新科", "成果科", "办公室"][i % 3],
                "政策法规科",
                "张志强",
                f"2026年{(i % 12) + 1}月底",
            ]
        )
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", help="PostgreSQL URL of a scratch database (dropped and created)")
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = fresh_database(args.database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.IMPORT_LIMITS["rows_per_sheet"] = max(settings.IMPORT_LIMITS["rows_per_sheet"], args.rows + 10)
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model
    from django.db import connection

    from intake.run import preview_workbook
    from intake.services import plan_import
    from plans.models import Plan, Task
    from units.models import Bureau, Department, Membership, Region

    region = Region.objects.create(code="371500", name="聊城市", level="city")
    bureau = Bureau.objects.create(name="聊城市科学技术局", region=region)
    for name in ("高新科", "成果科", "办公室", "政策法规科"):
        Department.objects.create(bureau=bureau, name=name)
    admin = get_user_model().objects.create_user("bench_admin")
    Membership.objects.create(user=admin, bureau=bureau, role="admin")
    data = workbook(args.rows)
    vendor = connection.vendor
    print(f"== {args.rows} rows on {vendor} ({len(data) / 2**20:.1f} MB workbook)")

    def report(label, seconds):
        print(f"{label:<44} {seconds:7.2f} s   {args.rows / seconds:9,.0f} rows/s")

    start = time.perf_counter()
    preview = preview_workbook(data, "bench.xlsx", bureau, year=2026)
    read = time.perf_counter() - start
    assert preview.ok, preview.problems[:3]
    plan_import(actor=admin, bureau=bureau, documents=preview.documents, source="bench.xlsx")
    ours = time.perf_counter() - start
    tasks = Task.objects.count()
    from targets.models import Target

    targets = Target.objects.count()
    print(
        f"  ours: read+validate {read:.2f} s, write {ours - read:.2f} s; {tasks} tasks, {targets} targets, "
        f"{Plan.objects.get().sections.count()} sections"
    )
    report("ours (read, validate, write, history)", ours)
    Plan.objects.all().delete()

    import tablib
    from import_export import fields, resources, widgets

    plan = Plan.objects.create(bureau=bureau, year=2026, title="peer")

    class TaskResource(resources.ModelResource):
        text = fields.Field(attribute="text", column_name="具体措施")
        lead_department = fields.Field(
            attribute="lead_department", column_name="牵头科室", widget=widgets.ForeignKeyWidget(Department, "name")
        )
        responsible_leader = fields.Field(attribute="responsible_leader", column_name="责任领导")
        deadline_text = fields.Field(attribute="deadline_text", column_name="完成时限")

        class Meta:
            model = Task
            fields = ("text", "lead_department", "responsible_leader", "deadline_text")
            import_id_fields = ()

        def before_save_instance(self, instance, row, **kwargs):
            instance.plan = plan

        def import_instance(self, instance, row, **kwargs):
            super().import_instance(instance, row, **kwargs)
            instance.plan = plan

    class BulkTaskResource(TaskResource):
        class Meta(TaskResource.Meta):
            use_bulk = True
            batch_size = 1000
            skip_diff = True
            force_init_instance = True

    for label, resource in (
        ("django-import-export, default mode", TaskResource()),
        ("django-import-export, bulk mode", BulkTaskResource()),
    ):
        Task.objects.filter(plan=plan).delete()
        start = time.perf_counter()
        dataset = tablib.Dataset().load(BytesIO(data), format="xlsx")
        result = resource.import_data(dataset, dry_run=False, raise_errors=True, use_transactions=True)
        seconds = time.perf_counter() - start
        assert not result.has_errors()
        assert Task.objects.filter(plan=plan).count() == args.rows
        report(label + " (tasks only)", seconds)


if __name__ == "__main__":
    main()
