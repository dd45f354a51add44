import random
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from plans.fastwrite import _reserve_ids, _write
from plans.models import Plan, Task
from targets.models import ProgressReport, Target
from targets.selectors import refresh_statuses
from units.models import Bureau, Department, Membership, Region

SCALES = {
    # provinces, cities, counties, targets, reports per target
    "province": (1, 16, 140, 20_000, 10),
    "national": (34, 333, 2_844, 400_000, 10),
}
METRICS = [
    ("新增高新技术企业", "家", "count", "gte"),
    ("技术合同成交额", "亿元", "amount", "gte"),
    ("研发经费投入增速", "%", "percent_growth", "gte"),
    ("科技型中小企业入库", "家", "count", "eq"),
    ("开展科技培训", "人次", "count", "gte"),
    ("组织产学研对接活动", "次", "frequency", "gte"),
    ("科技项目逾期结题数", "个", "count", "lte"),
    ("高新技术产业产值占比", "%", "ratio", "eq"),
]
DEPARTMENTS = ["办公室", "高新技术科", "成果转化科", "政策法规科"]
PASSWORD = "Bench-2026"


class Command(BaseCommand):
    help = "生成用于性能测试的大规模数据（省级或全国规模）。只能在空数据库上运行。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="province")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, scale, seed, **options):
        if Region.objects.exists():
            raise CommandError(
                "数据库中已有行政区划数据；请在空数据库上运行（例如另建一个数据库并设置 DATABASE_URL）。"
            )
        started = time.perf_counter()
        rng = random.Random(seed)
        provinces, cities, counties, targets_wanted, reports_each = SCALES[scale]
        today = timezone.localdate()
        year = today.year
        with transaction.atomic():
            bureaus = self.units(provinces, cities, counties)
            self.stdout.write(f"单位 {len(bureaus)} 个（{time.perf_counter() - started:.1f} s）")
            targets = self.plans(bureaus, targets_wanted, year, rng)
            self.stdout.write(f"指标 {targets} 个（{time.perf_counter() - started:.1f} s）")
            reports = self.reports(year, today, reports_each, rng)
            self.stdout.write(f"填报 {reports} 条（{time.perf_counter() - started:.1f} s）")
            self.users(bureaus)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # before the refresh: without statistics it joins row by row
        refreshed = time.perf_counter()
        refresh_statuses(today)
        self.stdout.write(f"驾驶舱状态 {time.perf_counter() - refreshed:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"完成：{scale} 规模，用时 {time.perf_counter() - started:.1f} s。测试账号 bench_province_leader、"
                f"bench_city_leader、bench_county_leader，密码 {PASSWORD}。"
            )
        )

    def units(self, provinces, cities, counties) -> list[Bureau]:
        regions = []
        city_codes = []
        for p in range(provinces):
            code = f"{11 + p:02d}0000"
            regions.append(Region(code=code, name=f"第{p + 1}省", level="province"))
        Region.objects.bulk_create(regions, batch_size=2000)
        by_code = {r.code: r for r in Region.objects.all()}
        city_regions = []
        for c in range(cities):
            province = f"{11 + c % provinces:02d}0000"
            code = f"{province[:2]}{c // provinces + 1:02d}00"
            city_regions.append(Region(code=code, name=f"第{c + 1}市", level="city", parent=by_code[province]))
            city_codes.append(code)
        Region.objects.bulk_create(city_regions, batch_size=2000)
        by_code = {r.code: r for r in Region.objects.all()}
        county_regions = []
        for k in range(counties):
            city = city_codes[k % cities]
            code = f"{city[:4]}{k // cities + 1:02d}"
            county_regions.append(Region(code=code, name=f"第{k + 1}县", level="county", parent=by_code[city]))
        Region.objects.bulk_create(county_regions, batch_size=2000)
        by_code = {r.code: r for r in Region.objects.all()}
        code_of = {r.pk: r.code for r in by_code.values()}
        made = {}
        for level in ("province", "city", "county"):
            level_bureaus = [
                Bureau(
                    name=f"{r.name}{r.code}科学技术局",
                    region=r,
                    parent=made.get(code_of.get(r.parent_id)) if r.parent_id else None,
                )
                for r in by_code.values()
                if r.level == level
            ]
            for bureau in Bureau.objects.bulk_create(level_bureaus, batch_size=2000):
                made[bureau.region.code] = bureau
        Department.objects.bulk_create(
            [Department(bureau=b, name=name) for b in made.values() for name in DEPARTMENTS], batch_size=5000
        )
        return list(made.values())

    def plans(self, bureaus, targets_wanted, year, rng) -> int:
        plans = Plan.objects.bulk_create(
            [
                Plan(
                    bureau=b,
                    year=year,
                    title=f"{b.name}{year}年度工作计划",
                    status="published",
                    source="generate_dataset",
                )
                for b in bureaus
            ],
            batch_size=2000,
        )
        departments = {}
        for pk, bureau_id in Department.objects.values_list("pk", "bureau_id"):
            departments.setdefault(bureau_id, []).append(pk)
        per_plan = max(1, targets_wanted // len(plans))
        tasks_per_plan = max(1, per_plan // 2)
        task_ids = _reserve_ids(connection, Task._meta.db_table, "id", tasks_per_plan * len(plans))
        task_rows, target_rows, index = [], [], 0
        target_ids = _reserve_ids(connection, Target._meta.db_table, "id", per_plan * len(plans))
        start, end = date(year, 1, 1), date(year, 12, 31)
        for plan in plans:
            plan_tasks = task_ids[index * tasks_per_plan : (index + 1) * tasks_per_plan]
            index += 1
            for number, task_id in enumerate(plan_tasks, start=1):
                lead = rng.choice(departments[plan.bureau_id])
                task_rows.append(
                    [
                        task_id,
                        plan.pk,
                        None,
                        f"第{number}项任务：推进科技创新工作",
                        lead,
                        "分管领导",
                        "",
                        end,
                        f"{year}年12月",
                        number,
                    ]
                )
        task_fields = [
            "id",
            "plan_id",
            "section_id",
            "text",
            "lead_department_id",
            "responsible_leader",
            "responsible_person",
            "deadline",
            "deadline_text",
            "order",
        ]
        _write(connection, Task._meta.db_table, task_fields, task_rows)
        for number, target_id in enumerate(target_ids):
            task_id = task_rows[number % len(task_rows)][0]
            metric, unit, kind, comparator = METRICS[number % len(METRICS)]
            value = Decimal(rng.choice([5, 10, 20, 50, 100]))
            target_rows.append(
                [
                    target_id,
                    task_id,
                    metric,
                    value,
                    unit,
                    comparator,
                    kind,
                    None,
                    start,
                    end,
                    None,
                    None,
                    "",
                    None,
                    None,
                    number % 2,
                ]
            )
        target_fields = [
            "id",
            "task_id",
            "metric",
            "value",
            "unit",
            "comparator",
            "kind",
            "baseline",
            "period_start",
            "period_end",
            "parent_id",
            "assigned_bureau_id",
            "source_text",
            "current_value",
            "last_reported_on",
            "order",
        ]
        _write(connection, Target._meta.db_table, target_fields, target_rows)
        self.targets = target_rows
        return len(target_rows)

    def reports(self, year, today, each, rng) -> int:
        reporter = get_user_model().objects.create_user("bench_reporter")
        start = date(year, 1, 1)
        fields = [
            "id",
            "target_id",
            "value",
            "as_of",
            "note",
            "reporter_id",
            "state",
            "reviewer_id",
            "reason",
            "submitted_at",
            "reviewed_at",
        ]
        total = len(self.targets) * each
        ids = iter(_reserve_ids(connection, ProgressReport._meta.db_table, "id", total))
        span = max((today - start).days, 1)
        batch, written, updates = [], 0, []
        adapt = connection.ops.adapt_datetimefield_value
        for row in self.targets:
            target_id, value = row[0], row[3]
            pace = rng.choice([0.0, 0.5, 0.9, 1.0, 1.1, 1.3])
            last = None
            waiting = rng.random() < 0.03  # the latest report of about 3 % of targets awaits review
            for step in range(1, each + 1):
                as_of = start + timedelta(days=span * step // each)
                current = (value * Decimal(str(pace)) * step / each).quantize(Decimal("0.01"))
                moment = adapt(timezone.make_aware(datetime.combine(as_of, clock(10))))
                if waiting and step == each:
                    batch.append(
                        [next(ids), target_id, current, as_of, "", reporter.pk, "submitted", None, "", moment, None]
                    )
                    last = (last[0] if last else None, as_of)  # not counted yet, but reported
                    continue
                batch.append(
                    [next(ids), target_id, current, as_of, "", reporter.pk, "approved", None, "", moment, moment]
                )
                last = (current, as_of)
            updates.append((target_id, *last))
            if len(batch) >= 200_000:
                _write(connection, ProgressReport._meta.db_table, fields, batch)
                written += len(batch)
                batch = []
        _write(connection, ProgressReport._meta.db_table, fields, batch)
        written += len(batch)
        self.set_current(updates)
        return written

    def set_current(self, updates) -> None:
        table = connection.ops.quote_name(Target._meta.db_table)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("CREATE TEMP TABLE current_values (id bigint, value numeric, as_of date) ON COMMIT DROP")
                _write(connection, "current_values", ["id", "value", "as_of"], [list(u) for u in updates])
                cursor.execute(
                    f"UPDATE {table} t SET current_value = c.value, last_reported_on = c.as_of "
                    f"FROM current_values c WHERE t.id = c.id"
                )
            else:
                cursor.executemany(
                    f"UPDATE {table} SET current_value = %s, last_reported_on = %s WHERE id = %s",
                    [(str(v), d.isoformat(), i) for i, v, d in updates],
                )

    def users(self, bureaus) -> None:
        User = get_user_model()
        password = make_password(PASSWORD)
        chosen = {
            "bench_province_leader": next(b for b in bureaus if b.region.level == "province"),
            "bench_city_leader": next(b for b in bureaus if b.region.level == "city"),
            "bench_county_leader": next(b for b in bureaus if b.region.level == "county"),
        }
        for username, bureau in chosen.items():
            user = User.objects.create(username=username, password=password, first_name=username)
            Membership.objects.create(user=user, bureau=bureau, role=Membership.Role.LEADER)
