"""The Textual app: renders the Link session's pane, sends the user's actions to it.

Start-up is progressive: given a `start` callable instead of a session, the app paints the consent pane
from the raw /link/token/create body first, then creates the session (which loads the sandbox and the wire
models) and opens it. The consent pane becomes interactive once the session has opened.
"""
from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input

from ..copy import ENGLISH, text
from ..flow.state import FlowError, PaneId, PlainPane
from ..link.rules import display_client_name
from .screens import PaneScreen, screen_for
from .textual_internals import SharedStylesheet
from .theme import TUILINK_THEME

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.worker import Worker

    from ..flow.panes import Pane
    from ..flow.session import LinkSession
    from ..launch import Launcher
    from ..plaid.models import LinkEvent, LinkResult

ResultT = TypeVar("ResultT")


async def _ready(action: Awaitable[Any]) -> Any:
    return await action


def run_async(node: DOMNode, work: Callable[[], Coroutine[Any, Any, ResultT]], *, group: str = "default",
              exclusive: bool = False, exit_on_error: bool = True) -> Worker[ResultT]:
    """`node.run_worker(work, ...)` for an async callable, typed. mypy cannot infer the worker's result type from
    Textual's `WorkType` union (an async function also fits its plain-callable arm, so it settles on Never and
    rejects the call); the declared return type here gives it the context to pick `ResultT`."""
    return node.run_worker(work, group=group, exclusive=exclusive, exit_on_error=exit_on_error)


# Palette restarts: the /link/token/create fields (the command, its question and what to type are in the
# catalogues under palette.restart.<field>).
_RESTART_FIELDS = ["products", "country_codes", "phone_number"]


def _field_text(body: dict[str, Any], field: str) -> str:
    if field == "phone_number":
        return str((body.get("user") or {}).get("phone_number") or "")
    return ",".join(body.get(field) or [])


def _field_value(body: dict[str, Any], field: str, text: str) -> dict[str, Any]:
    """The body fields for what was typed (the validation is the sandbox's, when Link opens)."""
    if field == "phone_number":
        user = {k: v for k, v in (body.get("user") or {}).items() if k != "phone_number"}
        return {"user": {**user, **({"phone_number": text} if text else {})}}
    return {field: [part.strip() for part in text.split(",") if part.strip()]}


def _one_line(exc: BaseException) -> str:
    """A failure in one line (a PlaidApiError reads "CODE: message")."""
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


class PaneChanged(Message):
    """The session put a (new or updated) pane on screen."""


class EventFired(Message):
    """The session emitted an onEvent."""

    def __init__(self, event: Any, index: int) -> None:
        super().__init__()
        self.event = event
        self.index = index  # its place in the session's events


class PageExit(Message):
    """A web app's `handler.exit()` (tuilink/ui/web_sdk.py): with `force`, close Link at once; else ask."""

    def __init__(self, force: bool) -> None:
        super().__init__()
        self.force = force


class PageSubmit(Message):
    """A web app's `handler.submit({phone_number})`: the phone number for Link's phone pane."""

    def __init__(self, phone_number: str | None) -> None:
        super().__init__()
        self.phone_number = phone_number


class LinkApp(App["LinkResult | None"]):
    CSS_PATH = "app.tcss"
    TITLE = "tuilink"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-roomy")]  # app.tcss: the card's width
    BINDINGS = [
        Binding("escape", "exit_link", "Exit", id="exit_link"),
        Binding("ctrl+q", "quit_link", "Quit", id="quit", priority=True),
        Binding("f1", "toggle_hints", "Hints", id="toggle_hints"),
        Binding("f2", "toggle_events", "Events", id="toggle_events"),
        Binding("ctrl+s", "screenshot", "Screenshot", show=False, id="screenshot"),
    ]

    def __init__(self, session: LinkSession | None = None, *, start: Callable[[], LinkSession] | None = None,
                 preview: dict[str, Any] | None = None, test_mode: bool = False, show_result: bool = False,
                 launcher: Launcher | None = None) -> None:
        """Run `session`, or the one `start()` creates after the consent pane (from `preview`, a
        /link/token/create body) has been painted.

        `show_result`: when Link calls back, show the result screen (copy the JSON, link another, quit)
        instead of closing. `launcher` opens the sessions after the first: "Link another" and the command
        palette's restarts (another configuration, another backend)."""
        super().__init__()
        self.stylesheet = SharedStylesheet(variables=self.get_css_variables())
        if (session is None) == (start is None):
            raise ValueError("give LinkApp a session or a start function")
        self.register_theme(TUILINK_THEME)
        if test_mode or not os.environ.get("TEXTUAL_THEME"):
            self.theme = TUILINK_THEME.name
        self.session: LinkSession = session  # type: ignore[assignment]
        self.test_mode = test_mode
        self.start_error: BaseException | None = None  # what `start()` raised (a bad body, a bad --state file)
        self.action_error: BaseException | None = None  # an unexpected failure of a session action
        self.first_paint: Callable[[], None] | None = None  # called once the first pane has been painted
        self.continue_when_open = False  # Continue was pressed on consent before the session had opened
        self.quit_when_open = False  # Ctrl+Q / Ctrl+C before the session had opened: leave once it has (onExit)
        self._start = start
        self.launcher = launcher
        self.show_result = show_result
        self.sessions: list[LinkSession] = []  # every session this app ran, in order (Link another adds one)
        self._preview = preview or {}
        self._shown_seq = -1
        self.show_hints = False  # F1: the Sandbox hints panel beside the card
        self.show_events = False  # F2: the live events panel
        if session is not None:
            self._attach_session(session)

    def _attach_session(self, session: LinkSession) -> None:
        self.session = session
        self.sessions.append(session)

        def pane_changed(pane: Pane) -> None:
            self.post_message(PaneChanged())

        def event_fired(event: LinkEvent) -> None:
            self.post_message(EventFired(event, len(session.events) - 1))

        def called_back(result: LinkResult) -> None:
            self.call_later(self._called_back, session, result)

        def redirected(url: str) -> None:  # Link left the page for the bank: this app's part is over
            self.call_later(self.exit, None)

        session.pane_listeners.append(pane_changed)
        session.event_listeners.append(event_fired)
        session.result_listeners.append(called_back)
        session.redirect_listeners.append(redirected)

    async def _called_back(self, session: LinkSession, result: LinkResult) -> None:
        if session is not self.session or self._exit:  # left for another session, or the app is closing
            return
        if not self.show_result:
            self.exit(result)
            return
        from .screens.result import ResultScreen

        await self.push_screen(ResultScreen(result, can_link_another=self.launcher is not None))

    async def link_another(self) -> None:
        """A new Link session with the same configuration, after the result screen."""
        await self.relaunch()

    async def relaunch(self, launcher: Launcher | None = None) -> bool:
        """Leave the session on screen (onExit, if it had not called back) and open a new one with `launcher`
        (default: the current one), which becomes the app's launcher. False, with a message, if it fails."""
        from .screens.result import ResultScreen

        launcher = launcher or self.launcher
        if launcher is None:
            return False
        try:
            session = await launcher.open()
        except Exception as exc:  # a server that went away, a body the sandbox refuses: say so, stay
            self.notify(self.t("palette.cannot_open", error=_one_line(exc)), severity="error", timeout=8)
            return False
        self.launcher = launcher
        previous = self.session
        self._attach_session(session)  # before leaving the old one: its callback is then ignored
        if previous is not None:
            previous.leave()
        from .screens.exit import ExitScreen

        while isinstance(self.screen, (ResultScreen, ExitScreen)):
            await self.pop_screen()
        self._shown_seq = -1
        self.continue_when_open = False
        self.act(session.open())
        return True

    async def on_unmount(self) -> None:
        """Closing: let the backend hear how each session ended (bounded by the session's flush timeout)."""
        for session in self.sessions:
            await session.flush()

    @property
    def client_name(self) -> str:
        if self.session is not None and self.session.config is not None:
            return self.session.client_name
        return display_client_name(str(self._preview.get("client_name", "")), self.language)

    @property
    def language(self) -> str:
        """The language Link speaks: the session's, or before it has opened the link token body's."""
        if self.session is not None and self.session.config is not None:
            return self.session.language
        language = self._preview.get("language")
        return language if isinstance(language, str) else ENGLISH

    def t(self, key: str, **params: Any) -> str:
        return text(key, self.language, **params)

    @property
    def products(self) -> list[str]:
        if self.session is not None and self.session.config is not None:
            return self.session.config.products
        return [str(p) for p in self._preview.get("products") or []]

    def on_mount(self) -> None:
        if self.test_mode:
            self.animation_level = "none"
        self._watch_terminal()
        if self.session is not None:
            self.act(self.session.open())
            return
        if self._preview:  # consent is the first screen; the session starts once it is on screen (pane_mounted)
            return
        else:
            self.call_after_refresh(self._start_session)

    def _watch_terminal(self) -> None:
        """Leave (onExit) when the terminal goes away: a closed window, a killed tmux session. Textual's input
        thread reads end-of-file from a hung-up terminal in a loop, so without this Link would stay, spinning a
        core, with nobody to see it (SIGHUP does not always reach it: under `make`, it did not). Once a second,
        the terminal is asked for its settings, which a hung-up one refuses."""
        if self.is_headless or self.is_web or not os.isatty(0):  # keys come from stdin (fd 0)
            return
        import termios

        def check() -> None:
            try:
                termios.tcgetattr(0)
            except (termios.error, OSError):
                watch.stop()
                self.action_quit_link()

        watch = self.set_interval(1.0, check)

    def get_default_screen(self) -> Screen:
        """The first screen: with a preview, the consent pane itself (painted before the session starts), so the
        first frame is Link's, not an empty screen that consent then replaces."""
        if self.session is None and self._preview:
            return screen_for(None, PlainPane(id=PaneId.CONSENT))
        return super().get_default_screen()

    def _start_session(self) -> None:
        """Start the session off the event loop: loading it (the flow, the backend, for the embedded one the
        Sandbox and its catalogue) is most of start-up, and done here it would hold up the first frame on its
        way to the terminal."""
        assert self._start is not None
        if self._exit:  # closed before the session started
            return
        run_async(self, self._start_in_thread, group="start", exclusive=True, exit_on_error=False)

    async def _start_in_thread(self) -> None:
        assert self._start is not None
        try:
            session = await asyncio.to_thread(self._start)
        except Exception as exc:  # reported by the caller (the CLI prints one line and exits 2)
            self.start_error = exc
            self.exit(None)
            return
        if self._exit:
            return
        self._attach_session(session)
        self.act(session.open())

    def pane_mounted(self, screen: PaneScreen) -> None:
        if self.test_mode:
            for field in screen.query(Input):
                field.cursor_blink = False
        if self.first_paint is not None:
            hook, self.first_paint = self.first_paint, None
            screen.call_after_refresh(hook)
        if self.session is None and screen.session is None:
            screen.call_after_refresh(self._start_session)

    # --- running the session's actions ----------------------------------------------------------------

    def act(self, action: Awaitable[Any] | Callable[[], Awaitable[Any]] | None, group: str = "flow") -> None:
        """Run one of the session's (async) actions in a worker; the pane listener renders its outcome.
        A new search supersedes the one still running (pass a callable there: a superseded search that never
        started then leaves no coroutine behind)."""
        if action is not None:
            start = action if callable(action) else partial(_ready, action)
            run_async(self, partial(self._guarded, start), group=group, exclusive=group == "search",
                      exit_on_error=False)

    async def _guarded(self, start: Callable[[], Awaitable[Any]]) -> None:
        try:
            await start()
        except FlowError as exc:
            self.notify(str(exc), severity="warning")
        except Exception as exc:  # a bug: keep the app alive, say so, and let scripted runs see it
            self.action_error = exc
            self.log.error(f"session action failed: {exc!r}")
            self.notify(self.t("palette.internal_error", error=repr(exc)), severity="error", timeout=10)

    # --- rendering ---------------------------------------------------------------------------------------

    @on(PaneChanged)
    async def _render_pane(self) -> None:
        pane = self.session.pane
        if pane.seq <= self._shown_seq or self.session.finished or not self.screen_stack:
            return
        self._shown_seq = pane.seq
        from .screens.exit import ExitScreen  # the dialog's module loads when a user first leaves

        if pane.id == PaneId.EXIT:
            await self.push_screen(ExitScreen(self.session, pane))
            return
        if isinstance(self.screen, ExitScreen):
            self.pop_screen()
        current = self.screen
        if isinstance(current, PaneScreen) and current.session is self.session and current.pane.id == pane.id \
                and current.pane.visit == pane.visit:
            current.update_pane(pane)
            return
        screen = screen_for(self.session, pane)
        if isinstance(current, PaneScreen) and len(self.screen_stack) > 1:
            await self.switch_screen(screen)
        else:  # the first screen (the consent pane painted before the session) stays at the bottom of the stack
            await self.push_screen(screen)
        if self.quit_when_open and pane.id == PaneId.CONSENT:
            self.action_quit_link()
            return
        if self.continue_when_open and pane.id == PaneId.CONSENT:
            self.continue_when_open = False
            self.act(self.session.continue_())

    @on(EventFired)
    def _event_fired(self, message: EventFired) -> None:
        if self.show_events:
            for screen in self.screen_stack:
                if isinstance(screen, PaneScreen):
                    screen.event_fired(message.event, message.index)

    # --- the command palette (Ctrl+P) ------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own (theme, keys, screenshot, quit), the panels, and restarting Link differently."""
        yield from super().get_system_commands(screen)
        t = self.t
        yield SystemCommand(t("palette.hints"), t("palette.hints_help"), self.action_toggle_hints)
        yield SystemCommand(t("palette.events"), t("palette.events_help"), self.action_toggle_events)
        if self.launcher is None:
            return
        yield SystemCommand(t("palette.restart"), t("palette.restart_help"),
                            partial(run_async, self, self.relaunch, group="relaunch"))
        for field in _RESTART_FIELDS:
            key = f"palette.restart.{field}"
            explanation = t(f"{key}_help")
            yield SystemCommand(t(key), explanation,
                                partial(self._ask_and_restart, field, t(f"{key}_question"), explanation))
        yield SystemCommand(t("palette.backend"), t("palette.backend_help", backend=self.launcher.backend_name),
                            self._ask_backend)

    def _ask_and_restart(self, field: str, question: str, explanation: str) -> None:
        assert self.launcher is not None
        from .screens.prompt import PromptScreen
        current = _field_text(self.launcher.body, field)

        async def answered(value: str | None) -> None:
            if value is None or self.launcher is None:
                return
            await self.relaunch(self.launcher.changed(**_field_value(self.launcher.body, field, value)))

        self.push_screen(PromptScreen(question, explanation, current), answered)

    def _ask_backend(self) -> None:
        assert self.launcher is not None
        from ..launch import DEFAULT_SERVER, Remote
        from .screens.prompt import PromptScreen

        async def answered(value: str | None) -> None:
            if value is None or self.launcher is None:
                return
            if value.lower() in ("", "embedded"):
                server = None
            elif value.startswith(("http://", "https://")):
                server = value.rstrip("/")
            else:
                self.notify(self.t("palette.not_a_backend", value=repr(value), url=DEFAULT_SERVER),
                            severity="error", timeout=8)
                return
            if await self.relaunch(self.launcher.on_backend(server)):
                self.notify(self.t("palette.backend_now", backend=self.launcher.backend_name), timeout=4)

        self.push_screen(PromptScreen(self.t("palette.backend_question"),
                                      self.t("palette.backend_explanation", url=DEFAULT_SERVER),
                                      self.launcher.backend.url if isinstance(self.launcher.backend, Remote)
                                      else "embedded"), answered)

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None,
                           time_format: str | None = None) -> str | None:
        """Ctrl+S and the palette's Screenshot: into the Downloads folder, or the current directory where
        there is none (a server, a container), rather than failing."""
        if path is None and not self.is_web:
            from platformdirs import user_downloads_path

            downloads = user_downloads_path()
            path = str(downloads) if downloads.is_dir() else os.getcwd()
        return super().deliver_screenshot(filename, path, time_format)

    # --- app-wide actions -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("exit_link", "toggle_hints", "toggle_events") and getattr(self.screen, "pane_id", "") == "RESULT":
            return False  # Link is over: nothing to exit, no pane to hint
        return True

    def _pane_screen(self) -> PaneScreen | None:
        """The pane under any dialog."""
        return next((s for s in reversed(self.screen_stack) if isinstance(s, PaneScreen)), None)

    async def action_toggle_hints(self) -> None:
        self.show_hints = not self.show_hints
        await self._panels_changed("#hint-list" if self.show_hints else None)

    async def action_toggle_events(self) -> None:
        self.show_events = not self.show_events
        await self._panels_changed("#event-list" if self.show_events else None)

    async def _panels_changed(self, focus: str | None) -> None:
        screen = self._pane_screen()
        if screen is None or screen.session is None:
            return
        await screen.show_panels()
        if focus is not None and screen is self.screen:
            screen.query_one(focus).focus()
        elif screen is self.screen and (self.focused is None or not self.focused.is_attached):
            first = screen.initial_focus()
            if first is not None:
                first.focus()

    def action_exit_link(self) -> None:
        if self.session is not None:
            self.session.exit()

    def on_page_exit(self, message: PageExit) -> None:
        """`handler.exit({force: true})` closes Link as Ctrl+Q does; `handler.exit()` shows the EXIT pane, as
        Esc does (closing Link is never refused)."""
        if message.force or self.session is None or self.session.finished:
            self.action_quit_link()
        else:
            self.action_exit_link()

    def on_page_submit(self, message: PageSubmit) -> None:
        """`handler.submit({phone_number})` on the phone pane submits that number, as typing it would."""
        session = self.session
        if session is not None and message.phone_number and session.pane.id == PaneId.SUBMIT_PHONE:
            self.act(session.submit_phone(message.phone_number))

    def action_quit_link(self) -> None:
        """Ctrl+Q: close at once (no result screen), reporting onExit with the status of the pane on screen. Before
        the session has opened (the consent pane is painted first), Link closes as soon as it has, so the onExit a
        user expects is still reported."""
        if self.session is None and self._start is not None and self.start_error is None and not self._exit:
            self.quit_when_open = True
            return
        if self.session is not None:
            self.session.leave()
        self.exit(self.session.result if self.session else None)

    def action_help_quit(self) -> None:
        """Ctrl+C with no text selected (a selection is copied first): leave as Ctrl+Q does. Textual's own
        answer names the key bound to its `quit` action, which this app does not use, so it said nothing."""
        self.action_quit_link()
