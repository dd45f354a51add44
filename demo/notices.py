"""The demo's reminders: a few 催办 with the leader's note, and the notices a reminder run
would have made by today, some already read. Idempotent: a second call adds only what a
reminder run would add (nothing, the same day)."""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from notices.models import BureauChannels, Notification
from notices.services import reminders_send
from plans.models import Plan
from targets.models import Nudge, Target
from units.models import Bureau

DEMO_NUDGES = [
    ("lc_leader", "请本周五前报送进展，并附相关佐证材料。"),
    ("dcf_leader", "进度明显滞后，请说明原因并提出下一步措施。"),
]


def load_demo_notices(today: date | None = None) -> int:
    """Adds the demo's 催办 (once) and runs the reminders for `today` without sending
    anything outside the app. Returns the number of new notices."""
    today = today or timezone.localdate()
    now = timezone.make_aware(datetime.combine(today, time(9, 0)))
    User = get_user_model()
    with transaction.atomic():
        for username, message in DEMO_NUDGES:
            leader = User.objects.filter(username=username).first()
            if leader is None or Nudge.objects.filter(sender=leader, message=message).exists():
                continue
            bureau = leader.memberships.first().bureau
            target = (
                Target.objects.filter(
                    task__plan__bureau=bureau,
                    task__plan__status=Plan.Status.PUBLISHED,
                    task__lead_department__isnull=False,
                    children__isnull=True,
                )
                .order_by("current_value", "pk")
                .select_related("task")
                .first()
            )
            if target is None:
                continue
            nudge = Nudge.objects.create(
                target=target, bureau=bureau, department=target.task.lead_department, sender=leader, message=message
            )
            Nudge.objects.filter(pk=nudge.pk).update(created_at=now - timedelta(days=1))
        city = Bureau.objects.filter(name="聊城市科学技术局").first()
        if city is not None:
            BureauChannels.objects.get_or_create(bureau=city)  # email on; robots set up in the admin
    result = reminders_send(today=today, now=now, deliver=False)
    # Some read already, so the list shows both.
    for user_id in set(Notification.objects.filter(run__isnull=False).values_list("recipient_id", flat=True)):
        older = Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).order_by("-created_at", "-pk")[
            3:6
        ]
        Notification.objects.filter(pk__in=[n.pk for n in older]).update(read_at=now)
    return result.new
