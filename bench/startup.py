"""Cold start to the first painted pane: tuilink vs a bare Textual app, both headless at 80x24.

The parent starts the clock just before spawning a fresh `python`; the child prints `imported` once its
imports are done and `painted` from a callback scheduled with `call_after_refresh` on the first pane's screen
(tuilink: the real `tuilink` command's CONSENT pane, which paints before the session loads; bare app: its screen
with one Static), i.e. after that screen
has been laid out and rendered. The parent stops the clock when it reads `painted`; the child's shutdown is not
measured. Runs alternate between the two apps; the figure is the median.

    .venv/bin/python bench/startup.py            # measure
    .venv/bin/python bench/startup.py --child tuilink|bare
"""
from __future__ import annotations

import importlib.machinery
import subprocess
import sys
import threading
import time

RUNS = 9
TIMEOUT = 60.0


def painted(app) -> None:
    print("painted", flush=True)
    app.exit()


class _ReportFirstPaint:
    """An import hook: once the CLI itself imports tuilink.ui.app (not earlier, which would change what is
    measured), make its LinkApp report the first paint and run headless at 80x24. Plain duck-typed finder and
    loader: importing importlib.abc would add its own cost to the measurement."""

    def find_spec(self, name, path, target=None):
        if name != "tuilink.ui.app":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        self.inner, spec.loader = spec.loader, self
        return spec

    def create_module(self, spec):
        return self.inner.create_module(spec)

    def exec_module(self, module) -> None:
        self.inner.exec_module(module)
        run = module.LinkApp.run

        def headless_run(app, *args, **kwargs):
            print("imported", flush=True)
            app.first_paint = lambda: painted(app)
            return run(app, headless=True, size=(80, 24))

        module.LinkApp.run = headless_run


def child(kind: str) -> None:
    """Runs in the measured process. tuilink: the real `tuilink` command (flag parsing, the body check, the
    UI, the first pane); the bare app: one Static."""
    if kind == "bare":
        from textual.app import App
        from textual.widgets import Static

        class Bare(App):
            def compose(self):
                yield Static("Hello from a bare Textual app")

            def on_mount(self) -> None:
                self.screen.call_after_refresh(painted, self)

        print("imported", flush=True)
        Bare().run(headless=True, size=(80, 24))
        return
    sys.meta_path.insert(0, _ReportFirstPaint())
    from tuilink import cli
    from tuilink.cli import main

    cli._need_terminal = lambda: None  # headless: Link draws on no terminal here (bench/startup_pty.py uses one)
    sys.argv = ["tuilink", "--latency-ms", "0"]
    try:
        main()
    except SystemExit:
        pass


def run_once(kind: str, env: dict[str, str]) -> tuple[float, float]:
    """(seconds to the end of imports, seconds to the first paint) for one fresh process."""
    marks: dict[str, float] = {}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--child", kind], stdout=subprocess.PIPE, env=env)
    watchdog = threading.Timer(TIMEOUT, proc.kill)
    watchdog.start()
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            marks[line.decode().strip()] = time.perf_counter() - started
            if "painted" in marks:
                break
        proc.stdout.read()
        proc.wait()
    finally:
        watchdog.cancel()
    if "painted" not in marks:
        raise RuntimeError(f"the {kind} child exited ({proc.returncode}) without painting")
    return marks["imported"], marks["painted"]


def measure(runs: int = RUNS) -> dict:
    from common import child_env, median

    env = child_env()
    times: dict[str, list[tuple[float, float]]] = {"tuilink": [], "bare": []}
    for kind in times:  # warm-up: fills the bytecode cache and the OS file cache
        run_once(kind, env)
    for _ in range(runs):
        for kind in times:
            times[kind].append(run_once(kind, env))
    result = {"runs": runs}
    for kind, samples in times.items():
        result[f"{kind}_paint"] = median([p for _, p in samples])
        result[f"{kind}_imports"] = median([i for i, _ in samples])
    result["ratio"] = result["tuilink_paint"] / result["bare_paint"]
    return result


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2])
    else:
        for key, value in measure().items():
            print(f"{key:16} {value:.3f}" if isinstance(value, float) else f"{key:16} {value}")
