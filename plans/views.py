
from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.forms import modelformset_factory
from django.views.generic import ListView, TemplateView

from core.numbers import parse_id, parse_year
from targets.models import Target
from targets.selectors import plan_rows_visible_to, targets_for_listing
from access import scoping
from access.mixins import RoleRequiredMixin

from .forms import PlanRowsFormSet, TargetReviewForm, TaskReviewForm
from .ledger import plan_ledger, scope_ledger
from .models import Plan, Task
from .services import plan_publish, plan_review_save
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
        plan = get_object_or_404(scoping.plans_visible_to(self.request.user).select_related("bureau"), pk=self.kwargs["pk"])
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


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


class PlanExportView(RoleRequiredMixin, View):
    """A plan's 台账: the targets the user may see, with current values and status."""

    roles = ("officer", "leader", "admin")

    def get(self, request, pk):
        plan = get_object_or_404(scoping.plans_visible_to(request.user).select_related("bureau"), pk=pk)
        today = timezone.localdate()
        rows = plan_rows_visible_to(request.user, plan, today)  # exactly what the plan's page shows
        return workbook_response(plan_ledger(plan, rows, today), f"{plan.title}台账.xlsx")


class ScopeExportView(RoleRequiredMixin, View):
    """Every target of the leader's scope in one 台账."""

    roles = ("leader",)

    def get(self, request):
        today = timezone.localdate()
        targets = targets_for_listing(
            scoping.targets_visible_to(request.user).filter(task__plan__status=Plan.Status.PUBLISHED), today
        )
        return workbook_response(scope_ledger("工作目标完成情况台账", targets, today), f"工作目标台账{today:%Y%m%d}.xlsx")


class PlanPublishView(RoleRequiredMixin, View):
    roles = ("admin",)
    http_method_names = ["post"]

    def post(self, request, pk):
        plan = get_object_or_404(scoping.plans_managed_by(request.user), pk=pk)
        plan_publish(actor=request.user, plan=plan)
        messages.success(request, _("已发布：%(title)s。相关科室的“我的任务”中已能看到其指标。") % {"title": plan.title})
        return redirect("plans:detail", pk=plan.pk)


class PlanReviewView(RoleRequiredMixin, TemplateView):
    """核对草稿: every target beside the sentence it came from; fix, remove, then publish."""

    roles = ("admin",)
    template_name = "plans/plan_review.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_role(request.user):
            self.plan = get_object_or_404(scoping.plans_managed_by(request.user).select_related("bureau"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def formsets(self, data=None):
        targets = Target.objects.filter(task__plan=self.plan, parent__isnull=True).select_related(
            "task__section", "task__plan").order_by("task__order", "order")
        tasks = self.plan.tasks.select_related("section", "plan__bureau").order_by("order")
        return (
            TargetFormSet(data, queryset=targets, prefix="targets"),
            TaskFormSet(data, queryset=tasks, prefix="tasks"),
        )

    def get_context_data(self, **kwargs):
        target_forms, task_forms = kwargs.pop("formsets", None) or self.formsets()
        return super().get_context_data(plan=self.plan, target_forms=target_forms, task_forms=task_forms, **kwargs)

    def post(self, request, pk):
        target_forms, task_forms = self.formsets(request.POST)
        if not (target_forms.is_valid() and task_forms.is_valid()):
            return self.render_to_response(self.get_context_data(formsets=(target_forms, task_forms)))
        deleted = [form.instance for form in target_forms.deleted_forms if form.instance.pk]
        changed = [form.instance for form in target_forms.forms if form.has_changed() and form not in target_forms.deleted_forms]
        tasks = [form.instance for form in task_forms.forms if form.has_changed()]
        plan_review_save(actor=request.user, plan=self.plan, target_changes=changed, deleted_targets=deleted,
                         task_changes=tasks)
        messages.success(request, _("已保存：修改 %(c)d 个指标，删除 %(d)d 个，调整 %(t)d 项任务的牵头部门。") % {
            "c": len(changed), "d": len(deleted), "t": len(tasks)})
        return redirect("plans:review", pk=self.plan.pk)


TargetFormSet = modelformset_factory(Target, form=TargetReviewForm, formset=PlanRowsFormSet, extra=0, can_delete=True,
                                     edit_only=True)
TaskFormSet = modelformset_factory(Task, form=TaskReviewForm, formset=PlanRowsFormSet, extra=0, edit_only=True)
