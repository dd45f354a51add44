import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.numbers import decimal_problem
from plans.models import Plan, Task
from units.models import Bureau

VALUE = {"max_digits": 18, "decimal_places": 4}
STORED_DIGITS = VALUE  # checked with core.numbers.decimal_problem in clean(): see there why


def _check_decimals(instance, *names) -> None:
    errors = {}
    for name in names:
        value = getattr(instance, name)
        problem = None if value is None else decimal_problem(value, **STORED_DIGITS)
        if problem:
            errors[name] = problem
    if errors:
        raise ValidationError(errors)


class TargetQuerySet(models.QuerySet):
    """Any bulk change may change a status: the rows changed are marked for the 驾驶舱's
    stored status to be recomputed (see `Target.stored_status`)."""

    def update(self, **kwargs):
        if not {"stored_status", "status_on"} & kwargs.keys():
            kwargs["status_on"] = None
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        if "status_on" not in fields:
            for obj in objs:
                obj.status_on = None
            fields = [*fields, "status_on"]
        return super().bulk_update(objs, fields, batch_size=batch_size)


class Target(models.Model):
    """A measurable target (指标) of a task. A target split among sub-units has child
    targets, each assigned to a bureau, whose results roll up into it.

    The 驾驶舱 counts statuses over tens of thousands of targets per page, so it reads each
    target's status, plan, owner bureau and owner's division code from columns of the target
    itself instead of computing them with joins on every request. `targets.selectors.
    refresh_statuses` fills them in one statement: for every row on a new day (or new status
    thresholds), and otherwise for the rows whose `status_on` a save or a queryset update has
    cleared.
    """

    class Comparator(models.TextChoices):
        GTE = "gte", "≥"
        LTE = "lte", "≤"
        EQ = "eq", "="

    class Kind(models.TextChoices):
        COUNT = "count", _("数量")
        AMOUNT = "amount", _("金额")
        PERCENT_GROWTH = "percent_growth", _("增长率")
        RATIO = "ratio", _("比例/占比")
        FREQUENCY = "frequency", _("频次")
        QUALITATIVE = "qualitative", _("定性")

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="targets")
    metric = models.CharField(_("指标名称"), max_length=200)
    value = models.DecimalField(_("目标值"), null=True, blank=True, **VALUE)
    unit = models.CharField(_("单位"), max_length=16, blank=True)
    comparator = models.CharField(_("比较"), max_length=8, choices=Comparator.choices, default=Comparator.GTE)
    kind = models.CharField(_("类型"), max_length=32, choices=Kind.choices, default=Kind.COUNT)
    baseline = models.DecimalField(_("基数"), null=True, blank=True, **VALUE)
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    parent = models.ForeignKey(
        "self", verbose_name=_("上级指标"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    assigned_bureau = models.ForeignKey(
        Bureau,
        verbose_name=_("分解到单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_targets",
    )
    source_text = models.TextField(_("原文"), blank=True, help_text=_("指标读取自的原句。"))
    current_value = models.DecimalField(_("当前值"), null=True, blank=True, **VALUE)
    last_reported_on = models.DateField(_("最近填报截至日期"), null=True, blank=True)
    order = models.PositiveIntegerField(_("顺序"), default=0)
    # Derived, for the 驾驶舱; never edited (see the class docstring).
    stored_status = models.CharField(_("状态"), max_length=16, blank=True, default="", db_default="", editable=False)
    status_on = models.DateField(_("状态计算日期"), null=True, blank=True, editable=False)
    owner = models.ForeignKey(
        Bureau,
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="owned_targets",
    )
    owner_code = models.CharField(
        _("所属单位区划代码"), max_length=12, blank=True, default="", db_default="", editable=False
    )
    plan = models.ForeignKey(
        Plan, verbose_name=_("计划"), null=True, blank=True, editable=False, on_delete=models.CASCADE, related_name="+"
    )
    history = HistoricalRecords(
        verbose_name=_("指标变更记录"), excluded_fields=["stored_status", "status_on", "owner", "owner_code", "plan"]
    )

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["task", "order", "pk"]
        indexes = [
            # Only the rows whose stored status must be recomputed: a small index, read at
            # every 驾驶舱 page.
            models.Index(fields=["status_on"], condition=Q(status_on__isnull=True), name="target_status_stale"),
            # The 驾驶舱's lists: earliest deadline first, read in index order up to the limit,
            # for several statuses at once and for one.
            models.Index(fields=["period_end", "owner_code", "id"], name="target_attention"),
            models.Index(fields=["stored_status", "period_end", "owner_code", "id"], name="target_status_attention"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="target_period_positive",
                violation_error_message=_("截止日期应晚于起始日期。"),
            ),
            models.CheckConstraint(
                condition=Q(comparator__in=["gte", "lte", "eq"]),
                name="target_comparator_valid",
                violation_error_message=_("比较方式只能是 ≥、≤ 或 =。"),
            ),
            models.CheckConstraint(
                condition=Q(kind="qualitative") | Q(value__isnull=False),
                name="target_value_required_unless_qualitative",
                violation_error_message=_("定量指标必须有目标值。"),
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | Q(assigned_bureau__isnull=False),
                name="target_split_child_has_bureau",
                violation_error_message=_("分解指标必须指定承担单位。"),
            ),
        ]

    def __str__(self):
        if self.value is None:
            return self.metric
        return f"{self.metric} {self.get_comparator_display()} {self.value.normalize():f}{self.unit}"

    def save(self, *args, **kwargs):
        self.status_on = None  # the next rollup recomputes the stored status
        if kwargs.get("update_fields") is not None and "status_on" not in kwargs["update_fields"]:
            kwargs["update_fields"] = [*kwargs["update_fields"], "status_on"]
        super().save(*args, **kwargs)

    def clean(self):
        _check_decimals(self, "value", "baseline")
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("指标不能是自己的上级。")})
        if self.parent_id and self.task_id and self.parent.task_id != self.task_id:
            # A share lives under its parent's task, so it belongs to the parent's plan.
            raise ValidationError({"parent": _("分解指标应与上级指标属于同一项任务。")})
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("分解指标不能再作为上级指标。")})
        if self.assigned_bureau_id and self.task_id:
            plan_bureau = self.task.plan.bureau
            if not _is_under(self.assigned_bureau, plan_bureau):
                raise ValidationError(
                    {"assigned_bureau": _("只能分解到%(bureau)s所属的下级单位。") % {"bureau": plan_bureau.name}}
                )


def _is_under(bureau: Bureau, supervisor: Bureau) -> bool:
    """Whether `bureau` is `supervisor` or below it (the bureau tree is a few levels deep)."""
    seen = set()
    while bureau is not None and bureau.pk not in seen:
        if bureau.pk == supervisor.pk:
            return True
        seen.add(bureau.pk)
        bureau = bureau.parent
    return False


class Milestone(models.Model):
    """A value a target is expected to reach by a date inside its period (一季度…四季度
    values, a deadline before the period's end): the status judges the target against the
    latest milestone passed instead of a straight line (see `targets.status.due_by`)."""

    target = models.ForeignKey(Target, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="milestones")
    due = models.DateField(_("节点日期"))
    value = models.DecimalField(_("应达到"), **VALUE)
    label = models.CharField(_("节点"), max_length=32, blank=True, help_text=_("如“一季度”“6月底前”。"))

    class Meta:
        verbose_name = _("时间节点")
        verbose_name_plural = _("时间节点")
        ordering = ["target", "due"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "due"],
                name="milestone_unique_due",
                violation_error_message=_("同一指标的节点日期不能重复。"),
            ),
        ]

    def __str__(self):
        return f"{self.label or self.due} {self.value.normalize():f}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        Target.objects.filter(pk=self.target_id).update(status_on=None)  # the status depends on it

    def delete(self, *args, **kwargs):
        target_id = self.target_id
        result = super().delete(*args, **kwargs)
        Target.objects.filter(pk=target_id).update(status_on=None)
        return result

    def clean(self):
        target = self.target if self.target_id else None
        if target is not None and not target.period_start <= self.due <= target.period_end:
            raise ValidationError(
                {
                    "due": _("节点日期应在指标周期 %(start)s 至 %(end)s 之内。")
                    % {"start": target.period_start, "end": target.period_end}
                }
            )


class StatusRefresh(models.Model):
    """One row: the day and status thresholds for which every target's stored status was
    last computed (see `targets.selectors.refresh_statuses`)."""

    key = models.CharField(max_length=64, blank=True)
    # Plans saved after this moment have targets whose stored status may be stale.
    plans_seen = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("状态计算记录")
        verbose_name_plural = _("状态计算记录")

    def __str__(self):
        return self.key


def evidence_upload_to(instance, filename):
    # Never trust the uploaded name on disk: a generated name keeps only the extension.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"evidence/{instance.report.as_of:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ProgressReport(models.Model):
    """One report of a target's cumulative value as of a date. Append-only history:
    a correction is a new report, never an edit."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("待审核")
        APPROVED = "approved", _("已通过")
        RETURNED = "returned", _("已退回")
        WITHDRAWN = "withdrawn", _("已撤回")  # by its reporter, before review

    target = models.ForeignKey(Target, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="reports")
    value = models.DecimalField(_("累计完成值"), **VALUE)
    as_of = models.DateField(_("截至日期"))
    note = models.TextField(_("进展说明"), blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.PROTECT, related_name="progress_reports"
    )
    state = models.CharField(_("审核状态"), max_length=16, choices=State.choices, default=State.SUBMITTED)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewed_reports",
    )
    reason = models.TextField(_("退回原因"), blank=True)
    submitted_at = models.DateTimeField(_("填报时间"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    # The report form's one-time key: the same form posted twice stores one report.
    submission_key = models.UUIDField(_("提交标识"), null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords(verbose_name=_("填报变更记录"))

    class Meta:
        verbose_name = _("进展填报")
        verbose_name_plural = _("进展填报")
        ordering = ["-as_of", "-submitted_at"]
        indexes = [
            models.Index(fields=["target", "-as_of"], name="report_target_as_of"),
            # The review queue reads only submitted reports: a small partial index serves it.
            models.Index(fields=["submitted_at"], condition=Q(state="submitted"), name="report_waiting"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["submitted", "approved", "returned", "withdrawn"]),
                name="report_state_valid",
                violation_error_message=_("审核状态无效。"),
            ),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(reason=""),
                name="report_returned_has_reason",
                violation_error_message=_("退回时必须说明原因。"),
            ),
        ]

    def __str__(self):
        return f"{self.target.metric} · {self.as_of} · {self.value.normalize():f}"

    def clean(self):
        _check_decimals(self, "value")


class Evidence(models.Model):
    """A file attached to a progress report, stored under a generated name."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("填报"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("文件"), upload_to=evidence_upload_to)
    original_name = models.CharField(_("原文件名"), max_length=255)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name

    @property
    def preview_kind(self) -> str:
        """ "image" or "pdf" for a file a page can show in place (its content was checked on
        upload), else ""."""
        suffix = PurePath(self.file.name).suffix.lower()
        return {".png": "image", ".jpg": "image", ".jpeg": "image", ".pdf": "pdf"}.get(suffix, "")


class Nudge(models.Model):
    """A leader's reminder (催办) to the department, or bureau, responsible for a target."""

    target = models.ForeignKey(Target, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="nudges")
    bureau = models.ForeignKey(Bureau, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="nudges")
    department = models.ForeignKey(
        "units.Department",
        verbose_name=_("科室"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="nudges",
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("催办人"), on_delete=models.PROTECT, related_name="nudges_sent"
    )
    message = models.CharField(_("催办内容"), max_length=500)
    created_at = models.DateTimeField(_("催办时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("催办")
        verbose_name_plural = _("催办")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["bureau", "department", "-created_at"], name="nudge_recipient_recent")]

    def __str__(self):
        return f"{self.target.metric} · {self.created_at:%Y-%m-%d}"
