"""Rollups for the 驾驶舱: status counts per child unit (sub-region, bureau, department),
computed in the database with one grouped query each, whatever the amount of data.

A target belongs to the bureau it is assigned to (a share of a split target) or else to the
bureau of its plan; the target keeps that bureau, its division code, its plan and its status
for the day in columns of its own (see `Target`), so a rollup reads one table. Regions group
on division-code prefixes: counts per stored code are folded into a province's cities (first
4 digits) or a city's counties (all 6); no recursive query.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.utils.translation import gettext as _

from access import scoping
from core.numbers import parse_year
from plans.models import Plan, Task
from targets.models import Target
from targets.selectors import refresh_statuses
from targets.status import STATUS_ORDER, Status, attainment
from units.models import Bureau, Department, Region


@dataclass
class Filters:
    year: int | None = None
    kind: str = ""
    department: str = ""  # lead department's name, across bureaus (chosen from those in scope)
    status: str = ""

    @classmethod
    def from_query(cls, params, today: date | None = None) -> "Filters":
        """The year defaults to the current one (a new plan for another year must not mix into
        this year's figures); `year=` (全部) asks for every year."""
        year = params.get("year", None)
        kind = params.get("kind", "")
        status = params.get("status", "")
        if year is None:
            chosen_year = today.year if today else None
        else:
            chosen_year = parse_year(year)
        return cls(
            year=chosen_year,
            kind=kind if kind in Plan.Kind.values else "",
            department=params.get("department", "").strip()[:64],
            status=status if status in Status else "",
        )

    @property
    def narrowed(self) -> bool:
        """Whether the user chose a filter beyond the year: an empty result then means that
        nothing matches the filter, not that nothing is there."""
        return bool(self.kind or self.department or self.status)

    def query(self, **changes) -> str:
        """The filters as a query string, with some changed (the status tiles' links)."""
        from urllib.parse import urlencode

        values = {"year": self.year or "", "kind": self.kind, "department": self.department, "status": self.status}
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v or k == "year"})

    def apply(self, targets: QuerySet[Target]) -> QuerySet[Target]:
        """Targets of published plans that pass the filters, on the target's stored plan
        column: small subqueries, so the targets are scanned once and joined to nothing."""
        plans = Plan.objects.filter(status=Plan.Status.PUBLISHED)
        if self.year:
            plans = plans.filter(year=self.year)
        if self.kind:
            plans = plans.filter(kind=self.kind)
        targets = targets.filter(plan__in=plans.values("pk"))
        if self.department:
            targets = targets.filter(task__in=Task.objects.filter(lead_department__name=self.department).values("pk"))
        return targets


def plan_years(user) -> list[int]:
    """The years the 驾驶舱's filter offers: those of published plans in the user's scope
    (its bureaus' plans and the plans holding shares assigned to them), latest ten."""
    scope = scoping.scope_for(user)
    published = Plan.objects.filter(status=Plan.Status.PUBLISHED)
    if scope.is_superuser:
        plans = published
    elif scope.officer_posts:  # as in dashboard_targets_visible_to: the general rule
        plans = published.filter(pk__in=scoping.dashboard_targets_visible_to(user).values("plan"))
    else:
        bureaus = scope.supervised_bureaus
        shares = Target.objects.filter(assigned_bureau__any=bureaus).values("plan")
        plans = published.filter(Q(bureau__any=bureaus) | Q(pk__in=shares))
    return list(plans.order_by("-year").values_list("year", flat=True).distinct()[:10])


@dataclass
class Row:
    key: object
    name: str
    counts: dict[str, int]
    url: str = ""
    code: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done_share(self) -> float:
        return self.counts.get(Status.DONE.value, 0) / self.total if self.total else 0.0

    @property
    def cells(self) -> list[int]:
        return [self.counts.get(s.value, 0) for s in STATUS_ORDER]

    @property
    def status_cells(self) -> list[tuple[str, int]]:
        """(status, count) in display order, so a cell can carry its status's colour."""
        return [(s.value, self.counts.get(s.value, 0)) for s in STATUS_ORDER]


def dashboard_targets(visible: QuerySet[Target], filters: Filters, today: date) -> QuerySet[Target]:
    """Published, top-level-or-share targets of the scope, each with its `status` as of
    today, its `owner` bureau and `owner_code` read from the stored columns (refreshed
    first where stale), so that rollups group one table instead of joining five."""
    refresh_statuses(today)
    targets = filters.apply(visible)
    targets = targets.annotate(status=F("stored_status"))
    # A split target is counted through its shares, not once more as the parent.
    targets = targets.exclude(pk__in=Target.objects.filter(parent__isnull=False).values("parent_id"))
    if filters.status:
        targets = targets.filter(status=filters.status)
    return targets


def _group(targets: QuerySet[Target], key=None, **group) -> dict[object, dict[str, int]]:
    """Status counts per group, grouped in the database on plain columns (the cheapest
    grouping there is); `key` then folds groups together in Python, e.g. a county's code into
    its city's. Every filter is a subquery or a column of the target, so no row is counted
    twice."""
    ((name, expression),) = group.items()
    rows = targets.annotate(**{name: expression}).order_by().values_list(name, "status").annotate(n=Count("pk"))
    grouped: dict[object, dict[str, int]] = {}
    for value, status, n in rows:
        counts = grouped.setdefault(key(value) if key else value, {})
        counts[status] = counts.get(status, 0) + n
    return grouped


def by_region(targets: QuerySet[Target], region: Region | None, prefixes: tuple[str, ...]) -> list[Row]:
    """Children of a region (or of the user's top regions): cities of a province, counties of
    a city (the city's own bureaus appear as 本级)."""
    if region is None or region.level == Region.Level.PROVINCE:
        length = 4 if region is not None else max(2, min(len(p) for p in prefixes) + 2 if prefixes else 2)
    else:
        length = 6
    grouped = _group(targets, key=lambda code: code[:length], group_code=F("owner_code"))
    codes = {code.ljust(6, "0"): code for code in grouped}
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    rows = []
    for full, short in sorted(codes.items()):
        found = regions.get(full)
        name = found.name if found else full
        if region is not None and full == region.code:
            name = _("%(name)s（本级）") % {"name": region.name}
        rows.append(Row(key=short, name=name, counts=grouped[short], code=full))
    return rows


def by_bureau(targets: QuerySet[Target]) -> list[Row]:
    grouped = _group(targets, group_bureau=F("owner"))
    names = dict(Bureau.objects.filter(pk__in=grouped).values_list("pk", "name"))
    return sorted(
        (Row(key=pk, name=names.get(pk, ""), counts=counts) for pk, counts in grouped.items()), key=lambda r: r.name
    )


SHARES = 0  # the key under which shares of a superior's split targets are grouped


def by_department(targets: QuerySet[Target]) -> list[Row]:
    """Departments of a bureau. A share of a superior bureau's split target is the bureau's as
    a whole (the task's department belongs to the superior), so shares form their own row."""
    key = Case(
        When(assigned_bureau__isnull=False, then=Value(SHARES)),
        default=F("task__lead_department"),
        output_field=IntegerField(),
    )
    grouped = _group(targets, group_department=key)
    names = dict(Department.objects.filter(pk__in=[k for k in grouped if k]).values_list("pk", "name"))
    names[SHARES] = _("上级分解下达的指标")
    return sorted(
        (Row(key=pk, name=names.get(pk, _("（未指定牵头部门）")), counts=counts) for pk, counts in grouped.items()),
        key=lambda r: (r.key == SHARES, r.name),
    )


def by_plan(targets: QuerySet[Target]) -> list[Row]:
    grouped = _group(targets, group_plan=F("plan"))
    names = dict(Plan.objects.filter(pk__in=grouped).values_list("pk", "title"))
    return sorted((Row(key=pk, name=names.get(pk, ""), counts=c) for pk, c in grouped.items()), key=lambda r: r.name)


def _ranked(rows: list[dict]) -> list[dict]:
    """Places rows (each with `comparator`, `target`, `actual`, `name`) by how well each meets
    its own target, direction included: ≥ and = by the share reached, ≤ by staying at or under
    the ceiling (among those within it, the most headroom first; over it, the further over the
    lower). A row with no counted value is 未填报 and ranks last."""
    for row in rows:
        reported = row["actual"] is not None
        row["reported"] = reported
        score = attainment(row["comparator"], row["target"], row["actual"]) if reported else None
        row["completion"] = float(score) if score is not None else None
        row["sign"] = COMPARATOR_SIGNS[row["comparator"]]
        if not reported:
            row["verdict"] = _("未填报")
        elif row["comparator"] != "lte":
            row["verdict"] = f"{float(score):.0%}"
        elif score >= 1:
            row["verdict"] = _("未超上限")
        else:
            row["verdict"] = _("超出上限")

    def key(row):
        if not row["reported"]:
            return (1, 0, 0, row["name"])
        headroom = float(row["actual"] / row["target"]) if row["comparator"] == "lte" and row["target"] else 0.0
        return (0, -row["completion"], headroom, row["name"])

    rows.sort(key=key)
    for place, row in enumerate(rows, start=1):
        row["place"] = place
    return rows


COMPARATOR_SIGNS = dict(Target.Comparator.choices)


def ranking(targets: QuerySet[Target], metric: str) -> list[dict]:
    """Every bureau with the metric, ranked by how well it meets its own target (see `_ranked`)."""
    rows = (
        targets.filter(metric=metric, value__isnull=False)
        .order_by()
        .values("owner", "comparator", "unit")
        .annotate(target=Sum("value"), actual=Sum("current_value"))
    )
    names = dict(Bureau.objects.filter(pk__in=[r["owner"] for r in rows]).values_list("pk", "name"))
    return _ranked(
        [
            {
                "name": names.get(row["owner"], ""),
                "bureau": names.get(row["owner"], ""),
                "bureau_id": row["owner"],
                "unit": row["unit"],
                "comparator": row["comparator"],
                "target": row["target"],
                "actual": row["actual"],
            }
            for row in rows
        ]
    )


def ranking_of_targets(targets: QuerySet[Target], limit: int = 500) -> list[dict]:
    """One bureau's own quantitative targets ranked the same way: a scope of one bureau has
    no other units to rank against."""
    rows = targets.filter(value__isnull=False).select_related("task__lead_department").order_by("pk")[:limit]
    return _ranked(
        [
            {
                "name": t.metric,
                "target_id": t.pk,
                "department": t.task.lead_department.name if t.task.lead_department else "",
                "unit": t.unit,
                "comparator": t.comparator,
                "target": t.value,
                "actual": t.current_value,
            }
            for t in rows
        ]
    )


def owner_count(targets: QuerySet[Target]) -> int:
    return targets.order_by().values("owner").distinct().count()


def ranking_metrics(targets: QuerySet[Target]) -> list[str]:
    """Metrics that several bureaus share, so that ranking them means something."""
    rows = (
        targets.filter(value__isnull=False)
        .order_by()
        .values("metric")
        .annotate(bureaus=Count("owner", distinct=True))
        .filter(bureaus__gte=2)
        .order_by("-bureaus", "metric")
    )
    return [row["metric"] for row in rows[:50]]


def attention_ids(targets: QuerySet[Target], statuses: list[str], limit: int) -> list[tuple[int, str]]:
    """(id, status) of the first `limit` targets in these statuses, earliest deadline first:
    chosen on the target rows alone, read in the order of an index up to the limit."""
    return list(
        targets.filter(status__in=statuses)
        .order_by("period_end", "owner_code", "pk")
        .values_list("pk", "status")[:limit]
    )


def load_listed(chosen: dict[str, list[tuple[int, str]]]) -> dict[str, list[Target]]:
    """The targets of several lists, with what a list shows, in one query. (Joining before
    choosing would join every target of the scope.)"""
    loaded = Target.objects.select_related(
        "task__plan__bureau", "task__lead_department", "assigned_bureau", "task__section"
    ).in_bulk({pk for pairs in chosen.values() for pk, _status in pairs})
    lists = {}
    for name, pairs in chosen.items():
        lists[name] = []
        for pk, status in pairs:
            loaded[pk].status = status
            lists[name].append(loaded[pk])
    return lists


def attention(targets: QuerySet[Target], statuses: list[str], limit: int = 50) -> list[Target]:
    return load_listed({"rows": attention_ids(targets, statuses, limit)})["rows"]
