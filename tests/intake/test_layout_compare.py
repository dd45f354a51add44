"""The corpus's measuring instrument (layouts/compare.py) catches what it claims to."""

from tests.intake.layouts import expect, problem, target, task
from tests.intake.layouts.compare import compare


def preview(targets=(), tasks=None, errors=(), skipped=(), sheet="表", new_departments=()):
    tasks = (
        tasks
        if tasks is not None
        else [
            {
                "text": "任务",
                "lead_department": "",
                "co_departments": [],
                "deadline": None,
                "deadline_text": "",
                "targets": list(targets),
            }
        ]
    )
    return {
        "ok": not errors,
        "errors": list(errors),
        "new_departments": list(new_departments),
        "skipped": list(skipped),
        "documents": [{"sheet": sheet, "tasks": tasks}],
    }


def found(metric, value, unit, comparator="=", **more):
    return {"metric": metric, "value": value, "unit": unit, "comparator": comparator, **more}


def test_equal_targets_match_with_the_metric_by_containment():
    result = compare(
        expect(targets=[target("高新技术企业", 20, "家", ">=")], tasks=None),
        preview([found("新增高新技术企业", 20.0, "家", ">=")]),
    )
    assert (result.matched, result.extra, result.failures) == (1, 0, [])


def test_another_unit_comparator_or_metric_is_no_match():
    expected = expect(targets=[target("高新技术企业", 20, "家", ">=")], tasks=None)
    for wrong in (
        found("新增高新技术企业", 20, "个", ">="),
        found("新增高新技术企业", 20, "家", "="),
        found("科技型中小企业", 20, "家", ">="),
    ):
        result = compare(expected, preview([wrong]))
        assert result.matched == 0 and result.extra == 1 and len(result.failures) == 2


def test_qualitative_targets_are_not_counted():
    result = compare(expect(targets=[], tasks=None), preview([found("完善政策", None, "")]))
    assert (result.found, result.failures) == (0, [])


def test_split_shares_and_score_are_compared():
    expected = expect(
        targets=[target("研发投入", 10, "亿元", ">=", split={"高新区": 4, "泰山区": 6}, score=5)], tasks=None
    )
    good = found(
        "研发投入",
        10,
        "亿元",
        ">=",
        score=5,
        split=[{"region": "泰安高新区", "value": 4}, {"region": "泰山区", "value": 6}],
    )
    assert compare(expected, preview([good])).failures == []
    bad = {**good, "score": None, "split": [{"region": "泰山区", "value": 10}]}
    assert len(compare(expected, preview([bad])).failures) == 4  # count, missing share, wrong share, score


def test_extra_tasks_and_wrong_deadlines_fail():
    tasks = [
        {
            "text": "开展培训",
            "lead_department": "高新科",
            "co_departments": [],
            "deadline": "2024-12-01",
            "deadline_text": "2024年12月",
            "targets": [],
        },
        {
            "text": "填写示例",
            "lead_department": "",
            "co_departments": [],
            "deadline": None,
            "deadline_text": "",
            "targets": [],
        },
    ]
    expected = expect(
        targets=[],
        tasks=[task("开展培训", "高新技术科", deadline="2024-12-31", deadline_text="2024年12月")],
        aliases={"高新科": "高新技术科"},
    )
    assert compare(expected, preview(tasks=tasks)).failures == [
        "task 开展培训: deadline 2024-12-01, expected 2024-12-31",
        "extra task: '填写示例' (sheet 表)",
    ]


def test_problems_need_sheet_row_column_and_the_text_seen():
    expected = expect(targets=[], tasks=None, problems=[problem("表", 4, ["E", "完成时限"], "2026年13月")])
    right = {"sheet": "表", "row": 4, "column": "完成时限", "message": "“2026年13月”不是有效日期。"}
    assert compare(expected, preview(errors=[right])).failures == []
    assert compare(expected, preview(errors=[{**right, "column": "E（完成时限）"}])).failures == []
    assert compare(expected, preview(errors=[{**right, "column": "E"}])).failures == []
    for wrong in (
        {**right, "row": 5},
        {**right, "column": "D"},
        {**right, "column": "EE"},
        {**right, "message": "日期无效"},
    ):
        assert len(compare(expected, preview(errors=[wrong])).failures) == 2  # not reported + unexpected


def test_a_skipped_sheet_must_be_listed_and_not_read():
    expected = expect(targets=[], tasks=None, skipped_sheets=("Sheet2",))
    assert compare(expected, preview(skipped=[{"sheet": "Sheet2", "reason": "空表"}])).failures == []
    as_sheet = {**preview(), "sheets": [{"sheet": "Sheet2", "skipped": "空表"}, {"sheet": "表", "skipped": ""}]}
    assert compare(expected, as_sheet).failures == []
    assert compare(expected, preview()).failures == ["sheet Sheet2 not in the preview's skipped list"]
    read = compare(expected, preview(skipped=[{"sheet": "Sheet2", "reason": ""}], sheet="Sheet2")).failures
    assert read == ["sheet Sheet2 should be skipped, was read as a plan"]


def test_a_refused_file_counts_as_refused():
    result = compare(
        expect(targets=[target("x", 1, "家")], tasks=None),
        {"ok": False, "errors": [{"message": "无法读取"}], "documents": []},
    )
    assert result.refused and result.matched == 0
