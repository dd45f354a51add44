"""Deliveries through real servers on loopback: an SMTP server receives the emails, an HTTP
server the group robots' posts."""

import base64
import hashlib
import hmac
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from notices.channels import dingtalk_sign, signed_url
from notices.models import BureauChannels, Delivery, NoticePreference, Notification
from notices.services import deliveries_send, reminders_send
from targets.models import Nudge

from .conftest import NOW, TODAY

pytestmark = pytest.mark.django_db(transaction=True)  # sending happens after commit


def run(**kwargs):
    return reminders_send(today=TODAY, now=NOW, **kwargs)


def test_each_person_gets_one_email_digest_with_all_its_reminders(world, people, smtp_server):
    Nudge.objects.create(
        target=world.county_target,
        bureau=world.county,
        department=world.county_chuangxin,
        sender=people["county_leader"],
        message="请周五前报送",
    )
    result = run()
    mails = smtp_server.to("cx@county.example.cn")
    assert len(mails) == 1
    mail = mails[0]
    assert mail["Subject"] == "工作计划目标跟踪：您有 3 条新的提醒"
    text = mail.get_content()
    assert "【催办】催办：科技型中小企业入库" in text and "区局领导：请周五前报送" in text
    assert "「科技型中小企业入库」本期进展尚未填报" in text and "「全社会研发经费投入」本期进展尚未填报" in text
    assert f"https://gzjh.example.cn/targets/{world.county_target.pk}/" in text
    recipients = sorted(r for rcpts, _m in smtp_server.messages for r in rcpts)
    assert recipients == ["bgs@county.example.cn", "cx@county.example.cn", "gx@city.example.cn"]
    assert (result.sent, result.failed) == (3, 0)
    assert Delivery.objects.filter(channel="email", state=Delivery.State.SENT).count() == 3


def test_running_again_sends_nothing_twice(world, people, smtp_server):
    run()
    first = len(smtp_server.messages)
    second = run()
    assert (second.due, second.new, len(smtp_server.messages)) == (5, 0, first)
    assert Notification.objects.count() == 5  # 创新股 2 targets, 办公室 2, 高新科 1


def test_a_user_who_turned_email_off_still_gets_the_in_app_notice(world, people, smtp_server):
    NoticePreference.objects.create(user=people["county"], email_enabled=False)
    run()
    assert smtp_server.to("cx@county.example.cn") == []
    assert Notification.objects.filter(recipient=people["county"]).count() == 2


def test_a_bureau_without_email_sends_none(world, people, smtp_server):
    BureauChannels.objects.create(bureau=world.county, email_enabled=False)
    run()
    assert [r for rcpts, _m in smtp_server.messages for r in rcpts] == ["gx@city.example.cn"]


def test_wecom_group_gets_one_markdown_post_naming_who_was_reminded(world, people, robot):
    BureauChannels.objects.create(
        bureau=world.county,
        email_enabled=False,
        wecom_enabled=True,
        wecom_webhook=f"{robot.url}/cgi-bin/webhook/send?key=abc-123",
    )
    run()
    assert len(robot.posts) == 1
    path, query, body = robot.posts[0]
    assert (path, query) == ("/cgi-bin/webhook/send", {"key": ["abc-123"]})
    assert body["msgtype"] == "markdown" and set(body) == {"msgtype", "markdown"}
    content = body["markdown"]["content"]
    assert content.startswith("### 工作计划目标跟踪：3 条新的提醒")
    # the county's share was reminded to both officers: one line naming both
    assert "- **填报周期即将结束** 「全社会研发经费投入」本期进展尚未填报（创新股小王、办公室小李）" in content
    assert len(content.encode()) <= 4096


def test_dingtalk_post_is_signed_with_the_timestamp(world, people, robot):
    secret = "SEC0123456789abcdef"
    BureauChannels.objects.create(
        bureau=world.county,
        email_enabled=False,
        dingtalk_enabled=True,
        dingtalk_webhook=f"{robot.url}/robot/send?access_token=tok",
        dingtalk_secret=secret,
    )
    before = int(time.time() * 1000)
    run()
    path, query, body = robot.posts[0]
    timestamp = int(query["timestamp"][0])
    assert before <= timestamp <= int(time.time() * 1000)
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    assert (path, query["access_token"], query["sign"]) == ("/robot/send", ["tok"], [expected])
    assert body["msgtype"] == "markdown"
    assert body["markdown"]["title"] == "工作计划目标跟踪：3 条新的提醒"
    assert "本期进展尚未填报" in body["markdown"]["text"]


def test_the_signature_survives_url_encoding():
    # base64 may carry + / =, which must reach the robot intact
    url = signed_url("https://oapi.dingtalk.com/robot/send?access_token=t", "SECabc", 1700000000000)
    sign = dingtalk_sign("SECabc", 1700000000000)
    from urllib.parse import parse_qs, urlsplit

    assert parse_qs(urlsplit(url).query)["sign"] == [sign]


def test_a_failing_robot_is_retried_with_backoff_and_then_delivered(world, people, robot, settings):
    settings.NOTICE_RETRY_ATTEMPTS = 3
    robot.fail = 2
    BureauChannels.objects.create(
        bureau=world.county, email_enabled=False, wecom_enabled=True, wecom_webhook=f"{robot.url}/send?key=k"
    )
    result = run()
    delivery = Delivery.objects.get(channel="wecom")
    assert (len(robot.posts), delivery.state, delivery.attempts) == (3, Delivery.State.SENT, 3)
    assert result.sent == 2  # and 高新科's email in the city


def test_a_robot_still_failing_is_left_for_a_later_run_and_the_in_app_notice_stays(
    world, people, robot, settings, caplog
):
    settings.NOTICE_RETRY_ATTEMPTS = 2
    robot.fail = 100
    BureauChannels.objects.create(
        bureau=world.county, email_enabled=False, wecom_enabled=True, wecom_webhook=f"{robot.url}/send?key=k"
    )
    result = run()
    delivery = Delivery.objects.get(channel="wecom")
    assert (delivery.state, delivery.attempts, delivery.last_error) == (Delivery.State.RETRY, 2, "HTTP 500")
    assert delivery.next_attempt_at > timezone.now() + timedelta(seconds=500)  # NOTICE_RETRY_LATER_SECONDS
    assert result.failed == 1
    assert Notification.objects.filter(recipient=people["county"]).count() == 2
    assert "failed (attempt 2): HTTP 500" in caplog.text
    # Not due yet: a run now does not touch it; once due, it goes out.
    robot.fail = 0
    assert deliveries_send() == (0, 0)
    assert deliveries_send(now=delivery.next_attempt_at + timedelta(seconds=1)) == (1, 0)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (Delivery.State.SENT, 3)


def test_a_robot_answering_an_errcode_counts_as_failed(world, people, robot, settings):
    settings.NOTICE_RETRY_ATTEMPTS = 1
    robot.answer = {"errcode": 310000, "errmsg": "sign not match"}
    BureauChannels.objects.create(
        bureau=world.county,
        email_enabled=False,
        dingtalk_enabled=True,
        dingtalk_webhook=f"{robot.url}/robot/send?access_token=t",
        dingtalk_secret="SECx",
    )
    run()
    delivery = Delivery.objects.get(channel="dingtalk")
    assert (delivery.state, delivery.last_error) == (Delivery.State.RETRY, "errcode 310000: sign not match")


def test_gives_up_after_the_maximum_attempts(world, people, robot, settings):
    settings.NOTICE_RETRY_ATTEMPTS = 2
    settings.NOTICE_MAX_ATTEMPTS = 4
    robot.fail = 100
    BureauChannels.objects.create(
        bureau=world.county, email_enabled=False, wecom_enabled=True, wecom_webhook=f"{robot.url}/send?key=k"
    )
    run()
    delivery = Delivery.objects.get(channel="wecom")
    deliveries_send(now=delivery.next_attempt_at + timedelta(seconds=1))
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.next_attempt_at) == (Delivery.State.FAILED, 4, None)
    assert len(robot.posts) == 4


def test_an_unreachable_smtp_server_fails_the_email_but_not_the_run(world, people, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    settings.NOTICE_RETRY_ATTEMPTS = 1
    result = run()
    assert (result.new, result.sent, result.failed) == (5, 0, 3)
    assert set(Delivery.objects.values_list("state", flat=True)) == {Delivery.State.RETRY}


def test_the_command_prints_what_it_composed(world, people, smtp_server, settings):
    from io import StringIO

    settings.NOTICE_CYCLE_CLOSING_DAYS = 31  # whatever today is, the monthly cycle closes within

    out = StringIO()
    call_command("send_reminders", stdout=out)
    text = out.getvalue()
    assert "新生成" in text and "email 3" in text and "查询" in text


@pytest.mark.parametrize(
    "url,problem",
    [
        ("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", None),
        ("https://oapi.dingtalk.com/robot/send?access_token=t", None),
        ("http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "Webhook 地址必须以 https:// 开头。"),
        (
            "https://169.254.169.254/latest/meta-data",
            "只能填写企业微信或钉钉群机器人的地址（qyapi.weixin.qq.com、oapi.dingtalk.com）。",
        ),
    ],
)
def test_webhook_addresses_are_limited_to_the_robots_hosts(url, problem, settings):
    from notices.channels import webhook_problem

    settings.NOTICE_WEBHOOK_HOSTS = ["qyapi.weixin.qq.com", "oapi.dingtalk.com"]
    assert webhook_problem(url) == problem


def test_the_admin_form_refuses_another_host(world, settings):
    from django.core.exceptions import ValidationError

    settings.NOTICE_WEBHOOK_HOSTS = ["qyapi.weixin.qq.com", "oapi.dingtalk.com"]
    channels = BureauChannels(bureau=world.county, wecom_enabled=True, wecom_webhook="https://example.com/hook")
    with pytest.raises(ValidationError) as error:
        channels.full_clean()
    assert set(error.value.message_dict) == {"wecom_webhook"}
