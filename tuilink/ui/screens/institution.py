"""SELECT_INSTITUTION: live search, ⚡ saved institutions first, health badges."""
from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

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


class ResultRow(Visual):
    """A result row: ⚡ (or room for it), the name, and a badge at the right. It is laid out for the width it is
    drawn at, so a name is cut ("…") only when the row has no room for it, and the matched text (the spans the
    backend's search gave) is emphasised: only the rows on screen pay for it."""

    def __init__(self, prefix: str, name: str, spans: list[tuple[int, int]], badge: str, badge_style: str) -> None:
        self.prefix, self.name, self.spans = prefix, name, spans
        self.badge, self.badge_style = badge, badge_style
        self._drawn: tuple[int, Content] | None = None  # (width, content) last drawn

    def content(self, width: int) -> Content:
        if self._drawn is not None and self._drawn[0] == width:
            return self._drawn[1]
        badge = f" {self.badge}" if self.badge else ""
        room = max(width - len(self.prefix) - len(badge), 1)
        name = self.name if len(self.name) <= room else self.name[: room - 1] + "…"
        shown = len(self.name) if name == self.name else room - 1  # the characters of the name on screen
        content = Content.assemble((self.prefix, "bold"), name.ljust(room), (badge, self.badge_style))
        for start, end in self.spans:
            end = min(end, shown)  # a name cut short: what was matched past the cut is not shown
            if start < end:
                content = content.stylize("bold underline", len(self.prefix) + start, len(self.prefix) + end)
        self._drawn = (width, content)
        return content

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self.content(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return len(self.prefix) + len(self.name) + (len(self.badge) + 1 if self.badge else 0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1


def institution_option(inst: InstitutionSummary, language: str) -> Option:
    """One result row: ⚡ for a saved institution, the name (what the query matched in bold), a badge for health
    or support."""
    badge, style = _badge(inst)
    label = text_for(f"institution.badge.{badge}", language) if badge else ""
    return Option(ResultRow("⚡ " if inst.saved else "   ", inst.name, inst.spans, label, style),
                  id=inst.institution_id)


def _badge(inst: InstitutionSummary) -> tuple[str | None, str]:
    """The badge a result row carries (its catalogue key's last part) and its style."""
    if not inst.supports_session or not inst.supported:
        return "unsupported", "dim"
    if inst.health == "DOWN":
        return "down", "bold $error"
    if inst.health == "DEGRADED":
        return "slow", "bold $warning"
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
        """"No results" when a query found nothing; the results list only when it has results (an empty list is
        no Tab stop)."""
        for empty in self.query(".empty"):  # none while the app is closing
            empty.display = bool(self.pane.query.strip()) and not self.pane.results
        for results in self.query("#results"):
            results.display = bool(self.pane.results)

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
