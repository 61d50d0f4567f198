"""The frame every pane shares: a centred card with a header (← · client ⟷ Plaid · ×), a body, the footer."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Click
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from ...copy import text as copy_text
from ...flow.state import BasePane
from ..textual_internals import OneLayoutScreen, RoomyPaste
from ..widgets.key_hints import KeyHints

if TYPE_CHECKING:
    from ...flow.session import LinkSession
    from ...plaid.link_api import Hint
    from ...plaid.models import LinkEvent
    from ..app import LinkApp


class HeaderAction(Static):
    """A clickable glyph in the card header (← or ×)."""

    def __init__(self, glyph: str, action: str, **kwargs: Any) -> None:
        super().__init__(glyph, **kwargs)
        self.action_name = action

    async def on_click(self, event: Click) -> None:
        event.stop()
        await self.screen.run_action(self.action_name)


class CardHeader(Horizontal):
    def __init__(self, title: str, back: bool) -> None:
        super().__init__(id="card-header")
        self.title_text = title
        self.back = back

    def compose(self) -> ComposeResult:
        if self.back:
            yield HeaderAction("←", "back", id="header-back")
        yield Static(self.title_text, id="card-title", markup=False)
        yield HeaderAction("×", "app.exit_link", id="header-close")


def money(value: float | None) -> str:
    return "" if value is None else f"${value:,.2f}"


class Worded:
    """A screen that speaks the session's language: `t(key, **params)` is its text from the catalogue."""

    @property
    def language(self) -> str:
        return str(getattr(self.app, "language", "en"))  # type: ignore[attr-defined]

    def t(self, key: str, **params: Any) -> str:
        return copy_text(key, self.language, **params)


Step = dict[str, Any]  # a scenario script's step table (a hint's fill is one too)
PaneT = TypeVar("PaneT", bound=BasePane)


class StepError(Exception):
    """A step the pane on screen cannot carry out, in the script writer's terms."""


class StepDriver(Protocol):
    """How a scenario step reaches a pane: the keys and clicks a user would make (scripts.runner.Driver)."""

    async def type(self, selector: str, text: str) -> None: ...
    async def press(self, selector: str) -> None: ...
    async def key(self, key: str) -> None: ...
    async def choose_option(self, selector: str, option_id: str) -> None: ...
    async def choose_radio(self, selector: str, label: str, labels: list[str]) -> None: ...
    async def search(self, selector: str, query: str) -> None:
        """Type a search query and wait until Link shows its results."""


class Steps:
    """How a scenario step (or a hint) applies to a view: the view declares its fields, its buttons and its
    choices, and `apply_step` types, chooses and presses them as a user would.

    - `FIELDS`: step key → the id of the text field it types into, in the order a user fills them;
    - `TYPE_ALL`: a step types every field (what it leaves out is typed empty), else only the keys it gives;
    - `ACTIONS`: step `action` → the id of the button it presses;
    - `SUBMIT`: the button pressed last (None: the pane has nothing to submit, a step needs an action).
    Views with more to it (lists, choices, search) override `step_text`, `step_choices` or `apply_step`."""

    FIELDS: ClassVar[dict[str, str]] = {}
    TYPE_ALL: ClassVar[bool] = True
    ACTIONS: ClassVar[dict[str, str]] = {}
    SUBMIT: ClassVar[str | None] = "continue"
    pane_id: ClassVar[str] = ""

    def step_text(self, step: Step, *, every: bool = False) -> list[tuple[str, str]]:
        """(field id, text) for each field the step types (`every`: also the ones it leaves empty)."""
        return [(wid, str(step.get(key, ""))) for key, wid in self.FIELDS.items() if every or key in step]

    def step_choices(self, step: Step) -> list[tuple[str, str, list[str]]]:
        """(radio set id, the label to choose, every label) for each choice the step makes."""
        return []

    async def apply_step(self, driver: StepDriver, step: Step) -> None:
        """Carry out one scenario step on this pane: an action's button, or its fields, choices and submit."""
        action = step.get("action")
        if action in self.ACTIONS:
            await driver.press(f"#{self.ACTIONS[action]}")
            return
        if action == "exit":
            await driver.key("escape")
            return
        if action == "back":
            if not self.can_step_back():
                raise StepError(f"there is no way back from {self.pane_id}")
            await driver.key("ctrl+b")
            return
        if action not in (None, "continue", *self.FILL_ACTIONS) or self.SUBMIT is None:
            offered = sorted({*self.ACTIONS, "exit", "back"} | ({"continue"} if self.SUBMIT else set()))
            raise StepError(f"action {action!r} is not offered on {self.pane_id} (offered: {', '.join(offered)})")
        for field_id, value in self.step_text(step, every=self.TYPE_ALL):
            await driver.type(f"#{field_id}", value)
        for radios_id, label, labels in self.step_choices(step):
            await driver.choose_radio(f"#{radios_id}", label, labels)
        await driver.press(f"#{self.SUBMIT}")

    FILL_ACTIONS: ClassVar[tuple[str, ...]] = ()  # actions that fill the pane and submit it (RECAPTCHA's solve)

    def can_step_back(self) -> bool:
        return False

    def fill(self, step: Step) -> None:
        """Fill a hint's values into this pane's fields and choices (nothing is submitted)."""
        if not step:
            return
        for field_id, value in self.step_text(step):
            for widget in self.query(f"#{field_id}").results(Input):  # type: ignore[attr-defined]
                widget.value = value
                widget.cursor_position = len(value)
        from textual.widgets import RadioButton, RadioSet  # loaded by the first pane with choices, not at start-up

        for radios_id, label, _ in self.step_choices(step):
            for radios in self.query(f"#{radios_id}").results(RadioSet):  # type: ignore[attr-defined]
                for button in radios.query(RadioButton):
                    if str(button.label) == label:
                        button.value = True


class PaneScreen(Worded, Steps, OneLayoutScreen, Generic[PaneT]):
    """One Link pane. Subclasses set `pane_id` and write `compose_body`; `update_pane` re-renders in place."""

    ready = False  # set once mounted: scripted runs wait for it
    AUTO_FOCUS = None  # each pane focuses its own first field or primary action
    BINDINGS = [Binding("ctrl+b", "back", "Back", id="back")]

    def __init__(self, session: LinkSession | None, pane: PaneT) -> None:
        """`session` is None only for the consent pane painted while the session is still starting."""
        super().__init__(classes=f"pane pane-{pane.id.lower().replace('_', '-')}")
        self.session = session
        self.pane = pane

    @property
    def live(self) -> LinkSession:
        """The session, for the panes that only exist once it has started (every pane but the consent pane
        painted before it; that pane checks `session` for None itself)."""
        if self.session is None:
            raise RuntimeError(f"the {self.pane.id} pane needs the Link session, which has not started yet")
        return self.session

    @property
    def link_app(self) -> LinkApp:
        return self.app  # type: ignore[return-value]

    @property
    def language(self) -> str:
        """The session's language; before the session has opened, the link token body's."""
        return self.session.language if self.session is not None else self.link_app.language

    def institution_name(self) -> str:
        """The institution the pane is about, for "your … account" sentences ("bank" without one)."""
        inst = self.pane.institution
        return inst.name if inst is not None else self.t("common.bank")

    def header_title(self) -> str:
        if self.pane.institution is not None:
            return self.pane.institution.name
        return self.t("header.title", client=self.link_app.client_name)

    def compose(self) -> ComposeResult:
        side = self._side_panels()
        if side is not None:
            yield side
        # The card scrolls when the terminal is too small for it (the header stays: it is docked), so a control
        # focused with Tab is always scrolled into view.
        with VerticalScroll(id="card", can_focus=False):
            yield CardHeader(self.header_title(), back=self.session is not None and self.session.can_go_back())
            with Vertical(id="body"):
                yield from self.compose_body()
        yield KeyHints()

    # --- side panels (F1 hints, F2 events) ----------------------------------------------------------------

    def _side_panels(self) -> Vertical | None:
        """The side column with the panels the app shows (None: no panel is shown, nothing is mounted)."""
        app = self.link_app
        if self.session is None or not (app.show_hints or app.show_events):
            return None
        from ..widgets.panels import EventsPanel, HintsPanel  # loaded when a panel is first shown

        panels: list[Widget] = []
        if app.show_hints:
            panels.append(HintsPanel(self.session.known_hints(), language=self.language))
        if app.show_events:
            panels.append(EventsPanel(self.session.events, language=self.language))
        return Vertical(*panels, id="side")

    async def show_panels(self) -> None:
        """Mount or remove the side panels after the app's toggles changed."""
        await self.query("#side").remove()
        side = self._side_panels()
        if side is not None:
            await self.mount(side, before=self.query_one("#card"))
        if self.session is not None and self.query("#hints-panel"):
            await self._fetch_hints()  # F1 shows the pane's hints, not an empty panel that fills in later

    def load_hints(self) -> None:
        """Ask the backend for the hints of the pane on screen, if the hints panel shows (a newer request
        replaces one still waiting)."""
        if self.session is not None and self.query("#hints-panel"):
            from ..app import run_async

            run_async(self, self._fetch_hints, group="hints", exclusive=True, exit_on_error=False)

    async def _fetch_hints(self) -> None:
        found = await self.live.load_hints()
        for panel in self.query("#hints-panel"):
            panel.show(found)  # type: ignore[attr-defined]

    def event_fired(self, event: LinkEvent, index: int) -> None:
        for panel in self.query("#events-panel"):
            panel.add(event, index)  # type: ignore[attr-defined]

    def apply_hint(self, hint: Hint) -> None:
        """Fill a hint's values into this pane's fields and choices (`fill`: a hint is a scenario step), then
        focus the pane's primary action, so Enter submits."""
        if not hint.fill:
            self.notify(hint.effect, title=hint.label, timeout=4)
            return
        self.fill(hint.fill)
        target = next(iter(self.query(".primary")), None)
        if target is None or not target.focusable:
            target = next(iter(self.query(Input)), None)
        if target is not None:
            target.focus()

    def compose_body(self) -> Iterable[Widget]:
        return ()

    def notice(self, field: str | None = None) -> Static:
        """The pane's inline message. With `field` (a step key), the place for a message about that field, under
        it: the field's hint (`#hint-FIELD`), if it has one, gives way to it."""
        widget = Static(self.pane.notice or "", id="notice" if field is None else f"notice-{field}",
                        classes="notice", markup=False)
        widget.display = False  # placed by _place_notice once the pane is mounted
        return widget

    def _place_notice(self) -> None:
        """Show the message under its field when the pane has a place for it there, else as the pane's."""
        pane = self.pane
        field = pane.notice_field if pane.notice_field and self.query(f"#notice-{pane.notice_field}") else None
        for widget in self.query(".notice").results(Static):
            here = widget.id == ("notice" if field is None else f"notice-{field}")
            widget.update(pane.notice or "")
            widget.display = here and bool(pane.notice)
        for hint in self.query("._field-hint"):
            hint.display = hint.id != f"hint-{field}"

    def on_mount(self) -> None:
        self._place_notice()
        self.fill(self.typed_before())
        self.ready = self.session is not None
        self.load_hints()
        self.link_app.pane_mounted(self)
        first = self.initial_focus()
        if first is not None:
            first.focus()

    def typed_before(self) -> Step:
        """What the user typed on this pane before, shown again (never secrets), as a step."""
        return {}

    def can_step_back(self) -> bool:
        return self.session is not None and self.session.can_go_back()

    def initial_focus(self) -> Widget | None:
        """The widget a pane starts with: its first field, else its primary action."""
        return next(iter(self.query(Input)), None) or next(iter(self.query(".primary")), None)

    def warning(self) -> Static:
        message = getattr(self.pane, "warning", None)
        widget = Static(message or "", id="warning", classes="warning", markup=False)
        widget.display = bool(message)
        return widget

    def update_pane(self, pane: PaneT) -> None:
        self.pane = pane
        self.load_hints()
        self._place_notice()
        for widget in self.query("#warning").results(Static):
            warning = getattr(pane, "warning", None)
            widget.update(warning or "")
            widget.display = bool(warning)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.session is not None and self.session.can_go_back()
        return True

    def next_field_or(self, field: Input, submit: Callable[[], None]) -> None:
        """Enter in a form: focus the next field, or submit after the last one."""
        fields = list(self.query(Input))
        index = fields.index(field)
        if index + 1 < len(fields):
            fields[index + 1].focus()
        else:
            submit()

    def act(self, action: Awaitable[Any] | None) -> None:
        self.link_app.act(action)

    def action_back(self) -> None:
        if self.session is not None and self.session.can_go_back():
            self.act(self.session.back())


class TextField(RoomyPaste):
    """A text field (a paste longer than its room keeps its start)."""


def primary(label: str, id: str = "continue") -> Button:
    return Button(label, variant="primary", id=id, classes="primary")


def secondary(label: str, id: str) -> Button:
    return Button(label, id=id, classes="secondary", flat=True)


def labelled_input(label: str, *, id: str, password: bool = False, placeholder: str = "") -> Input:
    """A field whose label sits on its top border (three rows, like a form field with a caption)."""
    field = TextField(placeholder=placeholder, id=id, password=password, max_length=1024, classes="labelled")
    field.border_title = label
    return field


def title(text: str, centered: bool = False) -> Static:
    """A pane's heading (centred under a centred mark: a check, an error sign)."""
    return Static(text, classes="title centered-title" if centered else "title", markup=False)


def text(body: str, classes: str = "text") -> Static:
    return Static(body, classes=classes, markup=False)


CHECK_MARK = "╭───╮\n│ ✓ │\n╰───╯"


class ConfirmationScreen(PaneScreen[PaneT]):
    """A pane that confirms something happened: a check mark, a heading, a message, one button that goes on."""

    button_key = "common.continue"  # the catalogue key of the button's label

    def heading(self) -> str:
        raise NotImplementedError

    def message(self) -> str:
        raise NotImplementedError

    def compose_body(self) -> Iterable[Widget]:
        yield text(CHECK_MARK, "check")
        yield title(self.heading(), centered=True)
        yield text(self.message(), "centered")
        yield primary(self.t(self.button_key))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "continue":
            self.act(self.live.continue_())


class ChoiceScreen(PaneScreen[PaneT]):
    """A pane that asks one multiple-choice question: radio buttons, one preselected, and Continue."""

    choice_id = ""  # the RadioSet's id
    STEP_KEY: ClassVar[str] = ""  # the step key that names the value to choose
    STEP_REQUIRED: ClassVar[bool] = False  # a step must name it (else: the first, preselected)

    def heading(self) -> str:
        raise NotImplementedError

    def choices(self) -> list[tuple[str, str]]:
        """(value, label) pairs, the first preselected."""
        raise NotImplementedError

    def intro(self) -> str | None:
        return None

    def footnote(self) -> str | None:
        return None

    def choose(self, value: str) -> None:
        """Tell the session what was chosen."""
        raise NotImplementedError

    def values(self) -> list[str]:
        return [value for value, _ in self.choices()]

    def step_choices(self, step: Step) -> list[tuple[str, str, list[str]]]:
        values = self.values()
        if self.STEP_KEY not in step and not self.STEP_REQUIRED:
            return []  # the first is preselected
        value = str(step.get(self.STEP_KEY, ""))
        if value not in values:
            raise StepError(f"a {self.pane_id} step needs `{self.STEP_KEY}` = one of {', '.join(values)}")
        return [(self.choice_id, value, values)]

    def compose_body(self) -> Iterable[Widget]:
        yield title(self.heading())
        if self.intro():
            yield text(self.intro() or "")
        from textual.widgets import RadioSet  # loaded by the first pane with choices, not at start-up

        from ..widgets.choices import Radio

        with RadioSet(id=self.choice_id):
            for i, (value, label) in enumerate(self.choices()):
                yield Radio(label, value=i == 0, id=f"{self.choice_id}-{value}")
        if self.footnote():
            yield text(self.footnote() or "")
        yield self.notice()
        yield primary(self.t("common.continue"))

    def initial_focus(self) -> Widget:
        return self.query_one(f"#{self.choice_id}")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "continue":
            from textual.widgets import RadioSet

            index = self.query_one(f"#{self.choice_id}", RadioSet).pressed_index
            self.choose(self.values()[max(index, 0)])
