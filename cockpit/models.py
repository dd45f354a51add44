from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from units.models import Bureau


class Bulletin(models.Model):
    """A saved 工作进展通报: the composed figures as they were generated (`content`), so the
    preview and the Word file of a saved bulletin never change; the figures are those of the
    period's end (see `cockpit.bulletins`)."""

    issuer = models.ForeignKey(Bureau, verbose_name=_("发文单位"), on_delete=models.PROTECT, related_name="bulletins")
    title = models.CharField(_("标题"), max_length=200)
    scope_key = models.CharField(_("范围"), max_length=40)
    scope_name = models.CharField(_("范围名称"), max_length=100)
    period_label = models.CharField(_("通报期间"), max_length=40)
    as_of = models.DateField(_("数据截至"))
    issued_on = models.DateField(_("成文日期"))
    content = models.JSONField(_("内容"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("生成人"), on_delete=models.PROTECT, related_name="bulletins"
    )
    created_at = models.DateTimeField(_("保存时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("工作进展通报")
        verbose_name_plural = _("工作进展通报")
        ordering = ["-as_of", "-created_at"]

    def __str__(self):
        return self.title
