from decimal import Decimal

from plans.models import Plan
from targets.models import Target
from tests.plans.plan_texts import COUNTY_PLAN


def test_leader_cannot_import_text_or_review(client, world, county_leader):
    client.force_login(county_leader)
    assert client.get("/plans/import/text/").status_code == 403
    assert client.get(f"/plans/{world.county_plan.pk}/review/").status_code == 403


def test_admin_cannot_review_another_bureaus_plan(client, world, county_admin):
    client.force_login(county_admin)
    assert client.get(f"/plans/{world.city_plan.pk}/review/").status_code == 404


def test_empty_paste_keeps_the_form_with_a_chinese_error(client, world, county_admin):
    client.force_login(county_admin)
    response = client.post("/plans/import/text/", {"text": "  ", "bureau": world.county.pk, "year": "2026"})
    assert "请粘贴计划正文" in response.content.decode()
    assert response.context["form"]["year"].value() == "2026"


def test_pasted_plan_becomes_a_draft_with_sources_to_review(client, world, county_admin):
    client.force_login(county_admin)
    response = client.post("/plans/import/text/", {"text": COUNTY_PLAN, "bureau": world.county.pk})
    plan = Plan.objects.get(title="东昌府区科学技术局2026年度工作计划")
    assert response["Location"] == f"/plans/{plan.pk}/review/"
    assert plan.status == "draft" and plan.bureau == world.county
    page = client.get(response["Location"]).content.decode()
    assert "力争全年新增高新技术企业8家以上" in page and "技术合同成交额达到3.5亿元" in page
    task = plan.tasks.get(section__label="(一)")
    # The text names 科技创新股, which this bureau did not have yet: it is created for it.
    assert task.lead_department.name == "科技创新股" and task.lead_department.bureau == world.county
    assert list(task.co_departments.all()) == [world.county_office]
    assert task.text.startswith("壮大科技企业。力争全年新增高新技术企业8家以上")


def test_review_fixes_and_removes_targets(client, world, county_admin):
    client.force_login(county_admin)
    client.post("/plans/import/text/", {"text": COUNTY_PLAN, "bureau": world.county.pk})
    plan = Plan.objects.get(title="东昌府区科学技术局2026年度工作计划")
    targets = list(Target.objects.filter(task__plan=plan).order_by("task__order", "order"))
    data = {
        "targets-TOTAL_FORMS": len(targets),
        "targets-INITIAL_FORMS": len(targets),
        "tasks-TOTAL_FORMS": 0,
        "tasks-INITIAL_FORMS": 0,
    }
    for index, target in enumerate(targets):
        data.update(
            {
                f"targets-{index}-id": target.pk,
                f"targets-{index}-metric": target.metric,
                f"targets-{index}-comparator": target.comparator,
                f"targets-{index}-value": target.value,
                f"targets-{index}-unit": target.unit,
                f"targets-{index}-kind": target.kind,
            }
        )
    data["targets-0-value"] = "10"
    data["targets-1-DELETE"] = "on"
    response = client.post(f"/plans/{plan.pk}/review/", data)
    assert response.status_code == 302
    assert Target.objects.get(pk=targets[0].pk).value == Decimal(10)
    assert not Target.objects.filter(pk=targets[1].pk).exists()
    assert Target.objects.get(pk=targets[0].pk).history.first().history_user == county_admin


def test_review_refuses_a_quantitative_target_without_value(client, world, county_admin):
    client.force_login(county_admin)
    client.post("/plans/import/text/", {"text": COUNTY_PLAN, "bureau": world.county.pk})
    plan = Plan.objects.get(title="东昌府区科学技术局2026年度工作计划")
    target = Target.objects.filter(task__plan=plan).order_by("task__order", "order").first()
    data = {
        "targets-TOTAL_FORMS": 1,
        "targets-INITIAL_FORMS": 1,
        "tasks-TOTAL_FORMS": 0,
        "tasks-INITIAL_FORMS": 0,
        "targets-0-id": target.pk,
        "targets-0-metric": target.metric,
        "targets-0-comparator": "gte",
        "targets-0-value": "",
        "targets-0-unit": "家",
        "targets-0-kind": "count",
    }
    response = client.post(f"/plans/{plan.pk}/review/", data)
    assert response.status_code == 200
    assert "定量指标必须有目标值" in response.content.decode()
    assert Target.objects.get(pk=target.pk).value == 8


def docx(paragraphs: list[str]) -> bytes:
    from tests.intake.workbooks import zip_with

    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>'
    ).encode()
    return zip_with({"[Content_Types].xml": b"<Types/>", "word/document.xml": xml})


def test_uploaded_docx_becomes_a_draft(client, world, county_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.plans.plan_texts import COUNTY_PLAN

    client.force_login(county_admin)
    upload = SimpleUploadedFile("计划.docx", docx(COUNTY_PLAN.splitlines()))
    response = client.post("/plans/import/text/", {"file": upload, "bureau": world.county.pk})
    plan = Plan.objects.get(title="东昌府区科学技术局2026年度工作计划")
    assert response["Location"] == f"/plans/{plan.pk}/review/" and plan.source == "计划.docx"
    assert Target.objects.filter(task__plan=plan).count() == 4


def test_docx_with_entities_is_refused(client, world, county_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.intake.workbooks import zip_with

    client.force_login(county_admin)
    bomb = zip_with({"word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>'})
    response = client.post(
        "/plans/import/text/", {"file": SimpleUploadedFile("坏.docx", bomb), "bureau": world.county.pk}
    )
    assert "不允许的 XML 结构" in response.content.decode()
    assert not Plan.objects.filter(bureau=world.county, status="draft").exists()


def test_a_long_text_is_parsed_by_the_worker_not_the_request(client, world, county_admin, settings):
    from intake.models import ImportJob

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(county_admin)
    # The plan, then a long appendix of prose: more than a request should parse.
    long_text = COUNTY_PLAN + "\n附件说明\n" + "本附件列明各项工作的背景和依据，供各科室参考。\n" * 1500
    response = client.post("/plans/import/text/", {"text": long_text, "bureau": world.county.pk, "year": "2026"})
    job = ImportJob.objects.get(user=county_admin)
    assert response["Location"] == f"/plans/import/jobs/{job.pk}/"
    assert job.status == ImportJob.Status.DONE, job.message
    plan = job.plans.get()
    assert plan.status == "draft" and plan.bureau == world.county
    assert Target.objects.filter(task__plan=plan, value=Decimal(8)).exists()
