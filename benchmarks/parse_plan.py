"""Time to parse plan text: the shared seeds repeated to about 20 pages (≈ 24,000 characters,
a page of a plan being about 1,200), with the normaliser's cache cleared before each run.

    python benchmarks/parse_plan.py
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main():
    from plans.parsing import normalize
    from plans.parsing.document import parse_document

    seeds = ROOT.parent / "shared" / "seeds"
    texts = [p.read_text() for p in sorted(seeds.glob("*.txt"))] if seeds.is_dir() else []
    if not texts:
        from tests.plans.plan_texts import BUNDLE, COUNTY_PLAN, NOT_TARGETS, TRADITIONAL

        texts = [COUNTY_PLAN, BUNDLE, TRADITIONAL, NOT_TARGETS]
    text = ""
    while len(text) < 24_000:
        text += "\n".join(texts) + "\n"
    times = []
    for _ in range(10):
        normalize.normalize.cache_clear()
        started = time.perf_counter()
        documents = parse_document(text)
        times.append(time.perf_counter() - started)
    print(
        f"{len(text):,} characters, {len(documents)} plans found: median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
