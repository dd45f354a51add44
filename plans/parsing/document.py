"""A plan document's text → draft plans: the documents in the file (several may be bundled,
with a 目录), each one's title, issuer and year, its outline with the labels as written, its
tasks with the labelled responsibility fields, and the numeric targets with the sentence each
came from. Pure: strings in, plain data out.

Conventions (those of the hand-made expectations in shared/seeds/expected):
- headings: 一、 (level 0), (一) (1), 1. / 1、 (2), (1) (3); "一是…" items below the heading
  they follow. A heading's title runs to its first , 。 ; or :.
- an "一是" that opens a line covers that paragraph; one inside a paragraph covers its own
  sentence, and what follows the last item belongs to the heading again.
- quotes and titles are cut verbatim from the original (Traditional text and glosses kept).
"""

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from plans.drafts import DraftDocument, DraftTarget, DraftTask, plan_kind
from plans.parsing.departments import split_departments

from .decision import FUTURE, PLAN_CONTEXT, RETROSPECTIVE, Markers, decide, heading_role, title_role
from .normalize import MARKUP, normalize, to_simplified
from .phrases import PERIOD, find_phrases

CN = "一二三四五六七八九十"
HEADINGS = [
    (0, re.compile(rf"^(?P<label>[{CN}]+)[、.．]\s*")),
    (1, re.compile(rf"^\((?P<label>[{CN}]+)\)[、.．]?\s*")),
    (2, re.compile(r"^(?P<label>\d{1,2})(?:[、．]|\.(?!\d))\s*")),
    (3, re.compile(r"^\((?P<label>\d{1,2})\)[、.．]?\s*")),
]
ITEM = re.compile(rf"(?P<label>[{CN}]+是)")
# Bounds that keep the parser linear on hostile input; real plans stay far below them.
PARAGRAPH_WINDOW = 400  # characters read back for a figure's paragraph
MAX_FIGURES = 1000  # figures read per document (a plan has a few hundred)
MAX_SECTIONS = 1500  # headings and 一是 items per document; past it they read as text
TITLE_END = re.compile(r"[,;。:!?]")
DOC_TITLE = re.compile(
    r"^(?P<title>(?P<issuer>[^\s,。:]{2,30}?(?:局|厅|委员会|委|政府|办公室|中心|院|室))"
    r"(?P<year>20\d\d)\s*年度?[^\s,。]{0,24}?(?:工作计划|工作规划|工作要点|工作方案|实施方案|计划|规划|方案|要点))"
    r"\s*\d{0,2}\s*:?$"
)
NOISE = re.compile(
    r"^(?:\d+\s*/\s*\d+|第\s*\d+\s*页.*|共\s*\d+\s*页|来源\s*:.*|浏览量.*|发布时间.*|点击.*次|字号.*|打印本页.*|"
    r"关闭窗口.*|分享到.*|\|[\s|]*|20\d\d年\d{1,2}月\d{1,2}日)$"
)
RESPONSIBILITY = re.compile(
    r"(?P<field>责任领导|分管领导|牵头领导|责任部门|牵头部门|责任单位|牵头单位|责任科室|责任人|完成时限|完成时间|时间节点)\s*:\s*"
    r"(?P<value>[^;。]*?)(?=\s*(?:责任领导|分管领导|牵头领导|责任部门|牵头部门|责任单位|牵头单位|责任科室|责任人|完成时限|完成时间|时间节点)\s*:|[;。]|$)"
)
TIME_NOTE = re.compile(r"\(时间\s*:\s*(?P<value>[^)]+)\)")
SKIP_TASK_TITLES = re.compile(r"指导思想|总体要求|基本原则|工作原则|保障措施|组织领导|工作要求")


@dataclass
class Node:
    label: str
    title: str
    level: int  # 0-3 for headings, 4 for 一是 items
    parent: "Node | None" = None
    children: list["Node"] = field(default_factory=list)
    body: list[tuple[int, int]] = field(default_factory=list)  # spans of the normalised text
    responsibility: dict = field(default_factory=dict)
    # (position, role, where): label lines (任务安排 / 落实情况) and table columns inside the body
    marks: list[tuple[int, str | None, str]] = field(default_factory=list)

    @property
    def role(self) -> tuple[str, str] | None:
        node = self
        while node is not None:
            if node.level in (0, 1, 2, 3):
                kind = heading_role(to_simplified(node.title))
                if kind:
                    return kind, f"标题“{node.title[:20]}”"
            node = node.parent
        return None

    @property
    def path(self) -> tuple[str, ...]:
        node, labels = self, []
        while node is not None and node.label:
            labels.append(node.label)
            node = node.parent
        return tuple(reversed(labels))


@dataclass
class ParsedDocument:
    draft: DraftDocument
    facts: list[tuple[tuple[str, ...], DraftTarget]] = field(default_factory=list)
    responsibility_rows: list[dict] = field(default_factory=list)
    targets: list[tuple[tuple[str, ...], DraftTarget]] = field(default_factory=list)
    # every candidate figure with the decision and its reasons, in text order
    decisions: list[dict] = field(default_factory=list)


@dataclass
class DocumentContext:
    role: tuple[str, str] | None  # from the headline
    plan_year: int | None
    plan_context: bool
    headline: tuple[int, int] | None  # span of the headline line in the normalised text
    markers: Markers | None = None
    budget: int = MAX_FIGURES  # figures still to read: a plan has a few hundred; a hostile paste, no more work


def parse_document(text: str, default_year: int | None = None) -> list[ParsedDocument]:
    """Every plan found in the text, in order. Never raises on odd input."""
    text = text or ""
    norm = normalize(text)  # drops HTML residue; quotes are still cut from the text as given
    body = norm.text
    lines = _lines(body)
    starts = _document_starts(lines)
    if not starts:
        starts = [(0, None)]
    parsed = []
    markers = Markers(body)
    for index, (line_index, match) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        document = _parse_one(text, norm, lines[line_index:end], match, default_year, markers)
        if document is not None:
            parsed.append(document)
    return parsed


def _lines(body: str) -> list[tuple[int, int, str]]:
    """Non-blank lines as (start, end, text) with surrounding spaces trimmed."""
    result, start = [], 0
    for raw in body.split("\n"):
        text = raw.strip(" \t\u3000\r")
        if text:
            offset = start + raw.index(text[0])
            result.append((offset, offset + len(text), text))
        start += len(raw) + 1
    return result


def _document_starts(lines) -> list[tuple[int, re.Match]]:
    toc_end = -1
    for index, (_, _, line) in enumerate(lines[:40]):
        if re.match(r"^目\s*录\s*:?$", line):
            toc_end = index
            while toc_end + 1 < len(lines) and re.match(r"^\d+[.、]", lines[toc_end + 1][2]):
                toc_end += 1
            break
    starts = []
    for index, (_, _, line) in enumerate(lines):
        if index <= toc_end:
            continue
        match = DOC_TITLE.match(line) if len(line) <= 80 else None
        if match:
            starts.append((index, match))
    # Consecutive title lines (a compilation's own headers) open no document of their own.
    return [s for i, s in enumerate(starts) if i + 1 == len(starts) or starts[i + 1][0] != s[0] + 1]


HEADLINE_SKIP = re.compile(
    r"^(?:当前位置|您的位置|您现在|位置|索引号|发布|来源|时间|作者|成文|废止|有效性|名称|首页|编辑|摘要|公开|"
    r"组配分类|主题分类|发文|进入|首頁|"
    r"文号|主题|生效|字号|字体|分享|浏览|点击|记者|categories|headimg|author|comments|date|thumbnail|---|"
    r"\[|\||<|http)",
    re.IGNORECASE,
)
TABLE_START = re.compile(r"^序\s*号$")
ROW_NUMBER = re.compile(r"^\d{1,3}$")


def _headline(lines) -> tuple[int, int, str] | None:
    """The document's headline when it has no formal title line: the first short line of
    prose among the first few that is not site navigation or page metadata."""
    for start, end, line in lines[:15]:
        text = line.strip()
        if text.lower().startswith("title:"):
            return start, end, text[6:].strip(" '\"")
        if (
            ">" in text
            or HEADLINE_SKIP.match(text)
            or NOISE.match(text)
            or len(text.split()) >= 3
            or text.endswith(":")
        ):
            continue  # navigation, page metadata ("公开方式 主动公开 公开范围 面向全社会")
        han = len(re.findall(r"[\u4e00-\u9fff]", text))
        if 6 <= han and len(text) <= 60 and not text.endswith("。"):
            return start, end, text
        if han >= 6:
            return None  # prose before any headline
    return None


def _metadata(line: str) -> bool:
    """A line of page metadata (发布时间:…, 来源:…, 字体:[大 中 小]), not prose."""
    return len(line) <= 60 and bool(HEADLINE_SKIP.match(line)) and (":" in line[:14] or len(line) <= 12)


def _opening(body: str, lines, headline) -> str:
    """The first 120 characters of prose after the headline, before the first figure."""
    start = headline[1] if headline else (lines[0][0] if lines else 0)
    text = body[start : start + 120]
    first_figure = re.search(r"\d", text)
    return text[: first_figure.start()] if first_figure and first_figure.start() > 8 else text[:60]


def _plan_year(body: str, title_year: int | None, headline: str = "") -> int | None:
    """The year the plan is for: a formal title's, else the latest year the headline or the
    prose names (a summary-and-plan names the plan's year last or highest; a news item's
    targets are for the year it reports on or was published in)."""
    if title_year:
        return title_year
    years = [int(m.group(1)) for m in re.finditer(r"(?<!\d)(20\d\d)\s*年(?!\d)", body)]
    # "确定2021空气质量目标": a year written without 年 near the top (never a count: 2000件)
    years += [
        int(m.group(1))
        for m in re.finditer(
            r"(?<![\d-])(20\d\d)(?=[\u4e00-\u9fff])(?![年件家个项元万亿人次所名台套条])", headline + "\n" + body[:400]
        )
    ]
    # A news item's date: its targets are for the year it was published.
    years += [
        int(m.group(1))
        for m in re.finditer(r"(?<!\d)(20\d\d)-\d{1,2}-\d{1,2}(?!\d)|\b\d{1,2} [A-Z][a-z]{2} (20\d\d)\b", body)
        if m.group(1)
    ]
    return max(years) if years else None


def _parse_one(original: str, norm, lines, title_match, default_year, markers) -> ParsedDocument | None:
    headline = None
    if title_match is not None:
        first = lines[0]
        title_end = first[0] + title_match.end("title")
        title = norm.source(original, first[0], title_end)
        issuer = title_match["issuer"]
        year = max(int(y) for y in re.findall(r"20\d\d", title_match["title"]))  # 2022年总结及2023年计划 → 2023
        lines = lines[1:]
    else:
        title, issuer, year = "", "", 0
        found = _headline(lines)
        if found:
            headline = (found[0], found[1])
            title = found[2][:200]
            issuer = _issuer(to_simplified(title))
    document_text = norm.text[lines[0][0] : lines[-1][1]] if lines else ""
    plan_year = (
        _plan_year(
            document_text,
            year if title_match is not None else None,
            norm.text[headline[0] : headline[1]] if headline else "",
        )
        or default_year
    )
    if not year:
        year = plan_year or default_year or 0
    if not issuer:
        issuer = _issuer(to_simplified(document_text[:600]))
    role = title_role(to_simplified(title))
    if headline:
        markers.add_break(headline[1])  # a headline is a sentence of its own
    opening = _opening(norm.text, lines, headline)
    inferred = False
    if role is None and opening and RETROSPECTIVE.search(opening) and not FUTURE.search(opening):
        # "2021年以来,我市…", "近年来…取得了": an account of results, unless it says what is to come
        role, inferred = "summary", True
    # A formal title (工作计划) sets the role firmly; a news headline only leans.
    weight = (2 if title_match is not None else 1) if role == "plan" else (1 if inferred else 3)
    context = DocumentContext(
        role=(role, f"标题“{title[:20]}”" if title else "开篇", weight) if role else None,
        plan_year=plan_year,
        plan_context=bool(role == "plan" or PLAN_CONTEXT.search(to_simplified(document_text[:500]))),
        headline=headline,
        markers=markers,
    )
    root = Node(label="", title=title, level=-1)
    current = root
    table: list[str] | None = None  # a flattened table's header cells
    collecting, cell = False, 0
    sections = 0  # a plan has a few hundred; past MAX_SECTIONS headings and items read as text
    for start, end, line in lines:
        allowed = sections < MAX_SECTIONS
        if NOISE.match(line) or NAVIGATION.match(line) or _metadata(line) or (issuer and line == issuer):
            markers.add_break(end)
            continue  # page noise, site navigation ("1. 首页 2. 新闻 3. 服务"), the issuer's signature
        if TABLE_START.match(line):
            table, collecting = [], True
            continue
        if collecting:
            if ROW_NUMBER.match(line):
                collecting, cell = False, 0
                current.marks.append((start, None, ""))
                continue
            if len(line) <= 16:
                table.append(line)
                continue
            collecting, table = False, None
        if table is not None and not collecting:
            if ROW_NUMBER.match(line):
                cell = 0
                current.marks.append((start, None, ""))
                continue
            cell += 1
            header = table[cell - 1] if cell - 1 < len(table) else ""
            kind = heading_role(to_simplified(header)) if header else None
            current.marks.append((start, kind, f"表格列“{header}”"))
        heading = _heading(line) if table is None and allowed else None
        if heading:
            sections += 1
            level, label, rest = heading
            parent = current
            while parent.level >= level:
                parent = parent.parent
            title_text, title_stop = _title(line, rest)
            node = Node(
                label=label,
                title=norm.source(original, start + rest, start + title_stop).strip(),
                level=level,
                parent=parent,
            )
            parent.children.append(node)
            current = node
            after = start + title_stop
            _add_text(current, norm.text, after, end, original, norm, line_start=False, items_allowed=allowed)
            sections += len(current.children)
            continue
        if table is None and _label_line(line):
            kind = heading_role(to_simplified(line))
            if kind:
                current.marks.append((start, kind, f"“{line}”"))
                continue
        item = ITEM.match(line) if allowed else None
        if item:
            sections += 1
            # A line that opens with 一是: the item covers the paragraph.
            while current.level >= 4:
                current = current.parent
            _add_text(current, norm.text, start, end, original, norm, line_start=True)
            current = current.children[-1] if current.children and current.children[-1].level == 4 else current
            continue
        fields = _responsibility(line)
        if fields:
            current.responsibility.update(fields)
            continue
        while current.level >= 4:  # a plain paragraph after an item belongs to the heading again
            current = current.parent
        before = len(current.children)
        _add_text(current, norm.text, start, end, original, norm, line_start=False, items_allowed=allowed)
        sections += len(current.children) - before
    if not root.children and not root.body:
        return None
    draft = DraftDocument(
        title=title or "未命名计划", year=year or default_year or 0, kind=plan_kind(title), issuer=to_simplified(issuer)
    )
    parsed = ParsedDocument(draft=draft)
    _collect(root, draft, parsed, original, norm, context)
    return parsed


ISSUER = re.compile(
    r"(?:[\u4e00-\u9fff]{1,6}?(?:省|自治区|市|县|区|州|旗|新区|高新区)){0,2}"
    r"(?:人民政府办公室|人民政府|科学技术局|科技局|工业和信息化局|工信局|教育局|教委|教育委员会|发展和改革委员会|"
    r"发展改革委|发改委|发展和改革局|生态环境局|农业农村局|农业农村厅|[\u4e00-\u9fff]{2,12}?局)"
)
ISSUER_LEAD = re.compile(r"^(?:昨日|近日|日前|今年|今天|记者|从|据|在|由|我|召开|关于|对|与|向|经|是|了|的|获悉)+")


def _issuer(text: str) -> str:
    """The bureau a headline or the prose names first (市科技局, 达州高新区科技创新和经济发展局)."""
    for found in ISSUER.finditer(text[:600]):
        name = ISSUER_LEAD.sub("", found.group())
        if len(name) >= 3:
            return name[:40]
    return ""


def _year_of(title: str) -> int:
    found = re.search(r"(?<!\d)(20\d\d)(?!\d)", title)
    return int(found.group(1)) if found else 0


def _label_line(line: str) -> bool:
    """A short line that labels what follows (任务安排, 落实情况, 具体情况) without numbering."""
    return len(line) <= 14 and not re.search(r"\d|[,;。]", line)


ENUMERATION = re.compile(rf"^[{CN}]+[、,]")
NAVIGATION = re.compile(r"^(?:\d{1,2}[.、]\s*[^\s\d.、]{1,8}\s+){2,}\d{1,2}[.、]\s*[^\s\d.、]{1,8}\s*$")


def _heading(line: str):
    for level, pattern in HEADINGS:
        match = pattern.match(line)
        if match and match.end() < len(line):
            if level == 0 and ENUMERATION.match(line[match.end() :]):
                return None  # 一、二、三、四季度…: an enumeration opening a sentence, not heading 一
            label = match["label"]
            if level == 1:
                label = f"({label})"
            elif level == 3:
                label = f"({label})"
            if level == 2 and NUMBERED_NUMBER.match(line):
                continue
            return level, label, match.end()
    return None


NUMBERED_NUMBER = re.compile(r"^\d{1,2}[.、]\s*\d")
RESPONSIBILITY_LINE = re.compile(
    r"^(?:\()?(?:责任领导|分管领导|牵头领导|责任部门|牵头部门|责任单位|牵头单位|责任科室|责任人|完成时限|"
    r"完成时间|时间节点)\s*:"
)
LEADING_CLAUSE = re.compile(r"^(?:\d{1,2}月份?(?:底前|前|起)?|年底前|年内|根据|按照|围绕|结合|对照)")


def _title(line: str, rest: int) -> tuple[str, int]:
    stop = TITLE_END.search(line, rest)
    end = stop.start() if stop else len(line)
    if LEADING_CLAUSE.match(line[rest:end]) and stop and stop.group() == ",":
        # "11月份根据各自职责,对…进行跟踪评估": a clause of time or basis is not the heading yet.
        further = TITLE_END.search(line, end + 1)
        end = further.start() if further else len(line)
    return line[rest:end], end


def _add_text(
    node: Node, body: str, start: int, end: int, original: str, norm, line_start: bool, items_allowed: bool = True
) -> None:
    """Adds text to a node, splitting off 一是 items: inline ones take their sentence."""
    items = []
    if items_allowed:
        for match in ITEM.finditer(body, start, end):
            if _item_boundary(body, match.start(), start):
                items.append(match)
                if len(items) >= MAX_SECTIONS:
                    break
    if not items:
        if start < end:
            _responsibility_inline(node, body[start:end])
            node.body.append((start, end))
        return
    if items[0].start() > start:
        node.body.append((start, items[0].start()))
    parent = node if node.level < 4 else node.parent
    for index, item in enumerate(items):
        stop = items[index + 1].start() if index + 1 < len(items) else end
        title_stop = TITLE_END.search(body, item.end(), stop)
        title_end = title_stop.start() if title_stop else stop
        child = Node(
            label=item["label"], title=norm.source(original, item.end(), title_end).strip(), level=4, parent=parent
        )
        parent.children.append(child)
        if index + 1 == len(items) and not (line_start and len(items) == 1):
            sentence = body.find("。", item.end(), stop)
            cut = sentence + 1 if sentence != -1 else stop
            child.body.append((item.start(), cut))
            if cut < stop:
                parent.body.append((cut, stop))
        else:
            child.body.append((item.start(), stop))


def _item_boundary(body: str, position: int, line_start: int) -> bool:
    return position == line_start or body[position - 1] in "。;,:"


def _responsibility(line: str) -> dict:
    fields = {}
    stripped = line.strip()
    if not RESPONSIBILITY_LINE.match(stripped):
        return fields
    for match in RESPONSIBILITY.finditer(stripped):
        fields[_field_name(match["field"])] = match["value"].strip(" ,)")
    return fields


def _responsibility_inline(node: Node, text: str) -> None:
    note = TIME_NOTE.search(text)
    if note:
        node.responsibility.setdefault("deadline", note["value"].strip())


def _field_name(label: str) -> str:
    if label in ("责任领导", "分管领导", "牵头领导"):
        return "leader"
    if label == "责任人":
        return "person"
    if label in ("完成时限", "完成时间", "时间节点"):
        return "deadline"
    return "departments"


def _collect(
    root: Node, draft: DraftDocument, parsed: ParsedDocument, original: str, norm, context: DocumentContext
) -> None:
    from plans.drafts import DraftSection

    def walk(node: Node, draft_children: list):
        for child in node.children:
            section = DraftSection(label=child.label, title=child.title)
            draft_children.append(section)
            walk(child, section.children)

    walk(root, draft.sections)
    found: list[tuple[Node, int, DraftTarget, dict]] = []

    def visit(node: Node):
        found.extend(_figures(node, parsed, original, norm, context))
        for child in node.children:
            visit(child)

    visit(root)
    kept = _without_repeats([f for f in found if f[3]["target"]])
    if context.headline:
        # A headline repeats the body's commitments: its figures count only when the body lacks them.
        start, end = context.headline
        body_figures = {(t.value, t.unit) for _, at, t, d in found if d["target"] and not start <= at < end}
        for _, at, target, _ in found:
            if start <= at < end and (target.value, target.unit) in body_figures:
                kept.discard(id(target))
    for node, _, target, decision in sorted(found, key=lambda f: f[1]):
        parsed.decisions.append(decision)
        if decision["target"] and id(target) in kept:
            parsed.targets.append((node.path, target))
        elif not decision["target"]:
            parsed.facts.append((node.path, target))
        else:
            decision["target"] = False
            decision["reasons"].append("与正文同一指标重复，取正文中最后写明处")

    by_node: dict[int, list[DraftTarget]] = {}
    for node, _, target, decision in found:
        if decision["target"] and id(target) in kept:
            by_node.setdefault(id(node), []).append(target)

    def tasks(node: Node):
        if node.level >= 0:
            _task_for(node, draft, parsed, original, norm, by_node.get(id(node), []))
        elif by_node.get(id(node)):
            _paragraph_tasks(node, draft, original, norm, found, kept)
        for child in node.children:
            tasks(child)

    tasks(root)


def _paragraph_tasks(root: Node, draft: DraftDocument, original: str, norm, found, kept) -> None:
    """Text outside any outline (news, a lede, a flattened table): one task per paragraph that
    commits to something, worded as the paragraph, as a person would arrange it for review."""
    body = norm.text
    by_paragraph: dict[int, list[DraftTarget]] = {}
    for node, at, target, decision in found:
        if node is root and decision["target"] and id(target) in kept:
            by_paragraph.setdefault(body.rfind("\n", 0, at) + 1, []).append(target)
    for start, targets in by_paragraph.items():
        end = body.find("\n", start)
        end = len(body) if end == -1 else end
        text = MARKUP.sub("", norm.source(original, start, end)).strip() if end > start else ""
        draft.tasks.append(DraftTask(section=(), text=text[:2000] or targets[0].source, targets=targets))


def _figures(node: Node, parsed: ParsedDocument, original: str, norm, context: DocumentContext):
    """Every figure of the node's own text, each with its decision."""
    body = norm.text
    period = None
    for start, end in node.body[:1]:
        found = PERIOD.search(body, start, end)
        if found:
            period = found.group(1) or found.group()
    origin = norm.origin
    mark_positions = [m[0] for m in node.marks]
    for start, end in node.body:
        if end <= start:
            continue
        base = origin[start]
        if context.budget <= 0:
            break
        phrases = find_phrases(original[base : origin[end - 1] + 1], period, limit=context.budget)
        context.budget -= len(phrases)
        if context.budget <= 0:
            parsed.decisions.append(
                {
                    "section": "/".join(node.path),
                    "source": "",
                    "target": False,
                    "score": 0,
                    "reasons": [f"数字超过 {MAX_FIGURES} 个，其余未读"],
                }
            )
        for phrase in phrases:
            at = bisect_left(origin, base + phrase.number_start)
            to = bisect_left(origin, base + phrase.number_end)
            paragraph = _paragraph_start(body, at)
            mark = bisect_left(mark_positions, at + 1) - 1
            role = node.marks[mark] if mark >= 0 else None
            if role is not None and role[1] is None:
                role = None  # a table row's number resets the column
            if role:
                role = (role[1], role[2], 2 if role[1] == "plan" else 3)
            elif node.role:
                role = (*node.role, 2 if node.role[0] == "plan" else 3)
            else:
                role = context.role
            evidence = decide(
                context.markers,
                at,
                to,
                paragraph_start=paragraph,
                role=role,
                plan_year=context.plan_year,
                plan_context=context.plan_context,
                reads_as_state=phrase.fact and _counted_next(body, to),
                role_from_heading=role is not context.role,
            )
            target = DraftTarget(
                source=phrase.source,
                metric=phrase.metric,
                value=phrase.value,
                unit=phrase.unit,
                comparator=phrase.comparator,
                kind=phrase.kind,
                period=phrase.period,
            )
            decision = {
                "section": "/".join(node.path),
                "source": phrase.source,
                "metric": phrase.metric,
                "value": _plain_number(phrase.value),
                "unit": phrase.unit,
                "comparator": {"gte": ">=", "lte": "<=", "eq": "="}[phrase.comparator],
                "target": evidence.target,
                "score": evidence.score,
                "reasons": evidence.reasons,
            }
            yield node, at, target, decision


def _counted_next(body: str, end: int) -> bool:
    """ "3家研发投入过亿元企业": the number is followed by what it counts."""
    return bool(re.match(r"[\u4e00-\u9fff]", body[end : end + 1])) and not re.match(
        r"以上|以内|左右|以下", body[end : end + 2]
    )


def _paragraph_start(body: str, position: int) -> int:
    """Start of the paragraph: a line cut mid-sentence (a page break, a wrapped cell) continues
    the one before it, up to three lines back."""
    floor = max(0, position - PARAGRAPH_WINDOW)  # nothing further back is read: linear time
    start = body.rfind("\n", floor, position) + 1 or floor
    for _ in range(3):
        back = start - 2
        while back >= floor and body[back] in " \t\u3000\r":
            back -= 1
        if back < floor or body[back] in "。!?;:|\n":
            break
        start = body.rfind("\n", floor, back) + 1 or floor
    return start


def _plain_number(value):
    return int(value) if value == value.to_integral_value() else float(value)


def _without_repeats(found) -> set[int]:
    """Ids of the targets to keep: a commitment written twice (a lede and the body, a summary
    line and its detail) is kept once, where it is written last."""
    kept, seen = set(), {}
    for _node, at, target, _ in sorted(found, key=lambda f: f[1], reverse=True):
        keys = _repeat_keys(target)
        if any(k in seen for k in keys):
            continue
        for k in keys:
            seen[k] = at
        kept.add(id(target))
    return kept


def _repeat_keys(target: DraftTarget) -> list[tuple]:
    source = re.sub(r"[^\u4e00-\u9fff\d.%]", "", to_simplified(target.source))
    number = re.search(r"\d+(?:\.\d+)?", source)
    keys = [(target.value, target.unit, "metric", re.sub(r"\W", "", to_simplified(target.metric)))]
    if number:
        tail = source[number.end() :]
        unit = re.sub(r"[^\u4e00-\u9fff\d.%]", "", to_simplified(target.unit))
        tail = re.sub(r"^(?:余|多)?", "", tail)
        tail = re.sub(r"^(?:以上|左右|以内|以下)", "", tail[len(unit) :] if tail.startswith(unit) else tail)
        if len(tail) >= 2:
            keys.append((target.value, target.unit, "after", tail[:4]))
    return keys


def _task_for(
    node: Node, draft: DraftDocument, parsed: ParsedDocument, original: str, norm, targets: list[DraftTarget]
) -> None:
    responsibility = node.responsibility
    if responsibility:
        departments = (
            list(split_departments(responsibility["departments"])) if responsibility.get("departments") else []
        )
        parsed.responsibility_rows.append(
            {
                "section": "/".join(node.path),
                "leader": responsibility.get("leader") or None,
                "departments": departments,
                "person": responsibility.get("person") or None,
                "deadline": responsibility.get("deadline") or None,
            }
        )
    if node.level < 0 and not targets:
        return  # text outside the outline makes a task only when it commits to something
    is_leaf = not node.children
    if not targets and not responsibility and (not is_leaf or SKIP_TASK_TITLES.search(to_simplified(node.title))):
        return
    if not targets and not responsibility and not node.body:
        return
    text = node.title
    own = "".join(original[norm.origin[a] : norm.origin[b - 1] + 1] for a, b in node.body if b > a)
    own = own.strip().lstrip("。.，,;；:：、 ")
    if node.level == 4 and own.startswith(node.label):
        own = own[len(node.label) :]  # "一是抓培育,建立…": the item's own words, without its label
    if own and own not in text:
        text = f"{node.title}。{own}" if node.title and not own.startswith(node.title) else own
    departments = (
        [
            d
            for d in split_departments(responsibility.get("departments", ""))
            if not d.startswith("各") and "各科室" not in d
        ]
        if responsibility.get("departments")
        else []
    )
    from plans.deadlines import parse_deadline

    deadline_text = responsibility.get("deadline", "")
    draft.tasks.append(
        DraftTask(
            section=node.path,
            text=text[:2000] or node.title,
            lead_department=departments[0] if departments else "",
            co_departments=departments[1:],
            leader=responsibility.get("leader", ""),
            person=responsibility.get("person", ""),
            deadline_text=deadline_text,
            deadline=parse_deadline(deadline_text, draft.year) if deadline_text and draft.year else None,
            targets=targets,
        )
    )


def documents_json(parsed: list[ParsedDocument]) -> list[dict]:
    """The shape of `import_plan --dry-run --json`, plus each document's facts and
    responsibility rows."""
    from plans.drafts import as_json

    result = as_json([p.draft for p in parsed])
    for data, document in zip(result, parsed):
        data["facts"] = [
            {
                "section": "/".join(path),
                "source": t.source,
                "metric": t.metric,
                "value": float(t.value) if t.value != t.value.to_integral_value() else int(t.value),
                "unit": t.unit,
            }
            for path, t in document.facts
        ]
        data["responsibility_rows"] = document.responsibility_rows
        data["candidates"] = document.decisions  # every figure: target or fact, and why
    return result
