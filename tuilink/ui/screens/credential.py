"""CREDENTIAL: the institution's own login fields, password masked."""
from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widget import Widget
from textual.widgets import Button, Input

from .base import PaneScreen, labelled_input, primary, text, title


class CredentialScreen(PaneScreen):
    pane_id = "CREDENTIAL"

    def compose_body(self) -> Iterable[Widget]:
        inst = self.pane.institution
        assert inst is not None
        yield title(f"Log in at {inst.name}")
        yield text(f"Enter the credentials you use for {inst.name}'s online banking.")
        yield self.warning()
        for field in inst.credentials:
            yield labelled_input(field.label, id=field.name, password=field.type == "password")
        yield self.notice()
        yield primary("Submit")

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        self.next_field_or(event.input, self._submit)

    @on(Button.Pressed, "#continue")
    def _submit(self) -> None:
        values = {i.id: i.value for i in self.query(Input)}
        self.act(self.session.submit_credentials(values.get("username", ""), values.get("password", ""),
                                                 values.get("pin")))
