"""Institution search over a catalogue of any size: an index built once, answers in about a millisecond.

Names are folded (casefolded, accents removed) and split into words at spaces and punctuation. A query
matches an institution when each query word is the start of one of its words ("bk of am" finds Bank of
America through the abbreviations below, "chase" finds Chase and JPMorgan Chase). Ranking, best first:

  0  the whole name ("chase")
  1  the start of the name ("first plat")
  2  every query word starts a word of the name, in any order ("credit union hudson")
  3  the query inside the name ("ank of am")
  4  one typo in a word ("chsae", "credti"), when nothing matches as typed

and within a rank, catalogue order (the Sandbox's own institutions first, then popular ones). Nine digits
search routing numbers. Every institution has an id: its position in the catalogue; word → ids postings
and the names sorted by their folded text answer each part with bisect and set operations, so a keystroke
costs about the same on 50 institutions as on 12,000.
"""
from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

from ..link.matching import ABBREVIATIONS, TYPO_MIN_LENGTH, fold, within_one_edit, words_of


class Named(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def routing_numbers(self) -> Sequence[str]: ...


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


class _Multimap(dict):  # type: ignore[type-arg]
    """key → ids, holding a lone id as a plain int (most keys have one): `get` always answers a list."""

    def add(self, key: str, n: int) -> None:
        held = dict.get(self, key)
        if held is None:
            self[key] = n
        elif isinstance(held, int):
            self[key] = [held, n]
        else:
            held.append(n)

    def get(self, key: str, default: Any = None) -> list[int]:
        held = dict.get(self, key)
        if held is None:
            return [] if default is None else default
        return [held] if isinstance(held, int) else held


class SearchIndex:
    def __init__(self, institutions: Sequence[Named]) -> None:
        self.size = len(institutions)
        self.folded = [fold(i.name) for i in institutions]
        postings: dict[str, array[int]] = {}
        for n, name in enumerate(self.folded):
            for word in set(words_of(name)):
                postings.setdefault(word, array("i")).append(n)
        # ids are kept as machine ints (array "i"): a list of Python ints costs seven times the memory
        self.vocabulary = sorted(postings)
        self.postings = [postings[w] for w in self.vocabulary]
        del postings
        order = sorted(range(self.size), key=self.folded.__getitem__)
        self.sorted_names = [self.folded[n] for n in order]
        self.sorted_ids = array("i", order)
        self.routing = _Multimap()
        for n, inst in enumerate(institutions):
            for number in inst.routing_numbers:
                self.routing.add(number, n)
        # every folded name in one string, for substring search with str.find (no per-name Python loop)
        self._haystack = "\n".join(self.folded)
        self._starts = array("i")
        offset = 0
        for name in self.folded:
            self._starts.append(offset)
            offset += len(name) + 1
        self._typo_index: dict[str, list[str]] | None = None
        self.word_ids = lru_cache(maxsize=2048)(self._word_ids)

    # --- parts ---------------------------------------------------------------------------------------

    def _prefix_range(self, words: list[str], prefix: str) -> tuple[int, int]:
        start = bisect_left(words, prefix)
        return start, bisect_left(words, prefix + "\U0010ffff", start)

    def _word_ids(self, token: str) -> frozenset[int]:
        """Institutions with a word starting with `token` (or with every word of its abbreviation)."""
        start, end = self._prefix_range(self.vocabulary, token)
        ids: set[int] = set()
        for posting in self.postings[start:end]:
            ids.update(posting)
        expansion = ABBREVIATIONS.get(token)
        if expansion:
            ids |= self._all_words(expansion)
        return frozenset(ids)

    def _all_words(self, words: Sequence[str]) -> set[int]:
        sets = sorted((self.word_ids(w) for w in words), key=len)
        result = set(sets[0]) if sets else set()
        for other in sets[1:]:
            result &= other
        return result

    def _exact(self, query: str) -> Sequence[int]:
        start = bisect_left(self.sorted_names, query)
        end = start
        while end < self.size and self.sorted_names[end] == query:
            end += 1
        return self.sorted_ids[start:end]

    def _name_prefix(self, query: str) -> Sequence[int]:
        start, end = self._prefix_range(self.sorted_names, query)
        return self.sorted_ids[start:end]

    def _containing(self, query: str, seen: set[int], need: int) -> list[int]:
        """The first `need` ids (catalogue order) not in `seen` whose name contains `query`."""
        found: list[int] = []
        hay, starts = self._haystack, self._starts
        pos = hay.find(query)
        while pos != -1 and len(found) < need:
            n = bisect_right(starts, pos) - 1
            if n not in seen:
                found.append(n)
            if n + 1 >= self.size:
                break
            pos = hay.find(query, starts[n + 1])
        return found

    def _typo_words(self, token: str) -> list[str]:
        """Vocabulary words one edit away from `token` (symmetric deletes)."""
        if self._typo_index is None:
            index: dict[str, list[str]] = {}
            for word in self.vocabulary:
                if len(word) >= TYPO_MIN_LENGTH - 1:
                    for variant in _deletes(word) | {word}:
                        index.setdefault(variant, []).append(word)
            self._typo_index = index
        found: set[str] = set()
        for variant in _deletes(token) | {token}:
            found.update(self._typo_index.get(variant, ()))
        return sorted(w for w in found if within_one_edit(w, token))

    # --- search --------------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 50) -> list[int]:
        """Ids (catalogue positions) of the best `limit` matches, best first."""
        q = fold(query).strip()
        if not q:
            return []
        if q.isdigit() and len(q) == 9:
            return self.routing.get(q, [])[:limit]
        tokens = words_of(q)
        chosen: list[int] = []
        seen: set[int] = set()

        def take(ids: Sequence[int] | set[int], sort: bool = True) -> bool:
            """Add ids not yet chosen (in catalogue order); True once `limit` are chosen."""
            fresh = [n for n in ids if n not in seen] if seen else list(ids)
            for n in (heapq.nsmallest(limit - len(chosen), fresh) if sort else fresh):
                chosen.append(n)
                seen.add(n)
                if len(chosen) >= limit:
                    return True
            return False

        if take(self._exact(q)) or take(self._name_prefix(q)):
            return chosen
        if tokens and take(self._all_words(tokens)):
            return chosen
        if len(q) >= 3 and take(self._containing(q, seen, limit - len(chosen)), sort=False):
            return chosen
        if not chosen and tokens:
            self._typos(tokens, take)
        return chosen

    def _typos(self, tokens: list[str], take: object) -> None:
        """Each word as typed, or (if long enough) any word one edit away; only when nothing else matched."""
        sets = []
        for token in tokens:
            ids = set(self.word_ids(token))
            if len(token) >= TYPO_MIN_LENGTH:
                for word in self._typo_words(token):
                    ids |= self.word_ids(word)
            sets.append(ids)
        sets.sort(key=len)
        result = sets[0]
        for other in sets[1:]:
            result &= other
        take(result)  # type: ignore[operator]
