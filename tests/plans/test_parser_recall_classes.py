"""Classes of targets the parser missed on documents it had never seen (recall), one test per
class, each with sentences of our own."""

from plans.parsing.document import parse_document
from plans.parsing.phrases import find_phrases


def targets(text: str) -> list[tuple]:
    return [(t.value, t.unit, t.comparator) for doc in parse_document(text) for _, t in doc.targets]


def test_the_session_of_a_congress_is_an_ordinal_not_a_count():
    assert find_phrases("为贯彻落实县委八届四次全会精神,结合实际制定本方案。") == []
    assert find_phrases("区十五届人大三次会议召开。") == []
    assert [p.value for p in find_phrases("全年召开专题会议4次。")] == [4]
