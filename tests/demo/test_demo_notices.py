from datetime import date

from demo.builder import load_demo
from demo.notices import load_demo_notices
from notices.models import Notification
from targets.models import Nudge


def test_the_demo_starts_with_reminders_and_a_second_load_adds_none(db):
    load_demo(today=date(2026, 11, 22))
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {"nudge", "overdue", "overdue_summary"} <= kinds
    assert Nudge.objects.filter(sender__username="dcf_leader").count() == 1
    assert Notification.objects.filter(read_at__isnull=False).exists()
    before = Notification.objects.count()
    assert load_demo_notices(date(2026, 11, 22)) == 0
    assert load_demo(today=date(2026, 11, 22)) is False
    assert (Notification.objects.count(), Nudge.objects.count()) == (before, 2)
