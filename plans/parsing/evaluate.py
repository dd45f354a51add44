"""Scores the document parser against hand-made expectations (the schema of
shared/seeds/expected and shared/corpus/expected).

A found target matches an expected one with the same value and unit whose quote overlaps its
source (one contains the other, or they share a run of at least half the shorter one). Each
expected target is matched once. Facts taken as targets: found targets that match no expected
target but do match an expected fact. Comparator accuracy: of the matched pairs, the share whose
comparators agree. Used by the tests and by `parse_plan --evaluate`.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from pathlib import Path

from .document import parse_document
from .normalize import normalize_text

COMPARATORS = {">=": "gte", "<=": "lte", "=": "eq", "gte": "gte", "lte": "lte", "eq": "eq"}


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    matched: int = 0
    facts_taken_as_targets: int = 0
    facts: int = 0
    comparators_right: int = 0
    sections_right: int = 0
    sections_expected: int = 0
    misses: list = field(default_factory=list, repr=False)
    extras: list = field(default_factory=list, repr=False)

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def comparator_accuracy(self) -> float:
        return self.comparators_right / self.matched if self.matched else 1.0

    @property
    def facts_share(self) -> float:
        return self.facts_taken_as_targets / self.facts if self.facts else 0.0

    def __add__(self, other: "Score") -> "Score":
        total = Score()
        for name in (
            "expected",
            "found",
            "matched",
            "facts_taken_as_targets",
            "facts",
            "comparators_right",
            "sections_right",
            "sections_expected",
        ):
            setattr(total, name, getattr(self, name) + getattr(other, name))
        total.misses = self.misses + other.misses
        total.extras = self.extras + other.extras
        return total

    def line(self) -> str:
        return (
            f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  "
            f"comparators {self.comparator_accuracy:.3f}  facts as targets {self.facts_taken_as_targets}/"
            f"{self.facts} ({self.facts_share:.1%})  [expected {self.expected}, found {self.found}, "
            f"matched {self.matched}]"
        )


def _value(raw) -> Decimal | None:
    try:
        return Decimal(str(raw))
    except (InvalidOperation, TypeError):
        return None


def _unit(raw) -> str:
    return normalize_text(raw or "")


def _overlaps(a: str, b: str) -> bool:
    a, b = normalize_text(a), normalize_text(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    shorter = min(len(a), len(b))
    run = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size
    return run >= max(3, shorter / 2)


def _same(found, expected) -> bool:
    if _value(expected.get("value")) != found.value or _unit(expected.get("unit")) != _unit(found.unit):
        return False
    return _overlaps(found.source, expected.get("quote") or "") or (
        bool(expected.get("metric")) and _overlaps(found.metric, expected["metric"])
    )


def _outline(sections) -> list:
    return [(s["number"], normalize_text(s["title"] or ""), _outline(s["children"])) for s in sections]


def _ours(sections) -> list:
    return [(s.label, normalize_text(s.title), _ours(s.children)) for s in sections]


def score_parsed(parsed, expected: dict, name: str = "") -> Score:
    found = [t for doc in parsed for _, t in doc.targets]
    wanted = [t for doc in expected["documents"] for t in doc["targets"]]
    facts = [f for doc in expected["documents"] for f in doc["facts"]]
    score = Score(
        expected=len(wanted), found=len(found), facts=len(facts), sections_expected=len(expected["documents"])
    )
    used: set[int] = set()
    for target in found:
        index = next((i for i, want in enumerate(wanted) if i not in used and _same(target, want)), None)
        if index is None:
            fact = any(_same(target, f) for f in facts)
            score.facts_taken_as_targets += fact
            score.extras.append((name, "fact" if fact else "extra", target))
            continue
        used.add(index)
        score.matched += 1
        score.comparators_right += COMPARATORS.get(wanted[index].get("comparator"), "eq") == target.comparator
    score.misses = [(name, want) for i, want in enumerate(wanted) if i not in used]
    score.sections_right = sum(
        1
        for ours, theirs in zip(parsed, expected["documents"])
        if _ours(ours.draft.sections) == _outline(theirs["sections"])
    )
    return score


def score_file(text_path: Path, expected_path: Path) -> Score:
    expected = json.loads(Path(expected_path).read_text(encoding="utf-8"))
    parsed = parse_document(Path(text_path).read_text(encoding="utf-8"))
    return score_parsed(parsed, expected, Path(text_path).name)


def corpus_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """(text, expected) pairs of a folder laid out as `texts/` + `expected/` (the corpus) or as
    texts at the top level + `expected/` (the seeds)."""
    folder = Path(folder)
    expected_dir = folder / "expected"
    texts_dir = folder / "texts" if (folder / "texts").is_dir() else folder
    pairs = []
    for expected in sorted(expected_dir.glob("*.json")):
        text = texts_dir / f"{expected.stem}.txt"
        if text.is_file():
            pairs.append((text, expected))
    return pairs


def score_folder(folder: Path) -> list[tuple[str, Score]]:
    return [(text.name, score_file(text, expected)) for text, expected in corpus_pairs(folder)]
