from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView

from . import scoping, selectors, services
from .forms import PersonCreateForm, PersonForm, PersonPasswordForm
from .mixins import RoleRequiredMixin
from .models import PersonChange

HOMES = {"officer": "targets:my", "leader": "cockpit:dashboard", "admin": "plans:list"}


@login_required
def home(request):
    """Each role lands on its own home; a user with no role is told so."""
    role = scoping.home_role(request.user)
    if role is None:
        return render(request, "access/no_role.html", status=403)
    return redirect(HOMES[role])


# --- 用户管理: admins manage the people of their scope without the Django admin ------------


FIELD_OF = {"first_name": "name", "password": "password1"}  # model field → form field, for errors from full_clean


def add_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            field = FIELD_OF.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class PersonListView(RoleRequiredMixin, ListView):
    """用户管理: the people of the bureaus the admin manages."""

    roles = ("admin",)
    template_name = "access/people.html"
    context_object_name = "people"
    paginate_by = 50

    def get_queryset(self):
        return selectors.people_for_listing(
            self.request.user, self.request.GET.get("q", "").strip()[:64], self.request.GET.get("active", "")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            query=self.request.GET.get("q", ""), active=self.request.GET.get("active", ""), **kwargs
        )


class PersonCreateView(RoleRequiredMixin, FormView):
    roles = ("admin",)
    template_name = "access/person_form.html"
    form_class = PersonCreateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            person = services.person_create(
                actor=self.request.user,
                username=data["username"],
                name=data["name"],
                phone=data["phone"],
                bureau=data["bureau"],
                department=data["department"],
                role=data["role"],
                password=data["password1"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("已新增用户 %(name)s（%(username)s）。") % {"name": person.first_name, "username": person.username},
        )
        return redirect("access:people")


class PersonMixin(RoleRequiredMixin):
    roles = ("admin",)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_role(request.user):
            self.person = selectors.person_managed_by(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)


class PersonEditView(PersonMixin, FormView):
    template_name = "access/person_form.html"
    form_class = PersonForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user}

    def get_initial(self):
        membership = selectors.person_membership(self.request.user, self.person)
        profile = getattr(self.person, "profile", None)
        return {
            "name": self.person.first_name,
            "username": self.person.username,
            "phone": profile.phone if profile else "",
            "bureau": membership.bureau if membership else None,
            "department": membership.department if membership else None,
            "role": membership.role if membership else "",
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            changes=PersonChange.objects.filter(person=self.person).select_related("actor")[:20], **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.person_update(
                actor=self.request.user,
                person=self.person,
                username=data["username"],
                name=data["name"],
                phone=data["phone"],
                bureau=data["bureau"],
                department=data["department"],
                role=data["role"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存 %(name)s 的信息。") % {"name": data["name"]})
        return redirect("access:people")


class PersonPasswordView(PersonMixin, FormView):
    template_name = "access/person_password.html"
    form_class = PersonPasswordForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "person": self.person}

    def form_valid(self, form):
        services.person_set_password(
            actor=self.request.user, person=self.person, password=form.cleaned_data["password1"]
        )
        messages.success(
            self.request,
            _("已为 %(name)s 设置新密码，请当面或电话告知本人。")
            % {"name": self.person.first_name or self.person.username},
        )
        return redirect("access:person_edit", pk=self.person.pk)


class PersonActiveView(PersonMixin, View):
    """POST only: deactivate (停用) or reactivate (启用) a person."""

    activate = False

    def get(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, pk):
        service = services.person_activate if self.activate else services.person_deactivate
        name = self.person.first_name or self.person.username
        try:
            service(actor=request.user, person=self.person)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                (
                    _("已启用 %(name)s 的账号。")
                    if self.activate
                    else _("已停用 %(name)s 的账号，其填报和审核记录保留。")
                )
                % {"name": name},
            )
        return redirect(reverse("access:person_edit", args=[pk]))
