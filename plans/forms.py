from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from units import scoping


class PlanImportForm(forms.Form):
    file = forms.FileField(label=_("工作簿（.xlsx）"))
    bureau = forms.ModelChoiceField(label=_("导入到单位"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100,
                              help_text=_("标题中没有年度时使用。"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = scoping.bureaus_managed_by(user).order_by("region__code", "name")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_LIMITS["upload_bytes"]
        if upload.size > limit:
            raise forms.ValidationError(
                _("文件大小 %(size).1f MB，超过上限 %(limit)d MB。") % {"size": upload.size / 2**20, "limit": limit // 2**20}
            )
        return upload


class TemplateForm(forms.Form):
    bureau = forms.ModelChoiceField(label=_("单位"), queryset=None, empty_label=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = scoping.bureaus_managed_by(user).order_by("region__code", "name")
