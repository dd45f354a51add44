"""The base of every admin page: rows, choices and history come from the scoping rules, so an
admin of a county bureau sees and changes only what is in its scope.

- Rows: each `ScopedAdmin` names in `scope` the scoping function giving the rows the user may
  see; inline rows are limited the same way.
- Choices: every foreign key and many-to-many field of every admin form, inlines included,
  offers exactly the rows the admin of the related model offers the user (`choices_for`): a
  target's task, parent and bureau, a task's section and departments, a membership's user.
  A related model without an admin offers nothing to anyone but a superuser. So a posted id
  outside the scope fails validation like any unknown id, and a new foreign key is scoped
  the day it is added.
- History: read-only. The change list of an object's history (django-simple-history) is
  reached through the scoped lookup only: an object out of scope is "not found", never
  looked up among its history rows. simple_history's revert form (`<id>/history/<version>/`)
  is removed from the product: a revert writes an old row back through a bare model form,
  past the services that validate, audit, recompute progress and roll up split shares, and
  past the review rules (a report "reverted" to approved, with a reviewer it never had). A
  correction is a change through the change form or the app's pages, which are scoped and
  validated. Models without history show Django's own log of admin changes.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from simple_history.admin import SimpleHistoryAdmin


def choices_for(admin_site, request, model):
    """The rows of `model` a form field may offer the user: what the model's admin shows."""
    if request.user.is_superuser:
        return model._default_manager.all()
    try:
        related_admin = admin_site.get_model_admin(model)
    except admin.sites.NotRegistered:
        return model._default_manager.none()
    choices = getattr(type(related_admin), "choices", None)
    if choices is not None:
        return choices(request.user)
    return related_admin.get_queryset(request)


class ScopedChoicesMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs["queryset"] = choices_for(self.admin_site, request, db_field.remote_field.model)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs["queryset"] = choices_for(self.admin_site, request, db_field.remote_field.model)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def _has_history(model) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


class ScopedAdmin(ScopedChoicesMixin, SimpleHistoryAdmin):
    """`scope` names the scoping function giving the rows the user may see here; `choices`,
    if set, the rows other forms may point to (a bureau is seen by its leaders but chosen
    only by its admins)."""

    scope = None
    choices = None
    object_history_list_template = "admin/scoped_history_list.html"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.filter(pk__in=type(self).scope(request.user).values("pk"))

    def get_urls(self):
        revert = f"{self.opts.app_label}_{self.opts.model_name}_simple_history"
        return [url for url in super().get_urls() if getattr(url, "name", None) != revert]

    def history_view(self, request, object_id, extra_context=None):
        if not _has_history(self.model):
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        if self.get_object(request, unquote(object_id)) is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_view(request, object_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True


class ScopedInline(ScopedChoicesMixin, admin.TabularInline):
    """Rows of an inline are those the admin of the inline's model shows the user."""

    extra = 0

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=choices_for(self.admin_site, request, self.model).values("pk"))
