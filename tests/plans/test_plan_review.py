"""The review page of a draft plan: the plan's own fields, corrections, targets the parser
missed, and one 保存并发布 that publishes exactly what was edited."""

from decimal import Decimal

from targets.models import Target


def review_data(plan, **changes):
    """A post of the review page as the browser sends it, with `changes` applied."""
    targets = list(Target.objects.filter(task__plan=plan, parent__isnull=True).order_by("task__order", "order"))
    data = {
        "targets-TOTAL_FORMS": len(targets),
        "targets-INITIAL_FORMS": len(targets),
        "tasks-TOTAL_FORMS": 0,
        "tasks-INITIAL_FORMS": 0,
        "plan-title": plan.title,
        "plan-year": plan.year,
        "plan-kind": plan.kind,
        "plan-reporting_cycle": plan.reporting_cycle,
        "new-task": "",
        "new-metric": "",
        "new-comparator": "gte",
        "new-value": "",
        "new-unit": "",
        "new-kind": "count",
        "new-source": "",
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
    data.update(changes)
    return data


def test_title_year_kind_and_cycle_are_editable(client, world, city_admin):
    client.force_login(city_admin)
    plan = world.draft_plan
    response = client.post(
        f"/plans/{plan.pk}/review/",
        review_data(
            plan,
            **{
                "plan-title": "聊城市科学技术局2027年度工作要点",
                "plan-year": "2027",
                "plan-kind": "key_points",
                "plan-reporting_cycle": "quarterly",
            },
        ),
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.year, plan.kind, plan.reporting_cycle) == (
        "聊城市科学技术局2027年度工作要点",
        2027,
        "key_points",
        "quarterly",
    )
    assert plan.history.first().history_user == city_admin


def test_a_title_another_plan_of_the_year_has_is_refused_with_nothing_changed(client, world, city_admin):
    client.force_login(city_admin)
    plan = world.draft_plan
    data = review_data(
        plan, **{"plan-title": world.city_plan.title, "plan-year": world.city_plan.year, "targets-0-value": "99"}
    )
    response = client.post(f"/plans/{plan.pk}/review/", data)
    assert response.status_code == 200
    assert "该单位当年已有同名计划" in response.content.decode()
    assert response.context["plan_form"]["title"].value() == world.city_plan.title  # input kept
    assert Target.objects.get(pk=world.draft_target.pk).value == Decimal(1)


def test_a_missed_target_is_added_to_the_chosen_task(client, world, city_admin):
    client.force_login(city_admin)
    plan = world.draft_plan
    task = plan.tasks.get()
    response = client.post(
        f"/plans/{plan.pk}/review/",
        review_data(
            plan,
            **{
                "new-task": task.pk,
                "new-metric": "新增科技型中小企业",
                "new-comparator": "gte",
                "new-value": "12",
                "new-unit": "家",
                "new-kind": "count",
                "new-source": "新增科技型中小企业12家以上",
            },
        ),
    )
    assert response.status_code == 302
    added = Target.objects.get(task=task, metric="新增科技型中小企业")
    assert (added.value, added.unit, added.comparator, added.source_text) == (
        Decimal(12),
        "家",
        "gte",
        "新增科技型中小企业12家以上",
    )
    assert (added.period_start.year, added.period_end.year) == (plan.year, plan.year)


def test_a_missed_target_without_a_task_gets_a_task_of_its_own(client, world, city_admin):
    client.force_login(city_admin)
    plan = world.draft_plan
    client.post(
        f"/plans/{plan.pk}/review/",
        review_data(
            plan,
            **{
                "new-metric": "技术合同成交额",
                "new-value": "3.5",
                "new-unit": "亿元",
                "new-kind": "amount",
                "new-comparator": "eq",
            },
        ),
    )
    added = Target.objects.get(task__plan=plan, metric="技术合同成交额")
    assert added.task.text == "补充指标：技术合同成交额" and added.value == Decimal("3.5")


def test_a_missed_target_needs_a_value_and_the_page_keeps_what_was_typed(client, world, city_admin):
    client.force_login(city_admin)
    plan = world.draft_plan
    response = client.post(f"/plans/{plan.pk}/review/", review_data(plan, **{"new-metric": "新增孵化器"}))
    assert response.status_code == 200
    assert "定量指标必须有目标值" in response.content.decode()
    assert response.context["new_form"]["metric"].value() == "新增孵化器"
    assert not Target.objects.filter(metric="新增孵化器").exists()


def test_a_task_of_another_plan_cannot_receive_a_missed_target(client, world, city_admin):
    client.force_login(city_admin)
    plan = world.draft_plan
    foreign = world.city_target.task
    response = client.post(
        f"/plans/{plan.pk}/review/",
        review_data(plan, **{"new-task": foreign.pk, "new-metric": "外来指标", "new-value": "1"}),
    )
    assert response.status_code == 200
    assert not Target.objects.filter(metric="外来指标").exists()


def test_save_and_publish_keeps_the_edits_made_below_the_button(client, world, city_admin):
    client.force_login(city_admin)
    plan = world.draft_plan
    response = client.post(
        f"/plans/{plan.pk}/review/",
        review_data(plan, action="publish", **{"targets-0-value": "7", "plan-reporting_cycle": "half_yearly"}),
    )
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
    plan.refresh_from_db()
    assert plan.status == "published" and plan.reporting_cycle == "half_yearly"
    assert Target.objects.get(pk=world.draft_target.pk).value == Decimal(7)


def test_save_alone_does_not_publish(client, world, city_admin):
    client.force_login(city_admin)
    plan = world.draft_plan
    client.post(f"/plans/{plan.pk}/review/", review_data(plan, action="save", **{"targets-0-value": "5"}))
    plan.refresh_from_db()
    assert plan.status == "draft" and Target.objects.get(pk=world.draft_target.pk).value == Decimal(5)


def test_an_invalid_edit_publishes_nothing(client, world, city_admin):
    client.force_login(city_admin)
    plan = world.draft_plan
    response = client.post(f"/plans/{plan.pk}/review/", review_data(plan, action="publish", **{"targets-0-value": ""}))
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_the_page_has_one_publish_action_that_submits_the_edit_form(client, world, city_admin):
    client.force_login(city_admin)
    page = client.get(f"/plans/{world.draft_plan.pk}/review/").content.decode()
    assert f'action="/plans/{world.draft_plan.pk}/publish/"' not in page
    assert page.count('form="review-form" name="action" value="publish"') == 1
    assert "有未保存的修改" in page


def test_a_target_id_of_another_plan_is_refused_without_a_crash(client, world, city_admin):
    client.force_login(city_admin)
    plan = world.draft_plan
    response = client.post(
        f"/plans/{plan.pk}/review/",
        review_data(plan, **{"targets-0-id": world.city_target.pk, "targets-0-value": "999"}),
    )
    assert response.status_code == 200
    assert Target.objects.get(pk=world.city_target.pk).value == Decimal(60)


def test_extra_target_forms_cannot_create_targets(client, world, city_admin):
    client.force_login(city_admin)
    plan = world.draft_plan
    data = review_data(
        plan,
        **{
            "targets-TOTAL_FORMS": 2,
            "targets-1-metric": "偷加的指标",
            "targets-1-value": "1",
            "targets-1-comparator": "eq",
            "targets-1-unit": "家",
            "targets-1-kind": "count",
        },
    )
    client.post(f"/plans/{plan.pk}/review/", data)
    assert not Target.objects.filter(metric="偷加的指标").exists()
