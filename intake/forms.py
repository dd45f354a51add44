from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from access import scoping


class ImportTargetForm(forms.Form):
    """Where an import goes: a bureau the user manages, and the year for titles without one."""

    bureau = forms.ModelChoiceField(label=_("导入到单位"), queryset=None, empty_label=None)
    year = forms.IntegerField(
        label=_("年度"), required=False, min_value=2000, max_value=2100, help_text=_("标题中没有年度时使用。")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = scoping.bureaus_managed_by(user).order_by("region__code", "name")


class PlanImportForm(ImportTargetForm):
    file = forms.FileField(label=_("工作簿（.xlsx / .xls / .ods / .csv）"))
    field_order = ["file", "bureau", "year"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_LIMITS["upload_bytes"]
        if upload.size > limit:
            raise forms.ValidationError(
                _("文件大小 %(size).1f MB，超过上限 %(limit)d MB。")
                % {"size": upload.size / 2**20, "limit": limit // 2**20}
            )
        return upload


class PlanTextForm(ImportTargetForm):
    text = forms.CharField(
        label=_("计划正文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("从网页或文档中复制计划全文粘贴到这里；一份文件含多个计划（有目录）也可以。"),
    )
    file = forms.FileField(label=_("或上传文件（.txt / .docx）"), required=False)
    field_order = ["text", "file", "bureau", "year"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("text", "").strip() and not cleaned.get("file"):
            raise forms.ValidationError(_("请粘贴计划正文，或上传 .txt / .docx 文件。"))
        return cleaned
