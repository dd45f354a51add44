from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from access import scoping
from access.admin_base import ScopedAdmin, ScopedChoicesMixin, ScopedInline
from access.services import user_sessions_end
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
    choices = scoping.bureaus_managed_by  # leaders see a bureau; only its admins choose it
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

    # A membership decides what its user may do: any change ends the user's sessions.
    def save_model(self, request, obj, form, change):
        before = Membership.objects.filter(pk=obj.pk).values_list("user_id", flat=True).first() if change else None
        super().save_model(request, obj, form, change)
        for user_id in {obj.user_id, before} - {None}:
            user_sessions_end(user=User(pk=user_id))

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        user_sessions_end(user=obj.user)

    def delete_queryset(self, request, queryset):
        users = set(queryset.values_list("user_id", flat=True))
        super().delete_queryset(request, queryset)
        for user_id in users:
            user_sessions_end(user=User(pk=user_id))


class MembershipInline(ScopedInline):
    """A user's memberships. Anyone but a superuser keeps at least one (a user without a
    membership is nobody's to manage)."""

    model = Membership
    fk_name = "user"

    def get_min_num(self, request, obj=None, **kwargs):
        return 0 if request.user.is_superuser else 1

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("validate_min", not request.user.is_superuser)
        return super().get_formset(request, obj, **kwargs)


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(ScopedChoicesMixin, DjangoUserAdmin):
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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            user_sessions_end(user=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and any(formset.has_changed() for formset in formsets):
            user_sessions_end(user=form.instance)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, unquote(id))
            if user is not None:
                # Django's own check would refuse the old sessions at their next request;
                # ending them here removes them from the database as well.
                keep = request.session.session_key if user.pk == request.user.pk else None
                user_sessions_end(user=user, keep=keep)
        return response
