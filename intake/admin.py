from django.contrib import admin

from access import scoping
from access.admin_base import ScopedAdmin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(ScopedAdmin):
    scope = lambda user: ImportJob.objects.filter(bureau__in=scoping.bureaus_managed_by(user))  # noqa: E731
    list_display = ["filename", "bureau", "user", "rows", "status", "progress", "created_at", "finished_at"]
    list_filter = ["status"]
    readonly_fields = [
        "bureau",
        "user",
        "path",
        "filename",
        "year",
        "rows",
        "status",
        "progress",
        "message",
        "plans",
        "created_at",
        "finished_at",
    ]

    def has_add_permission(self, request):
        return False
