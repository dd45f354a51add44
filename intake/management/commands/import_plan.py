import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from intake.run import preview_workbook
from intake.services import plan_import
from units.models import Bureau


class Command(BaseCommand):
    help = "从工作簿（.xlsx）导入工作计划：先校验，全部无误才在一个事务中写入。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="工作簿路径（.xlsx）")
        parser.add_argument("--bureau", required=True, help="单位名称或编号")
        parser.add_argument("--user", help="执行导入的管理员用户名（默认：第一个超级用户）")
        parser.add_argument("--year", type=int, help="标题中没有年度时使用的年度")
        parser.add_argument("--dry-run", action="store_true", help="只校验并显示将要导入的内容，不写入")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出（结构见 README）")

    def handle(self, *args, file, bureau, user, year, dry_run, json: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        target_bureau = self._bureau(bureau)
        preview = preview_workbook(path.read_bytes(), path.name, target_bureau, year)
        if json:
            self.stdout.write(_dumps(preview.as_json()))
        else:
            self._describe(preview)
        if not preview.ok:
            if not json:
                raise CommandError(f"发现 {len(preview.problems)} 个问题，未写入任何数据。")
            raise SystemExit(1)
        if dry_run:
            return
        result = plan_import(
            actor=self._actor(user), bureau=target_bureau, documents=preview.documents, source=path.name
        )
        if not json:
            self.stdout.write(
                self.style.SUCCESS(
                    f"已导入 {len(result.plans)} 个计划：新建 {result.created}、更新 {result.updated}、删除 {result.deleted} 项"
                    + (f"，新建科室 {'、'.join(result.new_departments)}" if result.new_departments else "")
                    + "。"
                )
            )

    def _bureau(self, value: str) -> Bureau:
        found = Bureau.objects.filter(pk=int(value)) if value.isdigit() else Bureau.objects.filter(name=value)
        bureau = found.first()
        if bureau is None:
            raise CommandError(f"找不到单位：{value}")
        return bureau

    def _actor(self, username: str | None):
        User = get_user_model()
        if username:
            actor = User.objects.filter(username=username, is_active=True).first()
            if actor is None:
                raise CommandError(f"找不到用户：{username}")
            return actor
        actor = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if actor is None:
            raise CommandError("请用 --user 指定执行导入的管理员。")
        return actor

    def _describe(self, preview):
        for document in preview.documents:
            self.stdout.write(
                f"《{document.title}》 {document.year} 年：{len(document.tasks)} 项任务，{len(document.targets)} 个指标"
            )
            for task in document.tasks:
                for target in task.targets:
                    value = "" if target.value is None else f"{target.value.normalize():f}"
                    self.stdout.write(
                        f"  {'/'.join(task.section) or '-'}  {target.metric} {target.comparator} {value}{target.unit}"
                    )
        if preview.new_departments:
            self.stdout.write("将新建科室：" + "、".join(preview.new_departments))
        for problem in preview.problems:
            self.stderr.write(str(problem))


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
