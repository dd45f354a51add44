from django.contrib import admin

from access import scoping
from access.admin_base import ScopedAdmin, ScopedInline

from .models import Plan, Section, Task


class SectionInline(ScopedInline):
    model = Section
    fields = ["parent", "label", "title", "order"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Section.objects.filter(plan__in=scoping.plans_managed_by(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Plan)
class PlanAdmin(ScopedAdmin):
    scope = scoping.plans_managed_by
    list_display = ["title", "bureau", "year", "kind", "status", "reporting_cycle", "requires_review"]
    list_filter = ["status", "kind", "year", "reporting_cycle"]
    search_fields = ["title", "bureau__name", "source"]
    list_select_related = ["bureau"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(ScopedAdmin):
    scope = lambda user: Section.objects.filter(plan__in=scoping.plans_managed_by(user))  # noqa: E731
    list_display = ["label", "title", "plan", "parent", "order"]
    list_filter = ["plan__year", "plan__kind"]
    search_fields = ["title", "plan__title"]
    list_select_related = ["plan", "parent"]
    raw_id_fields = ["parent"]


@admin.register(Task)
class TaskAdmin(ScopedAdmin):
    scope = lambda user: Task.objects.filter(plan__in=scoping.plans_managed_by(user))  # noqa: E731
    list_display = [
        "__str__",
        "plan",
        "lead_department",
        "bureau_wide",
        "responsible_leader",
        "deadline_text",
        "deadline",
    ]
    list_filter = ["plan__year", "plan__kind", "plan__status", "bureau_wide"]
    search_fields = ["text", "responsible_leader", "responsible_person", "lead_department__name", "plan__title"]
    list_select_related = ["plan", "lead_department"]
    filter_horizontal = ["co_departments"]
    raw_id_fields = ["section"]
