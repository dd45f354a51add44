"""The import's pages: upload a workbook, see the preview and confirm; follow a background
import; download the template; import a plan's text."""

import re

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from access import scoping
from access.mixins import RoleRequiredMixin
from core.numbers import parse_id
from core.workbooks import workbook_response
from plans.parsing.document import parse_document
from plans.parsing.sources import parse_in_background, text_from_upload
from plans.problems import WorkbookRefused

from .forms import PlanImportForm, PlanTextForm
from .layout import SheetChoice
from .models import ImportJob, PendingImport
from .safety import check_document_bytes
from .services import (
    ImportProblems,
    import_confirm,
    import_job_start,
    import_preview_adjust,
    import_preview_start,
    pending_choices,
    plan_import,
    plan_import_check,
    text_import_job_start,
)
from .tasks import run_plan_import, run_text_import
from .template import template_workbook
from .vocabulary import ROLE_LABELS

ROLE_CHOICES = [(role, label) for role, label in ROLE_LABELS.items() if role != "ignore"] + [
    ("ignore", ROLE_LABELS["ignore"])
]


def _pending(request) -> PendingImport:
    """The admin's own pending import, of a bureau it still manages; 404 otherwise."""
    return get_object_or_404(
        PendingImport.objects.filter(
            user=request.user, bureau__in=scoping.bureaus_managed_by(request.user)
        ).select_related("bureau"),
        token=request.POST.get("token", "")[:32],
    )


def _department_choices(request) -> dict[str, int | None]:
    """dept:<name> = a department id or "new", from the preview's table of names."""
    chosen = {}
    for field, value in request.POST.items():
        if field.startswith("dept:"):
            name = field[5:]
            chosen[name] = int(value) if value.isdigit() else None
    return chosen


def _sheet_choices(request, pending: PendingImport) -> dict[str, SheetChoice]:
    """The corrections posted for each sheet, added to those made before: header rows ("3-4"
    or "3"), each column's role, skip or include. A field is a correction only where it
    differs from what the preview showed (sent beside it as `…was`)."""
    choices, _departments = pending_choices(pending)
    for number, sheet in enumerate(request.POST.getlist("sheet")):
        prefix = f"s{number}:"
        choice = choices.get(sheet) or SheetChoice()
        posted = request.POST.get(prefix + "header", "").strip()
        if posted != request.POST.get(prefix + "header_was", "").strip():
            rows = [int(r) for r in re.findall(r"\d+", posted)][:2]
            if rows and 1 <= rows[0] <= rows[-1] <= rows[0] + 3:
                choice.header_rows = tuple(range(rows[0], rows[-1] + 1))
                choice.roles = {}  # other header rows: the columns are read again
        else:
            for field, value in request.POST.items():
                if field.startswith(prefix + "col:") and value in ROLE_LABELS:
                    index = field.rsplit(":", 1)[1]
                    if index.isdigit() and value != request.POST.get(f"{prefix}was:{index}"):
                        choice.roles[int(index)] = value
        skip = request.POST.get(prefix + "skip") == "1"
        if skip != (request.POST.get(prefix + "skip_was") == "1"):
            choice.skip = skip
        if choice.header_rows or choice.roles or choice.skip is not None:
            choices[sheet] = choice
    return choices


class PlanImportView(RoleRequiredMixin, FormView):
    """计划导入: upload a workbook, read the preview (the table found on each sheet, each
    column's role, each department matched, every problem), correct it, then confirm."""

    roles = ("admin",)
    template_name = "intake/plan_import.html"
    form_class = PlanImportForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        bureau, year = form.cleaned_data["bureau"], form.cleaned_data["year"]
        pending, preview = import_preview_start(
            actor=self.request.user, bureau=bureau, data=upload.read(), filename=upload.name, year=year
        )
        return self.render_to_response(
            self.get_context_data(form=form, **preview_context(preview, pending, bureau, upload.name))
        )


def preview_context(preview, pending, bureau, filename) -> dict:
    departments = [{"match": m, "choices": m.candidates} for m in preview.departments]
    return {
        "preview": preview,
        "token": pending.token if pending else "",
        "bureau": bureau,
        "filename": filename,
        "rows": sum(len(d.tasks) for d in preview.documents),
        "role_choices": ROLE_CHOICES,
        "departments": departments,
    }


class PlanImportAdjustView(RoleRequiredMixin, View):
    """The admin's corrections to a preview (header rows, column roles, sheets, departments):
    recomputed from the kept file and shown again."""

    roles = ("admin",)
    http_method_names = ["post"]

    def post(self, request):
        pending = _pending(request)
        preview = import_preview_adjust(
            actor=request.user,
            pending=pending,
            choices=_sheet_choices(request, pending),
            department_choices=_department_choices(request),
        )
        form = PlanImportForm(user=request.user, initial={"bureau": pending.bureau, "year": pending.year})
        return render(
            request,
            "intake/plan_import.html",
            {"form": form, **preview_context(preview, pending, pending.bureau, pending.filename)},
        )


class PlanImportConfirmView(RoleRequiredMixin, View):
    roles = ("admin",)
    http_method_names = ["post"]

    def post(self, request):
        pending = (
            PendingImport.objects.filter(
                user=request.user,
                bureau__in=scoping.bureaus_managed_by(request.user),
                token=request.POST.get("token", "")[:32],
            )
            .select_related("bureau")
            .first()
        )
        if pending is None:
            messages.error(request, _("导入已失效（可能已经确认过），请重新上传。"))
            return redirect("intake:import")
        departments = _department_choices(request)
        if pending.rows > settings.IMPORT_BACKGROUND_ROWS:
            # Big workbooks are written by the worker; the page follows the job's progress.
            job = import_job_start(actor=request.user, pending=pending, department_choices=departments)
            run_plan_import.enqueue(job.pk)  # the job row is committed: import_job_start has returned
            return redirect("intake:import_job", pk=job.pk)
        try:
            result = import_confirm(actor=request.user, pending=pending, department_choices=departments)
        except ImportProblems as problems:
            for problem in problems.problems[:20]:
                messages.error(request, str(problem))
            return redirect("intake:import")
        messages.success(
            request,
            _("已导入 %(n)d 个计划（草稿）：新建 %(c)d、更新 %(u)d、删除 %(d)d 项。请核对后发布。")
            % {
                "n": len(result.plans),
                "c": result.created,
                "u": result.updated,
                "d": result.deleted,
            },
        )
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
        bureau = managed.filter(pk=parse_id(bureau_id)).first() if parse_id(bureau_id) else managed.first()
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
            if upload:
                data = upload.read()
                check_document_bytes(data, upload.name)
                text = text_from_upload(data, upload.name)
            else:
                text = form.cleaned_data["text"]
        except WorkbookRefused as refused:
            form.add_error("file", str(refused))
            return self.form_invalid(form)
        source = (upload.name if upload else _("粘贴的文本"))[:255]
        if parse_in_background(text):  # a long text is parsed by the worker, not in the request
            job = text_import_job_start(
                actor=self.request.user, bureau=bureau, text=text, source=source, year=year or timezone.localdate().year
            )
            run_text_import.enqueue(job.pk)  # the job row is committed: the service has returned
            return redirect("intake:import_job", pk=job.pk)
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
        result = plan_import(actor=self.request.user, bureau=bureau, documents=documents, source=source)
        messages.success(self.request, _("已生成 %(n)d 个计划草稿，请逐项核对指标后发布。") % {"n": len(result.plans)})
        return redirect("plans:review", pk=result.plans[0].pk)
