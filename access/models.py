from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

phone_validator = RegexValidator(r"^1\d{10}$", _("手机号应为以 1 开头的 11 位数字。"))


class Profile(models.Model):
    """What the product keeps about a person beyond Django's user: the mobile number that
    colleagues and reminders reach them on. The name is the user's first_name (姓名, one field)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="profile"
    )
    phone = models.CharField(_("手机号"), max_length=11, blank=True, validators=[phone_validator])

    class Meta:
        verbose_name = _("用户资料")
        verbose_name_plural = _("用户资料")

    def __str__(self):
        return self.phone or str(self.user)


class PersonChange(models.Model):
    """The audit trail of user management: who did what to whose account, and when."""

    class Action(models.TextChoices):
        CREATED = "created", _("新增")
        UPDATED = "updated", _("修改")
        PASSWORD = "password", _("重置密码")
        DEACTIVATED = "deactivated", _("停用")
        ACTIVATED = "activated", _("启用")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="changes"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("操作"), max_length=16, choices=Action.choices)
    detail = models.JSONField(_("变更内容"), default=dict, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("用户变更记录")
        verbose_name_plural = _("用户变更记录")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=["created", "updated", "password", "deactivated", "activated"]),
                name="person_change_action_valid",
                violation_error_message=_("未知的操作。"),
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.person}"


class UserSession(models.Model):
    """Which session belongs to which user, recorded at log-in, so that a user's sessions
    can be ended when it is deactivated or its password or memberships change (see
    `access.services.user_sessions_end`) without decoding every session in the database."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="+"
    )
    session_key = models.CharField(_("会话"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("登录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("登录会话")
        verbose_name_plural = _("登录会话")
        indexes = [models.Index(fields=["user"], name="user_session_user")]

    def __str__(self):
        return f"{self.user_id} · {self.created_at:%Y-%m-%d %H:%M}"
