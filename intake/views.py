"""The import's pages: upload a workbook, see the preview and confirm; follow a background
import; download the template; import a plan's text."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from access import scoping
from access.mixins import RoleRequiredMixin
from plans.parsing.document import parse_document
from plans.parsing.sources import text_from_upload
from plans.problems import WorkbookRefused
from plans.views import workbook_response

from .forms import PlanImportForm, PlanTextForm
from .models import ImportJob
from .run import preview_workbook
from .services import plan_import, plan_import_check
from .tasks import run_plan_import
from .template import template_workbook

PENDING_IMPORTS = "pending_plan_imports"


class PlanImportView(RoleRequiredMixin, FormView):
    """计划导入: upload a workbook, read the preview with every problem, then confirm."""

    roles = ("admin",)
    template_name = "intake/plan_import.html"
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
            return redirect("intake:import")
        bureau = get_object_or_404(scoping.bureaus_managed_by(request.user), pk=job["bureau"])
        try:
            with default_storage.open(job["path"], "rb") as stored:
                data = stored.read()
        finally:
            default_storage.delete(job["path"])
        preview = preview_workbook(data, job["name"], bureau, job["year"])
        if not preview.ok:
            messages.error(request, _("工作簿在确认前发生了变化，请重新上传。"))
            return redirect("intake:import")
        rows = sum(len(d.tasks) for d in preview.documents)
        if rows > settings.IMPORT_BACKGROUND_ROWS:
            # Big workbooks are written by the worker; the page follows the job's progress.
            path = default_storage.save(f"imports/{uuid.uuid4().hex}.xlsx", ContentFile(data))
            import_job = ImportJob.objects.create(bureau=bureau, user=request.user, path=path, filename=job["name"],
                                                  year=job["year"], rows=rows)
            run_plan_import.enqueue(import_job.pk)
            return redirect("intake:import_job", pk=import_job.pk)
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
    template_name = "intake/import_job.html"

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


class PlanTextImportView(RoleRequiredMixin, FormView):
    """从文本导入: paste a plan or upload .txt/.docx; the parser's result becomes a draft to review."""

    roles = ("admin",)
    template_name = "intake/plan_text_import.html"
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
