"""Completion and the status light (红黄绿灯) of a target: plain functions over plain data.

Rules, in order:
1. 已完成  the target is met (≥ and =: current reaches the value; ≤: current is at or under the
   ceiling *and* the period is over, since a ceiling can still be broken before then).
2. 逾期    the period is over and the target is not met.
3. 正常    the period has not started yet (nothing can be expected).
4. 未填报  no report with an as-of date inside the current reporting cycle.
5. 正常 / 滞后 / 严重滞后 from actual progress against expected progress; for a ≤ ceiling,
   progress is how far under the ceiling it stays. What is expected by today:
   - a target with milestones (一季度…四季度 values, a deadline inside the period): the value
     of the latest milestone whose date has passed; nothing before the first one;
   - a frequency target (每季度1次 = 4 a year): one occurrence per elapsed cycle, i.e. the
     value × whole calendar months elapsed / calendar months of the period, rounded down;
   - any other target: linear over the period.

The database computes the same in `targets.selectors.annotate_status`; a test holds the two
together on the demo data.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from math import floor

from django.utils.translation import gettext_lazy as _


class Status(StrEnum):
    DONE = "done"
    ON_TRACK = "on_track"
    LATE = "late"
    SEVERE = "severe"
    OVERDUE = "overdue"
    UNREPORTED = "unreported"


STATUS_LABELS = {
    Status.DONE: _("已完成"),
    Status.ON_TRACK: _("正常"),
    Status.LATE: _("滞后"),
    Status.SEVERE: _("严重滞后"),
    Status.OVERDUE: _("逾期"),
    Status.UNREPORTED: _("未填报"),
}

# The order leaders read them in, worst last.
STATUS_ORDER = [Status.DONE, Status.ON_TRACK, Status.LATE, Status.SEVERE, Status.OVERDUE, Status.UNREPORTED]


@dataclass(frozen=True)
class TargetFacts:
    kind: str  # count, amount, percent_growth, ratio, frequency, qualitative
    comparator: str  # gte, lte, eq
    value: Decimal | None  # None for a qualitative target (then current is percent complete)
    current: Decimal | None
    period_start: date
    period_end: date
    last_reported_on: date | None = None
    # (due date, value expected by then), for targets judged by milestones
    milestones: tuple[tuple[date, Decimal], ...] = ()


def completion(facts: TargetFacts) -> Decimal:
    """Share of the target achieved, from 0 (nothing) upwards; 1 means met."""
    share = _completion(facts)
    return Decimal(share.numerator) / Decimal(share.denominator)


def _completion(facts: TargetFacts) -> Fraction:
    # Exact fractions, so the boundaries (95 %, 85 %) fall the same way as in the database,
    # which compares by multiplication instead of dividing.
    if facts.current is None:
        return Fraction(0)
    if facts.kind == "qualitative" or facts.value is None:
        return max(Fraction(facts.current), Fraction(0)) / 100
    return attainment(facts.comparator, facts.value, facts.current)


def attainment(comparator: str, value: Decimal, current: Decimal) -> Fraction:
    """How far `current` meets a quantitative target, direction included: 1 means met.
    ≥ and =: the share reached; ≤: 1 while at or under the ceiling, else ceiling / current
    (the further over, the lower)."""
    current, value = Fraction(current), Fraction(value)
    if comparator == "lte":
        if current <= value:
            return Fraction(1)
        return max(value, Fraction(0)) / current if current > 0 else Fraction(0)
    if value <= 0:
        # A target of zero growth (or less) is met by reaching it; there is no share of it.
        return Fraction(1) if current >= value else Fraction(0)
    return max(current, Fraction(0)) / value


def expected_share(facts: TargetFacts, today: date) -> Decimal:
    """Share of the period elapsed at `today`, between 0 and 1."""
    if today <= facts.period_start:
        return Decimal(0)
    if today >= facts.period_end:
        return Decimal(1)
    total = (facts.period_end - facts.period_start).days
    return Decimal((today - facts.period_start).days) / Decimal(total)


def month_index(day: date) -> int:
    """Months since year 0: whole calendar months between two days are a subtraction."""
    return day.year * 12 + day.month


def due_by(facts: TargetFacts, today: date) -> Fraction | None:
    """What a stepped target (milestones, frequency) is expected to have reached by `today`,
    or None for a target expected to progress linearly."""
    if facts.milestones:
        passed = [(due, value) for due, value in facts.milestones if due < today]
        return Fraction(max(passed)[1]) if passed else Fraction(0)
    if facts.kind == "frequency" and facts.value is not None and facts.value > 0:
        start = month_index(facts.period_start)
        months = month_index(facts.period_end) - start + 1
        elapsed = month_index(today) - start
        return Fraction(floor(Fraction(facts.value) * elapsed / months))
    return None


def cycle_start(cycle: str, today: date) -> date:
    """First day of the reporting cycle (monthly, quarterly, half_yearly) containing today."""
    if cycle == "quarterly":
        return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    if cycle == "half_yearly":
        return date(today.year, 1 if today.month <= 6 else 7, 1)
    return date(today.year, today.month, 1)


def status_of(
    facts: TargetFacts,
    today: date,
    current_cycle_start: date,
    on_track_ratio: Decimal | float | str = "0.95",
    late_ratio: Decimal | float | str = "0.85",
) -> Status:
    done = _completion(facts)
    met = done >= 1
    ended = today > facts.period_end
    ceiling = facts.comparator == "lte" and facts.kind != "qualitative" and facts.value is not None
    if met and (not ceiling or ended):
        return Status.DONE
    if ended:
        return Status.OVERDUE
    if today < facts.period_start:
        return Status.ON_TRACK
    # A report counts for the cycle when its as-of date lies in it; the cycle cannot start
    # before the period does.
    due_from = max(current_cycle_start, facts.period_start)
    if facts.last_reported_on is None or facts.last_reported_on < due_from:
        return Status.UNREPORTED
    due = None if ceiling else due_by(facts, today)
    if ceiling:
        ratio = done
    elif due is not None:
        if due <= 0:
            return Status.ON_TRACK  # nothing is due yet
        ratio = max(Fraction(facts.current or 0), Fraction(0)) / due
    else:
        elapsed = (today - facts.period_start).days
        if elapsed <= 0:
            return Status.ON_TRACK
        ratio = done * (facts.period_end - facts.period_start).days / elapsed
    if ratio >= Fraction(str(on_track_ratio)):
        return Status.ON_TRACK
    if ratio >= Fraction(str(late_ratio)):
        return Status.LATE
    return Status.SEVERE


def status_rows(counts: dict[str, int]) -> list[dict]:
    """The status tiles: every status in order, with its label and count."""
    total = sum(counts.values())
    return [
        {"status": s.value, "label": STATUS_LABELS[s], "count": counts.get(s.value, 0), "total": total}
        for s in STATUS_ORDER
    ]
