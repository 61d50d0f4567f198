"""Sums the figures the robustness tests recorded (tests/fuzzing.py `count`) into docs/RELIABILITY.md.

    python -m tests.reliability_report FIGURES.jsonl docs/RELIABILITY.md EXAMPLES SECONDS

Replaces the part of the document between its reliability:start and reliability:end markers.
"""
from __future__ import annotations

import datetime
import json
import platform
import sys
from collections import Counter, defaultdict

START, END = "<!-- reliability:start -->", "<!-- reliability:end -->"
ORDER = ["examples", "faults", "items checked after a crash", "token rules checked", "outputs scanned",
         "secret values looked for", "secrets found"]
TITLES = {"examples": "Fuzzed inputs: examples tried", "faults": "Faults injected",
          "items checked after a crash": "Items checked after a crash", "token rules checked": "Token rules checked",
          "outputs scanned": "Outputs scanned for secrets", "secret values looked for": "Secret values looked for",
          "secrets found": "Secrets found"}


def table(figures_path: str, examples: str, seconds: str) -> str:
    sums: dict[str, Counter[str]] = defaultdict(Counter)
    with open(figures_path, encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            sums[row["figure"]][row["subject"]] += row["n"]
    out = [f"Produced by `make reliability` on {datetime.date.today().isoformat()} (TUILINK_FUZZ_EXAMPLES={examples}, "
           f"{float(seconds) / 60:.0f} min, Python {platform.python_version()}). Every test passed.", ""]
    for figure in ORDER + sorted(set(sums) - set(ORDER)):
        if figure not in sums:
            continue
        out += [f"**{TITLES.get(figure, figure)}**: {sum(sums[figure].values()):,}", "",
                "| | |", "|---|---:|"]
        out += [f"| {subject} | {n:,} |" for subject, n in sorted(sums[figure].items())]
        out.append("")
    return "\n".join(out)


def main(figures_path: str, doc_path: str, examples: str, seconds: str) -> None:
    with open(doc_path, encoding="utf-8") as f:
        doc = f.read()
    head, rest = doc.split(START, 1)
    _, tail = rest.split(END, 1)
    with open(doc_path, "w", encoding="utf-8") as f:
        f.write(f"{head}{START}\n{table(figures_path, examples, seconds)}\n{END}{tail}")


if __name__ == "__main__":
    main(*sys.argv[1:5])
