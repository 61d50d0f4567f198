"""The calls Link makes to Plaid while a user links an account (Link's own client/server protocol).

Plaid does not publish this protocol; these models are tuilink's version of it. Every backend speaks it:
the embedded backend hands the models to the in-process sandbox, an HTTP backend posts them as JSON.
Requests carry the `link_session_id` the session was started with; responses carry a `request_id`.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from .enums import Health
from .models import Account, AccountFilters, LinkAccount, LinkEvent, LinkInstitution, OnExit, OnSuccess, PlaidError


class CredentialField(BaseModel):
    name: Literal["username", "password", "pin"]
    label: str
    type: Literal["text", "password"] = "text"


class InstitutionSummary(BaseModel):
    """An institution as Link's search shows it, judged against this session's configuration."""

    institution_id: str
    name: str
    oauth: bool = False
    health: Health = "HEALTHY"
    supports_session: bool = True  # False → "Connectivity not supported" (products / country)
    supported: bool = True  # False: Plaid no longer supports the institution (picking it is an error)
    saved: bool = False  # a saved institution of a recognised returning user (⚡)
    matched: str | None = None  # shown first because it matched: "routing_number" (institution_data) or
    # "returning_user" (the legacy returning-user experience)
    url: str | None = None
    credentials: list[CredentialField] = Field(default_factory=list)
    spans: list[tuple[int, int]] = Field(default_factory=list)  # the parts of `name` the search query matched


class LinkConfig(BaseModel):
    """What Link needs to know about the link_token it was opened with."""

    client_name: str  # already "This Application" when the configured name is too long
    products: list[str]
    country_codes: list[str]
    language: str
    account_filters: AccountFilters | None = None
    is_update_mode: bool = False
    phone_prefill_last4: str | None = None  # user.phone_number: Link shows only the last 4 digits
    phone_default_country: str = "US"
    returning_user_eligible: bool = True  # US/CA sessions get the phone pane
    manual_entry: bool = False  # "Link with account numbers" (Same-Day Micro-deposits) is offered
    routing_number: str | None = None  # institution_data.routing_number
    auth_type_select: bool = False  # Auth Type Select: "Instantly" or "Manually" before institution select
    deposit_descriptor: str = ""  # the statement line of a micro-deposit: "#XXX ACME LEDGE ACCTVERIFY"
    start_pane: str | None = None  # a session for an existing Item opens here (e.g. the deposit-code pane)
    verify_account: LinkAccount | None = None  # the account whose micro-deposit code is asked for
    institution: InstitutionSummary | None = None  # update mode: the Item's institution
    open_at: InstitutionSummary | None = None  # the link token's `institution_id`: Link skips Institution Select
    # and goes straight to this institution's pane (CREDENTIAL, OAUTH, …)
    oauth_redirect_uri: str | None = None  # the link token's `redirect_uri`: where an OAuth bank sends the user
    # back to when Link runs in a web page that can be redirected (the web SDK)


class StartSessionRequest(BaseModel):
    link_token: str
    oauth_state_id: str | None = None  # Link re-opened on the app's redirect page (web SDK: receivedRedirectUri)


class OAuthReturn(BaseModel):
    """The session Link left for the bank's OAuth page, which sent the user back to the app's redirect_uri."""

    institution: InstitutionSummary
    approved: bool  # what the user answered at the bank


class StartSessionResponse(BaseModel):
    link_session_id: str
    config: LinkConfig
    request_id: str
    oauth_return: OAuthReturn | None = None  # a session resumed by its oauth_state_id


class SearchRequest(BaseModel):
    link_session_id: str
    query: str = ""


class SearchResponse(BaseModel):
    institutions: list[InstitutionSummary]
    request_id: str


class SubmitPhoneRequest(BaseModel):
    link_session_id: str
    phone_number: str | None = None  # as typed, with country code; None = use the link token's user.phone_number
    country: str = "US"


class SubmitPhoneResponse(BaseModel):
    otp_required: bool  # False: the number's country code is outside the returning-user flow → standard flow
    phone_last4: str
    request_id: str


class SubmitOtpRequest(BaseModel):
    link_session_id: str
    code: str


class SavedAccount(BaseModel):
    account: Account
    new: bool = False  # an account the user has not shared before


class SavedInstitution(BaseModel):
    institution: InstitutionSummary
    accounts: list[SavedAccount]


class SubmitOtpResponse(BaseModel):
    """A verified phone. `saved` is empty for a new user."""

    saved: list[SavedInstitution]
    reuse_connection: bool  # False on a new device: saved institutions need the full login
    auto_select_accounts: bool = False
    request_id: str


class SelectInstitutionRequest(BaseModel):
    link_session_id: str
    institution_id: str


class SelectInstitutionResponse(BaseModel):
    institution: InstitutionSummary
    returning_user: str | None = None  # legacy returning user: "pre_matched" or "pre_authenticated"
    phone_last4: str | None = None
    numbers_only: bool = False  # Instant Micro-deposits: no login, the user types the account's numbers
    request_id: str


class SubmitCredentialsRequest(BaseModel):
    link_session_id: str
    institution_id: str
    username: str = ""
    password: str = ""
    pin: str | None = None


class MfaQuestion(BaseModel):
    text: str
    options: list[str] = Field(default_factory=list)  # selections only


class MfaChallenge(BaseModel):
    type: Literal["code", "device", "questions", "selections"]
    round: int = 1
    rounds: int = 1
    devices: list[str] = Field(default_factory=list)  # device: where the code can be sent
    questions: list[MfaQuestion] = Field(default_factory=list)
    prompt: str = ""


class LoginResponse(BaseModel):
    """The institution's answer to a login step: another MFA round, or the Item's accounts and how Auth will
    verify them."""

    mfa: MfaChallenge | None = None
    recaptcha: str | None = None  # a reCAPTCHA challenge: the word to type
    accounts: list[Account] = Field(default_factory=list)
    auth_method: str | None = None  # item.auth_method: INSTANT_AUTH, INSTANT_MATCH, AUTOMATED_MICRODEPOSITS, …
    single_account: bool = False  # Instant Match and Automated Micro-deposits force single select
    numbers_required: bool = False  # the user types the account's routing and account numbers (NUMBERS)
    legal_name_required: bool = False  # micro-deposits ask for the account holder's name
    request_id: str


class SubmitNumbersRequest(BaseModel):
    """Routing and account number typed for the selected account (Instant Match, micro-deposits)."""

    link_session_id: str
    account_id: str | None = None
    routing_number: str
    account_number: str


class SubmitNumbersResponse(BaseModel):
    legal_name_required: bool = False
    instant: bool = False  # an Instant Micro-deposit (RTP/FedNow): the code is entered in this session
    database: bool = False  # Database Auth checks the numbers: no deposit
    reroute: list[InstitutionSummary] = Field(default_factory=list)  # Reroute to Credentials: banks with this
    # routing number the user could log in to instead
    reroute_forced: bool = False  # auth.reroute_to_credentials FORCED: manual entry is not offered
    request_id: str


class VerifyCodeRequest(BaseModel):
    link_session_id: str
    code: str


class VerifyCodeResponse(BaseModel):
    """The micro-deposit code check: `error` is set (and `verified` false) for a wrong code."""

    verified: bool
    attempts_left: int
    error: PlaidError | None = None
    request_id: str


class SubmitRecaptchaRequest(BaseModel):
    link_session_id: str
    answer: str


class SubmitMfaRequest(BaseModel):
    link_session_id: str
    answers: list[str]


class SavedLoginRequest(BaseModel):
    """A returning user reuses a saved connection (no credentials)."""

    link_session_id: str
    institution_id: str


class OAuthLoginRequest(SavedLoginRequest):
    """The user's answer on the institution's OAuth page."""

    approved: bool = True


class OAuthRedirectRequest(OAuthLoginRequest):
    """Link in a web page leaves for the bank's OAuth page; the bank sends the user back to the app's
    redirect_uri with an oauth_state_id, where the app opens Link again with it."""


class OAuthRedirectResponse(BaseModel):
    redirect_url: str  # the link token's redirect_uri with `oauth_state_id`
    request_id: str


class SavedLoginResponse(BaseModel):
    accounts: list[SavedAccount]
    request_id: str


class CompleteRequest(BaseModel):
    link_session_id: str
    account_ids: list[str]  # empty for a manually entered account
    legal_name: str | None = None
    account_type: str | None = None  # manual entry: checking or savings


class CompleteResponse(BaseModel):
    public_token: str
    institution: LinkInstitution | None
    accounts: list[LinkAccount]
    request_id: str


class Hint(BaseModel):
    """One of the Sandbox's magic values that does something on a pane (the hints panel)."""

    label: str  # what is entered, as a user would type it
    effect: str  # what the Sandbox does with it
    # what it fills, as a scenario step (step key → value; `answers` and `selections` are lists); empty: a note
    fill: dict[str, str | list[str]] = Field(default_factory=dict)


class HintsRequest(BaseModel):
    """What the pane on screen shows that changes its hints; the Sandbox adds what it knows of the session
    (its catalogue, the link token's products and countries)."""

    link_session_id: str
    pane: str
    institution_id: str | None = None
    account_mask: str | None = None  # NUMBERS: the account being verified
    mfa_type: str | None = None
    mfa_round: int = 1
    mfa_questions: list[MfaQuestion] = Field(default_factory=list)
    challenge: str | None = None  # RECAPTCHA: the word on screen


class HintsResponse(BaseModel):
    hints: list[Hint]
    request_id: str


class ReportRequest(BaseModel):
    """Link closing: every event of the session and the callback it made (kept for /link/token/get)."""

    link_session_id: str
    events: list[LinkEvent]
    result: OnSuccess | OnExit = Field(discriminator="callback")


class ReportResponse(BaseModel):
    request_id: str


# Each call of the protocol: (HTTP path, request model). The Sandbox method of the same name answers it.
CALLS: dict[str, tuple[str, type[BaseModel]]] = {
    "start_session": ("/link/session/start", StartSessionRequest),
    "search": ("/link/session/institutions/search", SearchRequest),
    "select_institution": ("/link/session/institution/select", SelectInstitutionRequest),
    "submit_phone": ("/link/session/phone/submit", SubmitPhoneRequest),
    "submit_otp": ("/link/session/otp/submit", SubmitOtpRequest),
    "submit_matched_otp": ("/link/session/matched/otp/submit", SubmitOtpRequest),
    "saved_login": ("/link/session/saved/login", SavedLoginRequest),
    "submit_credentials": ("/link/session/credentials/submit", SubmitCredentialsRequest),
    "submit_mfa": ("/link/session/mfa/submit", SubmitMfaRequest),
    "submit_recaptcha": ("/link/session/recaptcha/submit", SubmitRecaptchaRequest),
    "oauth_login": ("/link/session/oauth/login", OAuthLoginRequest),
    "oauth_redirect": ("/link/session/oauth/redirect", OAuthRedirectRequest),
    "submit_numbers": ("/link/session/numbers/submit", SubmitNumbersRequest),
    "verify_code": ("/link/session/microdeposits/verify", VerifyCodeRequest),
    "complete": ("/link/session/complete", CompleteRequest),
    "report": ("/link/session/report", ReportRequest),
    "hints": ("/link/session/hints", HintsRequest),
}
PATHS = {"link_token_create": "/link/token/create", **{name: path for name, (path, _) in CALLS.items()}}
