from django.urls import reverse


def test_leader_cannot_open_plan_history(client, world, city_leader):
    client.force_login(city_leader)
    assert client.get(reverse("plans:history", args=[world.city_plan.pk])).status_code == 403


def test_admin_of_another_bureau_gets_404(client, world, county_admin):
    client.force_login(county_admin)
    assert client.get(reverse("plans:history", args=[world.city_plan.pk])).status_code == 404


def test_history_shows_who_changed_what(client, world, city_admin):
    client.force_login(city_admin)
    from demo.builder import _admin_group

    # A change through the admin records the acting user.
    target = world.city_target

    city_admin.groups.add(_admin_group())
    response = client.post(
        f"/admin/targets/target/{target.pk}/change/",
        {
            "task": target.task_id,
            "metric": "新增高新技术企业",
            "value": "65",
            "unit": "家",
            "comparator": "gte",
            "kind": "count",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "order": "0",
            "source_text": "",
        },
    )
    assert response.status_code == 302
    content = client.get(reverse("plans:history", args=[world.city_plan.pk])).content.decode()
    assert "修改" in content and "目标值" in content and "60.0000" in content and "65.0000" in content
    assert "city_admin" in content
