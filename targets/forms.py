import re
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from uuid import uuid4

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.numbers import decimal_problem

from .models import STORED_DIGITS, Target
from .services import as_of_problem, report_value_warnings, target_version

FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋％", "0123456789.,-+%")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")  # no exponent, no NaN or Infinity

# Leading bytes of each accepted kind of file: the extension alone proves nothing.
SIGNATURES = {
    ".pdf": [b"%PDF"],
    ".png": [b"\x89PNG\r\n\x1a\n"],
    ".jpg": [b"\xff\xd8\xff"],
    ".jpeg": [b"\xff\xd8\xff"],
    ".docx": [b"PK\x03\x04"],
    ".xlsx": [b"PK\x03\x04"],
    ".doc": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    ".xls": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
}


def parse_typed_number(text: str) -> Decimal:
    """A number as officers type it: full-width digits, thousands commas, a trailing %."""
    cleaned = str(text).strip().translate(FULL_WIDTH).replace(",", "").replace(" ", "").removesuffix("%")
    if re.fullmatch(r"[+-]?[\d.]+[eE][+-]?\d+", cleaned):
        raise forms.ValidationError(_("请直接写出数字，不要用科学计数法（如 1e3 请写 1000）。"), code="exponent")
    if not PLAIN_NUMBER.fullmatch(cleaned):
        raise forms.ValidationError(_("请输入数字，例如 12 或 3.5。"), code="invalid")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise forms.ValidationError(_("请输入数字，例如 12 或 3.5。"), code="invalid") from None
    if not value.is_finite():
        raise forms.ValidationError(_("请输入数字，例如 12 或 3.5。"), code="invalid")
    return value


class LenientDecimalField(forms.CharField):
    def widget_attrs(self, widget):
        # A text field (so full-width digits and commas get through) that brings up the
        # numeric keypad with a decimal point on a phone.
        return {**super().widget_attrs(widget), "inputmode": "decimal", "autocomplete": "off"}

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        number = parse_typed_number(value)
        problem = decimal_problem(number, **STORED_DIGITS)
        if problem:
            raise forms.ValidationError(problem, code="max_value")
        return number.quantize(Decimal("0.0001"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


# What the file chooser offers; the content is still checked against SIGNATURES.
EVIDENCE_ACCEPT = ",".join([*SIGNATURES, "image/jpeg", "image/png"])


class EvidenceInput(MultipleFileInput):
    """Files chosen from the phone or computer, and beside them a button that opens the
    phone's camera (`capture`): both inputs carry the field's name, so the photos taken
    arrive with the chosen files."""

    template_name = "targets/widgets/evidence.html"

    def __init__(self, attrs=None):
        super().__init__({"accept": EVIDENCE_ACCEPT, **(attrs or {})})


class EvidenceField(forms.FileField):
    widget = EvidenceInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if len(files) > settings.EVIDENCE_MAX_FILES:
            raise forms.ValidationError(
                _("一次最多上传 %(n)d 个文件。") % {"n": settings.EVIDENCE_MAX_FILES}, code="too_many"
            )
        return [self._check(super(EvidenceField, self).clean(f, initial)) for f in files]

    @staticmethod
    def _check(upload):
        name = upload.name
        suffix = PurePath(name).suffix.lower()
        if suffix not in SIGNATURES:
            raise forms.ValidationError(
                _("“%(name)s”的类型不支持，只能上传 pdf、doc、docx、xls、xlsx、jpg、png。") % {"name": name},
                code="extension",
            )
        if upload.size > settings.EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(
                _("“%(name)s”超过 %(mb)d MB。") % {"name": name, "mb": settings.EVIDENCE_MAX_BYTES // 2**20},
                code="size",
            )
        head = upload.read(8)
        upload.seek(0)
        if not any(head.startswith(sig) for sig in SIGNATURES[suffix]):
            raise forms.ValidationError(
                _("“%(name)s”的内容与扩展名不符，请确认文件没有损坏或被改名。") % {"name": name}, code="content"
            )
        return upload


class ProgressReportForm(forms.Form):
    """A report on one target. What `value` means depends on the target's kind."""

    value = LenientDecimalField(label=_("累计完成值"), required=False)
    absolute_value = LenientDecimalField(
        label=_("或填写绝对值"), required=False, help_text=_("填写本期绝对值，系统按基数换算为增长率。")
    )
    as_of = forms.DateField(label=_("截至日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    note = forms.CharField(
        label=_("进展说明"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
    evidence = EvidenceField(label=_("佐证材料"), required=False)
    # What the officer saw when the page opened, and the form's one-time key.
    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)
    submission = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # Shown only when the value needs it (see `report_value_warnings`).
    confirmed = forms.BooleanField(label=_("我已核实，确认按此数值提交"), required=False)

    def __init__(self, *args, target: Target, **kwargs):
        self.target = target
        super().__init__(*args, **kwargs)
        if not self.is_bound:  # a posted form carries its own
            self.fields["version"].initial, self.fields["submission"].initial = self.fresh_keys(target)
        self.fields["as_of"].initial = min(timezone.localdate(), target.period_end)
        if target.kind == Target.Kind.QUALITATIVE or target.value is None:
            self.fields["value"].label = _("完成进度（%）")
            self.fields["note"].required = True
            self.fields["note"].label = _("完成情况描述")
        elif target.kind == Target.Kind.PERCENT_GROWTH:
            self.fields["value"].label = _("增长率（%）")
        elif target.kind == Target.Kind.FREQUENCY:
            self.fields["value"].label = _("累计次数（%s）") % (target.unit or _("次"))
        else:
            self.fields["value"].label = _("累计完成值（%s）") % target.unit if target.unit else _("累计完成值")
        if not (target.kind == Target.Kind.PERCENT_GROWTH and target.baseline):
            del self.fields["absolute_value"]
        self.warnings: list[str] = []
        self.fields["confirmed"].widget = forms.HiddenInput()  # a checkbox once a value needs it

    @staticmethod
    def fresh_keys(target: Target) -> tuple[str, str]:
        """The target's fingerprint as it is now, and a new one-time key."""
        return target_version(target), str(uuid4())

    def clean_as_of(self):
        # The service checks again under lock; checking here too shows every error at once.
        as_of = self.cleaned_data["as_of"]
        problem = as_of_problem(self.target, as_of)
        if problem:
            raise forms.ValidationError(problem)
        return as_of

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("version") or not cleaned.get("submission"):
            # Without them a resent form would be stored twice and a stale one unchecked.
            self.add_error(
                None,
                forms.ValidationError(
                    _("这份表单缺少提交标识（页面可能已过期），没有保存。请核对后再次提交。"), code="missing_key"
                ),
            )
        value, absolute = cleaned.get("value"), cleaned.get("absolute_value")
        if value is None and absolute is not None:
            baseline = self.target.baseline
            cleaned["value"] = ((absolute - baseline) / baseline * 100).quantize(Decimal("0.01"))
        elif value is None and "value" not in self.errors:
            self.add_error("value", _("请填写%(label)s。") % {"label": self.fields["value"].label})
        qualitative = self.target.kind == Target.Kind.QUALITATIVE or self.target.value is None
        if qualitative and cleaned.get("value") is not None and not 0 <= cleaned["value"] <= 100:
            self.add_error("value", _("完成进度应在 0 到 100 之间。"))
        if self.target.kind in (Target.Kind.COUNT, Target.Kind.FREQUENCY) and cleaned.get("value") is not None:
            if cleaned["value"] < 0:
                self.add_error("value", _("数量不能为负数。"))
        if cleaned.get("value") is not None and cleaned.get("as_of") and not self.errors:
            self._confirm(cleaned)
        return cleaned

    def _confirm(self, cleaned):
        """A value that looks wrong is stored only once the officer confirms it and says why.
        A stale form is left to the service, which shows what changed first."""
        if cleaned.get("version") and cleaned["version"] != target_version(self.target):
            return
        self.warnings = report_value_warnings(self.target, cleaned["value"], cleaned["as_of"])
        if not self.warnings:
            return
        self.fields["confirmed"].widget = forms.CheckboxInput()
        if not cleaned.get("confirmed"):
            self.add_error(
                None, " ".join(self.warnings) + str(_("如确认无误，请勾选“我已核实”并在进展说明中写明原因后再次提交。"))
            )
            self.add_error("confirmed", _("请核实后勾选。"))
        elif not cleaned.get("note", "").strip():
            self.add_error("note", _("请在进展说明中写明原因（%(why)s）。") % {"why": " ".join(self.warnings)})


class ReturnReportForm(forms.Form):
    reason = forms.CharField(label=_("退回原因"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
