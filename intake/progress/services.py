"""Confirming a previewed 填报表: every row becomes a report through the form's own
service (targets.services.progress_report_submit: scope, row lock, stale check, review
state), all in one transaction: one refused row and nothing is stored."""

from datetime import date
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.history import records_actor
from targets.models import ProgressReport, Target
from targets.services import AlreadySubmitted, StaleForm, progress_report_submit


class BatchRefused(Exception):
    """Nothing was stored; `problems` says which rows and why."""

    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


@records_actor
@transaction.atomic
def progress_reports_submit_batch(*, actor, rows: list[dict]) -> list[ProgressReport]:
    """Stores the reports of a confirmed preview (rows as `PreviewRow.stored()` gives them),
    all or nothing. A row whose target changed again since the preview, or a preview already
    confirmed, refuses the whole batch."""
    targets = Target.objects.in_bulk([row["target_id"] for row in rows])
    reports, problems = [], []
    for row in rows:
        target = targets.get(row["target_id"])
        where = f"第 {row['row']} 行（{row['metric']}）"
        try:
            if target is None:
                raise PermissionDenied
            with transaction.atomic():
                reports.append(
                    progress_report_submit(
                        actor=actor,
                        target=target,
                        value=Decimal(row["value"]),
                        as_of=date.fromisoformat(row["as_of"]),
                        note=row["note"],
                        version=row["version"],
                        submission_key=UUID(row["key"]),
                    )
                )
        except AlreadySubmitted:
            raise BatchRefused(["这份填报表已经提交过，没有重复保存。"]) from None
        except StaleForm:
            problems.append(f"{where}：预览之后这个指标又有新的填报或改动，请重新上传。")
        except PermissionDenied:
            problems.append(f"{where}：您不能填报这个指标。")
        except ValidationError as error:
            problems.append(f"{where}：{'；'.join(error.messages)}")
    if problems:
        raise BatchRefused(problems)
    return reports
