"""Institution search on the 12,000-institution catalogue: keystroke → results, against textual.fuzzy.Matcher.

Each query in QUERIES is typed one character at a time; every prefix is one keystroke, answered by the
sandbox's search with the highlight spans of its results (what the backend answers the SELECT_INSTITUTION
pane's worker with) and the word cache cleared before each query, as for a user starting a new search. Each
query is typed ROUNDS times; a keystroke's time is its median over the rounds. The baseline is
textual.fuzzy.Matcher scoring every name of the same catalogue for the same keystrokes (what a fuzzy search
box over the list would do), timed on every MATCHER_EVERY-th keystroke (it is slow: a sample keeps the bench
short) — the ratio compares the medians.

    .venv/bin/python bench/search.py
"""
from __future__ import annotations

import gc
import statistics
import sys
import time
from typing import Any

from common import ROOT

sys.path.insert(0, str(ROOT))

QUERIES = ["chase", "bank of america", "bk of am", "first platypus", "credit union", "hudson valley fcu",
           "wells fargo", "caisse populaire", "sparkasse munster", "chsae", "credti union", "houndstooth",
           "021000021", "summit", "farmers and merchants", "cedar falls", "navy federal", "teachers credit union",
           "golden state bank", "rio grande", "pioneer savings", "banque populaire", "citizens", "ank of"]
ROUNDS = 5
MATCHER_EVERY = 6


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def measure() -> dict[str, Any]:
    from textual.fuzzy import Matcher

    from tuilink.link.matching import match_spans
    from tuilink.sandbox.catalogue import Catalogue, institutions_from
    from tuilink.sandbox.generate import generate

    started = time.perf_counter()
    catalogue = Catalogue(institutions_from(generate(), "generated"))
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    index = catalogue.index
    indexed = time.perf_counter() - started
    keystrokes = [q[:n] for q in QUERIES for n in range(1, len(q) + 1)]
    per_key: dict[int, list[float]] = {n: [] for n in range(len(keystrokes))}
    gc.collect()
    for _ in range(ROUNDS):
        n = 0
        for query in QUERIES:
            index.word_ids.cache_clear()  # a new search: nothing cached from the last one
            for length in range(1, len(query) + 1):
                t = time.perf_counter()
                typed = query[:length]
                [match_spans(i.name, typed) for i in catalogue.search(typed)]  # results with their highlight spans
                per_key[n].append(time.perf_counter() - t)
                n += 1
    times = [statistics.median(v) for v in per_key.values()]
    names = [i.name for i in catalogue.institutions]
    matcher_times = []
    for typed in keystrokes[::MATCHER_EVERY]:
        t = time.perf_counter()
        matcher = Matcher(typed)
        scored = [(matcher.match(name), name) for name in names]
        sorted((s for s in scored if s[0] > 0), reverse=True)[:50]
        matcher_times.append(time.perf_counter() - t)
    p50, p99 = _percentile(times, 0.5), _percentile(times, 0.99)
    matcher_p50 = statistics.median(matcher_times)
    return {"institutions": len(names), "keystrokes": len(keystrokes), "rounds": ROUNDS, "p50": p50, "p99": p99,
            "max": max(times), "matcher_p50": matcher_p50, "matcher_keystrokes": len(matcher_times),
            "ratio": matcher_p50 / p50, "generate_load": loaded, "index_build": indexed}


if __name__ == "__main__":
    r = measure()
    print(f"{r['institutions']} institutions, {r['keystrokes']} keystrokes: p50 {r['p50'] * 1e3:.2f} ms, "
          f"p99 {r['p99'] * 1e3:.2f} ms (max {r['max'] * 1e3:.2f}); Matcher p50 {r['matcher_p50'] * 1e3:.0f} ms "
          f"({r['ratio']:.0f}x); generate+load {r['generate_load']:.2f} s, index {r['index_build'] * 1e3:.0f} ms",
          file=sys.stderr)
