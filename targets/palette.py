"""The status colours, read from the one place that defines them (static/css/status.css), for
what is not styled by CSS: workbook exports, and the contrast test."""

import re
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders

from .status import STATUS_ORDER

PROPERTY = re.compile(r"--status-(?P<key>[a-z_]+?)(?:-(?P<part>ink|text))?\s*:\s*#(?P<hex>[0-9a-fA-F]{6})\s*;")


@cache
def status_colours() -> dict[str, dict[str, str]]:
    """{status: {"fill": …, "ink": …, "text": …}}, each as six upper-case hex digits (as openpyxl
    takes them), e.g. "FFFFFF"."""
    path = finders.find("css/status.css")
    colours: dict[str, dict[str, str]] = {}
    for match in PROPERTY.finditer(Path(path).read_text(encoding="utf-8")):
        colours.setdefault(match["key"], {})[match["part"] or "fill"] = match["hex"].upper()
    missing = [s.value for s in STATUS_ORDER if set(colours.get(s.value, {})) != {"fill", "ink", "text"}]
    if missing:
        raise ValueError(f"css/status.css lacks a fill, ink or text colour for {missing}")
    return colours
