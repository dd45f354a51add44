from django import forms
from django.utils.translation import gettext_lazy as _


class NoticePreferenceForm(forms.Form):
    email_enabled = forms.BooleanField(label=_("接收邮件提醒"), required=False)
