"""工作进展通报: the figures of a scope at the end of a period, arranged as an official bulletin.

The bulletin is composed as plain data (`compose`) that the web preview, the saved copy and the
Word file all render, so the three always agree. Its figures are those of the period's last day
(`targets.snapshots`), not of the day it is written: the bulletin for the third quarter says the
same in October as in December, for the reports then on record.

Ranking: units are ranked by completion rate (已完成 ÷ 指标数), ties broken by the share on track
or done; equal pairs share a place.
"""

import calendar
from dataclasses import asdict, dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from targets.snapshots import snapshots_on
from targets.status import STATUS_LABELS, STATUS_ORDER, Status
from units.models import Bureau, Region

PERIOD_KINDS = {
    "month": _("月度"),
    "quarter": _("季度"),
    "half": _("半年"),
    "ytd": _("年初至今"),
}
QUARTERS = "一二三四"
LISTED = 50  # targets named per status; the rest are counted ("等N项")
LISTED_STATUSES = [Status.OVERDUE, Status.SEVERE, Status.LATE, Status.UNREPORTED]
# How a bulletin names the statuses where the screen's short labels read too terse.
BULLETIN_LABELS = {Status.ON_TRACK: "正常推进", Status.UNREPORTED: "未按期填报"}


def bulletin_label(status: Status) -> str:
    return BULLETIN_LABELS.get(status) or str(STATUS_LABELS[status])


DEFAULT_REQUIREMENTS = _(
    "各单位、各科室要对照年度目标任务，逐项梳理推进情况：对已滞后、逾期的指标，要分析原因、"
    "明确措施、倒排工期，确保按期完成；对未按期填报的指标，要于5个工作日内补报进展并上传佐证材料。"
    "局办公室将持续跟踪督办，定期通报推进情况。"
)


@dataclass(frozen=True)
class Period:
    kind: str  # month, quarter, half, ytd
    year: int
    number: int  # month 1–12, quarter 1–4, half 1–2; for ytd the last month

    @classmethod
    def parse(cls, kind: str, year: str | int, number: str | int) -> "Period":
        """A period from form values; ValueError with a Chinese message when out of range."""
        try:
            year, number = int(year), int(number)
        except (TypeError, ValueError):
            raise ValueError(_("请选择通报的年度和期次。")) from None
        limits = {"month": 12, "quarter": 4, "half": 2, "ytd": 12}
        if kind not in limits:
            raise ValueError(_("通报周期只能是月度、季度、半年或年初至今。"))
        if not 2000 <= year <= 2100 or not 1 <= number <= limits[kind]:
            raise ValueError(_("期次超出范围。"))
        return cls(kind, year, number)

    @property
    def last_month(self) -> int:
        return {"month": self.number, "quarter": 3 * self.number, "half": 6 * self.number, "ytd": self.number}[
            self.kind
        ]

    @property
    def end(self) -> date:
        return date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.year}年{self.number}月"
        if self.kind == "quarter":
            return f"{self.year}年第{QUARTERS[self.number - 1]}季度"
        if self.kind == "half":
            return f"{self.year}年{'上' if self.number == 1 else '下'}半年"
        return f"{self.year}年度" if self.number == 12 else f"{self.year}年1—{self.number}月"


@dataclass
class Scope:
    """Where a bulletin looks: a region (all bureaus under it) or one bureau."""

    name: str  # 聊城市, 东昌府区, 聊城市科学技术局
    whole: str  # 全市, 全县, 全区, 全省, 全局: how the opening names the scope
    region: Region | None = None
    bureau: Bureau | None = None

    @classmethod
    def of_region(cls, region: Region) -> "Scope":
        if region.level == Region.Level.PROVINCE:
            whole = "全省"
        elif region.level == Region.Level.CITY:
            whole = "全市"
        else:
            whole = "全区" if region.name.endswith("区") else "全县"
        return cls(region.name, whole, region=region)

    @classmethod
    def of_bureau(cls, bureau: Bureau) -> "Scope":
        return cls(bureau.name, "全局", bureau=bureau)

    @property
    def key(self) -> str:
        return f"region:{self.region.code}" if self.region else f"bureau:{self.bureau.pk}"


@dataclass
class UnitRow:
    name: str
    total: int = 0
    counts: dict = field(default_factory=dict)
    rank: int = 0

    @property
    def done(self) -> int:
        return self.counts.get(Status.DONE, 0)

    @property
    def moving(self) -> int:
        return self.done + self.counts.get(Status.ON_TRACK, 0)

    @property
    def late(self) -> int:
        return self.counts.get(Status.LATE, 0) + self.counts.get(Status.SEVERE, 0)

    @property
    def completion_rate(self) -> float:
        return self.done / self.total if self.total else 0.0


def compose(*, targets, scope: Scope, period: Period, issuer: str, issued_on: date, requirements: str) -> dict:
    """The bulletin as plain data (JSON-ready): title, issuer, opening paragraph, a section per
    status naming its targets, the table by unit with ranks, best and worst, requirements.
    `targets` are those of the scope the user may see (any plan year; only plans of the period's
    year whose target period has begun by the period's end are counted)."""
    end = period.end
    chosen = (
        targets.filter(task__plan__year=period.year, period_start__lte=end)
        .select_related("task__plan__bureau__region", "task__lead_department", "assigned_bureau__region")
        .order_by("period_end", "pk")
    )
    snapshots = snapshots_on(chosen, end)
    counts = {s: 0 for s in STATUS_ORDER}
    for snap in snapshots:
        counts[snap.status] += 1
    tasks = len({snap.target.task_id for snap in snapshots})
    units = _units(snapshots, scope)
    listed = {}
    for status in STATUS_ORDER:
        chosen_rows = [s for s in snapshots if s.status == status]
        listed[status.value] = {
            "label": bulletin_label(status),
            "count": len(chosen_rows),
            "items": [_item(s) for s in chosen_rows[:LISTED]] if status in LISTED_STATUSES else [],
            "more": max(0, len(chosen_rows) - LISTED) if status in LISTED_STATUSES else 0,
        }
    ranked = sorted(units, key=lambda u: (-u.completion_rate, -(u.moving / u.total if u.total else 0), u.name))
    place, previous = 0, None
    for index, unit in enumerate(ranked, start=1):
        key = (unit.completion_rate, unit.moving / unit.total if unit.total else 0)
        if key != previous:
            place, previous = index, key
        unit.rank = place
    best = [u.name for u in ranked[:3]] if len(ranked) >= 4 else []
    worst = [u.name for u in ranked[-3:][::-1]] if len(ranked) >= 4 else []
    total = len(snapshots)
    return {
        "title": f"关于{period.label}重点工作任务推进情况的通报",
        "issuer": issuer,
        "issued_on": issued_on.isoformat(),
        "issued_on_text": chinese_date(issued_on),
        "period": asdict(period),
        "period_label": period.label,
        "as_of": end.isoformat(),
        "scope": {"key": scope.key, "name": scope.name, "whole": scope.whole},
        "opening": _opening(scope, end, tasks, total, counts),
        "totals": {"tasks": tasks, "targets": total, **{s.value: counts[s] for s in STATUS_ORDER}},
        "sections": [listed[s.value] | {"status": s.value} for s in STATUS_ORDER],
        "unit_label": "单位" if scope.region is None or scope.region.level == Region.Level.COUNTY else "地区",
        "units": [
            {
                "name": u.name,
                "total": u.total,
                "done": u.done,
                "on_track": u.counts.get(Status.ON_TRACK, 0),
                "late": u.late,
                "overdue": u.counts.get(Status.OVERDUE, 0),
                "unreported": u.counts.get(Status.UNREPORTED, 0),
                "rate": f"{u.completion_rate:.1%}",
                "rank": u.rank,
            }
            for u in sorted(units, key=lambda u: u.rank)
        ],
        "best": best,
        "worst": worst,
        "requirements": requirements.strip() or DEFAULT_REQUIREMENTS,
    }


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _opening(scope: Scope, end: date, tasks: int, total: int, counts: dict) -> str:
    if not total:
        return f"截至{end.month}月{end.day}日，{scope.whole}尚无纳入跟踪的量化指标。"
    parts = [f"已完成{counts[Status.DONE]}项", f"正常推进{counts[Status.ON_TRACK]}项"]
    for status in (Status.LATE, Status.SEVERE, Status.OVERDUE, Status.UNREPORTED):
        if counts[status]:
            parts.append(f"{bulletin_label(status)}{counts[status]}项")
    share = (counts[Status.DONE] + counts[Status.ON_TRACK]) / total
    return (
        f"截至{end.month}月{end.day}日，{scope.whole}共有重点工作任务{tasks}项、量化指标{total}项，"
        + "，".join(parts)
        + f"，已完成和正常推进的占{share:.1%}。"
    )


def _owner(target):
    return target.assigned_bureau or target.task.plan.bureau


def _units(snapshots, scope: Scope) -> list[UnitRow]:
    """Rows of the table: a province's cities, a city's counties (its own bureaus as 本级), a
    county's bureaus, a bureau's lead departments. Regions are found by division-code prefix."""
    keys = []
    for snap in snapshots:
        owner = _owner(snap.target)
        if scope.bureau is not None:
            department = snap.target.task.lead_department
            if snap.target.task.plan.bureau_id != scope.bureau.pk:  # the dashboard's row name
                keys.append("上级分解下达的指标")
            else:
                keys.append(department.name if department else "未指定牵头科室")
        elif scope.region.level == Region.Level.COUNTY:
            keys.append(owner.name)
        elif owner.region.code == scope.region.code:
            keys.append(f"{scope.region.name}（本级）")
        else:
            keys.append(
                owner.region.code[:4] + "00" if scope.region.level == Region.Level.PROVINCE else owner.region.code
            )
    names = dict(Region.objects.filter(code__in=set(keys)).values_list("code", "name"))
    rows: dict[str, UnitRow] = {}
    for snap, key in zip(snapshots, keys, strict=True):
        name = names.get(key, key)
        row = rows.setdefault(name, UnitRow(name))
        row.total += 1
        row.counts[snap.status] = row.counts.get(snap.status, 0) + 1
    return list(rows.values())


def _item(snap) -> dict:
    target = snap.target
    if target.value is None:
        goal = "定性指标"
        now = f"完成{snap.current.normalize():f}%" if snap.current is not None else "未填报"
    else:
        sign = {"gte": "", "lte": "不超过", "eq": ""}.get(target.comparator, "")
        goal = f"{sign}{target.value.normalize():f}{target.unit}"
        now = f"{snap.current.normalize():f}{target.unit}" if snap.current is not None else "未填报"
    department = target.task.lead_department
    return {
        "unit": _owner(target).name,
        "metric": target.metric,
        "goal": goal,
        "current": now,
        "deadline": chinese_date(target.period_end),
        "department": department.name if department else "未指定",
    }
