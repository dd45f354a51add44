from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from core.numbers import parse_id
from plans.models import Plan
from access import scoping
from access.mixins import RoleRequiredMixin

from .forms import ProgressReportForm, ReturnReportForm
from .models import Evidence, ProgressReport
from .selectors import share_check
from .status import status_rows
from .selectors import python_status, status_counts, target_chart_data, targets_for_listing
from .services import (
    AlreadySubmitted,
    StaleForm,
    progress_report_approve,
    progress_report_return,
    progress_report_submit,
    target_nudge,
)
from .status import STATUS_LABELS, STATUS_ORDER, Status


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
        return super().get_context_data(
            target=target,
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

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            target=self.target, status=python_status(self.target, timezone.localdate()), **kwargs
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
                actor=self.request.user, target=self.target, value=form.cleaned_data["value"],
                as_of=form.cleaned_data["as_of"], note=form.cleaned_data["note"],
                files=form.cleaned_data.get("evidence") or [],
                version=form.cleaned_data["version"], submission_key=form.cleaned_data["submission"],
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
    """The reports waiting for the leader's review, oldest first, a page at a time."""

    roles = ("leader",)
    template_name = "targets/review_list.html"
    context_object_name = "reports"
    paginate_by = 50

    def get_queryset(self):
        return (
            scoping.reports_reviewable_by(self.request.user)
            .filter(state=ProgressReport.State.SUBMITTED)
            .select_related("target__task__plan__bureau", "target__task__lead_department", "target__assigned_bureau", "reporter")
            .prefetch_related("evidence")
            .order_by("submitted_at", "pk")
        )


class ReviewActionView(RoleRequiredMixin, View):
    roles = ("leader",)
    http_method_names = ["post"]

    def post(self, request, pk):
        report = get_object_or_404(scoping.reports_reviewable_by(request.user), pk=pk)
        try:
            self.act(request, report)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("targets:reviews")


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


class EvidenceDownloadView(LoginRequiredMixin, View):
    """Evidence is served only to users who may see its target, always as a download."""

    def get(self, request, pk):
        evidence = get_object_or_404(Evidence.objects.filter(report__in=scoping.reports_visible_to(request.user)), pk=pk)
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
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            back = reverse("cockpit:dashboard")
        return redirect(back)
