from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from targets.forms import parse_typed_number
from targets.models import Evidence, ProgressReport, Target

PDF = b"%PDF-1.4\n%demo\n"


@pytest.fixture
def this_year(world):
    today = timezone.localdate()
    Target.objects.update(period_start=date(today.year, 1, 1), period_end=date(today.year, 12, 31))
    return world


def report_url(target):
    return f"/targets/{target.pk}/report/"


def keyed(target, data):
    """A report form's data with the hidden fields the page gives it."""
    from targets.forms import ProgressReportForm

    version, submission = ProgressReportForm.fresh_keys(Target.objects.get(pk=target.pk))
    return {"version": version, "submission": submission, **data}


@pytest.mark.parametrize(
    "text,expected", [("１２", "12"), ("1,234.5", "1234.5"), (" 3.5 ", "3.5"), ("１５％", "15"), ("-2", "-2")]
)
def test_numbers_accept_full_width_digits_and_commas(text, expected):
    assert parse_typed_number(text) == Decimal(expected)


# --- denials ------------------------------------------------------------------------------


def test_officer_cannot_open_report_form_of_other_department(client, this_year, county_officer):
    client.force_login(county_officer)
    assert client.get(report_url(this_year.county_office_target)).status_code == 404
    assert (
        client.post(
            report_url(this_year.county_office_target), {"value": "1", "as_of": timezone.localdate()}
        ).status_code
        == 404
    )
    assert not ProgressReport.objects.exists()


def test_leader_cannot_report(client, this_year, county_leader):
    client.force_login(county_leader)
    assert client.get(report_url(this_year.county_target)).status_code == 403


def test_officer_cannot_review(client, this_year, county_officer):
    client.force_login(county_officer)
    assert client.get("/reviews/").status_code == 403


def test_out_of_scope_leader_gets_404_on_review_actions(client, this_year, county_officer, world):
    from targets.services import progress_report_submit
    from tests.conftest import make_user

    report = progress_report_submit(
        actor=county_officer, target=this_year.county_target, value=Decimal(1), as_of=timezone.localdate()
    )
    outsider = make_user("yg_leader", world.other_county, "leader")
    client.force_login(outsider)
    assert client.post(f"/reports/{report.pk}/approve/").status_code == 404
    report.refresh_from_db()
    assert report.state == "submitted"


def test_review_actions_need_post(client, this_year, county_leader):
    client.force_login(county_leader)
    assert client.get("/reports/1/approve/").status_code == 405


# --- the form -----------------------------------------------------------------------------


def test_bad_input_rerenders_with_chinese_errors_and_keeps_input(client, this_year, county_officer):
    client.force_login(county_officer)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        report_url(this_year.county_target),
        keyed(this_year.county_target, {"value": "十二家", "as_of": tomorrow, "note": "我的说明"}),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "请输入数字" in content
    assert "截至日期不能晚于今天" in content
    assert "我的说明" in content and "十二家" in content
    assert not ProgressReport.objects.exists()


def test_as_of_outside_period_is_refused(client, this_year, county_officer):
    Target.objects.filter(pk=this_year.county_target.pk).update(
        period_start=date(2020, 1, 1), period_end=date(2020, 12, 31)
    )
    client.force_login(county_officer)
    response = client.post(
        report_url(this_year.county_target), keyed(this_year.county_target, {"value": "1", "as_of": "2021-01-05"})
    )
    assert "应在指标周期" in response.content.decode()


def test_evidence_with_wrong_content_is_refused(client, this_year, county_officer):
    client.force_login(county_officer)
    fake = SimpleUploadedFile("材料.pdf", b"MZ\x90\x00not a pdf", content_type="application/pdf")
    response = client.post(
        report_url(this_year.county_target),
        keyed(this_year.county_target, {"value": "3", "as_of": timezone.localdate(), "evidence": [fake]}),
    )
    assert "内容与扩展名不符" in response.content.decode()
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()


def test_evidence_with_unknown_extension_is_refused(client, this_year, county_officer):
    client.force_login(county_officer)
    script = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(
        report_url(this_year.county_target),
        keyed(this_year.county_target, {"value": "3", "as_of": timezone.localdate(), "evidence": [script]}),
    )
    assert "类型不支持" in response.content.decode()


def test_too_large_evidence_is_refused(client, this_year, county_officer, settings):
    settings.EVIDENCE_MAX_BYTES = 10
    client.force_login(county_officer)
    big = SimpleUploadedFile("大.pdf", PDF + b"x" * 20)
    response = client.post(
        report_url(this_year.county_target),
        keyed(this_year.county_target, {"value": "3", "as_of": timezone.localdate(), "evidence": [big]}),
    )
    assert "超过" in response.content.decode()


def test_growth_target_accepts_absolute_value_with_baseline(client, this_year, county_officer):
    Target.objects.filter(pk=this_year.county_target.pk).update(
        kind="percent_growth", baseline=Decimal(200), value=Decimal(10)
    )
    client.force_login(county_officer)
    client.post(
        report_url(this_year.county_target),
        keyed(this_year.county_target, {"absolute_value": "２３０", "as_of": timezone.localdate()}),
    )
    assert ProgressReport.objects.get().value == Decimal("15.00")


def test_qualitative_report_needs_description_and_percent_in_range(client, this_year, county_officer):
    Target.objects.filter(pk=this_year.county_target.pk).update(kind="qualitative", value=None)
    client.force_login(county_officer)
    response = client.post(
        report_url(this_year.county_target),
        keyed(this_year.county_target, {"value": "120", "as_of": timezone.localdate()}),
    )
    content = response.content.decode()
    assert "0 到 100" in content and "这个字段是必填项" in content


# --- the journey ----------------------------------------------------------------------------


def test_report_with_evidence_then_approve_moves_current_value(
    client, this_year, county_officer, county_leader, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(county_officer)
    upload = SimpleUploadedFile("会议纪要.pdf", PDF, content_type="application/pdf")
    response = client.post(
        report_url(this_year.county_target),
        keyed(
            this_year.county_target,
            {"value": "1,2", "as_of": timezone.localdate(), "note": "已走访", "evidence": [upload]},
        ),
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    evidence = report.evidence.get()
    assert report.value == Decimal(12) and report.state == "submitted"
    assert evidence.original_name == "会议纪要.pdf" and "会议纪要" not in evidence.file.name  # generated name on disk

    client.force_login(county_leader)
    assert f'id="report-{report.pk}"' in client.get("/reviews/").content.decode()
    download = client.get(f"/evidence/{evidence.pk}/")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF
    client.post(f"/reports/{report.pk}/approve/")
    this_year.county_target.refresh_from_db()
    assert this_year.county_target.current_value == Decimal(12)


def test_returned_report_shows_on_officer_home_with_reason(client, this_year, county_officer, county_leader):
    client.force_login(county_officer)
    client.post(
        report_url(this_year.county_target),
        keyed(this_year.county_target, {"value": "5", "as_of": timezone.localdate()}),
    )
    report = ProgressReport.objects.get()
    client.force_login(county_leader)
    response = client.post(f"/reports/{report.pk}/return/", {"reason": ""}, follow=True)
    assert "退回时必须说明原因" in response.content.decode()
    client.post(f"/reports/{report.pk}/return/", {"reason": "请补充佐证材料"})
    client.force_login(county_officer)
    content = client.get("/my/").content.decode()
    assert "被退回的填报" in content and "请补充佐证材料" in content


def test_evidence_download_is_scoped(client, this_year, county_officer, settings, tmp_path, world):
    from tests.conftest import make_user

    settings.MEDIA_ROOT = tmp_path
    client.force_login(county_officer)
    client.post(
        report_url(this_year.county_target),
        keyed(
            this_year.county_target,
            {"value": "5", "as_of": timezone.localdate(), "evidence": [SimpleUploadedFile("a.pdf", PDF)]},
        ),
    )
    evidence = Evidence.objects.get()
    client.force_login(make_user("dz_leader", world.other_city, "leader"))
    assert client.get(f"/evidence/{evidence.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/evidence/{evidence.pk}/").status_code == 302


def test_officer_home_counts_due_overdue_and_returned(client, this_year, county_officer, county_leader):
    client.force_login(county_officer)
    client.post(
        report_url(this_year.county_target),
        keyed(this_year.county_target, {"value": "5", "as_of": timezone.localdate()}),
    )
    client.force_login(county_leader)
    client.post(f"/reports/{ProgressReport.objects.get().pk}/return/", {"reason": "数据有误"})
    client.force_login(county_officer)
    content = client.get("/my/").content.decode()
    assert "被退回 <strong>1</strong> 条" in content
    assert "本期待填报 <strong>2</strong> 项" in content


def test_reports_cannot_be_edited_even_in_the_admin(client, this_year, county_officer, world):
    from tests.conftest import make_user

    client.force_login(county_officer)
    client.post(
        report_url(this_year.county_target),
        keyed(this_year.county_target, {"value": "5", "as_of": timezone.localdate()}),
    )
    report = ProgressReport.objects.get()
    superuser = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(superuser)
    response = client.post(
        f"/admin/targets/progressreport/{report.pk}/change/", {"value": "500", "as_of": report.as_of}
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.value == Decimal(5)


# --- stale forms and double submission ------------------------------------------------------


def opened_form(client, target):
    """The report page as the officer opened it: the hidden fields its form carries."""
    form = client.get(report_url(target)).context["form"]
    return {"version": form["version"].value(), "submission": str(form["submission"].value())}


def test_a_stale_form_gets_a_conflict_message_and_keeps_the_input(client, this_year, county_officer):
    from targets.services import progress_report_submit
    from tests.conftest import make_user

    target = this_year.county_target
    client.force_login(county_officer)
    hidden = opened_form(client, target)
    # While the page is open, a colleague reports on the same target.
    colleague = make_user("colleague", this_year.county, "officer", this_year.county_chuangxin)
    progress_report_submit(actor=colleague, target=target, value=Decimal(12), as_of=timezone.localdate())

    mine = {"value": "9", "as_of": timezone.localdate().isoformat(), "note": "我的说明", **hidden}
    response = client.post(report_url(target), mine)

    assert response.status_code == 200
    page = response.content.decode()
    assert "已有新的填报或改动" in page and "12" in page
    assert 'value="9"' in page and "我的说明" in page
    assert ProgressReport.objects.filter(target=target).count() == 1
    # The form now carries the target as it is; pressing 提交 again stores the report.
    refreshed = response.context["form"]["version"].value()
    assert refreshed != hidden["version"]
    response = client.post(report_url(target), {**mine, "version": refreshed})
    assert response.status_code == 302
    assert ProgressReport.objects.filter(target=target).count() == 2


def test_a_changed_target_definition_makes_the_form_stale(client, this_year, county_officer):
    target = this_year.county_target
    client.force_login(county_officer)
    hidden = opened_form(client, target)
    Target.objects.filter(pk=target.pk).update(value=Decimal(45))
    response = client.post(report_url(target), {"value": "9", "as_of": timezone.localdate().isoformat(), **hidden})
    assert response.status_code == 200 and "已有新的填报或改动" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_the_same_form_posted_twice_stores_one_report(client, this_year, county_officer):
    target = this_year.county_target
    client.force_login(county_officer)
    data = {"value": "9", "as_of": timezone.localdate().isoformat(), **opened_form(client, target)}
    first = client.post(report_url(target), data)
    second = client.post(report_url(target), data, follow=True)
    assert first.status_code == 302
    assert "已经提交过，没有重复保存" in second.content.decode()
    assert ProgressReport.objects.filter(target=target).count() == 1


def test_each_opening_of_the_form_gets_its_own_key(client, this_year, county_officer):
    target = this_year.county_target
    client.force_login(county_officer)
    assert opened_form(client, target)["submission"] != opened_form(client, target)["submission"]


def test_the_review_queue_comes_a_page_at_a_time(
    client, this_year, county_officer, county_leader, django_assert_max_num_queries
):
    today = timezone.localdate()
    ProgressReport.objects.bulk_create(
        ProgressReport(target=this_year.county_target, value=i, as_of=today, reporter=county_officer) for i in range(60)
    )
    client.force_login(county_leader)
    # Bounded whatever the queue's length: the page, its count, and the filters' choices.
    with django_assert_max_num_queries(15):
        first = client.get("/reviews/")
    assert len(first.context["reports"]) == 50 and first.context["paginator"].count == 60
    assert "1 / 2" in first.content.decode()
    second = client.get("/reviews/?page=2")
    assert len(second.context["reports"]) == 10


def test_a_form_without_its_keys_is_not_stored_and_comes_back_with_them(client, this_year, county_officer):
    target = this_year.county_target
    client.force_login(county_officer)
    data = {"value": "9", "as_of": timezone.localdate().isoformat(), "note": "无标识"}
    first = client.post(report_url(target), data)
    client.post(report_url(target), data)
    assert first.status_code == 200
    assert "缺少提交标识" in first.content.decode() and "无标识" in first.content.decode()
    assert not ProgressReport.objects.exists()
    # The page now carries the keys: pressing 提交 again stores one report.
    form = first.context["form"]
    again = {**data, "version": form["version"].value(), "submission": form["submission"].value()}
    assert client.post(report_url(target), again).status_code == 302
    assert client.post(report_url(target), again).status_code == 302
    assert ProgressReport.objects.count() == 1


@pytest.mark.parametrize("missing", ["version", "submission"])
def test_a_form_missing_one_key_is_not_stored(client, this_year, county_officer, missing):
    target = this_year.county_target
    client.force_login(county_officer)
    data = {
        k: v
        for k, v in keyed(target, {"value": "9", "as_of": timezone.localdate().isoformat()}).items()
        if k != missing
    }
    assert client.post(report_url(target), data).status_code == 200
    assert not ProgressReport.objects.exists()
