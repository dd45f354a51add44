"""The admin's sub-views and forms keep to the admin's scope: history pages, revert, every
foreign key of every form (inlines too), users and their memberships."""

from datetime import date

import pytest
from django.contrib import admin
from django.forms import ModelChoiceField
from django.test import RequestFactory

from plans.models import Plan, Section, Task
from targets.models import ProgressReport, Target
from tests.conftest import make_user
from units.models import Bureau, Department, Membership, Region


@pytest.fixture
def admin_client(client, county_admin):
    from demo.builder import _admin_group

    county_admin.groups.add(_admin_group())
    client.force_login(county_admin)
    return client


def state(*objects):
    return [
        tuple(sorted((k, str(v)) for k, v in vars(type(o).objects.get(pk=o.pk)).items() if not k.startswith("_")))
        for o in objects
    ]


# --- history --------------------------------------------------------------------------------


def test_history_of_another_citys_plan_is_not_found(admin_client, world):
    world.other_city_plan.title = "德州市科技局年度计划（改）"
    world.other_city_plan.save()
    response = admin_client.get(f"/admin/plans/plan/{world.other_city_plan.pk}/history/")
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_history_of_a_deleted_object_out_of_scope_is_not_found(admin_client, world):
    target = world.other_city_target
    pk = target.pk
    target.delete()
    assert Target.history.filter(id=pk).exists()
    response = admin_client.get(f"/admin/targets/target/{pk}/history/")
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_history_of_an_own_plan_is_shown_without_a_revert_link(admin_client, world):
    world.county_plan.title = "东昌府区科技局工作要点（修订）"
    world.county_plan.save()
    response = admin_client.get(f"/admin/plans/plan/{world.county_plan.pk}/history/")
    assert response.status_code == 200
    assert "东昌府区科技局工作要点（修订）" in response.content.decode()
    assert f"/history/{world.county_plan.history.first().history_id}/" not in response.content.decode()


@pytest.mark.parametrize("scope", ["own", "other"])
def test_the_revert_form_is_gone(admin_client, world, scope):
    target = world.county_target if scope == "own" else world.other_city_target
    old = target.history.earliest("history_date")
    target.value = 99
    target.save()
    url = f"/admin/targets/target/{target.pk}/history/{old.history_id}/"
    # No view answers: the admin's catch-all sends the path to a change page that does not exist.
    assert admin_client.get(url, follow=True).redirect_chain[-1] == ("/admin/", 302)
    response = admin_client.post(url, {"metric": "改写", "value": "1", "task": target.task_id})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.value == 99 and target.metric != "改写"


def test_a_report_cannot_be_reverted_to_approved(admin_client, world, county_officer, province_leader):
    report = ProgressReport.objects.create(
        target=world.county_target, value=3, as_of=date(2026, 1, 31), reporter=county_officer
    )
    old = report.history.earliest("history_date")
    url = f"/admin/targets/progressreport/{report.pk}/history/{old.history_id}/"
    response = admin_client.post(
        url,
        {
            "target": world.county_target.pk,
            "value": "999",
            "as_of": "2026-01-31",
            "reporter": county_officer.pk,
            "state": "approved",
            "reviewer": province_leader.pk,
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.value, report.reviewer_id) == ("submitted", 3, None)


@pytest.mark.parametrize(
    "model",
    [
        "units/region",
        "units/bureau",
        "units/department",
        "units/membership",
        "targets/evidence",
        "targets/nudge",
        "intake/importjob",
    ],
)
def test_history_of_a_model_without_history_is_a_page(client, world, province_admin, model):
    from django.apps import apps

    from intake.models import ImportJob
    from targets.models import Evidence, Nudge

    report = ProgressReport.objects.create(
        target=world.county_target, value=1, as_of=date(2026, 1, 15), reporter=province_admin
    )
    Evidence.objects.create(report=report, file="evidence/x.pdf", original_name="x.pdf", size=1)
    Nudge.objects.create(target=world.county_target, bureau=world.county, sender=province_admin, message="催办")
    ImportJob.objects.create(bureau=world.county, user=province_admin, path="-", filename="计划.xlsx")
    province_admin.is_superuser = True
    province_admin.save()
    client.force_login(province_admin)
    Model = apps.get_model(*model.split("/"))
    response = client.get(f"/admin/{model}/{Model.objects.first().pk}/history/")
    assert response.status_code == 200


# --- foreign keys in every admin form -----------------------------------------------------


@pytest.fixture
def beyond(world):
    """One row of each model the admin's forms point to, in another city."""
    other = world.other_city
    task = world.other_city_target.task
    user = make_user("dz_admin", other, "admin", is_staff=True)
    section = Section.objects.create(plan=world.other_city_plan, label="一", title="德州章节")
    report = ProgressReport.objects.create(
        target=world.other_city_target, value=1, as_of=date(2026, 1, 15), reporter=user
    )
    return {
        Region: [other.region.pk],
        Bureau: [other.pk, world.province.pk],
        Department: list(other.departments.values_list("pk", flat=True)),
        Plan: [world.other_city_plan.pk],
        Section: [section.pk],
        Task: [task.pk],
        Target: [world.other_city_target.pk, world.city_split_parent.pk],
        ProgressReport: [report.pk],
        Membership: [user.memberships.get().pk],
        type(user): [user.pk],
    }


def admin_forms(request):
    """Every form class the admin builds for the user: each model admin's add form and each
    of its inline formsets' forms."""
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_or_change_permission(request) and not model_admin.has_add_permission(request):
            continue
        yield f"{model.__name__}", model_admin.get_form(request, None)
        for formset, inline in model_admin.get_formsets_with_inlines(request):
            yield f"{model.__name__}/{inline.model.__name__}", formset.form


def test_every_foreign_key_of_every_admin_form_offers_only_rows_in_scope(world, county_admin, beyond):
    from demo.builder import _admin_group

    county_admin.groups.add(_admin_group())
    request = RequestFactory().get("/admin/")
    request.user = county_admin
    checked = []
    for name, form_class in admin_forms(request):
        for field_name, field in form_class.base_fields.items():
            if not isinstance(field, ModelChoiceField):
                continue
            model = field.queryset.model
            outside = beyond.get(model)
            assert outside is not None, f"{name}.{field_name} points to {model.__name__}: add a row out of scope"
            assert not field.queryset.filter(pk__in=outside).exists(), f"{name}.{field_name} offers rows out of scope"
            checked.append(f"{name}.{field_name}")
    assert {
        "Target.task",
        "Target.parent",
        "Target.assigned_bureau",
        "Task.section",
        "Task.co_departments",
        "Membership.user",
        "User/Membership.bureau",
        "Plan/Section.parent",
        "Section.plan",
    } <= set(checked)


def test_a_target_cannot_be_added_to_another_citys_task(admin_client, world):
    before = Target.objects.count()
    response = admin_client.post(
        "/admin/targets/target/add/",
        {
            "task": world.other_city_target.task_id,
            "metric": "伪造",
            "value": "1",
            "comparator": "gte",
            "kind": "count",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "order": "0",
        },
    )
    assert response.status_code == 200 and "task" in response.context["adminform"].form.errors
    assert Target.objects.count() == before


def test_a_share_cannot_be_made_of_another_citys_target(admin_client, world):
    parent = world.city_split_parent
    before = (Target.objects.count(), parent.value)
    response = admin_client.post(
        "/admin/targets/target/add/",
        {
            "task": world.county_target.task_id,
            "parent": parent.pk,
            "assigned_bureau": world.city.pk,
            "metric": parent.metric,
            "value": "100",
            "unit": "亿元",
            "comparator": "gte",
            "kind": "amount",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "order": "0",
        },
    )
    form = response.context["adminform"].form
    assert {"parent", "assigned_bureau"} <= set(form.errors)
    assert (Target.objects.count(), Target.objects.get(pk=parent.pk).value) == before


def test_a_share_belongs_to_its_parents_task(world):
    from django.core.exceptions import ValidationError

    share = Target(
        task=world.county_target.task,
        parent=world.city_split_parent,
        assigned_bureau=world.county,
        metric="x",
        value=1,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    with pytest.raises(ValidationError) as error:
        share.full_clean()
    assert "parent" in error.value.message_dict


def test_a_share_goes_only_to_a_bureau_under_the_plans_bureau(world):
    from django.core.exceptions import ValidationError

    parent = world.city_split_parent
    share = Target(
        task=parent.task,
        parent=parent,
        assigned_bureau=world.other_city,
        metric="x",
        value=1,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    with pytest.raises(ValidationError) as error:
        share.full_clean()
    assert "assigned_bureau" in error.value.message_dict
    share.assigned_bureau = world.county
    share.full_clean()


# --- users ------------------------------------------------------------------------------


@pytest.fixture
def city_leader_with_county_post(world, city_leader):
    Membership.objects.create(user=city_leader, bureau=world.county, role="officer", department=world.county_chuangxin)
    return city_leader


def test_a_county_admin_cannot_open_a_city_leader_with_a_county_post(admin_client, city_leader_with_county_post):
    response = admin_client.get(f"/admin/auth/user/{city_leader_with_county_post.pk}/change/")
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_a_county_admin_cannot_reset_a_city_leaders_password(admin_client, city_leader_with_county_post):
    user = city_leader_with_county_post
    url = f"/admin/auth/user/{user.pk}/password/"
    assert admin_client.get(url).status_code == 404
    response = admin_client.post(
        url, {"password1": "Another-Passw0rd!", "password2": "Another-Passw0rd!", "usable_password": "true"}
    )
    assert response.status_code == 404
    user.refresh_from_db()
    assert user.check_password("Test-Passw0rd!")


def test_a_county_admin_cannot_delete_a_city_membership_through_the_inline(
    admin_client, world, city_leader_with_county_post
):
    user = city_leader_with_county_post
    city_post = user.memberships.get(bureau=world.city)
    response = admin_client.post(
        f"/admin/auth/user/{user.pk}/change/",
        {
            "username": user.username,
            "first_name": "",
            "last_name": "",
            "email": "",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-id": city_post.pk,
            "memberships-0-user": user.pk,
            "memberships-0-bureau": world.city.pk,
            "memberships-0-role": "leader",
            "memberships-0-DELETE": "on",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert Membership.objects.filter(pk=city_post.pk).exists()


def test_the_membership_list_hides_posts_of_users_managed_elsewhere(
    admin_client, world, county_officer, city_leader_with_county_post
):
    listed = admin_client.get("/admin/units/membership/").context["cl"].queryset
    assert {m.user.username for m in listed} == {"county_admin", "county_officer"}


def test_a_county_admin_manages_its_own_officer(admin_client, world, county_officer):
    response = admin_client.get(f"/admin/auth/user/{county_officer.pk}/change/")
    assert response.status_code == 200
    assert "东昌府区科学技术局" in response.content.decode()


def test_a_user_added_by_a_bureau_admin_needs_a_membership_in_its_scope(admin_client, world):
    from django.contrib.auth import get_user_model

    data = {
        "username": "new_officer",
        "password1": "Another-Passw0rd!",
        "password2": "Another-Passw0rd!",
        "usable_password": "true",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "1",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post("/admin/auth/user/add/", data)
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="new_officer").exists()
    data.update(
        {"memberships-TOTAL_FORMS": "1", "memberships-0-bureau": world.city.pk, "memberships-0-role": "officer"}
    )
    assert admin_client.post("/admin/auth/user/add/", data).status_code == 200
    assert not get_user_model().objects.filter(username="new_officer").exists()
    data["memberships-0-bureau"] = world.county.pk
    response = admin_client.post("/admin/auth/user/add/", data)
    assert response.status_code == 302
    assert get_user_model().objects.get(username="new_officer").memberships.get().bureau == world.county
