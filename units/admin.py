from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from access import scoping
from access.admin_base import ScopedAdmin, ScopedInline
from .models import Bureau, Department, Membership, Region

User = get_user_model()

admin.site.site_header = _("工作计划目标跟踪 · 管理后台")
admin.site.site_title = _("管理后台")
admin.site.index_title = _("数据管理")


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    scope = scoping.regions_visible_to
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


class DepartmentInline(ScopedInline):
    model = Department


@admin.register(Bureau)
class BureauAdmin(ScopedAdmin):
    scope = scoping.bureaus_visible_to
    list_display = ["name", "region", "parent"]
    list_filter = ["region__level"]
    search_fields = ["name", "region__name", "region__code"]
    list_select_related = ["region", "parent"]
    inlines = [DepartmentInline]


@admin.register(Department)
class DepartmentAdmin(ScopedAdmin):
    scope = scoping.departments_managed_by
    list_display = ["name", "bureau"]
    list_filter = ["bureau__region__level"]
    search_fields = ["name", "bureau__name"]
    list_select_related = ["bureau"]


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    scope = scoping.memberships_managed_by
    list_display = ["user", "bureau", "department", "role"]
    list_filter = ["role", "bureau__region__level"]
    search_fields = ["user__username", "user__first_name", "bureau__name", "department__name"]
    list_select_related = ["user", "bureau", "department"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = scoping.users_managed_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MembershipInline(ScopedInline):
    model = Membership
    fk_name = "user"


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "is_active", "last_login"]
    list_filter = ["is_active", "memberships__role"]
    search_fields = ["username", "first_name", "memberships__bureau__name"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=scoping.users_managed_by(request.user).values("pk"))

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Privileges are granted through memberships, never by a bureau admin directly.
            readonly += ["is_superuser", "is_staff", "groups", "user_permissions", "last_login", "date_joined"]
        return readonly
