"""A user's sessions end when it is deactivated, or when its password or memberships change,
wherever the change is made."""

import pytest
from django.test import Client

from access.services import user_set_active
from units.models import Membership


@pytest.fixture
def admin_client(client, county_admin):
    from demo.builder import _admin_group

    county_admin.groups.add(_admin_group())
    client.force_login(county_admin)
    return client


def logged_in(user) -> Client:
    officer = Client()
    officer.force_login(user)
    assert officer.get("/my/").status_code == 200
    return officer


def is_logged_out(client) -> bool:
    response = client.get("/my/")
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def user_form(user, **changes):
    membership = user.memberships.get()
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "1",
        "memberships-MIN_NUM_FORMS": "1",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-id": membership.pk,
        "memberships-0-user": user.pk,
        "memberships-0-bureau": membership.bureau_id,
        "memberships-0-department": membership.department_id or "",
        "memberships-0-role": membership.role,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_deactivated_users_session_stays_ended_after_reactivation(world, county_officer, county_admin):
    officer = logged_in(county_officer)
    user_set_active(actor=county_admin, user=county_officer, active=False)
    user_set_active(actor=county_admin, user=county_officer, active=True)
    assert is_logged_out(officer)


def test_deactivating_in_the_admin_ends_the_users_sessions(admin_client, world, county_officer):
    officer = logged_in(county_officer)
    response = admin_client.post(
        f"/admin/auth/user/{county_officer.pk}/change/", user_form(county_officer, is_active=None)
    )
    assert response.status_code == 302
    county_officer.refresh_from_db()
    assert not county_officer.is_active
    county_officer.is_active = True
    county_officer.save()
    assert is_logged_out(officer)


def test_changing_a_membership_in_the_user_page_ends_the_users_sessions(admin_client, world, county_officer):
    officer = logged_in(county_officer)
    response = admin_client.post(
        f"/admin/auth/user/{county_officer.pk}/change/",
        user_form(county_officer, **{"memberships-0-department": world.county_office.pk}),
    )
    assert response.status_code == 302
    assert county_officer.memberships.get().department == world.county_office
    assert is_logged_out(officer)


def test_saving_a_user_unchanged_keeps_its_sessions(admin_client, world, county_officer):
    officer = logged_in(county_officer)
    assert (
        admin_client.post(f"/admin/auth/user/{county_officer.pk}/change/", user_form(county_officer)).status_code == 302
    )
    assert not is_logged_out(officer)


def test_changing_a_membership_in_the_membership_admin_ends_the_users_sessions(admin_client, world, county_officer):
    officer = logged_in(county_officer)
    membership = county_officer.memberships.get()
    response = admin_client.post(
        f"/admin/units/membership/{membership.pk}/change/",
        {
            "user": county_officer.pk,
            "bureau": world.county.pk,
            "department": world.county_office.pk,
            "role": "officer",
        },
    )
    assert response.status_code == 302
    assert is_logged_out(officer)


def test_deleting_a_membership_ends_the_users_sessions(admin_client, world, county_officer):
    officer = logged_in(county_officer)
    membership = county_officer.memberships.get()
    response = admin_client.post(f"/admin/units/membership/{membership.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert is_logged_out(officer)


def test_a_password_set_in_the_admin_ends_the_users_sessions(admin_client, world, county_officer):
    from django.contrib.sessions.models import Session

    from access.models import UserSession

    officer = logged_in(county_officer)
    key = officer.session.session_key
    response = admin_client.post(
        f"/admin/auth/user/{county_officer.pk}/password/",
        {
            "password1": "Another-Passw0rd!",
            "password2": "Another-Passw0rd!",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert not UserSession.objects.filter(session_key=key).exists()
    assert is_logged_out(officer)


def test_changing_ones_own_password_keeps_ones_own_session(admin_client, county_admin):
    response = admin_client.post(
        f"/admin/auth/user/{county_admin.pk}/password/",
        {
            "password1": "Another-Passw0rd!",
            "password2": "Another-Passw0rd!",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert admin_client.get("/admin/").status_code == 200


def test_records_of_ended_sessions_are_forgotten_at_the_next_log_in(world, county_officer):
    from access.models import UserSession

    first = logged_in(county_officer)
    first.logout()
    logged_in(county_officer)
    assert UserSession.objects.filter(user=county_officer).count() == 1
