"""The reminder run as a Django task (django-tasks-db's worker runs it): for a scheduler
that enqueues tasks instead of calling the command."""

from django.tasks import task

from .services import reminders_send


@task()
def send_reminders() -> dict:
    result = reminders_send()
    return {"due": result.due, "new": result.new, "sent": result.sent, "failed": result.failed}
