"""Background jobs. The task takes only the job's id; everything else is read from the
database and from the file the request left (the drafts a confirmed preview showed, or a long
plan text), so it runs the same in a worker process as in the request."""

import json
from contextlib import contextmanager

from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.parsing.document import parse_document

from .models import ImportJob
from .run import drafts_from_data
from .services import ConfirmedProfile, ImportProblems, plan_import


def _progress(job: ImportJob, **fields) -> None:
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def _end(job: ImportJob, status: str, message: str) -> None:
    _progress(job, status=status, progress=100, finished_at=timezone.now(), message=message)


@contextmanager
def _running(job_id: int):
    """The job, marked running; whatever happens inside, the job page says how it ended and
    the job's file is removed."""
    job = ImportJob.objects.select_related("bureau", "user").get(pk=job_id)
    _progress(job, status=ImportJob.Status.RUNNING, progress=10)
    try:
        yield job
    except ImportProblems as problems:
        _end(
            job,
            ImportJob.Status.FAILED,
            _("发现 %(n)d 个问题，未写入任何数据：%(problems)s") % {"n": len(problems.problems), "problems": problems},
        )
    except Exception as error:  # the job page must say what happened, whatever it was
        _end(job, ImportJob.Status.FAILED, _("导入失败，未写入任何数据：%(error)s") % {"error": error})
        raise
    finally:
        default_storage.delete(job.path)


@task()
def run_plan_import(job_id: int) -> None:
    with _running(job_id) as job:
        with default_storage.open(job.path, "rb") as stored:
            payload = json.loads(stored.read())
        documents = drafts_from_data(payload["documents"])
        departments = {name: chosen for name, chosen in (payload.get("departments") or {}).items()}
        profiles = [ConfirmedProfile(**p) for p in payload.get("profiles") or []]
        _progress(job, progress=40)
        with transaction.atomic():
            result = plan_import(
                actor=job.user,
                bureau=job.bureau,
                documents=documents,
                source=job.filename,
                department_choices=departments,
                profiles=profiles,
            )
            job.plans.set(result.plans)
        _end(
            job,
            ImportJob.Status.DONE,
            _("已导入 %(plans)d 个计划：新建 %(created)d、更新 %(updated)d、删除 %(deleted)d 项。")
            % {
                "plans": len(result.plans),
                "created": result.created,
                "updated": result.updated,
                "deleted": result.deleted,
            },
        )


@task()
def run_text_import(job_id: int) -> None:
    """A long plan text, parsed and written as drafts by the worker (see
    `plans.parsing.sources.parse_in_background`)."""
    with _running(job_id) as job:
        with default_storage.open(job.path, "rb") as stored:
            text = stored.read().decode("utf-8")
        documents = [parsed.draft for parsed in parse_document(text, job.year) if parsed.draft.tasks]
        _progress(job, progress=60)
        if not documents:
            _end(job, ImportJob.Status.FAILED, _("没有在文本中找到计划的章节或任务。请确认上传的是计划正文。"))
            return
        with transaction.atomic():
            result = plan_import(actor=job.user, bureau=job.bureau, documents=documents, source=job.filename)
            job.plans.set(result.plans)
        _end(
            job, ImportJob.Status.DONE, _("已生成 %(n)d 个计划草稿，请逐项核对指标后发布。") % {"n": len(result.plans)}
        )
