"""Text as plan documents and workbook cells come: full-width and half-width forms mixed,
Traditional characters with pinyin glosses ("岳陽(yáng)縣"), OCR swaps in numbers ("2O24").

`normalize` returns Simplified, half-width text plus, for every character of it, the index
of the character of the original it came from, so that a quote found in the normalised text
can be cut verbatim out of the original.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

PINYIN_GLOSS = re.compile(r"[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,8}[)）]")
# Characters NFKC would change that documents rely on as they are.
KEEP = {"、", "。", "“", "”", "‘", "’", "《", "》", "〔", "〕", "【", "】", "…", "—", "·"}
# Circled and parenthesised list markers (①, ⑴, ⒈) would become digits under NFKC and leak
# into the numbers that follow them ("①1年内" → "11年内").
KEEP |= {chr(c) for c in range(0x2460, 0x24A8)}
# HTML residue in pasted pages: tags and entities are dropped (their characters map nowhere).
MARKUP = re.compile(r"<[^<>\n]{0,400}>|&(?:nbsp|amp|lt|gt|quot|#\d{1,6});")
ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad"}
OCR_DIGITS = {"O": "0", "o": "0", "〇": "0", "l": "1", "I": "1"}


@dataclass(frozen=True)
class Normalized:
    text: str
    origin: tuple[int, ...]

    def source(self, original: str, start: int, end: int) -> str:
        """The original text behind normalised characters [start, end)."""
        if start >= end:
            return ""
        stop = self.origin[end - 1] + 1
        gloss = PINYIN_GLOSS.match(original, stop)
        if gloss:  # a quote ending on a glossed character keeps its gloss, as written
            stop = gloss.end()
        return original[self.origin[start] : stop]


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _converter().convert(text)


def normalize(original: str) -> Normalized:
    # Cells and short sentences repeat across rows and are cached; a long paste is read once
    # and not kept, so the cache stays within a few MB whatever users paste.
    return _normalize_cached(original) if len(original) <= CACHED_LENGTH else _normalize(original)


CACHED_LENGTH = 256


@lru_cache(maxsize=8192)
def _normalize_cached(original: str) -> Normalized:
    return _normalize(original)


normalize.cache_clear = _normalize_cached.cache_clear


def _normalize(original: str) -> Normalized:
    if _plain(original):
        # The common case: nothing to fold, so every character maps to itself.
        simplified = to_simplified(original)
        if len(simplified) == len(original):
            return Normalized(_fix_ocr_digits(simplified), tuple(range(len(original))))
    chars: list[str] = []
    origin: list[int] = []
    skip_until = -1
    glosses = {m.start(): m.end() for m in PINYIN_GLOSS.finditer(original) if _after_han(original, m.start())}
    if "<" in original or "&" in original:
        glosses.update({m.start(): m.end() for m in MARKUP.finditer(original)})
    for index, char in enumerate(original):
        if index < skip_until:
            continue
        if index in glosses:
            skip_until = glosses[index]
            continue
        if char in ZERO_WIDTH:
            continue
        folded = char if char in KEEP else unicodedata.normalize("NFKC", char)
        for piece in folded:
            chars.append(piece)
            origin.append(index)
    text = "".join(chars)
    simplified = to_simplified(text)
    if len(simplified) != len(text):  # a phrase conversion changed length: go character by character
        simplified = "".join(to_simplified(c) for c in text)
    text = _fix_ocr_digits(simplified)
    return Normalized(text, tuple(origin))


def normalize_text(text: str) -> str:
    return normalize(text).text


def _plain(text: str) -> bool:
    return (
        unicodedata.is_normalized("NFKC", text)
        and not any(c in ZERO_WIDTH for c in text)
        and not PINYIN_GLOSS.search(text)
        and "<" not in text
        and "&" not in text
    )


def _after_han(text: str, index: int) -> bool:
    return index > 0 and "\u4e00" <= text[index - 1] <= "\u9fff"


def _fix_ocr_digits(text: str) -> str:
    # Only between digits (or a digit and a unit-like han character), never inside words.
    return re.sub(
        r"(?<=\d)[Oo〇lI](?=[\d.%])|(?<=\d)[Oo〇lI](?=\d)|(?<=[\d.])[Oo〇](?=\d|[\u4e00-\u9fff%])",
        lambda m: OCR_DIGITS[m.group()],
        text,
    )
