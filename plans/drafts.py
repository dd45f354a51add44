"""What an import would create, before anything is written: plain data, no Django.
`as_json` is the stable shape that `import_plan --dry-run --json` and `parse_plan --json`
print; tools and tests rely on it."""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass
class DraftShare:
    """A sub-unit's share of a split target."""

    region_code: str
    region_name: str
    value: Decimal
    baseline: Decimal | None = None
    row: int | None = None


@dataclass
class DraftTarget:
    source: str
    metric: str
    value: Decimal | None
    unit: str
    comparator: str  # gte, lte, eq
    kind: str
    period: str | None = None
    baseline: Decimal | None = None
    shares: list[DraftShare] = field(default_factory=list)
    score: Decimal | None = None  # the points a 目标责任书 gives it (分值); not a target value


@dataclass
class DraftTask:
    section: tuple[str, ...]  # path of section labels
    text: str
    lead_department: str = ""
    co_departments: list[str] = field(default_factory=list)
    leader: str = ""
    person: str = ""
    deadline: date | None = None
    deadline_text: str = ""
    targets: list[DraftTarget] = field(default_factory=list)
    row: int | None = None


@dataclass
class DraftSection:
    label: str
    title: str
    children: list["DraftSection"] = field(default_factory=list)


@dataclass
class DraftDocument:
    title: str
    year: int
    kind: str = "annual"
    issuer: str = ""
    sheet: str = ""
    sections: list[DraftSection] = field(default_factory=list)
    tasks: list[DraftTask] = field(default_factory=list)

    def section_at(self, path: tuple[str, ...], title: str = "") -> DraftSection:
        """The section at `path`, created (with `title`) where missing."""
        children, section = self.sections, None
        for depth, label in enumerate(path):
            section = next((s for s in children if s.label == label), None)
            if section is None:
                section = DraftSection(label=label, title=title if depth == len(path) - 1 else "")
                children.append(section)
            children = section.children
        return section

    @property
    def targets(self) -> list[DraftTarget]:
        return [target for task in self.tasks for target in task.targets]


PLAN_KINDS = [("普法", "legal"), ("整改", "rectification"), ("要点", "key_points"), ("方案", "special")]


def plan_kind(title: str) -> str:
    return next((kind for word, kind in PLAN_KINDS if word in title), "annual")


def year_in(text: str) -> int | None:
    match = re.search(r"(20\d\d)\s*年", text or "")
    return int(match.group(1)) if match else None


def _number(value: Decimal | None):
    if value is None:
        return None
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def as_json(documents: list[DraftDocument]) -> list[dict]:
    def section(s: DraftSection) -> dict:
        return {"label": s.label, "title": s.title, "children": [section(c) for c in s.children]}

    def target(t: DraftTarget) -> dict:
        data = {
            "source": t.source,
            "metric": t.metric,
            "value": _number(t.value),
            "unit": t.unit,
            "comparator": {"gte": ">=", "lte": "<=", "eq": "="}[t.comparator],
            "kind": t.kind,
            "period": t.period,
        }
        if t.baseline is not None:
            data["baseline"] = _number(t.baseline)
        if t.score is not None:
            data["score"] = _number(t.score)
        if t.shares:
            data["split"] = [
                {
                    "region_code": s.region_code,
                    "region": s.region_name,
                    "value": _number(s.value),
                    "baseline": _number(s.baseline),
                }
                for s in t.shares
            ]
        return data

    return [
        {
            "title": d.title,
            "year": d.year,
            "kind": d.kind,
            "issuer": d.issuer,
            "sheet": d.sheet,
            "sections": [section(s) for s in d.sections],
            "tasks": [
                {
                    "section": "/".join(t.section),
                    "text": t.text,
                    "lead_department": t.lead_department,
                    "co_departments": t.co_departments,
                    "leader": t.leader,
                    "person": t.person,
                    "deadline": t.deadline.isoformat() if t.deadline else None,
                    "deadline_text": t.deadline_text,
                    "targets": [target(x) for x in t.targets],
                }
                for t in d.tasks
            ],
        }
        for d in documents
    ]
