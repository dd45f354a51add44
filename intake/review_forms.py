"""The forms of 核对草稿: a draft plan's own fields, its targets and tasks as rows of one plan
only, and a target the parser missed."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from plans.models import Plan, Task
from targets.models import Target


class TargetReviewForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["metric", "comparator", "value", "unit", "kind"]
        widgets = {
            "metric": forms.TextInput(attrs={"size": 18}),
            "unit": forms.TextInput(attrs={"size": 5}),
            "value": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal", "style": "width: 7em"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        value = self.instance.value
        if value is not None:  # shown as 8 or 3.5, not 8.0000; still a Decimal, so unchanged rows stay unchanged
            self.initial["value"] = (
                value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
            )


class PlanRowsFormSet(forms.BaseModelFormSet):
    """The rows of one plan under review: every posted row must be one the page showed. A
    row without an id, or with the id of another plan's row, refuses the whole save."""

    def clean(self):
        super().clean()
        for number, form in enumerate(self.forms, start=1):
            if form.instance.pk is None or "id" in form.errors:
                raise forms.ValidationError(
                    _("第 %(n)d 行不是本计划的内容（页面可能已过期），没有保存。请刷新页面后重新核对。")
                    % {"n": number},
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


class PlanReviewForm(forms.ModelForm):
    """The plan's own fields as the parser guessed them: title, year, kind and reporting cycle."""

    class Meta:
        model = Plan
        fields = ["title", "year", "kind", "reporting_cycle"]
        widgets = {
            "title": forms.TextInput(attrs={"size": 40}),
            "year": forms.NumberInput(attrs={"style": "width: 6em"}),
        }


class MissedTargetForm(forms.Form):
    """A target the parser missed, added by hand to one of the plan's tasks (or to a new task)."""

    task = forms.ModelChoiceField(
        label=_("所属任务"), queryset=Task.objects.none(), required=False, empty_label=_("（新建任务）")
    )
    metric = forms.CharField(
        label=_("指标名称"), max_length=200, required=False, widget=forms.TextInput(attrs={"size": 18})
    )
    comparator = forms.ChoiceField(label=_("比较"), choices=(), initial="gte")
    value = forms.DecimalField(
        label=_("目标值"),
        required=False,
        max_digits=18,
        decimal_places=4,
        widget=forms.NumberInput(attrs={"step": "any", "style": "width: 7em"}),
    )
    unit = forms.CharField(label=_("单位"), max_length=16, required=False, widget=forms.TextInput(attrs={"size": 5}))
    kind = forms.ChoiceField(label=_("类型"), choices=(), initial="count")
    source = forms.CharField(
        label=_("原文（可选）"), required=False, max_length=1000, widget=forms.TextInput(attrs={"size": 24})
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = plan.tasks.order_by("order")
        self.fields["task"].label_from_instance = lambda task: task.text[:40]
        self.fields["comparator"].choices = Target.Comparator.choices
        self.fields["kind"].choices = Target.Kind.choices

    def clean(self):
        cleaned = super().clean()
        metric = (cleaned.get("metric") or "").strip()
        value = cleaned.get("value")
        if not metric and value is None:
            return cleaned  # the row was left empty: nothing to add
        if not metric:
            self.add_error("metric", _("请填写指标名称。"))
        if value is None and cleaned.get("kind") != "qualitative":
            self.add_error("value", _("定量指标必须有目标值。"))
        return cleaned

    @property
    def wanted(self) -> dict | None:
        """The new target's fields, or None when the row was left empty."""
        data = self.cleaned_data
        if not (data.get("metric") or "").strip():
            return None
        return {
            "task": data.get("task"),
            "metric": data["metric"].strip(),
            "comparator": data["comparator"],
            "value": data.get("value"),
            "unit": data.get("unit", "").strip(),
            "kind": data["kind"],
            "source_text": data.get("source", "").strip(),
        }
