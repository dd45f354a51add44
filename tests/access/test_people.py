"""用户管理: admins manage the people of their scope in the product's own pages."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from access import services
from access.models import PersonChange, Profile
from tests.conftest import PASSWORD, make_user
from units.models import Membership

User = get_user_model()
GOOD_PASSWORD = "Lc-kejiju-2026"


def add_form(world, **overrides):
    data = {
        "name": "王小红",
        "username": "wangxh",
        "phone": "13800000001",
        "bureau": world.county.pk,
        "department": world.county_chuangxin.pk,
        "role": "officer",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }
    return {**data, **overrides}


# --- denials first ----------------------------------------------------------------------


def test_county_admin_cannot_add_a_user_to_another_county(county_admin, world):
    with pytest.raises(PermissionDenied):
        services.person_create(
            actor=county_admin,
            username="x",
            name="某人",
            bureau=world.other_county,
            department=None,
            role="officer",
            password=GOOD_PASSWORD,
        )
    assert not User.objects.filter(username="x").exists()


def test_county_admin_cannot_edit_a_user_of_the_city(county_admin, city_officer, world):
    with pytest.raises(PermissionDenied):
        services.person_update(
            actor=county_admin,
            person=city_officer,
            username="city_officer",
            name="改名",
            bureau=world.county,
            department=None,
            role="officer",
        )
    city_officer.refresh_from_db()
    assert city_officer.first_name == ""


def test_out_of_scope_user_page_is_404(client, county_admin, city_officer):
    client.force_login(county_admin)
    assert client.get(f"/people/{city_officer.pk}/").status_code == 404
    assert client.post(f"/people/{city_officer.pk}/deactivate/").status_code == 404
    city_officer.refresh_from_db()
    assert city_officer.is_active


def test_leader_cannot_open_user_management(client, city_leader):
    client.force_login(city_leader)
    assert client.get("/people/").status_code == 403


def test_admin_cannot_deactivate_itself(county_admin):
    with pytest.raises(ValidationError, match="不能停用自己"):
        services.person_deactivate(actor=county_admin, person=county_admin)
    county_admin.refresh_from_db()
    assert county_admin.is_active


def test_admin_cannot_change_its_own_role(county_admin, world):
    with pytest.raises(ValidationError, match="不能修改自己的单位或角色"):
        services.person_update(
            actor=county_admin,
            person=county_admin,
            username="county_admin",
            name="管理员",
            bureau=world.county,
            department=None,
            role="officer",
        )
    assert Membership.objects.get(user=county_admin).role == "admin"


def test_department_of_another_bureau_is_refused(client, city_admin, world):
    client.force_login(city_admin)
    response = client.post("/people/add/", add_form(world, department=world.city_gaoxin.pk))
    assert response.status_code == 200
    assert "不属于东昌府区科学技术局" in response.content.decode()
    assert not User.objects.filter(username="wangxh").exists()


def test_bad_phone_and_weak_password_are_explained_and_input_kept(client, county_admin, world):
    client.force_login(county_admin)
    response = client.post("/people/add/", add_form(world, phone="1380000", password1="12345678", password2="12345678"))
    text = response.content.decode()
    assert "手机号应为以 1 开头的 11 位数字" in text
    assert "密码" in text and 'value="王小红"' in text
    assert not User.objects.filter(username="wangxh").exists()


def test_taken_username_is_refused(client, county_admin, county_officer, world):
    client.force_login(county_admin)
    response = client.post("/people/add/", add_form(world, username="county_officer"))
    assert response.status_code == 200
    assert "已存在" in response.content.decode()


# --- what admins can do -----------------------------------------------------------------


def test_admin_adds_an_officer_with_name_phone_department_and_role(client, county_admin, world):
    client.force_login(county_admin)
    response = client.post("/people/add/", add_form(world))
    assert response.status_code == 302
    person = User.objects.get(username="wangxh")
    assert person.first_name == "王小红" and person.last_name == ""
    assert person.check_password(GOOD_PASSWORD)
    assert not person.is_staff and not person.is_superuser
    assert Profile.objects.get(user=person).phone == "13800000001"
    membership = Membership.objects.get(user=person)
    assert (membership.bureau, membership.department, membership.role) == (
        world.county,
        world.county_chuangxin,
        "officer",
    )
    change = PersonChange.objects.get(person=person)
    assert change.action == "created" and change.actor == county_admin


def test_city_admin_lists_people_of_city_and_counties_only(client, city_admin, county_officer, world):
    make_user("dz_someone", world.other_city, "officer")
    client.force_login(city_admin)
    text = client.get("/people/").content.decode()
    assert "county_officer" in text and "city_admin" in text
    assert "dz_someone" not in text and "德州" not in text


def test_list_searches_by_phone(client, county_admin, county_officer, world):
    Profile.objects.create(user=county_officer, phone="13912345678")
    client.force_login(county_admin)
    text = client.get("/people/?q=1391234").content.decode()
    assert "county_officer" in text and "county_admin</td>" not in text


def test_admin_edits_name_phone_and_role(client, county_admin, county_officer, world):
    client.force_login(county_admin)
    response = client.post(
        f"/people/{county_officer.pk}/",
        {
            "name": "李四",
            "username": "county_officer",
            "phone": "13700000000",
            "bureau": world.county.pk,
            "department": world.county_office.pk,
            "role": "leader",
        },
    )
    assert response.status_code == 302
    county_officer.refresh_from_db()
    assert county_officer.first_name == "李四"
    assert county_officer.profile.phone == "13700000000"
    membership = Membership.objects.get(user=county_officer)
    assert (membership.department, membership.role) == (world.county_office, "leader")
    detail = PersonChange.objects.get(person=county_officer, action="updated").detail
    assert detail["name"] == ["", "李四"] and detail["role"] == ["officer", "leader"]


def test_admin_resets_a_password_and_the_old_one_stops_working(client, county_admin, county_officer):
    client.force_login(county_admin)
    response = client.post(
        f"/people/{county_officer.pk}/password/", {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}
    )
    assert response.status_code == 302
    county_officer.refresh_from_db()
    assert county_officer.check_password(GOOD_PASSWORD) and not county_officer.check_password(PASSWORD)
    assert PersonChange.objects.filter(person=county_officer, action="password").exists()


def test_mismatched_passwords_are_refused(client, county_admin, county_officer):
    client.force_login(county_admin)
    response = client.post(
        f"/people/{county_officer.pk}/password/", {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD + "x"}
    )
    assert "两次输入的密码不一致" in response.content.decode()
    county_officer.refresh_from_db()
    assert county_officer.check_password(PASSWORD)


def test_deactivated_user_is_logged_out_and_reactivated_can_log_in(client, county_admin, county_officer):
    officer_client = type(client)()
    officer_client.force_login(county_officer)
    assert officer_client.get("/my/").status_code == 200

    client.force_login(county_admin)
    assert client.post(f"/people/{county_officer.pk}/deactivate/").status_code == 302
    county_officer.refresh_from_db()
    assert not county_officer.is_active
    assert officer_client.get("/my/").status_code == 302  # back to the log-in page

    assert client.post(f"/people/{county_officer.pk}/activate/").status_code == 302
    county_officer.refresh_from_db()
    assert county_officer.is_active
    actions = list(PersonChange.objects.filter(person=county_officer).values_list("action", flat=True))
    assert actions == ["activated", "deactivated"]


def test_admin_nav_links_to_user_management(client, county_admin):
    client.force_login(county_admin)
    assert 'href="/people/"' in client.get("/plans/").content.decode()
