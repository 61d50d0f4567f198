"""Every route of `tuilink serve` fuzzed with hypothesis, over loopback against one real server: random JSON
bodies, malformed bodies (not JSON, truncated, empty, UTF-16, NaN, huge, deeply nested, lone surrogates, a
wrong content type), near-valid bodies (the right API keys, real tokens and sessions, each of the route's own
fields right, wrong or missing), methods other than POST, unknown paths, and any webhook URL.

Whatever is sent, the answer is JSON: a success with a request_id, or Plaid's error object with a known
error_code and that code's HTTP status; never a 5xx (but the documented ones a request asks for, e.g. the
`error_INTERNAL_SERVER_ERROR` Sandbox password), never a traceback; the request log line names no bug and
holds no API secret; no webhook delivery dies of an exception.

The app is one ASGI endpoint without a router: the routes come from the two tables it dispatches on
(`tuilink.server.app`: Plaid's public API and Link's calls), so a new route is fuzzed without a change here.
"""
from __future__ import annotations

import asyncio
import enum
import gc
import json
import secrets
import types
import typing
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from tests.fuzzing import count, fuzz_settings
from tuilink.link.data import load
from tuilink.link.errors import spec
from tuilink.plaid.models import LinkTokenCreateRequest
from tuilink.sandbox import validation
from tuilink.server import app as server_app
from tuilink.server.app import Keys
from tuilink.server.run import ServerThread

CLIENT_ID = "fuzz-client"
SECRET = "fuzz-secret-" + secrets.token_hex(8)  # sent with every near-valid request; never in the log
KNOWN_CODES = frozenset(load("errors.json")["errors"])
ERROR_KEYS = {"error_type", "error_code", "error_message", "display_message", "request_id"}
# A 5xx a request may ask for: Sandbox passwords (login, override_password) and a denied OAuth login.
DELIBERATE_5XX = {"INTERNAL_SERVER_ERROR", "PLANNED_MAINTENANCE"}
OAUTH_LOGIN = "/link/session/oauth/login"


def app_routes() -> list[str]:
    """Every path the app answers: the two tables its one endpoint dispatches on (Plaid's API, Link's calls)."""
    return sorted({*server_app.ENDPOINTS, *server_app.LINK_PATHS})


ROUTES = app_routes()


def request_model(path: str) -> type[BaseModel]:
    """The model the app validates a route's body with (/link/token/create: validated by the sandbox)."""
    if path in server_app.LINK_PATHS:
        return server_app.LINK_PATHS[path][1]
    return server_app.ENDPOINTS[path].model or LinkTokenCreateRequest


# --- the server --------------------------------------------------------------------------------------------

@dataclass(repr=False)
class Live:
    url: str
    http: httpx.Client
    log: list[str]
    loop_errors: list[dict[str, Any]] = field(default_factory=list)

    def send(self, path: str, content: bytes, *, method: str = "POST", headers: dict[str, str] | None = None,
             deliberate: bool = False) -> httpx.Response:
        """Send one request and check the answer (see `check`)."""
        before = len(self.log)
        response = self.http.request(method, path, content=content, headers=headers or {})
        check(self, path, method, response, self.log[before:], content, deliberate)
        return response

    def post(self, path: str, body: dict[str, Any], keys: bool = True) -> dict[str, Any]:
        """A well-formed request (setting up a near-valid one): its JSON answer."""
        sent = {"client_id": CLIENT_ID, "secret": SECRET, **body} if keys else body
        return self.send(path, json.dumps(sent).encode(), headers={"Content-Type": "application/json"},
                         deliberate=asks_for_5xx(path, sent)).json()


def check(live: Live, path: str, method: str, response: httpx.Response, new_log: list[str], sent: bytes,
          deliberate: bool) -> None:
    what = f"{method} {path} {sent[:300]!r} -> {response.status_code} {response.text[:500]}"
    lines = [line for line in new_log if line.startswith(f"{method} /")]  # (the others: webhooks)
    assert len(lines) == 1, (what, new_log)
    assert "INTERNAL_SERVER_ERROR (" not in lines[0], (what, lines[0])  # how the app logs a bug
    assert SECRET not in lines[0], lines[0]
    assert "Traceback" not in response.text and 'File "' not in response.text, what
    assert response.headers.get("content-type", "").startswith("application/json"), what
    if method == "HEAD":  # no body to a HEAD
        assert response.status_code == 404 and not response.content, what
        return
    body = response.json()
    assert isinstance(body, dict), what
    if response.status_code == 200:
        assert isinstance(body.get("request_id"), str) and body["request_id"], what
        return
    assert ERROR_KEYS <= body.keys(), what
    code = body["error_code"]
    assert code in KNOWN_CODES, what
    assert (body["error_type"], response.status_code) == (spec(code).error_type, spec(code).http_status), what
    assert isinstance(body["error_message"], str) and isinstance(body["request_id"], str) and body["request_id"], what
    if response.status_code >= 500:
        assert deliberate and code in DELIBERATE_5XX, what


def asks_for_5xx(path: str, body: Any) -> bool:
    """The request names a documented 5xx: an `error_<CODE>` Sandbox password, or a denied OAuth login."""
    text = json.dumps(body, default=str)
    if any(f"error_{code}" in text for code in DELIBERATE_5XX):
        return True
    return path == OAUTH_LOGIN and isinstance(body, dict) and body.get("approved") is False


@pytest.fixture(scope="module")
def live() -> Iterator[Live]:
    """One `tuilink serve` (in memory) for the module: requests over loopback on a kept-alive connection.
    Webhooks (a fuzzed body may name any URL) are tried once, quickly."""
    log: list[str] = []
    thread = ServerThread(log=log.append, keys=Keys(CLIENT_ID, SECRET),
                          webhook_options={"attempts": 1, "first_delay": 0.01, "timeout": 1})
    with thread as server, httpx.Client(base_url=server.url, timeout=60) as http:
        found = Live(server.url, http, log)
        assert thread.loop is not None
        thread.loop.call_soon_threadsafe(thread.loop.set_exception_handler,
                                         lambda loop, context: found.loop_errors.append(context))
        yield found
        thread.drain_webhooks(30)
        # a task that died of an exception is reported when it is collected
        asyncio.run_coroutine_threadsafe(_collect(), thread.loop).result(30)
    assert not found.loop_errors, found.loop_errors
    # the request log never holds the API secret (a webhook line names the URL the body gave, whatever it is)
    assert not [line for line in log if SECRET in line and not line.startswith("webhook ")]


async def _collect() -> None:
    gc.collect()


# --- random JSON -------------------------------------------------------------------------------------------

# Any unicode: every plane, control characters, and (escaped by json.dumps) lone surrogates.
CHARS = st.characters() | st.sampled_from("\ud800\udbff\udc00\udfff\x00\x1b\n\u202e\ufeff\U0010ffff")
TEXT = st.lists(CHARS, max_size=30).map("".join) | st.sampled_from(  # (st.text leaves surrogates out)
    ["", " ", "null", "\x00", "a" * 3000, "../../etc/passwd",
                                                      "error_INVALID_CREDENTIALS", SECRET])
NUMBERS = (st.integers() | st.integers(min_value=-(10 ** 60), max_value=10 ** 60)
           | st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from([0, -1, 2 ** 63, 1e308, -0.0]))
SCALARS = st.none() | st.booleans() | NUMBERS | TEXT
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                    max_leaves=10)


def dump(value: Any) -> bytes:
    """JSON as a client sends it (non-ASCII escaped, so a lone surrogate travels as `\\ud800`)."""
    return json.dumps(value).encode()


# --- near-valid bodies ---------------------------------------------------------------------------------------

PLATYPUS = "ins_109508"
INSTITUTIONS = [PLATYPUS, "ins_109509", "ins_109512", "ins_127287", "ins_135858", "ins_132361", "ins_133402",
                "ins_133502", "ins_133503", "ins_43", "ins_10", "ins_0", ""]
PRODUCTS = validation.enum("products")
LINK_BODY = {"client_name": "Fuzz", "language": "en", "country_codes": ["US"], "user": {"client_user_id": "u"},
             "products": ["auth"]}
LINK_BODIES = {
    "auth": LINK_BODY,
    "transactions and a returning user": {**LINK_BODY, "products": ["transactions"],
                                          "user": {"client_user_id": "u", "phone_number": "+14155550011"}},
    "manual entry": {**LINK_BODY, "auth": {"same_day_microdeposits_enabled": True, "instant_match_enabled": True,
                                           "auth_type_select_enabled": True, "instant_microdeposits_enabled": True}},
    "legacy returning user": {**LINK_BODY, "user": {"client_user_id": "u", "phone_number": "+14155550123",
                                                    "email_address": "example@plaid.com"}},
    "webhook": {**LINK_BODY, "products": ["auth", "transactions"], "webhook": "http://127.0.0.1:9/hook"},
    "update mode": {k: v for k, v in LINK_BODY.items() if k != "products"},  # + an Item's access_token
}
# How far a session is taken before the fuzzed call: (password, institution) to log in with, or a step name.
STAGES = ["started", "phone", "otp", "selected", "logged in", "mfa", "recaptcha", "numbers", "completed"]
LOGINS = load("sandbox_users.json")["logins"]
PASSWORDS = [LOGINS["good_password"], LOGINS["mfa_device_password"], LOGINS["mfa_selections_password"],
             LOGINS["microdeposits_password"], "mfa_questions_2_2", "mfa_selections_2_2_3", '{"recaptcha":"good"}',
             '{"recaptcha":"bad"}', "wrong", *[f"error_{c}" for c in sorted(KNOWN_CODES) if spec(c).sandbox_password]]


class Context:
    """Real tokens, Items and sessions for a near-valid request, made on first use (each example its own)."""

    def __init__(self, live: Live, plan: dict[str, Any]) -> None:
        self.live, self.plan = live, plan
        self._item: dict[str, Any] | None = None
        self._session: str | None = None
        self._link_token: str | None = None
        self.session_accounts: list[str] = []

    def item(self) -> dict[str, Any]:
        if self._item is None:
            public = self.public_token()
            exchanged = self.live.post("/item/public_token/exchange", {"public_token": public})
            access = exchanged.get("access_token", "")
            accounts = self.live.post("/accounts/get", {"access_token": access}).get("accounts", [])
            self._item = {"access_token": access, "accounts": [a["account_id"] for a in accounts]}
        return self._item

    def access_token(self) -> str:
        return self.item()["access_token"]

    def public_token(self) -> str:
        created = self.live.post("/sandbox/public_token/create", {
            "institution_id": self.plan["institution"], "initial_products": self.plan["products"]})
        if "public_token" not in created:  # the plan's institution does not offer its products
            created = self.live.post("/sandbox/public_token/create", {"institution_id": PLATYPUS,
                                                                      "initial_products": ["auth", "transactions"]})
        return created["public_token"]

    def link_token(self) -> str:
        if self._link_token is None:
            body = dict(LINK_BODIES[self.plan["link_body"]])
            if self.plan["link_body"] == "update mode":
                body["access_token"] = self.access_token()
            self._link_token = self.live.post("/link/token/create", body).get("link_token", "")
        return self._link_token

    def link_session_id(self) -> str:
        if self._session is None:
            started = self.live.post("/link/session/start", {"link_token": self.link_token()}, keys=False)
            self._session = started.get("link_session_id", "")
            self._advance(self._session, self.plan["stage"])
        return self._session

    def _advance(self, sid: str, stage: str) -> None:
        call = lambda path, **body: self.live.post(path, {"link_session_id": sid, **body}, keys=False)  # noqa: E731
        if stage in ("phone", "otp"):
            call("/link/session/phone/submit", phone_number="+14155550011", country="US")
            if stage == "otp":
                call("/link/session/otp/submit", code="123456")
            return
        if stage == "numbers":
            call("/link/session/numbers/submit", routing_number="011401533", account_number="1111222233330000")
            return
        if stage == "started":
            return
        call("/link/session/institution/select", institution_id=self.plan["institution"])
        if stage == "selected":
            return
        password = {"mfa": "mfa_device", "recaptcha": '{"recaptcha":"good"}'}.get(stage, self.plan["password"])
        logged = call("/link/session/credentials/submit", institution_id=self.plan["institution"],
                      username="user_good", password=password, pin="credential_good")
        self.session_accounts = [a["account_id"] for a in logged.get("accounts", [])]
        if stage == "completed" and self.session_accounts:
            call("/link/session/complete", account_ids=self.session_accounts[:1])

    def account_ids(self) -> list[str]:
        """The accounts of the session (once logged in) or of the Item (once made)."""
        if self.session_accounts:
            return self.session_accounts
        return self._item["accounts"] if self._item is not None else []


PLAN = st.fixed_dictionaries({
    "institution": st.sampled_from(INSTITUTIONS[:6]),
    "products": st.lists(st.sampled_from(["auth", "transactions", "identity"]), min_size=1, max_size=2, unique=True),
    "link_body": st.sampled_from(sorted(LINK_BODIES)),
    "stage": st.sampled_from(STAGES),
    "password": st.sampled_from(PASSWORDS),
})


@dataclass(frozen=True)
class Real:
    """A placeholder in a drawn body for a real token, session or account of the example's Context (drawn
    bodies do not depend on the server; each example resolves its placeholders)."""

    what: str  # access_token, public_token, link_token, link_session_id, account
    n: int = 0  # which account


def resolve(value: Any, ctx: Context, kinds: tuple[str, ...]) -> Any:
    if isinstance(value, Real) and value.what in kinds:
        if value.what == "account":
            ids = ctx.account_ids()
            return ids[value.n % len(ids)] if ids else "acc-none"
        return getattr(ctx, value.what)()
    if isinstance(value, dict):
        return {k: resolve(v, ctx, kinds) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, ctx, kinds) for v in value]
    return value


def realise(body: Any, ctx: Context) -> Any:
    """The body with real values: tokens and sessions first, then accounts (of the session or the Item)."""
    return resolve(resolve(body, ctx, ("access_token", "public_token", "link_token", "link_session_id")), ctx,
                   ("account",))


ACCOUNT = st.builds(Real, st.just("account"), st.integers(0, 5))
PLAUSIBLE: dict[str, st.SearchStrategy] = {
    **{name: st.just(Real(name)) for name in ("access_token", "public_token", "link_token", "link_session_id")},
    "institution_id": st.sampled_from(INSTITUTIONS),
    "country_codes": st.lists(st.sampled_from(["US", "CA", "GB", "FR", "ZZ", ""]), max_size=3),
    "language": st.sampled_from(["en", "fr", "es", "de", "nl", "xx"]),
    "account_id": ACCOUNT,
    "account_ids": st.lists(ACCOUNT, max_size=3),
    "query": st.sampled_from(["First Platypus", "Platypus", "ins_109508", "", " "]),
    "username": st.sampled_from(["user_good", "user_yuppie", "", "nobody"]),
    "password": st.sampled_from(PASSWORDS),
    "pin": st.sampled_from(["credential_good", "0000"]),
    "code": st.sampled_from(["123456", "1234", "ABC", "000000", ""]),
    "answers": st.lists(st.sampled_from(["1234", "Yes", "No", "answer_1_1_0", "Phone (***) ***-1234"]), max_size=3),
    "answer": st.sampled_from(["PLATYPUS", "GINGHAM", "wrong"]),
    "phone_number": st.sampled_from(["+14155550011", "+14155550010", "4155550011", "+447700900123", "+1"]),
    "country": st.sampled_from(["US", "CA", "GB", "MX", "ZZ"]),
    "routing_number": st.sampled_from(["011401533", "021000021", "101095082", "110000000", "123"]),
    "account_number": st.sampled_from(["1111222233330000", "1111222233331111", "12", "0" * 17]),
    "processor": st.sampled_from(["achq", "dwolla", "stripe", "nope"]),
    "webhook": st.sampled_from(["http://127.0.0.1:9/hook", "not a url", "http://\x00/", "", "ftp://x"]),
    "cursor": st.sampled_from(["", "bm9wZTox", "!!"]),
    "count": st.integers(-5, 600),
    "client_user_id": st.sampled_from(["u", "", "x" * 200]),
    "email_address": st.sampled_from(["example@plaid.com", "x"]),
    "override_password": st.sampled_from(PASSWORDS),
    "override_username": st.sampled_from(["user_good", "user_custom"]),
    "processor_token": st.sampled_from(["processor-sandbox-nope", ""]),
    "client_transaction_id": st.sampled_from(["txn-1", "", "x" * 40]),
    "amount": st.sampled_from([1.0, 0, -5, 1e12]),
    "webhook_code": st.sampled_from([*validation.enum("webhook_codes"), "NOPE"]),
    "webhook_type": st.sampled_from([*validation.enum("webhook_types"), "NOPE"]),
    "start_date": st.sampled_from(["2026-01-01", "2030-01-01", "nope"]),
    "end_date": st.sampled_from(["2026-12-31", "2020-01-01", "nope"]),
}


def plausible(name: str) -> st.SearchStrategy | None:
    """A right (or nearly right) value for a field called `name`, when there is one to give."""
    if name.endswith("products"):
        return st.lists(st.sampled_from([*PRODUCTS, "balance", "nope"]), max_size=3)
    return PLAUSIBLE.get(name)


def typed(annotation: Any, name: str, depth: int) -> st.SearchStrategy:
    """A value of the field's declared type (a nested model: a near-valid body of its own)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return st.one_of([typed(a, name, depth) for a in args])
    if origin is Literal:
        return st.sampled_from(args)
    if origin is list:
        return st.lists(value_for(args[0] if args else Any, name, depth + 1), max_size=3)
    if origin is dict or annotation is dict:
        return st.dictionaries(TEXT, JSON, max_size=3)
    if origin is typing.Annotated:
        return typed(args[0], name, depth)
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return near_valid(annotation, depth + 1) if depth < 5 else st.fixed_dictionaries({})
        if issubclass(annotation, enum.Enum):
            return st.sampled_from([m.value for m in annotation])
        if annotation is bool:
            return st.booleans()
        if annotation is int:
            return st.integers(-3, 600) | NUMBERS
        if annotation is float:
            return NUMBERS
        if annotation is str:
            return TEXT
        if annotation is type(None):
            return st.none()
    return JSON


def value_for(annotation: Any, name: str, depth: int) -> st.SearchStrategy:
    """Mostly a right value (by the field's name, else of its type), sometimes any JSON at all."""
    right = plausible(name)
    return st.one_of(*([right] * 3 if right is not None else []), typed(annotation, name, depth), JSON)


def near_valid(model: type[BaseModel], depth: int = 1) -> st.SearchStrategy[dict[str, Any]]:
    """A body for `model`: each field (but the API keys) mostly present, mostly right; now and then a field
    the endpoint does not know."""
    fields = {name: info for name, info in model.model_fields.items() if name not in ("client_id", "secret")}
    values = {name: value_for(info.annotation, name, depth) for name, info in fields.items()}
    @st.composite
    def body(draw: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, info in fields.items():
            if draw(st.integers(0, 9)) < (9 if info.is_required() else 4):  # left out: 1 in 10 / 6 in 10
                out[name] = draw(values[name])
        if draw(st.integers(0, 9)) == 0:
            out[draw(TEXT)] = draw(JSON)
        return out

    return body()


CONTRACT = validation.contract()
PRIMITIVES: dict[str, st.SearchStrategy[Any]] = {
    "str": TEXT, "int": st.integers(-3, 800) | NUMBERS, "float": NUMBERS, "bool": st.booleans(), "object": JSON,
    "any": JSON, "date": st.sampled_from(["2026-01-15", "2026-02-30", "15/01/2026", ""]),
    "datetime": st.sampled_from(["2026-01-15T12:00:00Z", "2026-01-15T12:00:00+02:00", "yesterday"]),
}


def documented(kind: Any, name: str, depth: int) -> st.SearchStrategy[Any]:
    """A value of a contract type (Plaid's documented request schema): mostly right, by the field's name when
    there is a plausible value, else of its type; sometimes any JSON at all."""
    right = plausible(name)
    return st.one_of(*([right] * 3 if right is not None else []), documented_shape(kind, name, depth), JSON)


def documented_shape(kind: Any, name: str, depth: int) -> st.SearchStrategy[Any]:
    if isinstance(kind, list):
        head = kind[0]
        if head == "null":
            return st.none() | documented_shape(kind[1], name, depth)
        if head == "list":
            return st.lists(documented(kind[1], name, depth + 1), max_size=3)
        if head == "map":
            return st.dictionaries(TEXT, documented(kind[1], name, depth + 1), max_size=2)
        return st.one_of([documented_shape(k, name, depth) for k in kind[1:]])
    if kind in CONTRACT["models"]:
        return documented_body(kind, depth + 1) if depth < 5 else st.fixed_dictionaries({})
    if kind in CONTRACT["simple"]:
        entry = CONTRACT["simple"][kind]
        enum = entry.get("checks", {}).get("enum")
        return st.sampled_from(enum) | TEXT if enum else documented_shape(entry["type"], name, depth)
    return PRIMITIVES[kind]


def documented_body(model: str, depth: int = 1) -> st.SearchStrategy[dict[str, Any]]:
    """A body of a Plaid request schema: each field (but the API keys) mostly present, mostly right; now and
    then a field the endpoint does not know."""
    schema = CONTRACT["models"][model]
    fields = {f: k for f, k in schema["fields"].items() if f not in ("client_id", "secret")}
    required = set(schema.get("required", []))

    @st.composite
    def body(draw: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, kind in fields.items():
            if draw(st.integers(0, 9)) < (9 if name in required else 3):
                out[name] = draw(documented(kind, name, depth))
        if draw(st.integers(0, 9)) == 0:
            out[draw(TEXT)] = draw(JSON)
        return out

    return body()


BODIES = {path: documented_body(CONTRACT["endpoints"][path]) if path in CONTRACT["endpoints"]
          else near_valid(request_model(path)) for path in ROUTES}


# --- malformed bodies -----------------------------------------------------------------------------------------

def nested(depth: int, opener: str) -> bytes:
    closer = {"[": "]", '{"a":': "}"}[opener]
    return (opener * depth + "1" + closer * depth).encode()


MALFORMED: st.SearchStrategy[bytes] = st.one_of(
    st.binary(max_size=200),
    st.just(b""),
    st.sampled_from([b"   ", b"\n", b"null", b"[]", b"0", b'"x"', b"{", b"}", b'{"a"}', b'{"a":}', b"{'a': 1}",
                     b'{"client_id": NaN}', b'{"secret": Infinity}', b'{"count": -Infinity}', b"NaN",
                     b'{"a": 1} trailing', b'{"a": 1}{"b": 2}', b"\xef\xbb\xbf{}", b"\xff\xfe{\x00}\x00",
                     b'{"a": "\\ud800"}', b'{"\\udfff": 1}', b'{"a": "\\u0000"}', b'{"a": "\\x41"}',
                     b'{"a": 1, "a": 2}', b'{"count": 1' + b"0" * 5000 + b"}", b'{"count": 1e999999}',
                     b'\x00{"a": 1}', b'{"a": "\xed\xa0\x80"}', b'{"query": "\xc3"}']),
    st.builds(lambda value, cut: dump(value)[:cut], JSON, st.integers(0, 60)),  # truncated
    st.builds(nested, st.sampled_from([100, 900, 1100, 5000, 100_000]), st.sampled_from(["[", '{"a":'])),
    st.builds(lambda value, codec: json.dumps(value, ensure_ascii=False).encode(codec, "surrogatepass"),
              JSON, st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-32"])),  # lone surrogates as bytes
    st.builds(lambda value: json.dumps(value, ensure_ascii=False).encode("latin-1", "replace"), JSON),
    st.builds(lambda size, char, name: json.dumps({"client_id": CLIENT_ID, "secret": SECRET, name: char * size},
                                                 ensure_ascii=False).encode(),
              st.sampled_from([10_000, 300_000, 1_000_000]), st.sampled_from(["a", "é", "\U0001f600", "\\"]),
              st.sampled_from(["query", "link_session_id", "access_token", "client_name", "password", "x"])),
)


# --- the tests --------------------------------------------------------------------------------------------------

FUZZ = fuzz_settings()


def test_the_routes_are_the_apps_routes(live):
    """The enumeration is what the app answers: every listed route is known to it, a made-up one is not."""
    assert len(ROUTES) >= 30
    for path in ("/link/token/create", "/item/public_token/exchange", "/item/get", "/accounts/get",
                 "/sandbox/public_token/create", "/link/session/start", "/link/session/complete"):
        assert path in ROUTES
    for path in ROUTES:
        answer = live.send(path, b"{}")
        assert answer.status_code == 200 or answer.json()["error_code"] != "NOT_FOUND", path
    assert live.send("/no/such/route", b"{}").json()["error_code"] == "NOT_FOUND"


@pytest.mark.parametrize("path", ROUTES)
@fuzz_settings(share=0.4)
@given(body=JSON | st.dictionaries(TEXT | st.sampled_from(["client_id", "secret", "access_token", "link_token",
                                                             "link_session_id", "public_token"]), JSON, max_size=6),
       in_headers=st.booleans())
def test_random_bodies(live, path, body, in_headers):
    count("examples", f"server {path}")
    headers = {"Content-Type": "application/json"}
    if in_headers:
        headers |= {"PLAID-CLIENT-ID": CLIENT_ID, "PLAID-SECRET": SECRET}
    live.send(path, dump(body), headers=headers, deliberate=asks_for_5xx(path, body))


@pytest.mark.parametrize("path", ROUTES)
@fuzz_settings(share=0.5)
@given(raw=MALFORMED, content_type=st.sampled_from(["application/json", "text/plain", "",
                                                    "application/x-www-form-urlencoded", "multipart/form-data"]))
def test_malformed_bodies(live, path, raw, content_type):
    count("examples", f"server {path}")
    headers = {"Content-Type": content_type} if content_type else {}
    live.send(path, raw, headers=headers)


@pytest.mark.parametrize("path", ROUTES)
@FUZZ
@given(plan=PLAN, data=st.data(), keys_in=st.sampled_from(["body", "body", "headers", "headers", "wrong", "none"]),
       version=st.sampled_from([None, None, None, "2020-09-14", "1999-01-01"]))
def test_near_valid_bodies(live, path, plan, data, keys_in, version):
    count("examples", f"server {path}")
    body = realise(data.draw(BODIES[path], label="body"), Context(live, plan))
    headers = {"Content-Type": "application/json"}
    if version:
        headers["Plaid-Version"] = version
    if keys_in == "body":
        body = {"client_id": CLIENT_ID, "secret": SECRET, **body}
    elif keys_in == "headers":
        headers |= {"PLAID-CLIENT-ID": CLIENT_ID, "PLAID-SECRET": SECRET}
    elif keys_in == "wrong":
        body = {"client_id": CLIENT_ID, "secret": SECRET[:-1], **body}
    live.send(path, dump(body), headers=headers, deliberate=asks_for_5xx(path, body))


@FUZZ
@given(path=st.sampled_from(ROUTES), data=st.data(),
       method=st.sampled_from(["GET", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "FUZZ"]))
def test_other_methods(live, path, data, method):
    count("examples", f"server {path}")
    body = data.draw(JSON | st.just({"client_id": CLIENT_ID, "secret": SECRET}), label="body")
    answer = live.send(path, dump(body), method=method, headers={"Content-Type": "application/json"})
    assert answer.status_code == 404


@fuzz_settings(share=0.3)
@given(segments=st.lists(st.lists(CHARS, min_size=1, max_size=12).map("".join), min_size=1, max_size=4))
def test_unknown_paths(live, segments):
    path = "/" + "/".join(urllib.parse.quote(s.encode("utf-8", "surrogatepass"), safe="") for s in segments)
    count("examples", "server unknown paths")
    answer = live.send(path, b"{}")
    if urllib.parse.unquote(answer.request.url.path) not in ROUTES:
        assert (answer.status_code, answer.json()["error_code"]) == (404, "NOT_FOUND")


@fuzz_settings(share=0.3)
@given(where=st.sampled_from(["sandbox item", "link token"]),
       url=st.builds(str.__add__, st.sampled_from(["", "http://127.0.0.1:9/", "https://127.0.0.1:9/?q=", "ftp://"]),
                     st.lists(CHARS, max_size=20).map("".join)))
def test_any_webhook_url(live, where, url):
    """A webhook to any URL is sent (or given up) quietly: the delivery task does not die of it."""
    count("examples", "server webhook URLs")
    if where == "sandbox item":  # a transactions Item is told at once that updates are available
        live.post("/sandbox/public_token/create", {"institution_id": PLATYPUS, "initial_products": ["transactions"],
                                                   "options": {"webhook": url}})
        return
    token = live.post("/link/token/create", {**LINK_BODY, "webhook": url}).get("link_token")
    if token is None:
        return
    session = live.post("/link/session/start", {"link_token": token}, keys=False)["link_session_id"]
    call = lambda path, **body: live.post(path, {"link_session_id": session, **body}, keys=False)  # noqa: E731
    call("/link/session/institution/select", institution_id=PLATYPUS)
    accounts = call("/link/session/credentials/submit", institution_id=PLATYPUS, username="user_good",
                    password="pass_good")["accounts"]
    call("/link/session/complete", account_ids=[accounts[0]["account_id"]])  # ITEM_ADD_RESULT
