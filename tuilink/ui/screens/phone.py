"""SUBMIT_PHONE and VERIFY_PHONE: the returning-user experience."""
from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button, Input, Select

from ...flow.panes import PhonePane
from ...flow.state import PaneId
from .base import PaneScreen, TextField, primary, secondary, text, title

COUNTRIES = [("US +1", "US"), ("CA +1", "CA"), ("GB +44", "GB"), ("MX +52", "MX")]
COUNTRY_CODES = {code for _, code in COUNTRIES}


class SubmitPhoneScreen(PaneScreen[PhonePane]):
    pane_id = PaneId.SUBMIT_PHONE
    FIELDS = {"phone": "phone"}
    TYPE_ALL = False  # no phone typed: the pre-filled `user.phone_number`
    ACTIONS = {"skip": "guest"}

    def compose_body(self) -> Iterable[Widget]:
        last4 = self.pane.phone_last4
        config = self.live.config
        default = config.phone_default_country if config else "US"
        yield title(self.t("phone.title"))
        yield text(self.t("phone.text"))
        placeholder = self.t("phone.placeholder_ending", last4=last4) if last4 else self.t("phone.placeholder")
        with Horizontal(id="phone-row"):
            yield Select(COUNTRIES, value=default if default in COUNTRY_CODES else "US",
                         allow_blank=False, id="country")
            yield TextField(placeholder=placeholder, id="phone", type="text", max_length=40)
        yield self.notice()
        yield primary(self.t("common.continue"))
        yield secondary(self.t("phone.guest"), "guest")

    @on(Input.Submitted, "#phone")
    @on(Button.Pressed, "#continue")
    def _submit(self) -> None:
        typed = self.query_one("#phone", Input).value
        country = self.query_one("#country", Select).value
        number = None if (not typed.strip() and self.pane.phone_last4) else typed
        self.act(self.live.submit_phone(number, str(country)))

    @on(Button.Pressed, "#guest")
    def _guest(self) -> None:
        self.act(self.live.skip_phone())


class VerifyPhoneScreen(PaneScreen[PhonePane]):
    pane_id = PaneId.VERIFY_PHONE
    FIELDS = {"otp": "otp"}
    ACTIONS = {"skip": "guest", "resend": "resend"}

    def compose_body(self) -> Iterable[Widget]:
        yield title(self.t("common.enter_code"))
        yield text(self.t("common.code_sent", last4=self.pane.phone_last4))
        yield TextField(placeholder=self.t("otp.placeholder"), id="otp", max_length=64, classes="code")
        yield self.notice()
        yield primary(self.t("common.continue"))
        yield secondary(self.t("phone.resend"), "resend")
        yield secondary(self.t("phone.guest"), "guest")

    @on(Input.Submitted, "#otp")
    @on(Button.Pressed, "#continue")
    def _submit(self) -> None:
        self.act(self.live.submit_otp(self.query_one("#otp", Input).value))

    @on(Button.Pressed, "#resend")
    def _resend(self) -> None:
        self.live.resend_otp()

    @on(Button.Pressed, "#guest")
    def _guest(self) -> None:
        self.act(self.live.skip_phone())

    def update_pane(self, pane: PhonePane) -> None:
        super().update_pane(pane)
        otp = self.query_one("#otp", Input)
        otp.value = ""
        otp.focus()
