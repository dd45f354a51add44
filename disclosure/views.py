"""政务公开: the public pages (no log-in, cached, a fixed handful of queries) and the admin's
switch that discloses a plan or withdraws it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import cache_control, cache_page
from django.views.generic import TemplateView

from access import scoping
from access.mixins import RoleRequiredMixin
from units.models import Region

from . import selectors
from .services import plan_disclose, plan_withdraw_disclosure

PUBLIC_CACHE_SECONDS = 300
public_page = [cache_page(PUBLIC_CACHE_SECONDS), cache_control(public=True, max_age=PUBLIC_CACHE_SECONDS)]


@method_decorator(public_page, name="get")
class PublicIndexView(TemplateView):
    """The disclosed plans of a region (all of them without one), by bureau and year."""

    template_name = "disclosure/index.html"

    def get_context_data(self, **kwargs):
        code = self.request.GET.get("region", "")
        region = Region.objects.filter(code=code).first() if code.isdigit() and len(code) == 6 else None
        plans = list(selectors.public_plans(region.code_prefix if region else ""))
        bureaus = {}
        for public in plans:
            bureaus.setdefault(public.plan.bureau, []).append(public.plan)
        return super().get_context_data(region=region, bureaus=bureaus.items(), **kwargs)


@method_decorator(public_page, name="get")
class PublicPlanView(TemplateView):
    template_name = "disclosure/plan.html"

    def get_context_data(self, **kwargs):
        found = selectors.public_plan(self.kwargs["pk"], timezone.localdate())
        if found is None:
            raise Http404
        plan, sections, newest = found
        return super().get_context_data(
            plan=plan, sections=sections, newest=newest, today=timezone.localdate(), **kwargs
        )


class PlanDisclosureView(RoleRequiredMixin, View):
    """POST: disclose (action=disclose) or withdraw (action=withdraw) a plan the admin manages."""

    roles = ("admin",)

    def post(self, request, pk):
        plan = get_object_or_404(scoping.plans_managed_by(request.user), pk=pk)
        if request.POST.get("action") == "withdraw":
            plan_withdraw_disclosure(actor=request.user, plan=plan)
            messages.success(request, _("已取消公开，公开页面不再显示该计划。"))
        else:
            try:
                plan_disclose(actor=request.user, plan=plan)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("已公开：任何人都可以在公开页面查看该计划的任务、指标和审核通过的进展。"))
        return redirect("plans:detail", pk=plan.pk)
