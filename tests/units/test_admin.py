from units.models import Department


def test_county_admin_sees_only_its_departments_in_admin(client, world, county_admin):
    from demo.builder import _admin_group

    county_admin.groups.add(_admin_group())
    client.force_login(county_admin)
    response = client.get("/admin/units/department/")
    assert response.status_code == 200
    names = {str(d) for d in response.context["cl"].queryset}
    assert names == {"东昌府区科学技术局 · 创新股", "东昌府区科学技术局 · 办公室"}


def test_county_admin_cannot_open_another_bureaus_department(client, world, county_admin):
    from demo.builder import _admin_group

    county_admin.groups.add(_admin_group())
    client.force_login(county_admin)
    response = client.get(f"/admin/units/department/{world.city_gaoxin.pk}/change/")
    assert response.status_code == 302  # the admin's "does not exist" redirect
    assert response["Location"] == "/admin/"


def test_county_admin_cannot_add_department_to_another_bureau(client, world, county_admin):
    from demo.builder import _admin_group

    county_admin.groups.add(_admin_group())
    client.force_login(county_admin)
    response = client.post("/admin/units/department/add/", {"bureau": world.city.pk, "name": "伪造科"})
    assert response.status_code == 200  # re-rendered with an error
    assert "选择一个有效的选项" in response.content.decode()
    assert not Department.objects.filter(name="伪造科").exists()


def test_county_admin_cannot_grant_itself_superuser(client, world, county_admin):
    from demo.builder import _admin_group

    county_admin.groups.add(_admin_group())
    client.force_login(county_admin)
    response = client.get(f"/admin/auth/user/{county_admin.pk}/change/")
    assert response.status_code == 200
    assert 'name="is_superuser"' not in response.content.decode()


def test_admin_pages_are_in_chinese(client, world, province_admin):
    province_admin.is_superuser = True
    province_admin.save()
    client.force_login(province_admin)
    content = client.get("/admin/").content.decode()
    assert "工作计划" in content and "地区与单位" in content and "指标与进展" in content
