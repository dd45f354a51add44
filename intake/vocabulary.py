"""The words of a ledger, kept as data in one place: column roles and the header words bureaus
use for them, and the row and sheet markers the layout detector reads.

A header is compared as a key (no spaces, brackets, punctuation; a year prefix such as
"2024年" or "年度" and a leading scope word such as "全市" removed): first as a whole, then by
the longest vocabulary word it ends with, then by the longest it contains. So "2024年目标值",
"全市目标", "办理时限", "重点工作任务" and "考核指标" find their role without being listed."""

import re

from plans.parsing.normalize import normalize_text

# role -> (label shown in the preview, header words). Order matters where a word could fit
# two roles: the first role listing a word wins.
ROLES: dict[str, tuple[str, list[str]]] = {
    "seq": ("序号", ["序号", "编号", "排序", "序"]),
    "code": ("区划代码", ["行政区划代码", "区划代码", "代码"]),
    "region": ("县区", ["县市区", "县区", "区县", "县市", "地区", "区域", "县区名称", "地区名称", "单位名称"]),
    "metric": ("指标名称", ["指标名称", "指标内容", "指标项目", "指标项", "考核指标", "主要指标", "指标"]),
    "task": (
        "任务",
        [
            "重点任务",
            "工作任务",
            "主要任务",
            "任务",
            "重点工作",
            "工作事项",
            "任务名称",
            "督办事项",
            "事项",
            "重点工作任务",
            "项目名称",
            "考核内容",
            "考核项目",
            "项目",
            "工作名称",
            "重点项目",
            "任务内容",
            "督办内容",
            "工作",
        ],
    ),
    "measure": (
        "具体措施",
        [
            "具体措施",
            "工作措施",
            "措施",
            "主要措施",
            "工作内容",
            "具体内容",
            "任务措施",
            "推进措施",
            "工作举措",
            "举措",
            "具体工作",
            "实施内容",
            "主要内容",
            "内容",
        ],
    ),
    "target": (
        "目标任务",
        [
            "目标任务",
            "工作目标",
            "目标",
            "预期目标",
            "量化指标",
            "目标要求",
            "具体目标",
            "年度目标",
            "目标内容",
            "完成目标",
            "工作要求",
            "预期成效",
            "任务目标",
            "目标及要求",
            "节点目标",
        ],
    ),
    "value": (
        "目标值",
        [
            "指标值",
            "目标值",
            "数值",
            "目标数",
            "任务数",
            "计划数",
            "目标数值",
            "任务量",
            "计划值",
            "预期值",
            "目标任务数",
        ],
    ),
    "unit": ("计量单位", ["计量单位", "单位"]),
    "comparator": ("比较", ["比较", "比较方式", "比较符"]),
    "leader": ("责任领导", ["责任领导", "分管领导", "牵头领导", "分管局领导", "局领导", "责任局领导", "包保领导"]),
    "lead": (
        "牵头部门",
        [
            "牵头部门",
            "责任部门",
            "责任单位",
            "牵头科室",
            "牵头单位",
            "责任科室",
            "牵头处室",
            "主办单位",
            "承办单位",
            "承办科室",
            "责任处室",
            "主责部门",
            "牵头",
            "主责单位",
            "责任主体",
            "主办科室",
            "牵头责任单位",
            "责任股室",
            "牵头股室",
        ],
    ),
    "co": (
        "配合部门",
        [
            "配合科室",
            "配合部门",
            "配合单位",
            "协办部门",
            "协同部门",
            "配合处室",
            "协办单位",
            "参与单位",
            "协办科室",
            "配合",
            "配合股室",
        ],
    ),
    "person": ("责任人", ["责任人", "具体责任人", "联系人", "经办人", "具体负责人", "负责人"]),
    "deadline": (
        "完成时限",
        [
            "完成时限",
            "时间节点",
            "完成时间",
            "时限",
            "截止时间",
            "时间安排",
            "办理时限",
            "完成期限",
            "办结时限",
            "计划完成时间",
            "时限要求",
            "完成时限要求",
            "办结时间",
            "截止日期",
            "时间",
            "期限",
            "完成日期",
        ],
    ),
    "score": ("分值", ["分值", "分数", "权重", "标准分"]),
    "criteria": ("考核标准", ["考核标准", "评分标准", "评分细则", "考核办法", "计分办法", "评分办法"]),
    "baseline": ("基数", ["基数", "基期值", "上年完成", "上年完成值", "上年实际", "基期"]),
    "progress": (
        "进展",
        [
            "进展情况",
            "完成情况",
            "推进情况",
            "工作进展",
            "完成值",
            "完成率",
            "序时进度",
            "累计完成",
            "实际完成",
            "进度",
            "当前进展",
            "落实情况",
            "办理情况",
            "存在问题",
            "一季度",
            "二季度",
            "三季度",
            "四季度",
            "上半年",
            "下半年",
            "全年",
            "完成进度",
        ],
    ),
    "kind": ("指标类型", ["指标类型", "类型"]),
    "note": ("备注", ["备注", "说明"]),
    "source": ("原文", ["原文"]),
}
ROLE_LABELS = {role: label for role, (label, _words) in ROLES.items()}
ROLE_LABELS["share"] = "分解到县区"
ROLE_LABELS["ignore"] = "不导入"
# Roles whose text can make a task: one of them is all a sheet needs.
TEXT_ROLES = ("task", "measure", "metric", "target")

YEAR_PREFIX = re.compile(r"^(?:20\d\d(?:年度?|年)?|本年度?|今年|年度|全年(?=目标|任务))")
SCOPE_PREFIX = re.compile(r"^(?:全市|全县|全区|全省|本级|市级|县级|区级)")
MONTH_OR_QUARTER = re.compile(
    r"^(?:\d{1,2}月(?:份)?|[一二三四1-4]季度|第[一二三四]季度|上半年|下半年|\d{1,2}-\d{1,2}月)"
)
REGION_HEADER = re.compile(r"^(?:.{1,8}(?:县|区|市|旗)|经开区|高新区|开发区|.{1,6}(?:经开区|高新区|开发区|新区|园区))$")
NOT_REGION = re.compile(r"^(?:地区|县区|区县|县市区|市县|单位|全市|全区|全县|合计|小计|总计|本级|市级|市直|社区|园区)$")

ROW_SKIP = re.compile(
    r"^(?:注|备注|说明|填表说明|填报说明|制表人|制表|填表人|填报人|审核人|审核|签字|签发|负责人签字|"
    r"单位负责人|联系人|联系电话|加分项|扣分项|评分说明|附件|附注|领导签字|主要负责人)\s*[:：]?"
    # Scoring rules under a 考核细则: "加分：…", "扣分项目", "加减分说明", "奖励加分：…".
    r"|^(?:[一二三四五六七八九十\d]+[、.．]\s*)?(?:奖励|附加)?(?:加分|扣分|减分|加减分)(?:项目?|事项|规则|办法|说明|标准)?\s*(?:[:：]|$)"
    # A signature line: "被考核单位负责人（签字）", "考核单位（盖章）".
    r"|^[^，。；,;]{0,16}[（(](?:签字|签名|盖章|签章|公章)[)）]"
)
EXAMPLE_ROW = re.compile(r"填写示例|填表示例|示例[:：]|^例[:：]|^示例$|^（示例）|^\(示例\)")
TOTAL_ROW = re.compile(r"^(?:合计|小计|总计|全市合计|全县合计|全区合计|汇总|全市|全县|全区|全省)$")
SKIP_SHEET = re.compile(r"说明|填表|示例|下拉|选项|字典|数据源|参数")
SUMMARY_SHEET = re.compile(r"汇总|总表|合计|统计")
TITLE_NOISE = re.compile(r"^(?:填报单位|单位|填报时间|制表|填报日期|报送单位|日期)")


def key(text) -> str:
    """A header or keyword compared without spaces, brackets, colons or required-field stars."""
    return re.sub(r"[\s()（）:：*、/\\\-—_.,，;；\"“”]", "", normalize_text(str(text)))


def header_key(text) -> str:
    """A header's key with its year prefix, scope word and bracketed unit removed."""
    bare = re.sub(r"[(（][^)）]{0,12}[)）]", "", normalize_text(str(text)))
    bare = key(bare)
    for _ in range(2):
        bare = YEAR_PREFIX.sub("", bare)
        bare = SCOPE_PREFIX.sub("", bare)
    return bare


_EXACT = {}
for _role, (_label, _words) in ROLES.items():
    for _word in _words:
        _EXACT.setdefault(key(_word), _role)
_BY_LENGTH = sorted(_EXACT.items(), key=lambda item: -len(item[0]))


def role_of_header(text, strict: bool = False) -> str | None:
    """The role a header's words name, or None. `strict` leaves out the match by a word the
    header merely contains (for telling a header row from a row of data)."""
    if text in ("", None):
        return None
    whole = key(text)
    if whole in _EXACT:
        return _EXACT[whole]
    bare = header_key(text)
    if not bare or len(bare) > 12:
        return None
    if bare in _EXACT:
        if bare == "任务" and SCOPE_PREFIX.match(YEAR_PREFIX.sub("", whole)):
            # "全市任务", "2024年全县任务": the whole area's share of a target, a number (the
            # columns beside it split it by county), not the task's wording.
            return "value"
        return _EXACT[bare]
    if MONTH_OR_QUARTER.match(bare):
        return "progress"
    for word, role in _BY_LENGTH:
        if len(word) >= 2 and bare.endswith(word):
            return role
    if strict or len(bare) > 8:
        return None
    for word, role in _BY_LENGTH:
        if len(word) >= 2 and word in bare:
            return role
    return None


def unit_in_header(text) -> str:
    """ "目标值（万元）", "金额(亿元)", "单位：家" → the unit a header gives its column."""
    found = re.search(r"[(（]\s*(?:单位[:：])?\s*([^()（）]{1,6})\s*[)）]", str(text or ""))
    if found and not re.search(r"\d|年|月", found.group(1)):
        return found.group(1).strip()
    return ""


def is_region_header(text) -> bool:
    bare = key(text)
    return (
        bool(bare)
        and bool(REGION_HEADER.match(bare))
        and not NOT_REGION.match(bare)
        and role_of_header(text) in (None, "region")
    )
