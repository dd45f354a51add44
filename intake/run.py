"""One entry point for every way a workbook comes in (web page, command, background task):
read and check, then either report or write. The preview's drafts are kept as JSON
(`drafts_as_data` / `drafts_from_data`) so that confirm writes exactly what was shown."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from plans.drafts import DraftDocument, DraftSection, DraftShare, DraftTarget, DraftTask, as_json
from plans.problems import ImportProblem, WorkbookRefused
from units.models import Bureau

from .layout import SheetChoice, SheetLayout, read_plans
from .matching import NameMatch


@dataclass
class WorkbookPreview:
    documents: list[DraftDocument] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    sheets: list[SheetLayout] = field(default_factory=list)
    departments: list[NameMatch] = field(default_factory=list)
    regions: list[NameMatch] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.documents)

    @property
    def new_departments(self) -> list[str]:
        return [m.name for m in self.departments if m.match_id is None]

    @property
    def profiles_applied(self) -> list[str]:
        return [s.sheet for s in self.sheets if s.from_profile]

    def as_json(self) -> dict:
        return {
            "ok": self.ok,
            "errors": [p.as_dict() for p in self.problems],
            "new_departments": self.new_departments,
            "sheets": [
                {
                    "sheet": s.sheet,
                    "skipped": s.skipped,
                    "header_rows": [r + 1 for r in s.header_rows],
                    "from_profile": s.from_profile,
                    "columns": [
                        {"column": c.letter, "header": c.header, "role": c.role, "found_by": c.found_by}
                        for c in s.columns
                    ],
                }
                for s in self.sheets
            ],
            "documents": as_json(self.documents),
        }


def preview_workbook(
    data: bytes,
    name: str,
    bureau: Bureau,
    year: int | None = None,
    *,
    choices: dict[str, SheetChoice] | None = None,
    department_choices: dict[str, int | None] | None = None,
) -> WorkbookPreview:
    """Everything an import would do and every problem with it; writes nothing. The
    bureau's saved profiles are applied to headers it has confirmed before."""
    from .models import ImportProfile
    from .services import plan_import_check

    profiles = {p.signature: SheetChoice.from_json(p.choice) for p in ImportProfile.objects.filter(bureau=bureau)}
    try:
        reading = read_plans(data, name, year, choices=choices, profiles=profiles)
    except WorkbookRefused as refused:
        return WorkbookPreview(problems=[refused.problem])
    preview = WorkbookPreview(documents=reading.documents, problems=list(reading.problems), sheets=reading.sheets)
    if reading.documents:
        check = plan_import_check(bureau=bureau, documents=reading.documents, department_choices=department_choices)
        preview.problems += check.problems
        preview.departments, preview.regions = check.departments, check.regions
    return preview


def drafts_as_data(documents: list[DraftDocument]) -> list[dict]:
    """Drafts as JSON-ready data that `drafts_from_data` turns back into the same drafts."""

    def plain(value):
        if isinstance(value, Decimal):
            return {"d": str(value)}
        if isinstance(value, date):
            return {"date": value.isoformat()}
        if isinstance(value, tuple):
            return list(value)
        return value

    def target(t: DraftTarget) -> dict:
        return {
            **{
                k: plain(getattr(t, k))
                for k in ("source", "metric", "value", "unit", "comparator", "kind", "period", "baseline", "score")
            },
            "shares": [
                {k: plain(getattr(s, k)) for k in ("region_code", "region_name", "value", "baseline", "row")}
                for s in t.shares
            ],
        }

    def section(s: DraftSection) -> dict:
        return {"label": s.label, "title": s.title, "children": [section(c) for c in s.children]}

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
                    **{
                        k: plain(getattr(t, k))
                        for k in (
                            "section",
                            "text",
                            "lead_department",
                            "co_departments",
                            "leader",
                            "person",
                            "deadline",
                            "deadline_text",
                            "row",
                        )
                    },
                    "targets": [target(x) for x in t.targets],
                }
                for t in d.tasks
            ],
        }
        for d in documents
    ]


def drafts_from_data(data: list[dict]) -> list[DraftDocument]:
    def value(v):
        if isinstance(v, dict) and "d" in v:
            return Decimal(v["d"])
        if isinstance(v, dict) and "date" in v:
            return date.fromisoformat(v["date"])
        return v

    def section(s: dict) -> DraftSection:
        return DraftSection(label=s["label"], title=s["title"], children=[section(c) for c in s["children"]])

    def target(t: dict) -> DraftTarget:
        fields = {k: value(v) for k, v in t.items() if k != "shares"}
        return DraftTarget(**fields, shares=[DraftShare(**{k: value(v) for k, v in s.items()}) for s in t["shares"]])

    return [
        DraftDocument(
            title=d["title"],
            year=d["year"],
            kind=d["kind"],
            issuer=d["issuer"],
            sheet=d["sheet"],
            sections=[section(s) for s in d["sections"]],
            tasks=[
                DraftTask(
                    **{**{k: value(v) for k, v in t.items() if k != "targets"}, "section": tuple(t["section"])},
                    targets=[target(x) for x in t["targets"]],
                )
                for t in d["tasks"]
            ],
        )
        for d in data
    ]
