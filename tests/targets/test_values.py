"""Values an officer can get wrong: exponent notation, a falling running total, a value far
over the target; taking back a report before review, and starting again from a returned one."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from targets.forms import parse_typed_number
from targets.models import ProgressReport, Target
from targets.services import progress_report_withdraw
from tests.targets.test_reporting_views import keyed

TODAY = timezone.localdate()


@pytest.fixture
def this_year(world):
    Target.objects.update(period_start=date(TODAY.year, 1, 1), period_end=date(TODAY.year, 12, 31))
    return world


def report_url(target):
    return f"/targets/{target.pk}/report/"


def earlier_report(target, officer, value, state=ProgressReport.State.APPROVED, as_of=None):
    return ProgressReport.objects.create(
        target=target,
        value=Decimal(value),
        as_of=as_of or date(TODAY.year, 1, 31),
        reporter=officer,
        state=state,
        reason="数据不实" if state == "returned" else "",
    )


@pytest.mark.parametrize("text", ["1e3", "1E3", "２e2", "1.5e-2", "NaN", "Infinity", "0x10"])
def test_exponent_notation_and_other_non_numbers_are_refused(text):
    from django import forms

    with pytest.raises(forms.ValidationError):
        parse_typed_number(text)


def test_exponent_is_refused_on_the_form_with_a_clear_message(client, this_year, county_officer):
    client.force_login(county_officer)
    target = this_year.county_target
    response = client.post(report_url(target), keyed(target, {"value": "1e3", "as_of": TODAY}))
    assert response.status_code == 200
    assert "不要用科学计数法" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_a_falling_cumulative_value_asks_for_confirmation_with_the_reason(client, this_year, county_officer):
    earlier_report(this_year.county_target, county_officer, "48")
    client.force_login(county_officer)
    target = this_year.county_target
    response = client.post(report_url(target), keyed(target, {"value": "30", "as_of": TODAY}))
    page = response.content.decode()
    assert response.status_code == 200 and "低于" in page and "48" in page
    assert 'type="checkbox" name="confirmed"' in page
    assert ProgressReport.objects.count() == 1


def test_a_confirmed_falling_value_needs_a_note_saying_why(client, this_year, county_officer):
    earlier_report(this_year.county_target, county_officer, "48")
    client.force_login(county_officer)
    page_data = keyed(this_year.county_target, {"value": "30", "as_of": TODAY, "confirmed": "on"})
    response = client.post(report_url(this_year.county_target), page_data)
    assert "请在进展说明中写明原因" in response.content.decode()
    assert ProgressReport.objects.count() == 1
    # The same page sent again with the reason: its one-time key was not used up by the refusal.
    client.post(report_url(this_year.county_target), {**page_data, "note": "更正：前期重复统计18家"})
    assert ProgressReport.objects.filter(value=30, note="更正：前期重复统计18家").exists()


def test_a_value_over_twice_the_target_asks_for_confirmation(client, this_year, county_officer):
    client.force_login(county_officer)  # the target is 30
    page_data = keyed(this_year.county_target, {"value": "61", "as_of": TODAY})
    response = client.post(report_url(this_year.county_target), page_data)
    assert "填报值61超过目标值30家的两倍" in response.content.decode()
    assert not ProgressReport.objects.exists()
    client.post(report_url(this_year.county_target), {**page_data, "value": "60"})  # twice is fine
    assert ProgressReport.objects.filter(value=60).exists()


def test_an_officer_withdraws_a_report_still_waiting(this_year, county_officer):
    report = earlier_report(this_year.county_target, county_officer, "5", ProgressReport.State.SUBMITTED, TODAY)
    target = Target.objects.get(pk=this_year.county_target.pk)
    from targets.services import target_refresh_progress

    target_refresh_progress(target=target)
    assert Target.objects.get(pk=target.pk).last_reported_on == TODAY
    progress_report_withdraw(actor=county_officer, report=report)
    assert ProgressReport.objects.get(pk=report.pk).state == ProgressReport.State.WITHDRAWN
    assert Target.objects.get(pk=target.pk).last_reported_on is None  # no longer this cycle's report


def test_a_reviewed_report_cannot_be_withdrawn(this_year, county_officer):
    report = earlier_report(this_year.county_target, county_officer, "5")
    with pytest.raises(ValidationError):
        progress_report_withdraw(actor=county_officer, report=report)


def test_only_the_reporter_withdraws(this_year, county_officer, county_leader):
    report = earlier_report(this_year.county_target, county_officer, "5", ProgressReport.State.SUBMITTED, TODAY)
    with pytest.raises(PermissionDenied):
        progress_report_withdraw(actor=county_leader, report=report)
    assert ProgressReport.objects.get(pk=report.pk).state == ProgressReport.State.SUBMITTED


def test_withdraw_button_on_the_target_page(client, this_year, county_officer):
    report = earlier_report(this_year.county_target, county_officer, "5", ProgressReport.State.SUBMITTED, TODAY)
    client.force_login(county_officer)
    page = client.get(f"/targets/{this_year.county_target.pk}/").content.decode()
    assert f'action="/reports/{report.pk}/withdraw/"' in page
    response = client.post(f"/reports/{report.pk}/withdraw/", follow=True)
    assert "已撤回" in response.content.decode()


def test_resubmitting_starts_from_the_returned_reports_values(client, this_year, county_officer):
    returned = earlier_report(
        this_year.county_target, county_officer, "12.5", ProgressReport.State.RETURNED, date(TODAY.year, 2, 28)
    )
    ProgressReport.objects.filter(pk=returned.pk).update(note="二月进展", reviewer=county_officer)
    client.force_login(county_officer)
    my = client.get("/my/").content.decode()
    assert f"/targets/{this_year.county_target.pk}/report/?from={returned.pk}" in my
    form = client.get(report_url(this_year.county_target), {"from": returned.pk}).context["form"]
    assert (form["value"].value(), str(form["as_of"].value()), form["note"].value()) == (
        "12.5",
        f"{TODAY.year}-02-28",
        "二月进展",
    )
