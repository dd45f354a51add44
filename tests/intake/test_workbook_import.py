import json
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from intake.layout import parse_workbook
from plans.drafts import as_json
from plans.parsing.departments import split_departments

from .workbooks import save, two_row_header_workbook, value_columns_workbook

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples 不存在")


def targets_of(documents):
    return [(t.metric, t.comparator, t.value, t.unit, t.kind) for d in documents for t in d.targets]


@needs_samples
def test_key_tasks_sample_gives_every_target():
    data = (SAMPLES / "市科技局2024年度重点工作任务分解表.xlsx").read_bytes()
    documents, problems = parse_workbook(data, "x.xlsx")
    assert problems == []
    work, legal = documents
    assert (work.year, legal.kind) == (2024, "legal")
    assert [(t.metric, t.comparator, t.value, t.unit, t.kind) for t in work.targets] == [
        ("新增高新技术企业", "gte", 20, "家", "count"),
        ("新增科技型中小企业", "gte", 30, "家", "count"),
        ("研发投入提升", "gte", 15, "%", "percent_growth"),
        ("督导", "eq", 1, "次", "frequency"),
        ("新建市级科技创新平台", "eq", 10, "家", "count"),
        ("签订产学研合作协议", "gte", 5, "项", "count"),
    ]
    assert [(t.value, t.unit, t.comparator) for t in legal.targets] == [
        (3, "次", "gte"),
        (1, "期", "gte"),
        (60, "学时", "gte"),
        (2, "次", "gte"),
    ]
    long_term = next(t for t in work.tasks if t.deadline_text == "长期")
    assert long_term.targets == [] and long_term.deadline is None
    research = next(t for t in work.tasks if "研发投入" in (t.targets[0].metric if t.targets else ""))
    assert research.lead_department == "计划科" and research.co_departments == ["高新科", "成果科"]
    assert research.deadline == date(2024, 12, 31)
    assert [s.label for s in work.sections] == ["一", "二", "三", "四"]
    assert work.targets[3].period == "每季度"


@needs_samples
def test_environment_sample_gives_every_target_and_the_split():
    data = (SAMPLES / "市科技局2024年度生态环境保护科技工作任务表.xlsx").read_bytes()
    documents, problems = parse_workbook(data, "x.xlsx")
    assert problems == []
    (plan,) = documents
    assert [(t.metric, t.comparator, t.value, t.unit) for t in plan.targets] == [
        ("开展政策宣讲", "eq", 6, "场"),
        ("立项环保领域科技攻关项目", "eq", 8, "项"),
        ("举办成果对接活动", "gte", 4, "次"),
        ("新增节能环保领域高新技术企业", "eq", 12, "家"),
        ("高新区单位工业增加值能耗下降", "lte", Decimal("2.5"), "%"),
        ("全社会研发经费投入", "gte", 19, "亿元"),
    ]
    split = plan.targets[-1]
    assert len(split.shares) == 7 and sum(s.value for s in split.shares) == split.value
    assert split.shares[0].region_code == "371502" and split.shares[0].baseline == Decimal("5.1")
    assert [s.label for s in plan.sections] == ["一", "二"]
    assert plan.tasks[1].lead_department == "市科技局社发科"


def test_two_row_merged_header_with_chinese_numerals_and_full_width_digits():
    documents, problems = parse_workbook(two_row_header_workbook(), "x.xlsx")
    assert problems == []
    (document,) = documents  # the 填表说明 sheet is skipped
    assert document.title == "某县科学技术局2025年度重点工作任务分解表" and document.year == 2025
    assert targets_of(documents) == [
        ("新增高新技术企业", "eq", 20, "家", "count"),
        ("宣讲", "gte", 6, "场", "frequency"),
        ("技术合同成交额", "eq", 1500, "万元", "amount"),
    ]
    assert document.targets[1].period == "全年"
    first, second, third = document.tasks
    assert first.section == second.section == ("一",) and third.section == ("二",)
    assert (first.lead_department, first.co_departments, first.leader) == ("创新股", ["办公室"], "张三")
    assert first.deadline == date(2025, 12, 31) and second.deadline is None


def test_value_columns_in_any_order_with_section_rows():
    documents, problems = parse_workbook(value_columns_workbook(), "x.xlsx")
    assert problems == []
    (document,) = documents
    assert targets_of(documents) == [
        ("新建创新平台", "gte", 3, "家", "count"),
        ("能耗下降", "lte", Decimal("2.5"), "%", "percent_growth"),
        ("登记科技成果", "eq", 8, "项", "count"),
    ]
    assert [t.section for t in document.tasks] == [("一",), ("一",), ("二",)]
    assert document.tasks[0].deadline == date(2025, 11, 30)
    assert document.tasks[2].co_departments == ["高新科"]


def test_bad_value_cell_is_reported_with_sheet_row_and_column():
    rows = [["家", "很多", "新建创新平台", 1, "建设创新平台", "高新科", "2025年"]]
    documents, problems = parse_workbook(value_columns_workbook(rows), "x.xlsx")
    (problem,) = problems
    assert (problem.sheet, problem.row, problem.column) == ("任务表", 3, "B（指标值）")
    assert "“很多”不是可以读取的数值" in problem.message


def test_header_that_cannot_be_found_says_what_is_missing():
    wb = Workbook()
    wb.active.append(["姓名", "电话"])
    wb.active.append(["张三", "123"])
    documents, problems = parse_workbook(save(wb), "x.xlsx")
    assert documents == []
    assert problems[0].message.startswith("找不到表头：")
    assert "A “姓名”、B “电话”" in problems[0].message  # says what it saw


def test_a_workbook_of_only_an_empty_sheet_says_so():
    wb = Workbook()
    wb.active.title = "空表"
    documents, problems = parse_workbook(save(wb), "x.xlsx")
    assert [str(p) for p in problems] == ["工作簿中没有找到可导入的任务。（“空表”：空表）"]


def test_excel_dates_as_deadlines():
    rows = [["家", 3, "新建创新平台", 1, "建设创新平台", "高新科", date(2025, 6, 30)]]
    documents, problems = parse_workbook(value_columns_workbook(rows), "x.xlsx")
    assert problems == [] and documents[0].tasks[0].deadline == date(2025, 6, 30)


def test_departments_carry_a_shared_prefix():
    assert split_departments("市科技局社发科、成果科") == ("市科技局社发科", "市科技局成果科")
    assert split_departments("高新科，成果科；办公室") == ("高新科", "成果科", "办公室")


def test_dry_run_json_has_the_documented_shape(world, city_admin, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(two_row_header_workbook())
    out = StringIO()
    call_command("import_plan", str(path), "--bureau", world.county.name, "--dry-run", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["ok"] is True and data["errors"] == []
    document = data["documents"][0]
    assert set(document) >= {"title", "year", "sections", "tasks"}
    assert document["sections"][0] == {"label": "一", "title": "培育科技企业", "children": []}
    task = document["tasks"][0]
    assert set(task) >= {
        "section",
        "text",
        "lead_department",
        "co_departments",
        "leader",
        "person",
        "deadline",
        "deadline_text",
        "targets",
    }
    assert task["section"] == "一" and task["deadline"] == "2025-12-31"
    assert task["targets"][0] == {
        "source": "力争新增高新技术企业二十家",
        "metric": "新增高新技术企业",
        "value": 20,
        "unit": "家",
        "comparator": "=",
        "kind": "count",
        "period": None,
    }
    assert data["new_departments"] == ["成果股"]
    from plans.models import Plan

    assert not Plan.objects.filter(title__contains="某县").exists()  # a dry run writes nothing


def test_json_shape_is_stable_for_nested_sections():
    from plans.drafts import DraftDocument

    document = DraftDocument(title="t", year=2025)
    document.section_at(("二", "(一)"), "子")
    assert as_json([document])[0]["sections"] == [
        {"label": "二", "title": "", "children": [{"label": "(一)", "title": "子", "children": []}]}
    ]
