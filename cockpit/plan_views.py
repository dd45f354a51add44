"""计划 pages that read: the admin's list of plans, a plan's outline with its targets (any role,
through its scope), its change history, and the 台账 exports. The pages that change a plan
(review, publish) live in intake/ with the import."""

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from access import scoping
from access.mixins import RoleRequiredMixin
from core.numbers import parse_year
from core.workbooks import workbook_response
from plans.models import Plan
from targets.selectors import plan_rows_visible_to, targets_for_listing

from .ledger import plan_ledger, scope_ledger
from .plan_history import plan_changes


class PlanListView(RoleRequiredMixin, ListView):
    """计划管理: the plans an admin manages."""

    roles = ("admin",)
    template_name = "plans/plan_list.html"
    context_object_name = "plans"
    paginate_by = 50

    def get_queryset(self):
        plans = scoping.plans_managed_by(self.request.user).select_related("bureau")
        status = self.request.GET.get("status", "")
        if status in Plan.Status.values:
            plans = plans.filter(status=status)
        year = parse_year(self.request.GET.get("year", ""))
        if year is not None:
            plans = plans.filter(year=year)
        return plans.annotate(
            task_count=Count("tasks", distinct=True), target_count=Count("tasks__targets", distinct=True)
        ).order_by("-year", "bureau__region__code", "title")

    def get_context_data(self, **kwargs):
        managed = scoping.plans_managed_by(self.request.user)
        return super().get_context_data(
            statuses=Plan.Status.choices,
            years=managed.order_by("-year").values_list("year", flat=True).distinct(),
            selected_status=self.request.GET.get("status", ""),
            selected_year=self.request.GET.get("year", ""),
            **kwargs,
        )


class PlanDetailView(RoleRequiredMixin, TemplateView):
    """A plan's outline with its tasks and the targets the user may see."""

    roles = ("officer", "leader", "admin")
    template_name = "plans/plan_detail.html"

    def get_context_data(self, **kwargs):
        plan = get_object_or_404(
            scoping.plans_visible_to(self.request.user).select_related("bureau"), pk=self.kwargs["pk"]
        )
        rows = plan_rows_visible_to(self.request.user, plan, timezone.localdate())
        return super().get_context_data(
            plan=plan,
            can_manage=scoping.plans_managed_by(self.request.user).filter(pk=plan.pk).exists(),
            rows=rows,
            **kwargs,
        )


class PlanHistoryView(RoleRequiredMixin, TemplateView):
    """变更记录: who changed what in a plan, and when."""

    roles = ("admin",)
    template_name = "plans/plan_history.html"

    def get_context_data(self, **kwargs):
        plan = get_object_or_404(scoping.plans_managed_by(self.request.user), pk=self.kwargs["pk"])
        return super().get_context_data(plan=plan, changes=plan_changes(plan), **kwargs)


class PlanExportView(RoleRequiredMixin, View):
    """A plan's 台账: the targets the user may see, with current values and status."""

    roles = ("officer", "leader", "admin")

    def get(self, request, pk):
        plan = get_object_or_404(scoping.plans_visible_to(request.user).select_related("bureau"), pk=pk)
        today = timezone.localdate()
        rows = plan_rows_visible_to(request.user, plan, today)  # exactly what the plan's page shows
        return workbook_response(plan_ledger(plan, rows, today), _("%(title)s台账.xlsx") % {"title": plan.title})


class ScopeExportView(RoleRequiredMixin, View):
    """Every target of the leader's scope in one 台账."""

    roles = ("leader",)

    def get(self, request):
        today = timezone.localdate()
        targets = targets_for_listing(
            scoping.targets_visible_to(request.user).filter(task__plan__status=Plan.Status.PUBLISHED), today
        )
        return workbook_response(
            scope_ledger(_("工作目标完成情况台账"), targets, today),
            _("工作目标台账%(day)s.xlsx") % {"day": f"{today:%Y%m%d}"},
        )
