"""The base of every admin page: rows and choices come from the scoping module, so an admin
of a county bureau sees and changes only what is in its scope."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import scoping

# Foreign keys whose choices are narrowed to what the acting user manages.
SCOPED_CHOICES = {
    "bureau": scoping.bureaus_managed_by,
    "assigned_bureau": scoping.bureaus_managed_by,
    "department": scoping.departments_managed_by,
    "lead_department": scoping.departments_managed_by,
    "co_departments": scoping.departments_managed_by,
    "plan": scoping.plans_managed_by,
}


class ScopedChoicesMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in SCOPED_CHOICES:
            kwargs["queryset"] = SCOPED_CHOICES[db_field.name](request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in SCOPED_CHOICES:
            kwargs["queryset"] = SCOPED_CHOICES[db_field.name](request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedAdmin(ScopedChoicesMixin, SimpleHistoryAdmin):
    """`scope` names the scoping function giving the rows the user may see here."""

    scope = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.filter(pk__in=type(self).scope(request.user).values("pk"))


class ScopedInline(ScopedChoicesMixin, admin.TabularInline):
    extra = 0
