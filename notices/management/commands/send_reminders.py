import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notices.services import deliveries_send, reminders_send


class Command(BaseCommand):
    help = (
        "发送到期的提醒（站内通知、邮件、企业微信群、钉钉群），并重试此前失败的发送。可重复运行：同一提醒只发送一次。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-send", action="store_true", help="只生成站内通知和待发送记录，不实际发送。")
        parser.add_argument("--retry-only", action="store_true", help="只重试到期的失败发送，不生成新的提醒。")

    def handle(self, *args, no_send=False, retry_only=False, **options):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            if retry_only:
                sent, failed = deliveries_send()
                self.stdout.write(f"重试：送达 {sent}，失败 {failed}")
                return
            result = reminders_send(deliver=not no_send)
        elapsed = time.perf_counter() - started
        channels = "，".join(f"{name} {n}" for name, n in sorted(result.deliveries.items())) or "无"
        self.stdout.write(
            f"到期提醒 {result.due} 条，新生成 {result.new} 条（{result.recipients} 人）；"
            f"组成消息：{channels}；送达 {result.sent}，失败 {result.failed}；"
            f"用时 {elapsed:.1f} s，查询 {len(queries)} 次"
        )
