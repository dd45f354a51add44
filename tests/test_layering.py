"""The house's floors: every import points down.

    core ← units ← access ← plans ← targets ← cockpit, intake, notices ← demo ← config

A module may import its own app and any app on a lower floor; never one on a higher floor, and
never a sibling on its own floor (cockpit, intake and notices know nothing of each other). Imports
inside functions count too: they are how a circle hides. Migrations are left out (Django writes
their dependencies)."""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FLOORS = {
    "core": 0,
    "units": 1,
    "access": 2,
    "plans": 3,
    "targets": 4,
    "cockpit": 5,
    "intake": 5,
    "notices": 5,
    "disclosure": 5,
    "demo": 6,
    "config": 7,
}


def _modules():
    for app in FLOORS:
        folder = ROOT / app
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield app, path


def _imported_apps(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in FLOORS:
                yield top, node.lineno


def _violations():
    found = []
    for app, path in _modules():
        for other, line in _imported_apps(path):
            if other == app:
                continue
            if FLOORS[other] >= FLOORS[app]:
                found.append(
                    f"{path.relative_to(ROOT)}:{line} imports {other} ({app} is on floor "
                    f"{FLOORS[app]}, {other} on {FLOORS[other]})"
                )
    return found


def test_every_import_points_down():
    assert _violations() == []


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    # The walk must be able to fail: a units module importing targets is reported.
    fake = tmp_path / "units"
    fake.mkdir()
    (fake / "bad.py").write_text("def f():\n    from targets.models import Target\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert _violations() == ["units/bad.py:2 imports targets (units is on floor 1, targets on 4)"]


@pytest.mark.parametrize("app", sorted(a for a in FLOORS if (ROOT / a).is_dir()))
def test_each_app_folder_is_walked(app):
    assert any(True for a, _ in _modules() if a == app)
