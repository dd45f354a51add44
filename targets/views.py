from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView

from plans.models import Plan
from units import scoping
from units.mixins import RoleRequiredMixin
from units.models import Bureau

from .selectors import annotate_status, python_status, status_counts, targets_for_listing
from .status import STATUS_LABELS, STATUS_ORDER, Status


def status_rows(counts: dict[str, int]) -> list[dict]:
    total = sum(counts.values())
    return [
        {"status": s.value, "label": STATUS_LABELS[s], "count": counts.get(s.value, 0), "total": total}
        for s in STATUS_ORDER
    ]


class MyTargetsView(RoleRequiredMixin, TemplateView):
    """我的任务: the targets of the tasks the officer's department leads or co-owns."""

    roles = ("officer",)
    template_name = "targets/my_targets.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        mine = scoping.targets_reportable_by(self.request.user)
        plan_id = self.request.GET.get("plan", "")
        status = self.request.GET.get("status", "")
        listing = targets_for_listing(mine, today)
        if plan_id.isdigit():
            listing = listing.filter(task__plan_id=int(plan_id))
        if status in Status:
            listing = listing.filter(status=status)
        return super().get_context_data(
            today=today,
            targets=listing,
            counts=status_rows(status_counts(mine, today)),
            plans=Plan.objects.filter(pk__in=mine.values("task__plan")).order_by("-year", "title"),
            selected_plan=plan_id,
            selected_status=status,
            statuses=[(s.value, STATUS_LABELS[s]) for s in STATUS_ORDER],
            **kwargs,
        )


class DashboardView(RoleRequiredMixin, TemplateView):
    """驾驶舱: status of every target in the leader's scope, per bureau."""

    roles = ("leader",)
    template_name = "targets/dashboard.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        visible = scoping.targets_visible_to(self.request.user).filter(task__plan__status=Plan.Status.PUBLISHED)
        per_bureau = (
            annotate_status(visible, today)
            .annotate(owner=Coalesce("assigned_bureau", "task__plan__bureau"))
            .order_by()
            .values("owner")
            .annotate(
                total=Count("pk"),
                **{s.value: Count("pk", filter=Q(status=s.value)) for s in STATUS_ORDER},
            )
        )
        bureaus = {
            pk: (code, name)
            for pk, code, name in scoping.bureaus_visible_to(self.request.user).values_list("pk", "region__code", "name")
        }
        rows = sorted(
            (
                {
                    "code": bureaus[row["owner"]][0],
                    "name": bureaus[row["owner"]][1],
                    "total": row["total"],
                    "cells": [row[s.value] for s in STATUS_ORDER],
                    "done_share": row[Status.DONE.value] / row["total"] if row["total"] else 0,
                }
                for row in per_bureau
                if row["owner"] in bureaus
            ),
            key=lambda r: (r["code"], r["name"]),
        )
        attention = targets_for_listing(visible, today).filter(
            status__in=[Status.OVERDUE, Status.SEVERE]
        )[:20]
        return super().get_context_data(
            today=today,
            counts=status_rows(status_counts(visible, today)),
            bureau_rows=rows,
            status_headers=[STATUS_LABELS[s] for s in STATUS_ORDER],
            attention=attention,
            **kwargs,
        )


class TargetDetailView(RoleRequiredMixin, TemplateView):
    """One target and its report history."""

    roles = ("officer", "leader", "admin")
    template_name = "targets/target_detail.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        target = get_object_or_404(
            scoping.targets_visible_to(self.request.user).select_related(
                "task__plan__bureau", "task__lead_department", "assigned_bureau", "parent"
            ),
            pk=self.kwargs["pk"],
        )
        return super().get_context_data(
            target=target,
            status=python_status(target, today),
            reports=target.reports.select_related("reporter", "reviewer").prefetch_related("evidence"),
            children=targets_for_listing(target.children.all(), today),
            **kwargs,
        )
