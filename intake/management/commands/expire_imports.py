from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from intake.services import pending_imports_expire


class Command(BaseCommand):
    help = "删除上传后长时间未确认的导入预览及其文件（每天由 cron 运行一次）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours", type=int, default=None, help="超过多少小时未确认即删除（默认取 IMPORT_PREVIEW_HOURS，24）"
        )

    def handle(self, *args, hours, **options):
        hours = hours if hours is not None else settings.IMPORT_PREVIEW_HOURS
        count = pending_imports_expire(older_than=timezone.now() - timedelta(hours=hours))
        self.stdout.write(f"已删除 {count} 个超过 {hours} 小时未确认的导入预览。")
