"""What reminders are due today, and to whom: plain `Reminder` values composed from a
handful of queries over the whole database (not per target), so that a run over a province
stays well under a minute.

Who is reminded follows the scoping rules (access/scoping.py), computed here in bulk from
the memberships instead of per user:
- officers of a target: for a share of a split target, the officers of the bureau it is
  assigned to; otherwise the officers of the plan's bureau in the task's lead department,
  and those of that bureau with no department (they report on all its tasks);
- reviewers of a report: the leaders of the target's owner bureau (the assigned bureau of a
  share, else the plan's), or, where it has none, of the nearest bureau above it;
- a leader's weekly summary: overdue targets of plans of bureaus in its subtree, and shares
  assigned to them;
- a 催办: the officers it is addressed to (its department, or its whole bureau), as
  `nudges_for` reads it.
A test holds every reminder against `access.scoping` for its recipient.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from plans.models import Plan
from targets.models import Nudge, ProgressReport, Target
from targets.selectors import annotate_status
from targets.status import Status, cycle_start
from units.models import Bureau, Membership

from .models import Notification

Kind = Notification.Kind


@dataclass(frozen=True)
class Reminder:
    kind: str
    recipient_id: int
    key: str
    title: str
    body: str
    url: str = ""
    target_id: int | None = None
    report_id: int | None = None
    nudge_id: int | None = None


def cycle_end(cycle: str, today: date) -> date:
    """Last day of the reporting cycle (monthly, quarterly, half_yearly) containing today."""
    start = cycle_start(cycle, today)
    months = {"quarterly": 3, "half_yearly": 6}.get(cycle, 1)
    month = start.month + months
    following = date(start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return following - timedelta(days=1)


def _num(value) -> str:
    return "—" if value is None else f"{value.normalize():f}"


def _target_url(target_id: int) -> str:
    return reverse("targets:detail", args=[target_id])


class People:
    """Active users by role and post, read once per run."""

    def __init__(self):
        self.officers_in_department: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.officers_without_department: dict[int, list[int]] = defaultdict(list)
        self.officers_of_bureau: dict[int, list[int]] = defaultdict(list)
        self.leaders_of_bureau: dict[int, list[int]] = defaultdict(list)
        memberships = Membership.objects.filter(user__is_active=True).values_list(
            "user_id", "bureau_id", "department_id", "role"
        )
        for user, bureau, department, role in memberships:
            if role == Membership.Role.OFFICER:
                self.officers_of_bureau[bureau].append(user)
                if department is None:
                    self.officers_without_department[bureau].append(user)
                else:
                    self.officers_in_department[bureau, department].append(user)
            elif role == Membership.Role.LEADER:
                self.leaders_of_bureau[bureau].append(user)
        self.parent = dict(Bureau.objects.values_list("pk", "parent_id"))

    def target_officers(
        self, *, plan_bureau: int, lead_department: int | None, assigned_bureau: int | None
    ) -> list[int]:
        if assigned_bureau:
            return self.officers_of_bureau.get(assigned_bureau, [])
        people = list(self.officers_without_department.get(plan_bureau, []))
        if lead_department:
            people += self.officers_in_department.get((plan_bureau, lead_department), [])
        return people

    def reviewers(self, bureau: int) -> list[int]:
        seen = set()
        while bureau and bureau not in seen:
            if self.leaders_of_bureau.get(bureau):
                return self.leaders_of_bureau[bureau]
            seen.add(bureau)
            bureau = self.parent.get(bureau)
        return []

    def ancestors(self, bureau: int) -> list[int]:
        """The bureau and every bureau above it."""
        chain, seen = [], set()
        while bureau and bureau not in seen:
            chain.append(bureau)
            seen.add(bureau)
            bureau = self.parent.get(bureau)
        return chain


TARGET_FIELDS = (
    "pk",
    "metric",
    "value",
    "unit",
    "current_value",
    "period_end",
    "task__plan__title",
    "task__plan__bureau_id",
    "task__lead_department_id",
    "assigned_bureau_id",
    "task__plan__reporting_cycle",
)


def _live_leaf_targets():
    # Shares report, their parent rolls up: only targets without children are reminded.
    children = Target.objects.filter(parent=OuterRef("pk"))
    return Target.objects.filter(task__plan__status=Plan.Status.PUBLISHED).exclude(Exists(children))


def cycle_closing(today: date, people: People) -> list[Reminder]:
    """Targets not yet reported in a cycle that closes within NOTICE_CYCLE_CLOSING_DAYS."""
    days = settings.NOTICE_CYCLE_CLOSING_DAYS
    closing = {c: cycle_end(c, today) for c in Plan.Cycle.values if 0 <= (cycle_end(c, today) - today).days <= days}
    if not closing:
        return []
    rows = (
        annotate_status(_live_leaf_targets().filter(task__plan__reporting_cycle__in=list(closing)), today)
        .filter(status=Status.UNREPORTED)
        .values_list(*TARGET_FIELDS)
    )
    reminders = []
    for pk, metric, _value, _unit, _current, _end, plan, bureau, lead, assigned, cycle in rows.iterator(2000):
        start, end = cycle_start(cycle, today), closing[cycle]
        title = _("「%(metric)s」本期进展尚未填报") % {"metric": metric}
        body = _("%(plan)s：本期（%(start)s 至 %(end)s）还有 %(days)d 天结束，请及时填报。") % {
            "plan": plan,
            "start": start,
            "end": end,
            "days": (end - today).days,
        }
        for user in people.target_officers(plan_bureau=bureau, lead_department=lead, assigned_bureau=assigned):
            reminders.append(
                Reminder(
                    Kind.CYCLE_CLOSING,
                    user,
                    f"cycle_closing:t{pk}:{start}:u{user}",
                    title,
                    body,
                    _target_url(pk),
                    target_id=pk,
                )
            )
    return reminders


def _overdue_rows(today: date):
    return (
        annotate_status(
            _live_leaf_targets().filter(period_end__gte=today - timedelta(days=settings.NOTICE_OVERDUE_WITHIN_DAYS)),
            today,
        )
        .filter(status=Status.OVERDUE)
        .values_list(*TARGET_FIELDS)
    )


def overdue(today: date, people: People) -> tuple[list[Reminder], list[Reminder]]:
    """Overdue targets: to their officers once per reporting cycle, and to each leader a
    weekly summary of the overdue targets in its scope."""
    reminders = []
    by_bureau: dict[int, list[tuple[int, str, date]]] = defaultdict(list)
    for pk, metric, value, unit, current, end, plan, bureau, lead, assigned, cycle in _overdue_rows(today).iterator(
        2000
    ):
        start = cycle_start(cycle, today)
        title = _("「%(metric)s」已逾期") % {"metric": metric}
        body = _("%(plan)s：截止日期 %(end)s 已过，目标 %(value)s%(unit)s，当前 %(current)s%(unit)s。") % {
            "plan": plan,
            "end": end,
            "value": _num(value),
            "current": _num(current),
            "unit": unit,
        }
        for user in people.target_officers(plan_bureau=bureau, lead_department=lead, assigned_bureau=assigned):
            reminders.append(
                Reminder(
                    Kind.OVERDUE,
                    user,
                    f"overdue:t{pk}:{start}:u{user}",
                    title,
                    body,
                    _target_url(pk),
                    target_id=pk,
                )
            )
        by_bureau[bureau].append((pk, metric, end))
        if assigned and assigned != bureau:
            by_bureau[assigned].append((pk, metric, end))
    return reminders, _overdue_summaries(today, people, by_bureau)


def _overdue_summaries(today, people: People, by_bureau) -> list[Reminder]:
    # Each overdue target counts for the leaders of its bureau and of every bureau above.
    per_leader_bureau: dict[int, dict[int, tuple[str, date]]] = defaultdict(dict)
    for bureau, targets in by_bureau.items():
        for above in people.ancestors(bureau):
            if above in people.leaders_of_bureau:
                for pk, metric, end in targets:
                    per_leader_bureau[above][pk] = (metric, end)
    year, week, _day = today.isocalendar()
    names = dict(Bureau.objects.filter(pk__in=list(per_leader_bureau)).values_list("pk", "name"))
    reminders = []
    for bureau, targets in per_leader_bureau.items():
        listed = sorted(targets.items(), key=lambda item: (item[1][1], item[0]))
        lines = [f"- {metric}（{end}）" for _pk, (metric, end) in listed[:10]]
        if len(listed) > 10:
            lines.append(_("……另有 %(n)d 项") % {"n": len(listed) - 10})
        title = _("逾期指标周报：%(bureau)s 及下级共 %(n)d 项") % {"bureau": names[bureau], "n": len(listed)}
        body = "\n".join(lines)
        url = reverse("cockpit:dashboard") + "?status=overdue"
        for user in people.leaders_of_bureau[bureau]:
            reminders.append(
                Reminder(
                    Kind.OVERDUE_SUMMARY,
                    user,
                    f"overdue_summary:b{bureau}:{year}-W{week:02d}:u{user}",
                    title,
                    body,
                    url,
                )
            )
    return reminders


def returned(now: datetime, people: People) -> list[Reminder]:
    """Reports returned lately, to their reporters."""
    since = now - timedelta(days=settings.NOTICE_LOOKBACK_DAYS)
    rows = ProgressReport.objects.filter(
        state=ProgressReport.State.RETURNED,
        reviewed_at__gte=since,
        reporter__is_active=True,
        target__task__plan__status=Plan.Status.PUBLISHED,
    ).values_list("pk", "reporter_id", "target_id", "target__metric", "value", "as_of", "reason")
    reminders = []
    for pk, reporter, target, metric, value, as_of, reason in rows.iterator(2000):
        reminders.append(
            Reminder(
                Kind.RETURNED,
                reporter,
                f"returned:r{pk}:u{reporter}",
                _("填报被退回：%(metric)s") % {"metric": metric},
                _("截至 %(as_of)s 的填报（%(value)s）被退回。原因：%(reason)s")
                % {
                    "as_of": as_of,
                    "value": _num(value),
                    "reason": reason,
                },
                _target_url(target),
                target_id=target,
                report_id=pk,
            )
        )
    return reminders


def review_waiting(now: datetime, people: People) -> list[Reminder]:
    """Reports waiting for review longer than NOTICE_REVIEW_WAITING_DAYS, to their reviewers."""
    days = settings.NOTICE_REVIEW_WAITING_DAYS
    rows = ProgressReport.objects.filter(
        state=ProgressReport.State.SUBMITTED,
        submitted_at__lte=now - timedelta(days=days),
        target__task__plan__status=Plan.Status.PUBLISHED,
    ).values_list(
        "pk",
        "target_id",
        "target__metric",
        "value",
        "submitted_at",
        "target__task__plan__bureau_id",
        "target__assigned_bureau_id",
        "reporter__first_name",
        "reporter__username",
    )
    reminders = []
    for pk, target, metric, value, submitted, plan_bureau, assigned, name, username in rows.iterator(2000):
        title = _("填报待审核已超过 %(days)d 天：%(metric)s") % {"days": days, "metric": metric}
        body = _("%(who)s 于 %(when)s 提交 %(value)s，尚未审核。") % {
            "who": name or username,
            "when": f"{submitted:%Y-%m-%d}",
            "value": _num(value),
        }
        for user in people.reviewers(assigned or plan_bureau):
            reminders.append(
                Reminder(
                    Kind.REVIEW_WAITING,
                    user,
                    f"review_waiting:r{pk}:u{user}",
                    title,
                    body,
                    reverse("targets:reviews"),
                    target_id=target,
                    report_id=pk,
                )
            )
    return reminders


def nudges(now: datetime, people: People) -> list[Reminder]:
    """催办 sent lately, with the leader's note, to the officers they address."""
    since = now - timedelta(days=settings.NOTICE_LOOKBACK_DAYS)
    rows = Nudge.objects.filter(created_at__gte=since, target__task__plan__status=Plan.Status.PUBLISHED).values_list(
        "pk",
        "target_id",
        "target__metric",
        "bureau_id",
        "department_id",
        "message",
        "sender__first_name",
        "sender__username",
    )
    reminders = []
    for pk, target, metric, bureau, department, message, name, username in rows.iterator(2000):
        if department is None:
            users = people.officers_of_bureau.get(bureau, [])
        else:
            users = people.officers_in_department.get(
                (bureau, department), []
            ) + people.officers_without_department.get(bureau, [])
        for user in users:
            reminders.append(
                Reminder(
                    Kind.NUDGE,
                    user,
                    f"nudge:n{pk}:u{user}",
                    _("催办：%(metric)s") % {"metric": metric},
                    _("%(who)s：%(message)s") % {"who": name or username, "message": message},
                    _target_url(target),
                    target_id=target,
                    nudge_id=pk,
                )
            )
    return reminders


def due_reminders(*, today: date, now: datetime) -> list[Reminder]:
    """Every reminder due now, sent or not (the database keeps each one once)."""
    people = People()
    officers_overdue, summaries = overdue(today, people)
    return [
        *nudges(now, people),
        *returned(now, people),
        *cycle_closing(today, people),
        *officers_overdue,
        *review_waiting(now, people),
        *summaries,
    ]
