"""Writes of an import. `plan_import` turns draft documents (from a workbook or a plan's text)
into plans, in one transaction; re-importing the same source into the same plan updates it
in place and creates no duplicates. `plan_import_check` finds, without writing, what the
import would still need from the database: unknown departments (created on confirm) and
sub-units of split targets that cannot be found (problems)."""

import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from access import scoping
from core.history import records_actor
from plans.drafts import DraftDocument, DraftSection, DraftTarget, DraftTask
from plans.fastwrite import insert_links, insert_new, insert_rows
from plans.models import Plan, Section, Task
from plans.problems import ImportProblem
from targets.models import Target
from units.models import Bureau, Department

from .layout import SheetChoice
from .matching import NameMatch, match_name
from .models import DepartmentAlias, ImportJob, ImportProfile, PendingImport

BUREAU_PREFIX = re.compile(r"^.*?(?:科学技术局|科技局|科学技术厅|科技厅|局|厅|委员会|委)(?=.)")


class ImportProblems(Exception):
    """An import that cannot be written as it stands; `problems` says where and what. Nothing
    was written."""

    def __init__(self, problems: list[ImportProblem]):
        super().__init__("；".join(str(p) for p in problems[:5]))
        self.problems = problems


def department_name(name: str) -> str:
    """ "市科技局社发科" → "社发科": names in workbooks often carry the bureau's own name."""
    stripped = BUREAU_PREFIX.sub("", name).strip()
    return stripped or name


@dataclass
class ImportCheck:
    problems: list[ImportProblem] = field(default_factory=list)
    departments: list[NameMatch] = field(default_factory=list)  # every department name, how it was matched
    regions: list[NameMatch] = field(default_factory=list)  # every county of a split, how it was matched
    shares: dict[str, Bureau] = field(default_factory=dict)  # share_key -> bureau

    @property
    def new_departments(self) -> list[str]:
        return [m.name for m in self.departments if m.match_id is None]


def share_key(share) -> str:
    return share.region_code or f"名称:{share.region_name}"


def department_names(documents: list[DraftDocument]) -> list[str]:
    names = []
    for document in documents:
        for task in document.tasks:
            for name in [task.lead_department, *task.co_departments]:
                if name and department_name(name) not in names:
                    names.append(department_name(name))
    return names


def plan_import_check(
    *, bureau: Bureau, documents: list[DraftDocument], department_choices: dict[str, int | None] | None = None
) -> ImportCheck:
    """What the drafts need from the database: each department name matched to the bureau's
    departments (the admin's choice first, then exact, a saved alias, an abbreviation; else
    new) and each county of a split to a bureau (by division code, else by name among the
    bureaus this one supervises). Reads only."""
    check = ImportCheck()
    known = {d.name: d.pk for d in bureau.departments.all()}
    aliases = dict(DepartmentAlias.objects.filter(bureau=bureau).values_list("alias", "department_id"))
    choices = department_choices or {}
    by_id = {pk: name for name, pk in known.items()}
    for name in department_names(documents):
        if name in choices:
            chosen = choices[name]
            if chosen is not None and chosen not in by_id:
                check.problems.append(ImportProblem(f"为“{name}”选择的科室不属于{bureau.name}。"))
                continue
            check.departments.append(
                NameMatch(
                    name=name,
                    match_id=chosen,
                    match_name=by_id.get(chosen, ""),
                    how="chosen" if chosen is not None else "",
                    candidates=sorted(by_id.items(), key=lambda item: item[1]),
                )
            )
            continue
        check.departments.append(match_name(name, known, aliases))
    shares = {share_key(s): s for d in documents for t in d.targets for s in t.shares}
    codes = {s.region_code for s in shares.values() if s.region_code}
    found: dict[str, Bureau] = {}
    if codes:
        # Shares go only to bureaus under the importing one (as Target.clean requires): a code
        # of another city's county is "not found", not a target pushed into that city.
        below = Bureau.objects.filter(region__code__in=codes, region__code__startswith=bureau.region.code_prefix)
        for candidate in below.exclude(pk=bureau.pk).select_related("region"):
            # Prefer the bureau the importing bureau supervises directly.
            if candidate.region.code not in found or candidate.parent_id == bureau.pk:
                found[candidate.region.code] = candidate
    named = [s for s in shares.values() if not s.region_code]
    children = {}
    if named:
        children = {b.pk: b for b in Bureau.objects.filter(parent=bureau).select_related("region")}
    for key_, share in shares.items():
        if share.region_code:
            if share.region_code in found:
                check.shares[key_] = found[share.region_code]
                check.regions.append(
                    NameMatch(
                        name=share.region_name,
                        match_id=found[share.region_code].pk,
                        match_name=found[share.region_code].name,
                        how="code",
                    )
                )
            else:
                check.problems.append(
                    ImportProblem(
                        f"找不到行政区划代码 {share.region_code}（{share.region_name}）对应的单位，请先在“单位”中建立。",
                        row=share.row,
                    )
                )
            continue
        match = match_name(
            share.region_name,
            {b.region.name: b.pk for b in children.values() if b.region_id != bureau.region_id},
            also={b.pk: [b.name, _zone_name(b.name, bureau)] for b in children.values()},
        )
        if match.match_id is None:
            check.problems.append(
                ImportProblem(
                    f"分解表中的“{share.region_name}”找不到对应的下级单位（{bureau.name}管理的单位中没有同名或简称相符的）。"
                    "请先在“单位”中建立，或改用行政区划代码。",
                    row=share.row,
                )
            )
        else:
            match.match_name = children[match.match_id].name
            check.shares[key_] = children[match.match_id]
        check.regions.append(match)
    return check


def _zone_name(name: str, parent: Bureau) -> str:
    """泰安高新技术产业开发区科技创新局 → 高新技术产业开发区: a zone's bureau named without the
    city before it and the kind of bureau after it, so 高新区 and 经开区 match it."""
    city = re.sub(r"(市|地区|自治州|盟)$", "", parent.region.name)
    bare = name[len(city) :] if city and name.startswith(city) else name
    return re.sub(r"(?:科技创新局|科学技术局|科技局|管理委员会|管委会|局)$", "", bare)


@dataclass
class ImportResult:
    plans: list[Plan]
    created: int = 0
    updated: int = 0
    deleted: int = 0
    kept_with_reports: int = 0
    new_departments: list[str] = field(default_factory=list)


@dataclass
class ConfirmedProfile:
    """A sheet's confirmed mapping, to be remembered for its header."""

    signature: str
    header: str
    choice: dict


@records_actor
@transaction.atomic
def plan_import(
    *,
    actor,
    bureau: Bureau,
    documents: list[DraftDocument],
    source: str = "",
    department_choices: dict[str, int | None] | None = None,
    profiles: list[ConfirmedProfile] | None = None,
) -> ImportResult:
    """Creates or updates one plan per document. All or nothing: raises ImportProblems (and
    writes nothing) when the drafts still need something the database does not have.
    Department names matched by abbreviation or chosen by the admin are remembered as the
    bureau's aliases; `profiles` are remembered as the bureau's import profiles."""
    if not scoping.bureaus_managed_by(actor).filter(pk=bureau.pk).exists():
        raise PermissionDenied(_("您不能为这个单位导入计划。"))
    check = plan_import_check(bureau=bureau, documents=documents, department_choices=department_choices)
    if check.problems:
        raise ImportProblems(check.problems)
    existing = {d.pk: d for d in bureau.departments.all()}
    departments: dict[str, Department] = {}
    for match in check.departments:
        if match.match_id is None:
            departments[match.name] = Department.objects.create(bureau=bureau, name=match.name[:64])
        else:
            departments[match.name] = existing[match.match_id]
            if match.how in ("abbreviation", "chosen") and match.name != existing[match.match_id].name:
                DepartmentAlias.objects.update_or_create(
                    bureau=bureau, alias=match.name[:64], defaults={"department": existing[match.match_id]}
                )
    for profile in profiles or []:
        ImportProfile.objects.update_or_create(
            bureau=bureau,
            signature=profile.signature,
            defaults={"header": profile.header[:500], "choice": profile.choice},
        )
    result = ImportResult(plans=[], new_departments=check.new_departments)
    for document in documents:
        plan = _plan_for(actor=actor, bureau=bureau, document=document, source=source)
        result.plans.append(plan)
        sections = _sections(plan, document.sections, actor)
        existing_tasks = {(t.section_id, t.text): t for t in plan.tasks.prefetch_related("co_departments", "targets")}
        rows = _write_tasks(
            actor=actor,
            plan=plan,
            drafts=document.tasks,
            sections=sections,
            existing=existing_tasks,
            departments=departments,
            result=result,
        )
        _write_co_departments(rows=rows)
        _write_targets(actor=actor, rows=rows, year=document.year, share_bureaus=check.shares, result=result)
        _remove_tasks_not_imported(existing=existing_tasks, kept={r.task_id for r in rows if r.existing}, result=result)
        plan.sections.exclude(pk__in=[s.pk for s in sections.values()]).filter(
            tasks__isnull=True, children__isnull=True
        ).delete()
    return result


def _saved(obj, actor, **kwargs):
    obj._history_user = actor  # who made the change, for django-simple-history
    obj.save(**kwargs)
    return obj


def _plan_for(*, actor, bureau: Bureau, document: DraftDocument, source: str) -> Plan:
    """The plan a document goes to: the bureau's plan of that year and title, else a new one."""
    title = document.title[:200]
    plan = Plan.objects.filter(bureau=bureau, year=document.year, title=title).first()
    if plan is None:
        return _saved(
            Plan(bureau=bureau, year=document.year, title=title, kind=document.kind, source=source[:255]), actor
        )
    if plan.kind != document.kind or (source and not plan.source):
        # The source records where the plan first came from; a re-import does not rewrite it.
        plan.kind, plan.source = document.kind, plan.source or source[:255]
        _saved(plan, actor)
    return plan


@dataclass
class _TaskRow:
    """One draft task and the row it went to (new or existing)."""

    task_id: int
    draft: DraftTask
    co_departments: list[Department]
    existing: Task | None = None


TASK_FIELDS = ["lead_department", "responsible_leader", "responsible_person", "deadline", "deadline_text", "order"]
TARGET_FIELDS = [
    "metric",
    "value",
    "unit",
    "comparator",
    "kind",
    "baseline",
    "period_start",
    "period_end",
    "source_text",
    "order",
]


def _write_tasks(
    *,
    actor,
    plan: Plan,
    drafts: list[DraftTask],
    sections: dict,
    existing: dict,
    departments: dict[str, Department],
    result: ImportResult,
) -> list[_TaskRow]:
    """New tasks written as plain values in bulk (no model instances), existing ones updated
    only where they changed; a 10,000-row workbook costs a handful of statements."""
    new_values, new_rows, changed, rows = [], [], [], []
    for order, draft in enumerate(drafts, start=1):
        section = sections.get(draft.section)
        lead = departments.get(department_name(draft.lead_department)) if draft.lead_department else None
        co = [departments[department_name(n)] for n in draft.co_departments if department_name(n) in departments]
        values = {
            "lead_department_id": lead.pk if lead else None,
            "responsible_leader": draft.leader[:64],
            "responsible_person": draft.person[:64],
            "deadline": draft.deadline,
            "deadline_text": draft.deadline_text[:100],
            "order": order,
        }
        task = existing.get((section.pk if section else None, draft.text))
        if task is None:
            new_values.append(
                {"plan_id": plan.pk, "section_id": section.pk if section else None, "text": draft.text, **values}
            )
            row = _TaskRow(task_id=0, draft=draft, co_departments=co)
            new_rows.append(row)
        else:
            if any(getattr(task, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(task, k, v)
                changed.append(task)
            row = _TaskRow(task_id=task.pk, draft=draft, co_departments=co, existing=task)
        rows.append(row)
    for row, pk in zip(new_rows, insert_rows(Task, new_values, actor=actor)):
        row.task_id = pk
    if changed:
        bulk_update_with_history(changed, Task, TASK_FIELDS, batch_size=1000, default_user=actor)
    result.created += len(new_values)
    result.updated += len(changed)
    return rows


def _write_co_departments(*, rows: list[_TaskRow]) -> None:
    new_links = []
    for row in rows:
        if row.existing is None:
            new_links += [(row.task_id, d.pk) for d in row.co_departments]
        elif set(row.existing.co_departments.all()) != set(row.co_departments):
            row.existing.co_departments.set(row.co_departments)
    insert_links(Task.co_departments.through, "task", "department", new_links)


def _write_targets(
    *, actor, rows: list[_TaskRow], year: int, share_bureaus: dict[str, Bureau], result: ImportResult
) -> None:
    year_start, year_end = date(year, 1, 1), date(year, 12, 31)
    new_values, changed, stale = [], [], []
    split_new: list[tuple[int, DraftTarget]] = []  # (index into new_values, draft)
    split_existing: list[tuple[Target, DraftTarget]] = []
    for row in rows:
        draft = row.draft
        end = draft.deadline if draft.deadline and year_start < draft.deadline <= year_end else year_end
        current = (
            {(t.metric, t.order): t for t in row.existing.targets.all() if t.parent_id is None} if row.existing else {}
        )
        for index, draft_target in enumerate(draft.targets):
            wanted = {
                "metric": draft_target.metric[:200],
                "value": draft_target.value,
                "unit": draft_target.unit[:16],
                "comparator": draft_target.comparator,
                "kind": draft_target.kind,
                "baseline": draft_target.baseline,
                "period_start": year_start,
                "period_end": end,
                "source_text": draft_target.source,
                "order": index,
            }
            target = current.pop((wanted["metric"], index), None)
            if target is None:
                new_values.append({"task_id": row.task_id, **wanted})
                if draft_target.shares:
                    split_new.append((len(new_values) - 1, draft_target))
                continue
            if any(getattr(target, k) != v for k, v in wanted.items()):
                for k, v in wanted.items():
                    setattr(target, k, v)
                changed.append(target)
            if draft_target.shares:
                split_existing.append((target, draft_target))
        stale.extend(current.values())
    new_ids = insert_rows(Target, new_values, actor=actor)
    if changed:
        bulk_update_with_history(changed, Target, TARGET_FIELDS, batch_size=1000, default_user=actor)
    result.created += len(new_values)
    result.updated += len(changed)
    if split_new:
        fresh = Target.objects.in_bulk([new_ids[i] for i, _draft in split_new])
        split_existing += [(fresh[new_ids[i]], d) for i, d in split_new]
    for parent, draft_target in split_existing:
        _shares(parent=parent, draft_target=draft_target, share_bureaus=share_bureaus, result=result, actor=actor)
    for target in stale:
        _remove(target, result=result)


def _remove_tasks_not_imported(*, existing: dict, kept: set[int], result: ImportResult) -> None:
    """Tasks the source no longer has go, unless reports hang on them (history is kept)."""
    for task in existing.values():
        if task.pk in kept:
            continue
        if Target.objects.filter(task=task, reports__isnull=False).exists():
            result.kept_with_reports += 1
            continue
        task.delete()
        result.deleted += 1


def _sections(plan: Plan, drafts: list[DraftSection], actor) -> dict[tuple[str, ...], Section]:
    existing = {(s.parent_id, s.label): s for s in plan.sections.order_by("pk")}
    by_path: dict[tuple[str, ...], Section] = {}
    in_order: list[Section] = []
    level = [(drafts, None, ())]
    while level:  # one level of the outline at a time: parents exist before their children
        new, following = [], []
        for children, parent, path in level:
            for draft in children:
                section = existing.get((parent.pk if parent else None, draft.label))
                if section is None:
                    section = Section(plan=plan, parent=parent, label=draft.label[:16], title=draft.title[:500])
                    new.append(section)
                elif section.title != draft.title[:500]:
                    section.title = draft.title[:500]
                    _saved(section, actor)
                by_path[path + (draft.label,)] = section
                following.append((draft.children, section, path + (draft.label,)))
        for section in new:
            section.order = 0  # numbered below, in outline order
        insert_new(Section, new, actor=actor)
        level = following
    _walk_in_order(drafts, (), by_path, in_order)
    # Renumber only when the outline's order really changed, so a re-import of the same
    # workbook leaves the plan untouched.
    orders = [s.order for s in in_order]
    if orders != sorted(orders) or len(set(orders)) != len(orders) or 0 in orders:
        renumbered = []
        for number, section in enumerate(in_order, start=1):
            if section.order != number:
                section.order = number
                renumbered.append(section)
        Section.objects.bulk_update(renumbered, ["order"], batch_size=1000)
    return by_path


def _walk_in_order(drafts, path, by_path, in_order) -> None:
    for draft in drafts:
        in_order.append(by_path[path + (draft.label,)])
        _walk_in_order(draft.children, path + (draft.label,), by_path, in_order)


def _shares(
    *, parent: Target, draft_target: DraftTarget, share_bureaus: dict[str, Bureau], result: ImportResult, actor
) -> None:
    children = {c.assigned_bureau_id: c for c in parent.children.all()}
    for index, share in enumerate(draft_target.shares):
        bureau = share_bureaus[share_key(share)]
        wanted = {
            "metric": parent.metric,
            "value": share.value,
            "unit": parent.unit,
            "comparator": parent.comparator,
            "kind": parent.kind,
            "baseline": share.baseline,
            "period_start": parent.period_start,
            "period_end": parent.period_end,
            "source_text": parent.source_text,
            "order": index + 1,
        }
        child = children.pop(bureau.pk, None)
        if child is None:
            _saved(Target(task=parent.task, parent=parent, assigned_bureau=bureau, **wanted), actor)
            result.created += 1
        elif any(getattr(child, k) != v for k, v in wanted.items()):
            for k, v in wanted.items():
                setattr(child, k, v)
            _saved(child, actor)
            result.updated += 1
    for child in children.values():
        _remove(child, result=result)


def _remove(target: Target, *, result: ImportResult) -> None:
    if target.reports.exists():
        result.kept_with_reports += 1  # history is never thrown away by an import
        return
    target.delete()
    result.deleted += 1


# --- the preview and its confirmation -----------------------------------------------------


def _manages(actor, bureau: Bureau) -> None:
    if not scoping.bureaus_managed_by(actor).filter(pk=bureau.pk).exists():
        raise PermissionDenied(_("您不能为这个单位导入计划。"))


def _rows(documents: list[DraftDocument]) -> int:
    return sum(len(d.tasks) for d in documents)


@transaction.atomic
def import_preview_start(*, actor, bureau: Bureau, data: bytes, filename: str, year: int | None):
    """Reads an uploaded workbook into a preview. Unless the file was refused outright, it
    is kept (under a generated name) with the drafts, waiting for the admin's corrections or
    confirmation. Returns (pending import or None, preview)."""
    from .run import drafts_as_data, preview_workbook

    _manages(actor, bureau)
    preview = preview_workbook(data, filename, bureau, year)
    if not preview.sheets:
        return None, preview
    token = uuid.uuid4().hex
    path = default_storage.save(f"imports/{token}.upload", ContentFile(data))
    pending = PendingImport.objects.create(
        token=token,
        bureau=bureau,
        user=actor,
        path=path,
        filename=filename[:255],
        year=year,
        documents=drafts_as_data(preview.documents),
        rows=_rows(preview.documents),
        choices={"sheets": {}, "departments": {}, "signatures": _signatures(preview)},
    )
    return pending, preview


def _signatures(preview) -> dict:
    """Per sheet: its header's signature and the whole mapping the preview shows, which is
    what a confirmed correction remembers (not only the columns the admin changed)."""
    return {
        s.sheet: {
            "signature": s.signature,
            "header": s.header_text,
            "mapping": SheetChoice(
                header_rows=tuple(r + 1 for r in s.header_rows) or None,
                roles={c.index: c.role or "ignore" for c in s.columns},
                skip=bool(s.skipped) if s.skipped else None,
            ).as_json(),
        }
        for s in preview.sheets
        if s.signature
    }


@transaction.atomic
def import_preview_adjust(
    *, actor, pending: PendingImport, choices: dict[str, SheetChoice], department_choices: dict[str, int | None]
):
    """The admin's corrections (header rows, column roles, sheets skipped or included,
    departments chosen) applied: the preview recomputed from the kept file and stored."""
    from .run import drafts_as_data, preview_workbook

    _manages(actor, pending.bureau)
    with default_storage.open(pending.path, "rb") as stored:
        data = stored.read()
    preview = preview_workbook(
        data, pending.filename, pending.bureau, pending.year, choices=choices, department_choices=department_choices
    )
    pending.documents = drafts_as_data(preview.documents)
    pending.rows = _rows(preview.documents)
    pending.choices = {
        "sheets": {name: c.as_json() for name, c in choices.items()},
        "departments": {k: v for k, v in department_choices.items()},
        "signatures": _signatures(preview),
    }
    pending.save(update_fields=["documents", "rows", "choices"])
    return preview


def pending_choices(pending: PendingImport) -> tuple[dict[str, SheetChoice], dict[str, int | None]]:
    sheets = {name: SheetChoice.from_json(c) for name, c in (pending.choices.get("sheets") or {}).items()}
    return sheets, dict(pending.choices.get("departments") or {})


def confirmed_profiles(pending: PendingImport) -> list[ConfirmedProfile]:
    """The sheets whose mapping the admin corrected, to be remembered for their header."""
    sheets, _departments = pending_choices(pending)
    signatures = pending.choices.get("signatures") or {}
    return [
        ConfirmedProfile(
            signature=signatures[name]["signature"],
            header=signatures[name]["header"],
            choice=signatures[name].get("mapping") or choice.as_json(),
        )
        for name, choice in sheets.items()
        if name in signatures
    ]


@records_actor
@transaction.atomic
def import_confirm(*, actor, pending: PendingImport, department_choices: dict[str, int | None]) -> ImportResult:
    """Writes the drafts the preview showed (not the file read again), remembers the
    corrected mappings and department names, and forgets the pending import."""
    from .run import drafts_from_data

    result = plan_import(
        actor=actor,
        bureau=pending.bureau,
        documents=drafts_from_data(pending.documents),
        source=pending.filename,
        department_choices=department_choices,
        profiles=confirmed_profiles(pending),
    )
    path = pending.path
    pending.delete()
    transaction.on_commit(lambda: default_storage.delete(path))
    return result


@records_actor
@transaction.atomic
def text_import_job_start(*, actor, bureau: Bureau, text: str, source: str, year: int) -> ImportJob:
    """A long plan text handed to the worker (parsing it could hold a request for seconds):
    the text goes into a file the job reads, and the job page says how it went."""
    _manages(actor, bureau)
    path = default_storage.save(f"imports/{uuid.uuid4().hex}.txt", ContentFile(text.encode("utf-8")))
    return ImportJob.objects.create(bureau=bureau, user=actor, path=path, filename=source[:255], year=year)


@transaction.atomic
def import_job_start(*, actor, pending: PendingImport, department_choices: dict[str, int | None]) -> ImportJob:
    """A big import handed to the worker: the drafts (as the preview showed them) go into a
    file the job reads; the workbook is not read again."""
    _manages(actor, pending.bureau)
    payload = json.dumps(
        {
            "documents": pending.documents,
            "departments": department_choices,
            "profiles": [p.__dict__ for p in confirmed_profiles(pending)],
        },
        ensure_ascii=False,
    )
    path = default_storage.save(f"imports/{uuid.uuid4().hex}.drafts.json", ContentFile(payload.encode()))
    job = ImportJob.objects.create(
        bureau=pending.bureau, user=actor, path=path, filename=pending.filename, year=pending.year, rows=pending.rows
    )
    old = pending.path
    pending.delete()
    transaction.on_commit(lambda: default_storage.delete(old))
    return job


def pending_imports_expire(*, older_than) -> int:
    """Deletes previews never confirmed that were uploaded before `older_than`, with their
    files. Returns how many."""
    expired = list(PendingImport.objects.filter(created_at__lt=older_than).values_list("pk", "path"))
    for pk, path in expired:
        with transaction.atomic():
            PendingImport.objects.filter(pk=pk).delete()
            transaction.on_commit(lambda path=path: default_storage.delete(path))
    return len(expired)
