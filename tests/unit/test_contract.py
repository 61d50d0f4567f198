"""Plaid's request contract: the committed assets/plaid_contract.json is what the pinned plaid-python generates;
the validator accepts what it documents and refuses what it does not; the pydantic views read only documented
fields."""
from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from tuilink.plaid.contract import problems
from tuilink.plaid.errors import PlaidApiError
from tuilink.plaid.models import LinkTokenCreateRequest
from tuilink.sandbox import validation
from tuilink.sandbox.api import ENDPOINTS
from tuilink.scripts import plaid_contract

CONTRACT = validation.contract()
LINK = {"client_name": "App", "language": "en", "country_codes": ["US"], "user": {"client_user_id": "u"},
        "products": ["auth"]}


def test_the_committed_contract_is_what_the_pinned_plaid_python_generates():
    committed = Path(plaid_contract.TARGET).read_text()
    assert committed == plaid_contract.render(plaid_contract.generate()), (
        "assets/plaid_contract.json drifted from plaid-python's models: run `make contract` and commit it")


def test_every_plaid_endpoint_tuilink_serves_has_its_schema():
    served = {path for path in ENDPOINTS if not path.startswith("/tuilink/")}
    assert set(CONTRACT["endpoints"]) == served
    assert all(name in CONTRACT["models"] for name in CONTRACT["endpoints"].values())


def _types(kind: Any) -> set[str]:
    """The model names a contract type may hold."""
    if isinstance(kind, list):
        return {name for part in kind[1:] for name in _types(part)}
    return {kind} if kind in CONTRACT["models"] else set()


def _view_models(annotation: Any) -> list[type[BaseModel]]:
    args = typing.get_args(annotation)
    if args:
        return [m for a in args for m in _view_models(a)]
    return [annotation] if isinstance(annotation, type) and issubclass(annotation, BaseModel) else []


def _check_view(view: type[BaseModel], schema: str, where: str) -> list[str]:
    """Fields of the view that Plaid's schema does not document (recursively)."""
    fields = CONTRACT["models"][schema]["fields"]
    wrong = []
    for name, info in view.model_fields.items():
        if name not in fields:
            wrong.append(f"{where}.{name}")
            continue
        for inner in _view_models(info.annotation):
            for candidate in _types(fields[name]):
                wrong += _check_view(inner, candidate, f"{where}.{name}")
    return wrong


@pytest.mark.parametrize("path", sorted(CONTRACT["endpoints"]))
def test_the_fields_tuilink_reads_are_plaids(path):
    view = ENDPOINTS[path].model or LinkTokenCreateRequest
    assert _check_view(view, CONTRACT["endpoints"][path], path) == []


def test_documented_fields_plaid_added_are_accepted():
    body = {**LINK, "transactions": {"days_requested": 730}, "institution_id": "ins_109508", "user_id": "usr_1",
            "statements": {"start_date": "2026-01-01", "end_date": "2026-02-01"},
            "identity_verification": {"template_id": "idvtmp_1"}, "eu_config": {"headless": False},
            "financekit_supported": True, "access_tokens": [],
            "account_filters": {"depository": {"account_subtypes": ["checking"],
                                               "limited_purpose_types": ["RENT_MORTGAGE"]}}}
    body["user"] = {**body["user"], "ssn": "123-45-6789"}
    body["products"] = ["auth", "identity_verification", "balance_plus"]
    assert problems(CONTRACT, "LinkTokenCreateRequest", body) == [] or pytest.fail(
        str(problems(CONTRACT, "LinkTokenCreateRequest", body)))


@pytest.mark.parametrize(("body", "code", "names"), [
    ({**LINK, "colour": "blue"}, "UNKNOWN_FIELDS", "colour"),
    ({**LINK, "user": {"client_user_id": "u", "shoe_size": 9}}, "UNKNOWN_FIELDS", "user.shoe_size"),
    ({**LINK, "account_filters": {"depository": {"account_subtypes": ["checking"], "x": 1}}}, "UNKNOWN_FIELDS",
     "account_filters.depository.x"),
    ({k: v for k, v in LINK.items() if k != "language"}, "MISSING_FIELDS", "language"),
    ({**LINK, "user": {}}, "MISSING_FIELDS", "user.client_user_id"),
    ({**LINK, "products": ["auth", "wine"]}, "INVALID_PRODUCT", "products[1]"),
    ({**LINK, "country_codes": ["ZZ"]}, "INVALID_FIELD", "country_codes[0]"),
    ({**LINK, "transactions": {"days_requested": 731}}, "INVALID_FIELD", "transactions.days_requested"),
    ({**LINK, "transactions": {"days_requested": "30"}}, "INVALID_FIELD", "transactions.days_requested"),
    ({**LINK, "enable_multi_item_link": "yes"}, "INVALID_FIELD", "enable_multi_item_link"),
    ({**LINK, "user": {"client_user_id": "u", "date_of_birth": "1990-13-01"}}, "INVALID_FIELD",
     "user.date_of_birth"),
    ({**LINK, "client_name": ""}, "INVALID_FIELD", "client_name"),
    ({**LINK, "auth": {"reroute_to_credentials": "SOMETIMES"}}, "INVALID_FIELD", "auth.reroute_to_credentials"),
    ({**LINK, "language": "xx"}, "INVALID_FIELD", "language"),
    ({**LINK, "products": ["balance"]}, "INVALID_PRODUCT", "balance"),
    ({k: v for k, v in LINK.items() if k != "user"}, "MISSING_FIELDS", "user"),
])
def test_link_token_create_refuses_what_plaid_refuses(body, code, names):
    with pytest.raises(PlaidApiError) as raised:
        validation.link_token_create(body)
    assert raised.value.error.error_code == code
    assert names in raised.value.error.error_message


def test_null_is_not_given_for_an_optional_field_and_missing_for_a_required_one():
    assert validation.link_token_create({**LINK, "webhook": None, "redirect_uri": None}).webhook is None
    with pytest.raises(PlaidApiError) as raised:
        validation.link_token_create({**LINK, "client_name": None})
    assert raised.value.error.error_code == "MISSING_FIELDS"


def test_user_id_stands_in_for_user():
    req = validation.link_token_create({k: v for k, v in LINK.items() if k != "user"} | {"user_id": "usr_1"})
    assert req.user_id == "usr_1" and req.user.phone_number is None


def test_the_walk_is_as_deep_as_the_schema_whatever_the_body():
    deep: Any = 1
    for _ in range(10_000):
        deep = {"a": deep}
    assert [p.kind for p in problems(CONTRACT, "LinkTokenCreateRequest", {**LINK, "hosted_link": deep})] == [
        "unknown"]


def test_the_enums_tuilink_reads_come_from_plaid():
    assert {"auth", "identity_verification", "balance_plus", "signal", "statements"} <= set(validation.enum("products"))
    # plaid-python 46.0.0 is OpenAPI 2020-09-14_1.778.0, where Plaid no longer lists `paynote`
    assert {"alloy", "dwolla", "moov", "seamlessach"} <= set(validation.enum("processors"))
    assert {"DEFAULT_UPDATE", "NEW_ACCOUNTS_AVAILABLE", "LOGIN_REPAIRED"} <= set(validation.enum("webhook_codes"))
    assert {"en", "es", "fr", "nb", "ht"} <= set(validation.enum("languages"))
    assert "US" in validation.enum("country_codes")
