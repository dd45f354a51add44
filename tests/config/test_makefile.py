"""The Quick start's commands install what each needs and no more."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make 不可用")


def planned_installs(*targets: str) -> list[str]:
    # -n prints the recipes without running them, -B as if nothing were installed yet.
    out = subprocess.run(["make", "-n", "-B", *targets], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if "pip install" in line and "--upgrade pip" not in line]


def test_make_run_installs_runtime_dependencies_only():
    assert planned_installs("run") == [".venv/bin/pip install --quiet -e ."]


def test_make_test_installs_the_test_extra_but_not_the_bench_extra():
    installs = planned_installs("test")
    assert any("[test]" in line for line in installs)
    assert not any("bench" in line for line in installs)


def test_make_run_serves_on_the_host_and_port_given():
    out = subprocess.run(
        ["make", "-n", "serve", "HOST=0.0.0.0", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "runserver 0.0.0.0:8123" in out
