"""Classes of targets the parser missed on documents it had never seen (recall), one test per
class, each with sentences of our own."""

from plans.parsing.document import parse_document
from plans.parsing.phrases import find_phrases


def targets(text: str) -> list[tuple]:
    return [(t.value, t.unit, t.comparator) for doc in parse_document(text) for _, t in doc.targets]


def test_a_list_of_commitments_one_a_line_under_bare_headings_gives_its_targets():
    # 民生实事 news: numbered headings that name a field, each followed by one line that opens with
    # the commitment verb; no headline word says "plan" and the lines carry no 力争/确保.
    text = (
        "12月30日,某县人大常委会票决产生2027年十件民生实事项目。\n"
        "一、改善群众出行条件。\n"
        "新增公交线路6条、候车亭40座。\n"
        "二、提升养老服务水平。\n"
        "建成社区食堂12个,惠及老年人3000名。\n"
        "▶对25个老旧小区实施雨污分流改造。"
    )
    assert targets(text) == [(6, "条", "eq"), (40, "座", "eq"), (12, "个", "eq"), (25, "个", "eq")]


def test_a_headline_or_a_line_opening_mid_sentence_is_not_a_list_item():
    text = (
        "某区新建口袋公园18个 新增停车位500个\n"
        "记者从区住建局获悉,今年列入民生实事的项目进展顺利。\n"
        "区住建局表示,新建口袋公园18个,新增停车位500个。"
    )
    assert targets(text) == []


def test_the_session_of_a_congress_is_an_ordinal_not_a_count():
    assert find_phrases("为贯彻落实县委八届四次全会精神,结合实际制定本方案。") == []
    assert find_phrases("区十五届人大三次会议召开。") == []
    assert [p.value for p in find_phrases("全年召开专题会议4次。")] == [4]


def test_last_year_as_the_base_of_a_growth_goal_is_not_a_past_marker():
    # 在上年基础上 names what the growth is measured against; the goal is still this year's.
    text = "某县农业农村局2027年工作计划\n一、主要目标\n全年农产品加工产值在上年基础上增长8%以上,新建高标准农田2万亩。"
    assert targets(text) == [(8, "%", "gte"), (2, "万亩", "eq")]


def test_last_year_named_as_a_time_still_marks_a_fact():
    text = "某县农业农村局2027年工作计划\n一、主要目标\n上年全县建成高标准农田3万亩。"
    assert targets(text) == []


def test_a_named_set_counted_under_a_plan_heading_is_a_target():
    # Under 二、主要目标 the count after "A、B等" is what is to be built, not a present state.
    text = (
        "某县科学技术局2027年工作计划\n一、指导思想\n坚持创新驱动。\n二、主要目标\n"
        "①建设茶叶、中药材、油茶等农业科技示范园5个;②培育种业、食品等领域科技型企业20家以上。"
    )
    assert targets(text) == [(5, "个", "eq"), (20, "家", "gte")]


def test_a_named_set_counted_in_plain_prose_stays_a_fact():
    text = "某县科学技术局2027年工作计划\n今年新增甲公司、乙公司等省级专精特新企业4家。"
    assert targets(text) == []


def test_the_quota_named_inside_a_completion_share_is_a_target():
    # 占年度目标N的M%: N is the year's quota (a target), M% how much of it is done (a fact).
    text = "某市召开前三季度工业经济运行分析会\n1-9月,全市完成技改投资64亿元,占年度目标80亿元的80%,同比增长7.5%。"
    assert targets(text) == [(80, "亿元", "eq")]


def test_a_size_class_with_de_is_still_not_a_figure_of_its_own():
    assert [p.value for p in find_phrases("全市营收5000万元的企业达到12家。")] == [12]


def test_holding_a_level_is_goal_wording_like_da_dao():
    # 稳定在 / 保持在 set the level to hold, as 达到 sets the level to reach.
    assert targets("某省农业农村厅部署2027年粮食生产\n全省粮食播种面积稳定在3000万亩。") == [(3000, "万亩", "eq")]
    assert targets("某省农业农村厅部署2027年粮食生产\n全省粮食播种面积保持在3000万亩以上。") == [(3000, "万亩", "gte")]
    assert targets("某省农业农村厅部署2027年粮食生产\n全省粮食播种面积3000万亩。") == []


def test_more_commitment_verbs_of_livelihood_lists():
    # 升级, 募集, 增设, 加装: verbs of 民生实事 items, as 新增 and 建成 are.
    text = "某区发布2027年民生实事项目\n▶提档升级8个社区食堂。\n▶募集公益岗位300个。\n▶增设夜间公交线路3条。"
    assert targets(text) == [(8, "个", "eq"), (300, "个", "eq"), (3, "条", "eq")]
