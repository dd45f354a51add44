from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Task


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
