"""The Sandbox: Plaid's server side of a Link session and of the token endpoints, over the state store."""
from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import phonenumbers

from ..link import tokens
from ..link.data import load
from ..link.errors import error_json, make_error
from ..link.formats import account_problem, routing_problem
from ..link.matching import match_spans
from ..link.rules import display_client_name
from ..plaid import link_api as L
from ..plaid.models import (
    Account,
    Balances,
    LinkAccount,
    LinkEvent,
    LinkInstitution,
    LinkTokenCreateRequest,
    LinkTokenCreateResponse,
)
from . import auth, hints, validation, webhooks
from .catalogue import Catalogue, Institution, default_catalogue
from .item import Item, StoredItem, TypedNumbers
from .logins import MfaRound, check_answers, login, recaptcha_challenge, recaptcha_outcome
from .store import Store

RETURNING_USER_COUNTRIES = {"US", "CA"}
RETURNING_USER_CALLING_CODES = {1, 44, 52}


@dataclass
class _LinkSession:
    request: LinkTokenCreateRequest
    link_token: str = ""
    phone: str | None = None  # E.164, once submitted
    otp_attempts: int = 0
    phone_verified: bool = False
    saved: list[L.SavedInstitution] = field(default_factory=list)
    institution: Institution | None = None
    mfa: list[MfaRound] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)  # every account of the Item being linked
    microdeposits_login: bool = False  # logged in with the Automated Micro-deposits password
    item_id: str | None = None  # the existing Item a link token with access_token opened
    instant_institution: bool = False  # the selected institution links by Instant Micro-deposits only
    legacy_flow: str | None = None  # legacy returning user at the selected institution
    recaptcha: str | None = None  # "good" / "bad" while a reCAPTCHA challenge is pending
    recaptcha_word: str | None = None
    recaptcha_attempts: int = 0
    manual_numbers: tuple[str, str] | None = None  # routing and account number of a manually entered account
    auth_method: str | None = None
    numbers_for: str | None = None  # the account whose typed numbers matched
    typed_numbers: tuple[str, str] | None = None  # routing and account number typed for it (kept on the Item)


def _link_account(a: Account) -> LinkAccount:
    """An account as onSuccess metadata lists it."""
    return LinkAccount(id=a.account_id, name=a.name, mask=a.mask, type=a.type, subtype=a.subtype,
                       verification_status=a.verification_status)


# The onEvent metadata fields /link/token/get and the EVENTS webhook report (LinkEventMetadata in Plaid's API).
_API_EVENT_FIELDS = ("error_code", "error_message", "error_type", "exit_status", "institution_id", "institution_name",
                     "institution_search_query", "request_id", "mfa_type", "view_name", "selection", "brand_name",
                     "match_reason", "routing_number", "account_number_mask")


def link_event(event: LinkEvent) -> dict[str, Any]:
    """An onEvent as Plaid's API reports it: event_name, timestamp, event_id and the populated metadata."""
    meta = event.metadata.model_dump()
    return {"event_name": event.event_name, "timestamp": meta["timestamp"], "event_id": str(uuid.uuid4()),
            "event_metadata": {k: meta[k] for k in _API_EVENT_FIELDS if meta.get(k) is not None}}


def _as_text(raw: bytes) -> str | None:
    try:
        return raw.decode()
    except UnicodeDecodeError:  # JSON may come as UTF-16 or UTF-32: stored re-encoded instead
        return None


def iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


class Sandbox:
    def __init__(self, store: Store | None = None, catalogue: Catalogue | None = None,
                 clock: Callable[[], float] = time.time,
                 notify: Callable[[str, dict[str, Any]], None] | None = None) -> None:
        self.store = store or Store()
        self.catalogue = catalogue or default_catalogue()
        self.clock = clock
        self.notify = notify  # delivers a webhook (url, body); None: webhooks are not sent
        self._sessions: dict[str, _LinkSession] = {}
        # oauth_state_id -> (link token, link_session_id, institution_id, approved): sessions gone to the bank
        self._oauth_states: dict[str, tuple[str, str, str, bool]] = {}

    def _webhook(self, url: str | None, body: dict[str, Any]) -> None:
        if url and self.notify is not None:
            self.notify(url, body)

    def send_webhook(self, url: str | None, body: dict[str, Any]) -> None:
        """Deliver a webhook body to `url` (nothing when the Item has no webhook or no notifier was given)."""
        self._webhook(url, body)

    # --- /link/token/create ------------------------------------------------------------------------

    def link_token_create(self, body: dict[str, Any]) -> LinkTokenCreateResponse:
        token, expiration = self.create_link_token(body)
        return LinkTokenCreateResponse(link_token=token, expiration=expiration, request_id=tokens.request_id())

    def create_link_token(self, body: dict[str, Any], raw: bytes | None = None) -> tuple[str, str]:
        """A new link token for a /link/token/create body, and its expiration (RFC 3339). `raw`: the body's
        bytes as received, stored as they are when they carry no API keys (saves encoding it again)."""
        req = validation.link_token_create(body)
        now = self.clock()
        ttl = tokens.UPDATE_LINK_TOKEN_TTL if req.access_token else tokens.LINK_TOKEN_TTL
        if req.access_token and not self.store.item_by_access_token(req.access_token):
            raise make_error("INVALID_ACCESS_TOKEN")
        token = tokens.link_token()
        # the body as sent (it has just been validated), without the API keys
        stored = _as_text(raw) if raw is not None and "client_id" not in body and "secret" not in body else None
        if stored is None:
            stored = json.dumps({k: v for k, v in body.items() if k not in ("client_id", "secret")})
        self.store.put_link_token(token, stored, now, now + ttl)
        return token, iso(now + ttl)

    # --- the Link session ---------------------------------------------------------------------------

    def check_link_token(self, link_token: str) -> dict[str, Any]:
        """The /link/token/create body of a token Link can open; INVALID_LINK_TOKEN when unknown or expired."""
        found = self.store.get_link_token(link_token)
        if found is None or found[2] <= self.clock():
            raise make_error("INVALID_LINK_TOKEN")
        return found[0]

    def start_session(self, req: L.StartSessionRequest) -> L.StartSessionResponse:
        request = LinkTokenCreateRequest.model_validate(self.check_link_token(req.link_token))
        if req.oauth_state_id is not None:
            return self._oauth_return(req, request)
        session = _LinkSession(request, link_token=req.link_token)
        start_pane, verify_account = self._existing_item(session)
        update_institution = (self._summary(session, session.institution)
                              if start_pane == "CREDENTIAL" and session.institution is not None else None)
        open_at = None  # /link/token/create `institution_id`: Link opens at that institution (not in update mode)
        if request.institution_id and not request.access_token:
            preselected = self.catalogue.get(request.institution_id)
            if preselected is None:
                raise make_error("INVALID_INSTITUTION")
            open_at = self._summary(session, preselected)
        session_id = tokens.link_session_id()
        self._sessions[session_id] = session
        self.store.start_link_session(session_id, req.link_token, self.clock())
        config = self._config(request, start_pane=start_pane, verify_account=verify_account,
                              institution=update_institution, open_at=open_at)
        return L.StartSessionResponse(link_session_id=session_id, config=config, request_id=tokens.request_id())

    def _config(self, request: LinkTokenCreateRequest, **where: Any) -> L.LinkConfig:
        """What Link needs to know of its link token; `where`: where it opens (start_pane, open_at, …)."""
        phone = request.user.phone_number
        countries = request.country_codes
        return L.LinkConfig(
            client_name=display_client_name(request.client_name, request.language),
            products=list(request.products or []),
            country_codes=countries,
            language=request.language,
            account_filters=request.account_filters,
            is_update_mode=bool(request.access_token),
            phone_prefill_last4=phone[-4:] if phone else None,
            phone_default_country="US" if "US" in countries or len(countries) != 1 else countries[0],
            returning_user_eligible=bool(RETURNING_USER_COUNTRIES & set(countries)) and not request.access_token,
            manual_entry=auth.manual_entry_enabled(request),
            routing_number=request.institution_data.routing_number if request.institution_data else None,
            auth_type_select=auth.manual_entry_enabled(request) and bool(
                request.auth is not None and request.auth.auth_type_select_enabled),
            deposit_descriptor=f"#XXX {display_client_name(request.client_name)[:11].upper()} ACCTVERIFY",
            oauth_redirect_uri=request.redirect_uri,
            **where,
        )

    # --- OAuth by redirect (Link in a web page) ---------------------------------------------------------

    def oauth_redirect(self, req: L.OAuthRedirectRequest) -> L.OAuthRedirectResponse:
        """Link leaves for the bank's OAuth page, whose answer (`approved`) comes back at the link token's
        redirect_uri with an oauth_state_id; the app re-opens Link with it (`start_session`), in this session."""
        session = self._session(req.link_session_id)
        uri = session.request.redirect_uri
        if not uri:
            raise make_error("INVALID_FIELD", "redirect_uri: the link token has none, so the bank cannot send the "
                                              "user back to the app")
        institution = self.catalogue.get(req.institution_id)
        if institution is None or not institution.oauth:
            raise make_error("INVALID_INSTITUTION")
        state = tokens.oauth_state_id()
        self._oauth_states[state] = (session.link_token, req.link_session_id, req.institution_id, req.approved)
        separator = "&" if "?" in uri else "?"
        return L.OAuthRedirectResponse(redirect_url=f"{uri}{separator}oauth_state_id={state}",
                                       request_id=tokens.request_id())

    def _oauth_return(self, req: L.StartSessionRequest, request: LinkTokenCreateRequest) -> L.StartSessionResponse:
        """Link re-opened by the app with the oauth_state_id its redirect_uri received: the session it left."""
        assert req.oauth_state_id is not None
        found = self._oauth_states.get(req.oauth_state_id)
        if found is None or found[0] != req.link_token or found[1] not in self._sessions:
            raise make_error("INVALID_FIELD", "receivedRedirectUri: its oauth_state_id is not one this link token's "
                                              "session left for")
        del self._oauth_states[req.oauth_state_id]
        _, session_id, institution_id, approved = found
        session = self._sessions[session_id]
        institution = self.catalogue.get(institution_id)
        assert institution is not None
        return L.StartSessionResponse(
            link_session_id=session_id, config=self._config(request), request_id=tokens.request_id(),
            oauth_return=L.OAuthReturn(institution=self._summary(session, institution), approved=approved))

    def _existing_item(self, session: _LinkSession) -> tuple[str | None, LinkAccount | None]:
        """A link token made with an Item's access_token: where Link opens for that Item."""
        token = session.request.access_token
        if not token:
            return None, None
        found = self.store.item_by_access_token(token)
        if found is None:
            raise make_error("INVALID_ACCESS_TOKEN")
        session.item_id, item = found
        session.accounts = [a.model_copy() for a in item.accounts]
        if item.auth_method in ("SAME_DAY_MICRODEPOSITS", "INSTANT_MICRODEPOSITS"):
            account = session.accounts[0]
            rules = auth.manual_rules()
            if account.verification_status == rules["failed_status"]:
                raise make_error("TOO_MANY_VERIFICATION_ATTEMPTS")
            kind = "SAME_DAY" if item.auth_method == "SAME_DAY_MICRODEPOSITS" else "INSTANT"
            pane = "CONNECTED" if account.verification_status == rules["verified_status"] \
                else f"{kind}_MICRODEPOSIT_VERIFICATION"
            return pane, _link_account(account)
        session.institution = self.catalogue.get(item.institution_id) if item.institution_id else None
        if session.institution is None:
            raise make_error("INVALID_ACCESS_TOKEN", "the Item has no institution to log in to")
        return "CREDENTIAL", None  # update mode: log in again at the Item's institution

    def _session(self, link_session_id: str) -> _LinkSession:
        session = self._sessions.get(link_session_id)
        if session is None:
            raise make_error("INVALID_LINK_TOKEN", "unknown link_session_id")
        return session

    def _summary(self, session: _LinkSession, inst: Institution) -> L.InstitutionSummary:
        req = session.request
        return L.InstitutionSummary(
            institution_id=inst.institution_id,
            name=inst.name,
            oauth=inst.oauth,
            health=inst.health,
            supports_session=inst.supports(list(req.products or []), req.country_codes),
            supported=inst.supported,
            saved=any(s.institution.institution_id == inst.institution_id for s in session.saved),
            url=inst.url,
            credentials=[L.CredentialField.model_validate(c) for c in inst.credentials],
        )

    def search(self, req: L.SearchRequest) -> L.SearchResponse:
        session = self._session(req.link_session_id)
        results = self.catalogue.search(req.query)
        routing = session.request.institution_data.routing_number if session.request.institution_data else None
        if routing and not req.query.strip():  # institution_data.routing_number: the matching banks first
            matched = self.catalogue.with_routing_number(routing)
            results = matched + [r for r in results if r not in matched]
        legacy = self._legacy_user(session)
        if legacy and not req.query.strip():  # the legacy experience boosts the user's institutions
            boosted = [i for i in map(self.catalogue.get, legacy) if i is not None]
            results = boosted + [r for r in results if r.institution_id not in legacy]
        saved_ids = [s.institution.institution_id for s in session.saved]  # in the profile's order
        if saved_ids:  # a recognised returning user sees saved institutions first
            if not req.query.strip():
                saved = [i for i in map(self.catalogue.get, saved_ids) if i is not None]
                results = saved + [r for r in results if r.institution_id not in saved_ids]
            rank = {ins_id: n for n, ins_id in enumerate(saved_ids)}
            results.sort(key=lambda i: rank.get(i.institution_id, len(rank)))
        summaries = [self._summary(session, i) for i in results]
        for summary in summaries:
            summary.spans = match_spans(summary.name, req.query)
            inst = self.catalogue.get(summary.institution_id)
            if routing and inst is not None and routing in inst.routing_numbers:
                summary.matched = "routing_number"
            elif summary.institution_id in legacy:
                summary.matched = "returning_user"
        return L.SearchResponse(institutions=summaries, request_id=tokens.request_id())

    def hints(self, req: L.HintsRequest) -> L.HintsResponse:
        """The magic values that do something on the session's pane, from this Sandbox's own catalogue and the
        link token's products and countries (so `--catalogue` and a remote `tuilink serve` give true hints)."""
        session = self._session(req.link_session_id)
        context = hints.PaneContext(
            institution_id=req.institution_id, account_mask=req.account_mask, mfa_type=req.mfa_type,
            mfa_round=req.mfa_round, mfa_questions=tuple((q.text, tuple(q.options)) for q in req.mfa_questions),
            challenge=req.challenge, products=tuple(session.request.products or ()),
            country_codes=tuple(session.request.country_codes), catalogue=self.catalogue)
        return L.HintsResponse(hints=hints.for_pane(req.pane, context), request_id=tokens.request_id())

    def select_institution(self, req: L.SelectInstitutionRequest) -> L.SelectInstitutionResponse:
        session = self._session(req.link_session_id)
        inst = self.catalogue.get(req.institution_id)
        if inst is None:
            raise make_error("INVALID_INSTITUTION")
        if not inst.supported:
            raise make_error("INSTITUTION_NO_LONGER_SUPPORTED")
        session.institution = inst
        session.mfa, session.manual_numbers, session.auth_method = [], None, None  # a new login starts over
        # Instant Micro-deposits only with the flag, in the US and for products Auth/Transfer only (auth.py);
        # otherwise Windowpane Bank is a login bank without a usable Auth method (NO_AUTH_ACCOUNTS after login)
        numbers_only = (inst.auth_methods == ("instant_microdeposits",)
                        and auth.instant_microdeposits(session.request))
        session.instant_institution = numbers_only
        session.legacy_flow = self._legacy_user(session).get(inst.institution_id)
        phone = session.request.user.phone_number
        return L.SelectInstitutionResponse(institution=self._summary(session, inst), numbers_only=numbers_only,
                                           returning_user=session.legacy_flow,
                                           phone_last4=phone[-4:] if session.legacy_flow and phone else None,
                                           request_id=tokens.request_id())

    def _legacy_user(self, session: _LinkSession) -> dict[str, str]:
        """Institution id → "pre_matched" / "pre_authenticated" when the link token's user is the Sandbox's
        legacy returning user (pre-authentication needs the email address as well as the phone)."""
        legacy = load("sandbox_users.json")["legacy_returning_user"]
        user = session.request.user
        if user.phone_number != legacy["phone_number"]:
            return {}
        with_email = user.email_address == legacy["email_address"]
        return {ins: flow if with_email else "pre_matched" for ins, flow in legacy["institutions"].items()}

    def submit_matched_otp(self, req: L.SubmitOtpRequest) -> L.LoginResponse:
        """Pre-authenticated legacy returning user: the code sent to the phone replaces the login."""
        session = self._session(req.link_session_id)
        if session.legacy_flow != "pre_authenticated" or session.institution is None:
            raise make_error("INVALID_OTP", "no code is expected in this session")
        if req.code != load("sandbox_users.json")["legacy_returning_user"]["otp"]:
            raise make_error("INVALID_OTP")
        session.mfa = []
        return self._login_step(session)

    # returning users

    def submit_phone(self, req: L.SubmitPhoneRequest) -> L.SubmitPhoneResponse:
        session = self._session(req.link_session_id)
        typed = req.phone_number if req.phone_number is not None else session.request.user.phone_number
        if not typed:
            raise make_error("INVALID_PHONE_NUMBER")
        try:
            parsed = phonenumbers.parse(typed, req.country)
        except phonenumbers.NumberParseException:
            raise make_error("INVALID_PHONE_NUMBER") from None
        if not phonenumbers.is_valid_number(parsed):
            raise make_error("INVALID_PHONE_NUMBER")
        e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        session.phone, session.otp_attempts, session.phone_verified = e164, 0, False
        return L.SubmitPhoneResponse(
            otp_required=parsed.country_code in RETURNING_USER_CALLING_CODES,
            phone_last4=e164[-4:],
            request_id=tokens.request_id(),
        )

    def submit_otp(self, req: L.SubmitOtpRequest) -> L.SubmitOtpResponse:
        session = self._session(req.link_session_id)
        rules = load("sandbox_users.json")["returning_users"]
        if session.phone is None:
            raise make_error("INVALID_OTP")
        if session.otp_attempts >= rules["max_otp_attempts"]:
            raise make_error("PROFILE_AUTHENTICATION_FAILED")
        if req.code != rules["otp"]:
            session.otp_attempts += 1
            if session.otp_attempts >= rules["max_otp_attempts"]:
                raise make_error("PROFILE_AUTHENTICATION_FAILED")
            raise make_error("INVALID_OTP")
        session.phone_verified = True
        seeded = rules["phones"].get(session.phone)
        profile = seeded["saved"] if seeded else (self.store.get_returning_user(session.phone) or [])
        session.saved = []
        for entry in profile:
            inst = self.catalogue.get(entry["institution_id"])
            if inst is None:
                continue
            summary = self._summary(session, inst)
            if not summary.supports_session:
                continue
            known = self._offered_accounts(session, self._user_accounts())
            by_mask = {a.mask: a for a in known}
            accounts = [L.SavedAccount(account=by_mask[m], new=False) for m in entry["accounts"] if m in by_mask]
            accounts += [L.SavedAccount(account=by_mask[m], new=True) for m in entry.get("new_accounts", [])
                         if m in by_mask]
            if accounts:
                summary.saved = True
                session.saved.append(L.SavedInstitution(institution=summary, accounts=accounts))
        return L.SubmitOtpResponse(
            saved=session.saved,
            reuse_connection=not (seeded or {}).get("new_device", False),
            auto_select_accounts=(seeded or {}).get("auto_select_accounts", False),
            request_id=tokens.request_id(),
        )

    def saved_login(self, req: L.SavedLoginRequest) -> L.SavedLoginResponse:
        session = self._session(req.link_session_id)
        saved = next((s for s in session.saved if s.institution.institution_id == req.institution_id), None)
        if saved is None or not session.phone_verified:
            raise make_error("INVALID_INSTITUTION", "institution is not saved for this user")
        session.institution = self.catalogue.get(req.institution_id)
        session.accounts = [s.account for s in saved.accounts]
        return L.SavedLoginResponse(accounts=saved.accounts, request_id=tokens.request_id())

    # credentials and MFA

    def submit_credentials(self, req: L.SubmitCredentialsRequest) -> L.LoginResponse:
        session = self._session(req.link_session_id)
        inst = session.institution
        if inst is None or inst.institution_id != req.institution_id:
            raise make_error("INVALID_INSTITUTION", "select the institution before submitting credentials")
        username = req.username
        if session.legacy_flow and not username:  # pre-matched: Link already knows the username
            username = load("sandbox_users.json")["legacy_returning_user"]["username"]
        outcome = recaptcha_outcome(req.password)
        if outcome is not None and username:
            session.recaptcha, session.recaptcha_attempts, session.mfa = outcome, 0, []
            session.recaptcha_word = recaptcha_challenge()
            return L.LoginResponse(recaptcha=session.recaptcha_word, request_id=tokens.request_id())
        session.mfa = login(inst, username, req.password, req.pin, session.request.language)
        session.microdeposits_login = req.password == load("sandbox_users.json")["logins"]["microdeposits_password"]
        return self._login_step(session)

    def submit_recaptcha(self, req: L.SubmitRecaptchaRequest) -> L.LoginResponse:
        """A solved challenge lets a "good" login through and ends a "bad" one with RECAPTCHA_BAD; a wrong
        answer gets a new challenge."""
        session = self._session(req.link_session_id)
        if session.recaptcha is None or session.recaptcha_word is None:
            raise make_error("RECAPTCHA_REQUIRED")
        if req.answer.strip().upper() != session.recaptcha_word:
            session.recaptcha_attempts += 1
            session.recaptcha_word = recaptcha_challenge(session.recaptcha_attempts)
            return L.LoginResponse(recaptcha=session.recaptcha_word, request_id=tokens.request_id())
        outcome, session.recaptcha, session.recaptcha_word = session.recaptcha, None, None
        if outcome == "bad":
            raise make_error("RECAPTCHA_BAD")
        return self._login_step(session)

    def submit_mfa(self, req: L.SubmitMfaRequest) -> L.LoginResponse:
        session = self._session(req.link_session_id)
        if not session.mfa:
            raise make_error("INVALID_MFA", "no MFA challenge is pending")
        check_answers(session.mfa[0], req.answers)
        session.mfa.pop(0)
        return self._login_step(session)

    def _login_step(self, session: _LinkSession) -> L.LoginResponse:
        if session.mfa:
            return L.LoginResponse(mfa=session.mfa[0].challenge, request_id=tokens.request_id())
        assert session.institution is not None
        method = auth.auth_method(session.institution, session.request, session.microdeposits_login)
        session.auth_method, session.numbers_for, session.typed_numbers = method, None, None
        session.accounts = self._user_accounts()
        offered = self._offered_accounts(session, session.accounts)
        if not offered:
            raise make_error("NO_AUTH_ACCOUNTS" if method else "NO_ACCOUNTS")
        return L.LoginResponse(accounts=offered, auth_method=method, single_account=auth.needs_numbers(method),
                               numbers_required=auth.needs_numbers(method),
                               legal_name_required=(auth.needs_legal_name(method)
                                                    and not session.request.user.legal_name),
                               request_id=tokens.request_id())

    def submit_numbers(self, req: L.SubmitNumbersRequest) -> L.SubmitNumbersResponse:
        session = self._session(req.link_session_id)
        if req.account_id is None:  # "Link with account numbers", or an Instant Micro-deposits institution
            if not (session.instant_institution or auth.manual_entry_enabled(session.request)):
                raise make_error("INVALID_FIELD", "manual account entry is not enabled for this link_token")
            if routing_problem(req.routing_number) or account_problem(req.account_number):
                raise make_error("INVALID_ACCOUNT_NUMBER")
            instant_routing = any("instant_microdeposits" in i.auth_methods
                                  for i in self.catalogue.with_routing_number(req.routing_number))
            if session.instant_institution and not instant_routing:
                raise make_error("INVALID_ACCOUNT_NUMBER")
            instant = instant_routing and auth.instant_microdeposits(session.request)
            database = not instant and not session.instant_institution and auth.database_auth_enabled(session.request)
            session.institution = None
            session.auth_method = ("INSTANT_MICRODEPOSITS" if instant else "DATABASE_INSIGHTS" if database
                                   else "SAME_DAY_MICRODEPOSITS")
            session.manual_numbers = (req.routing_number, req.account_number)
            reroute_mode = (session.request.auth.reroute_to_credentials if session.request.auth else None) or "OPTIONAL"
            reroute = [] if instant or session.instant_institution or reroute_mode == "OFF" else [
                self._summary(session, i) for i in self.catalogue.with_routing_number(req.routing_number)
                if i.supported and (i.credentials or i.oauth)]
            reroute = [r for r in reroute if r.supports_session]
            for summary in reroute:
                summary.matched = "routing_number"
            return L.SubmitNumbersResponse(legal_name_required=not session.request.user.legal_name, instant=instant,
                                           database=database, reroute=reroute,
                                           reroute_forced=bool(reroute) and reroute_mode == "FORCED",
                                           request_id=tokens.request_id())
        account = next((a for a in session.accounts if a.account_id == req.account_id), None)
        if session.institution is None or account is None or not auth.needs_numbers(session.auth_method):
            raise make_error("INVALID_ACCOUNT_ID")
        auth.check_numbers(session.institution, session.auth_method, account.mask, req.routing_number,
                           req.account_number)
        session.numbers_for = account.account_id
        session.typed_numbers = (req.routing_number, req.account_number)
        return L.SubmitNumbersResponse(request_id=tokens.request_id())

    def oauth_login(self, req: L.OAuthLoginRequest) -> L.LoginResponse:
        """The user's answer on the institution's OAuth page: the Item's accounts, or (denied) the error
        Plaid's published OAuth log shows when the user comes back without granting access."""
        session = self._session(req.link_session_id)
        if not req.approved:
            raise make_error("INTERNAL_SERVER_ERROR")
        if session.institution is None or session.institution.institution_id != req.institution_id:
            session.institution = self.catalogue.get(req.institution_id)
        if session.institution is None:
            raise make_error("INVALID_INSTITUTION")
        session.mfa = []
        return self._login_step(session)

    def _user_accounts(self) -> list[Account]:
        return [
            Account(
                account_id=tokens.account_id(),
                balances=Balances(available=a["available"], current=a["current"], limit=a["limit"]),
                mask=a["mask"], name=a["name"], official_name=a["official_name"], type=a["type"],
                subtype=a["subtype"], holder_category=a["holder_category"],
            )
            for a in load("sandbox_users.json")["accounts"]
        ]

    def _offered_accounts(self, session: _LinkSession, accounts: list[Account]) -> list[Account]:
        """Accounts Link's Account Select may show: `auth` keeps checking/savings/cash management;
        `account_filters` (PLAID_FACTS §8.2) keeps, for every account type (depository, credit, loan, investment,
        other), only a type it names, with a subtype it lists or "all", and hides every type it does not name.

        `depository.limited_purpose_types` is accepted and changes nothing: Plaid's only value, RENT_MORTGAGE,
        names limited-purpose accounts no Sandbox account is. Plaid applies account_filters to Institution
        Select too; the catalogue has no account types per institution (every Sandbox institution holds
        user_good's accounts), so Institution Select is not filtered by them, and a filter no account of the
        login passes ends with NO_ACCOUNTS (NO_AUTH_ACCOUNTS with `auth`) after the login."""
        req = session.request
        if "auth" in list(req.products or []):
            auth_subtypes = set(load("sandbox_users.json")["auth_subtypes"])
            accounts = [a for a in accounts if a.subtype in auth_subtypes]
        if req.account_filters is not None:
            filters = req.account_filters.model_dump(exclude_none=True)
            accounts = [a for a in accounts if a.type in filters and (
                "all" in filters[a.type]["account_subtypes"] or a.subtype in filters[a.type]["account_subtypes"])]
        return accounts

    # finishing

    def complete(self, req: L.CompleteRequest) -> L.CompleteResponse:
        session = self._session(req.link_session_id)
        done = self._complete(session, req)
        self.store.add_item_add_result(req.link_session_id, {
            "public_token": done.public_token,
            "accounts": [a.model_dump(mode="json") for a in done.accounts],
            "institution": done.institution.model_dump(mode="json") if done.institution else None,
        })
        self._webhook(session.request.webhook, webhooks.item_add_result(
            req.link_session_id, session.link_token, done.public_token))
        return done

    def report(self, req: L.ReportRequest) -> L.ReportResponse:
        """The session's events and callback, as Link reports them when it closes: kept for /link/token/get
        and sent as the link token's SESSION_FINISHED and EVENTS webhooks."""
        link_token = self.store.link_session_token(req.link_session_id)
        if link_token is None:
            raise make_error("INVALID_LINK_TOKEN", "unknown link_session_id")
        events = [link_event(e) for e in req.events]
        result = req.result
        exit_ = None if result.callback == "onSuccess" else {
            "error": result.error, "metadata": result.metadata.model_dump(mode="json")}
        if self.store.finish_link_session(req.link_session_id, events, exit_, self.clock()):
            found = self.store.get_link_token(link_token)
            url = found[0].get("webhook") if found else None
            public = [r["public_token"] for s in self.store.link_sessions(link_token)
                      if s["link_session_id"] == req.link_session_id for r in s["item_add_results"]]
            self._webhook(url, webhooks.session_finished(req.link_session_id, link_token,
                                                         result.callback == "onSuccess", public))
            self._webhook(url, webhooks.link_events(req.link_session_id, link_token, events))
        self._sessions.pop(req.link_session_id, None)
        return L.ReportResponse(request_id=tokens.request_id())

    def _complete(self, session: _LinkSession, req: L.CompleteRequest) -> L.CompleteResponse:
        if session.item_id is not None:
            repaired = self.store.get_item(session.item_id)
            if repaired is not None and repaired.error:  # update mode: the new login repairs the Item
                repaired.error = None
                self.store.update_item(session.item_id, repaired)
                self._webhook(repaired.webhook, webhooks.login_repaired(session.item_id))
            return self._public_token_for(session.item_id)
        if session.manual_numbers is not None:
            return self._complete_manual(session, req)
        inst = session.institution
        by_id = {a.account_id: a for a in session.accounts}
        if inst is None or not req.account_ids or any(i not in by_id for i in req.account_ids):
            raise make_error("INVALID_ACCOUNT_ID")
        if auth.needs_numbers(session.auth_method) and req.account_ids != [session.numbers_for]:
            raise make_error("INVALID_ACCOUNT_NUMBER")
        status = auth.verification_status(session.auth_method)
        for account_id in req.account_ids:
            by_id[account_id].verification_status = status
        # Instant Match / Automated Micro-deposits: the numbers the user typed are the account's Auth numbers
        typed: dict[str, TypedNumbers] = {}
        if session.numbers_for is not None and session.typed_numbers is not None:
            routing, number = session.typed_numbers
            typed[session.numbers_for] = TypedNumbers(routing=routing, account=number)
        now = self.clock()
        item, access, public = tokens.item_id(), tokens.access_token(), tokens.public_token()
        with self.store.transaction():  # an Item is never written without its public token
            self.store.put_item(item, access, Item(
                institution_id=inst.institution_id,
                institution_name=inst.name,
                products=list(session.request.products or []),
                webhook=session.request.webhook,
                # the accounts the user shared on Account Select (one for Instant Match / Automated Micro-deposits)
                accounts=[by_id[i].model_copy() for i in req.account_ids],
                numbers=typed,
                auth_method=session.auth_method,
                legal_name=req.legal_name or session.request.user.legal_name,
                days_requested=(session.request.transactions.days_requested
                                if session.request.transactions is not None else None),
            ), now)
            self.store.put_public_token(public, item, now + tokens.PUBLIC_TOKEN_TTL)
        if "transactions" in list(session.request.products or []):
            self._webhook(session.request.webhook, webhooks.sync_updates_available(item))
        selected = [by_id[i] for i in req.account_ids]
        if session.phone_verified and session.phone:
            self._remember(session, inst, selected)
        return L.CompleteResponse(
            public_token=public,
            institution=LinkInstitution(name=inst.name, institution_id=inst.institution_id),
            accounts=[_link_account(a) for a in selected],
            request_id=tokens.request_id(),
        )

    def _complete_manual(self, session: _LinkSession, req: L.CompleteRequest) -> L.CompleteResponse:
        """A Same-Day Micro-deposits Item: no institution, one account waiting for its deposit code."""
        assert session.manual_numbers is not None
        rules = auth.manual_rules()
        account_type = req.account_type or rules["account_types"][0]
        if account_type not in rules["account_types"]:
            raise make_error("INVALID_FIELD", f"account_type must be one of {', '.join(rules['account_types'])}")
        routing, number = session.manual_numbers
        legal_name = req.legal_name or session.request.user.legal_name
        database = session.auth_method == "DATABASE_INSIGHTS"
        result, score = auth.database_result(number, legal_name) if database else (None, None)
        account = Account(account_id=tokens.account_id(), balances=Balances(available=None, current=None),
                          mask=number[-4:], name=auth.manual_account_name(account_type, number), type="depository",
                          subtype=account_type,
                          verification_status=result if database else rules["verification_status"])
        now = self.clock()
        item = tokens.item_id()
        with self.store.transaction():  # an Item is never written without its public token
            self.store.put_item(item, tokens.access_token(), Item(
                products=list(session.request.products or []), webhook=session.request.webhook, accounts=[account],
                numbers={account.account_id: TypedNumbers(routing=routing, account=number)},
                auth_method=session.auth_method, legal_name=legal_name, name_match_score=score,
            ), now)
            done = self._public_token_for(item)
        session.manual_numbers = None
        if session.auth_method == "INSTANT_MICRODEPOSITS":  # the code is entered in this same session
            session.item_id = item
        if database:  # Link reports the check as pending; the Item (and /auth/get) has the result
            for a in done.accounts:
                a.verification_status = auth.rules()["database_auth"]["link_status"]
        return done

    def create_item(self, inst: Institution, products: list[str], webhook: str | None,
                    days_requested: int | None = None) -> str:
        """/sandbox/public_token/create: an Item at `inst` with every account of user_good, no Link session.
        Returns its public token."""
        now = self.clock()
        item, public = tokens.item_id(), tokens.public_token()
        method = "INSTANT_AUTH" if "auth" in products and "instant_auth" in inst.auth_methods else None
        with self.store.transaction():  # an Item is never written without its public token
            self.store.put_item(item, tokens.access_token(), Item(
                institution_id=inst.institution_id, institution_name=inst.name, products=products, webhook=webhook,
                accounts=self._user_accounts(), auth_method=method, days_requested=days_requested,
            ), now)
            self.store.put_public_token(public, item, now + tokens.PUBLIC_TOKEN_TTL)
        if "transactions" in products:
            self._webhook(webhook, webhooks.sync_updates_available(item))
        return public

    def _public_token_for(self, item_id: str) -> L.CompleteResponse:
        """A fresh public token for an existing Item, and its accounts as onSuccess lists them."""
        item = self.store.get_item(item_id)
        assert item is not None
        public = tokens.public_token()
        self.store.put_public_token(public, item_id, self.clock() + tokens.PUBLIC_TOKEN_TTL)
        inst = (LinkInstitution(name=item.institution_name, institution_id=item.institution_id)
                if item.institution_id else None)
        return L.CompleteResponse(public_token=public, institution=inst,
                                  accounts=[_link_account(a) for a in item.accounts],
                                  request_id=tokens.request_id())

    def verify_code(self, req: L.VerifyCodeRequest) -> L.VerifyCodeResponse:
        """The 3-letter code of a same-day micro-deposit: three attempts, then the Item is locked."""
        session = self._session(req.link_session_id)
        if session.item_id is None:
            raise make_error("INVALID_FIELD", "no micro-deposit is waiting for a code in this session")
        item = self.store.get_item(session.item_id)
        assert item is not None
        rules = auth.manual_rules()
        account = item.accounts[0]
        if account.verification_status != rules["verification_status"]:
            raise make_error("TOO_MANY_VERIFICATION_ATTEMPTS")
        right, left = auth.check_code(req.code, item.code_attempts)
        error = None
        if right:
            account.verification_status = rules["verified_status"]
        else:
            item.code_attempts += 1
            if left <= 0:
                account.verification_status = rules["failed_status"]
            error = make_error("INCORRECT_DEPOSIT_VERIFICATION" if left > 0 else "TOO_MANY_VERIFICATION_ATTEMPTS").error
        self.store.update_item(session.item_id, item)
        return L.VerifyCodeResponse(verified=right, attempts_left=max(left, 0) if not right else left + 1,
                                    error=error, request_id=tokens.request_id())

    def set_verification_status(self, access_token: str, account_id: str, status: str) -> None:
        """/sandbox/item/set_verification_status: move an account along the verification state machine."""
        found = self.store.item_by_access_token(access_token)
        if found is None:
            raise make_error("INVALID_ACCESS_TOKEN")
        item_id, item = found
        account = item.account(account_id)
        if account is None:
            raise make_error("INVALID_ACCOUNT_ID")
        if not auth.can_move(account.verification_status, status):
            raise make_error("INVALID_FIELD", f"verification_status cannot go from "
                                              f"{account.verification_status} to {status}")
        account.verification_status = status
        self.store.update_item(item_id, item)
        self._webhook(item.webhook, webhooks.verification(item_id, account_id, status))

    def reset_login(self, access_token: str) -> None:
        """/sandbox/item/reset_login: the Item needs its user to log in again (update mode)."""
        found = self.store.item_by_access_token(access_token)
        if found is None:
            raise make_error("INVALID_ACCESS_TOKEN")
        item_id, item = found
        item.error = error_json(make_error("ITEM_LOGIN_REQUIRED").error)
        self.store.update_item(item_id, item)
        self._webhook(item.webhook, webhooks.item_error(item_id, item.error))

    def items(self) -> list[StoredItem]:
        """Every Item in the store with its access token (for `tuilink items`)."""
        return self.store.all_items()

    def _remember(self, session: _LinkSession, inst: Institution, accounts: list[Account]) -> None:
        """A verified phone that links an institution is a returning user next time (seeded phones keep
        their documented scenario)."""
        assert session.phone is not None
        if session.phone in load("sandbox_users.json")["returning_users"]["phones"]:
            return
        saved = [s for s in self.store.get_returning_user(session.phone) or []
                 if s["institution_id"] != inst.institution_id]
        saved.insert(0, {"institution_id": inst.institution_id, "accounts": [a.mask for a in accounts]})
        self.store.put_returning_user(session.phone, saved, self.clock())

    # --- token endpoints -------------------------------------------------------------------------------

    def exchange_public_token(self, public_token: str) -> tuple[str, str]:
        """(access_token, item_id) for a public token, which is then spent."""
        item = self.store.take_public_token(public_token, self.clock())
        if item is None:
            raise make_error("INVALID_PUBLIC_TOKEN")
        access = self.store.access_token_of(item)
        assert access is not None
        return access, item
