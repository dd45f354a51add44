"""The 驾驶舱 pages. Every page runs a fixed number of queries: rollups are grouped in the
database (cockpit.rollups), lists are bounded, names are fetched in one query per table."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from access import scoping
from access.mixins import RoleRequiredMixin
from core.numbers import parse_id
from core.workbooks import workbook_response
from plans.models import Plan
from targets.models import ProgressReport
from targets.status import STATUS_LABELS, STATUS_ORDER, Status, status_rows
from units.models import Bureau, Department, Region

from . import rollups
from .ledger import DATE, INTEGER, NUMBER, PERCENT, Column, table_workbook

LIST_LIMIT = 20  # on the page; the Excel export of a list has all of it
TARGET_LIMIT = 50  # a bureau's own list of targets, earliest deadline first
EXPORT_LIMIT = 5000


class DashboardMixin(RoleRequiredMixin):
    roles = ("leader",)
    template_name = "cockpit/dashboard.html"

    def scope_targets(self):
        today = timezone.localdate()
        self.filters = rollups.Filters.from_query(self.request.GET, today)
        return rollups.dashboard_targets(scoping.dashboard_targets_visible_to(self.request.user), self.filters, today)

    def department_choices(self):
        """Lead departments to filter by: the names of the departments in scope."""
        return (
            scoping.departments_visible_to(self.request.user).order_by("name").values_list("name", flat=True).distinct()
        )

    def year_choices(self):
        """The years of published plans in the user's scope, and the current year."""
        return sorted(set(rollups.plan_years(self.request.user)) | {timezone.localdate().year}, reverse=True)

    def status_tiles(self, counts):
        """The tiles, each a link that filters the lists below to its status (again: all)."""
        rows = status_rows(counts)
        keep = {"department_id": self.request.GET["department_id"]} if self.request.GET.get("department_id") else {}
        for row in rows:
            chosen = self.filters.status == row["status"]
            row["selected"] = chosen
            row["url"] = "?" + self.filters.query(status="" if chosen else row["status"], **keep)
        return rows

    def render_dashboard(self, targets, children, child_label, title, crumbs, listed=None, departments=None, **extra):
        export = self.request.GET.get("export", "")
        # The children partition the scope, so their sums are the headline: no extra scan.
        head = rollups.Row(
            key=None,
            name="",
            counts={s.value: sum(row.counts.get(s.value, 0) for row in children) for s in STATUS_ORDER},
        )
        if export:
            lists = {
                "overdue": rollups.attention(targets, [Status.OVERDUE, Status.SEVERE], EXPORT_LIMIT),
                "unreported": rollups.attention(targets, [Status.UNREPORTED], EXPORT_LIMIT),
            }
            return self.export(export, title, children, child_label, lists)
        chosen = {
            "overdue": rollups.attention_ids(targets, [Status.OVERDUE, Status.SEVERE], LIST_LIMIT),
            "unreported": rollups.attention_ids(targets, [Status.UNREPORTED], LIST_LIMIT),
        }
        if self.filters.status:  # a tile chosen: its targets, whatever the page's level
            chosen["filtered"] = rollups.attention_ids(targets, [self.filters.status], LIST_LIMIT)
        if listed is not None:  # a bureau's own targets, all statuses
            chosen["target_rows"] = rollups.attention_ids(listed, [s.value for s in STATUS_ORDER], TARGET_LIMIT)
        lists = rollups.load_listed(chosen)
        # The reports on this page's targets that the leader may review. Chosen on the
        # reports alone, then loaded: one query joining seven tables costs more to plan
        # than to run.
        chosen = list(
            scoping.dashboard_reports_reviewable_by(self.request.user)
            .filter(state=ProgressReport.State.SUBMITTED, target__in=targets.values("pk"))
            .order_by("submitted_at", "pk")
            .values_list("pk", flat=True)[:LIST_LIMIT]
        )
        loaded = ProgressReport.objects.select_related(
            "target__task__lead_department", "target__owner", "reporter"
        ).in_bulk(chosen)
        waiting = [loaded[pk] for pk in chosen]
        context = self.get_context_data(
            title=title,
            crumbs=crumbs,
            counts=self.status_tiles(head.counts),
            total=head.total,
            done_share=head.done_share,
            children=children,
            child_label=child_label,
            status_headers=[STATUS_LABELS[s] for s in STATUS_ORDER],
            status_keys=[s.value for s in STATUS_ORDER],
            overdue=lists["overdue"],
            unreported=lists["unreported"],
            target_rows=lists.get("target_rows"),
            filtered=lists.get("filtered"),
            filtered_label=STATUS_LABELS[Status(self.filters.status)] if self.filters.status else "",
            target_limit=TARGET_LIMIT,
            waiting=waiting,
            filters=self.filters,
            years=self.year_choices(),
            department_names=departments if departments is not None else self.department_choices(),
            kinds=Plan.Kind.choices,
            statuses=[(s.value, STATUS_LABELS[s]) for s in STATUS_ORDER],
            chart={
                "labels": [row.name for row in children],
                "series": [
                    {"name": STATUS_LABELS[s], "key": s.value, "data": [row.counts.get(s.value, 0) for row in children]}
                    for s in STATUS_ORDER
                ],
            },
            query=self.request.GET.urlencode(),
            **extra,
        )
        return self.render_to_response(context)

    def export(self, which, title, children, child_label, lists):
        if which == "children":
            columns = [
                Column(child_label, 24, wrap=True),
                Column(_("指标数"), 8, INTEGER),
                *[Column(STATUS_LABELS[s], 8, INTEGER) for s in STATUS_ORDER],
                Column(_("完成率"), 8, PERCENT),
            ]
            rows = [[r.name, r.total, *r.cells, r.done_share] for r in children]
        elif which in lists:
            columns = [
                Column(_("单位"), 16, wrap=True),
                Column(_("计划"), 20, wrap=True),
                Column(_("指标"), 18, wrap=True),
                Column(_("比较"), 5),
                Column(_("目标值"), 9, NUMBER),
                Column(_("当前值"), 9, NUMBER),
                Column(_("计量单位"), 6),
                Column(_("状态"), 8),
                Column(_("截止日期"), 11, DATE),
                Column(_("牵头部门"), 10, wrap=True),
                Column(_("责任领导"), 8, wrap=True),
            ]
            rows = [
                [
                    (t.assigned_bureau or t.task.plan.bureau).name,
                    t.task.plan.title,
                    t.metric,
                    t.get_comparator_display() if t.value is not None else _("定性"),
                    t.value.normalize() if t.value is not None else None,
                    current_cell(t),
                    t.unit if t.value is not None else "",
                    STATUS_LABELS[Status(t.status)],
                    t.period_end,
                    t.task.lead_department.name if t.task.lead_department else "",
                    t.task.responsible_leader,
                ]
                for t in lists[which]
            ]
        else:
            raise Http404
        label = {"children": child_label, "overdue": _("逾期与严重滞后"), "unreported": _("本期未填报")}[which]
        return workbook_response(table_workbook(f"{title}·{label}", columns, rows), f"{title}{label}.xlsx")


def current_cell(target):
    """The current value as a number; a qualitative target's is its share done (a fraction,
    shown as a percentage only when the column's format says so, so it is written as text)."""
    if target.current_value is None:
        return None
    if target.value is None:
        return f"{target.current_value.normalize():f}%"
    return target.current_value.normalize()


def region_crumbs(user, region: Region | None) -> list[tuple[str, str]]:
    crumbs, node = [], region
    chain = []
    while node is not None:
        chain.append(node)
        node = node.parent
    visible = set(scoping.regions_visible_to(user).filter(pk__in=[r.pk for r in chain]).values_list("pk", flat=True))
    for node in reversed(chain):
        if node.pk in visible:
            crumbs.append((node.name, reverse("cockpit:dashboard_region", args=[node.code])))
    return crumbs


def link_regions(user, region: Region | None, children) -> None:
    """Each sub-region's row links to its page; the region's own row (本级: the city bureau
    itself) links to its bureau's page, never back to the region's."""
    own = []
    if region is not None:
        own = list(scoping.bureaus_visible_to(user).filter(region=region).values_list("pk", flat=True)[:2])
    for row in children:
        if region is not None and row.code == region.code:
            row.url = reverse("cockpit:dashboard_bureau", args=[own[0]]) if len(own) == 1 else ""
        else:
            row.url = reverse("cockpit:dashboard_region", args=[row.code])


class DashboardView(DashboardMixin, TemplateView):
    """The leader's own scope: its top region, or its bureau when that is a county's."""

    def get(self, request):
        scope = scoping.scope_for(request.user)
        targets = self.scope_targets()
        supervised = list(
            Bureau.objects.filter(pk__any=scope.leader_bureaus, memberships__user=request.user).select_related("region")
        )
        if len(supervised) == 1 and supervised[0].region.level == Region.Level.COUNTY:
            return BureauDashboardView.as_bureau(self, supervised[0], targets)
        region = supervised[0].region if len(supervised) == 1 else None
        children = rollups.by_region(targets, region, scope.region_prefixes)
        link_regions(request.user, region, children)
        title = f"{region.name}" if region else _("全部")
        return self.render_dashboard(targets, children, _("地区"), title, region_crumbs(request.user, region))


class RegionDashboardView(DashboardMixin, TemplateView):
    def get(self, request, code):
        region = get_object_or_404(scoping.regions_visible_to(request.user).select_related("parent__parent"), code=code)
        targets = self.scope_targets().filter(owner_code__startswith=region.code_prefix)
        if region.level == Region.Level.COUNTY:
            children = rollups.by_bureau(targets)
            for row in children:
                row.url = reverse("cockpit:dashboard_bureau", args=[row.key])
            label = _("单位")
        else:
            children = rollups.by_region(targets, region, ())
            link_regions(request.user, region, children)
            label = _("地区")
        return self.render_dashboard(targets, children, label, region.name, region_crumbs(request.user, region))


class BureauDashboardView(DashboardMixin, TemplateView):
    def get(self, request, pk):
        bureau = get_object_or_404(
            scoping.bureaus_visible_to(request.user).select_related("region__parent__parent"), pk=pk
        )
        if not scoping.supervises(request.user, bureau.pk):
            raise Http404
        return self.as_bureau(self, bureau, self.scope_targets())

    @staticmethod
    def as_bureau(view, bureau, targets):
        targets = targets.filter(owner=bureau.pk)
        department = view.request.GET.get("department_id", "")
        departments = rollups.by_department(targets)
        for row in departments:
            row.url = f"?department_id={row.key}" if row.key else ""  # shares and unassigned have no page
        plans = rollups.by_plan(targets)
        for row in plans:
            row.url = reverse("plans:detail", args=[row.key])
        listed = targets
        chosen = None
        if parse_id(department) is not None:
            chosen = Department.objects.filter(bureau=bureau, pk=parse_id(department)).first()
            listed = targets.filter(task__lead_department_id=parse_id(department))
        crumbs = region_crumbs(view.request.user, bureau.region) + [
            (bureau.name, reverse("cockpit:dashboard_bureau", args=[bureau.pk]))
        ]
        return view.render_dashboard(
            targets,
            departments,
            _("科室"),
            bureau.name,
            crumbs,
            plan_rows=plans,
            chosen_department=chosen,
            listed=listed,
            departments=bureau.departments.order_by("name").values_list("name", flat=True),
        )


class RankingView(DashboardMixin, TemplateView):
    """排名: every bureau in scope with a metric, ranked by how well it meets its own target;
    a scope of one bureau (a county leader's) ranks its own targets instead."""

    template_name = "cockpit/ranking.html"

    def get(self, request):
        targets = self.scope_targets()
        if rollups.owner_count(targets) < 2:
            metrics, metric = [], ""
            rows = rollups.ranking_of_targets(targets)
            title = _("各项指标完成情况排名")
        else:
            metrics = rollups.ranking_metrics(targets)
            metric = request.GET.get("metric", "")
            metric = metric if metric in metrics else (metrics[0] if metrics else "")
            rows = rollups.ranking(targets, metric) if metric else []
            title = _("%(metric)s完成情况排名") % {"metric": metric}
        if request.GET.get("export"):
            first = _("单位") if metric else _("指标")
            columns = [
                Column(_("名次"), 6, INTEGER),
                Column(first, 24, wrap=True),
                Column(_("比较"), 6),
                Column(_("目标值"), 10, NUMBER),
                Column(_("实际值"), 10, NUMBER),
                Column(_("计量单位"), 9),
                Column(_("完成率"), 9, PERCENT),
                Column(_("达标情况"), 10),
            ]
            body = [
                [r["place"], r["name"], r["sign"], r["target"], r["actual"], r["unit"], r["completion"], r["verdict"]]
                for r in rows
            ]
            filename = f"{metric}排名.xlsx" if metric else _("各项指标排名.xlsx")
            return workbook_response(table_workbook(title, columns, body), filename)
        chart = {
            "labels": [r["name"] for r in reversed(rows) if r["reported"]],
            "values": [round(r["completion"] * 100, 1) for r in reversed(rows) if r["reported"]],
        }
        return self.render_to_response(
            self.get_context_data(
                metrics=metrics,
                metric=metric,
                rows=rows,
                chart=chart,
                filters=self.filters,
                title=title,
                query=request.GET.urlencode(),
            )
        )
