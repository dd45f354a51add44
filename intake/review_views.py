"""计划 pages that change a plan: 核对草稿 (review a draft beside its source sentences, add what
the parser missed) and 发布 (publish, saying who will see what)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import modelformset_factory
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from access import scoping
from access.mixins import RoleRequiredMixin
from plans.models import Plan, Task
from plans.selectors import plan_audience
from plans.services import plan_publish
from targets.models import Target

from .review import plan_review_save
from .review_forms import MissedTargetForm, PlanReviewForm, PlanRowsFormSet, TargetReviewForm, TaskReviewForm


class PlanPublishView(RoleRequiredMixin, View):
    roles = ("admin",)
    http_method_names = ["post"]

    def post(self, request, pk):
        plan = get_object_or_404(scoping.plans_managed_by(request.user), pk=pk)
        try:
            plan_publish(actor=request.user, plan=plan)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("plans:review", pk=plan.pk)  # where the lead departments are set
        messages.success(request, publish_message(plan, plan_audience(plan)))
        return redirect("plans:detail", pk=plan.pk)


def publish_message(plan, audience) -> str:
    """Says who will now see what, so no one assumes a department sees what it does not."""
    parts = [_("已发布：%(title)s。") % {"title": plan.title}]
    if audience.by_department:
        parts.append(
            _("以下科室的填报员将在“我的任务”中看到本科室牵头（或配合）的指标：%(list)s。")
            % {"list": "、".join(_("%(name)s%(n)d个") % {"name": name, "n": n} for name, n in audience.by_department)}
        )
    if audience.bureau_wide:
        parts.append(_("全局共同负责的%(n)d个指标，本局所有填报员都能看到并填报。") % {"n": audience.bureau_wide})
    if audience.shares:
        parts.append(_("分解到下级单位的%(n)d个指标，由承担单位的填报员填报。") % {"n": audience.shares})
    return "".join(parts)


class PlanReviewView(RoleRequiredMixin, TemplateView):
    """核对草稿: the plan's title, year, kind and cycle; every target beside the sentence it came
    from; targets the parser missed; then 保存 or 保存并发布 (one form, so nothing typed is lost)."""

    roles = ("admin",)
    template_name = "plans/plan_review.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_role(request.user):
            self.plan = get_object_or_404(
                scoping.plans_managed_by(request.user).select_related("bureau"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        targets = (
            Target.objects.filter(task__plan=self.plan, parent__isnull=True)
            .select_related("task__section", "task__plan")
            .order_by("task__order", "order")
        )
        tasks = self.plan.tasks.select_related("section", "plan__bureau").order_by("order")
        # A post without the plan's fields or the new-target row (an older page, a script) leaves them as they are.
        plan_data = data if data is not None and "plan-title" in data else None
        new_data = data if data is not None and "new-metric" in data else None
        return {
            "plan_form": PlanReviewForm(plan_data, instance=Plan.objects.get(pk=self.plan.pk), prefix="plan"),
            "target_forms": TargetFormSet(data, queryset=targets, prefix="targets"),
            "task_forms": TaskFormSet(data, queryset=tasks, prefix="tasks"),
            "new_form": MissedTargetForm(new_data, plan=self.plan, prefix="new"),
        }

    def get_context_data(self, **kwargs):
        forms = kwargs.pop("forms", None) or self.forms()
        return super().get_context_data(plan=self.plan, **forms, **kwargs)

    def post(self, request, pk):
        forms = self.forms(request.POST)
        if not all(form.is_valid() for form in forms.values() if form.is_bound):
            return self.render_to_response(self.get_context_data(forms=forms))
        plan_form, target_forms = forms["plan_form"], forms["target_forms"]
        deleted = [form.instance for form in target_forms.deleted_forms if form.instance.pk]
        changed = [
            form.instance
            for form in target_forms.forms
            if form.has_changed() and form not in target_forms.deleted_forms
        ]
        tasks = [form.instance for form in forms["task_forms"].forms if form.has_changed()]
        wanted = forms["new_form"].wanted if forms["new_form"].is_bound else None
        publish = request.POST.get("action") == "publish" and self.plan.status == Plan.Status.DRAFT
        try:
            plan = plan_review_save(
                actor=request.user,
                plan=self.plan,
                target_changes=changed,
                deleted_targets=deleted,
                task_changes=tasks,
                plan_changes={name: plan_form.cleaned_data[name] for name in plan_form.changed_data}
                if plan_form.is_bound
                else None,
                new_targets=[wanted] if wanted else [],
                publish=publish,
            )
        except ValidationError as error:
            plan_form.add_error(None, error)
            return self.render_to_response(self.get_context_data(forms=forms))
        summary = _("修改 %(c)d 个指标，删除 %(d)d 个，补充 %(n)d 个，调整 %(t)d 项任务的牵头部门。") % {
            "c": len(changed),
            "d": len(deleted),
            "n": 1 if wanted else 0,
            "t": len(tasks),
        }
        if publish:
            messages.success(request, _("已保存并发布：%(title)s。") % {"title": plan.title} + summary)
            return redirect("plans:detail", pk=plan.pk)
        messages.success(request, _("已保存：") + summary)
        return redirect("plans:review", pk=plan.pk)


TargetFormSet = modelformset_factory(
    Target, form=TargetReviewForm, formset=PlanRowsFormSet, extra=0, can_delete=True, edit_only=True
)
TaskFormSet = modelformset_factory(Task, form=TaskReviewForm, formset=PlanRowsFormSet, extra=0, edit_only=True)
