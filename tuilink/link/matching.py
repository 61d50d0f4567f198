"""Matching an institution's name against what a user typed, as Link's search does: folding (casefold, no
accents), words, the abbreviations people type, one-typo tolerance, and the spans of a name a query matched
(the search results' highlight, which the Sandbox's search answers with). Used by the Sandbox's search index
and its answers; the UI only draws the spans it is given."""
from __future__ import annotations

import re
import unicodedata

_SEPARATORS = r"\s\-'’.,&/()"
_SPLIT = re.compile(f"[{_SEPARATORS}]+")
_WORD = re.compile(f"[^{_SEPARATORS}]+")
# Abbreviations people type for words in bank names (a query word also matches as typed).
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "bk": ("bank",), "bnk": ("bank",), "natl": ("national",), "nat": ("national",), "fed": ("federal",),
    "fcu": ("federal", "credit", "union"), "cu": ("credit", "union"), "sb": ("savings", "bank"),
    "svgs": ("savings",), "sav": ("savings",), "st": ("state",), "tr": ("trust",), "co": ("company",),
    "fin": ("financial",), "intl": ("international",), "amer": ("american",), "us": ("united", "states"),
    "mtn": ("mountain",), "ft": ("fort",), "mt": ("mount",),
}
TYPO_MIN_LENGTH = 4  # shorter words are still being typed: no typo guesses for them


def fold(text: str) -> str:
    """Casefolded, accent-free text for matching."""
    if text.isascii():
        return text.lower()  # the same, for ASCII, and much cheaper
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_with_origins(text: str) -> tuple[str, list[int]]:
    """`fold(text)`, and for each of its characters the offset in `text` of the character it came from."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    folded: list[str] = []
    origins: list[int] = []
    for n, char in enumerate(text):
        part = fold(char)
        folded.append(part)
        origins.extend([n] * len(part))
    return "".join(folded), origins


def words_of(folded: str) -> list[str]:
    return [w for w in _SPLIT.split(folded) if w]


def within_one_edit(a: str, b: str) -> bool:
    """Levenshtein distance ≤ 1, or one transposition of neighbours."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


def match_spans(name: str, query: str) -> list[tuple[int, int]]:
    """The parts of `name` that `query` matched, as (start, end) character offsets in `name`, for highlighting
    a result row: the query inside the name, else each query word's start of a word (a whole word for an
    abbreviation, the word's start one edit away for a typo). Routing-number queries match no text."""
    q = fold(query).strip()
    if not q or (q.isdigit() and len(q) == 9):
        return []
    folded, origins = fold_with_origins(name)
    pos = folded.find(q)
    if pos == 0 or (pos > 0 and len(q) >= 3):
        spans = [(pos, pos + len(q))]
    else:
        words = [(m.start(), m.group()) for m in _WORD.finditer(folded)]
        spans = []
        for token in words_of(q):
            found = [(start, start + len(token)) for start, word in words if word.startswith(token)]
            found += [(start, start + len(word)) for start, word in words
                      if any(word.startswith(w) for w in ABBREVIATIONS.get(token, ()))]
            if not found and len(token) >= TYPO_MIN_LENGTH:
                found = [span for start, word in words if (span := _typo_span(start, word, token))]
            spans += found
    merged: list[tuple[int, int]] = []
    for start, end in sorted((origins[s], origins[e - 1] + 1) for s, e in spans if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _typo_span(start: int, word: str, token: str) -> tuple[int, int] | None:
    """The start of `word` (at offset `start`) that is one edit away from `token`, if one is."""
    for size in (len(token), len(token) - 1, len(token) + 1):
        if size <= len(word) and within_one_edit(word[:size], token):
            return start, start + size
    return None
