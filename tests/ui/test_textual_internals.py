"""The private parts of Textual that tuilink relies on (tuilink/ui/textual_internals.py) are still there, with the
signatures used, and still do what they are used for. A Textual upgrade that changes one fails here."""
import inspect
import re
from pathlib import Path

import textual
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.events import ScreenResume
from textual.screen import Screen
from textual.widgets import Input

from tests.helpers import make_app, walk
from tuilink.ui import textual_internals as internals
from tuilink.ui.screens.base import PaneScreen

ROOT = Path(__file__).resolve().parents[2]


def test_the_pinned_textual_is_the_one_these_were_checked_against():
    pin = re.search(r'"textual==([^"]+)"', (ROOT / "pyproject.toml").read_text()).group(1)
    assert textual.__version__ == pin


def test_the_overridden_private_methods_exist_with_the_signatures_used():
    ours = inspect.signature(internals.SharedStylesheet._parse_rules).parameters
    theirs = inspect.signature(Stylesheet._parse_rules).parameters
    assert list(ours) == list(theirs)
    assert all(ours[p].default == theirs[p].default for p in ours)
    assert list(inspect.signature(Stylesheet.reparse).parameters) == ["self"]
    for owner, name in ((Screen, "_on_screen_resume"), (Screen, "_on_resize"), (Input, "_on_paste")):
        assert list(inspect.signature(getattr(owner, name)).parameters) == ["self", "event"], (owner, name)
    assert "refresh_styles" in inspect.signature(ScreenResume.__init__).parameters
    from textual.drivers.linux_driver import LinuxDriver

    assert list(inspect.signature(LinuxDriver._get_terminal_size).parameters) == ["self"]
    assert issubclass(internals.terminal_driver(), LinuxDriver)


async def test_the_private_attributes_read_exist():  # a driver needs a running loop
    sheet = Stylesheet(variables={"a": "b"})
    for name in ("_variables", "_invalid_css", "_rules", "_rules_map", "_require_parse"):
        assert hasattr(sheet, name), name
    assert hasattr(App(), "_exception")
    from textual.drivers.linux_driver import LinuxDriver

    assert hasattr(LinuxDriver(App()), "_file")
    driver = internals.terminal_driver()(App())
    assert isinstance(driver._file, internals._DropsWhenGone)
    assert hasattr(Screen(), "_compositor") and hasattr(Screen()._compositor, "size")


def test_no_other_module_uses_textual_privates():
    """Overrides of Textual's private handlers and reads of its private attributes live in one module."""
    pattern = re.compile(r"def _on_\w+\(self, event|\._compositor\b|\._exception\b|\._parse_rules\b|_invalid_css"
                         r"|_get_terminal_size")
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "tuilink").rglob("*.py")
                 if p.name != "textual_internals.py" and pattern.search(p.read_text())]
    assert offenders == []


async def test_apps_share_parsed_css():
    internals.SharedStylesheet._shared.clear()
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await walk(first, pilot, [])
    cached = len(internals.SharedStylesheet._shared)
    assert cached > 0
    second = make_app()
    async with second.run_test(size=(80, 24)) as pilot:
        await walk(second, pilot, [])
    assert len(internals.SharedStylesheet._shared) == cached  # the second app parsed nothing new
    assert second.stylesheet.rules and all(r in first.stylesheet.rules for r in second.stylesheet.rules[:20])


async def test_a_new_pane_is_laid_out_once_and_a_real_resize_still_lays_it_out(monkeypatch):
    calls = []
    original = Screen._on_resize

    async def counting(self, event):
        if isinstance(self, PaneScreen):
            calls.append(event.size)
        await original(self, event)

    monkeypatch.setattr(Screen, "_on_resize", counting)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, [{"action": "continue"}])
        assert calls == []  # the resize a first layout sends did not lay the pane out again
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert (100, 30) in [tuple(size) for size in calls]


async def test_app_failure_is_the_exception_that_stopped_the_app():
    class Failing(App[None]):
        def on_mount(self) -> None:
            raise RuntimeError("boom")

    app = Failing()
    try:
        async with app.run_test():
            pass
    except RuntimeError:
        pass
    failure = internals.app_failure(app)
    assert isinstance(failure, RuntimeError) and str(failure) == "boom"


PERSISTED = r'''
import asyncio, sys
from pathlib import Path
from textual.css.stylesheet import Stylesheet
from tuilink.ui.textual_internals import SharedStylesheet
from tests.helpers import make_app, walk

parsed = []
original = Stylesheet._parse_rules
def counting(self, *args, **kwargs):
    parsed.append(args[1])
    return original(self, *args, **kwargs)
Stylesheet._parse_rules = counting
SharedStylesheet.persist_to(Path(sys.argv[1]))

async def main():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(app, pilot, [])
    SharedStylesheet.save()
asyncio.run(main())
print(len(parsed))
'''


def test_parsed_css_persists_between_runs(tmp_path):
    """The interactive tuilink keeps Link's parsed CSS in a file: a second run parses none of it again."""
    import subprocess
    import sys

    cache = tmp_path / "css.pickle"
    runs = [subprocess.run([sys.executable, "-c", PERSISTED, str(cache)], cwd=ROOT, capture_output=True, text=True,
                           timeout=120) for _ in range(2)]
    assert all(run.returncode == 0 for run in runs), runs[0].stderr + runs[1].stderr
    first, second = (int(run.stdout.split()[-1]) for run in runs)
    assert first > 10 and second == 0 and cache.stat().st_size > 0
    cache.write_bytes(b"not a pickle")  # a file that cannot be read is parsed afresh and replaced
    third = subprocess.run([sys.executable, "-c", PERSISTED, str(cache)], cwd=ROOT, capture_output=True, text=True,
                           timeout=120)
    assert third.returncode == 0 and int(third.stdout.split()[-1]) == first


def test_the_css_file_keeps_only_what_a_run_used(tmp_path):
    """Rules of CSS no run uses any more (an older app.tcss) are dropped when the file is written again."""
    import pickle
    import subprocess
    import sys

    cache = tmp_path / "css.pickle"
    cache.write_bytes(pickle.dumps({"stale": []}))
    run = subprocess.run([sys.executable, "-c", PERSISTED, str(cache)], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    kept = pickle.loads(cache.read_bytes())
    assert "stale" not in kept and len(kept) > 10


def test_the_css_file_is_named_for_the_installed_textual_without_reading_its_metadata():
    """The file's name carries Textual's version, read from its distribution folder: `textual.__version__` would
    import importlib.metadata (about 10 ms) on the way to the first frame."""
    import subprocess
    import sys

    code = ("import sys\nfrom tuilink.ui.textual_internals import css_cache_file\nprint(css_cache_file().name)\n"
            "print(sorted(m for m in ('importlib.metadata', 'hashlib') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    name, loaded = run.stdout.split()
    assert name == f"css-textual{textual.__version__}-py{sys.version_info.major}{sys.version_info.minor}.pickle"
    assert loaded == "[]"
    assert internals._textual_version(ROOT / "nowhere" / "textual") == textual.__version__  # no folder: metadata


def test_the_output_drops_writes_to_a_terminal_that_has_gone(tmp_path):
    """Textual's output thread would die on the first failed write and hang the app's close."""
    stream = open(tmp_path / "gone", "w")
    stream.close()  # writing raises ValueError, as a hung-up terminal raises OSError
    output = internals._DropsWhenGone(stream)
    assert output.write("frame") == 5
    output.flush()
    assert output.closed  # everything else is the stream's own
