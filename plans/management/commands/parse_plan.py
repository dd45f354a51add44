import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.parsing.document import documents_json, parse_document
from plans.parsing.sources import text_from_upload
from plans.problems import WorkbookRefused


class Command(BaseCommand):
    help = (
        "解析计划文本（.txt / .docx）：文件中的各个计划、章节、任务、责任分工和量化指标。"
        "--evaluate 可对单个文件（给出期望 JSON）或整个标注目录（texts/ + expected/）评分。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="+", help="计划文本文件；或与 --evaluate 同用的一个或多个标注目录")
        parser.add_argument("--year", type=int, help="文中找不到年度时使用")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出，结构同 import_plan --dry-run --json")
        parser.add_argument(
            "--evaluate",
            nargs="?",
            const="",
            metavar="EXPECTED_JSON",
            help="与人工标注的期望结果比较：给出期望 JSON，或省略而以目录为 file",
        )
        parser.add_argument("--details", action="store_true", help="评分时列出漏掉的和多出的指标")

    def handle(self, *args, file, year, json: bool, evaluate, details, **options):
        paths = [Path(f) for f in file]
        if evaluate is not None and all(p.is_dir() for p in paths):
            return self._evaluate_folders(paths, details)
        if len(paths) > 1:
            raise CommandError("只能解析一个文件；多个参数只用于 --evaluate 的标注目录。")
        path = paths[0]
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        if evaluate:
            from plans.parsing.evaluate import score_file

            score = score_file(path, Path(evaluate))
            self.stdout.write(f"{path.name}: {score.line()}")
            if details:
                self._details(score)
            return
        if evaluate is not None:
            raise CommandError("--evaluate 需要期望 JSON，或以标注目录作为参数。")
        try:
            text = text_from_upload(path.read_bytes(), path.name)
        except WorkbookRefused as refused:
            raise CommandError(str(refused)) from None
        parsed = parse_document(text, year)
        if json:
            self.stdout.write(
                _dumps(
                    {
                        "ok": bool(parsed),
                        "errors": []
                        if parsed
                        else [{"sheet": "", "row": None, "column": "", "message": "没有找到计划正文。"}],
                        "documents": documents_json(parsed),
                    }
                )
            )
            return
        for document in parsed:
            draft = document.draft
            self.stdout.write(
                f"《{draft.title}》 {draft.issuer} {draft.year}：{len(draft.tasks)} 项任务，"
                f"{len(document.targets)} 个指标"
            )
            for section, target in document.targets:
                self.stdout.write(
                    f"  {'/'.join(section) or '-'}  {target.metric} {target.comparator} "
                    f"{target.value.normalize():f}{target.unit}  ← {target.source}"
                )
            for row in document.responsibility_rows:
                self.stdout.write(f"  {row['section']}  责任：{'、'.join(row['departments'])} {row['leader'] or ''}")

    def _evaluate_folders(self, folders: list[Path], details: bool):
        from plans.parsing.evaluate import Score, corpus_pairs, score_file

        pairs = []
        for folder in folders:
            found = corpus_pairs(folder)
            if not found:
                raise CommandError(f"{folder} 中没有找到 expected/*.json 及对应的文本。")
            pairs += found
        total = Score()
        for text, expected in pairs:
            score = score_file(text, expected)
            total = total + score
            self.stdout.write(f"{text.name}: {score.line()}")
        self.stdout.write(f"OVERALL ({len(pairs)} documents): {total.line()}")
        if details:
            self._details(total)

    def _details(self, score):
        for name, want in score.misses:
            self.stdout.write(f"  MISS  {name}: {want['quote']} | {want['value']} {want['unit']} {want['comparator']}")
        for name, why, target in score.extras:
            self.stdout.write(f"  {why.upper():5} {name}: {target.source} | {target.value} {target.unit}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
