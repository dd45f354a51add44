import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.forms import modelformset_factory
from django.views.generic import FormView, ListView, TemplateView

from targets.models import Target
from targets.selectors import targets_for_listing
from access import scoping
from access.mixins import RoleRequiredMixin

from .forms import PlanImportForm, PlanTextForm, TargetReviewForm, TaskReviewForm
from .importers.errors import WorkbookRefused
from .importers.run import preview_workbook
from .parsing.document import parse_document
from .parsing.sources import text_from_upload
from .importers.template import template_workbook
from .ledger import plan_ledger, scope_ledger
from .models import ImportJob, Plan, Task
from .tasks import run_plan_import
from .services import plan_import, plan_import_check, plan_publish, plan_review_save
from .selectors import plan_audience, plan_changes


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


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PENDING_IMPORTS = "pending_plan_imports"


def workbook_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


class PlanImportView(RoleRequiredMixin, FormView):
    """计划导入: upload a workbook, read the preview with every problem, then confirm."""

    roles = ("admin",)
    template_name = "plans/plan_import.html"
    form_class = PlanImportForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        data = upload.read()
        bureau, year = form.cleaned_data["bureau"], form.cleaned_data["year"]
        preview = preview_workbook(data, upload.name, bureau, year)
        token = ""
        if preview.ok:
            token = uuid.uuid4().hex
            path = default_storage.save(f"imports/{token}.xlsx", ContentFile(data))
            pending = self.request.session.get(PENDING_IMPORTS, {})
            pending[token] = {"path": path, "bureau": bureau.pk, "year": year, "name": upload.name[:200]}
            self.request.session[PENDING_IMPORTS] = pending
        return self.render_to_response(self.get_context_data(
            form=form, preview=preview, token=token, bureau=bureau, filename=upload.name,
            rows=sum(len(d.tasks) for d in preview.documents),
        ))


class PlanImportConfirmView(RoleRequiredMixin, View):
    roles = ("admin",)
    http_method_names = ["post"]

    def post(self, request):
        pending = request.session.get(PENDING_IMPORTS, {})
        job = pending.pop(request.POST.get("token", ""), None)
        request.session[PENDING_IMPORTS] = pending
        if job is None:
            messages.error(request, _("导入已失效（可能已经确认过），请重新上传。"))
            return redirect("plans:import")
        bureau = get_object_or_404(scoping.bureaus_managed_by(request.user), pk=job["bureau"])
        try:
            with default_storage.open(job["path"], "rb") as stored:
                data = stored.read()
        finally:
            default_storage.delete(job["path"])
        preview = preview_workbook(data, job["name"], bureau, job["year"])
        if not preview.ok:
            messages.error(request, _("工作簿在确认前发生了变化，请重新上传。"))
            return redirect("plans:import")
        rows = sum(len(d.tasks) for d in preview.documents)
        if rows > settings.IMPORT_BACKGROUND_ROWS:
            # Big workbooks are written by the worker; the page follows the job's progress.
            path = default_storage.save(f"imports/{uuid.uuid4().hex}.xlsx", ContentFile(data))
            import_job = ImportJob.objects.create(bureau=bureau, user=request.user, path=path, filename=job["name"],
                                                  year=job["year"], rows=rows)
            run_plan_import.enqueue(import_job.pk)
            return redirect("plans:import_job", pk=import_job.pk)
        result = plan_import(actor=request.user, bureau=bureau, documents=preview.documents, source=job["name"])
        messages.success(request, _("已导入 %(n)d 个计划（草稿）：新建 %(c)d、更新 %(u)d、删除 %(d)d 项。请核对后发布。") % {
            "n": len(result.plans), "c": result.created, "u": result.updated, "d": result.deleted,
        })
        if len(result.plans) == 1:
            return redirect("plans:detail", pk=result.plans[0].pk)
        return redirect("plans:list")


class ImportJobView(RoleRequiredMixin, TemplateView):
    """A background import's progress; the page refreshes itself until the job ends."""

    roles = ("admin",)
    template_name = "plans/import_job.html"

    def get_context_data(self, **kwargs):
        job = get_object_or_404(ImportJob.objects.filter(user=self.request.user), pk=self.kwargs["pk"])
        return super().get_context_data(job=job, plans=job.plans.all(), **kwargs)


class PlanTemplateView(RoleRequiredMixin, View):
    """The import template, with the departments of the chosen bureau in its dropdowns."""

    roles = ("admin",)

    def get(self, request):
        managed = scoping.bureaus_managed_by(request.user).order_by("region__code", "name")
        bureau_id = request.GET.get("bureau", "")
        bureau = managed.filter(pk=int(bureau_id)).first() if bureau_id.isdigit() else managed.first()
        names = list(bureau.departments.values_list("name", flat=True)) if bureau else []
        return workbook_response(template_workbook(names, timezone.localdate().year), "任务分解表模板.xlsx")


class PlanExportView(RoleRequiredMixin, View):
    """A plan's 台账: the targets the user may see, with current values and status."""

    roles = ("officer", "leader", "admin")

    def get(self, request, pk):
        plan = get_object_or_404(scoping.plans_visible_to(request.user).select_related("bureau"), pk=pk)
        today = timezone.localdate()
        targets = targets_for_listing(
            scoping.targets_visible_to(request.user).filter(task__plan=plan).annotate(children_count=Count("children")),
            today,
        )
        return workbook_response(plan_ledger(plan, targets, today), f"{plan.title}台账.xlsx")


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
        parts.append(_("以下科室的填报员将在“我的任务”中看到本科室牵头（或配合）的指标：%(list)s。") % {
            "list": "、".join(_("%(name)s%(n)d个") % {"name": name, "n": n} for name, n in audience.by_department)
        })
    if audience.bureau_wide:
        parts.append(_("全局共同负责的%(n)d个指标，本局所有填报员都能看到并填报。") % {"n": audience.bureau_wide})
    if audience.shares:
        parts.append(_("分解到下级单位的%(n)d个指标，由承担单位的填报员填报。") % {"n": audience.shares})
    return "".join(parts)


class PlanTextImportView(RoleRequiredMixin, FormView):
    """从文本导入: paste a plan or upload .txt/.docx; the parser's result becomes a draft to review."""

    roles = ("admin",)
    template_name = "plans/plan_text_import.html"
    form_class = PlanTextForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        bureau, year = form.cleaned_data["bureau"], form.cleaned_data["year"]
        upload = form.cleaned_data.get("file")
        try:
            text = text_from_upload(upload.read(), upload.name) if upload else form.cleaned_data["text"]
        except WorkbookRefused as refused:
            form.add_error("file", str(refused))
            return self.form_invalid(form)
        parsed = parse_document(text, year or timezone.localdate().year)
        documents = [p.draft for p in parsed if p.draft.tasks]
        if not documents:
            form.add_error(None, _("没有在文本中找到计划的章节或任务。请确认粘贴的是计划正文。"))
            return self.form_invalid(form)
        check = plan_import_check(bureau=bureau, documents=documents)
        if check.problems:
            for problem in check.problems:
                form.add_error(None, str(problem))
            return self.form_invalid(form)
        result = plan_import(actor=self.request.user, bureau=bureau, documents=documents,
                             source=(upload.name if upload else _("粘贴的文本"))[:255])
        messages.success(self.request, _("已生成 %(n)d 个计划草稿，请逐项核对指标后发布。") % {"n": len(result.plans)})
        return redirect("plans:review", pk=result.plans[0].pk)


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


TargetFormSet = modelformset_factory(Target, form=TargetReviewForm, extra=0, can_delete=True)
TaskFormSet = modelformset_factory(Task, form=TaskReviewForm, extra=0)
