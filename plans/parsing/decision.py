"""Target or fact: whether a figure found in a document is a commitment for the plan's period
(a target) or a past result or present statistic (a fact), from the evidence a reader uses.

The evidence, each item a signed weight with a reason in Chinese so the review page and
`parse_plan --json` can say why:
- the role of the text the figure sits in: the document's headline (述职报告, 工作总结 → summary;
  工作计划, 要点, 民生实事 → plan), the heading chain (工作完成情况, 主要成效, 回顾 → summary;
  目标任务, 工作计划 → plan), a short label line (任务安排 / 落实情况) or the column of a
  flattened table (具体任务 / 进展情况). The nearest role wins.
- the nearest marker before the figure, in its clause, else its sentence, else its paragraph:
  modal and plan verbs (力争, 确保, 要, 将, 计划, 拟, 预期, 到2025年) against aspect and
  past markers (已, 累计, 同比, 以来, 了, 获批, 目前). A lead-in sentence ending in 目标:/任务是
  commits the rest of its paragraph.
- years: the last year named before the figure in its paragraph, against the plan's year.
- quota wording (目标任务19家, 年任务(40.2亿元)) commits even inside a report; a completion share
  (完成…的103.9%, 占年度目标的91.4%, 完成率63%) never does.
- weak cues: a commitment verb (新增, 建成 …) or comparator (以上, 不低于, 达到).

A figure is a target when the weights sum to at least THRESHOLD. Pure functions over strings.
"""

import re
from bisect import bisect_right, insort
from dataclasses import dataclass, field

THRESHOLD = 2

SUMMARY_TITLE = re.compile(r"述职|总结|汇报|自查|情况|回顾|成效|成绩|报告(?!会)|进展|落实|盘点")
PLAN_TITLE = re.compile(r"计划|规划|要点|方案|打算|安排|部署|目标|实事|任务|拟|将|要")
MIXED_TITLE = re.compile(r"会议|计划|打算|部署|要点|方案|目标")
SUMMARY_HEADING = re.compile(
    r"完成情况|落实情况|进展情况|运行情况|开展情况|工作情况|办理情况|推进情况|执行情况|"
    r"成效|成绩|回顾|总结|取得|进展|亮点|基本情况|发展现状|现状|存在的?问题|不足|具体情况"
)
PLAN_HEADING = re.compile(r"计划|目标|任务|打算|安排|要点|重点工作|下一步|预期|举措|措施")
PLAN_CONTEXT = re.compile(
    r"预期目标|主要目标|目标任务|工作计划|工作要点|工作部署|部署会|工作会议|实施方案|规划|民生实事|"
    r"为民办实事|政府工作报告|部署|年度计划"
)

FUTURE = re.compile(
    r"力争|确保|争取|努力|拟|预期|力求|必须|着力|(?<![主重需只必])要(?![求素点是闻害])|将(?![其近来军])|"
    r"(?<![火星技育增动划的炬度])计划(?=[\u4e00-\u9fff])(?!项目|类|目标|的|投资|开工|新开工|竣工|投产)|到20\d\d年|下一步|下半年|明年|目标是|任务是|"
    r"目标为|预计(?=[比实达增完新全较])|提出(?!了)|安排(?=[\u4e00-\u9fff]{0,8}项目)"
)
HYPOTHETICAL = re.compile(r"比如|例如|如果|假如|假设|譬如")
ESTIMATE = re.compile(r"预计|预测")
PAST = re.compile(
    r"已经|已|累计|(?<!公)共(?:计|有|完成|组织|实施|申报|引进|培训|举办|开展|接待|承办|分|增加|新增|认定|争取|投入|办理)|截至|截止|以来|同比|较去年|较上年|上年同期|(?<![比较])去年(?!的?基础上)|(?<![比较])上年(?!的?基础上)|"
    r"(?<![为除])了(?![解])|获批|获评|荣获|获得|入选|列入|被评为|被认定|被确定|被授予|位居|位列|排名|居(?:全[省市国区县])?第|首次|创历史|"
    r"创新高|新纪录|目前|现有|\d{1,2}-\d{1,2}月|上半年|前三季度|第[一二三]季度|一季度|二季度|三季度|季度以来"
)
RETROSPECTIVE = re.compile(r"以来|近年来|近几年|过去一年|过去的一年|回顾|取得了|成效显著|成果显著")
LEAD_IN = re.compile(
    r"(?:目标|任务|要求|安排|项目|内容|重点)(?:是|为|有|如下|包括)?\s*:|(?:预期目标|主要目标|目标任务)[。:]"
)
YEAR = re.compile(r"(?<!\d)(20\d\d)\s*年(?!\d)")
HORIZON = re.compile(r"到(20\d\d)年")
QUOTA = re.compile(
    r"(?:(?:目标|任务|年任务|年度任务|奋斗目标|确保目标|投资计划|年度计划|计划投资)(?:增长|增速|为|是)?\(?"
    r"|计划新?(?:开工|竣工|投产|建成|实施|完成)[^,;。]{0,8}?(?:项目)?)$"
)
LIST_TOTAL = re.compile(r"(?:估算)?总投资(?:约|达)?$")
COMPLETION = re.compile(r"(?:完成|占|超额?完成)[^,;。]{0,24}的$|完成率$|完成考核任务的$|(?:序时|时间)进度$")
COMMIT_VERB = re.compile(
    r"完成|新增|开建|续建|新建|新认定|认定|培育|引进|建设|建成|开工|实施|启动|争创|打造|举办|组织|开展|创建|推进|改扩建|"
    r"新培育|净增|提升|提高|增长|增加|开设|开发|配备|配置|改造|整治|治理|维修|援助|帮助|培训|招聘|招引|"
    r"发放|接种|筛查|交付|推出|安装|铺设|提供|实现|创成|培养|增配|布建|改建|扩建|投用|建立|设立|"
    r"落实|扶持|资助|服务|惠及|覆盖|解决|吸纳|带动|申报|争取|招商|签约|落地|投产|竣工|种植|养殖|推广|示范|"
    r"升级|募集|征集|开通|增设|更新|修缮|加装|新开"
)
COMMIT_WORD = re.compile(r"以上|不低于|不少于|突破|超过|左右|达到|达|稳定在|保持在")
NAMES_THEN_COUNT = re.compile(r"等[\u4e00-\u9fff“”]{0,10}$")
SENTENCE_END = "。!?;"


@dataclass
class Evidence:
    score: int = 0
    reasons: list[str] = field(default_factory=list)

    def add(self, weight: int, reason: str) -> None:
        self.score += weight
        self.reasons.append(f"{reason}（{weight:+d}）")

    @property
    def target(self) -> bool:
        return self.score >= THRESHOLD


def title_role(title: str) -> str | None:
    """summary, plan, or None when the headline says both or neither."""
    if not title:
        return None
    summary = SUMMARY_TITLE.search(title)
    plan = PLAN_TITLE.search(title)
    if summary and not MIXED_TITLE.search(title):
        return "summary"
    if plan and not summary:
        return "plan"
    return None


def heading_role(title: str) -> str | None:
    if SUMMARY_HEADING.search(title):
        return "summary"
    if PLAN_HEADING.search(title):
        return "plan"
    return None


class Markers:
    """Every marker of a text found once, so that deciding a figure is a few binary searches
    rather than a scan: the parser stays linear in the length of the text."""

    PATTERNS = {
        "future": FUTURE,
        "past": PAST,
        "estimate": ESTIMATE,
        "hypothetical": HYPOTHETICAL,
        "lead_in": LEAD_IN,
        "year": YEAR,
        "horizon": HORIZON,
    }

    def __init__(self, body: str):
        self.body = body
        self.found = {}
        for name, pattern in self.PATTERNS.items():
            matches = list(pattern.finditer(body))
            self.found[name] = ([m.end() for m in matches], matches)
        self.breaks = _sentence_breaks(body)

    def last(self, name: str, start: int, end: int):
        """The last match lying wholly inside body[start:end], or None."""
        ends, matches = self.found[name]
        index = bisect_right(ends, end) - 1
        if index >= 0 and matches[index].start() >= start:
            return matches[index]
        return None

    def add_break(self, position: int) -> None:
        """A sentence ends here too (after a headline or a line of page metadata)."""
        insort(self.breaks, position)

    def sentence_start(self, position: int, floor: int) -> int:
        index = bisect_right(self.breaks, position) - 1
        if index >= 0 and self.breaks[index] > floor:
            return self.breaks[index]
        return floor


END_OF_SENTENCE = re.compile(r"[。!?;]")
VISIBLE_END = re.compile(r"[^ \t\u3000\r\n]")


def _sentence_breaks(body: str) -> list[int]:
    """Where sentences start: after 。!?; and after a line that ends a sentence or labels what
    follows (a line cut mid-sentence by a page break or a table cell continues the sentence)."""
    breaks = [m.end() for m in END_OF_SENTENCE.finditer(body)]
    start = 0
    for raw in body.split("\n"):
        end = start + len(raw)
        line = raw.strip(" \t\u3000\r")
        if end < len(body) and (
            not line or line[-1] in SENTENCE_END + ":|" or (len(line) <= 14 and not DIGIT.search(line))
        ):
            breaks.append(end + 1)
        start = end + 1
    return sorted(set(breaks))


DIGIT = re.compile(r"\d")


def _sentence_breaks(body: str) -> list[int]:
    """Where sentences start: after 。!?; and after a line that ends a sentence or labels what
    follows (a line cut mid-sentence by a page break or a table cell continues the sentence)."""
    breaks, line_start, last_visible = [], 0, ""
    for index, char in enumerate(body):
        if char in SENTENCE_END:
            breaks.append(index + 1)
        if char == "\n":
            line = body[line_start:index].strip()
            if not line or last_visible in SENTENCE_END + ":|" or (len(line) <= 14 and not re.search(r"\d", line)):
                breaks.append(index + 1)
            line_start = index + 1
        if char not in " \t\u3000\r\n":
            last_visible = char
    return breaks


def sentence_start(body: str, position: int, floor: int) -> int:
    """Start of the sentence holding `position` (for one-off use; the parser uses Markers)."""
    return Markers(body[:position]).sentence_start(position, floor)


LIST_MARKER = re.compile(
    r"[\s▶►•·●◆■□>\-—*]*(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})[、.。)]|[(（](?:\d{1,2}|[一二三四五六七八九十]{1,3})[)）]|[①-⑳])?\s*"
)
ITEM_OPENING = re.compile(r"对|为|(?:新、)?(?:" + COMMIT_VERB.pattern + ")")


def _opens_line_with_verb(body: str, position: int) -> bool:
    """Whether the line holding `position` opens, past a list marker or bullet, with a commitment
    verb: an item of a list laid out one commitment a line (民生实事 lists, ▶ bullets). The first
    line of the text is the headline, which repeats what the body says, and is left out."""
    line_start = body.rfind("\n", 0, position) + 1
    if line_start == 0:
        return False
    line = body[line_start:position]
    marker = LIST_MARKER.match(line)
    return bool(ITEM_OPENING.match(line, marker.end()))


def decide(
    markers: Markers,
    start: int,
    end: int,
    *,
    paragraph_start: int,
    role: tuple[str, str, int] | None,
    plan_year: int | None,
    plan_context: bool,
    reads_as_state: bool = False,
    role_from_heading: bool = False,
    window: int = 240,
) -> Evidence:
    """Evidence for the figure at body[start:end] (the number with its unit and comparator).
    `role_from_heading`: the role comes from a heading, label line or column, not the headline."""
    body = markers.body
    evidence = Evidence()
    floor = max(paragraph_start, start - window)
    sentence = markers.sentence_start(start, floor)
    clause = max(sentence, max(body.rfind(c, sentence, start) for c in ",:") + 1)
    before_clause = body[clause:start]
    tail = body[end : min(len(body), end + 24)]
    tail = tail[: next((i for i, c in enumerate(tail) if c in ",;。!?\n"), len(tail))]

    # Completion shares and quota words decide alone.
    if COMPLETION.search(before_clause):
        evidence.add(-6, "完成或占比的份额，不是目标")
        return evidence
    if LIST_TOTAL.search(before_clause):
        evidence.add(-6, "项目总投资描述清单，不是年度目标")
        return evidence
    if QUOTA.search(before_clause[-8:]) and (before_clause.endswith("(") or not re.search(r"超|完成", before_clause)):
        evidence.add(5, "下达的目标或任务数")
        return evidence

    if role:
        kind, where, weight = role
        evidence.add(weight if kind == "plan" else -weight, f"{where}为{'计划' if kind == 'plan' else '总结'}")
    elif plan_context:
        evidence.add(1, "全文为计划或部署")

    # The nearest marker wins: clause, then sentence, then paragraph.
    for (a, b), ahead, back, scope in (
        ((clause, start), 4, 4, "本句"),
        ((sentence, clause), 4, 3, "本句前文"),
        ((floor, sentence), 1, 2, "本段前文"),
    ):
        future, past = markers.last("future", a, b), markers.last("past", a, b)
        lead = markers.last("lead_in", a, b)
        if lead and past and lead.start() > past.start() and (not future or lead.start() > future.start()):
            future = lead  # "…列入为民办实事的项目有:": the list after the colon is what is to be done
        if future and future.group() == "争取" and role and role[0] == "summary":
            future = None  # 争取项目资金…: in a report, funds obtained
        if scope == "本句" and markers.last("hypothetical", a, b):
            evidence.add(-4, "假设或举例")
            break
        estimate = markers.last("estimate", a, b)
        if estimate and role and role[0] == "summary":
            evidence.add(-back, f"{scope}“{estimate.group()}”在总结中是估计的实绩")
            break
        if past and past.group() == "累计":
            ahead_of = markers.last("future", a, past.start())
            if ahead_of:  # 力争累计…: a cumulative goal
                future, past = ahead_of, None
        if future or past:
            if future and (not past or future.start() > past.start()):
                evidence.add(ahead, f"{scope}有“{future.group()}”")
            else:
                evidence.add(-back, f"{scope}有“{past.group()}”")
            break
        if scope == "本段前文" and markers.last("lead_in", a, b):
            evidence.add(3, "段首写明目标")
    if re.match(r"^[^,;。]{0,3}了", tail[:12]) or re.match(r"^(?:为|被)|^[\u4e00-\u9fff]{0,6}?(?:均已|已经|已)", tail):
        evidence.add(-3, "数字后是已完成或现状")
    if NAMES_THEN_COUNT.search(before_clause):
        if role_from_heading and role and role[0] == "plan":
            # 二、主要目标 / 重点任务: the named set is what the section commits to build or serve
            evidence.reasons.append("列举名称后的计数在计划标题下，是要做的数")
        else:
            evidence.add(-3, "列举名称后的计数是现状")
    if markers.last("lead_in", floor, sentence) and not any("段首" in r for r in evidence.reasons):
        evidence.add(2, "段首写明目标")

    horizon = markers.last("horizon", max(paragraph_start, start - 200), start)
    year = markers.last("year", max(paragraph_start, start - 200), start)
    if horizon:
        evidence.add(3, f"到{horizon.group(1)}年的目标")
    elif year and plan_year:
        named = int(year.group(1))
        if named < plan_year:
            evidence.add(-4, f"说的是{named}年（计划年度{plan_year}）")
        elif named > plan_year:
            evidence.add(2, f"说的是{named}年")
        else:
            evidence.reasons.append(f"说的是计划年度{named}年")

    acts = COMMIT_VERB.search(before_clause[-30:]) or COMMIT_VERB.search(tail)
    if reads_as_state and not acts:
        evidence.add(-3, "数字后紧跟所数之物，又无承诺词：描述现状")
    if acts and role and role[0] == "plan":
        evidence.add(1, "计划中的承诺动词")
    elif not role and plan_context and clause == sentence and _opens_line_with_verb(body, start):
        evidence.add(1, "计划清单中一行以承诺动词开头")
    if COMMIT_WORD.search(body[max(clause, start - 6) : end]):
        evidence.add(1, "有目标式比较词")
    return evidence
