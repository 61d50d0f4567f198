"""The side panels beside the Link card: Sandbox hints (F1) and live events (F2).

They are mounted only while shown (a pane switch pays nothing for a hidden panel) and rebuilt from the
session on every pane, so they always describe the pane on screen and the events so far.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from rich.json import JSON
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...copy import ENGLISH, text

if TYPE_CHECKING:
    from ...plaid.link_api import Hint
    from ...plaid.models import LinkEvent


class SidePanel(Vertical):
    DEFAULT_CSS = """
    SidePanel {
        height: 1fr;
        background: $surface;
        border: round $secondary;
        border-title-color: $foreground;
        border-title-style: bold;
        border-subtitle-color: $foreground-muted;
        padding: 0 0;
    }
    SidePanel:focus-within {
        border: round $accent;
    }
    SidePanel OptionList, SidePanel OptionList:focus {
        height: 1fr;
        border: none;
        background: $surface;
        padding: 0;
    }
    SidePanel .panel-empty {
        color: $foreground-muted;
        padding: 0 1;
    }
    """


class HintsPanel(SidePanel):
    """The Sandbox's magic values for the pane on screen; Enter (or 1–9) fills one into the pane."""

    BINDINGS = [Binding(str(n), f"fill({n - 1})", show=False) for n in range(1, 10)]

    def __init__(self, hints: list[Hint] | None, language: str = ENGLISH, **kwargs: Any) -> None:
        """`hints`: None while they are being asked of the backend (the panel then says nothing yet)."""
        super().__init__(id="hints-panel", **kwargs)
        self.loaded = hints is not None
        self.hints = hints or []
        self.language = language
        self.border_title = text("panel.hints", language)
        self.border_subtitle = text("panel.hints_keys", language)

    def compose(self) -> ComposeResult:
        yield OptionList(*self._options(), id="hint-list")
        empty = Static(text("panel.hints_empty", self.language), classes="panel-empty", markup=False)
        empty.display = self.loaded and not self.hints
        yield empty

    def _options(self) -> list[Option]:
        options = []
        for n, hint in enumerate(self.hints, 1):
            prompt = Table.grid()  # the key in its own column: wrapped lines keep their indent
            prompt.add_column(width=2, no_wrap=True)
            prompt.add_column(ratio=1)
            body = Text()
            body.append(hint.label, style="bold")
            body.append(f"\n{hint.effect}", style="dim")
            prompt.add_row(Text(str(n) if n < 10 else "", style="bold"), body)
            options.append(Option(prompt, id=f"hint-{n - 1}"))
        return options

    def show(self, hints: list[Hint]) -> None:
        """The hints the backend gave for the pane (first load, or an update: a new MFA round, a challenge)."""
        if self.loaded and hints == self.hints:
            return
        first = not self.loaded
        self.loaded = True
        self.hints = hints
        listing = self.query_one("#hint-list", OptionList)
        listing.clear_options()
        listing.add_options(self._options())
        if first and hints:
            listing.action_first()  # as a list made with its options: the first one highlighted
        self.query_one(".panel-empty").display = not hints

    @on(OptionList.OptionSelected, "#hint-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_fill(event.option_index)

    def action_fill(self, index: int) -> None:
        if 0 <= index < len(self.hints):
            self.screen.apply_hint(self.hints[index])  # type: ignore[attr-defined]


def event_dict(event: LinkEvent) -> dict[str, Any]:
    """The event as `--events` writes it."""
    return event.model_dump(mode="json")


class EventsPanel(SidePanel):
    """Every onEvent so far, newest last; the highlighted one's JSON below the list."""

    DEFAULT_CSS = """
    EventsPanel #event-list {
        height: 1fr;
        min-height: 3;
    }
    EventsPanel #event-detail {
        height: 2fr;
        border-top: solid $secondary 50%;
        scrollbar-size-vertical: 1;
        scrollbar-size-horizontal: 1;
    }
    EventsPanel #event-json {
        width: auto;
    }
    """

    def __init__(self, events: list[LinkEvent], language: str = ENGLISH, **kwargs: Any) -> None:
        super().__init__(id="events-panel", **kwargs)
        self.events = list(events)
        self.language = language
        self.border_title = text("panel.events", language)
        self._follow = True  # the newest event stays highlighted until the user picks another
        self.detail = ""  # the highlighted event's JSON, as `--events` writes it (indented)

    def compose(self) -> ComposeResult:
        yield OptionList(*[self._option(e, n) for n, e in enumerate(self.events)], id="event-list")
        with ScrollableContainer(id="event-detail"):  # the JSON's long lines scroll, whole
            yield Static("", id="event-json")

    def on_mount(self) -> None:
        self._subtitle()
        if self.events:
            self.query_one("#event-list", OptionList).highlighted = len(self.events) - 1

    @staticmethod
    def _option(event: LinkEvent, n: int) -> Option:
        label = Text(f"{n + 1:>2} ", style="dim")
        label.append(event.event_name + " ", style="bold")
        if event.metadata.view_name:
            label.append(f"{event.metadata.view_name} ")
        if event.metadata.error_code:
            label.append(event.metadata.error_code, style="red")
        return Option(label, id=f"event-{n}")

    def _subtitle(self) -> None:
        self.border_subtitle = text("panel.events_count", self.language, count=len(self.events))

    def add(self, event: LinkEvent, index: int) -> None:
        """The session's `index`-th event (ignored when the panel, built after it fired, already lists it)."""
        if index != len(self.events):
            return
        listing = self.query_one("#event-list", OptionList)
        following = self._follow or listing.highlighted is None
        self.events.append(event)
        listing.add_option(self._option(event, len(self.events) - 1))
        self._subtitle()
        if following:
            listing.highlighted = len(self.events) - 1
            self._follow = True

    @on(OptionList.OptionHighlighted, "#event-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        index = event.option_index
        self._follow = index == len(self.events) - 1
        self.detail = json.dumps(event_dict(self.events[index]), indent=2)
        self.query_one("#event-json", Static).update(JSON(self.detail))

    @on(OptionList.OptionSelected, "#event-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
