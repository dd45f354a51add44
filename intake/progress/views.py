from uuid import uuid4

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy
from django.views import View

from access import scoping
from access.mixins import RoleRequiredMixin
from plans.models import Plan
from targets.models import Target

from .download import progress_workbook
from .preview import progress_preview
from .services import BatchRefused, progress_reports_submit_batch

SESSION_KEY = "intake_progress_preview"


class ProgressUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("填好的填报表"), help_text=gettext_lazy("从本页下载的 .xlsx 文件，填写黄色三列后上传。"))


def targets_for_sheet(user):
    """An officer's own targets; a leader's, those of its own bureaus' plans and shares (to
    hand to its departments)."""
    if scoping.is_officer(user):
        targets = scoping.targets_reportable_by(user)
    else:
        targets = scoping.targets_visible_to(user).filter(task__plan__status=Plan.Status.PUBLISHED)
    return (
        targets.filter(children__isnull=True)
        .select_related("task__plan")
        .order_by("task__plan__year", "task__plan__title", "task__order", "order", "pk")
    )


class ProgressWorkbookDownloadView(RoleRequiredMixin, View):
    roles = ("officer", "leader")
    http_method_names = ["get"]

    def get(self, request):
        today = timezone.localdate()
        user = request.user
        title = _("%(who)s 进展填报表") % {"who": user.get_full_name() or user.username}
        data = progress_workbook(targets=targets_for_sheet(user)[:5000], title=title, today=today)
        response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''progress-{today:%Y%m%d}.xlsx"
        return response


class ProgressUploadView(RoleRequiredMixin, View):
    """Upload → preview: every problem by row and column, nothing written."""

    roles = ("officer",)
    template_name = "intake/progress/upload.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ProgressUploadForm()})

    def post(self, request):
        form = ProgressUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        upload = form.cleaned_data["file"]
        preview = progress_preview(actor=request.user, data=upload.read(), name=upload.name)
        token = ""
        if preview.ok:
            token = uuid4().hex
            request.session[SESSION_KEY] = {"token": token, "rows": preview.stored(), "name": upload.name}
        else:
            request.session.pop(SESSION_KEY, None)
        return render(request, self.template_name, {
            "form": ProgressUploadForm(), "preview": preview, "token": token, "filename": upload.name,
        })


class ProgressConfirmView(RoleRequiredMixin, View):
    """Confirm: the previewed rows (kept in the session, the file is not read again) become
    reports in one transaction."""

    roles = ("officer",)
    http_method_names = ["post"]

    def post(self, request):
        stored = request.session.get(SESSION_KEY)
        if not stored or stored.get("token") != request.POST.get("token"):
            messages.error(request, _("预览已失效，请重新上传填报表。"))
            return redirect("intake:progress_upload")
        rows = stored["rows"]
        if any(row["warnings"] for row in rows) and request.POST.get("checked") != "1":
            messages.error(request, _("有需要核对的行，请勾选“已核对”后再确认。"))
            return redirect("intake:progress_upload")
        try:
            reports = progress_reports_submit_batch(actor=request.user, rows=rows)
        except BatchRefused as refused:
            request.session.pop(SESSION_KEY, None)
            for problem in refused.problems[:20]:
                messages.error(request, problem)
            return redirect("intake:progress_upload")
        request.session.pop(SESSION_KEY, None)
        waiting = sum(1 for r in reports if r.state == r.State.SUBMITTED)
        messages.success(request, _("已提交 %(n)d 条填报，其中 %(w)d 条等待领导审核。") % {"n": len(reports), "w": waiting})
        return redirect("targets:my")
