"""LOADING, CONNECTED and ERROR."""
from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import RenderResult
from textual.widget import Widget
from textual.widgets import Button, LoadingIndicator

from ...flow.panes import ErrorPane
from ...flow.state import PaneId, PlainPane
from .base import CHECK_MARK, ConfirmationScreen, PaneScreen, primary, secondary, text, title

# The ERROR pane's primary button for what Link does next (catalogue keys; anything else: Try again).
NEXT_LABELS = {
    "retry_credentials": "common.try_again",
    "retry_mfa": "common.try_again",
    "select_institution": "error.select_another",
    "exit": "common.exit",
}


class Spinner(LoadingIndicator):
    """Textual's loading indicator; without animations (TEXTUAL_ANIMATIONS=none, as in CI) still dots, not its
    English "Loading..." beside Link's own words."""

    def render(self) -> RenderResult:
        if self.app.animation_level == "none":
            return Text("● ● ● ● ●", style=self.rich_style)
        return super().render()


class LoadingScreen(PaneScreen[PlainPane]):
    pane_id = PaneId.LOADING
    SUBMIT = None  # nothing to do but wait (or leave)

    def compose_body(self) -> Iterable[Widget]:
        yield Spinner(id="spinner")
        inst = self.pane.institution
        yield text(self.t("loading.institution", institution=inst.name) if inst else self.t("loading.moment"),
                   "centered")


class ConnectedScreen(ConfirmationScreen[PlainPane]):
    pane_id = PaneId.CONNECTED

    def heading(self) -> str:
        config = self.live.config
        if config is not None and config.verify_account is not None:  # a micro-deposit code was verified
            return self.t("connected.verified_title")
        update = config is not None and config.is_update_mode
        return self.t("connected.update_title" if update else "connected.title")

    def message(self) -> str:
        return self.t("connected.text", client=self.live.client_name)


class ErrorScreen(PaneScreen[ErrorPane]):
    pane_id = PaneId.ERROR
    ACTIONS = {"retry": "retry"}
    SUBMIT = "retry"

    def compose_body(self) -> Iterable[Widget]:
        pane = self.pane
        yield text(CHECK_MARK.replace("✓", "!"), "error-mark")
        yield title(pane.title, centered=True)
        yield text(pane.body)
        yield text(f"{pane.error.error_type} · {pane.error.error_code}", "error-code")
        yield primary(self.t(NEXT_LABELS.get(pane.next_action, "common.try_again")), "retry")
        if pane.next_action != "exit":
            yield secondary(self.t("common.exit"), "exit")

    def initial_focus(self) -> Widget:
        return self.query_one("#retry")

    @on(Button.Pressed, "#retry")
    def _retry(self) -> None:
        self.act(self.live.retry())

    @on(Button.Pressed, "#exit")
    def _exit(self) -> None:
        self.live.exit()
