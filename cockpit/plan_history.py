"""变更记录: who changed what in a plan, its sections, tasks and targets, and when."""

from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby

from plans.models import Plan, Section, Task
from targets.models import Target

ACTIONS = {"+": "新建", "~": "修改", "-": "删除"}
SKIPPED_FIELDS = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
    "history_user_id",
    "id",
    "updated_at",
    "created_at",
    "current_value",
    "last_reported_on",
}


@dataclass
class Change:
    when: datetime
    who: str
    what: str
    name: str
    action: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)


def plan_changes(plan: Plan, limit: int = 300) -> list[Change]:
    """Every recorded change to the plan, its sections, tasks and targets, newest first,
    with the fields that changed (old → new). One query per kind of record."""
    sources = [
        (Plan.history.filter(id=plan.pk), Plan, lambda r: r.title),
        (Section.history.filter(plan_id=plan.pk), Section, lambda r: f"{r.label} {r.title}"),
        (Task.history.filter(plan_id=plan.pk), Task, lambda r: r.text[:40]),
        (Target.history.filter(task__plan_id=plan.pk), Target, lambda r: r.metric),
    ]
    changes = []
    for records, model, describe in sources:
        records = list(records.select_related("history_user").order_by("id", "history_date", "history_id")[: limit * 4])
        recorded = {f.attname for f in model.history.model._meta.concrete_fields}
        concrete = [f for f in model._meta.concrete_fields if f.attname in recorded and f.attname not in SKIPPED_FIELDS]
        for _, versions in groupby(records, key=lambda r: r.id):
            previous = None
            for record in versions:
                diffs = []
                if previous is not None and record.history_type == "~":
                    for f in concrete:
                        old, new = getattr(previous, f.attname), getattr(record, f.attname)
                        if old != new:
                            diffs.append((str(f.verbose_name), _text(old), _text(new)))
                if record.history_type != "~" or diffs:
                    user = record.history_user
                    changes.append(
                        Change(
                            when=record.history_date,
                            who=(user.get_full_name() or user.username) if user else "系统",
                            what=str(model._meta.verbose_name),
                            name=describe(record),
                            action=ACTIONS[record.history_type],
                            fields=diffs,
                        )
                    )
                previous = record
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes[:limit]


def _text(value) -> str:
    if value is None or value == "":
        return "—"
    return str(value)
