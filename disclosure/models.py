from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models import Plan


class PublicPlan(models.Model):
    """A published plan its bureau has chosen to disclose (政务公开): its outline, targets,
    statuses and approved progress are readable without logging in; nothing else is."""

    plan = models.OneToOneField(Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="disclosure")
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("公开人"), on_delete=models.PROTECT, related_name="+"
    )
    disclosed_at = models.DateTimeField(_("公开时间"), auto_now_add=True)
    history = HistoricalRecords(verbose_name=_("公开变更记录"))

    class Meta:
        verbose_name = _("公开的计划")
        verbose_name_plural = _("公开的计划")

    def __str__(self):
        return str(self.plan)
