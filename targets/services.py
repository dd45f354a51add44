"""Writes to targets and progress reports. Each function is one transaction; the acting
user is `actor`, and the change history (django-simple-history) records who did it."""

import hashlib
from datetime import date
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access import scoping
from core.history import records_actor

from .models import Evidence, Nudge, ProgressReport, Target


def as_of_problem(target: Target, as_of: date) -> str | None:
    """Why a report cannot be dated `as_of`, or None: not in the future, inside the period."""
    if as_of > timezone.localdate():
        return _("截至日期不能晚于今天。")
    if not target.period_start <= as_of <= target.period_end:
        return _("截至日期应在指标周期 %(start)s 至 %(end)s 之内。") % {
            "start": target.period_start,
            "end": target.period_end,
        }
    return None


# Kinds whose reported value is a running total: it does not fall from one report to the next.
CUMULATIVE_KINDS = (Target.Kind.COUNT, Target.Kind.AMOUNT, Target.Kind.FREQUENCY, Target.Kind.QUALITATIVE)
OUTLIER_FACTOR = 2  # a value over twice the target is asked about


def report_value_warnings(target: Target, value: Decimal, as_of: date) -> list[str]:
    """Why a reported value looks wrong and should be confirmed (with a reason) before it is
    stored: a cumulative value below an earlier counted report's (approved, or any where the
    plan needs no review), or a value over twice the target."""
    warnings = []
    if target.kind in CUMULATIVE_KINDS:
        earlier = (
            target.reports.filter(as_of__lte=as_of, state__in=counted_states(target))
            .order_by("-as_of", "-submitted_at", "-pk")
            .values_list("value", "as_of")
            .first()
        )
        if earlier is not None and value < earlier[0]:
            warnings.append(
                _("累计值%(value)s低于%(as_of)s填报的%(earlier)s，累计值一般不会减少。")
                % {"value": f"{value.normalize():f}", "as_of": earlier[1], "earlier": f"{earlier[0].normalize():f}"}
            )
    if target.value is not None and target.value > 0 and value > target.value * OUTLIER_FACTOR:
        warnings.append(
            _("填报值%(value)s超过目标值%(target)s%(unit)s的两倍。")
            % {"value": f"{value.normalize():f}", "target": f"{target.value.normalize():f}", "unit": target.unit}
        )
    return warnings


def counted_states(target: Target) -> list[str]:
    """Reports that move the current value: approved ones, or every unreturned one where
    the plan needs no review."""
    if target.task.plan.requires_review:
        return [ProgressReport.State.APPROVED]
    return [ProgressReport.State.APPROVED, ProgressReport.State.SUBMITTED]


def target_refresh_progress(*, target: Target) -> Target:
    """Recomputes the target's current value (the counted report with the latest as-of date;
    the later submission wins a tie) and its last reported date (any report not returned).
    The target keeps these so that rollups never scan the report history."""
    reports = target.reports.order_by("-as_of", "-submitted_at", "-pk")
    latest = reports.filter(state__in=counted_states(target)).values_list("value", flat=True).first()
    last_as_of = (
        reports.exclude(state__in=[ProgressReport.State.RETURNED, ProgressReport.State.WITHDRAWN])
        .values_list("as_of", flat=True)
        .first()
    )
    _store_progress(target, latest, last_as_of)
    if target.parent_id:
        target_rollup_split(parent=target.parent)
    return target


def target_rollup_split(*, parent: Target) -> Target:
    """A target split among sub-units takes its progress from its children: the sum of
    their current values for counts and amounts, the average weighted by their shares for
    rates, and the latest of their report dates."""
    children = list(parent.children.values_list("value", "current_value", "last_reported_on"))
    reported = [(share or Decimal(0), current) for share, current, _ in children if current is not None]
    if not reported:
        current = None
    elif parent.kind in (Target.Kind.PERCENT_GROWTH, Target.Kind.RATIO):
        weight = sum(share for share, _ in reported)
        current = (
            sum(share * value for share, value in reported) / weight
            if weight
            else sum(value for _, value in reported) / len(reported)
        )
    else:
        current = sum(value for _, value in reported)
    dates = [d for _, _, d in children if d is not None]
    _store_progress(parent, current, max(dates) if dates else None)
    return parent


def _store_progress(target: Target, current: Decimal | None, last_as_of: date | None) -> None:
    if current is not None:
        current = current.quantize(Decimal("0.0001"))
    if (target.current_value, target.last_reported_on) != (current, last_as_of):
        target.current_value = current
        target.last_reported_on = last_as_of
        target.save(update_fields=["current_value", "last_reported_on"])


def _locked(target: Target) -> Target:
    # Serialise writers per target, so concurrent reports cannot both compute from a stale
    # history. (SQLite takes the database write lock with IMMEDIATE transactions instead.)
    return Target.objects.select_for_update().select_related("task__plan").get(pk=target.pk)


class StaleForm(ValidationError):
    """The target changed after the form was opened: someone reported on it, a report was
    reviewed, or its definition was edited. `version` is what the form should now carry."""

    def __init__(self, target: Target, version: str):
        self.version = version
        unit = target.unit if target.value is not None else "%"
        current = "—" if target.current_value is None else f"{target.current_value.normalize():f} {unit}"
        latest = target.reports.order_by("-pk").first()
        newest = (
            _("最新一条填报：%(value)s %(unit)s，截至 %(as_of)s（%(state)s）；")
            % {
                "value": f"{latest.value.normalize():f}",
                "unit": unit,
                "as_of": latest.as_of,
                "state": latest.get_state_display(),
            }
            if latest
            else ""
        )
        super().__init__(
            _(
                "您打开此页后，这个指标已有新的填报或改动。%(newest)s当前值：%(current)s。请核对后再次提交；附件需要重新选择。"
            )
            % {"newest": newest, "current": current},
            code="stale",
        )


class AlreadySubmitted(Exception):
    """The same form was posted again (a double click, a resent page): nothing new is stored."""

    def __init__(self, report: ProgressReport):
        super().__init__(report.pk)
        self.report = report


def target_version(target: Target) -> str:
    """A short fingerprint of everything a report form shows about the target: the form
    carries it, and a submission whose fingerprint is out of date is refused as stale."""
    last_report = target.reports.order_by("-pk").values_list("pk", "state").first()
    seen = (
        last_report,
        target.value,
        target.comparator,
        target.kind,
        target.baseline,
        target.period_start,
        target.period_end,
        target.current_value,
    )
    return hashlib.blake2s(repr(seen).encode(), digest_size=8).hexdigest()


@records_actor
@transaction.atomic
def progress_report_submit(
    *,
    actor,
    target: Target,
    value: Decimal,
    as_of: date,
    note: str = "",
    files=(),
    version: str | None = None,
    submission_key: UUID | None = None,
) -> ProgressReport:
    """Records a report of the target's cumulative value as of a date, with its evidence
    files (already checked by the form), all or nothing.

    A form passes the `version` of the target it showed (StaleForm if the target has changed
    since) and its one-time `submission_key` (AlreadySubmitted if that form was stored)."""
    if not scoping.targets_reportable_by(actor).filter(pk=target.pk).exists():
        raise PermissionDenied(_("您不能填报这个指标。"))
    target = _locked(target)
    if submission_key is not None:
        earlier = ProgressReport.objects.filter(submission_key=submission_key).first()
        if earlier is not None:
            raise AlreadySubmitted(earlier)
    if version is not None and version != (current := target_version(target)):
        raise StaleForm(target, current)
    problem = as_of_problem(target, as_of)
    if problem:
        raise ValidationError({"as_of": problem})
    state = ProgressReport.State.SUBMITTED if target.task.plan.requires_review else ProgressReport.State.APPROVED
    report = ProgressReport(
        target=target,
        value=value,
        as_of=as_of,
        note=note,
        reporter=actor,
        state=state,
        submission_key=submission_key,
    )
    report.full_clean()
    report.save()
    for upload in files:
        Evidence.objects.create(report=report, file=upload, original_name=upload.name[:255], size=upload.size)
    target_refresh_progress(target=target)
    return report


def _reviewable(actor, report: ProgressReport) -> ProgressReport:
    if report.reporter_id == actor.pk:
        raise PermissionDenied(_("不能审核自己提交的填报。"))
    if not scoping.reports_reviewable_by(actor).filter(pk=report.pk).exists():
        raise PermissionDenied(_("您不能审核这条填报。"))
    _locked(report.target)
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.state != ProgressReport.State.SUBMITTED:
        raise ValidationError(_("这条填报已经审核过了。"))
    return report


@records_actor
@transaction.atomic
def progress_report_approve(*, actor, report: ProgressReport) -> ProgressReport:
    """Approves a submitted report; its value then counts towards the target."""
    report = _reviewable(actor, report)
    report.state = ProgressReport.State.APPROVED
    report.reviewer = actor
    report.reviewed_at = timezone.now()
    report.save(update_fields=["state", "reviewer", "reviewed_at"])
    target_refresh_progress(target=report.target)
    return report


@records_actor
@transaction.atomic
def progress_report_approve_many(*, actor, reports: list[ProgressReport]) -> list[ProgressReport]:
    """Approves several reports at once, all or nothing; those someone else reviewed in the
    meantime are left as they are (and not in the returned list)."""
    if (
        len({r.pk for r in reports})
        != scoping.reports_reviewable_by(actor).filter(pk__in=[r.pk for r in reports]).count()
    ):
        raise PermissionDenied(_("您不能审核其中的部分填报。"))
    approved = []
    for report in sorted(reports, key=lambda r: (r.target_id, r.pk)):  # one lock order for every writer
        if ProgressReport.objects.filter(pk=report.pk, state=ProgressReport.State.SUBMITTED).exists():
            approved.append(progress_report_approve(actor=actor, report=report))
    return approved


@records_actor
@transaction.atomic
def progress_report_return(*, actor, report: ProgressReport, reason: str) -> ProgressReport:
    """Returns a submitted report to its reporter with a reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("退回时必须说明原因。")})
    report = _reviewable(actor, report)
    report.state = ProgressReport.State.RETURNED
    report.reviewer = actor
    report.reason = reason
    report.reviewed_at = timezone.now()
    report.save(update_fields=["state", "reviewer", "reason", "reviewed_at"])
    target_refresh_progress(target=report.target)
    return report


@records_actor
@transaction.atomic
def progress_report_withdraw(*, actor, report: ProgressReport) -> ProgressReport:
    """The reporter takes back a report still waiting for review (a wrong value, a wrong
    file): it stays in the history as 已撤回 and no longer counts as this cycle's report."""
    if report.reporter_id != actor.pk or not scoping.targets_reportable_by(actor).filter(pk=report.target_id).exists():
        raise PermissionDenied(_("只能撤回自己提交的填报。"))
    target = _locked(report.target)
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.state != ProgressReport.State.SUBMITTED:
        raise ValidationError(_("这条填报已经审核或撤回，不能再撤回。"))
    report._history_user = actor
    report.state = ProgressReport.State.WITHDRAWN
    report.save(update_fields=["state"])
    target_refresh_progress(target=target)
    return report


@records_actor
@transaction.atomic
def target_nudge(*, actor, target: Target, message: str = "") -> Nudge:
    """A leader reminds whoever reports on the target: the lead department of the task, or,
    for a share of a split target, the bureau it is assigned to."""
    if not scoping.is_leader(actor) or not scoping.targets_visible_to(actor).filter(pk=target.pk).exists():
        raise PermissionDenied(_("您不能催办这个指标。"))
    target = Target.objects.select_related("task__plan", "task__lead_department").get(pk=target.pk)
    if target.assigned_bureau_id:
        bureau_id, department = target.assigned_bureau_id, None
    else:
        bureau_id, department = target.task.plan.bureau_id, target.task.lead_department
    message = message.strip() or _("请尽快填报“%(metric)s”的进展。") % {"metric": target.metric}
    nudge = Nudge(target=target, bureau_id=bureau_id, department=department, sender=actor, message=message[:500])
    nudge.full_clean()
    nudge.save()
    return nudge
