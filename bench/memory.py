"""Peak memory of an interactive session: the 12,000-institution catalogue against the default one.

Each run is a fresh process (the real app, headless at 80×24, on the embedded sandbox) that opens Link,
goes to institution search, searches as a user would (which builds the search index) and reports its peak
resident set size (VmHWM). The 12,000-institution catalogue is a file written by
`tuilink sandbox generate-catalogue`, loaded with --catalogue as a user would.

    .venv/bin/python bench/memory.py
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from typing import Any

from common import PYTHON, ROOT, child_env, median

RUNS = 3
CHILD = r"""
import asyncio, json, resource, sys
from tuilink.launch import Embedded, Launcher, link_token_body
from tuilink.flow.state import Options
from tuilink.ui.app import LinkApp
from tuilink.scripts.runner import walk

async def main(catalogue):
    launcher = Launcher(link_token_body(None), Options(returning_user=False), Embedded(catalogue=catalogue or None))
    app = LinkApp(launcher.embedded(), test_mode=True)
    async with app.run_test(headless=True, size=(80, 24)) as pilot:
        await walk(app, pilot, [{"action": "continue"}, {"search": "first platypus", "select": "ins_109508"}])
    print(json.dumps({"peak_kib": peak_kib(), "institutions": len(launcher.sandbox.catalogue.institutions)}))

def peak_kib():
    # VmHWM: this process's own high-water mark. ru_maxrss would do, but Linux carries it over an exec from the
    # parent, so a child of a big benchmark process would report the parent's peak.
    try:
        with open("/proc/self/status") as f:
            return int(next(line for line in f if line.startswith("VmHWM:")).split()[1])
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

asyncio.run(main(sys.argv[1]))
"""


def _peak(catalogue: str) -> dict[str, Any]:
    out = subprocess.run([PYTHON, "-c", CHILD, catalogue], cwd=ROOT, env=child_env(), capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure() -> dict[str, Any]:
    from tuilink.sandbox.generate import write

    path = os.path.join(tempfile.mkdtemp(prefix="tuilink-bench-"), "catalogue.json")
    count = write(path)
    default, big = [], []
    for _ in range(RUNS):  # alternating, as for the other figures
        default.append(_peak("")["peak_kib"])
        run = _peak(path)
        assert run["institutions"] == count
        big.append(run["peak_kib"])
    d, b = median(default), median(big)
    return {"default_mib": d / 1024, "big_mib": b / 1024, "ratio": b / d, "institutions": count, "runs": RUNS}


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    r = measure()
    print(f"peak RSS: default catalogue {r['default_mib']:.1f} MiB, {r['institutions']} institutions "
          f"{r['big_mib']:.1f} MiB ({r['ratio']:.2f}x)", file=sys.stderr)
