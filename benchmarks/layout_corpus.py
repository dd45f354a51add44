"""Scores the importer on the layout corpus (tests/intake/layouts), the samples in
../shared/samples and, with --dir, a folder of held-out workbooks, each FILE beside a
FILE.expected.json in the corpus's expected shape. Prints per layout and overall: targets
expected, found, matched (value + unit + comparator + metric), extra, tasks expected/found,
whether the file was refused, and whether everything else (tasks, deadlines, splits, problems,
skipped sheets) matched too.

    python benchmarks/layout_corpus.py                     # corpus + samples
    python benchmarks/layout_corpus.py --dir ../heldout-layouts --only-dir
    python benchmarks/layout_corpus.py -v                  # and every difference
    python benchmarks/layout_corpus.py --branch import     # another branch's importer, this corpus
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# Only this checkout's code: an editable install of another checkout (pip install -e) would
# otherwise fill in the modules this one lacks.
sys.meta_path[:] = [f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable__")]
sys.path_hooks[:] = [h for h in sys.path_hooks if not getattr(h, "__module__", "").startswith("__editable__")]
sys.path_importer_cache.clear()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, help="folder of held-out workbooks with FILE.expected.json beside each")
    parser.add_argument("--only-dir", action="store_true", help="score the --dir folder only")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every difference")
    parser.add_argument("--branch", help="score the importer of this git branch (its committed state) on this corpus")
    args = parser.parse_args()
    if args.branch:
        sys.exit(score_branch(args.branch, [a for a in sys.argv[1:] if a not in ("--branch", args.branch)]))
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(tempfile.mkdtemp()) / 'layouts.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    # The importer of this checkout (an editable install elsewhere may also offer an intake/).
    if (ROOT / "intake" / "run.py").is_file():
        from intake.run import preview_workbook
    else:
        from plans.importers.run import preview_workbook
    print(f"importer: {preview_workbook.__module__} in {ROOT}")
    from tests.intake.layouts import Layout, all_layouts, samples
    from tests.intake.layouts.compare import compare
    from tests.intake.layouts.world import make_layout_bureau, make_sample_bureau

    cases = []  # (group, layout, make bureau)
    if not args.only_dir:
        cases += [("corpus", layout, make_layout_bureau) for layout in all_layouts()]
        if samples.SAMPLES.is_dir():
            cases += [("samples", layout, make_sample_bureau) for layout in samples.LAYOUTS]
    if args.dir:
        for path in sorted(args.dir.glob("*.expected.json")):
            expected = json.loads(path.read_text())
            data_path = path.with_name(expected["file"])

            def build(p=data_path):
                return p.read_bytes(), p.name

            cases.append(
                ("held-out", Layout(path.name.removesuffix(".expected.json"), build, expected), make_layout_bureau)
            )

    print(
        f"{'group':9} {'layout':44} {'exp':>4} {'found':>5} {'match':>5} {'extra':>5} {'tasks':>7} "
        f"{'refused':>7} {'all ok':>6}"
    )
    totals: dict[str, list[int]] = {}
    for group, layout, make_bureau in cases:
        with transaction.atomic():
            bureau = make_bureau()
            data, name = layout.build()
            try:
                result = preview_workbook(data, name, bureau, layout.expected.get("year")).as_json()
            except Exception as error:  # a crash is a refusal, and worth seeing
                result = {"ok": False, "errors": [{"message": f"crash: {error!r}"}], "documents": []}
            transaction.set_rollback(True)
        c = compare(layout.expected, result)
        pinned = layout.expected.get("tasks") is not None
        tasks = f"{c.tasks_found}/{c.tasks_expected if pinned else '-'}"
        print(
            f"{group:9} {pad(layout.name, 44)} {c.expected:4} {c.found:5} {c.matched:5} {c.extra:5} {tasks:>7} "
            f"{'yes' if c.refused else 'no':>7} {'yes' if not c.failures else 'no':>6}"
        )
        if args.verbose:
            for failure in c.failures:
                print(f"{'':10}- {failure}")
        total = totals.setdefault(group, [0] * 7)
        for i, value in enumerate([1, c.expected, c.found, c.matched, c.extra, int(c.refused), int(not c.failures)]):
            total[i] += value
    print()
    for group, (files, expected, found, matched, extra, refused, ok) in totals.items():
        share = f"{matched / expected:.0%}" if expected else "-"
        print(
            f"{group}: {files} files, targets expected {expected}, found {found}, matched {matched} ({share}), "
            f"extra {extra}, files refused {refused}, files entirely as expected {ok}"
        )


def pad(text: str, width: int) -> str:
    """Left-aligned to `width` terminal columns (a Chinese character takes two)."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - used)


def score_branch(branch: str, arguments: list[str]) -> int:
    """The branch's committed tree in a scratch folder, with this corpus and script copied in
    and ../shared beside it; the script runs there."""
    with tempfile.TemporaryDirectory() as scratch:
        tree = Path(scratch) / "checkout"
        tree.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", branch], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        shared = ROOT.parent / "shared"
        if shared.exists():
            (Path(scratch) / "shared").symlink_to(shared.resolve())
        shutil.rmtree(tree / "tests" / "intake", ignore_errors=True)
        shutil.copytree(ROOT / "tests" / "intake", tree / "tests" / "intake")
        (tree / "benchmarks").mkdir(exist_ok=True)
        shutil.copy(Path(__file__), tree / "benchmarks" / "layout_corpus.py")
        arguments = [str(Path(a).resolve()) if Path(a).is_dir() else a for a in arguments]
        return subprocess.run([sys.executable, str(tree / "benchmarks" / "layout_corpus.py"), *arguments]).returncode


if __name__ == "__main__":
    main()
