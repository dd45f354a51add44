from notices.models import Notification
from notices.tasks import send_reminders


def test_the_reminder_run_is_a_django_task(world, people, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.NOTICE_CYCLE_CLOSING_DAYS = 31  # whatever today is, the monthly cycle closes within
    result = send_reminders.enqueue()
    assert result.return_value["new"] == Notification.objects.count() == 5
