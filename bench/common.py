"""Helpers shared by the benchmarks (standard library only: child processes import this too)."""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable  # the project's venv when run by `make bench`
SIZE = (80, 24)


def median(values: list[float]) -> float:
    return statistics.median(values)


def child_env() -> dict[str, str]:
    """The environment for measured child processes: bytecode cached, as in an installed app.

    With PYTHONDONTWRITEBYTECODE set (it is on some of our machines) tuilink, an editable install, would be
    compiled from source on every start while Textual's wheel-installed .pyc files are used: an unfair
    comparison. A private cache prefix keeps the bytecode out of the source tree; a warm-up run fills it.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "tuilink-bench-pycache")
    return env


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
