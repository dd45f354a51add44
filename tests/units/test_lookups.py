import pytest

from targets.models import Target
from units.models import Bureau


@pytest.mark.parametrize("ids", [[], [1], "several"])
def test_any_finds_the_same_rows_as_in(world, ids):
    if ids == "several":
        ids = list(Bureau.objects.values_list("pk", flat=True))[:3] + [987654]
    assert set(Bureau.objects.filter(pk__any=ids)) == set(Bureau.objects.filter(pk__in=ids))
    # and across a foreign key
    assert set(Target.objects.filter(assigned_bureau__any=ids)) == set(Target.objects.filter(assigned_bureau__in=ids))
    assert Target.objects.filter(assigned_bureau__any=[world.county.pk]).exists()
