from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.models import Plan
from units.models import Bureau


class ImportJob(models.Model):
    """A workbook import running in the background, with its progress for the admin."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("导入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    bureau = models.ForeignKey(Bureau, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="import_jobs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.CASCADE, related_name="import_jobs")
    path = models.CharField(_("文件"), max_length=255)
    filename = models.CharField(_("文件名"), max_length=255)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    message = models.TextField(_("结果"), blank=True)
    plans = models.ManyToManyField(Plan, verbose_name=_("导入的计划"), blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at"]
        db_table = "plans_importjob"  # the table it had in plans, taken over as it is

    def __str__(self):
        return self.filename
