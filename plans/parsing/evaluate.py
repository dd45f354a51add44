"""Scores the document parser against hand-made expectations (shared/seeds/expected):
a found target matches an expected one with the same value and unit whose quote overlaps
its source. Used by the tests and by `parse_plan --evaluate`."""

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .document import parse_document
from .normalize import normalize_text


@dataclass
class Score:
    expected: int
    found: int
    matched: int
    facts_taken_as_targets: int
    sections_right: int
    sections_expected: int

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0


def _same(found, expected) -> bool:
    if Decimal(str(expected["value"])) != found.value or expected["unit"] != found.unit:
        return False
    a, b = normalize_text(found.source), normalize_text(expected["quote"])
    return a in b or b in a


def _outline(sections) -> list:
    return [(s["number"], normalize_text(s["title"]), _outline(s["children"])) for s in sections]


def _ours(sections) -> list:
    return [(s.label, normalize_text(s.title), _ours(s.children)) for s in sections]


def score_file(text_path: Path, expected_path: Path) -> Score:
    expected = json.loads(expected_path.read_text())
    parsed = parse_document(text_path.read_text())
    found = [t for doc in parsed for _, t in doc.targets]
    wanted = [t for doc in expected["documents"] for t in doc["targets"]]
    facts = [f for doc in expected["documents"] for f in doc["facts"]]
    matched, used = 0, set()
    for target in found:
        for index, want in enumerate(wanted):
            if index not in used and _same(target, want):
                used.add(index)
                matched += 1
                break
    wrong_facts = sum(1 for fact in facts for target in found if _same(target, fact))
    right = sum(
        1 for ours, theirs in zip(parsed, expected["documents"]) if _ours(ours.draft.sections) == _outline(theirs["sections"])
    )
    return Score(len(wanted), len(found), matched, wrong_facts, right, len(expected["documents"]))
