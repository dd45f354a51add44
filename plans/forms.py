from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from access import scoping

from .models import Task


class ImportTargetForm(forms.Form):
    """Where an import goes: a bureau the user manages, and the year for titles without one."""

    bureau = forms.ModelChoiceField(label=_("导入到单位"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100,
                              help_text=_("标题中没有年度时使用。"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = scoping.bureaus_managed_by(user).order_by("region__code", "name")


class PlanImportForm(ImportTargetForm):
    file = forms.FileField(label=_("工作簿（.xlsx）"))
    field_order = ["file", "bureau", "year"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_LIMITS["upload_bytes"]
        if upload.size > limit:
            raise forms.ValidationError(
                _("文件大小 %(size).1f MB，超过上限 %(limit)d MB。") % {"size": upload.size / 2**20, "limit": limit // 2**20}
            )
        return upload


class PlanTextForm(ImportTargetForm):
    text = forms.CharField(label=_("计划正文"), required=False, widget=forms.Textarea(attrs={"rows": 14}),
                           help_text=_("从网页或文档中复制计划全文粘贴到这里；一份文件含多个计划（有目录）也可以。"))
    file = forms.FileField(label=_("或上传文件（.txt / .docx）"), required=False)
    field_order = ["text", "file", "bureau", "year"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("text", "").strip() and not cleaned.get("file"):
            raise forms.ValidationError(_("请粘贴计划正文，或上传 .txt / .docx 文件。"))
        return cleaned


class TargetReviewForm(forms.ModelForm):
    class Meta:
        from targets.models import Target

        model = Target
        fields = ["metric", "comparator", "value", "unit", "kind"]
        widgets = {"metric": forms.TextInput(attrs={"size": 18}), "unit": forms.TextInput(attrs={"size": 5}),
                   "value": forms.NumberInput(attrs={"step": "any", "style": "width: 7em"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        value = self.instance.value
        if value is not None:  # shown as 8 or 3.5, not 8.0000; still a Decimal, so unchanged rows stay unchanged
            self.initial["value"] = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


class PlanRowsFormSet(forms.BaseModelFormSet):
    """The rows of one plan under review: every posted row must be one the page showed. A
    row without an id, or with the id of another plan's row, refuses the whole save."""

    def clean(self):
        super().clean()
        for number, form in enumerate(self.forms, start=1):
            if form.instance.pk is None or "id" in form.errors:
                raise forms.ValidationError(
                    _("第 %(n)d 行不是本计划的内容（页面可能已过期），没有保存。请刷新页面后重新核对。") % {"n": number},
                    code="foreign_row",
                )


class TaskReviewForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["lead_department"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["lead_department"]
        plan = self.instance.plan if self.instance.plan_id else None  # a posted row of no plan: refused by the formset
        field.queryset = plan.bureau.departments.all() if plan else field.queryset.none()
        field.required = False
        field.empty_label = _("（未指定）")
        field.label_from_instance = lambda department: department.name
