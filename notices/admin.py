from django.contrib import admin

from access import scoping
from access.admin_base import ScopedChoicesMixin

from .models import BureauChannels, Delivery


class ScopedAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """Rows from `scope` (these models keep no change history, so not the house's
    SimpleHistoryAdmin-based ScopedAdmin)."""

    scope = None

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=type(self).scope(request.user).values("pk"))


def channels_managed_by(user):
    return BureauChannels.objects.filter(bureau__in=scoping.bureaus_managed_by(user))


def deliveries_managed_by(user):
    return Delivery.objects.filter(bureau__in=scoping.bureaus_managed_by(user))


@admin.register(BureauChannels)
class BureauChannelsAdmin(ScopedAdmin):
    """A bureau's admin turns channels on and pastes its robots' addresses here."""

    scope = staticmethod(channels_managed_by)
    list_display = ["bureau", "email_enabled", "wecom_enabled", "dingtalk_enabled"]
    fieldsets = [
        (None, {"fields": ["bureau", "email_enabled"]}),
        ("企业微信", {"fields": ["wecom_enabled", "wecom_webhook"]}),
        ("钉钉", {"fields": ["dingtalk_enabled", "dingtalk_webhook", "dingtalk_secret"]}),
    ]


@admin.register(Delivery)
class DeliveryAdmin(ScopedAdmin):
    """The group posts of the admin's bureaus: what went out and what failed, read only."""

    scope = staticmethod(deliveries_managed_by)
    list_display = ["created_at", "channel", "bureau", "subject", "state", "attempts", "last_error"]
    list_filter = ["channel", "state"]
    readonly_fields = [f.name for f in Delivery._meta.fields] + ["notifications"]

    def has_add_permission(self, request):
        return False
