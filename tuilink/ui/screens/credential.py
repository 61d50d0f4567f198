"""CREDENTIAL: the institution's own login fields, password masked."""
from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widget import Widget
from textual.widgets import Button, Input

from ...copy import credential_label
from ...flow.panes import LoginPane
from ...flow.state import PaneId
from .base import PaneScreen, Step, labelled_input, primary, text, title


class CredentialScreen(PaneScreen[LoginPane]):
    pane_id = PaneId.CREDENTIAL
    FIELDS = {"username": "username", "password": "password", "pin": "pin"}
    TYPE_ALL = False

    def compose_body(self) -> Iterable[Widget]:
        inst = self.pane.institution
        assert inst is not None
        yield title(self.t("credential.title", institution=inst.name))
        yield text(self.t("credential.text", institution=inst.name))
        yield self.warning()
        for field in inst.credentials:
            yield labelled_input(self.field_label(field.label), id=field.name, password=field.type == "password")
            yield self.notice(field.name)  # a message about this field, under it
        yield self.notice()
        yield primary(self.t("common.submit"))

    def typed_before(self) -> Step:
        return {"username": self.pane.username} if self.pane.username else {}

    def field_label(self, label: str) -> str:
        """The institution's label for a field, in the session's language where the catalogues know it."""
        return credential_label(label, self.language)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        self.next_field_or(event.input, self._submit)

    @on(Button.Pressed, "#continue")
    def _submit(self) -> None:
        values = {i.id: i.value for i in self.query(Input)}
        self.act(self.live.submit_credentials(values.get("username", ""), values.get("password", ""),
                                                 values.get("pin")))
