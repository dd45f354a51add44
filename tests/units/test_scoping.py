import pytest

from access import scoping
from targets.models import Target


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


# --- denials first ------------------------------------------------------------------------


def test_county_officer_cannot_see_city_targets_other_counties_or_other_departments(world, county_officer):
    visible = ids(scoping.targets_visible_to(county_officer))
    assert world.city_target.pk not in visible
    assert world.other_county_target.pk not in visible
    assert world.other_city_target.pk not in visible
    assert world.county_office_target.pk not in visible  # led by another department of the same bureau


def test_county_leader_cannot_see_city_bureau_or_sibling_county(world, county_leader):
    assert ids(scoping.bureaus_visible_to(county_leader)) == {world.county.pk}
    visible = ids(scoping.targets_visible_to(county_leader))
    assert world.city_target.pk not in visible
    assert world.other_county_target.pk not in visible


def test_city_leader_cannot_see_other_city_or_drafts(world, city_leader):
    visible = ids(scoping.targets_visible_to(city_leader))
    assert world.other_city_target.pk not in visible
    assert world.draft_target.pk not in visible
    assert world.draft_plan.pk not in ids(scoping.plans_visible_to(city_leader))


def test_officer_cannot_report_on_drafts_even_in_own_department(world):
    from tests.conftest import make_user

    officer = make_user("gaoxin_officer", world.city, "officer", world.city_gaoxin)
    reportable = ids(scoping.targets_reportable_by(officer))
    assert world.draft_target.pk not in reportable
    assert world.city_target.pk in reportable


def test_inactive_and_roleless_users_see_nothing(world, inactive_leader, no_role_user):
    for user in (inactive_leader, no_role_user):
        assert not scoping.targets_visible_to(user).exists()
        assert not scoping.plans_visible_to(user).exists()
        assert not scoping.bureaus_visible_to(user).exists()
        assert scoping.home_role(user) is None


def test_leader_cannot_manage_plans(world, city_leader):
    assert not scoping.plans_managed_by(city_leader).exists()
    assert not scoping.is_admin(city_leader)


def test_county_admin_manages_only_its_bureau(world, county_admin):
    assert ids(scoping.bureaus_managed_by(county_admin)) == {world.county.pk}
    assert ids(scoping.plans_managed_by(county_admin)) == {world.county_plan.pk}
    assert ids(scoping.departments_managed_by(county_admin)) == {world.county_chuangxin.pk, world.county_office.pk}


# --- what each role may see and change ---------------------------------------------------


def test_officer_reports_on_targets_its_department_leads(world, county_officer):
    reportable = ids(scoping.targets_reportable_by(county_officer))
    assert world.county_target.pk in reportable


def test_officer_reports_on_split_share_assigned_to_its_bureau(world, county_officer):
    reportable = ids(scoping.targets_reportable_by(county_officer))
    assert world.county_share.pk in reportable
    assert world.city_split_parent.pk not in reportable


def test_officer_of_co_department_may_report(world, city_officer):
    # 成果科 co-owns the 高新科 task.
    assert world.city_target.pk in ids(scoping.targets_reportable_by(city_officer))


def test_officer_reportable_list_has_no_duplicates(world, city_officer):
    reportable = scoping.targets_reportable_by(city_officer)
    assert reportable.count() == len(ids(reportable))


def test_city_leader_sees_its_counties(world, city_leader):
    assert ids(scoping.bureaus_visible_to(city_leader)) == {world.city.pk, world.county.pk, world.other_county.pk}
    visible = ids(scoping.targets_visible_to(city_leader))
    assert {world.city_target.pk, world.county_target.pk, world.other_county_target.pk} <= visible


def test_county_leader_sees_the_share_assigned_to_it(world, county_leader):
    visible = ids(scoping.targets_visible_to(county_leader))
    assert visible == {world.county_target.pk, world.county_office_target.pk, world.county_share.pk}


def test_province_leader_sees_every_bureau_in_province(world, province_leader):
    assert ids(scoping.bureaus_visible_to(province_leader)) == {
        world.province.pk,
        world.city.pk,
        world.county.pk,
        world.other_county.pk,
        world.other_city.pk,
    }


def test_city_admin_sees_drafts_of_its_plans(world, city_admin):
    assert world.draft_plan.pk in ids(scoping.plans_managed_by(city_admin))
    assert world.draft_target.pk in ids(scoping.targets_visible_to(city_admin))


def test_regions_visible_follow_division_code_prefix(world, city_leader):
    assert set(scoping.regions_visible_to(city_leader).values_list("code", flat=True)) == {"371500", "371502", "371521"}


def test_scope_is_computed_once_per_user_object(world, city_leader, django_assert_num_queries):
    with django_assert_num_queries(2):  # memberships, then the bureau tree
        scoping.scope_for(city_leader)
    with django_assert_num_queries(0):
        scoping.scope_for(city_leader)


def test_home_role_prefers_leader_then_admin_then_officer(world, county_officer, county_admin, city_leader):
    assert scoping.home_role(county_officer) == "officer"
    assert scoping.home_role(county_admin) == "admin"
    assert scoping.home_role(city_leader) == "leader"


@pytest.mark.parametrize(
    "who", ["county_leader", "city_leader", "province_leader", "city_admin", "leader_and_officer", "superuser"]
)
def test_the_dashboards_scope_equals_the_general_rule(world, request, who):
    """The 驾驶舱 reads scope from the columns it keeps on each target; it must give exactly
    the published targets the general rule gives, for every kind of user."""
    from django.utils import timezone

    from plans.models import Plan
    from targets.selectors import refresh_statuses
    from tests.conftest import make_user
    from units.models import Membership

    if who == "leader_and_officer":
        user = make_user("both", world.county, "leader")
        Membership.objects.create(user=user, bureau=world.other_city, role="officer")
    elif who == "superuser":
        user = make_user("root", is_superuser=True)
    else:
        user = request.getfixturevalue(who)
    # Odd but possible: a county plan's share assigned to a bureau outside the county.
    from tests.conftest import make_target

    make_target(
        world.county_target.task, "外县分担", "3", assigned_bureau=world.other_county, parent=world.county_target
    )
    refresh_statuses(timezone.localdate())
    general = set(
        scoping.targets_visible_to(user).filter(task__plan__status=Plan.Status.PUBLISHED).values_list("pk", flat=True)
    )
    assert general, "the user should see something"
    assert set(scoping.dashboard_targets_visible_to(user).values_list("pk", flat=True)) == general
    # And the reports waiting for this user's review, on both paths.
    from targets.models import ProgressReport

    for target in Target.objects.all():
        ProgressReport.objects.create(target=target, value=1, as_of=target.period_start, reporter=user)
    reviewable = set(scoping.reports_reviewable_by(user).values_list("pk", flat=True))
    assert set(scoping.dashboard_reports_reviewable_by(user).values_list("pk", flat=True)) == reviewable


def test_the_dashboards_scope_equals_the_general_rule_on_the_demo(db):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from demo.builder import load_demo
    from plans.models import Plan
    from targets.selectors import refresh_statuses

    load_demo()
    refresh_statuses(timezone.localdate())
    leaders = get_user_model().objects.filter(memberships__role__in=["leader", "admin"]).distinct()
    assert leaders.count() >= 6
    for user in leaders:
        general = set(
            scoping.targets_visible_to(user)
            .filter(task__plan__status=Plan.Status.PUBLISHED)
            .values_list("pk", flat=True)
        )
        assert set(scoping.dashboard_targets_visible_to(user).values_list("pk", flat=True)) == general, user.username
