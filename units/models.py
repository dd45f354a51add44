from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

division_code_validator = RegexValidator(r"^\d{6}$", _("行政区划代码应为 6 位数字。"))


def division_prefix(code: str, level: str) -> str:
    """The leading digits every division under this one shares: a province's first 2, a
    city's first 4, a county's all 6 (GB/T 2260)."""
    return {"province": code[:2], "city": code[:4]}.get(level, code)


class Region(models.Model):
    """An administrative division. The 6-digit code is hierarchical by itself:
    the province is its first 2 digits, the city its first 4."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省")
        CITY = "city", _("市")
        COUNTY = "county", _("县（区）")

    code = models.CharField(_("行政区划代码"), max_length=6, unique=True, validators=[division_code_validator])
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=["province", "city", "county"]),
                name="region_level_valid",
                violation_error_message=_("级别只能是省、市或县（区）。"),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def code_prefix(self) -> str:
        return division_prefix(self.code, self.level)

    def clean(self):
        expected_parent = {"city": "province", "county": "city"}.get(self.level)
        if self.level == self.Level.PROVINCE and self.parent_id:
            raise ValidationError({"parent": _("省级行政区没有上级。")})
        if expected_parent and self.parent and self.parent.level != expected_parent:
            raise ValidationError({"parent": _("上级行政区的级别不对。")})
        if self.parent and self.code and not self.code.startswith(self.parent.code_prefix):
            raise ValidationError(
                {
                    "code": _("行政区划代码 %(code)s 不在上级 %(parent)s 之下。")
                    % {"code": self.code, "parent": self.parent.code}
                }
            )


class Bureau(models.Model):
    """A government unit (单位) such as 聊城市科学技术局, in one region.
    `parent` is the bureau that supervises this one, if any."""

    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    region = models.ForeignKey(Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="bureaus")
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["region__code", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("单位不能是自己的上级。")})


class Department(models.Model):
    """A department (科室/处室) of a bureau."""

    bureau = models.ForeignKey(Bureau, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="departments")
    name = models.CharField(_("科室名称"), max_length=64)
    # Departments are also created by imports (a name the bureau did not have): who and when.
    history = HistoricalRecords(verbose_name=_("科室变更记录"))

    class Meta:
        verbose_name = _("科室")
        verbose_name_plural = _("科室")
        ordering = ["bureau", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "name"],
                name="department_unique_name_in_bureau",
                violation_error_message=_("该单位已有同名科室。"),
            ),
        ]

    def __str__(self):
        return f"{self.bureau.name} · {self.name}"


class Membership(models.Model):
    """A user's role in a bureau, optionally within one department."""

    class Role(models.TextChoices):
        OFFICER = "officer", _("填报员")
        LEADER = "leader", _("领导")
        ADMIN = "admin", _("管理员")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    bureau = models.ForeignKey(Bureau, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="memberships")
    department = models.ForeignKey(
        Department, verbose_name=_("科室"), null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("成员")
        verbose_name_plural = _("成员")
        ordering = ["bureau", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "bureau"],
                name="membership_one_per_user_and_bureau",
                violation_error_message=_("该用户在这个单位已有角色。"),
            ),
            models.CheckConstraint(
                condition=Q(role__in=["officer", "leader", "admin"]),
                name="membership_role_valid",
                violation_error_message=_("角色只能是填报员、领导或管理员。"),
            ),
        ]

    def __str__(self):
        where = self.department.name if self.department_id else self.bureau.name
        return f"{self.user} · {where} · {self.get_role_display()}"

    def clean(self):
        if self.department_id and self.bureau_id and self.department.bureau_id != self.bureau_id:
            raise ValidationError({"department": _("科室不属于所选单位。")})
