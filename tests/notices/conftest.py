"""Real servers on loopback for the channels: an SMTP server (aiosmtpd) and an HTTP server
standing in for the 企业微信 and 钉钉 group robots."""

import json
import socket
import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import make_user

TODAY = date(2026, 11, 27)  # a monthly cycle closes in 3 days
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Mailbox:
    messages: list = field(default_factory=list)  # (envelope recipients, email.message.Message)

    def to(self, address):
        return [m for rcpts, m in self.messages if address in rcpts]


@pytest.fixture
def smtp_server(settings):
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    box = Mailbox()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            box.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default)))
            return "250 OK"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    yield box
    controller.stop()


@dataclass
class Robot:
    """What the robot server received, and how it answers: `fail` requests first answered
    with HTTP 500, then `answer`."""

    url: str
    posts: list = field(default_factory=list)  # (path, query dict, json body)
    fail: int = 0
    answer: dict = field(default_factory=lambda: {"errcode": 0, "errmsg": "ok"})
    lock: threading.Lock = field(default_factory=threading.Lock)


@pytest.fixture
def robot(settings):
    settings.NOTICE_WEBHOOK_HOSTS = ["127.0.0.1", "qyapi.weixin.qq.com", "oapi.dingtalk.com"]
    state = Robot(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length).decode())
            parts = urlsplit(self.path)
            with state.lock:
                state.posts.append((parts.path, parse_qs(parts.query), body))
                failing = state.fail > 0
                if failing:
                    state.fail -= 1
            if failing:
                self.send_response(500)
                self.end_headers()
                return
            data = json.dumps(state.answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _fast_retries(settings):
    settings.NOTICE_RETRY_BACKOFF_SECONDS = 0.01
    settings.NOTICE_HTTP_TIMEOUT = 5
    settings.NOTICE_SITE_URL = "https://gzjh.example.cn"


@pytest.fixture
def people(world):
    """Officers with email addresses: 创新股 and 办公室 of 东昌府区, 高新科 of 聊城市; leaders
    of 东昌府区, 聊城市, 德州市."""
    return {
        "county": make_user(
            "cx", world.county, "officer", world.county_chuangxin, email="cx@county.example.cn", first_name="创新股小王"
        ),
        "office": make_user(
            "bgs", world.county, "officer", world.county_office, email="bgs@county.example.cn", first_name="办公室小李"
        ),
        "city": make_user(
            "gx", world.city, "officer", world.city_gaoxin, email="gx@city.example.cn", first_name="高新科小张"
        ),
        "county_leader": make_user("qld", world.county, "leader", email="ld@county.example.cn", first_name="区局领导"),
        "city_leader": make_user("sld", world.city, "leader", email="ld@city.example.cn", first_name="市局领导"),
        "dz_leader": make_user("dzld", world.other_city, "leader", email="ld@dz.example.cn", first_name="德州领导"),
    }
