"""The Link session state machine.

A `LinkSession` holds the pane on screen (`Pane`), accepts the user's actions for that pane, calls the
backend, emits Link's events and ends with one callback (`OnSuccess` or `OnExit`). It knows nothing about
Textual: a UI renders `session.pane` and calls the action methods; a test can do the same.
"""
from __future__ import annotations

import asyncio
import contextlib
import functools
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from functools import partial
from typing import Any, Literal, TypeVar, cast

from ..backends.base import Backend
from ..copy import ENGLISH, credential_label, plural, text
from ..link import tokens
from ..link.errors import spec as error_spec
from ..link.formats import account_problem, code_problem, otp_problem, routing_problem
from ..plaid import link_api as L
from ..plaid.enums import EventName as E
from ..plaid.enums import MatchReason
from ..plaid.errors import PlaidApiError
from ..plaid.models import (
    ExitMetadata,
    LinkEvent,
    LinkEventMetadata,
    LinkInstitution,
    LinkResult,
    OnExit,
    OnSuccess,
    PlaidError,
    SuccessMetadata,
)
from .events import timestamp
from .panes import PANES, Pane, exit_status
from .panes import AccountsPane as Accounts
from .panes import DepositCodePane as DepositCode
from .panes import DepositPane as Deposit
from .panes import ErrorPane as Error
from .panes import LegalNamePane as LegalName
from .panes import LoginPane as Login
from .panes import MfaPane as Mfa
from .panes import NumbersPane as Numbers
from .panes import PhonePane as Phone
from .panes import RecaptchaPane as Recaptcha
from .panes import ReroutePane as Reroute
from .panes import SavedInstitutionsPane as SavedInstitutions
from .panes import SearchPane as Search
from .state import FlowError, NextAction, Options, PaneId
from .state import PlainPane as Plain

P = PaneId

MAX_FIELD = 256

F = TypeVar("F", bound=Callable[..., Any])
PaneT = TypeVar("PaneT")


def action(method: F) -> F:
    """One of the user's actions: they run one at a time, by construction. While an action is in flight
    (waiting on the backend), any other action — a second Enter, a click, Esc — is dropped and counted in
    `dropped_actions`: Link's panes take no input while they are busy, so nothing the user pressed then is
    replayed later on a pane they never saw. An action called from within the running one (a retry that
    reopens the session) runs as part of it. Async and sync actions share the one gate."""
    if asyncio.iscoroutinefunction(method):
        @functools.wraps(method)
        async def run_async(self: LinkSession, *args: Any, **kwargs: Any) -> Any:
            if not self._admit():
                return None
            outer = self._owner is None
            if outer:
                self._owner = _current_task()
            try:
                return await method(self, *args, **kwargs)
            finally:
                if outer:
                    self._owner = None

        return run_async  # type: ignore[return-value]

    @functools.wraps(method)
    def run(self: LinkSession, *args: Any, **kwargs: Any) -> Any:
        return method(self, *args, **kwargs) if self._admit() else None

    return run  # type: ignore[return-value]


def while_idle(method: F) -> F:
    """Live search: refused (dropped) while an action is in flight, but searches do not hold the gate, so a new
    query may supersede a running one (the UI cancels the older search)."""
    @functools.wraps(method)
    async def run(self: LinkSession, *args: Any, **kwargs: Any) -> Any:
        return await method(self, *args, **kwargs) if self._admit() else None

    return run  # type: ignore[return-value]


def _current_task() -> asyncio.Task[Any] | None:
    try:
        return asyncio.current_task()
    except RuntimeError:  # no running loop: a synchronous caller
        return None


class LinkSession:
    def __init__(self, backend: Backend, link_token: str, options: Options = Options(),
                 clock: Callable[[], float] = time.time) -> None:
        self.backend = backend
        self.link_token = link_token
        self.options = options
        self.clock = clock
        self.config: L.LinkConfig | None = None
        self.link_session_id = tokens.link_session_id()
        self.pane: Pane = Plain(id=P.LOADING)
        self.events: list[LinkEvent] = []
        self.result: LinkResult | None = None
        self.redirected_to: str | None = None  # the app's redirect_uri Link sent the page to (OAuth by redirect)
        self.redirect_listeners: list[Callable[[str], None]] = []
        self.busy = False  # a backend call is in flight
        self.dropped_actions = 0  # actions refused because another was in flight (see `action`)
        self._owner: asyncio.Task[Any] | None = None  # the task running the action in flight
        self._hints: tuple[int, list[L.Hint]] | None = None  # (pane seq, its hints), see load_hints
        self._seq = 0
        self._last_ts = ""
        self._request_id: str | None = None
        self._institution: L.InstitutionSummary | None = None
        self._last_error: PlaidError | None = None
        self._emitted_query: str | None = None
        self._history: list[Pane] = []
        self._exit_from: Pane | None = None
        self._error_from: Pane | None = None
        self._saved: list[L.SavedInstitution] = []
        self._reuse_connection = True
        self._auto_select_accounts = False
        self._saved_route = False  # the institution is being linked through a saved connection
        self._success: OnSuccess | None = None
        self._auth: L.LoginResponse | None = None  # how Auth verifies the Item being linked
        self._numbers: tuple[str, str] | None = None  # typed routing and account number, until checked
        self._manual: dict[str, str] = {}  # manual entry so far: mask, legal_name, account_type
        self._auth_type_chosen = False
        self._open_at: L.InstitutionSummary | None = None  # the link token's institution_id, until Link goes there
        self.event_listeners: list[Callable[[LinkEvent], None]] = []
        self.pane_listeners: list[Callable[[Pane], None]] = []
        self.result_listeners: list[Callable[[LinkResult], None]] = []
        self._report: asyncio.Task[None] | None = None

    # --- plumbing -----------------------------------------------------------------------------------

    @property
    def client_name(self) -> str:
        return self.config.client_name if self.config else ""

    @property
    def language(self) -> str:
        """The link token's `language`: the catalogue every word on the panes comes from."""
        return self.config.language if self.config else ENGLISH

    def _t(self, key: str, **params: Any) -> str:
        return text(key, self.language, **params)

    @property
    def institution(self) -> L.InstitutionSummary | None:
        return self._institution

    @property
    def finished(self) -> bool:
        """Link has called back, or left the page for the bank's OAuth page (and calls back on the app's
        redirect page, in the session opened there)."""
        return self.result is not None or self.redirected_to is not None

    async def load_hints(self) -> list[L.Hint]:
        """The Sandbox's magic values that do something on the pane on screen (the hints panel), asked of the
        backend once per state of the pane. Not an action: it changes nothing, emits nothing and leaves the
        events' request_id alone; a backend that cannot answer gives no hints."""
        pane = self.pane
        if self._hints is not None and self._hints[0] == pane.seq:
            return self._hints[1]
        mfa = pane.mfa if isinstance(pane, Mfa) else None
        req = L.HintsRequest(
            link_session_id=self.link_session_id, pane=pane.id,
            institution_id=pane.institution.institution_id if pane.institution else None,
            account_mask=pane.account.mask if isinstance(pane, Numbers) and pane.account else None,
            mfa_type=mfa.type if mfa else None, mfa_round=mfa.round if mfa else 1,
            mfa_questions=list(mfa.questions) if mfa else [],
            challenge=pane.challenge if isinstance(pane, Recaptcha) else None)
        try:
            found = (await self.backend.hints(req)).hints
        except PlaidApiError:
            found = []
        self._hints = (pane.seq, found)
        return found

    def known_hints(self) -> list[L.Hint] | None:
        """The hints of the pane on screen, once `load_hints` has them (None until then)."""
        return self._hints[1] if self._hints is not None and self._hints[0] == self.pane.seq else None

    def _emit(self, name: E, **meta: Any) -> None:
        if self.finished:  # an action still in flight when Link closed: nothing after the callback
            return
        ts = max(timestamp(self.clock()), self._last_ts)
        self._last_ts = ts
        inst = self._institution
        fields: dict[str, Any] = {
            "institution_id": inst.institution_id if inst else None,
            "institution_name": inst.name if inst else None,
            "request_id": self._request_id,
            "link_session_id": self.link_session_id,
            "timestamp": ts,
        }
        fields.update({k: (v.value if hasattr(v, "value") else v) for k, v in meta.items()})
        event = LinkEvent(event_name=name.value, metadata=LinkEventMetadata(**fields))
        self.events.append(event)
        for listener in self.event_listeners:
            listener(event)

    def _show(self, pane: Pane, *, transition: bool = True, enter: bool = True) -> None:
        """Put `pane` on screen, emitting TRANSITION_VIEW when it is one of Plaid's views. `enter=False`:
        the pane on screen is only updated (an inline message, new search results). Nothing once Link has
        called back."""
        if self.finished:
            return
        self._seq += 1
        pane.seq = self._seq
        if enter:
            pane.visit = self._seq
        transient = PANES[pane.id].transient
        if not transient and (not self._history or self._history[-1].id != pane.id):
            self._history.append(pane)
        elif not transient:
            self._history[-1] = pane
        self.pane = pane
        if transition and pane.id.is_plaid_view:
            extra = {"mfa_type": pane.mfa.type} if isinstance(pane, Mfa) else {}
            self._emit(E.TRANSITION_VIEW, view_name=pane.id, **extra)
        for listener in self.pane_listeners:
            listener(pane)

    def _update(self, **changes: Any) -> None:
        """Re-render the pane on screen with changes (an inline message, new results). A new message is about the
        pane as a whole unless `notice_field` names its field."""
        if "notice" in changes:
            changes.setdefault("notice_field", None)
        self._show(replace(self.pane, **changes), transition=False, enter=False)

    def _well_formed(self, typed: str, problem_of: Callable[[str], str | None]) -> str | None:
        """`typed` without surrounding whitespace, or None after putting its format problem on the pane."""
        value = typed.strip()
        problem = problem_of(value)
        if problem:
            self._update(notice=problem)
            return None
        return value

    def _field_problem(self, fields: dict[str, str]) -> str | None:
        """A message for the first empty, over-long or control-character field (keyed by the field's name in the
        session's language), in the order the fields appear."""
        return next((p for p in (self._value_problem(n, v) for n, v in fields.items()) if p), None)

    def _value_problem(self, name: str, value: str) -> str | None:
        """A message if `value` (of the field called `name`) is empty, over-long or has control characters."""
        if not value.strip():
            return self._t("field.empty", name=name)
        if len(value) > MAX_FIELD:
            return self._t("field.too_long", name=name, max=MAX_FIELD)
        if any(ord(c) < 32 or ord(c) == 127 for c in value):
            return self._t("field.bad_characters", name=name)
        return None

    def _finish(self, result: LinkResult) -> None:
        self.result = result
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # finished outside an event loop (the app already closed): nothing to tell
            loop = None
        if loop is not None:
            self._report = loop.create_task(self._send_report(result))
        for listener in self.result_listeners:
            listener(result)

    async def _send_report(self, result: LinkResult) -> None:
        """Tell the backend how the session ended (for /link/token/get and the Link webhooks). The callback
        stands whatever happens to this report."""
        try:
            await self.backend.report(L.ReportRequest(link_session_id=self.link_session_id, events=self.events,
                                                      result=result))
        except Exception:
            pass

    async def flush(self, timeout: float = 5.0) -> None:
        """Wait (at most `timeout` seconds) until the end of the session has been reported to the backend."""
        if self._report is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(self._report), timeout)

    @property
    def acting(self) -> bool:
        """An action is in flight (others are dropped until it ends)."""
        return self._owner is not None

    def _admit(self) -> bool:
        """Whether an action may run now: nothing is in flight, or it is called from the action in flight."""
        if self._owner is None or _current_task() is self._owner:
            return True
        self.dropped_actions += 1
        return False

    def _require(self, *panes: PaneId) -> None:
        if self.finished:
            raise FlowError("Link has already called back")
        if self.pane.id not in panes:
            raise FlowError(f"this action is not offered on {self.pane.id} (expected {' or '.join(panes)})")

    def _on(self, kind: type[PaneT], *panes: PaneId) -> PaneT:
        """The pane on screen, which must be one of `panes` (each of them carries a `kind`)."""
        self._require(*panes)
        pane = self.pane
        assert isinstance(pane, kind), (pane.id, kind)
        return pane

    async def _call(self, coro: Awaitable[Any]) -> Any:
        """A backend call: records its request_id; errors propagate as PlaidApiError."""
        self.busy = True
        try:
            response = await coro
        except PlaidApiError as exc:
            if exc.error.request_id:
                self._request_id = exc.error.request_id
            raise
        finally:
            self.busy = False
        self._request_id = response.request_id
        return response

    def _error(self, exc: PlaidApiError, *, inline: bool = False, back_to: Pane | None = None,
               next_action: NextAction | None = None) -> None:
        """Link's reaction to a Plaid error: the ERROR event, then an inline message (on the pane on screen,
        or on `back_to` for an error Link shows where the user typed), or the ERROR pane."""
        err = exc.error
        self._last_error = err
        self._emit(E.ERROR, error_type=err.error_type, error_code=err.error_code, error_message=err.error_message)
        nxt: NextAction | Literal["stay"]
        try:
            nxt = cast("NextAction | Literal['stay']", error_spec(err.error_code).link_next)
            message, _ = self._error_copy(err.error_code, inline=True)
            title, body = self._error_copy(err.error_code)
        except KeyError:
            title, body, nxt = self._t("error.unknown.title"), err.display_message or err.error_message, "exit"
            message = title
        nxt = next_action or nxt
        if inline:
            self._update(notice=message)
            return
        if back_to is not None and nxt == "stay":
            self._show(replace(back_to, notice=message))
            return
        origin = self._history[-1] if self._history else self.pane
        self._error_from = origin
        if nxt == "stay":
            retry: dict[PaneId, NextAction] = {P.MFA: "retry_mfa", P.CREDENTIAL: "retry_credentials"}
            nxt = retry.get(origin.id, "select_institution")
        self._show(Error(id=P.ERROR, institution=self._institution, error=err, title=title, body=body,
                         next_action=nxt))

    def _error_copy(self, code: str, inline: bool = False) -> tuple[str, str]:
        """The title and body Link shows for a Plaid error code, in the session's language (KeyError: a code
        Plaid's error data does not have). The ERROR pane names the institution; an inline message is the
        title as it is."""
        if inline:
            return self._t(f"error.{code}.title"), self._t(f"error.{code}.body")
        inst = self._institution.name if self._institution else self._t("error.your_institution")
        return self._t(f"error.{code}.title", institution=inst), self._t(f"error.{code}.body", institution=inst)

    # --- opening ----------------------------------------------------------------------------------

    @action
    async def open(self) -> None:
        """Start the session: OPEN (view CONSENT) and the consent pane; a bad token ends it with onExit."""
        try:
            state = tokens.oauth_state_id_of(self.options.received_redirect_uri)  # back from an OAuth bank
            started = await self._call(self.backend.start_session(L.StartSessionRequest(
                link_token=self.link_token, oauth_state_id=state)))
        except PlaidApiError as exc:
            if exc.error.error_type == "API_ERROR":  # the server failed, not the token: offer to try again
                self._error(exc, next_action="reopen")
                return
            self._last_error = exc.error
            self._emit(E.ERROR, error_type=exc.error.error_type, error_code=exc.error.error_code,
                       error_message=exc.error.error_message)
            self._emit(E.EXIT, error_type=exc.error.error_type, error_code=exc.error.error_code,
                       error_message=exc.error.error_message)
            self._finish(self._on_exit(None))
            return
        self.link_session_id = started.link_session_id
        self.config = started.config
        self._open_at = self.config.open_at
        if started.oauth_return is not None:
            await self._oauth_returned(started.oauth_return)
            return
        start = P(self.config.start_pane or P.CONSENT)
        self._emit(E.OPEN, view_name=start, is_update_mode=str(self.config.is_update_mode).lower())
        if start == P.CONNECTED:  # the Item is already verified: hand it over again
            await self._complete([])
        elif start == P.CREDENTIAL:  # update mode: log in again at the Item's institution
            self._institution = self.config.institution
            self._show(Login(id=P.CREDENTIAL, institution=self._institution), transition=False)
        elif PANES[start].model is DepositCode:  # a manually entered Item: its micro-deposit code
            self._show(DepositCode(id=start, deposit_account=self.config.verify_account), transition=False)
        else:
            self._show(Plain(id=start), transition=False)

    # --- consent and returning users ---------------------------------------------------------------

    @action
    async def continue_(self) -> None:
        """The pane's primary "Continue" where it has no input: CONSENT, OAUTH, CONNECTED."""
        if self.pane.id == P.CONSENT:
            assert self.config is not None
            if self.options.returning_user and self.config.returning_user_eligible:
                self._show(Phone(id=P.SUBMIT_PHONE, phone_last4=self.config.phone_prefill_last4))
            else:
                await self._institution_select()
        elif self.pane.id == P.OAUTH:
            self._emit(E.OPEN_OAUTH)
            self._show(Login(id=P.OAUTH_BANK, institution=self._institution))
        elif self.pane.id == P.CONNECTED:
            self._handoff()
        elif isinstance(self.pane, Deposit) and self.pane.id == P.INSTANT_MICRODEPOSIT_AUTHORIZED:
            self._show(DepositCode(id=P.INSTANT_MICRODEPOSIT_VERIFICATION,
                                   deposit_account=self.pane.deposit_account))
        elif self.pane.id == P.SAME_DAY_MICRODEPOSIT_AUTHORIZED:
            self._show(Plain(id=P.LOADING))
            await self._complete([], legal_name=self._manual.get("legal_name"),
                                 account_type=self._manual.get("account_type"))
        else:
            self._require(P.CONSENT, P.OAUTH, P.CONNECTED, P.SAME_DAY_MICRODEPOSIT_AUTHORIZED,
                          P.INSTANT_MICRODEPOSIT_AUTHORIZED)

    @action
    def view_data_types(self) -> None:
        self._require(P.CONSENT)
        self._emit(E.VIEW_DATA_TYPES)

    @action
    async def submit_phone(self, number: str | None, country: str = "US") -> None:
        """Submit the typed number (None: the pre-filled `user.phone_number`)."""
        self._require(P.SUBMIT_PHONE)
        if number is not None and (not number.strip() or len(number) > 32):
            self._update(notice=self._t("phone.invalid"))
            return
        self._emit(E.SUBMIT_PHONE)
        try:
            sent = await self._call(self.backend.submit_phone(L.SubmitPhoneRequest(
                link_session_id=self.link_session_id, phone_number=number, country=country)))
        except PlaidApiError as exc:
            self._error(exc, inline=True)
            return
        self._last_error = None
        if sent.otp_required:
            self._show(Phone(id=P.VERIFY_PHONE, phone_last4=sent.phone_last4))
        else:  # a calling code outside the returning-user flow: the standard flow
            await self._institution_select()

    @action
    async def skip_phone(self) -> None:
        self._require(P.SUBMIT_PHONE, P.VERIFY_PHONE)
        if self.pane.id == P.SUBMIT_PHONE:
            self._emit(E.SKIP_SUBMIT_PHONE)
        await self._institution_select()

    @action
    async def submit_otp(self, code: str) -> None:
        self._require(P.VERIFY_PHONE)
        checked = self._well_formed(code, partial(otp_problem, language=self.language))
        if checked is None:
            return
        code = checked
        self._emit(E.SUBMIT_OTP)
        try:
            verified = await self._call(self.backend.submit_otp(
                L.SubmitOtpRequest(link_session_id=self.link_session_id, code=code)))
        except PlaidApiError as exc:
            if exc.error.error_code == "PROFILE_AUTHENTICATION_FAILED":
                self._error(exc, inline=True)  # locked out of the returning-user flow: continue as a guest
                title, body = self._error_copy(exc.error.error_code, inline=True)
                await self._institution_select(notice=self._t("phone.locked_out", title=title, body=body))
            else:
                self._error(exc, inline=True)
            return
        self._last_error = None
        self._emit(E.VERIFY_PHONE)
        self._saved = verified.saved
        self._reuse_connection = verified.reuse_connection
        self._auto_select_accounts = verified.auto_select_accounts
        opening = self._open_at.institution_id if self._open_at is not None else None
        saved_there = next((s for s in verified.saved if s.institution.institution_id == opening), None)
        if opening is not None and (saved_there is None or not verified.reuse_connection):
            await self._institution_select()  # the link token's institution_id: Link goes there, saved or not
        elif saved_there is not None:  # ... through the saved connection when it is one: no saved-institution pane
            self._open_at = None
            await self._link_saved(saved_there.institution, MatchReason.AUTO_SELECT_SAVED_INSTITUTION)
        elif not verified.saved or not verified.reuse_connection:
            await self._institution_select()
        elif len(verified.saved) == 1:
            await self._link_saved(verified.saved[0].institution, MatchReason.AUTO_SELECT_SAVED_INSTITUTION)
        else:
            self._show(SavedInstitutions(id=P.SELECT_SAVED_INSTITUTION, saved=verified.saved))

    @action
    def resend_otp(self) -> None:
        self._require(P.VERIFY_PHONE)
        self._update(notice=self._t("phone.resent"))

    @action
    async def select_saved_institution(self, institution_id: str) -> None:
        self._require(P.SELECT_SAVED_INSTITUTION)
        saved = next((s for s in self._saved if s.institution.institution_id == institution_id), None)
        if saved is None:
            raise FlowError(f"{institution_id} is not a saved institution")
        await self._link_saved(saved.institution, MatchReason.SAVED_INSTITUTION)

    @action
    async def connect_new_institution(self) -> None:
        self._require(P.SELECT_SAVED_INSTITUTION)
        self._emit(E.CONNECT_NEW_INSTITUTION)
        await self._institution_select()

    async def _link_saved(self, inst: L.InstitutionSummary, reason: MatchReason) -> None:
        self._institution = inst
        self._saved_route = True
        self._emit(E.SELECT_INSTITUTION, match_reason=reason)
        try:
            await self._call(self.backend.select_institution(L.SelectInstitutionRequest(
                link_session_id=self.link_session_id, institution_id=inst.institution_id)))
        except PlaidApiError as exc:
            self._error(exc)
            return
        if inst.oauth:
            self._show(Login(id=P.OAUTH, institution=inst))
        else:
            await self._saved_accounts()

    async def _saved_accounts(self) -> None:
        assert self._institution is not None
        try:
            found = await self._call(self.backend.saved_login(L.SavedLoginRequest(
                link_session_id=self.link_session_id, institution_id=self._institution.institution_id)))
        except PlaidApiError as exc:
            self._error(exc)
            return
        accounts = [s.account for s in found.accounts]
        if self._auto_select_accounts and len(accounts) == 1:
            await self._complete([accounts[0].account_id])
            return
        self._show(Accounts(id=P.SELECT_SAVED_ACCOUNT, institution=self._institution, accounts=accounts,
                            new_accounts={s.account.account_id for s in found.accounts if s.new},
                            account_select=self.options.account_select))

    # --- institution select --------------------------------------------------------------------------

    async def _institution_select(self, notice: str | None = None) -> None:
        if self.config is not None and self.config.auth_type_select and not self._auth_type_chosen:
            self._auth_type_chosen = True  # Auth Type Select comes first, once
            self._show(Plain(id=P.SELECT_AUTH_TYPE, notice=notice))
            return
        self._institution = None
        self._saved_route = False
        opening, self._open_at = self._open_at, None  # the link token's institution_id is used once
        if opening is not None and opening.supports_session and opening.health != "DOWN":
            # Link opens at that institution: no SELECT_INSTITUTION pane and no SELECT_INSTITUTION event (the user
            # picked nothing); its pane (CREDENTIAL, OAUTH, NUMBERS…) is the next TRANSITION_VIEW and every event
            # from there on names the institution. An error whose follow-up is "select another institution" then
            # leads to Institution Select as usual.
            await self._go_to_institution(opening, notice=notice)
            return
        try:
            results = await self._search_results("")
        except PlaidApiError as exc:  # the institution list could not be loaded: the ERROR pane (Try again)
            self._error(exc)
            return
        if opening is not None:  # not supported for this session, or down: Institution Select says so, as if
            # the user had picked it there (SELECT_FILTERED_INSTITUTION / SELECT_DOWN_INSTITUTION)
            results = [opening] + [r for r in results if r.institution_id != opening.institution_id]
            self._show(Search(id=P.SELECT_INSTITUTION, results=results, notice=notice))
            await self.select_institution(opening.institution_id)
            return
        self._show(Search(id=P.SELECT_INSTITUTION, results=results, notice=notice))

    async def _search_results(self, query: str) -> list[L.InstitutionSummary]:
        found: L.SearchResponse = await self._call(self.backend.search(L.SearchRequest(
            link_session_id=self.link_session_id, query=query)))
        return found.institutions

    @while_idle
    async def search(self, query: str) -> None:
        """Live search as the user types (no event: SEARCH_INSTITUTION fires once the query settles)."""
        self._require(P.SELECT_INSTITUTION)
        query = query[:MAX_FIELD]
        try:
            results = await self._search_results(query)
        except PlaidApiError as exc:  # a failed search keeps the pane (with what was typed) and says so
            if isinstance(self.pane, Search):
                self.pane = replace(self.pane, query=query)
                self._error(exc, inline=True)
            return
        if self.pane.id == P.SELECT_INSTITUTION:
            self._update(results=results, query=query, notice=None)

    def settle_search(self) -> None:
        """The query stopped changing: SEARCH_INSTITUTION, once per distinct non-empty query."""
        if not isinstance(self.pane, Search) or self.finished:
            return
        query = self.pane.query.strip()
        if query and query != self._emitted_query:
            self._emitted_query = query
            self._emit(E.SEARCH_INSTITUTION, institution_search_query=query)

    @action
    async def select_institution(self, institution_id: str) -> None:
        """SELECT_INSTITUTION, or NUMBERS_SELECT_INSTITUTION (log in to the bank of the typed routing number)."""
        self._require(P.SELECT_INSTITUTION, P.NUMBERS_SELECT_INSTITUTION)
        pane = self.pane
        assert isinstance(pane, Search | Reroute)
        self.settle_search()
        inst = next((i for i in pane.results if i.institution_id == institution_id), None)
        if inst is None:
            raise FlowError(f"{institution_id} is not among the institutions on screen")
        if not inst.supports_session:
            self._with_institution(inst, E.SELECT_FILTERED_INSTITUTION)
            self._update(notice=self._t("institution.not_supported", institution=inst.name,
                                        client=self.client_name))
            return
        if inst.health == "DOWN":
            self._with_institution(inst, E.SELECT_DOWN_INSTITUTION)
            self._update(notice=self._t("institution.down", institution=inst.name))
            return
        saved = next((s for s in self._saved if s.institution.institution_id == institution_id), None)
        if saved is not None and self._reuse_connection:
            await self._link_saved(saved.institution, MatchReason.SAVED_INSTITUTION)
            return
        if inst.health == "DEGRADED":
            event: dict[str, Any] = {"name": E.SELECT_DEGRADED_INSTITUTION}
        elif inst.matched:
            routing = (pane.routing_number if isinstance(pane, Reroute) else None) or (
                self.config.routing_number if self.config and inst.matched == "routing_number" else None)
            event = {"name": E.MATCHED_SELECT_INSTITUTION, "match_reason": inst.matched, "routing_number": routing}
        else:
            event = {"name": E.SELECT_INSTITUTION, "match_reason": MatchReason.SAVED_INSTITUTION if saved else None}
        await self._go_to_institution(inst, event)

    async def _go_to_institution(self, inst: L.InstitutionSummary, event: dict[str, Any] | None = None,
                                 notice: str | None = None) -> None:
        """Link moves on to `inst`: the selection event (none when the link token chose it), the Sandbox's
        answer, then the institution's pane (with `notice`, a message Institution Select would have shown)."""
        self._institution, self._manual = inst, {}
        if event is not None:
            self._emit(event.pop("name"), **event)
        try:
            selected = await self._call(self.backend.select_institution(L.SelectInstitutionRequest(
                link_session_id=self.link_session_id, institution_id=inst.institution_id)))
        except PlaidApiError as exc:
            self._error(exc)
            return
        if selected.returning_user == "pre_matched":  # legacy returning user: password only
            self._show(Phone(id=P.MATCHED_CREDENTIAL, institution=inst, phone_last4=selected.phone_last4))
            return
        if selected.returning_user == "pre_authenticated":  # a code to the phone, or the password
            self._show(Phone(id=P.MATCHED_VERIFY_METHOD, institution=inst, phone_last4=selected.phone_last4))
            return
        if selected.numbers_only:  # Instant Micro-deposits: no login, the account's numbers instead
            self._auth, self._manual = None, {}
            self._show(Numbers(id=P.NUMBERS, institution=inst, notice=notice))
            return
        warning = self._t("institution.degraded", institution=inst.name) if inst.health == "DEGRADED" else None
        self._show(Login(id=P.OAUTH if inst.oauth else P.CREDENTIAL, institution=inst, warning=warning, notice=notice))

    def _with_institution(self, inst: L.InstitutionSummary, name: E) -> None:
        """An event about an institution the user picked but cannot continue with."""
        chosen, self._institution = self._institution, inst
        self._emit(name)
        self._institution = chosen

    # --- credentials, OAuth and MFA -----------------------------------------------------------------------

    @action
    async def submit_credentials(self, username: str, password: str, pin: str | None = None) -> None:
        """CREDENTIAL, or MATCHED_CREDENTIAL (a legacy returning user's password only: the username is known)."""
        self._require(P.CREDENTIAL, P.MATCHED_CREDENTIAL)
        assert self._institution is not None
        fields = {"password": password} if self.pane.id == P.MATCHED_CREDENTIAL else {
            "username": username, "password": password}
        if any(c.name == "pin" for c in self._institution.credentials):
            fields["pin"] = pin or ""
        labels: dict[str, str] = {c.name: _in_sentence(credential_label(c.label, self.language))
                                  for c in self._institution.credentials}
        for field, value in fields.items():
            problem = self._value_problem(labels.get(field) or self._t(f"field.{field}"), value)  # its own label
            if problem:
                self._update(notice=problem, notice_field=field)  # under the field it is about
                return
        self._emit(E.SUBMIT_CREDENTIALS)
        if isinstance(self.pane, Login):
            self._history[-1] = replace(self.pane, username=username)  # shown again on a retry
        self._show(Plain(id=P.LOADING, institution=self._institution))
        await self._login(self.backend.submit_credentials(L.SubmitCredentialsRequest(
            link_session_id=self.link_session_id, institution_id=self._institution.institution_id,
            username=username, password=password, pin=fields.get("pin"))))

    @action
    async def submit_mfa(self, answers: list[str]) -> None:
        mfa = self._on(Mfa, P.MFA).mfa
        expected = 1 if mfa.type in ("code", "device") else len(mfa.questions)
        if len(answers) != expected or any(not a.strip() for a in answers):
            self._update(notice=self._t("mfa.answer_every" if expected > 1 else "mfa.enter_response"))
            return
        problem = self._field_problem({self._t("field.answer", number=i + 1): a for i, a in enumerate(answers)})
        if problem:
            self._update(notice=problem)
            return
        self._emit(E.SUBMIT_MFA, mfa_type=mfa.type)
        self._show(Plain(id=P.LOADING, institution=self._institution))
        await self._login(self.backend.submit_mfa(L.SubmitMfaRequest(link_session_id=self.link_session_id,
                                                                      answers=[a.strip() for a in answers])))

    @action
    def choose_verify_method(self, method: str) -> None:
        """Legacy pre-authenticated returning user: "phoneotp" (a code) or "password"."""
        matched = self._on(Phone, P.MATCHED_VERIFY_METHOD)
        if method not in ("phoneotp", "password"):
            raise FlowError(f"unknown verify method {method!r} (phoneotp or password)")
        self._emit(E.MATCHED_SELECT_VERIFY_METHOD, selection=method)
        pane = P.MATCHED_MFA if method == "phoneotp" else P.MATCHED_CREDENTIAL
        self._show(Phone(id=pane, institution=self._institution, phone_last4=matched.phone_last4))

    @action
    async def submit_matched_otp(self, code: str) -> None:
        """MATCHED_MFA: the code sent to the returning user's phone, instead of credentials."""
        self._require(P.MATCHED_MFA)
        checked = self._well_formed(code, partial(otp_problem, language=self.language))
        if checked is None:
            return
        code = checked
        pane = self.pane
        self._emit(E.SUBMIT_OTP)
        self._show(Plain(id=P.LOADING, institution=self._institution))
        try:
            step = await self._call(self.backend.submit_matched_otp(L.SubmitOtpRequest(
                link_session_id=self.link_session_id, code=code)))
        except PlaidApiError as exc:
            self._error(exc, back_to=pane)
            return
        await self._login(_answered(step))

    @action
    async def submit_recaptcha(self, answer: str) -> None:
        """RECAPTCHA: the word on screen, typed back (any case)."""
        self._require(P.RECAPTCHA)
        if not answer.strip():
            self._update(notice=self._t("recaptcha.empty"))
            return
        await self._login(self.backend.submit_recaptcha(L.SubmitRecaptchaRequest(
            link_session_id=self.link_session_id, answer=answer[:MAX_FIELD])))

    @action
    async def approve_oauth(self, approved: bool = True) -> None:
        """Approve (or deny) access on the bank's OAuth page."""
        self._require(P.OAUTH_BANK)
        assert self._institution is not None
        if self._saved_route and approved:
            await self._saved_accounts()
            return
        if self.options.web_redirects and self.config is not None and self.config.oauth_redirect_uri:
            await self._leave_for_the_bank(approved)
            return
        await self._login(self.backend.oauth_login(L.OAuthLoginRequest(
            link_session_id=self.link_session_id, institution_id=self._institution.institution_id,
            approved=approved)))

    @action
    async def deny_oauth(self) -> None:
        await self.approve_oauth(approved=False)

    async def _leave_for_the_bank(self, approved: bool) -> None:
        """Link in a web page: the bank's answer comes back at the app's redirect_uri, so the page goes there
        (the session carries on in the Link the app opens on that page)."""
        assert self._institution is not None
        try:
            answer = await self._call(self.backend.oauth_redirect(L.OAuthRedirectRequest(
                link_session_id=self.link_session_id, institution_id=self._institution.institution_id,
                approved=approved)))
        except PlaidApiError as exc:
            self._error(exc)
            return
        self.redirected_to = answer.redirect_url
        for listener in self.redirect_listeners:
            listener(answer.redirect_url)

    async def _oauth_returned(self, back: L.OAuthReturn) -> None:
        """Back from the bank on the app's redirect page: Plaid's log there is SELECT_INSTITUTION, OPEN (no
        view), then the outcome (the accounts, or the error of a denial)."""
        self._institution = back.institution
        self._emit(E.SELECT_INSTITUTION)
        assert self.config is not None
        self._emit(E.OPEN, view_name=None, is_update_mode=str(self.config.is_update_mode).lower())
        self._show(Plain(id=P.LOADING, institution=self._institution), transition=False)
        await self._login(self.backend.oauth_login(L.OAuthLoginRequest(
            link_session_id=self.link_session_id, institution_id=back.institution.institution_id,
            approved=back.approved)))

    async def _login(self, call: Awaitable[L.LoginResponse]) -> None:
        try:
            step = await self._call(call)
        except PlaidApiError as exc:
            self._error(exc)
            return
        self._last_error = None
        if step.recaptcha is not None:
            if self.pane.id == P.RECAPTCHA:  # a wrong answer: a new challenge on the same pane
                self._update(challenge=step.recaptcha, notice=self._t("recaptcha.wrong"))
            else:
                self._show(Recaptcha(id=P.RECAPTCHA, institution=self._institution, challenge=step.recaptcha))
        elif step.mfa is not None:
            self._show(Mfa(id=P.MFA, institution=self._institution, mfa=step.mfa))
        elif self.config is not None and self.config.start_pane == P.CREDENTIAL:
            await self._complete([])  # update mode: the Item keeps its accounts
        else:
            self._auth = step
            mode = "single" if step.single_account else self.options.account_select
            self._show(Accounts(id=P.SELECT_ACCOUNT, institution=self._institution, accounts=step.accounts,
                                account_select=mode))

    # --- account select and the end -------------------------------------------------------------------

    @action
    async def select_accounts(self, account_ids: list[str]) -> None:
        pane = self._on(Accounts, P.SELECT_ACCOUNT, P.SELECT_SAVED_ACCOUNT)
        known = {a.account_id for a in pane.accounts}
        chosen = list(dict.fromkeys(i for i in account_ids if i in known))
        if not chosen:
            self._update(notice=self._t("accounts.none_selected"))
            return
        if pane.account_select == "single" and len(chosen) > 1:
            self._update(notice=self._t("accounts.one_only"))
            return
        if pane.id == P.SELECT_ACCOUNT and self._auth is not None and self._auth.numbers_required:
            account = next(a for a in pane.accounts if a.account_id == chosen[0])
            self._show(Numbers(id=P.NUMBERS, institution=self._institution, account=account))
            return
        if pane.id == P.SELECT_SAVED_ACCOUNT:
            # Plaid's returning-user page lists SAVED_ACCOUNT ("User selected a saved account") among the
            # match_reason values of the SELECT_INSTITUTION event (seed 003, PLAID_FACTS §6.3). tuilink emits it
            # when the user confirms saved accounts on SELECT_SAVED_ACCOUNT: a second SELECT_INSTITUTION for the
            # institution the saved accounts belong to, after SAVED_INSTITUTION / AUTO_SELECT_SAVED_INSTITUTION
            # chose it. Accounts picked automatically (415-555-0015) are not the user's choice: no SAVED_ACCOUNT.
            self._emit(E.SELECT_INSTITUTION, match_reason=MatchReason.SAVED_ACCOUNT)
        await self._complete(chosen)

    @action
    async def submit_numbers(self, routing_number: str, account_number: str) -> None:
        """NUMBERS: the selected account's routing and account numbers (whitespace is ignored)."""
        numbers = self._on(Numbers, P.NUMBERS)
        routing, account = ("".join(n.split()) for n in (routing_number, account_number))
        for field, problem in (("routing_number", routing_problem(routing, self.language)),
                               ("account_number", account_problem(account, self.language))):
            if problem:
                self._update(notice=problem, notice_field=field)  # shown under the field it is about
                return
        self._emit(E.SUBMIT_ROUTING_NUMBER, routing_number=routing)
        self._emit(E.SUBMIT_ACCOUNT_NUMBER, account_number_mask=account[-4:] if len(account) > 4 else "")
        if numbers.account is None:  # "Link with account numbers": a micro-deposit will verify them
            try:
                checked = await self._call(self.backend.submit_numbers(L.SubmitNumbersRequest(
                    link_session_id=self.link_session_id, routing_number=routing, account_number=account)))
            except PlaidApiError as exc:
                self._error(exc, inline=True)
                return
            self._manual = {"mask": account[-4:], "instant": "yes" if checked.instant else "",
                            "database": "yes" if checked.database else "", "routing": routing,
                            "name_required": "yes" if checked.legal_name_required else ""}
            if checked.reroute:  # Reroute to Credentials: a bank with this routing number has a login
                self._show(Reroute(id=P.NUMBERS_SELECT_INSTITUTION, results=checked.reroute,
                                   forced=checked.reroute_forced, routing_number=routing))
                return
            self._show(LegalName(id=P.LEGAL_NAME) if checked.legal_name_required else Plain(id=P.ACCOUNT_TYPE))
            return
        self._numbers = (routing, account)
        if self._auth is not None and self._auth.legal_name_required:
            self._show(LegalName(id=P.LEGAL_NAME, institution=self._institution, account=numbers.account))
            return
        await self._verify_numbers()

    @action
    async def submit_legal_name(self, legal_name: str) -> None:
        self._require(P.LEGAL_NAME)
        name = " ".join(legal_name.split())
        problem = self._field_problem({self._t("field.full_name"): name})
        if problem:
            self._update(notice=problem)
            return
        if self._manual:
            self._manual["legal_name"] = name
            self._show(Plain(id=P.ACCOUNT_TYPE))
            return
        await self._verify_numbers(legal_name=name)

    # --- Same-Day Micro-deposits ---------------------------------------------------------------------

    @action
    def link_with_account_numbers(self) -> None:
        """"Link with account numbers": manual entry, verified later by a same-day micro-deposit. On
        NUMBERS_SELECT_INSTITUTION ("Enter account number instead"), manual entry goes on."""
        if isinstance(self.pane, Reroute):
            if self.pane.forced:
                raise FlowError("Reroute to Credentials is FORCED: manual entry is not offered")
            self._show(LegalName(id=P.LEGAL_NAME) if self._manual.get("name_required") else Plain(id=P.ACCOUNT_TYPE))
            return
        self._require(P.SELECT_INSTITUTION, P.EXIT)
        if self.config is None or not self.config.manual_entry:
            raise FlowError("manual account entry is not enabled for this link token")
        self.settle_search()
        self._institution, self._auth, self._manual = None, None, {}
        self._show(Numbers(id=P.NUMBERS))

    @action
    async def select_auth_type(self, selection: str) -> None:
        """Auth Type Select: "instant" (log in at an institution) or "manual" (account numbers)."""
        self._require(P.SELECT_AUTH_TYPE)
        if selection not in ("instant", "manual"):
            raise FlowError(f"unknown auth type {selection!r} (instant or manual)")
        self._emit(E.SELECT_AUTH_TYPE, selection=f"flow_type_{selection}")
        if selection == "manual":
            self._institution, self._auth, self._manual = None, None, {}
            self._show(Numbers(id=P.NUMBERS))
        else:
            await self._institution_select()

    @action
    async def submit_account_type(self, account_type: str) -> None:
        self._require(P.ACCOUNT_TYPE)
        if account_type not in ("checking", "savings"):
            self._update(notice=self._t("account_type.choose"))
            return
        self._manual["account_type"] = account_type
        if self._manual.get("database"):  # Database Auth checks the numbers now: no deposit to authorise
            self._show(Plain(id=P.LOADING))
            await self._complete([], legal_name=self._manual.get("legal_name"), account_type=account_type)
            return
        self._show(Deposit(id=P.AUTHORIZE_DEPOSIT, mask=self._manual.get("mask", "")))

    @action
    async def authorize_deposit(self) -> None:
        """Same-day: the deposit goes out, the code comes in a later session. Instant: the deposit lands in
        seconds, so the Item is created now and its code is asked for in this session."""
        self._require(P.AUTHORIZE_DEPOSIT)
        mask = self._manual.get("mask", "")
        if not self._manual.get("instant"):
            self._show(Deposit(id=P.SAME_DAY_MICRODEPOSIT_AUTHORIZED, mask=mask))
            return
        try:
            done = await self._call(self.backend.complete(L.CompleteRequest(
                link_session_id=self.link_session_id, account_ids=[], legal_name=self._manual.get("legal_name"),
                account_type=self._manual.get("account_type"))))
        except PlaidApiError as exc:
            self._error(exc)
            return
        # the selected institution (Windowpane Bank) stays on every later event, though the Item, like any
        # micro-deposit Item, has none (onSuccess `institution` null, PLAID_FACTS §2.1)
        self._show(Deposit(id=P.INSTANT_MICRODEPOSIT_AUTHORIZED, mask=mask, deposit_account=done.accounts[0]))

    @action
    async def submit_deposit_code(self, code: str) -> None:
        """The 3 letters in front of ACCTVERIFY on the statement (any case)."""
        self._require(P.SAME_DAY_MICRODEPOSIT_VERIFICATION, P.INSTANT_MICRODEPOSIT_VERIFICATION)
        checked = self._well_formed(code, partial(code_problem, language=self.language))
        if checked is None:
            return
        code = checked
        try:
            checked = await self._call(self.backend.verify_code(L.VerifyCodeRequest(
                link_session_id=self.link_session_id, code=code)))
        except PlaidApiError as exc:
            self._error(exc)
            return
        if checked.error is not None:
            if checked.attempts_left <= 0:
                self._error(PlaidApiError(checked.error))
                return
            self._error(PlaidApiError(checked.error), inline=True)
            _, body = self._error_copy(checked.error.error_code, inline=True)
            self._update(notice=plural("deposit.attempts_left", self.language, checked.attempts_left, body=body))
            return
        self._last_error = None
        self._show(Plain(id=P.LOADING))
        await self._complete([])

    async def _verify_numbers(self, legal_name: str | None = None) -> None:
        """LOADING while Plaid checks the typed numbers; a mismatch returns to NUMBERS with Plaid's words."""
        numbers_pane = next(p for p in reversed(self._history) if isinstance(p, Numbers))
        account = numbers_pane.account
        assert account is not None
        assert self._numbers is not None
        routing, number = self._numbers
        self._show(Plain(id=P.LOADING, institution=self._institution))
        try:
            await self._call(self.backend.submit_numbers(L.SubmitNumbersRequest(
                link_session_id=self.link_session_id, account_id=account.account_id, routing_number=routing,
                account_number=number)))
        except PlaidApiError as exc:
            self._error(exc, back_to=replace(numbers_pane, routing_number=routing))
            return
        finally:
            self._numbers = None  # a full account number is kept only as long as it is needed
        await self._complete([account.account_id], legal_name=legal_name)

    async def _complete(self, account_ids: list[str], legal_name: str | None = None,
                        account_type: str | None = None) -> None:
        try:
            done = await self._call(self.backend.complete(L.CompleteRequest(
                link_session_id=self.link_session_id, account_ids=account_ids, legal_name=legal_name,
                account_type=account_type)))
        except PlaidApiError as exc:
            self._error(exc)
            return
        self._last_error = None
        self._success = OnSuccess(public_token=done.public_token, metadata=SuccessMetadata(
            institution=done.institution, accounts=done.accounts, link_session_id=self.link_session_id))
        self._show(Plain(id=P.CONNECTED, institution=self._institution))

    def _handoff(self) -> None:
        self._require(P.CONNECTED)
        assert self._success is not None
        self._emit(E.HANDOFF)
        self._finish(self._success)

    # --- errors, exit and back ---------------------------------------------------------------------------

    @action
    async def retry(self) -> None:
        """The ERROR pane's primary action: what Link does next for that error."""
        nxt = self._on(Error, P.ERROR).next_action
        origin = self._error_from
        if nxt in ("retry_credentials", "retry_mfa") and origin is not None and origin.id in (
                P.CREDENTIAL, P.MATCHED_CREDENTIAL, P.MFA):
            self._show(replace(origin, notice=None))  # back to the login step that failed, username kept
        elif nxt == "exit":
            self.exit()
        elif nxt == "reopen":  # the session never opened: try to open it again
            await self.open()
        else:
            await self._institution_select()

    @action
    def exit(self) -> None:
        """Esc / ×: the "Are you sure you want to exit?" pane (on CONNECTED, closing hands off instead)."""
        self._exit()

    def _exit(self) -> None:
        if self.finished or self.pane.id in (P.EXIT, P.LOADING):
            return
        if self.pane.id == P.CONNECTED:
            self._handoff()
            return
        self._exit_from = self.pane
        self._show(Plain(id=P.EXIT, institution=self._institution))

    @action
    def confirm_exit(self) -> None:
        self._require(P.EXIT)
        self._confirm_exit()

    def _confirm_exit(self) -> None:
        status = self._exit_status(self._exit_from)
        err = self._last_error
        self._emit(E.EXIT, exit_status=status,
                   error_type=err.error_type if err else None, error_code=err.error_code if err else None,
                   error_message=err.error_message if err else None)
        self._finish(self._on_exit(status))

    def leave(self) -> None:
        """End the session now, as closing Link does (Ctrl+Q, a restart, the app closing): onExit with the
        status of the pane on screen, or the hand-off on CONNECTED. Nothing happens while LOADING. Not an
        action: closing Link is never refused, even while an action is in flight (whose outcome then finds
        the session finished, and shows and emits nothing)."""
        if self.finished:
            return
        self._exit()
        if self.pane.id == P.EXIT:
            self._confirm_exit()

    @action
    async def back(self) -> None:
        """EXIT pane: return to the pane the user left. Elsewhere: the ← in the header."""
        if self.pane.id == P.EXIT:
            assert self._exit_from is not None
            self._show(replace(self._exit_from))
            return
        targets = PANES[self.pane.id].back_to
        for previous in reversed(self._history[:-1]):
            if previous.id in targets:
                if previous.id == P.SELECT_INSTITUTION or previous.id == P.CONSENT:
                    self._institution = None
                self._history = self._history[: self._history.index(previous)]
                self._show(replace(previous, notice=None))
                return
        raise FlowError(f"there is no way back from {self.pane.id}")

    @property
    def pane_before_exit(self) -> PaneId | None:
        """On the EXIT pane: the pane the user is leaving."""
        return self._exit_from.id if self._exit_from is not None and self.pane.id == P.EXIT else None

    def can_go_back(self) -> bool:
        targets = PANES[self.pane.id].back_to
        return self.pane.id == P.EXIT or any(p.id in targets for p in self._history[:-1])

    def _exit_status(self, pane: Pane | None) -> str | None:
        if pane is None:
            return None
        if pane.id == P.ERROR:
            pane = self._error_from
            if pane is None:
                return None
        status = exit_status(pane)
        return status.value if status else None

    def _on_exit(self, status: str | None) -> OnExit:
        inst = self._institution
        return OnExit(
            error=self._last_error.link_error() if self._last_error else None,
            metadata=ExitMetadata(
                institution=LinkInstitution(name=inst.name, institution_id=inst.institution_id) if inst else None,
                status=status, link_session_id=self.link_session_id, request_id=self._request_id))


async def _answered(response: Any) -> Any:
    """An answer already in hand, as the awaitable `_login` takes."""
    return response


def _in_sentence(label: str) -> str:
    """A field's label as a word mid-sentence: "Password" → "password", "User ID" → "user ID", "PIN" stays."""
    return label[0].lower() + label[1:] if len(label) > 1 and label[1].islower() else label
