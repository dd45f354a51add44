"""Keyboard and colour: a skip link, a visible focus ring, badges drawn in the colours that
css/status.css defines (whose contrast tests/targets/test_palette.py checks)."""

import pytest

from targets.palette import status_colours
from targets.status import STATUS_ORDER

from .conftest import screenshot
from .test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def rgb(hex_colour: str) -> str:
    return "rgb({}, {}, {})".format(*(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4)))


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_the_content(page, demo_site):
    log_in(page, demo_site, "lc_gaoxin")
    page.wait_for_url("**/my/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] > 0  # shown on screen while focused
    screenshot(page, "a11y-skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_keyboard_focus_is_drawn(page, demo_site):
    log_in(page, demo_site, "lc_gaoxin")
    page.wait_for_url("**/my/")
    for _ in range(6):
        page.keyboard.press("Tab")
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return {style: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }""")
    assert style["style"] == "solid" and style["width"] >= 2
    screenshot(page, "a11y-focus")


def test_badges_use_the_defined_status_colours(page, demo_site):
    log_in(page, demo_site, "lc_leader")
    page.wait_for_url("**/dashboard/")
    colours = status_colours()
    drawn = page.evaluate(
        """(keys) => keys.map(k => { const b = document.createElement('span');
        b.className = 'badge status-' + k; document.body.appendChild(b);
        const s = getComputedStyle(b); return [k, s.color, s.backgroundColor]; })""",
        [s.value for s in STATUS_ORDER],
    )
    for key, colour, background in drawn:
        assert (colour, background) == (rgb(colours[key]["ink"]), rgb(colours[key]["fill"])), key
