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


class TaskReviewForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["lead_department"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["lead_department"]
        field.queryset = self.instance.plan.bureau.departments.all()
        field.required = False
        field.empty_label = _("（未指定）")
        field.label_from_instance = lambda department: department.name
