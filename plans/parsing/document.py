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
from dataclasses import dataclass, field

from plans.drafts import DraftDocument, DraftTarget, DraftTask, plan_kind
from plans.parsing.departments import split_departments

from .normalize import normalize, to_simplified
from .phrases import PERIOD, find_phrases

CN = "一二三四五六七八九十"
HEADINGS = [
    (0, re.compile(rf"^(?P<label>[{CN}]+)[、.．]\s*")),
    (1, re.compile(rf"^\((?P<label>[{CN}]+)\)[、.．]?\s*")),
    (2, re.compile(r"^(?P<label>\d{1,2})(?:[、．]|\.(?!\d))\s*")),
    (3, re.compile(r"^\((?P<label>\d{1,2})\)[、.．]?\s*")),
]
ITEM = re.compile(rf"(?P<label>[{CN}]+是)")
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


def parse_document(text: str, default_year: int | None = None) -> list[ParsedDocument]:
    """Every plan found in the text, in order. Never raises on odd input."""
    norm = normalize(text or "")
    body = norm.text
    lines = _lines(body)
    starts = _document_starts(lines)
    if not starts:
        starts = [(0, None)]
    parsed = []
    for index, (line_index, match) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        document = _parse_one(text, norm, lines[line_index:end], match, default_year)
        if document is not None:
            parsed.append(document)
    return parsed


def _lines(body: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in re.finditer(r"\n", body):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(body)))
    result = []
    for a, b in spans:
        while a < b and body[a] in " \t\u3000\r":
            a += 1
        while b > a and body[b - 1] in " \t\u3000\r":
            b -= 1
        if a < b:
            result.append((a, b))
    return [(a, b, body[a:b]) for a, b in result]


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
        match = DOC_TITLE.match(line)
        if match:
            starts.append((index, match))
    # Consecutive title lines (a compilation's own headers) open no document of their own.
    return [s for i, s in enumerate(starts) if i + 1 == len(starts) or starts[i + 1][0] != s[0] + 1]


def _parse_one(original: str, norm, lines, title_match, default_year) -> ParsedDocument | None:
    if title_match is not None:
        first = lines[0]
        title_end = first[0] + title_match.end("title")
        title = norm.source(original, first[0], title_end)
        issuer = title_match["issuer"]
        year = int(title_match["year"])
        lines = lines[1:]
    else:
        title, issuer, year = "", "", default_year or 0
    root = Node(label="", title=title, level=-1)
    current = root
    for start, end, line in lines:
        if NOISE.match(line) or (issuer and line == issuer):
            continue
        heading = _heading(line)
        if heading:
            level, label, rest = heading
            parent = current
            while parent.level >= level:
                parent = parent.parent
            title_text, title_stop = _title(line, rest)
            node = Node(label=label, title=norm.source(original, start + rest, start + title_stop).strip(),
                        level=level, parent=parent)
            parent.children.append(node)
            current = node
            after = start + title_stop
            _add_text(current, norm.text, after, end, original, norm, line_start=False)
            continue
        item = ITEM.match(line)
        if item:
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
        _add_text(current, norm.text, start, end, original, norm, line_start=False)
    if not root.children and not root.body:
        return None
    draft = DraftDocument(title=title or "未命名计划", year=year or default_year or 0, kind=plan_kind(title),
                          issuer=to_simplified(issuer))
    parsed = ParsedDocument(draft=draft)
    _collect(root, draft, parsed, original, norm)
    return parsed


def _heading(line: str):
    for level, pattern in HEADINGS:
        match = pattern.match(line)
        if match and match.end() < len(line):
            label = match["label"]
            if level == 1:
                label = f"({label})"
            elif level == 3:
                label = f"({label})"
            if level == 2 and re.match(r"^\d{1,2}[.、]\s*\d", line):
                continue
            return level, label, match.end()
    return None


LEADING_CLAUSE = re.compile(r"^(?:\d{1,2}月份?(?:底前|前|起)?|年底前|年内|根据|按照|围绕|结合|对照)")


def _title(line: str, rest: int) -> tuple[str, int]:
    stop = TITLE_END.search(line, rest)
    end = stop.start() if stop else len(line)
    if LEADING_CLAUSE.match(line[rest:end]) and stop and stop.group() == ",":
        # "11月份根据各自职责,对…进行跟踪评估": a clause of time or basis is not the heading yet.
        further = TITLE_END.search(line, end + 1)
        end = further.start() if further else len(line)
    return line[rest:end], end


def _add_text(node: Node, body: str, start: int, end: int, original: str, norm, line_start: bool) -> None:
    """Adds text to a node, splitting off 一是 items: inline ones take their sentence."""
    items = [m for m in ITEM.finditer(body, start, end) if _item_boundary(body, m.start(), start)]
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
        child = Node(label=item["label"], title=norm.source(original, item.end(), title_end).strip(), level=4,
                     parent=parent)
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
    if not re.match(r"^(?:\()?(?:责任领导|分管领导|牵头领导|责任部门|牵头部门|责任单位|牵头单位|责任科室|责任人|完成时限|完成时间|时间节点)\s*:", stripped):
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


def _collect(root: Node, draft: DraftDocument, parsed: ParsedDocument, original: str, norm) -> None:
    def walk(node: Node, draft_children: list):
        for child in node.children:
            from plans.drafts import DraftSection

            section = DraftSection(label=child.label, title=child.title)
            draft_children.append(section)
            walk(child, section.children)

    walk(root, draft.sections)

    def visit(node: Node):
        if node.level >= 0:
            _task_for(node, draft, parsed, original, norm)
        for child in node.children:
            visit(child)

    visit(root)


def _task_for(node: Node, draft: DraftDocument, parsed: ParsedDocument, original: str, norm) -> None:
    body = norm.text
    period = None
    for start, end in node.body[:1]:
        found = PERIOD.search(body, start, end)
        if found:
            period = found.group(1) or found.group()
    targets = []
    for start, end in node.body:
        for phrase in find_phrases(original[norm.origin[start] : norm.origin[end - 1] + 1], period):
            target = DraftTarget(source=phrase.source, metric=phrase.metric, value=phrase.value, unit=phrase.unit,
                                 comparator=phrase.comparator, kind=phrase.kind, period=phrase.period)
            if phrase.fact:
                parsed.facts.append((node.path, target))
            else:
                targets.append(target)
                parsed.targets.append((node.path, target))
    responsibility = node.responsibility
    if responsibility:
        departments = list(split_departments(responsibility["departments"])) if responsibility.get("departments") else []
        parsed.responsibility_rows.append({
            "section": "/".join(node.path), "leader": responsibility.get("leader") or None,
            "departments": departments, "person": responsibility.get("person") or None,
            "deadline": responsibility.get("deadline") or None,
        })
    is_leaf = not node.children
    if not targets and not responsibility and (not is_leaf or SKIP_TASK_TITLES.search(to_simplified(node.title))):
        return
    if not targets and not responsibility and not node.body:
        return
    text = node.title
    own = "".join(original[norm.origin[a] : norm.origin[b - 1] + 1] for a, b in node.body if b > a)
    own = own.strip().lstrip("。.，,;；:：、 ")
    if node.level == 4 and own.startswith(node.label):
        own = own[len(node.label):]  # "一是抓培育,建立…": the item's own words, without its label
    if own and own not in text:
        text = f"{node.title}。{own}" if node.title and not own.startswith(node.title) else own
    departments = [d for d in split_departments(responsibility.get("departments", "")) if not d.startswith("各")
                   and "各科室" not in d] if responsibility.get("departments") else []
    from plans.deadlines import parse_deadline

    deadline_text = responsibility.get("deadline", "")
    draft.tasks.append(DraftTask(
        section=node.path, text=text[:2000] or node.title, lead_department=departments[0] if departments else "",
        co_departments=departments[1:], leader=responsibility.get("leader", ""),
        person=responsibility.get("person", ""), deadline_text=deadline_text,
        deadline=parse_deadline(deadline_text, draft.year) if deadline_text and draft.year else None,
        targets=targets,
    ))


def documents_json(parsed: list[ParsedDocument]) -> list[dict]:
    """The shape of `import_plan --dry-run --json`, plus each document's facts and
    responsibility rows."""
    from plans.drafts import as_json

    result = as_json([p.draft for p in parsed])
    for data, document in zip(result, parsed):
        data["facts"] = [
            {"section": "/".join(path), "source": t.source, "metric": t.metric, "value": float(t.value)
             if t.value != t.value.to_integral_value() else int(t.value), "unit": t.unit}
            for path, t in document.facts
        ]
        data["responsibility_rows"] = document.responsibility_rows
    return result
