from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.models import Plan
from units.models import Bureau, Department


class ImportJob(models.Model):
    """A workbook import running in the background, with its progress for the admin."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("导入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    bureau = models.ForeignKey(Bureau, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="import_jobs")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.CASCADE, related_name="import_jobs"
    )
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


class PendingImport(models.Model):
    """A previewed workbook waiting for the admin's confirmation: the drafts exactly as the
    preview showed them (confirm writes these, it does not read the file again), the file
    (kept so the admin's corrections can be applied and the preview recomputed) and those
    corrections. `expire_imports` deletes the ones never confirmed."""

    token = models.CharField(max_length=32, unique=True)
    bureau = models.ForeignKey(Bureau, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="pending_imports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.CASCADE, related_name="pending_imports"
    )
    path = models.CharField(_("文件"), max_length=255)
    filename = models.CharField(_("文件名"), max_length=255)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    choices = models.JSONField(_("表头与列的更正"), default=dict, blank=True)
    documents = models.JSONField(_("预览的草稿"), default=list, blank=True)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("待确认的导入")
        verbose_name_plural = _("待确认的导入")

    def __str__(self):
        return self.filename


class ImportProfile(models.Model):
    """A bureau's confirmed mapping for one header (keyed by the header's signature): the
    header rows and each column's role, applied by itself the next time that header comes."""

    bureau = models.ForeignKey(Bureau, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="import_profiles")
    signature = models.CharField(_("表头签名"), max_length=64)
    header = models.CharField(_("表头"), max_length=500, blank=True)
    choice = models.JSONField(_("列的用途"), default=dict)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("导入方案")
        verbose_name_plural = _("导入方案")
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "signature"],
                name="one_profile_per_header",
                violation_error_message=_("这个单位已有此表头的导入方案。"),
            )
        ]

    def __str__(self):
        return self.header[:60]


class DepartmentAlias(models.Model):
    """A name a bureau's workbooks use for one of its departments (高新科 for 高新技术科),
    confirmed in an import's preview."""

    bureau = models.ForeignKey(
        Bureau, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="department_aliases"
    )
    alias = models.CharField(_("工作簿中的名称"), max_length=64)
    department = models.ForeignKey(Department, verbose_name=_("科室"), on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name = _("科室别名")
        verbose_name_plural = _("科室别名")
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "alias"],
                name="one_department_per_alias",
                violation_error_message=_("这个名称已对应到一个科室。"),
            )
        ]

    def __str__(self):
        return f"{self.alias} → {self.department}"
