"""One entry point for every way a workbook comes in (web page, command, background task):
read and validate, then either report or write."""

from dataclasses import dataclass, field

from units.models import Bureau

from plans.drafts import DraftDocument, as_json
from plans.problems import ImportProblem, WorkbookRefused
from .layout import parse_workbook


@dataclass
class WorkbookPreview:
    documents: list[DraftDocument] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    new_departments: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.documents)

    def as_json(self) -> dict:
        return {
            "ok": self.ok,
            "errors": [p.as_dict() for p in self.problems],
            "new_departments": self.new_departments,
            "documents": as_json(self.documents),
        }


def preview_workbook(data: bytes, name: str, bureau: Bureau, year: int | None = None) -> WorkbookPreview:
    """Everything an import would do and every problem with it; writes nothing."""
    from .services import plan_import_check  # noqa: PLC0415

    try:
        documents, problems = parse_workbook(data, name, year)
    except WorkbookRefused as refused:
        return WorkbookPreview(problems=[refused.problem])
    preview = WorkbookPreview(documents=documents, problems=list(problems))
    if documents:
        check = plan_import_check(bureau=bureau, documents=documents)
        preview.problems += check.problems
        preview.new_departments = check.new_departments
    return preview
