"""The 填报表: download, fill, upload, preview, confirm."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO
from uuid import UUID

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from intake.progress.columns import AS_OF, HEADERS, NOTE, TARGET_ID, VALUE, VERSION
from intake.progress.preview import progress_preview
from plans.models import Plan
from targets.models import ProgressReport, Target
from targets.services import target_refresh_progress
from tests.conftest import make_target

HEADER_ROW = 2
AS_OF_DAY = timezone.localdate() - timedelta(days=1)


def col(name):
    return HEADERS.index(name) + 1


def download(client, user):
    client.force_login(user)
    response = client.get("/intake/progress/template.xlsx")
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content))


def fill(workbook, values: dict[int, tuple]) -> bytes:
    """values: target id -> (本期累计值, 截至日期, 说明)."""
    sheet = workbook.active
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        target_id = sheet.cell(row, col(TARGET_ID)).value
        if target_id in values:
            for name, value in zip((VALUE, AS_OF, NOTE), values[target_id], strict=True):
                sheet.cell(row, col(name)).value = value
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, data, name="填报表.xlsx"):
    return client.post("/intake/progress/", {"file": SimpleUploadedFile(name, data)})


def ids_in(workbook):
    sheet = workbook.active
    return [sheet.cell(r, col(TARGET_ID)).value for r in range(HEADER_ROW + 1, sheet.max_row + 1)]


def test_the_sheet_lists_the_officers_own_targets_one_row_each(client, world, county_officer):
    workbook = download(client, county_officer)
    assert sorted(ids_in(workbook)) == sorted([world.county_target.pk, world.county_share.pk])
    sheet = workbook.active
    assert [sheet.cell(HEADER_ROW, c).value for c in range(1, len(HEADERS) + 1)] == HEADERS


def test_only_the_three_columns_to_fill_are_unlocked_and_validated(client, world, county_officer):
    sheet = download(client, county_officer).active
    assert sheet.protection.sheet is True
    row = HEADER_ROW + 1
    unlocked = [HEADERS[c - 1] for c in range(1, len(HEADERS) + 1) if not sheet.cell(row, c).protection.locked]
    assert unlocked == [VALUE, AS_OF, NOTE]
    validations = {str(v.sqref).split(":")[0][0]: v.type for v in sheet.data_validations.dataValidation}
    letters = {name: chr(64 + col(name)) for name in (VALUE, AS_OF, NOTE)}
    assert validations == {letters[VALUE]: "decimal", letters[AS_OF]: "date", letters[NOTE]: "textLength"}
    assert sheet.column_dimensions[chr(64 + col(VERSION))].hidden


def test_text_that_looks_like_a_formula_is_written_as_text(client, world, county_officer):
    Plan.objects.filter(pk=world.county_plan.pk).update(title='=HYPERLINK("http://x","点我")')
    sheet = download(client, county_officer).active
    cell = sheet.cell(HEADER_ROW + 1, HEADERS.index("计划") + 1)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_a_filled_sheet_previews_and_confirms_into_reports_waiting_for_review(
    client, world, county_officer, county_leader
):
    data = fill(download(client, county_officer), {world.county_target.pk: (12, AS_OF_DAY, "入库12家")})
    page = upload(client, data).content.decode()
    assert "确认提交 1 条填报" in page and "入库12家" in page
    assert not ProgressReport.objects.exists()  # the preview writes nothing
    token = client.session["intake_progress_preview"]["token"]
    response = client.post("/intake/progress/confirm/", {"token": token})
    assert response.status_code == 302 and response["Location"] == "/my/"
    report = ProgressReport.objects.get()
    assert (report.target, report.value, report.as_of, report.note, report.reporter, report.state) == (
        world.county_target,
        Decimal("12"),
        AS_OF_DAY,
        "入库12家",
        county_officer,
        ProgressReport.State.SUBMITTED,
    )
    client.force_login(county_leader)
    assert "入库12家" in client.get("/reviews/").content.decode()


def test_confirming_twice_stores_the_reports_once(client, world, county_officer):
    data = fill(download(client, county_officer), {world.county_target.pk: (12, AS_OF_DAY, "")})
    upload(client, data)
    stored = client.session["intake_progress_preview"]
    client.post("/intake/progress/confirm/", {"token": stored["token"]})
    session = client.session
    session["intake_progress_preview"] = stored  # the same confirmation sent again (a resent page)
    session.save()
    client.post("/intake/progress/confirm/", {"token": stored["token"]})
    assert ProgressReport.objects.count() == 1


def test_every_problem_is_shown_by_row_and_column_and_nothing_can_be_confirmed(client, world, county_officer):
    future = timezone.localdate() + timedelta(days=3)
    data = fill(
        download(client, county_officer),
        {
            world.county_target.pk: ("十二", AS_OF_DAY, ""),
            world.county_share.pk: (1, future, ""),
        },
    )
    page = upload(client, data).content.decode()
    rows = {t: r for r, t in enumerate(ids_in(load_workbook(BytesIO(data))), HEADER_ROW + 1)}
    assert f"第 {rows[world.county_target.pk]} 行，“本期累计值”列：请输入数字，例如 12 或 3.5。" in page
    assert f"第 {rows[world.county_share.pk]} 行，“截至日期”列：截至日期不能晚于今天。" in page
    assert 'id="confirm-form"' not in page and "intake_progress_preview" not in client.session


def test_the_forms_kind_rules_apply(world, county_officer):
    qualitative = make_target(world.county_target.task, "完善制度", None, "", kind="qualitative")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["标题"])
    sheet.append(HEADERS)
    row = [None] * len(HEADERS)
    row[col(TARGET_ID) - 1], row[col(VALUE) - 1], row[col(AS_OF) - 1] = qualitative.pk, 150, AS_OF_DAY
    sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    preview = progress_preview(actor=county_officer, data=buffer.getvalue(), name="x.xlsx")
    assert [str(p) for p in preview.problems] == [
        "工作表“Sheet”，第 3 行，“说明”列：这个字段是必填项。",
        "工作表“Sheet”，第 3 行，“本期累计值”列：完成进度应在 0 到 100 之间。",
    ]


def test_a_row_naming_a_target_outside_the_users_scope_is_refused(client, world, county_officer):
    workbook = download(client, county_officer)
    sheet = workbook.active
    sheet.cell(HEADER_ROW + 1, col(TARGET_ID)).value = world.other_city_target.pk
    sheet.cell(HEADER_ROW + 1, col(VALUE)).value = 5
    sheet.cell(HEADER_ROW + 1, col(AS_OF)).value = AS_OF_DAY
    buffer = BytesIO()
    workbook.save(buffer)
    page = upload(client, buffer.getvalue()).content.decode()
    assert (
        f"第 3 行，“指标编号”列：指标编号 {world.other_city_target.pk} 不是您可以填报的指标，这一行不能导入。" in page
    )
    assert "德州市指标" not in page  # nothing about the other target is shown
    assert not ProgressReport.objects.exists()


def test_a_target_changed_since_the_download_asks_for_confirmation(client, world, county_officer):
    workbook = download(client, county_officer)
    ProgressReport.objects.create(target=world.county_target, value=3, as_of=AS_OF_DAY, reporter=county_officer)
    data = fill(workbook, {world.county_target.pk: (12, AS_OF_DAY, "")})
    page = upload(client, data).content.decode()
    assert "您下载填报表之后，这个指标已有新的填报或改动" in page and 'name="checked"' in page
    token = client.session["intake_progress_preview"]["token"]
    client.post("/intake/progress/confirm/", {"token": token})  # not ticked
    assert ProgressReport.objects.count() == 1
    client.post("/intake/progress/confirm/", {"token": token, "checked": "1"})
    assert ProgressReport.objects.count() == 2


def test_a_falling_value_asks_for_confirmation(client, world, county_officer):
    Target.objects.filter(pk=world.county_target.pk).update(current_value=20)
    data = fill(download(client, county_officer), {world.county_target.pk: (12, AS_OF_DAY, "")})
    assert "本期累计值 12 低于当前值 20" in upload(client, data).content.decode()


def test_confirm_is_all_or_nothing(client, world, county_officer):
    data = fill(
        download(client, county_officer),
        {
            world.county_target.pk: (12, AS_OF_DAY, ""),
            world.county_share.pk: (2, AS_OF_DAY, ""),
        },
    )
    upload(client, data)
    # Between preview and confirm, someone reports on the second target.
    ProgressReport.objects.create(target=world.county_share, value=1, as_of=AS_OF_DAY, reporter=county_officer)
    token = client.session["intake_progress_preview"]["token"]
    response = client.post("/intake/progress/confirm/", {"token": token}, follow=True)
    assert "预览之后这个指标又有新的填报或改动，请重新上传。" in response.content.decode()
    assert ProgressReport.objects.count() == 1  # only the one made meanwhile


def test_a_file_that_is_not_a_workbook_is_refused_with_a_clear_message(client, county_officer):
    client.force_login(county_officer)
    page = upload(client, b"%PDF-1.4 not a workbook", "填报表.xlsx").content.decode()
    assert "这是 PDF 文件，不是 Excel 工作簿" in page


def test_an_empty_sheet_says_nothing_was_filled(client, world, county_officer):
    data = fill(download(client, county_officer), {})
    page = upload(client, data).content.decode()
    assert "没有填写任何一行" in page


def test_a_leader_downloads_the_targets_of_its_own_bureau_only(client, world, city_leader):
    ids = ids_in(download(client, city_leader))
    assert world.city_target.pk in ids and world.county_target.pk not in ids
    assert world.city_split_parent.pk not in ids  # its shares are reported, not the parent


def test_a_leader_cannot_upload(client, city_leader):
    client.force_login(city_leader)
    assert client.get("/intake/progress/").status_code == 403


def test_a_sheet_uploaded_as_downloaded_asks_nothing_of_its_rows(client, world, county_officer):
    # The 版本 column is hidden, and the workbook reader leaves hidden columns empty: the
    # preview reads that column from the file, so an unchanged target raises no question.
    data = fill(download(client, county_officer), {world.county_target.pk: (12, AS_OF_DAY, "")})
    preview = progress_preview(actor=county_officer, data=data, name="x.xlsx")
    assert [(row.target_id, row.warnings) for row in preview.rows] == [(world.county_target.pk, [])]


def test_each_row_carries_its_own_one_time_key_into_the_pending_preview(client, world, county_officer):
    data = fill(
        download(client, county_officer),
        {
            world.county_target.pk: (12, AS_OF_DAY, ""),
            world.county_share.pk: (2, AS_OF_DAY, ""),
        },
    )
    upload(client, data)
    keys = [row["key"] for row in client.session["intake_progress_preview"]["rows"]]
    assert len(keys) == 2 and len(set(keys)) == 2 and all(UUID(key) for key in keys)
    client.post("/intake/progress/confirm/", {"token": client.session["intake_progress_preview"]["token"]})
    assert sorted(ProgressReport.objects.values_list("submission_key", flat=True)) == sorted(UUID(k) for k in keys)


def test_a_value_over_twice_the_target_needs_its_reason_in_the_note_column(client, world, county_officer):
    workbook = download(client, county_officer)  # 科技型中小企业入库: 30 家
    row = ids_in(workbook).index(world.county_target.pk) + HEADER_ROW + 1
    page = upload(client, fill(workbook, {world.county_target.pk: (70, AS_OF_DAY, "")})).content.decode()
    assert f"第 {row} 行，“说明”列：请在进展说明中写明原因（填报值70超过目标值30家的两倍。）。" in page
    assert 'id="confirm-form"' not in page

    page = upload(
        client, fill(workbook, {world.county_target.pk: (70, AS_OF_DAY, "新增批次集中入库")})
    ).content.decode()
    assert "填报值70超过目标值30家的两倍。" in page and 'name="checked"' in page
    token = client.session["intake_progress_preview"]["token"]
    client.post("/intake/progress/confirm/", {"token": token})  # not ticked
    assert not ProgressReport.objects.exists()
    client.post("/intake/progress/confirm/", {"token": token, "checked": "1"})
    assert ProgressReport.objects.get().note == "新增批次集中入库"


def test_a_value_below_an_approved_report_is_asked_about_once(world, county_officer):
    earlier = ProgressReport.objects.create(
        target=world.county_target,
        value=20,
        as_of=AS_OF_DAY - timedelta(days=5),
        reporter=county_officer,
        state=ProgressReport.State.APPROVED,
    )
    target_refresh_progress(target=world.county_target)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    line = [None] * len(HEADERS)
    line[col(TARGET_ID) - 1], line[col(VALUE) - 1], line[col(AS_OF) - 1] = world.county_target.pk, 12, AS_OF_DAY
    line[col(NOTE) - 1] = "上期重复统计，已核减"
    sheet.append(line)
    buffer = BytesIO()
    workbook.save(buffer)
    preview = progress_preview(actor=county_officer, data=buffer.getvalue(), name="x.xlsx")
    assert preview.problems == []
    assert preview.rows[0].warnings == [
        "这一行没有版本标记（不是从本系统下载的填报表？），无法判断指标是否已有改动。",
        f"累计值12低于{earlier.as_of}填报的20，累计值一般不会减少。",
    ]  # the form's question, not a second one about the current value
