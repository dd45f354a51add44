"""The channels a notice goes out through besides the in-app list. Each is a class with a
`name`, whether it speaks to a person or to a bureau's group, when a bureau or person has it
on, and `send(delivery)`, which raises `ChannelError` on any failure. `settings.
NOTICE_CHANNELS` lists the classes in use; a new channel is a new class there.

Group robots (formats as their documentation gives them):
- 企业微信: POST JSON {"msgtype": "markdown", "markdown": {"content": …}} to the robot's
  webhook URL (the key is in the URL); content at most 4096 bytes; answer {"errcode": 0}.
- 钉钉: POST JSON {"msgtype": "markdown", "markdown": {"title": …, "text": …}} to the robot's
  webhook URL, with `timestamp` (ms) and `sign` = urlencode(base64(HMAC-SHA256(secret,
  f"{timestamp}\\n{secret}"))) added to the query when the robot is secured by 加签; answer
  {"errcode": 0}.
"""

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from functools import cache

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

PERSON, GROUP = "person", "group"


class ChannelError(Exception):
    """A message did not get through; the text says why (logged on the delivery)."""


class Channel:
    name = ""
    label = ""
    audience = PERSON

    def enabled(self, *, bureau_channels, preference=None) -> bool:
        raise NotImplementedError

    def send(self, delivery) -> None:
        raise NotImplementedError


class EmailChannel(Channel):
    """Email through Django's default mailer (settings.MAILERS, SMTP from the environment)."""

    name = "email"
    label = "邮件"
    audience = PERSON

    def enabled(self, *, bureau_channels, preference=None) -> bool:
        bureau_on = bureau_channels is None or bureau_channels.email_enabled
        return bureau_on and (preference is None or preference.email_enabled)

    def send(self, delivery) -> None:
        if not delivery.address:
            raise ChannelError("没有邮箱地址")
        message = EmailMessage(
            subject=delivery.subject,
            body=delivery.body,
            to=[delivery.address],
        )
        try:
            message.send(fail_silently=False)
        except Exception as error:  # smtplib, socket and ssl errors alike
            raise ChannelError(f"{type(error).__name__}: {error}") from error


def webhook_problem(url: str) -> str | None:
    """Why the server must not post to this address, or None. Only the robots' own hosts
    (NOTICE_WEBHOOK_HOSTS) are allowed, so a webhook field cannot point the server at an
    internal address."""
    parts = urllib.parse.urlsplit(url)
    allowed = settings.NOTICE_WEBHOOK_HOSTS
    if parts.hostname not in allowed:
        return "只能填写企业微信或钉钉群机器人的地址（%s）。" % "、".join(allowed)
    if parts.scheme != "https" and parts.hostname not in ("127.0.0.1", "localhost"):
        return "Webhook 地址必须以 https:// 开头。"
    return None


class WebhookChannel(Channel):
    audience = GROUP
    max_bytes = 4000

    def post(self, url: str, payload: dict) -> None:
        if problem := webhook_problem(url):
            raise ChannelError(problem)
        data = json.dumps(payload, ensure_ascii=False).encode()
        request = urllib.request.Request(
            url, data=data, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.NOTICE_HTTP_TIMEOUT) as response:
                answer = response.read(65536)
        except urllib.error.HTTPError as error:
            raise ChannelError(f"HTTP {error.code}") from error
        except (urllib.error.URLError, OSError) as error:
            raise ChannelError(f"{type(error).__name__}: {error}") from error
        try:
            result = json.loads(answer or b"{}")
        except ValueError as error:
            raise ChannelError("机器人的回答不是 JSON") from error
        if result.get("errcode", 0) != 0:
            raise ChannelError(f"errcode {result.get('errcode')}: {result.get('errmsg', '')}")

    def text(self, delivery) -> str:
        return clip(delivery.body, self.max_bytes)


class WeComChannel(WebhookChannel):
    """企业微信 group robot, markdown message."""

    name = "wecom"
    label = "企业微信群"

    def enabled(self, *, bureau_channels, preference=None) -> bool:
        return bool(bureau_channels and bureau_channels.wecom_enabled and bureau_channels.wecom_webhook)

    def send(self, delivery) -> None:
        settings_ = delivery.bureau.notice_channels
        self.post(settings_.wecom_webhook, {"msgtype": "markdown", "markdown": {"content": self.text(delivery)}})


class DingTalkChannel(WebhookChannel):
    """钉钉 group robot, markdown message, signed when the robot has a 加签 secret."""

    name = "dingtalk"
    label = "钉钉群"

    def enabled(self, *, bureau_channels, preference=None) -> bool:
        return bool(bureau_channels and bureau_channels.dingtalk_enabled and bureau_channels.dingtalk_webhook)

    def send(self, delivery) -> None:
        settings_ = delivery.bureau.notice_channels
        url = settings_.dingtalk_webhook
        if settings_.dingtalk_secret:
            url = signed_url(url, settings_.dingtalk_secret, int(time.time() * 1000))
        self.post(url, {"msgtype": "markdown", "markdown": {"title": delivery.subject, "text": self.text(delivery)}})


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """钉钉's 加签: base64 of HMAC-SHA256 over "timestamp\\nsecret", keyed by the secret."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    query = urllib.parse.urlencode({"timestamp": timestamp_ms, "sign": dingtalk_sign(secret, timestamp_ms)})
    return f"{url}{'&' if '?' in url else '?'}{query}"


def clip(text: str, max_bytes: int) -> str:
    """The text cut to what a robot accepts, on a character boundary, saying it was cut."""
    data = text.encode()
    if len(data) <= max_bytes:
        return text
    tail = "\n\n……（内容过长，其余请登录系统查看）"
    return data[: max_bytes - len(tail.encode())].decode(errors="ignore") + tail


@cache
def _load(paths: tuple[str, ...]) -> dict[str, Channel]:
    channels = [import_string(path)() for path in paths]
    return {channel.name: channel for channel in channels}


def channels() -> dict[str, Channel]:
    """The channels in use, by name."""
    return _load(tuple(settings.NOTICE_CHANNELS))
