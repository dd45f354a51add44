from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from units.models import Membership

from . import scoping
from .models import phone_validator


class PersonForm(forms.Form):
    """A person as an admin sees it: 姓名 in one field, the login name, the mobile number and
    the one role in a bureau (and department) of the admin's scope."""

    name = forms.CharField(label=_("姓名"), max_length=150)
    username = forms.CharField(label=_("登录名"), max_length=150, help_text=_("字母、数字或 @ . + - _"))
    phone = forms.CharField(
        label=_("手机号"),
        max_length=11,
        required=False,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    bureau = forms.ModelChoiceField(label=_("单位"), queryset=None, empty_label=_("请选择单位"))
    department = forms.ModelChoiceField(
        label=_("科室"),
        queryset=None,
        required=False,
        empty_label=_("（全单位）"),
        help_text=_("填报员只看到本科室牵头或配合的任务；不选则看到全单位的。"),
    )
    role = forms.ChoiceField(label=_("角色"), choices=Membership.Role.choices)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = (
            scoping.bureaus_managed_by(actor).select_related("region").order_by("region__code", "name")
        )
        self.fields["department"].queryset = (
            scoping.departments_managed_by(actor)
            .select_related("bureau")
            .order_by("bureau__region__code", "bureau__name", "name")
        )
        self.fields["department"].label_from_instance = lambda d: f"{d.bureau.name} · {d.name}"

    def clean_phone(self):
        return self.cleaned_data["phone"].strip().replace(" ", "").replace("-", "")

    def clean(self):
        cleaned = super().clean()
        bureau, department = cleaned.get("bureau"), cleaned.get("department")
        if bureau and department and department.bureau_id != bureau.pk:
            self.add_error(
                "department", _("科室“%(d)s”不属于%(b)s，请重新选择。") % {"d": department.name, "b": bureau.name}
            )
        return cleaned


class PasswordFields(forms.Form):
    password1 = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少 8 位，不能全是数字，不能与姓名、登录名相近。"),
    )
    password2 = forms.CharField(
        label=_("再输入一次"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_password2(self):
        first, second = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if first and second and first != second:
            raise forms.ValidationError(_("两次输入的密码不一致。"))
        return second


class PersonCreateForm(PersonForm, PasswordFields):
    field_order = ["name", "username", "phone", "bureau", "department", "role", "password1", "password2"]


class PersonPasswordForm(PasswordFields):
    def __init__(self, *args, person=None, **kwargs):
        self.person = person
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password2") and self.person is not None:
            try:
                password_validation.validate_password(cleaned["password2"], self.person)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
