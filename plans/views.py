from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import ListView, TemplateView

from targets.selectors import targets_for_listing
from units import scoping
from units.mixins import RoleRequiredMixin

from .models import Plan
from .selectors import plan_changes


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
        year = self.request.GET.get("year", "")
        if year.isdigit():
            plans = plans.filter(year=int(year))
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
        plan = get_object_or_404(scoping.plans_visible_to(self.request.user).select_related("bureau"), pk=self.kwargs["pk"])
        targets = targets_for_listing(
            scoping.targets_visible_to(self.request.user).filter(task__plan=plan, parent__isnull=True),
            timezone.localdate(),
        )
        by_task = {}
        for target in targets:
            by_task.setdefault(target.task_id, []).append(target)
        tasks = plan.tasks.select_related("section__parent", "lead_department").prefetch_related("co_departments")
        if not scoping.supervises(self.request.user, plan.bureau_id):
            # An officer sees the plan through its own targets only.
            tasks = tasks.filter(pk__in=by_task.keys())
        rows = [{"task": task, "targets": by_task.get(task.pk, [])} for task in tasks]
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
