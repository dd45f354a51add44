"""Status colours: defined once (static/css/status.css), legible (WCAG AA), told apart."""

import re
from pathlib import Path

import pytest

from targets.palette import status_colours
from targets.status import STATUS_ORDER

ROOT = Path(__file__).resolve().parents[2]
AA_SMALL_TEXT = 4.5


def luminance(hex_colour: str) -> float:
    def channel(c):
        c = int(c, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(hex_colour[i : i + 2]) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula_matches_known_values():
    assert contrast("FFFFFF", "000000") == pytest.approx(21)
    assert contrast("FFFFFF", "D4A72C") == pytest.approx(2.2, abs=0.05)  # the old 滞后 badge


@pytest.mark.parametrize("status", [s.value for s in STATUS_ORDER])
def test_badge_text_on_its_fill_meets_aa(status):
    colour = status_colours()[status]
    assert contrast(colour["ink"], colour["fill"]) >= AA_SMALL_TEXT


@pytest.mark.parametrize("status", [s.value for s in STATUS_ORDER])
def test_status_text_on_white_meets_aa(status):
    assert contrast(status_colours()[status]["text"], "FFFFFF") >= AA_SMALL_TEXT


def hue(hex_colour: str) -> float:
    import colorsys

    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return colorsys.rgb_to_hls(r, g, b)[0] * 360


def test_done_and_on_track_are_different_hues():
    colours = status_colours()
    difference = abs(hue(colours["done"]["fill"]) - hue(colours["on_track"]["fill"]))
    assert min(difference, 360 - difference) >= 60  # blue and green, not two greens


def test_every_status_has_its_own_fill():
    fills = [status_colours()[s.value]["fill"] for s in STATUS_ORDER]
    assert len(set(fills)) == len(fills)


def test_no_other_file_spells_a_status_colour():
    """Badges, charts and exports take the colours from status.css; no copy elsewhere."""
    fills = {c["fill"].lower() for c in status_colours().values()}
    sources = [
        *ROOT.glob("static/css/*.css"),
        *ROOT.glob("static/js/*.js"),
        *ROOT.glob("templates/**/*.html"),
        *ROOT.glob("*/templates/**/*.html"),
        *[p for p in ROOT.glob("*/*.py") if "migrations" not in p.parts],
    ]
    for path in sources:
        if path.name == "status.css":
            continue
        text = path.read_text(encoding="utf-8").lower()
        spelled = {f for f in fills if re.search(rf"#?{f}\b", text)}
        assert not spelled, f"{path.relative_to(ROOT)} spells {spelled}"


def test_templates_use_no_cycle_for_status_columns():
    for path in ROOT.glob("templates/**/*.html"):
        assert "{% cycle 'done'" not in path.read_text(encoding="utf-8"), path
