import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.problems import WorkbookRefused
from plans.parsing.document import documents_json, parse_document
from plans.parsing.sources import text_from_upload


class Command(BaseCommand):
    help = "解析计划文本（.txt / .docx）：文件中的各个计划、章节、任务、责任分工和量化指标。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--year", type=int, help="文中找不到年度时使用")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出，结构同 import_plan --dry-run --json")
        parser.add_argument("--evaluate", metavar="EXPECTED_JSON", help="与人工标注的期望结果比较，打印准确率和召回率")

    def handle(self, *args, file, year, json: bool, evaluate, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        try:
            text = text_from_upload(path.read_bytes(), path.name)
        except WorkbookRefused as refused:
            raise CommandError(str(refused)) from None
        parsed = parse_document(text, year)
        if evaluate:
            from plans.parsing.evaluate import score_file

            score = score_file(path, Path(evaluate))
            self.stdout.write(
                f"targets: expected {score.expected}, found {score.found}, matched {score.matched}; "
                f"precision {score.precision:.2f}, recall {score.recall:.2f}; past results taken as targets "
                f"{score.facts_taken_as_targets}; outlines right {score.sections_right}/{score.sections_expected}"
            )
            return
        if json:
            self.stdout.write(_dumps({"ok": bool(parsed), "errors": [] if parsed else
                                      [{"sheet": "", "row": None, "column": "", "message": "没有找到计划正文。"}],
                                      "documents": documents_json(parsed)}))
            return
        for document in parsed:
            draft = document.draft
            self.stdout.write(f"《{draft.title}》 {draft.issuer} {draft.year}：{len(draft.tasks)} 项任务，"
                              f"{len(document.targets)} 个指标")
            for section, target in document.targets:
                self.stdout.write(f"  {'/'.join(section) or '-'}  {target.metric} {target.comparator} "
                                  f"{target.value.normalize():f}{target.unit}  ← {target.source}")
            for row in document.responsibility_rows:
                self.stdout.write(f"  {row['section']}  责任：{'、'.join(row['departments'])} {row['leader'] or ''}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
