"""History rows name the actor a service was given, never a user guessed from the request."""

from datetime import date
from decimal import Decimal

from django.conf import settings

from core.history import acting
from intake.services import plan_import
from plans.drafts import DraftDocument, DraftTask
from targets.models import ProgressReport
from targets.services import progress_report_approve, progress_report_submit
from units.models import Department


def test_no_middleware_guesses_the_user_from_the_request():
    assert "simple_history.middleware.HistoryRequestMiddleware" not in settings.MIDDLEWARE


def test_a_service_records_its_actor_outside_any_request(world, county_officer, county_leader):
    report = progress_report_submit(
        actor=county_officer, target=world.county_target, value=Decimal(3), as_of=date(2026, 1, 31)
    )
    progress_report_approve(actor=county_leader, report=report)
    users = [h.history_user for h in ProgressReport.objects.get(pk=report.pk).history.order_by("history_date")]
    assert users == [county_officer, county_leader]


def test_a_service_records_its_actor_even_inside_another_users_request(world, county_officer, city_admin):
    with acting(city_admin):  # as if the request were city_admin's
        report = progress_report_submit(
            actor=county_officer, target=world.county_target, value=Decimal(3), as_of=date(2026, 1, 31)
        )
    assert report.history.get().history_user == county_officer


def test_a_department_an_import_creates_is_recorded_with_the_importer(world, county_admin):
    document = DraftDocument(
        title="东昌府区科技局2026年计划",
        year=2026,
        tasks=[DraftTask(section=(), text="新增任务", lead_department="新设科")],
    )
    plan_import(actor=county_admin, bureau=world.county, documents=[document])
    created = Department.objects.get(bureau=world.county, name="新设科")
    assert created.history.get().history_user == county_admin


def test_an_admin_change_is_recorded_as_the_admins(client, world, city_admin):
    city_admin.is_staff = city_admin.is_superuser = True  # the Django admin is for superusers
    city_admin.save()
    client.force_login(city_admin)
    department = world.county_office
    response = client.post(
        f"/admin/units/department/{department.pk}/change/", {"bureau": department.bureau_id, "name": "综合办公室"}
    )
    assert response.status_code == 302
    assert department.history.order_by("-history_date").first().history_user == city_admin
