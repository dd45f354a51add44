from uuid import uuid4

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from access.mixins import RoleRequiredMixin

from .download import progress_workbook
from .forms import ProgressUploadForm
from .preview import progress_preview
from .selectors import targets_for_sheet
from .services import BatchRefused, progress_reports_submit_batch

SESSION_KEY = "intake_progress_preview"


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
        return render(
            request,
            self.template_name,
            {
                "form": ProgressUploadForm(),
                "preview": preview,
                "token": token,
                "filename": upload.name,
            },
        )


class ProgressConfirmView(RoleRequiredMixin, View):
    """Confirm: the previewed rows (kept in the session, the file is not read again) become
    reports in one transaction."""

    roles = ("officer",)
    http_method_names = ["post"]

    def post(self, request):
        stored = request.session.get(SESSION_KEY)
        if not stored or stored.get("token") != request.POST.get("token"):
            messages.error(request, _("预览已失效，请重新上传填报表。"))
            return redirect("progress:upload")
        rows = stored["rows"]
        if any(row["warnings"] for row in rows) and request.POST.get("checked") != "1":
            messages.error(request, _("有需要核对的行，请勾选“已核对”后再确认。"))
            return redirect("progress:upload")
        try:
            reports = progress_reports_submit_batch(actor=request.user, rows=rows)
        except BatchRefused as refused:
            request.session.pop(SESSION_KEY, None)
            for problem in refused.problems[:20]:
                messages.error(request, problem)
            return redirect("progress:upload")
        request.session.pop(SESSION_KEY, None)
        waiting = sum(1 for r in reports if r.state == r.State.SUBMITTED)
        messages.success(
            request, _("已提交 %(n)d 条填报，其中 %(w)d 条等待领导审核。") % {"n": len(reports), "w": waiting}
        )
        return redirect("targets:my")
