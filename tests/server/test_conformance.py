"""Conformance with Plaid's request contract: for every endpoint `tuilink serve` answers, a body with every field
Plaid documents (built from assets/plaid_contract.json, values of the documented types, real tokens) is answered
200, and no body hypothesis draws from the same schema is refused for its shape."""
from __future__ import annotations

import json
from collections.abc import Iterator
from functools import partial
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuilink.plaid.contract import problems
from tuilink.sandbox import validation
from tuilink.server.run import ServerThread

from ..fuzzing import fuzz_settings

CONTRACT = validation.contract()
ENDPOINTS: dict[str, str] = CONTRACT["endpoints"]
KEYS = {"PLAID-CLIENT-ID": "conformance", "PLAID-SECRET": "conformance-secret"}

# Values with meaning beyond their type: a sample of the right type would be refused for what it says (an
# unknown token, a language Link lacks), not for its shape. Everything else is the schema's own sample.
MEANINGFUL = {"language": "en", "phone_number": "+14155550123", "webhook": "http://127.0.0.1:9/hook",
              "institution_id": "ins_109508", "client_user_id": "user-1", "query": "platypus",
              "client_transaction_id": "txn-conformance", "return_code": "R01"}


def sample(kind: Any, name: str = "", depth: int = 0) -> Any:
    """A value of contract type `kind`, every field of every object present (to a depth of 6)."""
    if isinstance(kind, list):
        head = kind[0]
        if head == "null":
            return sample(kind[1], name, depth)
        if head == "list":
            return [sample(kind[1], name, depth + 1)]
        if head == "map":
            return {"key": sample(kind[1], name, depth + 1)}
        return sample(kind[1], name, depth)  # one_of: its first shape
    if kind in CONTRACT["models"]:
        model = CONTRACT["models"][kind]
        if depth > 6:
            return {f: sample(model["fields"][f], f, depth + 1) for f in model.get("required", [])}
        return {f: _checked(model.get("checks", {}).get(f), sample(k, f, depth + 1), f)
                for f, k in model["fields"].items()}
    if kind in CONTRACT["simple"]:
        entry = CONTRACT["simple"][kind]
        enum = entry.get("checks", {}).get("enum")
        if enum:
            return next(v for v in enum if v is not None)
        return _checked(entry.get("checks"), sample(entry["type"], name, depth), name)
    if name in MEANINGFUL and kind == "str":
        return MEANINGFUL[name]
    return {"str": "sample", "int": 1, "float": 1.5, "bool": True, "date": "2026-01-15",
            "datetime": "2026-01-15T12:00:00Z", "object": {}, "any": "sample"}[kind]


def _checked_value(checks: dict[str, Any] | None, name: str, value: Any) -> Any:
    return _checked(checks, value, name)


def _checked(checks: dict[str, Any] | None, value: Any, name: str) -> Any:
    """`value` moved inside Plaid's checks for the field (enum, lengths, bounds)."""
    if not checks:
        return value
    if "enum" in checks:
        return next(v for v in checks["enum"] if v is not None)
    if isinstance(value, str) and name not in MEANINGFUL:
        value = value.ljust(checks.get("min_length", 0), "x")[:checks.get("max_length", len(value) or 1)]
    if isinstance(value, list):
        value = value * max(1, checks.get("min_items", 1))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = max(value, checks.get("minimum", value))
        value = min(value, checks.get("maximum", value))
    return value


class Live:
    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, headers=KEYS, timeout=30)

    def post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        return self.http.post(path, content=json.dumps(body), headers={"Content-Type": "application/json"})

    def tokens(self) -> dict[str, str]:
        """Real tokens and ids of a fresh Item, so a documented body is about something that exists."""
        public = self.post("/sandbox/public_token/create", {
            "institution_id": "ins_109508", "initial_products": ["auth", "transactions", "identity", "signal"],
            "options": {"webhook": "http://127.0.0.1:9/hook"}}).json()["public_token"]
        spare = self.post("/sandbox/public_token/create", {
            "institution_id": "ins_109508", "initial_products": ["auth"]}).json()["public_token"]
        access = self.post("/item/public_token/exchange", {"public_token": public}).json()["access_token"]
        account = self.post("/accounts/get", {"access_token": access}).json()["accounts"][0]["account_id"]
        processor = self.post("/processor/token/create", {"access_token": access, "account_id": account,
                                                          "processor": "alloy"}).json()["processor_token"]
        link = self.post("/link/token/create", {"client_name": "C", "language": "en", "country_codes": ["US"],
                                                "user": {"client_user_id": "u"}, "products": ["auth"]}).json()
        self.post("/signal/evaluate", {"access_token": access, "account_id": account, "amount": 1.0,
                                       "client_transaction_id": MEANINGFUL["client_transaction_id"]})
        cursor = self.post("/transactions/sync", {"access_token": access}).json()["next_cursor"]
        return {"access_token": access, "account_id": account, "processor_token": processor,
                "public_token": spare, "link_token": link["link_token"], "cursor": cursor}


@pytest.fixture(scope="module")
def live() -> Iterator[Live]:
    with ServerThread(webhook_options={"attempts": 1, "first_delay": 0.01, "timeout": 1}) as server:
        found = Live(server.url)
        yield found
        found.http.close()


def documented_body(path: str, tokens: dict[str, str]) -> dict[str, Any]:
    body = sample(ENDPOINTS[path])
    body.pop("client_id", None)
    body.pop("secret", None)  # the keys travel in the headers
    for key, value in tokens.items():
        if key in body:
            body[key] = value
    if "account_ids" in json.dumps(body):
        for options in (body.get("options"), ):
            if isinstance(options, dict) and "account_ids" in options:
                options["account_ids"] = [tokens["account_id"]]
    return body


# The one endpoint whose documented body is refused for what it asks, not its shape: an Instant Auth account has
# no micro-deposit whose verification status could move.
SEMANTIC = {"/sandbox/item/set_verification_status": "verification_status cannot go from"}


@pytest.mark.parametrize("path", sorted(ENDPOINTS))
def test_every_documented_field_is_accepted(live, path):
    body = documented_body(path, live.tokens())
    validation.check(path, body)  # Plaid's contract: nothing unknown, missing or mistyped
    answer = live.post(path, body)
    found = answer.json()
    if path in SEMANTIC:
        assert SEMANTIC[path] in found["error_message"], found
    else:
        assert answer.status_code == 200, (path, found, body)


def test_link_token_create_with_every_documented_field_succeeds(live):
    tokens = live.tokens()
    body = documented_body("/link/token/create", tokens)
    body["products"] = ["auth"]
    for other in ("required_if_supported_products", "optional_products", "additional_consented_products"):
        body[other] = ["identity"]
    body.pop("access_token")  # a new Item's link token (access_token makes it update mode, without products)
    answer = live.post("/link/token/create", body)
    assert answer.status_code == 200, answer.json()
    got = live.post("/link/token/get", {"link_token": answer.json()["link_token"]}).json()
    assert got["metadata"]["client_name"] == body["client_name"]
    documented = len(CONTRACT["models"]["LinkTokenCreateRequest"]["fields"])
    assert documented >= 45  # the figure the contract documents for /link/token/create (plaid-python 46.0.0)


def _strategy(kind: Any, name: str, depth: int) -> st.SearchStrategy[Any]:
    """Bodies of the documented shape: required fields always, optional fields sometimes."""
    if isinstance(kind, list):
        head = kind[0]
        if head == "null":
            return st.one_of(st.none(), _strategy(kind[1], name, depth))
        if head == "list":
            return st.lists(_strategy(kind[1], name, depth + 1), min_size=1, max_size=2)
        if head == "map":
            return st.dictionaries(st.sampled_from(["a", "b"]), _strategy(kind[1], name, depth + 1), max_size=2)
        return st.one_of([_strategy(k, name, depth) for k in kind[1:]])
    if kind in CONTRACT["models"] and depth < 5:
        model = CONTRACT["models"][kind]
        required = set(model.get("required", []))
        checks = model.get("checks", {})
        fields = {f: st.builds(partial(_checked_value, checks.get(f), f), _strategy(k, f, depth + 1))
                  for f, k in model["fields"].items()}
        return st.fixed_dictionaries({f: s for f, s in fields.items() if f in required},
                                     optional={f: s for f, s in fields.items() if f not in required})
    return st.just(sample(kind, name, depth))


@fuzz_settings()
@given(data=st.data())
def test_no_body_of_the_documented_shape_is_refused_for_its_shape(data):
    path = data.draw(st.sampled_from(sorted(ENDPOINTS)))
    body = data.draw(_strategy(ENDPOINTS[path], "", 0))
    body.pop("client_id", None)
    body.pop("secret", None)
    assert problems(CONTRACT, ENDPOINTS[path], body) == [], (path, body)


@fuzz_settings()
@given(data=st.data())
def test_every_link_token_body_plaid_accepts_reads_into_the_sessions_view(data):
    """/link/token/create stores a body once Plaid's contract and rules accept it, and a session reads it into
    its view when it starts: the view reads every body accepted (it is never stricter than Plaid)."""
    from hypothesis import assume

    from tuilink.plaid.models import LinkTokenCreateRequest
    from tuilink.sandbox.token_rules import link_token_problem

    body = data.draw(_strategy("LinkTokenCreateRequest", "", 0))
    body.pop("client_id", None)
    body.pop("secret", None)
    body.pop("access_token", None)  # update mode needs an Item: the view reads it as a string either way
    body.update(language="en", products=["auth"])
    if isinstance(body.get("user"), dict):
        body["user"].pop("phone_number", None)
    assume(link_token_problem(body) is None)
    LinkTokenCreateRequest.model_validate(body)
