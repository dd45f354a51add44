"""The text parser's worst cases (security issue 11, item 13): 100 KB of each adversarial shape,
parsed in a fresh process each, printing seconds and peak memory (MB of resident set).

    python benchmarks/parser_worst_cases.py [SIZE_IN_CHARACTERS]

Before this change (commit c2e171a, measured on 20 KB or less) the same shapes took: 1O×N 57 s
(20 KB), a 10 KB digit run 13.8 s, 1家×N 20 s and 455 MB (20 KB), 达×N then 增1家 12 s, a title
line + spaces + x 10 s, comma-grouped digits 10 s.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def shapes(size: int) -> dict[str, str]:
    return {
        "1O×N (OCR fix makes digits)": ("1O" * size)[:size],
        "digit run": "1" * size,
        "1家×N": ("1家" * size)[:size],
        "达×N then 增1家": "达" * (size - 4) + "增1家",
        "title + spaces + x": "某市科学技术局2026年度工作计划" + " " * (size - 20) + "x",
        "comma-grouped digits": ("1," * size)[:size] + "000家",
        "一是×N": ("一是新增企业1家," * size)[:size],
        "quotes×N": ("“1家”" * size)[:size],
        "headings×N": ("一、新增1家\n" * size)[:size],
        "、×N then 1家": "、" * (size - 2) + "1家",
    }


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
from plans.parsing.document import parse_document
text = sys.stdin.read()
parse_document("某市科学技术局2026年度工作计划\n一、新增企业1家。")  # a worker is warm: converters loaded, patterns compiled
started = time.perf_counter()
documents = parse_document(text)
seconds = time.perf_counter() - started
peak = peak_mb()
print(json.dumps({"seconds": seconds, "mb": peak}))
"""


def measure(text: str, timeout: float = 120) -> dict:
    """Parse `text` in a fresh interpreter; seconds of parsing and peak resident MB."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT)],
        input=text,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    baseline = measure("")
    print(f"{size:,} characters each; an empty text: {baseline['mb']:.0f} MB (the interpreter and Django-free imports)")
    for name, text in shapes(size).items():
        result = measure(text)
        print(f"{name:32} {result['seconds']:7.3f} s  {result['mb']:6.0f} MB")


if __name__ == "__main__":
    main()
