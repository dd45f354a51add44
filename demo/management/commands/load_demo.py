from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import content
from demo.builder import demo_logins, load_demo
from plans.models import Plan, Task
from targets.models import ProgressReport, Target
from units.models import Bureau, Department


class Command(BaseCommand):
    help = "加载演示数据和演示用户（可重复运行：已加载时不做任何修改），并打印登录账号。"

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="不打印登录账号")

    def handle(self, *args, quiet=False, **options):
        if settings.PRODUCTION:
            raise CommandError("生产环境（DJANGO_ENV=production）不加载演示数据和演示用户。")
        built = load_demo()
        if built:
            self.stdout.write(
                self.style.SUCCESS(
                    "已加载演示数据：%d 个单位、%d 个科室、%d 个计划、%d 项任务、%d 个指标、%d 条填报。"
                    % (
                        Bureau.objects.count(),
                        Department.objects.count(),
                        Plan.objects.count(),
                        Task.objects.count(),
                        Target.objects.count(),
                        ProgressReport.objects.count(),
                    )
                )
            )
        else:
            self.stdout.write("演示数据已存在，未做修改（只按今天补上到期的站内提醒）。")
        if quiet:
            return
        self.stdout.write("\n演示账号（密码均为 %s）：" % content.PASSWORD)
        for login in demo_logins():
            self.stdout.write(f"  {login.username:<16} {login.role:<4} {login.where}")
        self.stdout.write("其余各科室的填报员账号见管理后台“用户”，密码相同。\n")
