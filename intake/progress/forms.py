from django import forms
from django.utils.translation import gettext_lazy


class ProgressUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("填好的填报表"), help_text=gettext_lazy("从本页下载的 .xlsx 文件，填写黄色三列后上传。")
    )
