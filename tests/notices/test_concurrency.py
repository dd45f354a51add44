"""Two runs of send_reminders at the same moment, each in its own thread and database
connection: every reminder is stored once and every message sent once. On PostgreSQL the
unique key makes the second inserter wait for the first and then skip; on SQLite the
IMMEDIATE transactions queue."""

import threading
from collections import Counter

import pytest
from django.db import connection

from notices.models import BureauChannels, Delivery, Notification
from notices.services import reminders_send
from targets.models import Nudge

from .conftest import NOW, TODAY

pytestmark = pytest.mark.django_db(transaction=True)
RUNS = 4


def test_concurrent_runs_send_nothing_twice(world, people, smtp_server, robot):
    BureauChannels.objects.create(bureau=world.county, wecom_enabled=True, wecom_webhook=f"{robot.url}/send?key=k")
    Nudge.objects.create(target=world.county_target, bureau=world.county, sender=people["county_leader"], message="快")
    barrier = threading.Barrier(RUNS)
    errors = []

    def run():
        try:
            barrier.wait(timeout=30)
            reminders_send(today=TODAY, now=NOW)
        except Exception as error:  # noqa: BLE001 - the test's finding
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(RUNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    keys = Counter(Notification.objects.values_list("key", flat=True))
    assert len(keys) == 7 and set(keys.values()) == {1}  # 创新股 3 (with the 催办), 办公室 3, 高新科 1
    addresses = Counter(r for rcpts, _m in smtp_server.messages for r in rcpts)
    assert addresses == {"cx@county.example.cn": 1, "bgs@county.example.cn": 1, "gx@city.example.cn": 1}
    assert len(robot.posts) == 1
    assert Delivery.objects.count() == 4 and set(Delivery.objects.values_list("state", flat=True)) == {"sent"}
