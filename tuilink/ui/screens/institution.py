"""SELECT_INSTITUTION: live search, ⚡ saved institutions first, health badges."""
from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.timer import Timer
from textual.visual import RenderOptions, Visual
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList
from textual.widgets.option_list import Option

from ...copy import text as text_for
from ...flow.panes import SearchPane
from ...flow.state import PaneId
from .base import PaneScreen, Step, StepDriver, StepError, TextField, secondary, text, title

SETTLE_SECONDS = 0.6  # a query that stops changing this long is "settled" (one SEARCH_INSTITUTION)

if TYPE_CHECKING:
    from ...plaid.link_api import InstitutionSummary


NAME_WIDTH = 34


class ResultRow(Visual):
    """A result row whose matched text (the spans the backend's search gave) is emphasised when it is drawn: only
    the rows on screen pay for it."""

    def __init__(self, label: Text, spans: list[tuple[int, int]], offset: int, shown: int) -> None:
        self.plain = Content.from_rich_text(label)
        self.spans, self.offset, self.shown = spans, offset, shown
        self._highlighted: Content | None = None

    def highlighted(self) -> Content:
        if self._highlighted is None:
            content = self.plain
            for start, end in self.spans:
                end = min(end, self.shown)  # a long name is cut: what was matched past the cut is not shown
                if start < end:
                    content = content.stylize("bold underline", self.offset + start, self.offset + end)
            self._highlighted = content
        return self._highlighted

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self.highlighted().render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.plain.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.plain.get_height(rules, width)


def institution_option(inst: InstitutionSummary, language: str) -> Option:
    """One result row: ⚡ for a saved institution, the name (what the query matched in bold), a badge for health
    or support."""
    label = Text(no_wrap=True, overflow="ellipsis")
    label.append("⚡ " if inst.saved else "   ", style="bold")
    offset = len(label)
    name = inst.name if len(inst.name) <= NAME_WIDTH else inst.name[: NAME_WIDTH - 1] + "…"
    label.append(f"{name:<{NAME_WIDTH}}")
    badge, style = _badge(inst)
    if badge:
        label.append(f" {text_for(f'institution.badge.{badge}', language)}", style=style)
    return Option(ResultRow(label, inst.spans, offset, len(name.removesuffix("…"))), id=inst.institution_id)


def _badge(inst: InstitutionSummary) -> tuple[str | None, str]:
    """The badge a result row carries (its catalogue key's last part) and its style."""
    if not inst.supports_session or not inst.supported:
        return "unsupported", "dim"
    if inst.health == "DOWN":
        return "down", "bold red"
    if inst.health == "DEGRADED":
        return "slow", "bold yellow"
    if inst.saved:
        return "saved", "dim"
    if inst.matched:
        return "matched", "dim"
    return None, ""


class SelectInstitutionScreen(PaneScreen[SearchPane]):
    pane_id = PaneId.SELECT_INSTITUTION
    FIELDS = {"search": "search"}
    ACTIONS = {"link_with_account_numbers": "manual-entry"}
    SUBMIT = None  # a result is picked, nothing is submitted
    BINDINGS = [Binding("down", "focus_results", "Results", show=False)]
    _settle: Timer | None = None

    def compose_body(self) -> Iterable[Widget]:
        yield title(self.t("institution.title"))
        yield TextField(value=self.pane.query, placeholder=self.t("institution.search"), id="search", max_length=256)
        yield self.notice()
        yield OptionList(*[institution_option(i, self.language) for i in self.pane.results],
                         id="results")
        yield text(self.t("institution.no_results"), "empty")
        if self.live.config is not None and self.live.config.manual_entry:
            yield secondary(self.t("institution.manual_entry"), "manual-entry")

    def on_mount(self) -> None:
        super().on_mount()
        self._show_empty()

    def _show_empty(self) -> None:
        for empty in self.query(".empty"):  # none while the app is closing
            empty.display = bool(self.pane.query.strip()) and not self.pane.results

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        self.link_app.act(partial(self.live.search, event.value), group="search")
        if self._settle is not None:
            self._settle.stop()
        self._settle = self.set_timer(SETTLE_SECONDS, self.live.settle_search)

    @on(Button.Pressed, "#manual-entry")
    def _manual(self) -> None:
        self.live.link_with_account_numbers()

    @on(Input.Submitted, "#search")
    def _enter(self) -> None:
        if self.pane.results:
            self._select(self.pane.results[0].institution_id)

    @on(OptionList.OptionSelected, "#results")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self._select(event.option.id)

    def _select(self, institution_id: str) -> None:
        if self._settle is not None:
            self._settle.stop()
        self.act(self.live.select_institution(institution_id))

    async def apply_step(self, driver: StepDriver, step: Step) -> None:
        """`search` types a query and waits for its results; `select` picks an institution among them. A search
        alone settles (SEARCH_INSTITUTION) and the pane stays."""
        if "action" in step or not ({"search", "select"} & set(step)):
            if "action" not in step:
                raise StepError("a SELECT_INSTITUTION step needs `search`, `select` or an action")
            await super().apply_step(driver, step)
            return
        if "search" in step:
            await driver.search("#search", str(step["search"]))
        if "select" not in step:
            self.live.settle_search()
            return
        await driver.choose_option("#results", str(step["select"]))

    def action_focus_results(self) -> None:
        results = self.query_one("#results", OptionList)
        if results.option_count:
            results.focus()
            results.highlighted = results.highlighted or 0

    def update_pane(self, pane: SearchPane) -> None:
        changed = pane.query != self.pane.query or pane.results != self.pane.results
        super().update_pane(pane)
        if changed:
            results = self.query_one("#results", OptionList)
            results.clear_options()
            results.add_options([institution_option(i, self.language) for i in pane.results])
        self._show_empty()
