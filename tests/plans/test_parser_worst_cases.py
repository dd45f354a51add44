"""Denial of service through the text parser (issue 11, item 13): every hostile shape of
100 KB parses in linear time and bounded memory. Measured in a fresh interpreter each time,
with generous bounds (the figures themselves: benchmarks/parser_worst_cases.py)."""

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
SIZE = 100_000
SECONDS = 8.0  # the benchmark measures well under 1 s; a shared CI machine may be slow
MEGABYTES = 200

CHILD = r"""
import json, resource, sys, time


def peak_mb():
    # VmHWM starts afresh at exec; ru_maxrss keeps the forking parent's size (a big pytest).
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


sys.path.insert(0, sys.argv[1])
from plans.parsing.document import documents_json, parse_document
text = sys.stdin.read()
parse_document("某市科学技术局2026年度工作计划\n一、新增企业1家。")
started = time.perf_counter()
documents_json(parse_document(text))
print(json.dumps({"seconds": time.perf_counter() - started,
                  "mb": peak_mb()}))
"""

# The shapes the penetration test found, and pieces that combine into others.
ATOMS = [
    "1O",
    "1",
    "1家",
    "达",
    "增1家",
    " ",
    "x",
    "1,",
    "000家",
    "一是新增企业1家,",
    "“1家”",
    "一、新增1家\n",
    "、",
    "(一)",
    "力争",
    "2025年",
    "累计",
    "分别",
    "双双",
    "以上",
    "。",
    "\n",
    "序号\n",
    "1\n",
    "<b>",
    "①",
]


def measure(text: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT)], input=text, capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(ATOMS), min_size=1, max_size=4))
def test_repeated_hostile_pieces_parse_in_bounded_time_and_memory(pieces):
    unit = "".join(pieces)
    text = (unit * (SIZE // len(unit) + 1))[:SIZE]
    result = measure(text)
    assert result["seconds"] < SECONDS and result["mb"] < MEGABYTES, (pieces, result)


def test_the_issue_shapes_parse_in_bounded_time_and_memory():
    shapes = {
        "1O": ("1O" * SIZE)[:SIZE],
        "digits": "1" * SIZE,
        "1家": ("1家" * SIZE)[:SIZE],
        "达…增1家": "达" * (SIZE - 4) + "增1家",
        "title spaces x": "某市科学技术局2026年度工作计划" + " " * SIZE + "x",
        "grouped digits": ("1," * SIZE)[:SIZE] + "000家",
    }
    for name, text in shapes.items():
        result = measure(text)
        assert result["seconds"] < SECONDS and result["mb"] < MEGABYTES, (name, result)
