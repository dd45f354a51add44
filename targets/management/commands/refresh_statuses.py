import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from targets.selectors import refresh_statuses


class Command(BaseCommand):
    help = (
        "重新计算驾驶舱使用的指标状态（每天凌晨运行一次，免得当天第一个打开驾驶舱的人等待；修改状态阈值后也应运行）。"
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        rows = refresh_statuses(timezone.localdate(), everything=True)
        self.stdout.write(
            self.style.SUCCESS(f"已更新 {rows} 个指标的状态，用时 {time.perf_counter() - started:.1f} s。")
        )
