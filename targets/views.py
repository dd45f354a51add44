from datetime import timedelta
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from access import scoping
from access.mixins import RoleRequiredMixin
from core.numbers import parse_id
from plans.models import Plan
from units.models import Bureau, Department

from .forms import ProgressReportForm, ReturnReportForm
from .models import Evidence, ProgressReport
from .selectors import python_status, share_check, status_counts, target_chart_data, targets_for_listing
from .services import (
    AlreadySubmitted,
    StaleForm,
    progress_report_approve,
    progress_report_approve_many,
    progress_report_return,
    progress_report_submit,
    progress_report_withdraw,
    target_nudge,
)
from .status import STATUS_LABELS, STATUS_ORDER, Status, status_rows


class MyTargetsView(RoleRequiredMixin, TemplateView):
    """我的任务: the targets of the tasks the officer's department leads or co-owns."""

    roles = ("officer",)
    template_name = "targets/my_targets.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        mine = scoping.targets_reportable_by(self.request.user)
        plan_id = self.request.GET.get("plan", "")
        status = self.request.GET.get("status", "")
        listing = targets_for_listing(mine, today)
        if parse_id(plan_id) is not None:
            listing = listing.filter(task__plan_id=parse_id(plan_id))
        if status in Status:
            listing = listing.filter(status=status)
        due = self.request.GET.get("due") == "1"
        if due:
            listing = listing.filter(status=Status.UNREPORTED)
        query = self.request.GET.get("q", "").strip()[:100]
        if query:
            listing = listing.filter(
                Q(metric__icontains=query) | Q(task__text__icontains=query) | Q(source_text__icontains=query)
            )
        counts = status_counts(mine, today)
        newer = ProgressReport.objects.filter(target=OuterRef("target"), submitted_at__gt=OuterRef("submitted_at"))
        returned = (
            ProgressReport.objects.filter(target__in=mine, state=ProgressReport.State.RETURNED)
            .exclude(Exists(newer))
            .select_related("target", "reviewer")
            .order_by("-reviewed_at")
        )
        returned = list(returned)
        return super().get_context_data(
            today=today,
            targets=listing,
            returned=returned,
            returned_count=len(returned),
            nudges=scoping.nudges_for(self.request.user)
            .filter(created_at__gte=timezone.now() - timedelta(days=30))
            .select_related("target", "sender")[:20],
            selected_due=due,
            query=query,
            due_count=counts[Status.UNREPORTED],
            overdue_count=counts[Status.OVERDUE],
            counts=status_rows(counts),
            plans=Plan.objects.filter(pk__in=mine.values("task__plan")).order_by("-year", "title"),
            selected_plan=plan_id,
            selected_status=status,
            statuses=[(s.value, STATUS_LABELS[s]) for s in STATUS_ORDER],
            **kwargs,
        )


class TargetDetailView(RoleRequiredMixin, TemplateView):
    """One target and its report history."""

    roles = ("officer", "leader", "admin")
    template_name = "targets/target_detail.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        target = get_object_or_404(
            scoping.targets_visible_to(self.request.user).select_related(
                "task__plan__bureau", "task__lead_department", "assigned_bureau", "parent"
            ),
            pk=self.kwargs["pk"],
        )
        owner = target.assigned_bureau or target.task.plan.bureau
        crumbs = []
        if scoping.is_leader(self.request.user):
            crumbs.append((_("驾驶舱"), reverse("cockpit:dashboard")))
            if scoping.supervises(self.request.user, owner.pk):
                crumbs.append((owner.name, reverse("cockpit:dashboard_bureau", args=[owner.pk])))
        crumbs.append((target.task.plan.title, reverse("plans:detail", args=[target.task.plan.pk])))
        return super().get_context_data(
            target=target,
            crumbs=crumbs,
            status=python_status(target, today),
            can_report=scoping.targets_reportable_by(self.request.user).filter(pk=target.pk).exists(),
            chart=target_chart_data(target),
            split=share_check(target) if target.children.exists() else None,
            reports=target.reports.select_related("reporter", "reviewer").prefetch_related("evidence"),
            children=targets_for_listing(target.children.all(), today),
            **kwargs,
        )


class ReportCreateView(RoleRequiredMixin, FormView):
    """The officer's report on one target: value, as-of date, note and evidence."""

    roles = ("officer",)
    template_name = "targets/report_form.html"
    form_class = ProgressReportForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_role(request.user):
            self.target = get_object_or_404(
                scoping.targets_reportable_by(request.user).select_related("task__plan", "task__section"),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "target": self.target}

    def get_initial(self):
        """重新填报 starts from the returned report's values (`?from=<id>`)."""
        initial = super().get_initial()
        source = self.request.GET.get("from", "")
        if source.isdigit():
            returned = self.target.reports.filter(pk=int(source), state=ProgressReport.State.RETURNED).first()
            if returned is not None:
                self.resubmitting = returned
                initial.update(value=f"{returned.value.normalize():f}", as_of=returned.as_of, note=returned.note)
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            target=self.target,
            status=python_status(self.target, timezone.localdate()),
            resubmitting=getattr(self, "resubmitting", None),
            **kwargs,
        )

    def form_invalid(self, form):
        if form.has_error(NON_FIELD_ERRORS, "missing_key"):
            # Keep the input and give the form its keys, so that a second press of 提交 goes through.
            data = self.request.POST.copy()
            data["version"], data["submission"] = form.fresh_keys(self.target)
            errors = form.non_field_errors()
            form = self.get_form_class()(data, target=self.target)
            form.is_valid()
            form.add_error(None, errors)
        return super().form_invalid(form)

    def form_valid(self, form):
        try:
            report = progress_report_submit(
                actor=self.request.user,
                target=self.target,
                value=form.cleaned_data["value"],
                as_of=form.cleaned_data["as_of"],
                note=form.cleaned_data["note"],
                files=form.cleaned_data.get("evidence") or [],
                version=form.cleaned_data["version"],
                submission_key=form.cleaned_data["submission"],
            )
        except AlreadySubmitted:
            messages.info(self.request, _("这份填报已经提交过，没有重复保存。"))
            return redirect("targets:detail", pk=self.target.pk)
        except StaleForm as stale:
            # Show the target as it is now, keep what the officer typed, and let a second
            # press of 提交 go through.
            self.target.refresh_from_db()
            data = self.request.POST.copy()
            data["version"] = stale.version
            form = self.get_form_class()(data, target=self.target)
            form.is_valid()
            form.add_error(None, stale)
            return self.form_invalid(form)
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages_)
            return self.form_invalid(form)
        if report.state == ProgressReport.State.SUBMITTED:
            messages.success(self.request, _("已提交，等待领导审核。"))
        else:
            messages.success(self.request, _("已提交，当前值已更新。"))
        return redirect("targets:detail", pk=self.target.pk)


class ReviewListView(RoleRequiredMixin, ListView):
    """The reports waiting for the leader's review, oldest first, a page at a time; filtered by
    unit, department and plan (choices: those with reports waiting); several approved at once."""

    roles = ("leader",)
    template_name = "targets/review_list.html"
    context_object_name = "reports"
    paginate_by = 50

    def waiting(self):
        return scoping.reports_reviewable_by(self.request.user).filter(state=ProgressReport.State.SUBMITTED)

    def chosen(self, name):
        value = self.request.GET.get(name, "")
        return int(value) if value.isdigit() else None

    def get_queryset(self):
        reports = self.waiting()
        if bureau := self.chosen("bureau"):
            reports = reports.filter(
                Q(target__assigned_bureau=bureau)
                | Q(target__assigned_bureau__isnull=True, target__task__plan__bureau=bureau)
            )
        if department := self.chosen("department"):
            reports = reports.filter(target__task__lead_department=department)
        if plan := self.chosen("plan"):
            reports = reports.filter(target__task__plan=plan)
        return (
            reports.select_related(
                "target__task__plan__bureau", "target__task__lead_department", "target__assigned_bureau", "reporter"
            )
            .prefetch_related("evidence")
            .order_by("submitted_at", "pk")
        )

    def get_context_data(self, **kwargs):
        waiting = self.waiting()
        owners = Bureau.objects.filter(
            Q(pk__in=waiting.filter(target__assigned_bureau__isnull=False).values("target__assigned_bureau"))
            | Q(pk__in=waiting.filter(target__assigned_bureau__isnull=True).values("target__task__plan__bureau"))
        ).order_by("region__code", "name")
        now = timezone.now()
        context = super().get_context_data(
            bureaus=owners,
            departments=Department.objects.filter(pk__in=waiting.values("target__task__lead_department"))
            .select_related("bureau")
            .order_by("bureau__region__code", "name"),
            plans=Plan.objects.filter(pk__in=waiting.values("target__task__plan")).order_by("-year", "title"),
            chosen={name: self.chosen(name) for name in ("bureau", "department", "plan")},
            narrowed=any(self.chosen(name) for name in ("bureau", "department", "plan")),
            query=self.request.GET.urlencode(),
            **kwargs,
        )
        for report in context["reports"]:
            report.days_waiting = (now - report.submitted_at).days
        return context


class ReportApproveManyView(RoleRequiredMixin, View):
    """通过所选: several waiting reports approved at once."""

    roles = ("leader",)
    http_method_names = ["post"]

    def post(self, request):
        ids = [int(pk) for pk in request.POST.getlist("report") if pk.isdigit()][:200]
        reports = list(scoping.reports_reviewable_by(request.user).filter(pk__in=ids))
        if not ids:
            messages.error(request, _("请先勾选要通过的填报。"))
        elif len(reports) != len(set(ids)):
            raise Http404
        else:
            approved = progress_report_approve_many(actor=request.user, reports=reports)
            skipped = len(reports) - len(approved)
            messages.success(
                request,
                _("已通过%(n)d条填报。") % {"n": len(approved)}
                + (_("另有%(n)d条已由他人审核。") % {"n": skipped} if skipped else ""),
            )
        back = request.POST.get("next", "")
        if not back.startswith("/reviews/"):
            back = reverse("targets:reviews")
        return redirect(back)


class ReviewActionView(RoleRequiredMixin, View):
    roles = ("leader",)
    http_method_names = ["post"]

    def post(self, request, pk):
        report = get_object_or_404(scoping.reports_reviewable_by(request.user), pk=pk)
        try:
            self.act(request, report)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        back = request.POST.get("next", "")  # the queue as it was filtered
        return redirect(back if back.startswith("/reviews/") else reverse("targets:reviews"))


class ReportApproveView(ReviewActionView):
    def act(self, request, report):
        progress_report_approve(actor=request.user, report=report)
        messages.success(request, _("已通过：%(metric)s") % {"metric": report.target.metric})


class ReportReturnView(ReviewActionView):
    def act(self, request, report):
        form = ReturnReportForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("退回时必须说明原因。"))
        progress_report_return(actor=request.user, report=report, reason=form.cleaned_data["reason"])
        messages.success(request, _("已退回：%(metric)s") % {"metric": report.target.metric})


class ReportWithdrawView(RoleRequiredMixin, View):
    """撤回: the reporter takes back a report still waiting for review."""

    roles = ("officer",)
    http_method_names = ["post"]

    def post(self, request, pk):
        report = get_object_or_404(
            ProgressReport.objects.filter(target__in=scoping.targets_reportable_by(request.user)), pk=pk
        )
        try:
            progress_report_withdraw(actor=request.user, report=report)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("已撤回：%(metric)s %(as_of)s 的填报。") % {"metric": report.target.metric, "as_of": report.as_of},
            )
        return redirect("targets:detail", pk=report.target_id)


INLINE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".pdf": "application/pdf"}


class EvidenceDownloadView(LoginRequiredMixin, View):
    """Evidence is served only to users who may see its target: as a download, or with
    `?inline=1` an image or PDF (checked by content on upload) shown in place on our own pages."""

    def get(self, request, pk):
        evidence = get_object_or_404(
            Evidence.objects.filter(report__in=scoping.reports_visible_to(request.user)), pk=pk
        )
        suffix = PurePath(evidence.file.name).suffix.lower()
        if request.GET.get("inline") == "1" and suffix in INLINE_TYPES:
            response = FileResponse(evidence.file.open("rb"), content_type=INLINE_TYPES[suffix])
            response["Content-Disposition"] = content_disposition_header(False, evidence.original_name)
            # Framed by our own pages only; nothing in the file may run or load anything.
            response["X-Frame-Options"] = "SAMEORIGIN"
            response["Content-Security-Policy"] = (
                "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'"
            )
            return response
        return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)


class TargetNudgeView(RoleRequiredMixin, View):
    """催办: a leader reminds the department (or bureau) that reports on a target."""

    roles = ("leader",)
    http_method_names = ["post"]

    def post(self, request, pk):
        target = get_object_or_404(scoping.targets_visible_to(request.user), pk=pk)
        nudge = target_nudge(actor=request.user, target=target, message=request.POST.get("message", ""))
        recipient = nudge.department.name if nudge.department_id else nudge.bureau.name
        messages.success(request, _("已催办%(who)s：%(metric)s") % {"who": recipient, "metric": target.metric})
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = reverse("cockpit:dashboard")
        return redirect(back)
