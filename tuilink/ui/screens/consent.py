"""CONSENT: "<client> uses Plaid to connect your account"."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import on
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Static

from ...flow.state import PaneId, PlainPane
from ...link.rules import data_scopes
from .base import PaneScreen, primary, text, title


class DataTypesToggle(Static, can_focus=True):
    """"▸ Data <client> will access": Enter, space or a click shows the data types (VIEW_DATA_TYPES)."""

    BINDINGS = [("enter,space", "toggle", "Show data")]

    class Toggled(Message):
        def __init__(self, expanded: bool) -> None:
            super().__init__()
            self.expanded = expanded

    def __init__(self, label: str, **kwargs: Any) -> None:
        super().__init__(markup=False, **kwargs)
        self.label = label
        self.expanded = False
        self.update(f"▸ {label}")

    async def action_toggle(self, attribute_name: str = "expanded") -> None:
        """Enter / space. The binding keeps the name of Textual's own `toggle` action (its key hint is the
        catalogues' `keys.toggle`), so this keeps that action's signature: `expanded` (the default) flips the
        data types, any other attribute is toggled as Textual does."""
        if attribute_name == "expanded":
            self._flip()
        else:
            await super().action_toggle(attribute_name)

    def on_click(self) -> None:
        self._flip()

    def hint_key(self, action: str) -> str:
        """The key hint's catalogue key: "Show data", or "Hide data" once they are shown."""
        return "keys.toggle_hide" if action == "toggle" and self.expanded else f"keys.{action}"

    def _flip(self) -> None:
        self.expanded = not self.expanded
        self.update(f"{'▾' if self.expanded else '▸'} {self.label}")
        self.post_message(self.Toggled(self.expanded))
        self.screen.refresh_bindings()  # the key hint now says what Enter does next


class ConsentScreen(PaneScreen[PlainPane]):
    pane_id = PaneId.CONSENT

    def compose_body(self) -> Iterable[Widget]:
        client = self.link_app.client_name
        scopes = data_scopes(self.link_app.products, self.language)
        yield title(self.t("consent.title", client=client))
        yield text(self.t("consent.effortless"), "bullet")
        yield text(self.t("consent.effortless_text"), "bullet-text")
        yield text(self.t("consent.yours"), "bullet")
        yield text(self.t("consent.yours_text"), "bullet-text")
        yield DataTypesToggle(self.t("consent.data_types", client=client), id="data-types")
        scope_list = text("\n".join(f"• {scope}" for scope in scopes), "scope")
        scope_list.display = False
        scope_list.id = "scopes"
        yield scope_list
        yield text(self.t("consent.legal"), "legal")
        yield primary(self.t("common.continue"))

    @on(DataTypesToggle.Toggled)
    def _data_types(self, event: DataTypesToggle.Toggled) -> None:
        self.query_one("#scopes").display = event.expanded
        if event.expanded and self.session is not None:
            self.session.view_data_types()

    @on(Button.Pressed, "#continue")
    def _continue(self) -> None:
        if self.session is not None:
            self.act(self.session.continue_())
        else:  # the session is still starting: continue as soon as it has opened
            self.link_app.continue_when_open = True
