import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from plans.models import Section
from units.models import Membership, Region


def test_membership_one_per_user_and_bureau(world, county_officer):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=county_officer, bureau=world.county, role="leader")


def test_section_label_unique_within_parent_and_top_level(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Section.objects.create(plan=world.city_plan, label="一", title="重复")
    top = Section.objects.get(plan=world.city_plan, label="一")
    Section.objects.create(plan=world.city_plan, parent=top, label="(一)", title="子")
    with pytest.raises(IntegrityError), transaction.atomic():
        Section.objects.create(plan=world.city_plan, parent=top, label="(一)", title="子重复")


def test_membership_department_must_belong_to_bureau(world, county_officer):
    membership = Membership(user=county_officer, bureau=world.city, department=world.county_office, role="officer")
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "科室不属于所选单位" in str(error.value)


def test_region_code_must_sit_under_its_parent(world):
    city = Region.objects.get(code="371500")
    county = Region(code="371402", name="德城区", level="county", parent=city)
    with pytest.raises(ValidationError) as error:
        county.full_clean()
    assert "不在上级" in str(error.value)
