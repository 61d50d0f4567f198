"""Plaid's official Node SDK (npm `plaid`, pinned in tests/node/package.json, unmodified) against `tuilink serve`.

tests/node/calls.mjs runs a list of PlaidApi calls in one Node process and reports each answer as a JSON line;
here each call is one `Call` in a table, with what its answer must hold. Every answer is also checked against the
TypeScript interface the SDK declares for it (node_modules/plaid/dist/api.d.ts): required fields present, null
only where nullable, the declared JSON types and enum values. The Node SDK itself validates nothing, so this is
what a TypeScript caller would rely on.

Adding an endpoint is one more `Call` in CALLS (or in a table of its own, listed in TABLES):
`test_every_endpoint_is_covered` fails while /some/path is in tuilink's ENDPOINTS without a successful call.
`make test` installs tests/node/node_modules (`npm ci`); without it these tests fail, they never skip.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tuilink.sandbox.api import ENDPOINTS

from .test_plaid_sdk import link_microdeposits

NODE_DIR = Path(__file__).resolve().parents[1] / "node"
RUNNER = NODE_DIR / "calls.mjs"
SDK_DIR = NODE_DIR / "node_modules" / "plaid"
PLATYPUS = "ins_109508"  # First Platypus Bank: Instant Auth, routing 101095082
HOUNDSTOOTH = "ins_109512"  # Houndstooth Bank: Automated Micro-deposits
TUILINK_ONLY = {"/tuilink/reset"}  # tuilink's own endpoints: not Plaid's, so not in the SDK
ERROR_KEYS = {"error_type", "error_code", "error_message", "display_message", "request_id"}


# --- expectations ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Is:
    """A named predicate for an `expect` value (anything else there must be equal)."""
    description: str
    test: Callable[[Any], bool]

    def __repr__(self) -> str:
        return self.description


def starts(prefix: str) -> Is:
    return Is(f"a string starting with {prefix!r}", lambda v: isinstance(v, str) and v.startswith(prefix))


def has(item: Any) -> Is:
    return Is(f"a list holding {item!r}", lambda v: isinstance(v, list) and item in v)


def length(n: int) -> Is:
    return Is(f"{n} long", lambda v: isinstance(v, (list, str)) and len(v) == n)


def contains(text: str) -> Is:
    return Is(f"a string containing {text!r}", lambda v: isinstance(v, str) and text in v)


NONEMPTY_NUMBER = Is("a number 1-99", lambda v: isinstance(v, int) and 1 <= v <= 99)
NONEMPTY = Is("non-empty", lambda v: isinstance(v, (list, str, dict)) and len(v) > 0)
ROUTING = Is("a 9-digit routing number", lambda v: isinstance(v, str) and re.fullmatch(r"\d{9}", v) is not None)


@dataclass(frozen=True)
class Call:
    """One PlaidApi call and what its answer must hold.

    `request` may refer to an earlier call's answer: "$name.field.0.sub" (see tests/node/calls.mjs).
    `expect` maps a dotted path in the answer's data (or, for an `error` call, in Plaid's error object) to an `Is`
    or to a value it must equal; "*" in a path maps over a list; a "$name.field" value is an earlier answer's field.
    `error`: the Plaid error_code the call must fail with, with HTTP `status` (400 unless given).
    """
    name: str
    method: str
    request: dict[str, Any]
    expect: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    status: int | None = None

    @property
    def http_status(self) -> int:
        return self.status if self.status is not None else 400 if self.error else 200


USER = {"client_user_id": "user-1", "legal_name": "Alberta Charleson"}
LINK = {"client_name": "Acme Pay", "language": "en", "country_codes": ["US"], "user": USER, "products": ["auth"],
        "webhook": "https://example.com/plaid-webhook"}
ACCESS = {"access_token": "$exchange.access_token"}
CHECKING = "$accounts.accounts.0.account_id"  # user_good's first account: Plaid Checking, mask 0000

# One Item at First Platypus Bank (user_good, Instant Auth) through every endpoint, then its errors and removal.
CALLS: list[Call] = [
    Call("link", "linkTokenCreate", LINK, {
        "link_token": starts("link-sandbox-"), "expiration": NONEMPTY, "request_id": NONEMPTY}),
    Call("link_get", "linkTokenGet", {"link_token": "$link.link_token"}, {
        "link_token": "$link.link_token", "metadata.client_name": "Acme Pay", "metadata.country_codes": ["US"],
        "metadata.initial_products": ["auth"], "metadata.webhook": LINK["webhook"], "metadata.language": "en",
        "created_at": NONEMPTY, "expiration": NONEMPTY, "link_sessions": []}),
    Call("public", "sandboxPublicTokenCreate",
         {"institution_id": PLATYPUS, "initial_products": ["auth", "transactions", "identity"]},
         {"public_token": starts("public-sandbox-")}),
    Call("exchange", "itemPublicTokenExchange", {"public_token": "$public.public_token"}, {
        "access_token": starts("access-sandbox-"), "item_id": NONEMPTY}),
    Call("item", "itemGet", ACCESS, {
        "item.item_id": "$exchange.item_id", "item.institution_id": PLATYPUS, "item.auth_method": "INSTANT_AUTH",
        "item.billed_products": ["auth", "transactions", "identity"], "item.error": None}),
    Call("accounts", "accountsGet", ACCESS, {
        "accounts": length(12), "accounts.0.mask": "0000", "accounts.0.name": "Plaid Checking",
        "accounts.0.type": "depository", "accounts.0.subtype": "checking", "accounts.0.balances.available": 100,
        "accounts.0.balances.current": 110, "accounts.*.mask": has("1111"), "item.institution_id": PLATYPUS}),
    Call("balance", "accountsBalanceGet", ACCESS, {
        "accounts.0.account_id": CHECKING, "accounts.0.balances.current": 110,
        "accounts.0.balances.iso_currency_code": "USD"}),
    Call("auth", "authGet", ACCESS, {
        "accounts.*.mask": ["0000", "1111", "9002"], "numbers.ach": NONEMPTY, "numbers.ach.0.account_id": CHECKING,
        "numbers.ach.0.account": "1111222233330000", "numbers.ach.0.routing": "011401533",
        "numbers.ach.0.wire_routing": ROUTING, "numbers.eft": [], "numbers.international": [], "numbers.bacs": []}),
    Call("identity", "identityGet", ACCESS, {
        "accounts": length(12), "accounts.0.owners.0.names": ["Alberta Bobbeth Charleson"],
        "accounts.0.owners.0.emails": NONEMPTY, "accounts.0.owners.0.phone_numbers": NONEMPTY,
        "accounts.0.owners.0.addresses": NONEMPTY}),
    Call("institution", "institutionsGetById",
         {"institution_id": PLATYPUS, "country_codes": ["US"], "options": {"include_optional_metadata": True}},
         {"institution.institution_id": PLATYPUS, "institution.name": "First Platypus Bank",
          "institution.country_codes": ["US"], "institution.products": has("auth"),
          "institution.routing_numbers": ["101095082"], "institution.oauth": False}),
    Call("search", "institutionsSearch", {"query": "platypus", "country_codes": ["US"], "products": ["auth"]},
         {"institutions": NONEMPTY, "institutions.*.institution_id": has(PLATYPUS)}),
    Call("processor", "processorTokenCreate", {**ACCESS, "account_id": CHECKING, "processor": "alloy"},
         {"processor_token": starts("processor-sandbox-")}),
    Call("sync", "transactionsSync", ACCESS, {
        "added": NONEMPTY, "modified": [], "removed": [], "has_more": False, "next_cursor": NONEMPTY,
        "transactions_update_status": "HISTORICAL_UPDATE_COMPLETE", "added.0.iso_currency_code": "USD"}),
    Call("sync_again", "transactionsSync", {**ACCESS, "cursor": "$sync.next_cursor"}, {
        "added": [], "modified": [], "removed": [], "has_more": False, "next_cursor": NONEMPTY}),
    Call("processor_auth", "processorAuthGet", {"processor_token": "$processor.processor_token"}, {
        "account.account_id": CHECKING, "numbers.ach.account": "1111222233330000", "numbers.ach.routing": "011401533",
        "numbers.ach.wire_routing": "021000021"}),
    Call("processor_balance", "processorBalanceGet", {"processor_token": "$processor.processor_token"}, {
        "account.account_id": CHECKING, "account.balances.available": 100}),
    Call("processor_identity", "processorIdentityGet", {"processor_token": "$processor.processor_token"}, {
        "account.owners.0.names": ["Alberta Bobbeth Charleson"]}),
    Call("processor_account", "processorAccountGet", {"processor_token": "$processor.processor_token"}, {
        "account.mask": "0000", "institution_id": PLATYPUS}),
    Call("identity_match", "identityMatch", {**ACCESS, "user": {
        "legal_name": "Alberta Bobbeth Charleson", "email_address": "accountholder0@example.com"}}, {
        "accounts.0.legal_name.score": 100, "accounts.0.email_address.score": 100,
        "accounts.0.phone_number.score": None}),
    Call("transactions_get", "transactionsGet", {**ACCESS, "start_date": "2000-01-01", "end_date": "2100-01-01",
                                                 "options": {"count": 3}},
         {"transactions": length(3), "total_transactions": Is("> 3", lambda v: isinstance(v, int) and v > 3)}),
    Call("transactions_refresh", "transactionsRefresh", ACCESS, {"request_id": NONEMPTY}),
    Call("signal", "signalEvaluate", {**ACCESS, "account_id": CHECKING, "client_transaction_id": "txn-1",
                                      "amount": 25.5, "ruleset_key": "default"},
         {"scores.bank_initiated_return_risk.score": NONEMPTY_NUMBER, "ruleset.result": "ACCEPT", "warnings": []}),
    Call("signal_decision", "signalDecisionReport", {"client_transaction_id": "txn-1", "initiated": True},
         {"request_id": NONEMPTY}),
    Call("signal_return", "signalReturnReport", {"client_transaction_id": "txn-1", "return_code": "R01"},
         {"request_id": NONEMPTY}),
    Call("webhook_update", "itemWebhookUpdate", {**ACCESS, "webhook": "http://127.0.0.1:9/hook"},
         {"item.webhook": "http://127.0.0.1:9/hook"}),
    Call("fire_webhook", "sandboxItemFireWebhook", {**ACCESS, "webhook_code": "SYNC_UPDATES_AVAILABLE"},
         {"webhook_fired": True}),
    # Instant Auth accounts have no micro-deposit to verify (the success path: MICRODEPOSIT_CALLS)
    Call("verify_instant", "sandboxItemSetVerificationStatus",
         {**ACCESS, "account_id": CHECKING, "verification_status": "automatically_verified"},
         {"error_type": "INVALID_REQUEST"}, error="INVALID_FIELD"),
    Call("reset_login", "sandboxItemResetLogin", ACCESS, {"reset_login": True}),
    Call("balance_locked", "accountsBalanceGet", ACCESS, {"error_type": "ITEM_ERROR"}, error="ITEM_LOGIN_REQUIRED"),
    Call("item_locked", "itemGet", ACCESS, {
        "item.error.error_code": "ITEM_LOGIN_REQUIRED", "item.error.error_type": "ITEM_ERROR"}),
    Call("remove", "itemRemove", ACCESS, {"request_id": NONEMPTY}),
    Call("removed", "accountsGet", ACCESS, {"error_type": "INVALID_INPUT"}, error="INVALID_ACCESS_TOKEN"),
    # error paths
    Call("bad_public", "itemPublicTokenExchange",
         {"public_token": "public-sandbox-00000000-0000-0000-0000-000000000000"},
         {"error_type": "INVALID_INPUT"}, error="INVALID_PUBLIC_TOKEN", status=400),
    Call("spent_public", "itemPublicTokenExchange", {"public_token": "$public.public_token"},
         error="INVALID_PUBLIC_TOKEN"),
    Call("unknown_field", "linkTokenCreate", {**LINK, "colour": "blue"},
         {"error_type": "INVALID_REQUEST", "error_message": contains("colour")}, error="UNKNOWN_FIELDS"),
    Call("missing_field", "linkTokenCreate", {k: v for k, v in LINK.items() if k != "user"},
         {"error_type": "INVALID_REQUEST", "error_message": contains("user")}, error="MISSING_FIELDS"),
    Call("bad_link_token", "linkTokenGet", {"link_token": "link-sandbox-nope"}, error="INVALID_LINK_TOKEN"),
    Call("bad_institution", "institutionsGetById", {"institution_id": "ins_999999999", "country_codes": ["US"]},
         error="INVALID_INSTITUTION"),
    Call("balance_product", "sandboxPublicTokenCreate",
         {"institution_id": PLATYPUS, "initial_products": ["auth", "balance"]}, error="INVALID_PRODUCT"),
]

MD_ACCESS = {"access_token": "$md_exchange.access_token"}

# An Automated Micro-deposits Item made by a Link session (its public token is `md_public`, filled in by the test).
MICRODEPOSIT_CALLS: list[Call] = [
    Call("md_exchange", "itemPublicTokenExchange", {"public_token": "<md_public>"},
         {"access_token": starts("access-sandbox-")}),
    Call("md_accounts", "accountsGet", MD_ACCESS, {
        "accounts.*.verification_status": ["pending_automatic_verification"]}),
    Call("md_not_ready", "authGet", MD_ACCESS, {"error_type": "ITEM_ERROR"}, error="PRODUCT_NOT_READY"),
    Call("md_verify", "sandboxItemSetVerificationStatus",
         {**MD_ACCESS, "account_id": "$md_accounts.accounts.0.account_id",
          "verification_status": "automatically_verified"}, {"request_id": NONEMPTY}),
    Call("md_auth", "authGet", MD_ACCESS, {
        "accounts.*.verification_status": ["automatically_verified"],
        "numbers.ach.*.account_id": ["$md_accounts.accounts.0.account_id"],
        "numbers.ach.0.account": "1111222233330000", "numbers.ach.0.routing": "021000021"}),
    Call("md_item", "itemGet", MD_ACCESS, {"item.auth_method": "AUTOMATED_MICRODEPOSITS"}),
    Call("md_again", "sandboxItemSetVerificationStatus",
         {**MD_ACCESS, "account_id": "$md_accounts.accounts.0.account_id",
          "verification_status": "verification_expired"}, error="INVALID_FIELD"),
]

TABLES = {"CALLS": CALLS, "MICRODEPOSIT_CALLS": MICRODEPOSIT_CALLS}


# --- running the Node SDK ----------------------------------------------------------------------------------

def require_node() -> str:
    """The node binary, with tests/node/node_modules installed at the pinned version; pytest.fail otherwise."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: these tests run Plaid's Node SDK (install Node.js 20 or later)")
    pinned = json.loads((NODE_DIR / "package.json").read_text())["dependencies"]["plaid"]
    installed = SDK_DIR / "package.json"
    if not installed.is_file():
        pytest.fail(f"{SDK_DIR} is missing: run `make test`, or `npm ci --prefix tests/node` once, to install "
                    f"Plaid's Node SDK {pinned}")
    version = json.loads(installed.read_text())["version"]
    if version != pinned:
        pytest.fail(f"tests/node/node_modules has plaid {version}, package.json pins {pinned}: run "
                    "`npm ci --prefix tests/node`")
    return node


def run_node(url: str, calls: Sequence[Call | dict[str, Any]]) -> list[dict[str, Any]]:
    """Run `calls` in one Node process (tests/node/calls.mjs) against the server at `url`; one result per call."""
    node = require_node()
    payload = [{"method": c.method, "name": c.name, "request": c.request} if isinstance(c, Call) else c
               for c in calls]
    done = subprocess.run([node, str(RUNNER), url, "test-client", "test-secret"], input=json.dumps(payload),
                          capture_output=True, text=True, timeout=120, cwd=NODE_DIR)
    assert done.returncode == 0, f"calls.mjs exited {done.returncode}:\n{done.stderr}"
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == len(payload), f"{len(payload)} calls, {len(results)} answers:\n{done.stderr}"
    return results


# --- checking answers ----------------------------------------------------------------------------------------

MISSING = object()


def at(value: Any, path: str) -> Any:
    """The value at a dotted path ("numbers.ach.0.account"; "*" maps over a list); MISSING where there is none."""
    for n, key in enumerate(path.split(".") if path else []):
        if key == "*":
            if not isinstance(value, list):
                return MISSING
            rest = ".".join(path.split(".")[n + 1:])
            return [at(v, rest) for v in value]
        if isinstance(value, dict) and key in value:
            value = value[key]
        elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        else:
            return MISSING
    return value


def resolve(value: Any, answers: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, str) and value.startswith("$"):
        name, _, path = value[1:].partition(".")
        return at(answers.get(name, {}).get("data"), path)
    if isinstance(value, list):
        return [resolve(v, answers) for v in value]
    return value


def call_problems(call: Call, result: dict[str, Any], answers: dict[str, dict[str, Any]]) -> list[str]:
    """What is wrong with `result` as the answer to `call` (its status, error code and `expect`)."""
    if result["status"] is None:
        return [f"not sent or not answered: {result['error']}"]
    if call.error is None:
        if not result["ok"]:
            return [f"HTTP {result['status']} {result['error'].get('error_code')}: {result['error']}"]
        body = result["data"]
    else:
        if result["ok"]:
            return [f"answered {result['status']} where {call.error} was expected: {result['data']}"]
        body = result["error"]
        if body.get("error_code") != call.error:
            return [f"error {body.get('error_code')} where {call.error} was expected: {body}"]
        missing = ERROR_KEYS - body.keys()
        if missing:
            return [f"the error lacks {sorted(missing)}: {body}"]
    problems = []
    if result["status"] != call.http_status:
        problems.append(f"HTTP {result['status']}, expected {call.http_status}")
    for path, want in call.expect.items():
        got = at(body, path)
        if isinstance(want, Is):
            good = got is not MISSING and want.test(got)
        else:
            want = resolve(want, answers)
            good = got == want
        if not good:
            problems.append(f"{path} = {'(missing)' if got is MISSING else repr(got)}, expected {want!r}")
    return problems


def check_table(results: list[dict[str, Any]], calls: Sequence[Call]) -> list[str]:
    """Every call's problems, and every way an answer differs from the SDK's TypeScript types."""
    answers: dict[str, dict[str, Any]] = {}
    failures, gaps = [], []
    for n, (call, result) in enumerate(zip(calls, results, strict=True)):
        failures += [f"#{n} {call.name} ({call.method}): {p}" for p in call_problems(call, result, answers)]
        answers[call.name] = result
        if result["ok"]:
            gaps += shape_problems(call.method, result["data"])
        elif result["status"] is not None:
            gaps += [f"{call.method} error: {p}" for p in check_type(result["error"], "PlaidError", "")]
    failures += [f"differs from the Node SDK's types: {g}" for g in gaps]
    return failures


def run_table(url: str, calls: Sequence[Call]) -> list[dict[str, Any]]:
    results = run_node(url, calls)
    failures = check_table(results, calls)
    assert not failures, "\n".join(failures)
    return results


# --- the SDK's TypeScript types ------------------------------------------------------------------------------

@cache
def dts() -> str:
    return (SDK_DIR / "dist" / "api.d.ts").read_text()


@cache
def response_types() -> dict[str, str]:
    """PlaidApi method -> the interface of its answer, from the PlaidApi class in api.d.ts."""
    text = dts()
    body = text[text.index("export declare class PlaidApi extends BaseAPI {"):]
    found = re.findall(r"^    (\w+)\([^)]*\): Promise<import\(\"axios\"\)\.AxiosResponse<(\w+)", body, re.M)
    return dict(found)


@cache
def sdk_paths() -> dict[str, str]:
    """PlaidApi method -> the HTTP path it posts to, from the SDK's own code (api.js)."""
    text = (SDK_DIR / "dist" / "api.js").read_text()
    found = re.findall(r"^ {8}(\w+): \([^)]*\) => __awaiter\(this, void 0, void 0, function\* \(\) \{\n"
                       r"(?:.*\n){0,3}?\s*const localVarPath = `([^`]+)`", text, re.M)
    return dict(found)


def split_top(text: str, sep: str) -> list[str]:
    """`text` split at `sep` outside <...>, {...} and (...)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "<{(":
            depth += 1
        elif ch in ">})":
            depth -= 1
        elif depth == 0 and text.startswith(sep, i):
            parts.append(text[start:i])
            start = i + len(sep)
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


@cache
def declarations() -> dict[str, tuple[str, str]]:
    """Every interface, enum and type alias api.d.ts declares: name -> (kind, the text of its body)."""
    found = re.finditer(r"^export (interface|declare enum|declare type) (\w+)(?: \{\n(.*?)^\}| = (.*?);$)",
                        dts(), re.M | re.S)
    return {m.group(2): (m.group(1).split()[-1], m.group(3) if m.group(3) is not None else m.group(4))
            for m in found}


@cache
def declaration(name: str) -> tuple[str, Any]:
    """("interface", {field: (required, type)}), ("enum", {values}) or ("type", type) for a name in api.d.ts."""
    if name not in declarations():
        raise KeyError(f"api.d.ts declares no {name}")
    kind, body = declarations()[name]
    if kind == "interface":
        fields = {}
        for member in split_top(re.sub(r"/\*.*?\*/", "", body, flags=re.S), ";"):
            if member.startswith("["):  # an index signature: more properties allowed
                continue
            key, _, typ = member.partition(":")
            key = key.strip()
            fields[key.rstrip("?").strip("'\"")] = (not key.endswith("?"), typ.strip())
        return kind, fields
    if kind == "enum":
        values = re.findall(r"= (\"[^\"]*\"|'[^']*')", body)
        return kind, {json.loads(v) if v[0] == '"' else v.strip("'") for v in values}
    return kind, body


def check_type(value: Any, typ: str, path: str) -> list[str]:
    """Where `value` is not of the TypeScript type `typ` (as api.d.ts writes it) at `path`."""
    where = path or "(body)"
    options = split_top(typ, "|")
    if value is None:
        return [] if {"null", "any", "unknown"} & set(options) else [f"{where}: null, but {typ} is not nullable"]
    options = [o for o in options if o not in ("null", "undefined")]
    if len(options) > 1:
        if any(not check_type(value, o, path) for o in options):
            return []
        return [f"{where}: {value!r} is none of {typ}"]
    return check_one(value, options[0], path)


def check_one(value: Any, typ: str, path: str) -> list[str]:
    where = path or "(body)"

    def wrong() -> list[str]:
        return [f"{where}: {type(value).__name__} {json.dumps(value)[:60]}, expected {typ}"]

    if typ in ("any", "unknown", "object"):
        return []
    if typ == "string":
        return [] if isinstance(value, str) else wrong()
    if typ == "number":
        return [] if isinstance(value, (int, float)) and not isinstance(value, bool) else wrong()
    if typ == "boolean":
        return [] if isinstance(value, bool) else wrong()
    if typ[0] in "'\"":
        return [] if value == typ[1:-1] else wrong()
    if typ.startswith("Array<") and typ.endswith(">"):
        if not isinstance(value, list):
            return wrong()
        return [p for n, v in enumerate(value) for p in check_type(v, typ[6:-1], f"{path}.{n}".lstrip("."))]
    if typ.endswith("[]"):
        return check_one(value, f"Array<{typ[:-2]}>", path)
    if typ.startswith("{"):
        inner = re.fullmatch(r"\{\s*\[\w+: string\]: (.*?);?\s*\}", typ, re.S)
        if inner is None or not isinstance(value, dict):
            return [] if isinstance(value, dict) else wrong()
        return [p for k, v in value.items() for p in check_type(v, inner.group(1), f"{path}.{k}".lstrip("."))]
    kind, spec = declaration(typ)
    if kind == "type":
        return check_type(value, spec, path)
    if kind == "enum":
        return [] if value in spec else [f"{where}: {value!r} is not one of {typ}'s values"]
    if not isinstance(value, dict):
        return wrong()
    problems = []
    for key, (required, field_type) in spec.items():
        inner_path = f"{path}.{key}".lstrip(".")
        if key not in value:
            if required:
                problems.append(f"{inner_path}: missing (required by {typ})")
        else:
            problems += check_type(value[key], field_type, inner_path)
    return problems


def shape_problems(method: str, data: Any) -> list[str]:
    typ = response_types().get(method)
    if typ is None:
        return [f"{method}: api.d.ts declares no response type for it"]
    return [f"{method}: {p}" for p in check_type(data, typ, "")]


# --- the tests -----------------------------------------------------------------------------------------------

def test_every_endpoint_with_the_node_sdk(server):
    """CALLS in one Node process: every endpoint answers the Node SDK as Plaid documents it."""
    run_table(server.url, CALLS)


def link_microdeposit_public_token(server) -> tuple[str, str]:
    """A micro-deposit Item's (public token, checking account id), from a Link session on the server's sandbox."""
    body = {k: v for k, v in LINK.items() if k != "webhook"}  # webhooks are sent from the server's event loop only
    token, _ = server.sandbox.create_link_token({**body, "auth": {"automated_microdeposits_enabled": True}})
    return link_microdeposits(server.sandbox, token)


def test_automated_microdeposits_with_the_node_sdk(server):
    """/sandbox/item/set_verification_status makes a micro-deposit Item's numbers available to /auth/get."""
    public, account_id = link_microdeposit_public_token(server)
    first = MICRODEPOSIT_CALLS[0]
    calls = [Call(first.name, first.method, {"public_token": public}, first.expect), *MICRODEPOSIT_CALLS[1:]]
    results = run_table(server.url, calls)
    assert results[1]["data"]["accounts"][0]["account_id"] == account_id


def test_the_runner_reports_failures_and_keeps_going(server):
    results = run_node(server.url, [
        {"method": "noSuchMethod", "request": {}},
        {"method": "itemPublicTokenExchange", "name": "bad", "request": {"public_token": "public-sandbox-nope"}},
        {"method": "itemGet", "request": {"access_token": "$bad.access_token"}},
        {"method": "institutionsGetById", "request": {"institution_id": PLATYPUS, "country_codes": ["US"]}},
        {"method": "itemGet", "request": {"access_token": "$3.institution.no_such_field"}},
        {"method": "institutionsSearch", "request": {"query": "$$platypus", "country_codes": ["US"]}},
    ])
    assert [(r["ok"], r["status"], (r.get("error") or {}).get("error_code")) for r in results] == [
        (False, None, "UNKNOWN_METHOD"), (False, 400, "INVALID_PUBLIC_TOKEN"), (False, None, "UNRESOLVED_REFERENCE"),
        (True, 200, None), (False, None, "UNRESOLVED_REFERENCE"), (True, 200, None)]
    assert results[3]["data"]["institution"]["name"] == "First Platypus Bank"


def successful_paths(tables: Iterable[Sequence[Call]]) -> set[str]:
    paths = sdk_paths()
    return {paths[c.method] for calls in tables for c in calls if c.error is None and c.method in paths}


def test_every_endpoint_is_covered():
    """Each Plaid endpoint tuilink serve answers has a successful call in a table, and each table is sound."""
    require_node()
    paths = sdk_paths()
    assert paths.get("authGet") == "/auth/get", "api.js no longer reads as expected"
    for table_name, calls in TABLES.items():
        names = [c.name for c in calls]
        assert len(names) == len(set(names)), f"{table_name}: call names repeat"
        unknown = sorted({c.method for c in calls} - paths.keys())
        assert not unknown, f"{table_name}: the Node SDK has no {unknown}"
    served = set(ENDPOINTS) - TUILINK_ONLY
    not_in_sdk = sorted(served - set(paths.values()))
    assert not not_in_sdk, f"tuilink serve answers {not_in_sdk}, which the Node SDK cannot call: add to TUILINK_ONLY?"
    uncovered = sorted(served - successful_paths(TABLES.values()))
    assert not uncovered, f"no successful Node SDK call covers {uncovered}: add a Call to CALLS"
