from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from intake.safety import OLE_MAGIC
from plans.models import Plan

from .workbooks import two_row_header_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(data=None, name="计划.xlsx"):
    return SimpleUploadedFile(name, data if data is not None else two_row_header_workbook(), content_type=XLSX)


def test_officer_and_leader_cannot_import(client, world, county_officer, county_leader):
    for user in (county_officer, county_leader):
        client.force_login(user)
        assert client.get("/plans/import/").status_code == 403
        assert client.post("/plans/import/confirm/", {"token": "x"}).status_code == 403


def test_admin_cannot_import_into_another_bureau(client, world, county_admin):
    client.force_login(county_admin)
    response = client.post("/plans/import/", {"file": upload(), "bureau": world.city.pk})
    assert "选择一个有效的选项" in response.content.decode()
    assert not Plan.objects.filter(title__contains="某县").exists()


def test_preview_then_confirm_imports_a_draft(client, world, county_admin):
    client.force_login(county_admin)
    response = client.post("/plans/import/", {"file": upload(), "bureau": world.county.pk})
    content = response.content.decode()
    assert "某县科学技术局2025年度重点工作任务分解表" in content and "力争新增高新技术企业二十家" in content
    assert "成果股" in content  # a department that will be created
    assert not Plan.objects.filter(title__contains="某县").exists()  # nothing written before confirming
    token = response.context["token"]
    response = client.post("/plans/import/confirm/", {"token": token})
    plan = Plan.objects.get(title__contains="某县")
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
    assert plan.status == "draft" and plan.tasks.count() == 3
    # The same token cannot import twice.
    response = client.post("/plans/import/confirm/", {"token": token}, follow=True)
    assert "导入已失效" in response.content.decode()
    assert Plan.objects.filter(title__contains="某县").count() == 1


def test_bad_file_shows_the_problem_and_no_confirm_button(client, world, county_admin):
    client.force_login(county_admin)
    response = client.post(
        "/plans/import/", {"file": upload(OLE_MAGIC + b"\0" * 600, "旧表.xls"), "bureau": world.county.pk}
    )
    content = response.content.decode()
    assert "另存为 .xlsx" in content
    assert "确认导入" not in content


def test_publish_makes_targets_reach_officers(client, world, county_admin, county_officer):
    client.force_login(county_admin)
    token = client.post("/plans/import/", {"file": upload(), "bureau": world.county.pk}).context["token"]
    client.post("/plans/import/confirm/", {"token": token})
    plan = Plan.objects.get(title__contains="某县")
    client.force_login(county_officer)
    assert "新增高新技术企业" not in client.get("/my/").content.decode()
    client.force_login(county_admin)
    client.post(f"/plans/{plan.pk}/publish/")
    client.force_login(county_officer)
    assert "新增高新技术企业" in client.get("/my/").content.decode()


def test_template_has_instructions_header_and_dropdowns(client, world, county_admin):
    client.force_login(county_admin)
    response = client.get("/plans/import/template.xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames[0] == "填表说明"
    sheet = workbook["任务分解表"]
    assert [c.value for c in sheet[3]][:4] == ["序号", "重点任务", "具体措施", "指标名称"]
    formulas = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert any("$A$1:$A$2" in f for f in formulas)  # the county's two departments
    assert set(workbook["下拉选项"]["A"][i].value for i in range(2)) == {"创新股", "办公室"}


def test_plan_export_is_scoped_and_named_in_chinese(client, world, county_leader):
    client.force_login(county_leader)
    assert client.get(f"/plans/{world.city_plan.pk}/export/").status_code == 404
    response = client.get(f"/plans/{world.county_plan.pk}/export/")
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "科技型中小企业入库" in values and "德州市指标" not in values


def test_scope_export_counts_only_scope(client, world, city_leader):
    client.force_login(city_leader)
    response = client.get("/plans/export/")
    sheet = load_workbook(BytesIO(response.content)).active
    bureaus = {sheet.cell(row, 1).value for row in range(4, sheet.max_row + 1)}
    assert bureaus == {"聊城市科学技术局", "东昌府区科学技术局", "阳谷县科学技术局"}


def test_big_workbook_is_imported_in_the_background_with_progress(
    client, world, county_admin, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_BACKGROUND_ROWS = 2  # the test workbook has 3 tasks
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(county_admin)
    token = client.post("/plans/import/", {"file": upload(), "bureau": world.county.pk}).context["token"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/plans/import/confirm/", {"token": token})
    from intake.models import ImportJob

    job = ImportJob.objects.get()
    assert response["Location"] == f"/plans/import/jobs/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "已完成" in page and "已导入 1 个计划" in page and "某县科学技术局2025年度重点工作任务分解表" in page
    assert job.plans.get().tasks.count() == 3
    assert list(tmp_path.joinpath("imports").iterdir()) == []  # the stored upload is removed


def test_other_admins_cannot_see_an_import_job(client, world, county_admin, city_admin, settings, tmp_path):
    from intake.models import ImportJob

    job = ImportJob.objects.create(bureau=world.county, user=county_admin, path="x", filename="x.xlsx")
    client.force_login(city_admin)
    assert client.get(f"/plans/import/jobs/{job.pk}/").status_code == 404
