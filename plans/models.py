from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.models import Bureau, Department


class Plan(models.Model):
    """A work plan (工作计划) of one bureau for one year."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("年度工作计划")
        KEY_POINTS = "key_points", _("工作要点")
        LEGAL = "legal", _("普法工作计划")
        RECTIFICATION = "rectification", _("整改方案")
        SPECIAL = "special", _("专项工作方案")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        ARCHIVED = "archived", _("已归档")

    class Cycle(models.TextChoices):
        MONTHLY = "monthly", _("每月")
        QUARTERLY = "quarterly", _("每季度")
        HALF_YEARLY = "half_yearly", _("每半年")

    bureau = models.ForeignKey(Bureau, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("标题"), max_length=200)
    kind = models.CharField(_("类型"), max_length=32, choices=Kind.choices, default=Kind.ANNUAL)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    reporting_cycle = models.CharField(_("填报周期"), max_length=16, choices=Cycle.choices, default=Cycle.MONTHLY)
    requires_review = models.BooleanField(
        _("填报需审核"), default=True, help_text=_("开启后，只有领导审核通过的填报才计入指标当前值。")
    )
    source = models.CharField(_("来源"), max_length=255, blank=True, help_text=_("导入自哪个工作簿或文件。"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    # The 驾驶舱 recomputes the stored statuses of the targets of a plan saved since its last
    # look (the cycle decides 未填报): see targets.selectors.refresh_statuses.
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)
    history = HistoricalRecords(verbose_name=_("工作计划变更记录"))

    class Meta:
        verbose_name = _("工作计划")
        verbose_name_plural = _("工作计划")
        ordering = ["-year", "bureau__region__code", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "year", "title"],
                name="plan_unique_title_per_bureau_year",
                violation_error_message=_("该单位当年已有同名计划。"),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="plan_year_in_range",
                violation_error_message=_("年度应在 2000 至 2100 之间。"),
            ),
        ]

    def __str__(self):
        return self.title


class Section(models.Model):
    """A heading of the plan's outline, nested to any depth, with the label as written
    ("一", "(一)", "1", "一是")."""

    plan = models.ForeignKey(Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", verbose_name=_("上级章节"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    label = models.CharField(_("序号"), max_length=16)
    title = models.CharField(_("标题"), max_length=500)
    order = models.PositiveIntegerField(_("顺序"), default=0)
    history = HistoricalRecords(verbose_name=_("章节变更记录"))

    class Meta:
        verbose_name = _("章节")
        verbose_name_plural = _("章节")
        ordering = ["plan", "order"]
        constraints = [
            # Two partial constraints because NULL parents never collide in a plain one.
            models.UniqueConstraint(
                fields=["plan", "label"],
                condition=Q(parent__isnull=True),
                name="section_unique_top_label",
                violation_error_message=_("同一计划的顶层章节序号不能重复。"),
            ),
            models.UniqueConstraint(
                fields=["parent", "label"],
                condition=Q(parent__isnull=False),
                name="section_unique_label_in_parent",
                violation_error_message=_("同一章节下的序号不能重复。"),
            ),
        ]

    def __str__(self):
        return self.heading

    @property
    def heading(self) -> str:
        """The heading as a document writes it: "一、标题", "(一)标题", "1.标题", "一是标题"."""
        if self.label and self.label[-1] in "一二三四五六七八九十百零":
            return f"{self.label}、{self.title}"
        if self.label and self.label[-1].isdigit():
            return f"{self.label}.{self.title}"
        return f"{self.label}{self.title}"

    def clean(self):
        if self.parent_id and self.plan_id and self.parent.plan_id != self.plan_id:
            raise ValidationError({"parent": _("上级章节不属于同一计划。")})


class Task(models.Model):
    """A task or measure (任务/措施). The first department named leads; the rest co-own it."""

    plan = models.ForeignKey(Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(
        Section, verbose_name=_("章节"), null=True, blank=True, on_delete=models.CASCADE, related_name="tasks"
    )
    text = models.TextField(_("任务内容"))
    lead_department = models.ForeignKey(
        Department,
        verbose_name=_("牵头部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    co_departments = models.ManyToManyField(
        Department, verbose_name=_("配合部门"), blank=True, related_name="co_owned_tasks"
    )
    # A task the whole bureau carries (全局共同负责): no one department leads it, so every
    # officer of the bureau sees and reports on its targets and a 催办 goes to all of them.
    bureau_wide = models.BooleanField(
        _("全局共同负责"),
        default=False,
        help_text=_("没有单一牵头科室、由全局共同负责的任务：本局所有填报员都能看到并填报其指标。"),
    )
    responsible_leader = models.CharField(_("责任领导"), max_length=64, blank=True)
    responsible_person = models.CharField(_("责任人"), max_length=64, blank=True)
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    deadline_text = models.CharField(
        _("完成时限（原文）"), max_length=100, blank=True, help_text=_("如“2024年12月”“长期”“每季度1次”。")
    )
    order = models.PositiveIntegerField(_("顺序"), default=0)
    history = HistoricalRecords(verbose_name=_("任务变更记录"), m2m_fields=[co_departments])

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["plan", "order"]

    def __str__(self):
        return self.text[:40]

    def clean(self):
        if self.section_id and self.plan_id and self.section.plan_id != self.plan_id:
            raise ValidationError({"section": _("章节不属于同一计划。")})
        if self.lead_department_id and self.plan_id and self.lead_department.bureau_id != self.plan.bureau_id:
            raise ValidationError({"lead_department": _("牵头部门不属于计划所在单位。")})
        if self.lead_department_id and self.bureau_wide:
            raise ValidationError({"bureau_wide": _("已指定牵头部门的任务不能再标为全局共同负责。")})
