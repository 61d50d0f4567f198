"""Run every benchmark, print the table and write it into docs/PERFORMANCE.md between the bench markers.

    make bench        (= .venv/bin/python bench/run.py)

Machines here are noisy: each figure is a median, reported next to a baseline measured in the same run.
"""
from __future__ import annotations

import datetime
import os
import platform
import sys
import time

import flow
import help as help_bench
import memory
import search
import server
import snapshots
import startup
import startup_pty
import web_sdk
from common import ROOT, seconds

START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def table(s: dict, h: dict, f: dict, v: dict, q: dict, m: dict, n: dict, p: dict, w: dict) -> str:
    rows = [
        ("Start-up as a person sees it: spawn → the CONSENT text on a real terminal (pty), 80×24",
         seconds(p["tuilink_visible"]), f"bare Textual app {seconds(p['bare_visible'])}", f"{p['ratio']:.2f}×",
         "≤ 1.25×", met(p["ratio"] <= 1.25)),
        ("Cold start to the first painted pane (CONSENT), 80×24", seconds(s["tuilink_paint"]),
         f"bare Textual app {seconds(s['bare_paint'])}", f"{s['ratio']:.2f}×", "≤ 1.25×", met(s["ratio"] <= 1.25)),
        ("… of which imports (process start → imports done)", seconds(s["tuilink_imports"]),
         f"bare Textual app {seconds(s['bare_imports'])}", f"{s['tuilink_imports'] / s['bare_imports']:.2f}×",
         "", ""),
        ("`tuilink --help`", seconds(h["help"]), f"`python -c pass` {seconds(h['python'])}", f"{h['ratio']:.1f}×",
         "≤ 150 ms", met(h["help"] <= 0.15)),
        ("Textual imported by `--help`", "yes" if h["textual_imported"] else "no", "", "", "no",
         met(not h["textual_imported"])),
        ("Instant Auth flow after app start (OPEN → HANDOFF, 5 panes)", seconds(f["after_start"]),
         f"bare `run_test` start/stop {seconds(f['bare'])}", f"{f['after_start_ratio']:.0f}×", "≤ 500 ms",
         met(f["after_start"] <= 0.5)),
        ("Instant Auth flow incl. app start and stop", f"{seconds(f['flow'])} ({f['flows_per_s']:.1f} flows/s)",
         f"bare `run_test` start/stop {seconds(f['bare'])} ({f['bare_per_s']:.0f}/s)", f"{f['ratio']:.0f}×",
         "≥ 5 flows/s", met(f["flows_per_s"] >= 5)),
        ("… of which app start (call → OPEN) / stop (HANDOFF → return)",
         f"{seconds(f['start'])} / {seconds(f['stop'])}", "", "", "", ""),
        (f"Institution search, {q['institutions']:,} institutions: keystroke → results, p50 / p99",
         f"{q['p50'] * 1000:.2f} ms / {q['p99'] * 1000:.2f} ms",
         f"`textual.fuzzy.Matcher` over the same names, p50 {seconds(q['matcher_p50'])}", f"{q['ratio']:.0f}×",
         "p99 ≤ 2 ms, ≥ 20×", met(q["p99"] <= 0.002 and q["ratio"] >= 20)),
        (f"Peak memory of a session, {m['institutions']:,}-institution catalogue", f"{m['big_mib']:.0f} MiB",
         f"default catalogue {m['default_mib']:.0f} MiB", f"{m['ratio']:.2f}×", "≤ 1.3×", met(m["ratio"] <= 1.3)),
        (f"Snapshot suite ({n['snapshots']} tests), wall time on 2 workers", f"{n['suite']:.0f} s",
         f"collecting them only {n['collect']:.0f} s", f"{n['ratio']:.1f}×", "", ""),
        ("`tuilink serve`: `/link/token/create` requests/s", f"{v['create']:.0f}/s",
         f"bare Starlette endpoint {v['bare']:.0f}/s", f"{v['create_ratio']:.2f}×", "≥ 0.6×",
         met(v["create_ratio"] >= 0.6)),
        ("`tuilink serve`: `/item/public_token/exchange` requests/s", f"{v['exchange']:.0f}/s",
         f"bare Starlette endpoint {v['bare']:.0f}/s", f"{v['exchange_ratio']:.2f}×", "≥ 0.6×",
         met(v["exchange_ratio"] >= 0.6)),
        ("Web SDK on autopilot, in Chromium: the page's `open()` → `onSuccess`, Instant Auth at speed 4 / 20",
         f"{w['open_to_success']:.2f} s / {w['open_to_success_fastest']:.2f} s",
         f"`tuilink run --backend`, same script {w['headless_run']:.2f} s",
         f"{w['ratio']:.1f}× / {w['fastest_ratio']:.1f}×", "", ""),
    ]
    lines = ["| Figure | Value | Baseline (same run) | Ratio | Target | Met? |", "|---|---|---|---|---|---|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def report(s: dict, h: dict, f: dict, v: dict, q: dict, m: dict, n: dict, p: dict, w: dict) -> str:
    when = datetime.date.today().isoformat()
    return f"""Measured by `make bench` on {when}: Python {platform.python_version()}, {os.cpu_count()} CPUs, \
{platform.system()} {platform.machine()}. Medians; each ratio is against a baseline measured in the same run.

{table(s, h, f, v, q, m, n, p, w)}

- Start-up in a real terminal: from spawning the `tuilink` command in a pseudo-terminal until "uses Plaid to \
connect" is on the screen of a terminal emulator (pyte) fed every byte it writes, against a bare Textual app's \
one `Static`; {p['runs']} alternating rounds after a warm-up run of each (which fills the bytecode cache and \
tuilink's parsed-CSS file, as any earlier run would), the ratio the median of each round's ratio \
(`bench/startup_pty.py`).
- Cold start: from spawning a fresh `python` to a callback scheduled with `call_after_refresh` on the first \
pane's screen (tuilink: the real `tuilink` command — flag parsing, the link token body's check, the UI — \
to its CONSENT pane, which paints before the session and its sandbox load; bare app: one `Static`), headless at 80×24, \
bytecode cached; {s['runs']} alternating runs each (`bench/startup.py`).
- `--help`: wall time of `.venv/bin/tuilink --help`, {h['runs']} alternating runs each; run in process it takes \
{seconds(h['in_process'])}, and of {', '.join(help_bench.HEAVY)} it loads: {', '.join(h['heavy_loaded']) or 'none'} \
(`bench/help.py`).
- Flow: `assets/scenarios/instant_auth.toml` through `tuilink.scripts.runner.run_script`, {f['flows']} times in \
one process, each from a freshly loaded script; events stamped by a session event listener split each run \
into app start, the flow itself (OPEN → HANDOFF, through the real widgets) and app stop. The baseline is a \
bare Textual app started and stopped with `run_test` in the same loop. CPU time per flow: \
{seconds(f['flow_cpu'])} (`bench/flow.py`).
- Search: a generated {q['institutions']:,}-institution catalogue (`tuilink sandbox generate-catalogue`); each \
keystroke answered with its results and their highlight spans, as the backend answers the pane; \
{len(search.QUERIES)} queries typed a character at a time ({q['keystrokes']} keystrokes, the word cache cleared before each query), each keystroke's time the median of {q['rounds']} rounds; the index is built once ({seconds(q['index_build'])}). The baseline scores every name with `textual.fuzzy.Matcher` for every {search.MATCHER_EVERY}th keystroke (`bench/search.py`).
- Memory: peak RSS (VmHWM) of a fresh process running the real app headless on the embedded sandbox, opening Link and searching, with `--catalogue` pointing at the generated file vs the default catalogue; median of {m['runs']} runs each (`bench/memory.py`).
- Snapshots: `pytest -n 2 tests/snapshots` wall time, against the same command with `--collect-only` (`bench/snapshots.py`).
- Server: one uvicorn process (state in memory, as `tuilink serve` without `--state`) serves tuilink's app and \
a bare Starlette app side by side (a bare route whose endpoint parses the JSON body and answers a constant); \
{v['concurrency']} keep-alive connections post back to back from this process, server and load pinned to a core \
each; {v['rounds']} rounds of {v['seconds']:g} s per endpoint, each ratio against the bare round run just before \
it, medians reported. Exchanges spend public tokens made beforehand with `/sandbox/public_token/create` \
(`bench/server.py`).
- Web SDK: `tuilink serve` and headless Chromium; the app's page (served from loopback) loads Plaid's CDN \
script, answered with tuilink's, and opens Link on a token made as an app server makes it, with the autopilot set \
to `instant_auth`; `performance.now()` in the page at `open()` and at `onSuccess`, {w['rounds']} rounds at each \
speed. The speed-4 figure is mostly the autopilot's pauses, there so a video of the test can follow the flow. \
The baseline is the same script through `tuilink run --backend` against the same server, spawn to exit \
(`bench/web_sdk.py`)."""


STARTUP_START, STARTUP_END = "<!-- bench:startup -->", "<!-- /bench:startup -->"


def write_readme_startup(ratio: float) -> None:
    """The README's one figure: start-up in a real terminal against a bare Textual app."""
    path = ROOT / "README.md"
    readme = path.read_text(encoding="utf-8")
    start, end = readme.find(STARTUP_START), readme.find(STARTUP_END)
    if 0 <= start < end:
        readme = readme[:start + len(STARTUP_START)] + f"{ratio:.2f}×" + readme[end:]
        path.write_text(readme, encoding="utf-8")


def write_readme(text: str) -> None:
    path = ROOT / "docs" / "PERFORMANCE.md"
    readme = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{START}\n{text}\n{END}"
    start, end = readme.find(START), readme.find(END)
    if 0 <= start < end:
        readme = readme[:start] + block + readme[end + len(END):]
    else:
        readme = readme.rstrip("\n") + ("\n\n" if readme.strip() else "") + f"## Figures\n\n{block}\n"
    path.write_text(readme, encoding="utf-8")


def main() -> None:
    started = time.perf_counter()
    results = {}
    for name, module in (("help", help_bench), ("startup_pty", startup_pty), ("startup", startup), ("flow", flow),
                         ("search", search),
                         ("memory", memory), ("snapshots", snapshots), ("server", server), ("web_sdk", web_sdk)):
        print(f"bench: {name}…", file=sys.stderr, flush=True)
        results[name] = module.measure()
    text = report(results["startup"], results["help"], results["flow"], results["server"], results["search"],
                  results["memory"], results["snapshots"], results["startup_pty"], results["web_sdk"])
    write_readme(text)
    write_readme_startup(results["startup_pty"]["ratio"])
    print(text)
    print(f"\n(bench took {time.perf_counter() - started:.0f} s; docs/PERFORMANCE.md updated)", file=sys.stderr)


if __name__ == "__main__":
    main()
