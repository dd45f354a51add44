import pytest

from tests.intake.layouts.world import make_layout_bureau


@pytest.fixture
def layout_bureau(db):
    return make_layout_bureau()
