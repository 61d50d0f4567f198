"""A scripted Instant Auth flow through the real UI, many times in one process.

Each iteration, in one event loop:
  flow   `run_script` on a freshly loaded assets/scenarios/instant_auth.toml (scripts are consumed as they
         run), timed from the call to its return: session + app start (80x24, headless, test mode), every pane
         until Link calls onSuccess, app shutdown. An event listener stamps the session's events, splitting it:
         start        the call → OPEN (emitted by the session the app opens from its on_mount)
         after start  OPEN → HANDOFF: the five panes through the real widgets, the flow itself
         stop         HANDOFF → `run_script` returned (the app exits)
         Its CPU time is recorded too: the flow is CPU-bound (wall ≈ CPU) unless other processes compete.
  bare   a bare Textual app (one Static) started and stopped with `run_test`: the baseline.
Two warm-up iterations are not counted (the first app in a process pays one-off costs).

    .venv/bin/python bench/flow.py [FLOWS]
"""
from __future__ import annotations

import asyncio
import sys
import time

from common import ROOT, median
from textual.app import App, ComposeResult
from textual.widgets import Static

from tuilink.scripts.runner import run_script
from tuilink.scripts.script import load

FLOWS = 50
WARMUP = 2


class Bare(App):
    def compose(self) -> ComposeResult:
        yield Static("Hello from a bare Textual app")


async def _iteration(path: str) -> dict[str, float]:
    stamps: dict[str, float] = {}

    def stamp(event) -> None:
        stamps.setdefault(event.event_name, time.perf_counter())

    script = load(path)
    cpu, started = time.process_time(), time.perf_counter()
    outcome = await run_script(script, size=(80, 24), events_log=stamp)  # type: ignore[arg-type]
    cpu, ended = time.process_time() - cpu, time.perf_counter()
    if not outcome.ok:
        raise RuntimeError(f"{path}: {outcome.reason}")

    bare_started = time.perf_counter()
    async with Bare().run_test(headless=True, size=(80, 24)):
        pass
    return {"flow": ended - started, "flow_cpu": cpu, "start": stamps["OPEN"] - started,
            "after_start": stamps["HANDOFF"] - stamps["OPEN"], "stop": ended - stamps["HANDOFF"],
            "bare": time.perf_counter() - bare_started}


async def _measure(flows: int, path: str) -> list[dict[str, float]]:
    for _ in range(WARMUP):
        await _iteration(path)
    return [await _iteration(path) for _ in range(flows)]


def measure(flows: int = FLOWS) -> dict:
    samples = asyncio.run(_measure(flows, str(ROOT / "assets" / "scenarios" / "instant_auth.toml")))
    total = {key: sum(s[key] for s in samples) for key in samples[0]}
    result = {key: median([s[key] for s in samples]) for key in samples[0]}
    result["flows"] = flows
    result["flows_per_s"] = flows / total["flow"]
    result["bare_per_s"] = flows / total["bare"]
    result["ratio"] = result["flow"] / result["bare"]
    result["after_start_ratio"] = result["after_start"] / result["bare"]
    return result


if __name__ == "__main__":
    for key, value in measure(int(sys.argv[1]) if len(sys.argv) > 1 else FLOWS).items():
        print(f"{key:18} {value:.3f}" if isinstance(value, float) else f"{key:18} {value}")
