import pytest
from django.core.exceptions import ValidationError

from access import scoping
from plans.models import Plan, Task
from plans.services import plan_publish
from tests.conftest import make_target, make_task


@pytest.fixture
def orphan(world):
    """A draft task with a target and no lead department."""
    task = make_task(world.draft_plan, "全局性工作")
    make_target(task, "开展专项检查", "4", "次")
    return task


def test_publishing_a_plan_with_a_task_without_lead_department_is_refused(world, city_admin, orphan):
    with pytest.raises(ValidationError) as refused:
        plan_publish(actor=city_admin, plan=world.draft_plan)
    assert "1项任务没有牵头部门" in refused.value.messages[0] and "全局性工作" in refused.value.messages[0]
    assert Plan.objects.get(pk=world.draft_plan.pk).status == Plan.Status.DRAFT


def test_a_bureau_wide_task_can_be_published_and_every_officer_of_the_bureau_sees_it(
    world, city_admin, city_officer, orphan
):
    Task.objects.filter(pk=orphan.pk).update(bureau_wide=True)
    plan_publish(actor=city_admin, plan=world.draft_plan)
    # city_officer belongs to 成果科, which neither leads nor co-owns the task
    assert scoping.targets_reportable_by(city_officer).filter(task=orphan).exists()


def test_publish_message_says_who_will_see_what(client, world, city_admin, orphan):
    Task.objects.filter(pk=orphan.pk).update(bureau_wide=True)
    client.force_login(city_admin)
    response = client.post(f"/plans/{world.draft_plan.pk}/publish/", follow=True)
    text = " ".join(str(m) for m in response.context["messages"])
    assert "高新科1个" in text  # the draft's own target, led by 高新科
    assert "全局共同负责的1个指标，本局所有填报员都能看到并填报" in text
    assert "相关科室" not in text


def test_publish_refusal_is_shown_to_the_admin(client, world, city_admin, orphan):
    client.force_login(city_admin)
    response = client.post(f"/plans/{world.draft_plan.pk}/publish/", follow=True)
    assert response.status_code == 200
    assert "没有牵头部门" in " ".join(str(m) for m in response.context["messages"])
    assert Plan.objects.get(pk=world.draft_plan.pk).status == Plan.Status.DRAFT
