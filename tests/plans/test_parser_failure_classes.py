"""One test per failure class of the plan-text parser (issue 14, "What fails"), each with
sentences of our own in the manner of real plans, news items and reports."""

from decimal import Decimal

from plans.parsing.document import documents_json, parse_document
from plans.parsing.phrases import find_phrases


def targets(text: str) -> list[tuple]:
    return [(t.value, t.unit, t.comparator) for doc in parse_document(text) for _, t in doc.targets]


def facts(text: str) -> list[tuple]:
    return [(t.value, t.unit) for doc in parse_document(text) for _, t in doc.facts]


def phrase(text: str):
    (found,) = find_phrases(text)
    return found


# 1. Text outside a numbered outline --------------------------------------------------------


def test_news_item_without_an_outline_gives_its_targets():
    text = (
        "3月2日,某县召开全县科技创新大会。\n"
        "会议要求,2026年全县要力争高新技术企业净增15家,技术合同成交额达到6亿元,新建省级研发平台3个。"
    )
    assert targets(text) == [(15, "家", "eq"), (6, "亿元", "eq"), (3, "个", "eq")]


def test_targets_above_the_first_heading_are_kept():
    text = (
        "某区科学技术局2026年工作计划\n"
        "今年全区力争新增科技型中小企业40家以上。\n"
        "一、强化企业培育\n新增高新技术企业10家。"
    )
    assert targets(text) == [(40, "家", "gte"), (10, "家", "eq")]


def test_flattened_table_task_column_gives_targets_and_progress_column_facts():
    text = "\n".join(
        [
            "某县重点工作推进情况表",
            "序号",
            "工作任务",
            "进展情况",
            "责任单位",
            "1",
            "确保全年新增规上工业企业12家,研发投入增长10%。",
            "上半年已新增规上工业企业5家,研发投入同比增长6.2%。",
            "县科技局",
        ]
    )
    assert targets(text) == [(12, "家", "eq"), (10, "%", "eq")]
    assert facts(text) == [(5, "家"), (Decimal("6.2"), "%")]


# 2. Past results against targets -----------------------------------------------------------


def test_a_summary_section_gives_facts_even_with_da_dao():
    text = (
        "某市科技局2025年工作总结和2026年工作计划\n"
        "一、2025年工作完成情况\n全市高新技术企业数量达到230家,技术合同成交额突破20亿元。\n"
        "二、2026年工作计划\n力争高新技术企业数量达到260家。"
    )
    assert targets(text) == [(260, "家", "eq")]
    assert facts(text) == [(230, "家"), (20, "亿元")]


def test_completed_action_wording_marks_facts():
    text = (
        "某县科技局2026年工作计划\n一、重点任务\n"
        "去年已组织开展科技培训12场,申报了省级项目8项,兑现奖补资金300万元。\n新增科技特派员20名。"
    )
    assert targets(text) == [(20, "名", "eq")]
    assert {value for value, _ in facts(text)} == {12, 8, 300}


def test_a_past_year_in_the_sentence_makes_a_fact():
    text = "某区科技局2026年工作要点\n一、主要目标\n2025年全区研发投入增长12%。2026年力争研发投入增长15%。"
    assert targets(text) == [(15, "%", "eq")]


def test_cumulative_goal_after_lizheng_is_a_target():
    text = "某市科技局2026年工作计划\n一、主要目标\n力争累计培育国家高新技术企业达到500家。"
    assert targets(text) == [(500, "家", "eq")]


def test_estimates_in_a_report_are_facts_and_in_a_plan_targets():
    report = "某区工信局2026年上半年工作总结\n一、主要指标运行情况\n预计上半年规上工业增加值增长8.5%。"
    plan = "某区工信局2026年工作计划\n一、目标任务\n预计全年规上工业增加值增长9%。"
    assert targets(report) == [] and facts(report) == [(Decimal("8.5"), "%")]
    assert targets(plan) == [(9, "%", "eq")]


def test_quotas_in_a_progress_report_are_targets_and_completion_shares_facts():
    text = (
        "某区2026年1-6月重点工作进展情况\n一、工业经济运行情况\n"
        "市下达我区规上工业产值目标任务150亿元。1-6月完成产值70亿元,完成年度任务的46.7%。"
    )
    assert targets(text) == [(150, "亿元", "eq")]
    assert facts(text) == [(70, "亿元"), (Decimal("46.7"), "%")]


# 3. Enumerations read as headings ----------------------------------------------------------


def test_a_line_opening_with_an_enumeration_of_quarters_is_not_heading_yi():
    (doc,) = parse_document(
        "某县科技局2026年工作计划\n一、二、三季度各举办1场科技成果对接会。\n二、重点任务\n新增企业5家。"
    )
    assert [s.label for s in doc.draft.sections] == ["二"]


def test_site_navigation_is_not_an_outline():
    (doc,) = parse_document("1. 首页 2. 新闻动态 3. 政务公开\n某区今年将新增科技型企业30家。")
    assert doc.draft.sections == []
    assert [(t.value, t.unit) for _, t in doc.targets] == [(30, "家")]


# 4. Numbers and units ----------------------------------------------------------------------


def test_wan_scaled_counts_keep_the_scale_in_the_unit():
    found = phrase("力争新增市场主体1.2万家")
    assert (found.value, found.unit) == (Decimal("1.2"), "万家")


def test_compound_units_and_the_yi_shang_after_them():
    found = phrase("研发人员全时当量达到800人年以上")
    assert (found.value, found.unit, found.comparator) == (800, "人年", "gte")
    assert phrase("PM2.5浓度控制在35微克/立方米以下").unit == "微克/立方米"


def test_an_index_without_a_unit_and_a_rank_goal():
    index = phrase("区域创新能力指数达到68以上")
    assert (index.value, index.unit, index.comparator) == (68, "", "gte")
    rank = phrase("综合科技创新水平进入全省前20位")
    assert (rank.value, rank.unit, rank.comparator) == (20, "位", "lte")


def test_ordinals_names_sets_scoring_rules_and_codes_are_not_quantities():
    for text in [
        "启动新一轮科技攻关",
        "建设产业园二期工程",
        "对照2项核心指标开展评估",
        "每增1个百分点加2分",
        "下降10%为良好",
        "落实“1+10+N”工程",
        "PM2.5监测",
        "第3批项目",
        "聚焦10项科技创新指标",
    ]:
        assert find_phrases(text) == [], text


def test_thresholds_that_qualify_a_group_are_not_targets():
    assert [(p.value, p.unit) for p in find_phrases("新培育营收10亿元企业3家以上")] == [(3, "家")]
    assert find_phrases("支持研发投入超过500万元的企业")[:1] == []


# 5. Distributive phrases -------------------------------------------------------------------


def test_fenbie_gives_one_target_per_value_and_shares_its_bound():
    found = find_phrases("小麦和玉米种植面积分别稳定在50万亩、30万亩以上")
    assert [(p.value, p.unit, p.comparator) for p in found] == [(50, "万亩", "gte"), (30, "万亩", "gte")]
    found = find_phrases("专利申请量和授权量分别超过900件和400件")
    assert [(p.value, p.comparator) for p in found] == [(900, "gte"), (400, "gte")]


def test_shuangshuang_gives_one_target_per_subject():
    found = find_phrases("力争电子信息和装备制造产业产值双双突破300亿元")
    assert [(p.metric, p.value, p.comparator) for p in found] == [
        ("电子信息", 300, "gte"),
        ("装备制造产业产值", 300, "gte"),
    ]


def test_chao_is_at_least():
    assert phrase("外贸进出口额增长超8%").comparator == "gte"


# 6. Metric noise ---------------------------------------------------------------------------


def test_list_markers_do_not_leak_into_numbers_or_metrics():
    found = phrase("①新增省级工程技术研究中心4家")
    assert (found.value, found.metric) == (4, "新增省级工程技术研究中心")


def test_a_headline_repeating_the_body_gives_each_target_once():
    text = "今年某市将新增中小学学位1.5万个\n记者从市教育局获悉,今年全市计划新建学校8所,新增中小学学位1.5万个。"
    assert targets(text) == [(8, "所", "eq"), (Decimal("1.5"), "万个", "eq")]


# 7. Metadata -------------------------------------------------------------------------------


def test_title_issuer_and_year_from_a_headline_and_the_prose():
    (doc,) = parse_document(
        "首页 > 新闻中心\n某市科技局召开2026年全市科技工作会议\n发布时间:2026-02-10\n"
        "会议要求,全年力争新增高新技术企业60家。"
    )
    assert doc.draft.title == "某市科技局召开2026年全市科技工作会议"
    assert (doc.draft.issuer, doc.draft.year) == ("某市科技局", 2026)


def test_year_from_the_page_date_when_the_text_names_none():
    (doc,) = parse_document("发布时间:2025-03-04 10:00\n全市今年要新建科技企业孵化器2家。")
    assert doc.draft.year == 2025


# Explainable decisions ----------------------------------------------------------------------


def test_the_json_says_why_each_figure_is_a_target_or_a_fact():
    text = "某县科技局2026年工作计划\n一、重点任务\n2025年已认定高新技术企业20家。力争2026年新增高新技术企业8家。"
    (data,) = documents_json(parse_document(text))
    by_value = {c["value"]: c for c in data["candidates"]}
    assert by_value[20]["target"] is False and any("已" in r for r in by_value[20]["reasons"])
    assert by_value[8]["target"] is True and any("力争" in r for r in by_value[8]["reasons"])


def test_long_texts_are_handed_to_the_worker():
    from plans.parsing.sources import REQUEST_PARSE_CHARACTERS, parse_in_background

    assert not parse_in_background("一" * REQUEST_PARSE_CHARACTERS)
    assert parse_in_background("一" * (REQUEST_PARSE_CHARACTERS + 1))


def test_text_without_an_outline_gives_one_task_per_committing_paragraph():
    text = (
        "某县召开2026年科技工作会议\n2025年全县新增高新技术企业9家。\n"
        "会议要求,今年力争新增高新技术企业12家。\n<p>同时,要新建众创空间2个。</p>"
    )
    (doc,) = parse_document(text)
    assert [(t.section, t.text, [x.value for x in t.targets]) for t in doc.draft.tasks] == [
        ((), "会议要求,今年力争新增高新技术企业12家。", [12]),
        ((), "同时,要新建众创空间2个。", [2]),
    ]
