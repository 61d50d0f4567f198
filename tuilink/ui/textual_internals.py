"""Every use tuilink makes of Textual's private methods and attributes, in one place, each with why it exists.

Nothing else in tuilink overrides or reads a private name of Textual's. These lean on the pinned Textual
(pyproject.toml); `tests/ui/test_textual_internals.py` checks that each private name below is still there with
the signature used here, and that each one still does what it is here for, so an upgrade that changes them
fails a test instead of slowing or breaking Link quietly.

1. `SharedStylesheet` (overrides `Stylesheet._parse_rules` and `reparse`, reads `_variables`, `_invalid_css`,
   `_rules`, `_rules_map`, `_require_parse`): the parsed CSS rules are shared by every app in the process. A
   scripted run opens one app per flow, and each paid for parsing the same CSS at least twice (its own, then
   again when the theme is set): about a tenth of a flow's time. The interactive `tuilink` also keeps them in a
   file across runs (`persist_to`): parsing Link's CSS was the largest part of the time from `App.run` to the
   first frame.
2. `OneLayoutScreen` (overrides `Screen._on_screen_resume` and `Screen._on_resize`, reads `_compositor`): a new
   screen is styled and laid out once. Textual's first resume restyles every widget a new screen has just
   styled, and the Resize a first layout sends makes the screen lay itself out again at the same size: a second
   full layout and render of every pane.
3. `RoomyPaste` (overrides `Input._on_paste`): a paste longer than the room left in a field keeps its start, as
   a user expects; Textual refuses the whole paste (nothing appears).
4. `app_failure` (reads `App._exception`): a scripted run stops with the app's own exception as soon as the app
   fails, instead of waiting out its timeout. Textual keeps the exception there; there is no public accessor.
5. `laid_out_size` (reads `Screen._compositor`): the tests that resize the terminal wait until the pane is laid
   out at the new size before they look at it.
6. `terminal_driver` (overrides `LinuxDriver._get_terminal_size`, wraps `LinuxDriver._file`): with stdout piped
   or redirected (`tuilink > result.json`, `tuilink | jq`), Textual still draws on the terminal (stderr), but
   reads the terminal's size from stdout only, so it drew at 80x24 whatever the window: this driver asks the
   terminal it draws on. And when the terminal goes away (a closed window, a killed tmux session), Textual's
   output thread dies on its first failed write, and closing the app then waits forever for that thread to
   take one more item from its full queue: this driver's output drops writes to a terminal that has gone.
"""
from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.cache import LRUCache
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.events import Paste, Resize, ScreenResume
from textual.screen import Screen
from textual.widgets import Input

if TYPE_CHECKING:
    from textual.app import App

# --- 1. the stylesheet ------------------------------------------------------------------------------------


class SharedStylesheet(Stylesheet):
    """A stylesheet whose parsed rules every app in the process shares, keyed by the CSS, where it came from and
    the theme's variables, so only the first app parses. Rule sets are only read once parsed (Textual's own
    cache already hands the same ones to every parse)."""

    _shared: ClassVar[LRUCache[tuple[Any, ...], list[RuleSet]]] = LRUCache(1024)
    _file: ClassVar[Path | None] = None  # where parsed rules persist across runs (None: this process only)
    _stored: ClassVar[dict[str, list[RuleSet]] | None] = None  # the file's rules, once read
    _unsaved: ClassVar[bool] = False
    _used: ClassVar[set[str]] = set()  # the file's entries this run read or added (only these are written back)

    @classmethod
    def persist_to(cls, path: Path) -> None:
        """Keep parsed rules in `path` across runs: read on the first parse, written by `save` when new rules
        were parsed. The file is a pickle of Textual's own rule objects, so its name carries Textual's and
        Python's versions; one that cannot be read is ignored (and replaced)."""
        cls._file, cls._stored = path, None

    @classmethod
    def save(cls) -> None:
        """Write the rules this run used to the `persist_to` file, when it parsed new ones (atomically; a failure
        loses nothing). Rules of CSS that changed since, or that this run did not use, are dropped: the file holds
        what the last run used, so it cannot grow from one version of the CSS to the next."""
        if cls._file is None or not cls._unsaved or cls._stored is None:
            return
        kept = {entry: rules for entry, rules in cls._stored.items() if entry in cls._used}
        try:
            cls._file.parent.mkdir(parents=True, exist_ok=True)
            temporary = cls._file.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, cls._file)
            cls._unsaved = False
        except (OSError, pickle.PicklingError):
            pass

    @classmethod
    def _stored_rules(cls) -> dict[str, list[RuleSet]] | None:
        if cls._file is None:
            return None
        if cls._stored is None:
            try:
                loaded = pickle.loads(cls._file.read_bytes())
                cls._stored = loaded if isinstance(loaded, dict) else {}
            except Exception:  # missing, unreadable, or from another version: parse afresh
                cls._stored = {}
        return cls._stored

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._variables_key: tuple[tuple[str, str], ...] | None = None

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)
        self._variables_key = None

    def _parse_rules(self, css: str, read_from: Any, is_default_rules: bool = False, tie_breaker: int = 0,
                     scope: str = "") -> list[RuleSet]:
        if self._variables_key is None:
            self._variables_key = tuple(sorted(self._variables.items()))
        key = (css, read_from, is_default_rules, tie_breaker, scope, self._variables_key)
        rules = self._shared.get(key)
        if rules is None:
            stored = self._stored_rules()
            entry = repr(key) if stored is not None else ""  # the file's key: the CSS and how it was read
            rules = stored.get(entry) if stored is not None else None
            if stored is not None:
                SharedStylesheet._used.add(entry)
            if rules is None:
                rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
                if stored is not None and not any(rule.errors for rule in rules):
                    stored[entry] = rules
                    SharedStylesheet._unsaved = True
            if not any(rule.errors for rule in rules):
                self._shared[key] = rules
        return rules

    def reparse(self) -> None:
        """Textual's `Stylesheet.reparse` (parse into a fresh stylesheet, keep the result only if it parsed),
        with a fresh stylesheet of this class, so it reads the shared rules too."""
        fresh = SharedStylesheet(variables=self._variables)
        for read_from, source in self.source.items():
            fresh.add_source(source.content, read_from=read_from, is_default_css=source.is_defaults,
                             tie_breaker=source.tie_breaker, scope=source.scope)
        try:
            fresh.parse()
        except Exception:
            self._invalid_css.update(fresh._invalid_css)
            raise
        self._rules = fresh.rules
        self._rules_map = None
        self.source = fresh.source
        self._require_parse = False


def css_cache_file() -> Path:
    """The per-user file `tuilink` keeps its parsed CSS in, named for the Textual and Python that parsed it.

    Textual's version is read from its installed distribution's folder name (`textual-8.2.8.dist-info`, beside
    the package): `textual.__version__` imports `importlib.metadata`, about 10 ms on the way to the first frame.
    """
    import textual
    from platformdirs import user_cache_path

    version = f"textual{_textual_version(Path(textual.__file__).parent)}-py{sys.version_info.major}" \
              f"{sys.version_info.minor}"
    return user_cache_path("tuilink") / f"css-{version}.pickle"


def _textual_version(package: Path) -> str:
    """The version of the Textual installed at `package`, as its distribution's folder names it (else from its
    metadata)."""
    found = sorted(package.parent.glob("textual-*.dist-info"))
    if len(found) == 1:
        return found[0].name.removeprefix("textual-").removesuffix(".dist-info")
    import textual

    return str(textual.__version__)


# --- 2. one layout per screen ------------------------------------------------------------------------------


class OneLayoutScreen(Screen[Any]):
    """A screen styled and laid out once when it is first shown (mixed in before Textual's Screen)."""

    _resumed = False

    def _on_screen_resume(self, event: ScreenResume) -> None:
        """A new screen's styles were applied as its widgets mounted: Textual's first resume would apply them all
        again. Later resumes (back from a dialog, a theme change) restyle."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    async def _on_resize(self, event: Resize) -> None:
        """Textual lays a new screen out, then the Resize that layout sends the screen makes it lay itself (and the
        screen below) out again at the same size. Only a real change of size is passed on (a screen below
        catches up when it is shown again). The app's breakpoint classes, which Textual sets in the handler
        skipped, are set here for every Resize."""
        self._set_breakpoints(event.size.width)
        if event.size == self._compositor.size:
            event.prevent_default()  # Screen._on_resize, which Textual would call after this one
            event.stop()

    def _set_breakpoints(self, width: int) -> None:
        """The class of the last horizontal breakpoint at or under `width` (Textual's rule), the others unset."""
        points = self.HORIZONTAL_BREAKPOINTS if self.HORIZONTAL_BREAKPOINTS is not None \
            else self.app.HORIZONTAL_BREAKPOINTS
        chosen = None
        for at, name in points or []:
            if width >= at:
                chosen = name
        for _, name in points or []:
            self.set_class(name == chosen, name)


# --- 3. a paste keeps its start --------------------------------------------------------------------------------


class RoomyPaste(Input):
    """A text field whose paste is cut to the room it has left."""

    def _on_paste(self, event: Paste) -> None:
        event.prevent_default()  # Input._on_paste, which Textual would call after this one
        event.stop()
        lines = event.text.splitlines()
        if not lines:
            return
        start, end = sorted(self.selection)
        room = self.max_length - (len(self.value) - (end - start)) if self.max_length else len(lines[0])
        if room > 0:
            self.replace(lines[0][:room], start, end)


# --- 4. the app's failure ----------------------------------------------------------------------------------------


def app_failure(app: App[Any]) -> BaseException | None:
    """The exception that stopped `app`, if one did."""
    failure: BaseException | None = app._exception
    return failure


# --- 5. the size a screen was laid out at -------------------------------------------------------------------------


def laid_out_size(screen: Screen[Any]) -> tuple[int, int]:
    """The size `screen` was last laid out at (reads `Screen._compositor`): after a terminal resize, a picture of
    the pane is only right once this is the new size. Textual offers no public "laid out at" value."""
    width, height = screen._compositor.size
    return width, height


# --- 6. the terminal's size with stdout redirected ------------------------------------------------------------


class _DropsWhenGone:
    """The terminal stream Textual's output thread writes to, minus the failure: once the terminal has gone,
    writes and flushes are dropped instead of raising (which would end the thread and hang the app's close)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except (OSError, ValueError):  # EIO from a hung-up terminal, or a stream closed under it
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except (OSError, ValueError):
            pass

    def __getattr__(self, name: str) -> Any:  # fileno, isatty, encoding: the stream's own
        return getattr(self._stream, name)


def terminal_driver() -> type[Any] | None:
    """The driver class for the interactive `tuilink`: Textual's own driver, with the size read from the
    terminal it draws on (stderr, else stdin) instead of from stdout, and an output that survives the terminal
    going away. None where Textual would not use its Linux driver (Windows, or a driver chosen by
    TEXTUAL_DRIVER, as `tuilink web` does)."""
    if os.name != "posix" or os.environ.get("TEXTUAL_DRIVER"):
        return None
    from textual.drivers.linux_driver import LinuxDriver

    class TerminalSizeDriver(LinuxDriver):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._file = _DropsWhenGone(self._file)  # type: ignore[assignment]  # a stream in all but failure

        def _get_terminal_size(self) -> tuple[int, int]:
            if "COLUMNS" not in os.environ and "LINES" not in os.environ:  # Textual lets these override the size
                for stream in (sys.__stderr__, sys.__stdin__):
                    try:
                        columns, lines = os.get_terminal_size(stream.fileno())  # type: ignore[union-attr]
                    except (AttributeError, ValueError, OSError):
                        continue
                    if columns and lines:
                        return columns, lines
            size: tuple[int, int] = super()._get_terminal_size()
            return size

    return TerminalSizeDriver
