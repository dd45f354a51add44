from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
