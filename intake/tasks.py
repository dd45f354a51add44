"""Background jobs. The task takes only the job's id; everything else is read from the
database, so it runs the same in a worker process as in the request."""

from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .run import preview_workbook
from .models import ImportJob
from .services import plan_import


def _progress(job: ImportJob, **fields) -> None:
    ImportJob.objects.filter(pk=job.pk).update(**fields)


@task()
def run_plan_import(job_id: int) -> None:
    job = ImportJob.objects.select_related("bureau", "user").get(pk=job_id)
    _progress(job, status=ImportJob.Status.RUNNING, progress=10)
    try:
        with default_storage.open(job.path, "rb") as stored:
            data = stored.read()
        preview = preview_workbook(data, job.filename, job.bureau, job.year)
        if not preview.ok:
            problems = "；".join(str(p) for p in preview.problems[:20])
            _progress(job, status=ImportJob.Status.FAILED, progress=100, finished_at=timezone.now(),
                      message=f"发现 {len(preview.problems)} 个问题，未写入任何数据：{problems}")
            return
        _progress(job, progress=40)
        with transaction.atomic():
            result = plan_import(actor=job.user, bureau=job.bureau, documents=preview.documents, source=job.filename)
            job.plans.set(result.plans)
        _progress(job, status=ImportJob.Status.DONE, progress=100, finished_at=timezone.now(),
                  message=f"已导入 {len(result.plans)} 个计划：新建 {result.created}、更新 {result.updated}、"
                          f"删除 {result.deleted} 项。")
    except Exception as error:  # the job page must say what happened, whatever it was
        _progress(job, status=ImportJob.Status.FAILED, progress=100, finished_at=timezone.now(),
                  message=f"导入失败，未写入任何数据：{error}")
        raise
    finally:
        default_storage.delete(job.path)
