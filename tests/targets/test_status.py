from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from targets.status import Status, TargetFacts, completion, cycle_start, status_of

START, END = date(2026, 1, 1), date(2026, 12, 31)
MID = date(2026, 7, 2)  # 182 of 364 days: exactly half the period elapsed


def facts(value="100", current=None, comparator="gte", kind="count", reported=MID, **extra):
    return TargetFacts(
        kind=kind,
        comparator=comparator,
        value=None if value is None else Decimal(value),
        current=None if current is None else Decimal(current),
        period_start=extra.get("start", START),
        period_end=extra.get("end", END),
        last_reported_on=reported,
    )


def status(f, today=MID, cycle=date(2026, 7, 1)):
    return status_of(f, today, cycle)


def test_met_target_is_done_even_before_the_end():
    assert status(facts(current="100")) == Status.DONE
    assert status(facts(current="120")) == Status.DONE


def test_unmet_target_past_deadline_is_overdue():
    assert status(facts(current="99"), today=date(2027, 1, 1)) == Status.OVERDUE


def test_no_report_in_current_cycle_is_unreported():
    assert status(facts(current="50", reported=date(2026, 6, 30))) == Status.UNREPORTED
    assert status(facts(current=None, reported=None)) == Status.UNREPORTED


def test_not_started_is_on_track():
    assert status(facts(start=date(2026, 9, 1)), today=MID) == Status.ON_TRACK


@pytest.mark.parametrize(
    "current,expected",
    [
        ("47.5", Status.ON_TRACK),  # exactly 95 % of the expected 50
        ("47.4", Status.LATE),
        ("42.5", Status.LATE),  # exactly 85 %
        ("42.4", Status.SEVERE),
        ("0", Status.SEVERE),
    ],
)
def test_thresholds_at_the_boundaries(current, expected):
    assert status(facts(current=current)) == expected


def test_thresholds_are_parameters():
    assert status_of(facts(current="47.5"), MID, date(2026, 7, 1), on_track_ratio="0.96") == Status.LATE


def test_ceiling_met_is_on_track_until_the_end_then_done():
    ceiling = facts(value="5", current="4.5", comparator="lte")
    assert status(ceiling) == Status.ON_TRACK
    assert status(ceiling, today=date(2027, 1, 1)) == Status.DONE


def test_ceiling_broken_is_late_or_severe_by_how_far():
    assert status(facts(value="5", current="5.5", comparator="lte")) == Status.LATE  # 5/5.5 = 0.909
    assert status(facts(value="5", current="7", comparator="lte")) == Status.SEVERE
    assert status(facts(value="5", current="6", comparator="lte"), today=date(2027, 1, 2)) == Status.OVERDUE


def test_zero_ceiling_broken_is_severe():
    assert status(facts(value="0", current="1", comparator="lte")) == Status.SEVERE
    assert status(facts(value="0", current="0", comparator="lte")) == Status.ON_TRACK


def test_zero_target_is_met_by_any_non_negative_value():
    assert status(facts(value="0", current="0")) == Status.DONE


def test_growth_target_of_zero_or_less_is_met_by_reaching_it():
    assert status(facts(value="-2", current="-1", kind="percent_growth")) == Status.DONE
    assert status(facts(value="-2", current="-3", kind="percent_growth")) == Status.SEVERE


def test_percent_growth_compares_the_rate():
    assert status(facts(value="10", current="5", kind="percent_growth")) == Status.ON_TRACK
    assert status(facts(value="10", current="11", kind="percent_growth")) == Status.DONE


def test_qualitative_reports_percent_complete():
    assert completion(facts(value=None, current="50", kind="qualitative")) == Decimal("0.5")
    assert status(facts(value=None, current="50", kind="qualitative")) == Status.ON_TRACK
    assert status(facts(value=None, current="100", kind="qualitative")) == Status.DONE


def test_negative_current_counts_as_nothing():
    assert completion(facts(current="-5")) == 0


def test_report_on_first_day_of_period_is_on_track():
    assert status(facts(current="0", reported=START), today=START, cycle=START) == Status.ON_TRACK


@pytest.mark.parametrize(
    "cycle,today,expected",
    [
        ("monthly", date(2026, 11, 22), date(2026, 11, 1)),
        ("quarterly", date(2026, 11, 22), date(2026, 10, 1)),
        ("quarterly", date(2026, 3, 31), date(2026, 1, 1)),
        ("half_yearly", date(2026, 6, 30), date(2026, 1, 1)),
        ("half_yearly", date(2026, 7, 1), date(2026, 7, 1)),
    ],
)
def test_cycle_start(cycle, today, expected):
    assert cycle_start(cycle, today) == expected


# --- properties -----------------------------------------------------------------------------


# Better first. 未填报 is told by dates, whatever the value (once the target is not met).
GOODNESS = [Status.DONE, Status.ON_TRACK, Status.LATE, Status.SEVERE, Status.OVERDUE]
amounts = st.decimals(min_value=-1000, max_value=10**6, places=4, allow_nan=False, allow_infinity=False)
days = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))


@st.composite
def situations(draw):
    start = draw(days)
    end = start + timedelta(days=draw(st.integers(min_value=1, max_value=730)))
    kind = draw(st.sampled_from(["count", "amount", "percent_growth", "ratio", "frequency", "qualitative"]))
    facts = dict(
        kind=kind,
        comparator=draw(st.sampled_from(["gte", "lte", "eq"])),
        value=None if kind == "qualitative" else draw(amounts),
        period_start=start,
        period_end=end,
        last_reported_on=draw(st.none() | days),
    )
    today = draw(days)
    return facts, today, draw(st.sampled_from(["monthly", "quarterly", "half_yearly"]))


@hypothesis_settings(max_examples=1500, deadline=None)
@given(situations(), amounts, amounts)
def test_status_is_monotonic_in_the_reported_value(situation, a, b):
    facts, today, cycle = situation
    worse, better = sorted([a, b])
    if facts["comparator"] == "lte" and facts["kind"] != "qualitative":
        worse, better = better, worse  # under a ceiling, less is better
    statuses = [
        status_of(TargetFacts(current=value, **facts), today, cycle_start(cycle, today)) for value in (worse, better)
    ]
    assert all(isinstance(s, Status) for s in statuses)
    if Status.UNREPORTED in statuses:
        # Not reported this cycle is told by dates alone, unless the better value meets the target.
        assert statuses[0] == statuses[1] or statuses == [Status.UNREPORTED, Status.DONE], statuses
        return
    assert GOODNESS.index(statuses[1]) <= GOODNESS.index(statuses[0]), (facts, today, worse, better, statuses)
    assert completion(TargetFacts(current=better, **facts)) >= completion(TargetFacts(current=worse, **facts))


# --- stepped targets: frequency and milestones ------------------------------------------------

NOV_23 = date(2026, 11, 23)


def test_quarterly_frequency_with_three_done_in_november_is_on_track():
    # 每季度1次 = 4 a year: three quarters have elapsed on 23 November, so three are due.
    f = facts(value="4", current="3", kind="frequency", reported=date(2026, 11, 20))
    assert status(f, today=NOV_23, cycle=date(2026, 11, 1)) == Status.ON_TRACK


def test_quarterly_frequency_with_two_done_in_november_is_behind():
    f = facts(value="4", current="2", kind="frequency", reported=date(2026, 11, 20))
    assert status(f, today=NOV_23, cycle=date(2026, 11, 1)) == Status.SEVERE  # 2 of 3 due


def test_frequency_expects_nothing_before_the_first_cycle_ends():
    f = facts(value="4", current="0", kind="frequency", reported=date(2026, 3, 20))
    assert status(f, today=date(2026, 3, 31), cycle=date(2026, 3, 1)) == Status.ON_TRACK
    assert status(f, today=date(2026, 4, 1), cycle=date(2026, 4, 1)) == Status.UNREPORTED
    g = facts(value="4", current="0", kind="frequency", reported=date(2026, 4, 1))
    assert status(g, today=date(2026, 4, 1), cycle=date(2026, 4, 1)) == Status.SEVERE  # one was due in Q1


def milestone_facts(current, reported=date(2026, 7, 1)):
    return TargetFacts(
        kind="amount",
        comparator="gte",
        value=Decimal("35"),
        current=Decimal(current),
        period_start=START,
        period_end=END,
        last_reported_on=reported,
        milestones=(
            (date(2026, 3, 31), Decimal("5")),
            (date(2026, 6, 30), Decimal("14")),
            (date(2026, 9, 30), Decimal("25")),
        ),
    )


def test_milestone_target_is_judged_against_the_milestone_passed_not_a_straight_line():
    # On 2 July a straight line expects 17.5; the milestone passed (30 June) asks for 14.
    assert status(milestone_facts("14")) == Status.ON_TRACK
    assert status(milestone_facts("12.6")) == Status.LATE  # 90 % of 14
    assert status(milestone_facts("11")) == Status.SEVERE


def test_milestone_target_expects_nothing_before_its_first_milestone():
    assert (
        status(milestone_facts("0", reported=date(2026, 3, 5)), today=date(2026, 3, 20), cycle=date(2026, 3, 1))
        == Status.ON_TRACK
    )
