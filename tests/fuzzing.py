"""What the robustness tests share: how hard hypothesis tries, and the figures `make reliability` collects.

`make test` tries a modest number of examples per input (TUILINK_FUZZ_EXAMPLES, default 60); `make reliability`
runs the same tests with 1,000 and TUILINK_RELIABILITY_REPORT naming a JSON-lines file, to which each test
process appends what it tried (examples per input, faults injected, Items checked, secrets found) when it
ends. `python -m tests.reliability_report` sums the lines into docs/RELIABILITY.md.
"""
from __future__ import annotations

import atexit
import json
import os
from collections import Counter

from hypothesis import HealthCheck, Phase, settings

EXAMPLES = int(os.environ.get("TUILINK_FUZZ_EXAMPLES", "60"))
REPORT = os.environ.get("TUILINK_RELIABILITY_REPORT")


def fuzz_settings(share: float = 1.0, shrink: bool = True) -> settings:
    """Hypothesis settings for a fuzz test: `share` of the run's examples (a slow test through the real UI
    takes a fraction), never fewer than 3; no deadline (machines here are noisy), no example database.
    `shrink=False` where shrinking a failure would take many minutes (each example runs the whole app): the
    failing example is reported as found."""
    phases = [p for p in Phase if p is not Phase.explain and (shrink or p is not Phase.shrink)]
    return settings(max_examples=max(3, int(EXAMPLES * share)), deadline=None, database=None, phases=phases,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])


_counts: Counter[tuple[str, str]] = Counter()


def count(figure: str, subject: str, n: int = 1) -> None:
    """Add `n` to a figure of the reliability report, e.g. count("examples", "CREDENTIAL password")."""
    _counts[(figure, subject)] += n


@atexit.register
def _write() -> None:
    if REPORT and _counts:
        with open(REPORT, "a", encoding="utf-8") as out:
            for (figure, subject), n in sorted(_counts.items()):
                out.write(json.dumps({"figure": figure, "subject": subject, "n": n}) + "\n")
