"""Wall time of the snapshot suite on this machine's cores (`pytest -n 2 tests/snapshots`), against the same
pytest command collecting the same tests without running them (start-up, workers, collection: the fixed
cost), in the same run.

    .venv/bin/python bench/snapshots.py
"""
from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

from common import PYTHON, ROOT, child_env

RUNS = 1  # the suite takes a minute or two; one run of each, collection first


def _wall(*args: str) -> tuple[float, str]:
    env = {**child_env(), "TEXTUAL_ANIMATIONS": "none"}
    started = time.perf_counter()
    done = subprocess.run([PYTHON, "-m", "pytest", "-n", "2", "-q", "-p", "no:cacheprovider", *args,
                           "tests/snapshots"], cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"pytest failed: {done.stdout[-2000:]}")
    return wall, done.stdout


def measure() -> dict[str, Any]:
    collect, out = _wall("--collect-only")
    count = sum(1 for line in out.splitlines() if "::" in line)
    suite, _ = _wall()
    return {"suite": suite, "collect": collect, "snapshots": count, "ratio": suite / collect,
            "per_snapshot": (suite - collect) / max(count, 1) * 2}


if __name__ == "__main__":
    r = measure()
    print(f"{r['snapshots']} snapshot tests: {r['suite']:.1f} s on 2 workers (collection alone {r['collect']:.1f} s, "
          f"{r['ratio']:.1f}x); {r['per_snapshot'] * 1000:.0f} ms per snapshot per worker", file=sys.stderr)
