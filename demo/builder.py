"""Builds the demo world: regions, bureaus, departments, users, plans and a year of progress.

Deterministic (a seeded random generator, dates relative to `today`) and idempotent: the
world is built once, in one transaction; later runs only make sure the demo users exist.
"""

import calendar
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from plans.deadlines import parse_deadline
from plans.models import Plan, Section, Task
from targets.models import Milestone, ProgressReport, Target
from targets.services import target_refresh_progress, target_rollup_split
from targets.status import cycle_start
from units.models import Bureau, Department, Membership, Region

from . import content as c
from .notices import load_demo_notices

User = get_user_model()
ADMIN_GROUP = "单位管理员"
MARKER_BUREAU = "聊城市科学技术局"


@dataclass
class DemoLogin:
    username: str
    name: str
    role: str
    where: str


@dataclass
class World:
    bureaus: dict[str, Bureau] = field(default_factory=dict)  # by division code
    departments: dict[tuple[str, str], Department] = field(default_factory=dict)  # (code, name)
    officers: dict[tuple[str, str], object] = field(default_factory=dict)  # (code, dept) -> user
    leaders: dict[str, object] = field(default_factory=dict)  # code -> user


def demo_loaded() -> bool:
    return Bureau.objects.filter(name=MARKER_BUREAU).exists()


def load_demo(today: date | None = None, seed: int = 2026) -> bool:
    """Builds the demo world unless it is there already. Returns whether it built it."""
    today = today or timezone.localdate()
    if demo_loaded():
        load_demo_notices(today)  # a demo built before the reminders gets them too
        return False
    with transaction.atomic():
        world = _units()
        _users(world)
        _plans(world, today.year, today, random.Random(seed))
        _outputs(today)
    load_demo_notices(today)
    return True


def _outputs(today: date) -> None:
    """What the demo shows beyond plans: the city's annual plan on the public pages, and the
    city leader's saved 通报 for the last quarter that has ended."""
    from cockpit.bulletins import Period, Scope, compose
    from cockpit.selectors import bulletin_targets
    from cockpit.services import bulletin_save
    from disclosure.models import PublicPlan

    leader = User.objects.get(username="lc_leader")
    admin = User.objects.get(username="lc_admin")
    city = leader.memberships.get().bureau
    annual = (
        Plan.objects.filter(bureau=city, status=Plan.Status.PUBLISHED, kind=Plan.Kind.ANNUAL).order_by("pk").first()
    )
    if annual is not None:
        PublicPlan.objects.create(plan=annual, disclosed_by=admin)
    quarter = (today.month - 1) // 3
    period = Period("quarter", today.year, quarter) if quarter else Period("quarter", today.year - 1, 4)
    scope = Scope.of_region(city.region)
    content = compose(
        targets=bulletin_targets(leader, scope),
        scope=scope,
        period=period,
        issuer=city.name,
        issued_on=period.end + timedelta(days=8),
        requirements="",
    )
    bulletin_save(actor=leader, issuer=city, content=content)


# --- units and people -------------------------------------------------------------------


def _bureau_name(region_name: str) -> str:
    return f"{region_name}科学技术厅" if region_name.endswith("省") else f"{region_name}科学技术局"


def _units() -> World:
    world = World()
    province = Region.objects.create(code=c.PROVINCE[0], name=c.PROVINCE[1], level=Region.Level.PROVINCE)
    province_bureau = Bureau.objects.create(name=_bureau_name(province.name), region=province)
    world.bureaus[province.code] = province_bureau
    for city_code, city_name, counties in c.CITIES:
        city = Region.objects.create(code=city_code, name=city_name, level=Region.Level.CITY, parent=province)
        city_bureau = Bureau.objects.create(name=_bureau_name(city_name), region=city, parent=province_bureau)
        world.bureaus[city_code] = city_bureau
        for county_code, county_name in counties:
            county = Region.objects.create(code=county_code, name=county_name, level=Region.Level.COUNTY, parent=city)
            world.bureaus[county_code] = Bureau.objects.create(
                name=f"{county_name}科学技术局", region=county, parent=city_bureau
            )
    for code, bureau in world.bureaus.items():
        level = bureau.region.level
        names = (
            c.PROVINCE_DEPARTMENTS
            if level == Region.Level.PROVINCE
            else c.CITY_DEPARTMENTS
            if code == "371500"
            else c.OTHER_CITY_DEPARTMENTS
            if level == Region.Level.CITY
            else c.COUNTY_DEPARTMENTS
        )
        for name in names:
            world.departments[code, name] = Department.objects.create(bureau=bureau, name=name)
    return world


def _users(world: World) -> None:
    password = make_password(c.PASSWORD)
    group = _admin_group()
    for code, bureau in world.bureaus.items():
        prefix = c.USER_PREFIX.get(code)
        if prefix is None:
            continue
        short = bureau.region.name
        leader = _user(f"{prefix}_leader", f"{short}局领导", password)
        Membership.objects.create(user=leader, bureau=bureau, role=Membership.Role.LEADER)
        world.leaders[code] = leader
        admin = _user(f"{prefix}_admin", f"{short}管理员", password, staff=True)
        admin.groups.add(group)
        Membership.objects.create(user=admin, bureau=bureau, role=Membership.Role.ADMIN)
        for (dept_code, dept_name), department in world.departments.items():
            if dept_code != code:
                continue
            officer = _user(f"{prefix}_{c.DEPARTMENT_SLUG[dept_name]}", f"{short}{dept_name}填报员", password)
            Membership.objects.create(user=officer, bureau=bureau, department=department, role=Membership.Role.OFFICER)
            world.officers[code, dept_name] = officer


def _user(username: str, name: str, password_hash: str, staff: bool = False):
    return User.objects.create(username=username, first_name=name, password=password_hash, is_staff=staff)


def _admin_group() -> Group:
    """Bureau admins use the Django admin for units and plans; what they see there is scoped."""
    group, _ = Group.objects.get_or_create(name=ADMIN_GROUP)
    wanted = {
        "units": {
            "region": ["view"],
            "bureau": ["view"],
            "department": ["view", "add", "change", "delete"],
            "membership": ["view", "add", "change", "delete"],
        },
        "auth": {"user": ["view", "add", "change"]},
        "plans": {m: ["view", "add", "change", "delete"] for m in ("plan", "section", "task")},
        "targets": {
            "target": ["view", "add", "change", "delete"],
            "progressreport": ["view"],
            "evidence": ["view"],
            "nudge": ["view"],
        },
    }
    codenames = [
        f"{action}_{model}" for models in wanted.values() for model, actions in models.items() for action in actions
    ]
    group.permissions.set(Permission.objects.filter(codename__in=codenames, content_type__app_label__in=wanted))
    return group


def demo_logins() -> list[DemoLogin]:
    """The demo users worth showing on the console, city and county first."""
    shown = [
        "lc_leader",
        "lc_admin",
        "lc_gaoxin",
        "lc_chengguo",
        "dcf_leader",
        "dcf_admin",
        "dcf_chuangxin",
        "dcf_chengguo",
        "yg_chuangxin",
        "sd_leader",
        "sd_admin",
    ]
    users = {
        u.username: u
        for u in User.objects.filter(username__in=shown).prefetch_related(
            "memberships__bureau", "memberships__department"
        )
    }
    logins = []
    for username in shown:
        user = users.get(username)
        if user is None:
            continue
        membership = user.memberships.all()[0]
        where = membership.bureau.name + (f" · {membership.department.name}" if membership.department_id else "")
        logins.append(DemoLogin(username, user.first_name, membership.get_role_display(), where))
    return logins


# --- plans ------------------------------------------------------------------------------


def _plans(world: World, year: int, today: date, rng: random.Random) -> None:
    city = "371500"
    annual = _plan(
        world,
        city,
        year,
        f"聊城市科学技术局{year}年度重点工作计划",
        Plan.Kind.ANNUAL,
        c.CITY_PLAN,
        Plan.Cycle.MONTHLY,
        review=True,
    )
    _split_rd_target(world, annual)
    _plan(
        world,
        city,
        year,
        f"聊城市科学技术局{year}年普法工作计划",
        Plan.Kind.LEGAL,
        c.LEGAL_PLAN,
        Plan.Cycle.QUARTERLY,
        review=False,
    )
    _plan(
        world,
        city,
        year,
        "聊城市科学技术局科技专项资金审计问题整改方案",
        Plan.Kind.RECTIFICATION,
        c.RECTIFICATION_PLAN,
        Plan.Cycle.MONTHLY,
        review=True,
    )
    for code, _ in next(counties for cc, _, counties in c.CITIES if cc == city):
        scale = Decimal(rng.choice(["0.7", "0.8", "1", "1", "1.2", "1.5"]))
        name = world.bureaus[code].name
        _plan(
            world,
            code,
            year,
            f"{name}{year}年度工作要点",
            Plan.Kind.KEY_POINTS,
            c.COUNTY_PLAN,
            Plan.Cycle.MONTHLY,
            review=True,
            scale=scale,
        )
    _plan(
        world,
        "371400",
        year,
        f"德州市科学技术局{year}年度工作计划",
        Plan.Kind.ANNUAL,
        c.OTHER_CITY_PLAN,
        Plan.Cycle.QUARTERLY,
        review=True,
    )
    # One plan still being drafted and last year's plan, archived.
    _plan(
        world,
        city,
        year + 1,
        f"聊城市科学技术局{year + 1}年度重点工作计划（征求意见稿）",
        Plan.Kind.ANNUAL,
        c.CITY_PLAN[:2],
        Plan.Cycle.MONTHLY,
        review=True,
        status=Plan.Status.DRAFT,
    )
    _plan(
        world,
        city,
        year - 1,
        f"聊城市科学技术局{year - 1}年度重点工作计划",
        Plan.Kind.ANNUAL,
        c.CITY_PLAN[2:4],
        Plan.Cycle.MONTHLY,
        review=True,
        status=Plan.Status.ARCHIVED,
    )
    _progress(world, today, rng)


def _normalised(outline):
    """Outlines come as sections of tasks or sections of subsections of tasks."""
    for label, title, items in outline:
        if items and len(items[0]) == 3:
            yield label, title, items
        else:
            yield label, title, [(None, None, items)]


def _plan(world, code, year, title, kind, outline, cycle, review, scale=Decimal(1), status=Plan.Status.PUBLISHED):
    bureau = world.bureaus[code]
    plan = Plan.objects.create(
        bureau=bureau,
        year=year,
        title=title,
        kind=kind,
        status=status,
        reporting_cycle=cycle,
        requires_review=review,
        source="演示数据",
    )
    order = 0
    for s_index, (label, heading, groups) in enumerate(_normalised(outline)):
        section = Section.objects.create(plan=plan, label=label, title=heading, order=s_index * 100)
        for g_index, (sub_label, sub_title, tasks) in enumerate(groups):
            parent = section
            if sub_label:
                parent = Section.objects.create(
                    plan=plan, parent=section, label=sub_label, title=sub_title, order=s_index * 100 + g_index + 1
                )
            for text, lead, co, leader, deadline_text, targets in tasks:
                order += 1
                _task(world, plan, parent, code, order, text, lead, co, leader, deadline_text, targets, scale, year)
    return plan


def _scaled(raw: str | None, scale: Decimal, kind: str) -> Decimal | None:
    if raw is None:
        return None
    if raw.startswith("scale:"):
        value = Decimal(raw.removeprefix("scale:")) * scale
        whole = kind in (Target.Kind.COUNT, Target.Kind.FREQUENCY) or value >= 10
        return max(value.quantize(Decimal("1") if whole else Decimal("0.1"), ROUND_HALF_UP), Decimal(1))
    return Decimal(raw)


def _task(world, plan, section, code, order, text, lead, co, leader, deadline_text, targets, scale, year):
    deadline_text = deadline_text.replace("2026", str(year))
    deadline = parse_deadline(deadline_text, year)
    values = [_scaled(t[1], scale, t[4]) for t in targets]
    first = f"{values[0].normalize():f}" if values and values[0] is not None else ""
    task = Task.objects.create(
        plan=plan,
        section=section,
        text=text.replace("{n}", first),
        order=order,
        lead_department=world.departments[code, lead],
        responsible_leader=leader or c.LEADERS[order % len(c.LEADERS)],
        responsible_person=f"{lead}负责人",
        deadline=deadline,
        deadline_text=deadline_text,
    )
    task.co_departments.set([world.departments[code, name] for name in co])
    period_end = deadline or date(year, 12, 31)
    for index, (metric, _, unit, comparator, kind, source, *baseline) in enumerate(targets):
        value = values[index]
        target = Target.objects.create(
            task=task,
            metric=metric,
            value=value,
            unit=unit,
            comparator=comparator,
            kind=kind,
            baseline=Decimal(baseline[0]) if baseline else None,
            period_start=date(year, 1, 1),
            period_end=period_end,
            order=index,
            source_text=source.replace("{n}", f"{value.normalize():f}" if value is not None else ""),
        )
        for label, month, share in c.MILESTONES.get(metric, ()):
            Milestone.objects.create(
                target=target,
                label=label,
                due=date(year, month, calendar.monthrange(year, month)[1]),
                value=(value * Decimal(share)).quantize(Decimal("0.01")),
            )


def _split_rd_target(world: World, plan: Plan) -> None:
    parent = Target.objects.get(task__plan=plan, metric="全社会研发经费投入")
    for index, (code, share) in enumerate(c.RD_SPLIT.items()):
        Target.objects.create(
            task=parent.task,
            metric=parent.metric,
            value=Decimal(share),
            unit=parent.unit,
            comparator=parent.comparator,
            kind=parent.kind,
            period_start=parent.period_start,
            period_end=parent.period_end,
            parent=parent,
            assigned_bureau=world.bureaus[code],
            order=index + 1,
            source_text=parent.source_text,
        )


# --- progress ---------------------------------------------------------------------------

# How each target fares over the year: share of the expected path it keeps to.
PROFILES = [("done", 16), ("on_track", 34), ("late", 14), ("severe", 12), ("stopped", 12), ("never", 12)]
PACE = {
    "done": (1.25, 1.6),
    "on_track": (1.0, 1.12),
    "late": (0.87, 0.93),
    "severe": (0.35, 0.7),
    "stopped": (0.6, 1.0),
}


def _month_ends(start: date, until: date) -> list[date]:
    ends, year, month = [], start.year, start.month
    while True:
        end = date(year, month, calendar.monthrange(year, month)[1])
        if end >= until:
            return ends
        ends.append(end)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _reported_value(target: Target, pace: float, share: float, profile: str) -> Decimal:
    if target.value is None:
        raw = min(100.0, 100 * share * pace)
    elif target.comparator == Target.Comparator.LTE:
        factor = {"done": 0.8, "on_track": 0.9, "late": 1.1, "severe": 1.5, "stopped": 1.05}[profile]
        raw = float(target.value) * factor
    else:
        raw = float(target.value) * min(share * pace, 1.15 if profile == "done" else 1.0 * pace)
    whole = target.kind in (Target.Kind.COUNT, Target.Kind.FREQUENCY) and target.unit not in ("个工作日",)
    quantum = Decimal("1") if whole else Decimal("0.01")
    return Decimal(str(raw)).quantize(quantum, ROUND_HALF_UP)


def _progress(world: World, today: date, rng: random.Random) -> None:
    targets = list(
        Target.objects.filter(task__plan__status=Plan.Status.PUBLISHED, children__isnull=True)
        .select_related("task__plan__bureau", "task__lead_department", "assigned_bureau")
        .order_by("pk")
    )
    reports = []
    names, weights = zip(*PROFILES)
    for target in targets:
        profile = rng.choices(names, weights)[0]
        if profile == "never":
            continue
        plan = target.task.plan
        code = (target.assigned_bureau or plan.bureau).region.code
        dept = target.task.lead_department.name if not target.assigned_bureau else "科技创新股"
        reporter = world.officers[code, dept]
        reviewer = world.leaders[plan.bureau.region.code if not target.assigned_bureau else code]
        low, high = PACE[profile]
        pace = rng.uniform(low, high)
        last_day = min(today, target.period_end)
        dates = _month_ends(target.period_start, last_day)
        if profile == "stopped":
            dates = dates[: max(1, len(dates) - 3)]
        else:
            current = max(cycle_start(plan.reporting_cycle, today), target.period_start)
            as_of = today - timedelta(days=3) if (today - current).days >= 3 else today
            if target.period_end >= today and as_of >= current:
                dates.append(as_of)
        period_days = (target.period_end - target.period_start).days
        for index, as_of in enumerate(dates):
            share = (as_of - target.period_start).days / period_days
            value = _reported_value(target, pace, share, profile)
            submitted = timezone.make_aware(datetime.combine(as_of + timedelta(days=2), time(9 + index % 8, 30)))
            submitted = min(submitted, timezone.now())
            is_latest = index == len(dates) - 1
            note = rng.choice(c.PROGRESS_NOTES)
            if plan.requires_review and rng.random() < 0.06 and not is_latest:
                reports.append(
                    ProgressReport(
                        target=target,
                        value=value + 1,
                        as_of=as_of,
                        note=note,
                        reporter=reporter,
                        state=ProgressReport.State.RETURNED,
                        reviewer=reviewer,
                        reason=rng.choice(c.RETURN_REASONS),
                        submitted_at=submitted - timedelta(hours=20),
                        reviewed_at=submitted - timedelta(hours=2),
                    )
                )
            pending = plan.requires_review and is_latest and rng.random() < 0.35
            reports.append(
                ProgressReport(
                    target=target,
                    value=value,
                    as_of=as_of,
                    note=note,
                    reporter=reporter,
                    state=ProgressReport.State.SUBMITTED if pending else ProgressReport.State.APPROVED,
                    reviewer=None if pending or not plan.requires_review else reviewer,
                    submitted_at=submitted,
                    reviewed_at=None if pending or not plan.requires_review else submitted + timedelta(hours=4),
                )
            )
    # submitted_at is auto_now_add; the history needs the past times, so set them after.
    submitted_times = [report.submitted_at for report in reports]
    created = bulk_create_with_history(reports, ProgressReport, batch_size=500)
    for report, submitted in zip(created, submitted_times):
        report.submitted_at = submitted
    ProgressReport.objects.bulk_update(created, ["submitted_at"], batch_size=500)
    for target in targets:
        target_refresh_progress(target=target)
    for parent in Target.objects.filter(children__isnull=False).distinct():
        target_rollup_split(parent=parent)
