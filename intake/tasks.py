"""Background jobs. The task takes only the job's id; everything else is read from the
database and from the drafts file the confirmation left (the workbook is not read again),
so it runs the same in a worker process as in the request."""

import json

from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .models import ImportJob
from .run import drafts_from_data
from .services import ConfirmedProfile, ImportProblems, plan_import


def _progress(job: ImportJob, **fields) -> None:
    ImportJob.objects.filter(pk=job.pk).update(**fields)


@task()
def run_plan_import(job_id: int) -> None:
    job = ImportJob.objects.select_related("bureau", "user").get(pk=job_id)
    _progress(job, status=ImportJob.Status.RUNNING, progress=10)
    try:
        with default_storage.open(job.path, "rb") as stored:
            payload = json.loads(stored.read())
        documents = drafts_from_data(payload["documents"])
        departments = {name: chosen for name, chosen in (payload.get("departments") or {}).items()}
        profiles = [ConfirmedProfile(**p) for p in payload.get("profiles") or []]
        _progress(job, progress=40)
        with transaction.atomic():
            result = plan_import(actor=job.user, bureau=job.bureau, documents=documents, source=job.filename,
                                 department_choices=departments, profiles=profiles)
            job.plans.set(result.plans)
        _progress(job, status=ImportJob.Status.DONE, progress=100, finished_at=timezone.now(),
                  message=f"已导入 {len(result.plans)} 个计划：新建 {result.created}、更新 {result.updated}、"
                          f"删除 {result.deleted} 项。")
    except ImportProblems as problems:
        _progress(job, status=ImportJob.Status.FAILED, progress=100, finished_at=timezone.now(),
                  message=f"发现 {len(problems.problems)} 个问题，未写入任何数据：{problems}")
    except Exception as error:  # the job page must say what happened, whatever it was
        _progress(job, status=ImportJob.Status.FAILED, progress=100, finished_at=timezone.now(),
                  message=f"导入失败，未写入任何数据：{error}")
        raise
    finally:
        default_storage.delete(job.path)
