from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from .forms import NoticePreferenceForm
from .models import NoticePreference
from .selectors import notifications_of
from .services import notice_preference_set, notification_mark_read, notifications_mark_all_read


class NotificationListView(LoginRequiredMixin, ListView):
    """通知: the user's own reminders, unread first in bold, with the email switch."""

    template_name = "notices/notification_list.html"
    context_object_name = "notices"
    paginate_by = 30

    def get_queryset(self):
        return notifications_of(self.request.user)

    def get_context_data(self, **kwargs):
        preference = NoticePreference.objects.filter(user=self.request.user).first()
        return super().get_context_data(
            preference_form=NoticePreferenceForm(
                initial={"email_enabled": preference is None or preference.email_enabled}
            ),
            has_email=bool(self.request.user.email),
            **kwargs,
        )


class NotificationOpenView(LoginRequiredMixin, View):
    """Opening a notice marks it read and goes to what it is about."""

    http_method_names = ["post"]

    def post(self, request, pk):
        notice = get_object_or_404(notifications_of(request.user), pk=pk)
        notification_mark_read(actor=request.user, notification=notice)
        url = notice.url
        if not url or not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
            return redirect("notices:list")
        return redirect(url)


class NotificationReadAllView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        count = notifications_mark_all_read(actor=request.user)
        messages.success(request, _("已将 %(n)d 条通知标为已读。") % {"n": count})
        return redirect("notices:list")


class NoticePreferenceView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        form = NoticePreferenceForm(request.POST)
        form.is_valid()  # a checkbox: absent means off
        enabled = bool(form.cleaned_data.get("email_enabled"))
        notice_preference_set(actor=request.user, email_enabled=enabled)
        messages.success(request, _("已开启邮件提醒。") if enabled else _("已关闭邮件提醒，站内通知照常保留。"))
        return redirect("notices:list")
