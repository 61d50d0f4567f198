"""`tuilink --help`: wall time of the installed command vs `python -c pass`, and what it imports.

Both commands run as fresh processes (alternating, median of RUNS). A separate child runs the CLI's `main()`
in-process with `--help` and lists which heavy packages ended up in `sys.modules`: Textual must not.

    .venv/bin/python bench/help.py
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from common import child_env, median

RUNS = 15
HEAVY = ("textual", "rich", "pydantic", "phonenumbers", "tuilink.ui", "tuilink.sandbox")

# Runs in a fresh interpreter: invoke the CLI as `tuilink --help`, then report the imported packages.
PROBE = f"""
import contextlib, io, json, sys, time
started = time.perf_counter()
sys.argv = ["tuilink", "--help"]
import tuilink.cli
with contextlib.redirect_stdout(io.StringIO()) as out:
    try:
        tuilink.cli.main()
    except SystemExit:
        pass
assert "Usage:" in out.getvalue(), out.getvalue()
print(json.dumps({{"seconds": time.perf_counter() - started, "modules": len(sys.modules),
                  "loaded": [m for m in {HEAVY!r} if m in sys.modules]}}))
"""


def wall(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - started


def measure(runs: int = RUNS) -> dict:
    env = child_env()
    tuilink = str(Path(sys.executable).with_name("tuilink"))
    commands = {"help": [tuilink, "--help"], "python": [sys.executable, "-c", "pass"]}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for cmd in commands.values():  # warm-up
        wall(cmd, env)
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(wall(cmd, env))
    probe = json.loads(subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env,
                                      check=True).stdout)
    help_s, python_s = median(times["help"]), median(times["python"])
    return {"runs": runs, "help": help_s, "python": python_s, "ratio": help_s / python_s,
            "in_process": probe["seconds"], "modules": probe["modules"], "heavy_loaded": probe["loaded"],
            "textual_imported": "textual" in probe["loaded"]}


if __name__ == "__main__":
    for key, value in measure().items():
        print(f"{key:16} {value:.3f}" if isinstance(value, float) else f"{key:16} {value}")
