"""Numeric targets inside Chinese plan sentences: "力争新增高新技术企业20家以上",
"每季度督导1次", "研发投入提升15%以上", "新增科技型中小企业二十家", "能耗下降不超过2.5%".

Pure functions over strings; shared by the workbook importer and the plan-document parser.
A number becomes a target only with its unit and without the marks of something else:
past results ("全年共组织…28000人次"), present facts ("3家研发投入过亿元企业"), thresholds
("过5000万元的企业"), slogans in quotes ("“四个意识”"), years, dates and list numbering.
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from .normalize import normalize

COUNT_UNITS = [
    "人次",
    "家",
    "宗",
    "块",
    "倍",
    "课时",
    "间",
    "棵",
    "盏",
    "套",
    "所",
    "个",
    "项",
    "件",
    "名",
    "人",
    "篇",
    "所",
    "户",
    "座",
    "台",
    "套",
    "条",
    "处",
    "支",
    "部",
    "款",
    "份",
    "批次",
    "亩",
    "平方米",
    "平方公里",
    "公里",
    "立方米",
    "吨",
    "辆",
    "株",
    "种",
    "头",
    "只",
    "千瓦时",
    "千瓦",
    "兆瓦",
    "公顷",
    "人年",
    "床",
    "张",
    "栋",
    "册",
    "把",
]
FREQUENCY_UNITS = ["次", "期", "场", "轮", "场次", "批"]
AMOUNT_UNITS = ["元", "美元"]
DURATION_UNITS = ["学时", "小时", "个工作日", "工作日", "天"]
RATE_UNITS = ["个百分点", "%", "‰"]
RATIO_UNITS = ["微克/立方米", "毫克/立方米", "件/万人", "人/万人"]
UNITS = sorted(
    COUNT_UNITS + FREQUENCY_UNITS + AMOUNT_UNITS + DURATION_UNITS + RATE_UNITS + RATIO_UNITS, key=len, reverse=True
)
SCALES = ["万亿", "亿", "万"]

CN_DIGITS = "零〇一二两三四五六七八九十百千"
# Bounded quantifiers and a look-behind keep every match attempt constant-time, so a long run of
# digits or of grouped thousands costs linear time, never quadratic.
NUMBER = rf"(?:(?<!\d)(?<!\d,)(?<!\d\.)\d{{1,12}}(?:,\d{{3}}){{0,4}}(?:\.\d{{1,6}})?|[{CN_DIGITS}]{{1,8}})"
GTE_PREFIX = ["不少于", "不低于", "至少", "超过", "突破", "达到", "高于", "≥", ">=", "超"]
LTE_PREFIX = ["控制在", "不超过", "不高于", "低于", "压减到", "压减至", "降至", "降到", "≤", "<="]
PATTERN = re.compile(
    rf"(?P<pre>{'|'.join(map(re.escape, sorted(GTE_PREFIX + LTE_PREFIX, key=len, reverse=True)))})?"
    rf"(?P<num>{NUMBER}) ?(?:(?P<approx>余|多)?(?P<scale>{'|'.join(SCALES)})?(?P<approx2>余|多)?"
    rf"(?P<unit>{'|'.join(map(re.escape, UNITS))}|人\(次\))"
    rf"|(?P<bare>{'|'.join(SCALES)})(?=[^\u4e00-\u9fff]|$|元))"
    r"(?P<post>以上|以内|以下|左右|之内)?"
)
INDEX = re.compile(
    r"(?:(?<=指数)|(?<=得分)|(?<=水平)|(?<=指标值))(?P<pre>达到|提高到|提升到|提高至|提升至|为|达)(?P<num>\d{1,4}(?:\.\d{1,3})?)"
    r"(?P<post>以上|左右)?(?![\d.%‰万亿千百个项家件名人次元分])"
)
RANK = re.compile(rf"(?:前|第)(?P<num>\d{{1,3}}|[{CN_DIGITS}]{{1,3}})(?P<unit>位|名)")
CLAUSE_BREAK = re.compile(r"[,;。!?:\n]")
SEGMENT_BREAK = "、"
PERIOD = re.compile(r"每季度|每月|每半年|每年|半年|全年|年度|(20\d\d)年")
PAST = re.compile(
    r"共计?|累计|已经|已|去年|上年|同比|较上年|比上年|截至目前|截止目前|现有|目前|完成了|实现了|达到了|上半年"
)
MODAL = re.compile(r"^(?:力争|争取|确保|努力|计划|预计|全年|年度|今年|本年度|(?:20\d\d)年度?|实现|完成)+")
TRAILING_VERB = re.compile(
    r"(?:分别|双双|均|稳定在|保持在|提高到|提升到|增加到|达到|达|为|不少于|不低于|至少|超过|突破|控制在|不超过|不高于|低于|压减到|压减至|降至|在)+$"
)
LIST_VERB = re.compile(r"^(新增|新建|新认定|认定|培育|引进|争取|争创|创建|建成|打造|新培育|申报|开展|组织|举办)")
GROWTH = re.compile(r"增长|增速|提升|提高|增加|增幅|下降|降低|减少|压减")
SHARE = re.compile(r"占比|比重|占|率|覆盖")
ONLY_VERB = re.compile(r"^(?:[开组举召配选签登立引完推建创培申发兑服宣对督][\u4e00-\u9fff]?|每.{1,2})$")
# The noun a number counts, when it names a set, a programme or a goal rather than a quantity to
# reach: "10项科技创新指标", "20项民心工程", "六个目标", "(4项)".
NAMED_SET = re.compile(
    r"^[\u4e00-\u9fff“”\"]{0,8}?(?:指标|工程|行动|目标|措施|举措|任务|原则|体系|清单|战略|机制|方面|环节|领域|工作法)"
)
SCORING = re.compile(r"及格|良好|优秀|得分|扣分|加分|分值|评分|计分|记分|考核标准|每增|每减|每提高|每降低")
MAX_CONTEXT = 60  # characters of clause read before a number: a clause never needs more


@dataclass(frozen=True)
class Phrase:
    metric: str
    value: Decimal
    unit: str
    comparator: str  # gte, lte, eq
    kind: str  # count, amount, percent_growth, ratio, frequency
    source: str  # verbatim from the original text
    period: str | None
    start: int  # offsets of `source` in the original text
    end: int
    fact: bool = False  # a past result or a present-state figure, not a target
    number_start: int = 0  # offsets in the original text of the number with its comparator and unit
    number_end: int = 0


def parse_number(text: str) -> Decimal | None:
    """12, 1,234.5, 二十, 两, 一百二十 → Decimal; None when it is not a number."""
    text = text.strip().replace(",", "")
    if not text:
        return None
    if text[0].isdigit():
        try:
            return Decimal(text)
        except InvalidOperation:
            return None
    return _chinese_number(text)


def _chinese_number(text: str) -> Decimal | None:
    digits = {
        "零": 0,
        "〇": 0,
        "一": 1,
        "二": 2,
        "两": 2,
        "三": 3,
        "四": 4,
        "五": 5,
        "六": 6,
        "七": 7,
        "八": 8,
        "九": 9,
    }
    scales = {"十": 10, "百": 100, "千": 1000}
    # Well-formed only: 二十, 一百零五, 两; never 十四五 or 四五 (names and ranges, not numbers).
    total, current, last_scale, previous = 0, None, 10**6, ""
    for char in text:
        if char in digits:
            if current is not None and previous != "零":
                return None
            current = digits[char]
        elif char in scales:
            scale = scales[char]
            if scale >= last_scale or (current == 0):
                return None
            total += (1 if current is None else current) * scale
            current, last_scale = None, scale
        else:
            return None
        previous = char
    return Decimal(total + (current or 0))


def find_phrases(text: str, default_period: str | None = None, limit: int = 2000) -> list[Phrase]:
    """Every numeric target or fact in the text, in order, up to `limit` of them (and at most
    three times as many candidates examined). Linear in the length of the text: clause
    boundaries and quotes are found once, and no rule reads more than MAX_CONTEXT characters
    around a number."""
    if not text:
        return []
    norm = normalize(text)
    body = norm.text
    quoted = _quoted_spans(body)
    quote_starts = [a for a, _ in quoted]
    breaks = [m.start() for m in CLAUSE_BREAK.finditer(body)]
    phrases = []
    previous_verb_by_clause: dict[int, str] = {}
    distributive: dict[int, str] = {}  # clause start → the comparator prefix a 分别 list carries
    clauses: list[tuple[int, str]] = []  # each phrase's clause start and the clause up to its number
    for examined, match in enumerate(_candidates(body)):
        if len(phrases) >= limit or examined >= 3 * limit:
            break
        start, end = match.span()
        at = bisect_right(quote_starts, start) - 1
        if at >= 0 and quoted[at][0] <= start < quoted[at][1]:
            continue
        value = parse_number(match["num"])
        if value is None or not _plausible(body, match, value):
            continue
        clause_start, clause_end = _clause(breaks, len(body), start, end)
        clause_start = max(clause_start, start - MAX_CONTEXT)
        clause_end = min(clause_end, end + MAX_CONTEXT)
        segment_start = max(clause_start, body.rfind(SEGMENT_BREAK, clause_start, start) + 1)
        before = body[segment_start:start]
        after = body[end:clause_end]
        if (
            _is_threshold(body, match, after)
            or _is_named_set(match, after)
            or _is_scoring(body, clause_start, clause_end)
        ):
            continue
        unit = _unit_of(match)
        comparator = _comparator(match)
        clause_text = body[clause_start:start]
        if "分别" in clause_text or "双双" in clause_text:
            prefix = distributive.get(clause_start)
            if match["pre"]:
                distributive[clause_start] = match["pre"]
            elif prefix and comparator == "eq":
                comparator = "lte" if prefix in LTE_PREFIX else "gte" if prefix != "达到" else "eq"
        metric, metric_follows = _metric(before, after, unit, previous_verb_by_clause.get(clause_start))
        verb = LIST_VERB.match(metric)
        if verb:
            previous_verb_by_clause[clause_start] = verb.group()
        fact = _is_fact(before, after, clause_text)
        source_end = end + _noun_run(after) if (metric_follows or fact) else end
        kind = "count" if match.re is RANK else "ratio" if match.re is INDEX else _kind(unit, before + after, metric)
        period_match = PERIOD.search(body, clause_start, clause_end)
        period = (period_match.group(1) or period_match.group()) if period_match else default_period
        phrases.append(
            Phrase(
                metric=metric or unit,
                value=value,
                unit=unit,
                comparator=comparator,
                kind=kind,
                source=norm.source(text, segment_start, source_end).strip(" ，,"),
                period=period,
                start=norm.origin[segment_start] if segment_start < len(norm.origin) else 0,
                end=norm.origin[source_end - 1] + 1,
                fact=fact,
                number_start=norm.origin[start],
                number_end=norm.origin[end - 1] + 1,
            )
        )
        clauses.append((clause_start, body[clause_start:start]))
    return _distribute(phrases, clauses)


METRIC_END = r"(?:率|量|额|数|比重|面积|规模|产值|收入|总量|指数|增加值|投入|支出)"
SHARED_SUBJECT = re.compile(
    rf"([\u4e00-\u9fffA-Za-z&]{{2,20}}?{METRIC_END})(?:、|和|与|及)([\u4e00-\u9fffA-Za-z&]{{2,20}}?{METRIC_END})"
    r"(?:均|都|双双)?(?:在上年基础上|比上年|较上年)?[\u4e00-\u9fff]{0,8}?"
    r"(?:达到|达|增长|增加|提高|提升|稳定在|保持在|突破|超过|降低|下降)?$"
)


def _distribute(phrases: list[Phrase], clauses: list[tuple[int, str]]) -> list[Phrase]:
    """Distributive phrases: "分别稳定在100万亩、28万亩以上" (以上 covers both values),
    "双双突破2000亿元" and "A率、B率达到80%以上" (one value, one target per subject)."""
    by_clause: dict[int, list[int]] = {}
    for index, (clause_start, _) in enumerate(clauses):
        by_clause.setdefault(clause_start, []).append(index)
    result = list(phrases)
    inserts: dict[int, list[Phrase]] = {}
    for _clause_start, indexes in by_clause.items():
        head = clauses[indexes[0]][1]
        if "分别" in head and len(indexes) > 1:
            bounded = {phrases[i].comparator for i in indexes} - {"eq"}
            if len(bounded) == 1:
                comparator = bounded.pop()
                for i in indexes:
                    result[i] = replace(result[i], comparator=comparator)
            continue
        if len(indexes) != 1:
            continue
        text = clauses[indexes[0]][1][-MAX_CONTEXT:]
        subject = None
        if "双双" in text or "均" in text[-6:]:
            found = re.search(
                r"([\u4e00-\u9fffA-Za-z&]{1,20}?)(?:和|、|与|及)([\u4e00-\u9fffA-Za-z&]{1,20}?)(?:双双|均)", text
            )
            subject = found.groups() if found else None
        else:
            found = SHARED_SUBJECT.search(text)
            subject = found.groups() if found else None
        if not subject:
            continue
        phrase = phrases[indexes[0]]
        first, second = (re.sub(r"^(?:力争|确保|争取|全年|年度|其中|实现)+", "", item) for item in subject)
        result[indexes[0]] = replace(phrase, metric=first)
        inserts[indexes[0]] = [replace(phrase, metric=second)]
    if not inserts:
        return result
    ordered = []
    for index, phrase in enumerate(result):
        ordered.append(phrase)
        ordered.extend(inserts.get(index, []))
    return ordered


def _candidates(body: str):
    """Number-and-unit matches and rank goals (前N位), in text order."""
    extra = [m for m in RANK.finditer(body) if m.group().startswith("前")] + list(INDEX.finditer(body))
    if not extra:
        return PATTERN.finditer(body)  # lazily: a capped caller stops early
    return sorted(list(PATTERN.finditer(body)) + extra, key=lambda m: m.start())


def _unit_of(match) -> str:
    if match.re is RANK:
        return "位"
    if match.re is INDEX:
        return ""  # an index has no unit
    groups = match.groupdict()
    if groups.get("bare"):
        return groups["bare"]
    unit = groups["unit"]
    if unit == "人(次)":
        unit = "人次"
    return (groups.get("scale") or "") + unit


def find_targets(text: str, default_period: str | None = None) -> list[Phrase]:
    return [p for p in find_phrases(text, default_period) if not p.fact]


def parse_value_cell(text) -> tuple[Decimal, str] | None:
    """A value column as bureaus fill it: 8, "８", "不少于4", "≤2.5", "4以上", "二十" →
    (value, comparator); None when there is no number."""
    if text is None:
        return None
    if isinstance(text, (int, float, Decimal)) and not isinstance(text, bool):
        return Decimal(str(text)), "eq"
    body = normalize(str(text)).text.strip().replace(" ", "")
    match = re.fullmatch(
        rf"(?P<pre>{'|'.join(map(re.escape, GTE_PREFIX + LTE_PREFIX))})?(?P<num>{NUMBER})(?P<pct>%)?"
        r"(?P<post>以上|以内|以下|左右|之内)?",
        body,
    )
    if not match:
        return None
    value = parse_number(match["num"])
    if value is None:
        return None
    return value, _comparator(match)


# --- the rules --------------------------------------------------------------------------


def _quoted_spans(body: str) -> list[tuple[int, int]]:
    """Short quotes and titles, in order and not overlapping (finditer never overlaps)."""
    return [m.span() for m in re.finditer(r"“[^”]{0,40}”|\"[^\"]{0,40}\"|《[^》]{0,60}》", body)]


def _plausible(body: str, match, value: Decimal) -> bool:
    groups = match.groupdict()
    pre, post, unit = groups.get("pre"), groups.get("post"), _unit_of(match)
    start, end = match.span()
    number_start = match.start("num")
    num = match["num"]
    before = body[max(0, number_start - 1) : number_start]
    after = body[end : end + 1]
    if before.isdigit() or (before and before in "+.-/_*×x") or after == "+" or before.isascii() and before.isalpha():
        return False  # part of a longer token: 1+10+N, 3-12, PM2.5, T7, a code
    if match.re in (RANK, INDEX):
        return True
    if unit == "次" and after == "性":
        return False  # 一次性: an adverb
    if unit == "个" and after == "班" and re.search(r"规模|范围|规划为|设计", body[max(0, start - 8) : start]):
        return False  # 建设规模30个班: the design of one school, not a quantity to reach
    if unit.endswith("人") and after and after in "口员才民群大数们工":
        return False  # 百万人口, 万人才: a population, not a count of people
    if before == "第" or body[max(0, start - 1) : start] == "第":
        return False  # ordinals
    if unit == "次" and re.search(r"届[^\d,。;:]{0,4}$", body[max(0, number_start - 8) : number_start]):
        return False  # 六届二次全会, 十七届人大二次会议: the session of a congress, an ordinal
    if num[0] in CN_DIGITS:
        if unit in ("个", "项", "条", "种", "大", "类", "张", "支", "部", "款") and not pre and not post:
            # 两个维护, 三项制度, 四条措施: usually names, not quantities
            return False
        if unit in ("期", "轮", "批") and not re.search(
            r"举办|开展|组织|召开|培训|办|每", body[max(0, start - 6) : start]
        ):
            return False  # 二期, 新一轮, 两批: a phase or an ordinal
        if num == "一" and not pre and not post and unit not in FREQUENCY_UNITS:
            return False  # 一支队伍, 一批企业, 统一部署: an article or part of a word, not a quantity
        if before and before in "第每新上下本首" and unit not in FREQUENCY_UNITS:
            return False
        if before and before in "新上下本首" and num == "一":
            return False
    return True


def _is_named_set(match, after: str) -> bool:
    return (
        match.re not in (RANK, INDEX)
        and _unit_of(match) in ("项", "个", "类", "条", "批", "大")
        and bool(NAMED_SET.match(after))
    )


def _is_scoring(body: str, start: int, end: int) -> bool:
    return SCORING.search(body, start, end) is not None


def _clause(breaks: list[int], length: int, start: int, end: int) -> tuple[int, int]:
    at = bisect_left(breaks, start)
    left = breaks[at - 1] + 1 if at > 0 else 0
    right_at = bisect_left(breaks, end)
    return left, breaks[right_at] if right_at < len(breaks) else length


def _is_threshold(body: str, match, after: str) -> bool:
    start = match.start()
    if not match.groupdict().get("pre") and body[max(0, start - 1) : start] == "过":
        return True  # 研发投入过5000万元的企业
    if re.match(r"^的\d", after) and re.search(r"(?:目标|计划|任务)(?:数|额|为|是)?$", body[max(0, start - 8) : start]):
        return False  # 占年度目标220亿元的81.9%: the quota a completion share is measured against
    if re.match(r"^(?:以上|以下)?[\u4e00-\u9fff]{0,2}的(?!目标|任务|增长目标)", after):
        return True  # 5000万元的企业, 9个区的: a qualifier of a group
    if _unit_of(match).endswith("元") and re.match(rf"^[\u4e00-\u9fff]{{1,6}}(?:\d|[{CN_DIGITS}]+[家个项所])", after):
        return True  # 20亿元企业2家: a size class of what is counted next
    return False


def _comparator(match) -> str:
    if match.re is RANK:
        return "lte"
    groups = match.groupdict()
    pre, post = groups.get("pre"), groups.get("post")
    if pre in LTE_PREFIX or post in ("以内", "以下", "之内"):
        return "lte"
    approx = groups.get("approx") or groups.get("approx2")
    if (pre in GTE_PREFIX and pre != "达到") or post == "以上" or approx:
        return "gte"
    return "eq"


LIST_MARKER = re.compile(
    r"^(?:[\u2460-\u24ff●○■□◆◇▲△★☆·•]|\(\d{1,2}\)|\d{1,2}[.、](?!\d)|[一二三四五六七八九十]+是|"
    r"其中|另外|同时|并且?|\s)+"
)


def _metric_text(before: str) -> str:
    text = PERIOD.sub("", before) if PERIOD.fullmatch(before.strip()) else before
    text = LIST_MARKER.sub("", text.strip())  # ① 1. (1) 一是: list markers are not part of a metric
    text = MODAL.sub("", text.strip())
    text = TRAILING_VERB.sub("", text)
    return text.strip(" ,、(")


def _noun_run(after: str) -> int:
    """Length of the noun phrase that follows a number placed before its metric."""
    run = re.match(r"(?:(?!及|和|与|并|等|的)[\u4e00-\u9fff()“”A-Za-z0-9])+", after)
    if not run:
        return 0
    text = run.group()
    opened = text.rfind("(")
    if opened != -1 and ")" not in text[opened:]:
        text = text[:opened]  # "活动(时间:3-12月)": a note, not part of the noun
    return len(text)


def _metric(before: str, after: str, unit: str, borrowed_verb: str | None) -> tuple[str, bool]:
    """The metric's name, and whether it was read from the words after the number."""
    text = _metric_text(before)
    for word in ("每季度", "每月", "每半年", "每年", "半年"):
        text = text.replace(word, "")
    text = text.strip()
    follows = False
    if not text or ONLY_VERB.match(text):
        run = after[: _noun_run(after)]
        run = re.sub(r"^(?:以上|以内|以下|左右)", "", run)
        follows = bool(run)
        text = (text + run).strip()
    if borrowed_verb and text and not LIST_VERB.match(text):
        text = borrowed_verb + text
    return text, follows


def _kind(unit: str, context: str, metric: str) -> str:
    if unit in RATIO_UNITS:
        return "ratio"
    if unit in RATE_UNITS:
        if GROWTH.search(context) and not SHARE.search(metric):
            return "percent_growth"
        return "ratio"
    if unit.endswith("元"):
        return "amount"
    if unit in FREQUENCY_UNITS:
        return "frequency"
    return "count"


def _is_fact(before: str, after: str, clause_head: str) -> bool:
    if PAST.search(clause_head):
        return True
    # "海亮奥博特3家研发投入过亿元企业": a count followed by what is counted, with no word
    # that commits to anything, describes the present.
    if after[:1] and "\u4e00" <= after[0] <= "\u9fff" and not re.match(r"以上|以内|左右", after):
        committing = re.search(
            r"力争|争取|确保|达到|实现|新增|新建|新认定|认定|培育|引进|开展|组织|举办|召开|配备|建成|建设|打造|创建|"
            r"申报|选派|签订|登记|立项|不少于|至少|每|年度|全年|提升|提高|增长|突破|控制|完成|推动|支持|争创|服务",
            before,
        )
        return committing is None
    return False
