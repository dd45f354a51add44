"""The notice list, the unread count in the navigation, and a target's 催办 and reminders."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notices.context_processors import unread
from notices.models import Delivery, NoticePreference, Notification
from notices.services import reminders_send
from targets.models import Nudge

from .conftest import NOW, TODAY


@pytest.fixture
def sent(world, people):
    Nudge.objects.create(
        target=world.county_target,
        bureau=world.county,
        department=world.county_chuangxin,
        sender=people["county_leader"],
        message="请周五前报送",
    )
    reminders_send(today=TODAY, now=NOW, deliver=False)


def test_the_navigation_shows_the_unread_count(client, people, sent):
    client.force_login(people["county"])
    page = client.get("/my/").content.decode()
    assert '<span class="count" id="unread-count">3</span>' in page


def test_the_unread_count_is_one_query(rf, people, sent):
    request = rf.get("/")
    request.user = people["county"]
    with CaptureQueriesContext(connection) as queries:
        context = unread(request)
        assert str(context["notices_unread"]) == "3"
        assert str(context["notices_unread"]) == "3"
    assert len(queries) == 1
    assert "read_at" in queries[0]["sql"] and "COUNT" in queries[0]["sql"].upper()


def test_no_count_when_all_is_read(client, people, sent):
    Notification.objects.update(read_at=NOW)
    client.force_login(people["county"])
    assert 'id="unread-count"' not in client.get("/my/").content.decode()


def test_the_list_shows_only_ones_own_notices(client, people, sent):
    client.force_login(people["county"])
    page = client.get("/notices/").content.decode()
    assert page.count('class="inbox-item unread"') == 3
    assert "区局领导：请周五前报送" in page
    assert "办公室任务" not in page and "报送政务信息" not in page  # 办公室's reminder is not 创新股's


def test_opening_a_notice_marks_it_read_and_goes_to_the_target(client, world, people, sent):
    notice = Notification.objects.get(recipient=people["county"], kind="nudge")
    client.force_login(people["county"])
    response = client.post(f"/notices/{notice.pk}/open/")
    assert response.status_code == 302 and response["Location"] == f"/targets/{world.county_target.pk}/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert Notification.objects.filter(recipient=people["county"], read_at__isnull=True).count() == 2


def test_another_users_notice_cannot_be_opened(client, people, sent):
    notice = Notification.objects.filter(recipient=people["office"]).first()
    client.force_login(people["county"])
    assert client.post(f"/notices/{notice.pk}/open/").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_read_all_marks_only_ones_own(client, people, sent):
    client.force_login(people["county"])
    client.post("/notices/read-all/")
    assert not Notification.objects.filter(recipient=people["county"], read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=people["office"], read_at__isnull=True).count() == 2


def test_email_can_be_turned_off_and_on(client, people):
    client.force_login(people["county"])
    client.post("/notices/preferences/", {})
    assert NoticePreference.objects.get(user=people["county"]).email_enabled is False
    client.post("/notices/preferences/", {"email_enabled": "on"})
    assert NoticePreference.objects.get(user=people["county"]).email_enabled is True


def test_the_target_page_shows_its_nudges_and_reminders_with_their_delivery(client, world, people, sent):
    notice = Notification.objects.get(recipient=people["county"], kind="nudge")
    delivery = Delivery.objects.create(
        channel="email",
        recipient=people["county"],
        address="cx@county.example.cn",
        subject="s",
        body="b",
        state=Delivery.State.SENT,
        sent_at=NOW,
    )
    delivery.notifications.add(notice)
    failed = Delivery.objects.create(
        channel="wecom", bureau=world.county, subject="s", body="b", state=Delivery.State.FAILED
    )
    failed.notifications.add(notice)
    client.force_login(people["county_leader"])
    page = client.get(f"/targets/{world.county_target.pk}/").content.decode()
    history = page[page.index('id="notice-history"') :]
    assert "区局领导 → 创新股" in history and "请周五前报送" in history
    assert "创新股小王" in history and "催办：科技型中小企业入库" in history
    assert "邮件：已送达" in history and "企业微信群：发送失败" in history and "站内：未读" in history
    assert "填报周期即将结束" in history


def test_the_leader_can_write_a_note_when_nudging(client, world, people):
    client.force_login(people["county_leader"])
    page = client.get(f"/targets/{world.county_target.pk}/").content.decode()
    assert 'name="message"' in page
    client.post(f"/targets/{world.county_target.pk}/nudge/", {"message": "月底前务必报送"})
    assert Nudge.objects.get().message == "月底前务必报送"
