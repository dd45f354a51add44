"""Every layout of the corpus (tests/intake/layouts) and the two samples in ../shared/samples
go through the importer's dry run; the preview must hold exactly the expected targets (value,
unit, comparator; metric by containment), tasks with their lead departments and deadlines,
split shares, scores, skipped sheets and problems (see layouts/compare.py)."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from tests.intake.layouts import all_layouts, samples
from tests.intake.layouts.compare import compare
from tests.intake.layouts.world import make_sample_bureau

try:  # the importer moves to intake/ (issue 13); until then it lives in plans/importers/
    from intake.run import preview_workbook
except ImportError:
    from plans.importers.run import preview_workbook

LAYOUTS = all_layouts()


def _preview(layout, bureau) -> dict:
    data, name = layout.build()
    return preview_workbook(data, name, bureau, layout.expected["year"]).as_json()


@pytest.mark.parametrize("layout", LAYOUTS, ids=[layout.name for layout in LAYOUTS])
def test_layout_imports_as_expected(layout, layout_bureau):
    comparison = compare(layout.expected, _preview(layout, layout_bureau))
    assert not comparison.failures, "\n".join(comparison.failures)


OTHER_FORMATS = [layout for layout in LAYOUTS if any(trait.startswith("file:") for trait in layout.traits)]


@pytest.mark.parametrize("layout", OTHER_FORMATS, ids=[layout.name for layout in OTHER_FORMATS])
def test_other_formats_import_through_the_command(layout, layout_bureau, tmp_path):
    """.xls, .ods and .csv come in through `import_plan --dry-run --json` as .xlsx does."""
    data, name = layout.build()
    path = tmp_path / name
    path.write_bytes(data)
    out = StringIO()
    try:
        call_command(
            "import_plan",
            str(path),
            "--bureau",
            layout_bureau.name,
            "--year",
            str(layout.expected["year"]),
            "--dry-run",
            "--json",
            stdout=out,
        )
    except SystemExit:  # the command exits 1 after printing a preview with problems
        pass
    comparison = compare(layout.expected, json.loads(out.getvalue()))
    assert not comparison.failures, "\n".join(comparison.failures)


@pytest.mark.skipif(not samples.SAMPLES.is_dir(), reason="../shared/samples 不存在")
@pytest.mark.parametrize("layout", samples.LAYOUTS, ids=[layout.name for layout in samples.LAYOUTS])
def test_sample_imports_as_expected(layout, db):
    comparison = compare(layout.expected, _preview(layout, make_sample_bureau()))
    assert not comparison.failures, "\n".join(comparison.failures)


def test_every_layout_builds_and_has_its_traits():
    """The corpus itself: unique names, files that build, and every trait issue 13 lists at
    least once."""
    traits = {trait for layout in LAYOUTS for trait in layout.traits}
    assert len(LAYOUTS) >= 20
    assert TRAITS <= traits, sorted(TRAITS - traits)
    for layout in LAYOUTS:
        data, name = layout.build()
        assert data and name.rsplit(".", 1)[-1] in {"xlsx", "xls", "ods", "csv"}


def test_every_expected_split_adds_up_to_its_target():
    for layout in [*LAYOUTS, *samples.LAYOUTS]:
        for target in layout.expected["targets"]:
            if "split" in target:
                shares = sum(Decimal(str(v)) for v in target["split"].values())
                assert shares == Decimal(str(target["value"])), (layout.name, target["metric"])


TRAITS = {
    "header:重点工作任务",
    "header:督办事项",
    "header:具体目标",
    "header:考核内容",
    "header:考核指标",
    "header:年度目标",
    "header:2024年目标值",
    "header:全市目标",
    "header:办理时限",
    "no-task:indicator-table",
    "no-task:responsibility-book",
    "no-task:targets-in-sentences",
    "header:three-rows",
    "header:quarters-over-months",
    "header:progress-columns",
    "split:wide-by-name",
    "split:zones-without-code",
    "split:long-by-code",
    "split:long-by-name",
    "sheet-per-county-with-summary",
    "empty-default-sheets",
    "hidden-rows",
    "hidden-columns",
    "example-row",
    "footer:签字",
    "footer:制表人",
    "footer:加分项",
    "format:deadline-number",
    "format:percent",
    "value-with-unit",
    "value-with-comparator",
    "open-measure-words",
    "full-width-parentheses",
    "file:xls",
    "file:ods",
    "file:csv-utf8",
    "file:csv-bom",
    "file:csv-gb18030",
    "strings:shared",
    "strings:inline",
    "false-dimension",
    "department-abbreviations",
    "text-dates",
    "problem:impossible-date",
    "problem:target-without-task",
    "problem:unreadable-number",
    "problem:unreadable-lead",
}
