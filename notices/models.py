"""Notifications (the in-app notice, one per reminder and recipient) and their deliveries
through the other channels (email, the bureau's 企业微信 or 钉钉 group).

A notification's `key` names the reminder (kind × target/report/催办 × cycle × recipient) and
is unique in the database: however often, and however concurrently, `send_reminders` runs,
each reminder is stored once, and only the run that stored it sends it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from targets.models import Nudge, ProgressReport, Target
from units.models import Bureau


class BureauChannels(models.Model):
    """Which channels a bureau uses, and the addresses of its group robots."""

    bureau = models.OneToOneField(
        Bureau, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="notice_channels"
    )
    email_enabled = models.BooleanField(_("发送邮件"), default=True)
    wecom_enabled = models.BooleanField(_("推送到企业微信群"), default=False)
    wecom_webhook = models.URLField(
        _("企业微信群机器人 Webhook 地址"),
        max_length=500,
        blank=True,
        help_text=_(
            "群设置 → 群机器人 → 添加机器人后复制的地址，形如 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"
        ),
    )
    dingtalk_enabled = models.BooleanField(_("推送到钉钉群"), default=False)
    dingtalk_webhook = models.URLField(
        _("钉钉群机器人 Webhook 地址"),
        max_length=500,
        blank=True,
        help_text=_(
            "群设置 → 智能群助手 → 添加自定义机器人后复制的地址，形如 https://oapi.dingtalk.com/robot/send?access_token=…"
        ),
    )
    dingtalk_secret = models.CharField(
        _("钉钉加签密钥"), max_length=200, blank=True, help_text=_("安全设置选“加签”时显示的 SEC 开头的字符串。")
    )

    class Meta:
        verbose_name = _("单位通知渠道")
        verbose_name_plural = _("单位通知渠道")

    def __str__(self):
        return str(self.bureau)

    def clean(self):
        from .channels import webhook_problem

        errors = {}
        for field, on in (("wecom_webhook", self.wecom_enabled), ("dingtalk_webhook", self.dingtalk_enabled)):
            url = getattr(self, field)
            if on and not url:
                errors[field] = _("开启推送时必须填写 Webhook 地址。")
            elif url and (problem := webhook_problem(url)):
                errors[field] = problem
        if errors:
            raise ValidationError(errors)


class NoticePreference(models.Model):
    """A user's own choice: email can be turned off (the in-app notice always stays)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="notice_preference"
    )
    email_enabled = models.BooleanField(_("接收邮件提醒"), default=True)

    class Meta:
        verbose_name = _("提醒设置")
        verbose_name_plural = _("提醒设置")

    def __str__(self):
        return f"{self.user} · {'邮件' if self.email_enabled else '不发邮件'}"


class Notification(models.Model):
    """One reminder to one person: the in-app notice, which is never lost whatever happens
    to the other channels."""

    class Kind(models.TextChoices):
        CYCLE_CLOSING = "cycle_closing", _("填报周期即将结束")
        OVERDUE = "overdue", _("指标逾期")
        OVERDUE_SUMMARY = "overdue_summary", _("逾期指标周报")
        RETURNED = "returned", _("填报被退回")
        REVIEW_WAITING = "review_waiting", _("填报待审核")
        NUDGE = "nudge", _("催办")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("类型"), max_length=32, choices=Kind.choices)
    key = models.CharField(_("去重标识"), max_length=200, unique=True)
    target = models.ForeignKey(
        Target, verbose_name=_("指标"), null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    report = models.ForeignKey(
        ProgressReport, verbose_name=_("填报"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    nudge = models.ForeignKey(
        Nudge, verbose_name=_("催办"), null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=200, blank=True)
    run = models.UUIDField(_("发送批次"), db_index=True, editable=False)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The unread count in the navigation, on every page: a small partial index.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=["cycle_closing", "overdue", "overdue_summary", "returned", "review_waiting", "nudge"]
                ),
                name="notification_kind_valid",
                violation_error_message=_("通知类型无效。"),
            ),
        ]

    def __str__(self):
        return self.title


class Delivery(models.Model):
    """One message through one channel: a person's email digest, or a bureau's group post.
    Retried with backoff while it fails; every attempt is logged here."""

    class State(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENDING = "sending", _("发送中")
        SENT = "sent", _("已送达")
        RETRY = "retry", _("失败，待重试")
        FAILED = "failed", _("发送失败")

    channel = models.CharField(_("渠道"), max_length=32)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    bureau = models.ForeignKey(
        Bureau, verbose_name=_("单位群"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    address = models.CharField(_("地址"), max_length=254, blank=True)  # an email address; groups read theirs when sent
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    notifications = models.ManyToManyField(Notification, verbose_name=_("通知"), related_name="deliveries")
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("开始发送"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)
    sent_at = models.DateTimeField(_("送达时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("发送记录")
        verbose_name_plural = _("发送记录")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], condition=Q(state__in=["pending", "retry", "sending"]), name="delivery_open"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | Q(bureau__isnull=False),
                name="delivery_has_recipient",
                violation_error_message=_("发送记录必须有接收人或单位群。"),
            ),
        ]

    def __str__(self):
        return f"{self.channel} · {self.subject}"
