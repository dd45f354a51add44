from django.contrib import admin

from access import scoping
from access.admin_base import ScopedAdmin, ScopedInline

from .models import Evidence, Nudge, ProgressReport, Target


@admin.register(Target)
class TargetAdmin(ScopedAdmin):
    scope = lambda user: scoping.targets_visible_to(user).filter(  # noqa: E731
        task__plan__in=scoping.plans_managed_by(user)
    )
    list_display = ["metric", "comparator", "value", "unit", "kind", "current_value", "period_end", "assigned_bureau"]
    list_filter = ["kind", "comparator", "task__plan__year", "task__plan__kind"]
    search_fields = ["metric", "source_text", "task__text", "task__plan__title"]
    list_select_related = ["assigned_bureau"]
    raw_id_fields = ["task", "parent"]
    readonly_fields = ["current_value", "last_reported_on"]


class EvidenceInline(ScopedInline):
    model = Evidence
    readonly_fields = ["file", "original_name", "size", "uploaded_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(ScopedAdmin):
    """Reports are append-only: the admin shows them, it does not edit them."""

    scope = scoping.reports_visible_to
    list_display = ["target", "value", "as_of", "state", "reporter", "reviewer", "submitted_at"]
    list_filter = ["state", "as_of"]
    search_fields = ["target__metric", "note", "reporter__username"]
    list_select_related = ["target", "reporter", "reviewer"]
    inlines = [EvidenceInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Evidence)
class EvidenceAdmin(ScopedAdmin):
    scope = lambda user: Evidence.objects.filter(report__in=scoping.reports_visible_to(user))  # noqa: E731
    list_display = ["original_name", "report", "size", "uploaded_at"]
    search_fields = ["original_name", "report__target__metric"]
    list_select_related = ["report__target"]
    readonly_fields = ["report", "file", "original_name", "size", "uploaded_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Nudge)
class NudgeAdmin(ScopedAdmin):
    scope = lambda user: Nudge.objects.filter(target__in=scoping.targets_visible_to(user))  # noqa: E731
    list_display = ["target", "bureau", "department", "sender", "created_at"]
    list_select_related = ["target", "bureau", "department", "sender"]
    search_fields = ["target__metric", "message"]

    def has_change_permission(self, request, obj=None):
        return False
