"""The preview's corrections, the names matched to the bureau's departments and counties, the
import profile remembered, parse once, expiry, and request bodies refused early."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from openpyxl import Workbook

from intake.layout import parse_workbook
from intake.matching import is_abbreviation, match_name
from intake.models import DepartmentAlias, ImportProfile, PendingImport
from intake.services import import_preview_start, plan_import_check
from plans.models import Plan, Task
from targets.models import Target
from units.models import Department

from .workbooks import save


def test_abbreviations_match_their_full_names():
    assert is_abbreviation("高新科", "高新技术科")
    assert is_abbreviation("社发科", "社会发展科")
    assert is_abbreviation("成果科", "成果转化科")
    assert is_abbreviation("经开区", "经济技术开发区")
    assert not is_abbreviation("高新科", "高新区")  # another kind of unit
    assert not is_abbreviation("办公室", "科技办公室")  # not its start
    assert not is_abbreviation("高新技术科", "高新技术科")


def test_a_name_is_matched_exactly_then_by_saved_alias_then_by_abbreviation():
    known = {"高新技术科": 1, "成果转化科": 2, "高新区管理办公室": 3}
    assert (match_name("高新技术科", known).match_id, match_name("高新技术科", known).how) == (1, "exact")
    assert (match_name("创新股", known, {"创新股": 2}).match_id, match_name("创新股", known, {"创新股": 2}).how) == (
        2,
        "alias",
    )
    assert (match_name("高新科", known).match_id, match_name("高新科", known).how) == (1, "abbreviation")
    assert match_name("人才科", known).match_id is None


def ledger(lead="社发科", third_header="承担") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "任务"
    ws.append(["2026年重点工作台账"])
    ws.append(["事项", "目标", third_header])
    ws.append(["培育企业", "新增高新技术企业5家", lead])
    ws.append(["建设平台", "新建平台2个", lead])
    return save(wb)


@pytest.fixture
def city_departments(world):
    return Department.objects.create(bureau=world.city, name="社会发展科")


def test_department_names_are_matched_to_the_bureaus_departments(world, city_departments):
    wb = Workbook()
    ws = wb.active
    ws.append(["2026年任务表"])
    ws.append(["重点任务", "目标任务", "牵头部门", "配合部门"])
    ws.append(["培育企业", "新增企业5家", "社会发展科", "成果科"])
    ws.append(["建设平台", "新建平台2个", "市科技局人才科", None])
    documents, problems = parse_workbook(save(wb), "x.xlsx")
    check = plan_import_check(bureau=world.city, documents=documents)
    assert sorted((m.name, m.match_name, m.how) for m in check.departments) == [
        ("人才科", "", ""),
        ("成果科", "成果科", "exact"),
        ("社会发展科", "社会发展科", "exact"),
    ]
    assert check.new_departments == ["人才科"]


def test_an_abbreviation_is_matched_not_created_and_remembered_as_an_alias(
    client, world, city_admin, city_departments, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(city_admin)
    page = client.post("/plans/import/", {"file": SimpleUploadedFile("台账.xlsx", ledger()), "bureau": world.city.pk})
    token = page.context["token"]
    (match,) = page.context["preview"].departments
    assert (match.name, match.match_name, match.how) == ("社发科", "社会发展科", "abbreviation")
    client.post("/plans/import/confirm/", {"token": token, "dept:社发科": str(city_departments.pk)})
    plan = Plan.objects.get(bureau=world.city, title="2026年重点工作台账")
    assert set(plan.tasks.values_list("lead_department__name", flat=True)) == {"社会发展科"}
    assert not Department.objects.filter(bureau=world.city, name="社发科").exists()
    assert DepartmentAlias.objects.get(bureau=world.city).department == city_departments


def test_a_region_of_a_wide_split_is_matched_by_name(world, city_admin):
    wb = Workbook()
    ws = wb.active
    ws.append(["2026年目标分解表"])
    ws.append(["指标名称", "单位", "全市目标", "东昌府区", "阳谷县"])
    ws.append(["新增高新技术企业", "家", 20, 12, 8])
    ws.append(["新增科技型企业", "家", 5, 3, 2])
    documents, problems = parse_workbook(save(wb), "x.xlsx")
    check = plan_import_check(bureau=world.city, documents=documents)
    assert check.problems == []
    assert sorted((m.name, m.match_name) for m in check.regions) == [
        ("东昌府区", "东昌府区科学技术局"),
        ("阳谷县", "阳谷县科学技术局"),
    ]


def test_a_county_that_cannot_be_found_is_a_problem_before_writing(world, city_admin):
    wb = Workbook()
    ws = wb.active
    ws.append(["2026年目标分解表"])
    ws.append(["指标名称", "全市目标", "东昌府区", "临清市"])
    ws.append(["新增高新技术企业", 20, 12, 8])
    documents, problems = parse_workbook(save(wb), "x.xlsx")
    check = plan_import_check(bureau=world.city, documents=documents)
    assert ["临清市" in p.message for p in check.problems] == [True]


def test_the_admins_corrections_are_applied_and_remembered_as_the_bureaus_profile(
    client, world, city_admin, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(city_admin)
    data = ledger(lead="张三", third_header="包干")
    first = client.post("/plans/import/", {"file": SimpleUploadedFile("a.xlsx", data), "bureau": world.city.pk})
    layout = first.context["preview"].sheets[0]
    assert [c.role for c in layout.columns] == ["task", "target", None]  # 包干 says nothing the detector knows
    token = first.context["token"]
    adjusted = client.post(
        "/plans/import/adjust/",
        {
            "token": token,
            "sheet": "任务",
            "s0:header": "2",
            "s0:header_was": "2",
            "s0:col:0": "task",
            "s0:was:0": "task",
            "s0:col:1": "target",
            "s0:was:1": "target",
            "s0:col:2": "leader",
            "s0:was:2": "ignore",
        },
    )
    assert [c.role for c in adjusted.context["preview"].sheets[0].columns] == ["task", "target", "leader"]
    assert PendingImport.objects.get(token=token).documents[0]["tasks"][0]["leader"] == "张三"
    client.post("/plans/import/confirm/", {"token": token})
    assert Task.objects.filter(plan__bureau=world.city, responsible_leader="张三").count() == 2
    profile = ImportProfile.objects.get(bureau=world.city)
    assert profile.choice["roles"] == {"0": "task", "1": "target", "2": "leader"}  # the whole confirmed mapping

    again = client.post("/plans/import/", {"file": SimpleUploadedFile("b.xlsx", data), "bureau": world.city.pk})
    assert [c.role for c in again.context["preview"].sheets[0].columns] == ["task", "target", "leader"]
    assert again.context["preview"].profiles_applied == ["任务"]
    assert "已按本单位保存的导入方案" in again.content.decode()


def test_confirm_writes_the_drafts_the_preview_showed_without_reading_the_file(
    client, world, city_admin, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(city_admin)
    token = client.post(
        "/plans/import/", {"file": SimpleUploadedFile("a.xlsx", ledger()), "bureau": world.city.pk}
    ).context["token"]
    pending = PendingImport.objects.get(token=token)
    (tmp_path / pending.path).write_bytes(b"changed after the preview")
    client.post("/plans/import/confirm/", {"token": token})
    assert sorted(
        Target.objects.filter(task__plan__bureau=world.city, task__plan__title="2026年重点工作台账").values_list(
            "metric", "value"
        )
    ) == [("新增高新技术企业", 5), ("新建平台", 2)]
    assert not PendingImport.objects.filter(token=token).exists()


def test_another_admins_pending_import_cannot_be_adjusted_or_confirmed(
    client, world, city_admin, county_admin, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    pending, _preview = import_preview_start(
        actor=county_admin, bureau=world.county, data=ledger(), filename="a.xlsx", year=None
    )
    client.force_login(city_admin)
    assert client.post("/plans/import/adjust/", {"token": pending.token}).status_code == 404
    before = Plan.objects.count()
    response = client.post("/plans/import/confirm/", {"token": pending.token})
    assert response.status_code == 302 and Plan.objects.count() == before
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_previews_never_confirmed_expire_with_their_files(
    world, county_admin, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    old, _ = import_preview_start(actor=county_admin, bureau=world.county, data=ledger(), filename="a.xlsx", year=None)
    new, _ = import_preview_start(actor=county_admin, bureau=world.county, data=ledger(), filename="b.xlsx", year=None)
    PendingImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_imports", stdout=out)
    assert list(PendingImport.objects.values_list("filename", flat=True)) == ["b.xlsx"]
    assert not (tmp_path / old.path).exists() and (tmp_path / new.path).exists()
    assert "已删除 1 个" in out.getvalue()


def test_an_oversize_request_body_is_refused_before_it_is_read(client, county_admin, settings):
    settings.REQUEST_MAX_BYTES = 1000
    client.force_login(county_admin)
    response = client.post("/plans/import/", {"file": SimpleUploadedFile("a.xlsx", b"x" * 5000)})
    assert response.status_code == 413
    assert "未被接收" in response.content.decode()
