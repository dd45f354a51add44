import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from plans.parsing.document import documents_json, parse_document
from plans.parsing.evaluate import score_file
from plans.parsing.phrases import find_phrases

from .plan_texts import BUNDLE, COUNTY_PLAN, NOT_TARGETS, TRADITIONAL

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
needs_seeds = pytest.mark.skipif(not (SEEDS / "expected").is_dir(), reason="../shared/seeds 不存在")


@needs_seeds
@pytest.mark.parametrize("name", ["000_68feffdf04ead34d", "002_cd80c7d24eaae271"])
def test_seed_targets_outline_and_no_past_results(name):
    score = score_file(SEEDS / f"{name}.txt", SEEDS / "expected" / f"{name}.json")
    assert score.precision >= 0.9 and score.recall >= 0.9, score
    assert score.facts_taken_as_targets == 0
    assert score.sections_right == score.sections_expected


@needs_seeds
def test_seed_responsibility_rows_match():
    expected = json.loads((SEEDS / "expected" / "000_68feffdf04ead34d.json").read_text())
    parsed = parse_document((SEEDS / "000_68feffdf04ead34d.txt").read_text())
    for ours, theirs in zip(parsed, expected["documents"]):
        assert [(r["section"], r["departments"]) for r in ours.responsibility_rows] == [
            (r["section"], r["departments"]) for r in theirs["responsibility_rows"]
        ]


@needs_seeds
def test_seed_titles_issuers_and_years():
    parsed = parse_document((SEEDS / "002_cd80c7d24eaae271.txt").read_text())
    (document,) = parsed
    assert document.draft.title == "岳陽(yáng)縣科學(xué)技術(shù)局2022年工作規(guī)劃"
    assert (document.draft.issuer, document.draft.year) == ("岳阳县科学技术局", 2022)


def test_county_plan_outline_targets_and_responsibilities():
    (document,) = parse_document(COUNTY_PLAN)
    draft = document.draft
    assert (draft.title, draft.issuer, draft.year) == ("东昌府区科学技术局2026年度工作计划", "东昌府区科学技术局", 2026)
    assert [(s.label, s.title) for s in draft.sections] == [("一", "总体要求"), ("二", "重点任务"), ("三", "保障措施")]
    assert [(c.label, c.title) for c in draft.sections[1].children[0].children] == [
        ("一是", "抓培育"),
        ("二是", "抓服务"),
    ]
    targets = [("/".join(path), t.metric, t.comparator, t.value, t.unit, t.kind) for path, t in document.targets]
    assert targets == [
        ("二/(一)", "新增高新技术企业", "gte", 8, "家", "count"),
        ("二/(一)", "新增科技型中小企业", "eq", 40, "家", "count"),
        ("二/(二)", "技术合同成交额", "eq", Decimal("3.5"), "亿元", "amount"),
        ("二/(二)", "组织产学研对接活动", "eq", 1, "次", "frequency"),
    ]
    assert {t.source for _, t in document.targets} >= {"力争全年新增高新技术企业8家以上", "科技型中小企业四十家"}
    assert [(f.value, f.unit) for _, f in document.facts] == [(12000, "人次"), (6, "家")]
    rows = {r["section"]: r for r in document.responsibility_rows}
    assert rows["二/(一)"]["departments"] == ["科技创新股", "办公室"]
    assert (rows["二/(二)"]["leader"], rows["二/(二)"]["deadline"]) == ("王建国", "3-12月")
    task = next(t for t in draft.tasks if t.section == ("二", "(二)"))
    assert (task.lead_department, task.leader, task.deadline_text) == ("成果转化股", "王建国", "3-12月")


def test_bundle_with_table_of_contents_gives_each_plan():
    parsed = parse_document(BUNDLE)
    assert [(d.draft.title, d.draft.kind) for d in parsed] == [
        ("某市科学技术局2026年度工作要点", "key_points"),
        ("某市科学技术局2026年普法工作计划", "legal"),
    ]
    assert [(t.value, t.unit, t.comparator) for _, t in parsed[1].targets] == [(4, "次", "gte"), (1, "次", "gte")]


def test_traditional_text_with_glosses_full_width_digits_and_ocr_swaps():
    (document,) = parse_document(TRADITIONAL)
    assert [(t.metric, t.value, t.unit) for _, t in document.targets] == [
        ("新认定高新技术企业", 6, "家"),
        ("科技项目资金", 200, "万元"),
    ]
    assert document.targets[0][1].source == "新認(rèn)定高新技術(shù)企業(yè)６家以上"


def test_past_results_facts_thresholds_names_and_dates_are_not_targets():
    (document,) = parse_document(NOT_TARGETS)
    assert document.targets == []
    assert {(f.value, f.unit) for _, f in document.facts} == {(28000, "人次"), (95, "家"), (2, "家")}


def test_json_has_the_import_shape_plus_facts_and_responsibilities():
    data = documents_json(parse_document(COUNTY_PLAN))[0]
    assert set(data) >= {"title", "year", "sections", "tasks", "facts", "responsibility_rows"}
    target = next(t for task in data["tasks"] for t in task["targets"])
    assert set(target) == {"source", "metric", "value", "unit", "comparator", "kind", "period"}


PIECES = list(
    "一二三四五六七八九十是()（）、,，。:：;\n 0123456789.%家次万元亿以上不少于力争新增每季度责任部门领导年月第共过“”《》"
) + ["一、", "(一)", "1.", "一是", "责任部门:", "2026年", "以内", "某市科学技术局2026年度工作计划\n", "目录:\n"]


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=120).map("".join))
def test_parser_never_crashes_and_keeps_its_shape(text):
    for document in parse_document(text):
        assert isinstance(document.draft.title, str) and isinstance(document.draft.tasks, list)
        for path, target in document.targets:
            assert isinstance(path, tuple) and target.comparator in ("gte", "lte", "eq")
            assert target.value >= 0
    documents_json(parse_document(text))


@hypothesis_settings(max_examples=500, deadline=None)
@given(st.text(max_size=200))
def test_phrase_sources_are_always_cut_from_the_input(text):
    for phrase in find_phrases(text):
        assert phrase.source and phrase.source in text
        assert phrase.comparator in ("gte", "lte", "eq")
        assert phrase.kind in ("count", "amount", "percent_growth", "ratio", "frequency")
