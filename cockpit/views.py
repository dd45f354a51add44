"""The 驾驶舱 pages. Every page runs a fixed number of queries: rollups are grouped in the
database (cockpit.rollups), lists are bounded, names are fetched in one query per table."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from core.numbers import parse_id
from plans.ledger import table_workbook
from plans.models import Plan
from plans.views import workbook_response
from access import scoping
from access.mixins import RoleRequiredMixin
from units.models import Bureau, Department, Region

from . import rollups
from targets.models import ProgressReport
from targets.status import STATUS_LABELS, STATUS_ORDER, Status, status_rows

LIST_LIMIT = 20  # on the page; the Excel export of a list has all of it
TARGET_LIMIT = 50  # a bureau's own list of targets, earliest deadline first
EXPORT_LIMIT = 5000


class DashboardMixin(RoleRequiredMixin):
    roles = ("leader",)
    template_name = "cockpit/dashboard.html"

    def scope_targets(self):
        today = timezone.localdate()
        self.filters = rollups.Filters.from_query(self.request.GET)
        return rollups.dashboard_targets(scoping.dashboard_targets_visible_to(self.request.user), self.filters, today)

    def render_dashboard(self, targets, children, child_label, title, crumbs, listed=None, **extra):
        export = self.request.GET.get("export", "")
        # The children partition the scope, so their sums are the headline: no extra scan.
        head = rollups.Row(key=None, name="", counts={
            s.value: sum(row.counts.get(s.value, 0) for row in children) for s in STATUS_ORDER
        })
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
        if listed is not None:  # a bureau's own targets, all statuses
            chosen["target_rows"] = rollups.attention_ids(listed, [s.value for s in STATUS_ORDER], TARGET_LIMIT)
        lists = rollups.load_listed(chosen)
        # The reports on this page's targets that the leader may review. Chosen on the
        # reports alone, then loaded: one query joining seven tables costs more to plan
        # than to run.
        chosen = list(
            scoping.dashboard_reports_reviewable_by(self.request.user)
            .filter(state=ProgressReport.State.SUBMITTED, target__in=targets.values("pk"))
            .order_by("submitted_at", "pk").values_list("pk", flat=True)[:LIST_LIMIT]
        )
        loaded = ProgressReport.objects.select_related(
            "target__task__lead_department", "target__owner", "reporter"
        ).in_bulk(chosen)
        waiting = [loaded[pk] for pk in chosen]
        context = self.get_context_data(
            title=title, crumbs=crumbs, counts=status_rows(head.counts), total=head.total,
            done_share=head.done_share, children=children, child_label=child_label,
            status_headers=[STATUS_LABELS[s] for s in STATUS_ORDER], status_keys=[s.value for s in STATUS_ORDER],
            overdue=lists["overdue"], unreported=lists["unreported"], target_rows=lists.get("target_rows"),
            target_limit=TARGET_LIMIT, waiting=waiting, filters=self.filters,
            years=rollups.plan_years(self.request.user),
            kinds=Plan.Kind.choices, statuses=[(s.value, STATUS_LABELS[s]) for s in STATUS_ORDER],
            chart={
                "labels": [row.name for row in children],
                "series": [{"name": STATUS_LABELS[s], "key": s.value, "data": [row.counts.get(s.value, 0) for row in children]}
                           for s in STATUS_ORDER],
            },
            query=self.request.GET.urlencode(),
            **extra,
        )
        return self.render_to_response(context)

    def export(self, which, title, children, child_label, lists):
        if which == "children":
            headers = [child_label, "指标数", *[STATUS_LABELS[s] for s in STATUS_ORDER], "完成率"]
            rows = [[r.name, r.total, *r.cells, f"{r.done_share:.0%}"] for r in children]
        elif which in lists:
            headers = ["单位", "计划", "指标", "目标", "当前值", "状态", "截止日期", "牵头部门", "责任领导"]
            rows = [[(t.assigned_bureau or t.task.plan.bureau).name, t.task.plan.title, t.metric,
                     f"{t.get_comparator_display()}{t.value.normalize():f}{t.unit}" if t.value is not None else "定性",
                     "" if t.current_value is None else f"{t.current_value.normalize():f}", STATUS_LABELS[Status(t.status)],
                     t.period_end.isoformat(), t.task.lead_department.name if t.task.lead_department else "",
                     t.task.responsible_leader] for t in lists[which]]
        else:
            raise Http404
        label = {"children": child_label, "overdue": "逾期与严重滞后", "unreported": "本期未填报"}[which]
        return workbook_response(table_workbook(f"{title}·{label}", headers, rows), f"{title}{label}.xlsx")


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
        for row in children:
            row.url = reverse("cockpit:dashboard_region", args=[row.code])
        title = f"{region.name}" if region else "全部"
        return self.render_dashboard(targets, children, "地区", title, region_crumbs(request.user, region))


class RegionDashboardView(DashboardMixin, TemplateView):
    def get(self, request, code):
        region = get_object_or_404(scoping.regions_visible_to(request.user).select_related("parent__parent"), code=code)
        targets = self.scope_targets().filter(owner_code__startswith=region.code_prefix)
        if region.level == Region.Level.COUNTY:
            children = rollups.by_bureau(targets)
            for row in children:
                row.url = reverse("cockpit:dashboard_bureau", args=[row.key])
            label = "单位"
        else:
            children = rollups.by_region(targets, region, ())
            for row in children:
                if row.code == region.code:
                    row.url = ""
                else:
                    row.url = reverse("cockpit:dashboard_region", args=[row.code])
            label = "地区"
            own = [b for b in scoping.bureaus_visible_to(request.user).filter(region=region).values_list("pk", "name")]
            for row in children:
                if row.code == region.code and len(own) == 1:
                    row.url = reverse("cockpit:dashboard_bureau", args=[own[0][0]])
        return self.render_dashboard(targets, children, label, region.name, region_crumbs(request.user, region))


class BureauDashboardView(DashboardMixin, TemplateView):
    def get(self, request, pk):
        bureau = get_object_or_404(scoping.bureaus_visible_to(request.user).select_related("region__parent__parent"), pk=pk)
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
        crumbs = region_crumbs(view.request.user, bureau.region) + [(bureau.name, reverse("cockpit:dashboard_bureau", args=[bureau.pk]))]
        return view.render_dashboard(
            targets, departments, "科室", bureau.name, crumbs, plan_rows=plans, chosen_department=chosen,
            listed=listed,
        )


class RankingView(DashboardMixin, TemplateView):
    """排名: every bureau in scope with a metric, ranked by completion."""

    template_name = "cockpit/ranking.html"

    def get(self, request):
        targets = self.scope_targets()
        metrics = rollups.ranking_metrics(targets)
        metric = request.GET.get("metric") or (metrics[0] if metrics else "")
        rows = rollups.ranking(targets, metric) if metric else []
        if request.GET.get("export"):
            return workbook_response(
                table_workbook(f"{metric}完成情况排名", ["名次", "单位", "目标", "实际", "单位", "完成率"],
                               [[r["place"], r["bureau"], r["target"], r["actual"], r["unit"], f"{r['completion']:.0%}"]
                                for r in rows]),
                f"{metric}排名.xlsx",
            )
        chart = {"labels": [r["bureau"] for r in reversed(rows)],
                 "values": [round(r["completion"] * 100, 1) for r in reversed(rows)]}
        return self.render_to_response(self.get_context_data(
            metrics=metrics, metric=metric, rows=rows, chart=chart, filters=self.filters, query=request.GET.urlencode()))
