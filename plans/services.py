"""Writes to plans. `plan_import` turns draft documents (from a workbook or a plan's text)
into plans, in one transaction; re-importing the same source into the same plan updates it
in place and creates no duplicates. `plan_import_check` finds, without writing, what the
import would still need from the database: unknown departments (created on confirm) and
sub-units of split targets that cannot be found (errors)."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from targets.models import Target
from access import scoping
from units.models import Bureau, Department

from .drafts import DraftDocument, DraftSection
from .importers.fastwrite import insert_links, insert_new, insert_rows
from .importers.errors import ImportProblem
from .models import Plan, Section, Task

BUREAU_PREFIX = re.compile(r"^.*?(?:科学技术局|科技局|科学技术厅|科技厅|局|厅|委员会|委)(?=.)")


def department_name(name: str) -> str:
    """"市科技局社发科" → "社发科": names in workbooks often carry the bureau's own name."""
    stripped = BUREAU_PREFIX.sub("", name).strip()
    return stripped or name


@dataclass
class ImportCheck:
    problems: list[ImportProblem] = field(default_factory=list)
    new_departments: list[str] = field(default_factory=list)
    shares: dict[str, Bureau] = field(default_factory=dict)  # region code -> bureau


def plan_import_check(*, bureau: Bureau, documents: list[DraftDocument]) -> ImportCheck:
    check = ImportCheck()
    known = set(bureau.departments.values_list("name", flat=True))
    wanted = []
    for document in documents:
        for task in document.tasks:
            for name in [task.lead_department, *task.co_departments]:
                if name and department_name(name) not in known and department_name(name) not in wanted:
                    wanted.append(department_name(name))
    check.new_departments = wanted
    codes = {s.region_code: s for d in documents for t in d.targets for s in t.shares}
    if codes:
        # Shares go only to bureaus under the importing one (as Target.clean requires): a code
        # of another city's county is "not found", not a target pushed into that city.
        below = Bureau.objects.filter(
            region__code__in=codes, region__code__startswith=bureau.region.code_prefix
        ).exclude(pk=bureau.pk).select_related("region")
        found = {}
        for candidate in below:
            # Prefer the bureau the importing bureau supervises directly.
            if candidate.region.code not in found or candidate.parent_id == bureau.pk:
                found[candidate.region.code] = candidate
        for code, share in codes.items():
            if code not in found:
                check.problems.append(ImportProblem(
                    f"找不到行政区划代码 {code}（{share.region_name}）对应的单位，请先在“单位”中建立。", row=share.row
                ))
        check.shares = found
    return check


@dataclass
class ImportResult:
    plans: list[Plan]
    created: int = 0
    updated: int = 0
    deleted: int = 0
    kept_with_reports: int = 0
    new_departments: list[str] = field(default_factory=list)


@transaction.atomic
def plan_import(*, actor, bureau: Bureau, documents: list[DraftDocument], source: str = "") -> ImportResult:
    """Creates or updates one plan per document. All or nothing."""
    if not scoping.bureaus_managed_by(actor).filter(pk=bureau.pk).exists():
        raise PermissionDenied(_("您不能为这个单位导入计划。"))
    check = plan_import_check(bureau=bureau, documents=documents)
    if check.problems:
        raise ValueError(check.problems)
    departments = {d.name: d for d in bureau.departments.all()}
    for name in check.new_departments:
        departments[name] = Department.objects.create(bureau=bureau, name=name)
    result = ImportResult(plans=[], new_departments=check.new_departments)
    for document in documents:
        result.plans.append(_apply(actor, bureau, document, source, departments, check.shares, result))
    return result


def _saved(obj, actor, **kwargs):
    obj._history_user = actor  # who made the change, for django-simple-history
    obj.save(**kwargs)
    return obj


def _apply(actor, bureau, document: DraftDocument, source, departments, share_bureaus, result) -> Plan:
    """Creates or updates one plan. Reads what exists in a few queries, then writes in
    bulk, so a 10,000-row workbook costs a handful of statements, not tens of thousands."""
    plan = Plan.objects.filter(bureau=bureau, year=document.year, title=document.title[:200]).first()
    if plan is None:
        plan = _saved(Plan(bureau=bureau, year=document.year, title=document.title[:200], kind=document.kind,
                           source=source[:255]), actor)
    elif plan.kind != document.kind or (source and not plan.source):
        # The source records where the plan first came from; a re-import does not rewrite it.
        plan.kind, plan.source = document.kind, plan.source or source[:255]
        _saved(plan, actor)
    sections = _sections(plan, document.sections, actor)
    existing_tasks = {
        (t.section_id, t.text): t
        for t in plan.tasks.prefetch_related("co_departments", "targets")
    }
    year_start, year_end = date(document.year, 1, 1), date(document.year, 12, 31)
    # New rows are written as plain values (no model instances); existing ones are compared
    # and updated only where they changed.
    new_tasks, changed_tasks, kept_tasks = [], [], set()
    entries = []  # [task (existing) or index into new_tasks, draft, co-departments]
    for order, draft in enumerate(document.tasks, start=1):
        section = sections.get(draft.section)
        lead = departments.get(department_name(draft.lead_department)) if draft.lead_department else None
        co = [departments[department_name(n)] for n in draft.co_departments if department_name(n) in departments]
        values = {
            "lead_department_id": lead.pk if lead else None, "responsible_leader": draft.leader[:64],
            "responsible_person": draft.person[:64], "deadline": draft.deadline,
            "deadline_text": draft.deadline_text[:100], "order": order,
        }
        task = existing_tasks.get((section.pk if section else None, draft.text))
        if task is None:
            new_tasks.append({"plan_id": plan.pk, "section_id": section.pk if section else None, "text": draft.text,
                              **values})
            entries.append([len(new_tasks) - 1, draft, co])
            continue
        kept_tasks.add(task.pk)
        if any(getattr(task, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(task, k, v)
            changed_tasks.append(task)
        entries.append([task, draft, co])
    new_ids = insert_rows(Task, new_tasks, actor=actor)
    if changed_tasks:
        bulk_update_with_history(changed_tasks, Task, TASK_FIELDS, batch_size=1000, default_user=actor)
    result.created += len(new_tasks)
    result.updated += len(changed_tasks)
    new_links = []
    for entry in entries:
        task, _draft, co = entry
        if isinstance(task, Task):
            if set(task.co_departments.all()) != set(co):
                task.co_departments.set(co)
        else:
            entry[0] = new_ids[task]
            new_links += [(entry[0], d.pk) for d in co]
    insert_links(Task.co_departments.through, "task", "department", new_links)

    new_targets, changed_targets, split_parents, stale_targets = [], [], [], []
    for task, draft, _co in entries:
        end = draft.deadline if draft.deadline and year_start < draft.deadline <= year_end else year_end
        existing = isinstance(task, Task)
        current = {(t.metric, t.order): t for t in task.targets.all() if t.parent_id is None} if existing else {}
        for index, draft_target in enumerate(draft.targets):
            wanted = {
                "metric": draft_target.metric[:200], "value": draft_target.value, "unit": draft_target.unit[:16],
                "comparator": draft_target.comparator, "kind": draft_target.kind, "baseline": draft_target.baseline,
                "period_start": year_start, "period_end": end, "source_text": draft_target.source, "order": index,
            }
            target = current.pop((wanted["metric"], index), None)
            if target is None:
                new_targets.append({"task_id": task.pk if existing else task, **wanted})
                target = len(new_targets) - 1
            elif any(getattr(target, k) != v for k, v in wanted.items()):
                for k, v in wanted.items():
                    setattr(target, k, v)
                changed_targets.append(target)
            if draft_target.shares:
                split_parents.append((target, draft_target))
        stale_targets.extend(current.values())
    new_target_ids = insert_rows(Target, new_targets, actor=actor)
    if changed_targets:
        bulk_update_with_history(changed_targets, Target, TARGET_FIELDS, batch_size=1000, default_user=actor)
    result.created += len(new_targets)
    result.updated += len(changed_targets)
    if split_parents:
        fresh = Target.objects.in_bulk([new_target_ids[t] for t, _ in split_parents if isinstance(t, int)])
        for parent, draft_target in split_parents:
            _shares(fresh[new_target_ids[parent]] if isinstance(parent, int) else parent, draft_target,
                    share_bureaus, result, actor)
    for target in stale_targets:
        _remove(target, result)
    for task in existing_tasks.values():
        if task.pk in kept_tasks:
            continue
        if Target.objects.filter(task=task, reports__isnull=False).exists():
            result.kept_with_reports += 1
            continue
        task.delete()
        result.deleted += 1
    plan.sections.exclude(pk__in=[s.pk for s in sections.values()]).filter(
        tasks__isnull=True, children__isnull=True
    ).delete()
    return plan


TASK_FIELDS = ["lead_department", "responsible_leader", "responsible_person", "deadline", "deadline_text", "order"]
TARGET_FIELDS = ["metric", "value", "unit", "comparator", "kind", "baseline", "period_start", "period_end",
                 "source_text", "order"]


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


def _shares(parent: Target, draft_target, share_bureaus, result, actor) -> None:
    children = {c.assigned_bureau_id: c for c in parent.children.all()}
    for index, share in enumerate(draft_target.shares):
        bureau = share_bureaus[share.region_code]
        wanted = {"metric": parent.metric, "value": share.value, "unit": parent.unit, "comparator": parent.comparator,
                  "kind": parent.kind, "baseline": share.baseline, "period_start": parent.period_start,
                  "period_end": parent.period_end, "source_text": parent.source_text, "order": index + 1}
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
        _remove(child, result)


def _remove(target: Target, result: ImportResult) -> None:
    if target.reports.exists():
        result.kept_with_reports += 1  # history is never thrown away by an import
        return
    target.delete()
    result.deleted += 1


@transaction.atomic
def plan_publish(*, actor, plan: Plan) -> Plan:
    """Makes a draft plan live: its targets appear in the officers' 我的任务."""
    if not scoping.plans_managed_by(actor).filter(pk=plan.pk).exists():
        raise PermissionDenied(_("您不能发布这个计划。"))
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == Plan.Status.DRAFT:
        plan.status = Plan.Status.PUBLISHED
        plan.save(update_fields=["status", "updated_at"])
    return plan



@transaction.atomic
def plan_review_save(*, actor, plan: Plan, target_changes: list, deleted_targets: list, task_changes: list) -> None:
    """The admin's corrections to a draft: changed targets and tasks saved, removed targets
    deleted (only those without reports), all at once."""
    if not scoping.plans_managed_by(actor).filter(pk=plan.pk).exists():
        raise PermissionDenied(_("您不能修改这个计划。"))
    for obj in [*target_changes, *task_changes]:
        owner = obj.plan_id if isinstance(obj, Task) else obj.task.plan_id
        if owner != plan.pk:
            raise PermissionDenied(_("只能修改本计划的内容。"))
        obj.full_clean()
        _saved(obj, actor)
    for target in deleted_targets:
        if target.task.plan_id != plan.pk:
            raise PermissionDenied(_("只能修改本计划的内容。"))
        if not target.reports.exists():
            target._history_user = actor
            target.delete()
