"""Plaid's token rules at their edges, on an injectable clock (no test waits for time to pass):
public tokens are single use and live 30 minutes, link tokens 4 hours (30 minutes in update mode), /item/remove
revokes an access token, and only one of many concurrent exchanges of a public token wins — also across two
processes' connections to one state file. (OTP and micro-deposit code lockouts after three attempts:
test_sandbox.py, test_three_wrong_otps_lock_the_profile and test_three_wrong_codes_fail_the_item_for_good.)"""
from __future__ import annotations

import threading

import pytest

from tests.fuzzing import count
from tests.unit.test_sandbox import BODY, Clock, linked
from tuilink.link.tokens import LINK_TOKEN_TTL, PUBLIC_TOKEN_TTL, UPDATE_LINK_TOKEN_TTL
from tuilink.plaid import api as A
from tuilink.plaid import link_api as L
from tuilink.plaid.errors import PlaidApiError
from tuilink.sandbox import Sandbox
from tuilink.sandbox.api import PlaidApi
from tuilink.sandbox.item import Item
from tuilink.sandbox.store import Store


def code_of(call) -> str | None:
    try:
        call()
    except PlaidApiError as exc:
        return exc.error.error_code
    return None


@pytest.mark.parametrize("age,code", [(PUBLIC_TOKEN_TTL - 1, None), (PUBLIC_TOKEN_TTL, "INVALID_PUBLIC_TOKEN"),
                                      (PUBLIC_TOKEN_TTL + 1, "INVALID_PUBLIC_TOKEN")])
def test_a_public_token_lives_thirty_minutes(age, code):
    clock = Clock()
    sb = Sandbox(clock=clock)
    public = linked(sb)
    clock.now += age
    assert code_of(lambda: sb.exchange_public_token(public)) == code
    count("token rules checked", "public token expiry")


def test_a_public_token_is_spent_by_its_first_exchange():
    sb = Sandbox()
    public = linked(sb)
    sb.exchange_public_token(public)
    assert code_of(lambda: sb.exchange_public_token(public)) == "INVALID_PUBLIC_TOKEN"


def update_mode_body(sb: Sandbox) -> dict:
    access, _ = sb.exchange_public_token(linked(sb))
    return {**{k: v for k, v in BODY.items() if k != "products"}, "access_token": access}


@pytest.mark.parametrize("update_mode", [False, True])
@pytest.mark.parametrize("past_ttl", [-1, 0, 1])
def test_a_link_token_lives_four_hours_and_thirty_minutes_in_update_mode(update_mode, past_ttl):
    clock = Clock()
    sb = Sandbox(clock=clock)
    token = sb.link_token_create(update_mode_body(sb) if update_mode else BODY)
    ttl = UPDATE_LINK_TOKEN_TTL if update_mode else LINK_TOKEN_TTL
    assert (ttl, token.expiration.endswith("Z")) == ((30 if update_mode else 240) * 60, True)
    clock.now += ttl + past_ttl
    started = code_of(lambda: sb.start_session(L.StartSessionRequest(link_token=token.link_token)))
    assert started == (None if past_ttl < 0 else "INVALID_LINK_TOKEN")
    count("token rules checked", "link token expiry")


def test_item_remove_revokes_the_access_token_everywhere():
    sb = Sandbox()
    api = PlaidApi(sb)
    access, item_id = sb.exchange_public_token(linked(sb))
    assert api.item_get(A.AccessTokenRequest(access_token=access))["item"]["item_id"] == item_id
    assert api.item_remove(A.AccessTokenRequest(access_token=access)) == {}
    for call in (lambda: api.item_get(A.AccessTokenRequest(access_token=access)),
                 lambda: api.accounts_get(A.AccountsGetRequest(access_token=access)),
                 lambda: api.item_remove(A.AccessTokenRequest(access_token=access)),
                 lambda: sb.link_token_create({**BODY, "access_token": access})):
        assert code_of(call) == "INVALID_ACCESS_TOKEN"
    count("token rules checked", "item remove")


@pytest.mark.parametrize("shared_file", [False, True])
def test_of_concurrent_exchanges_of_one_public_token_exactly_one_wins(tmp_path, shared_file):
    """Threads on one sandbox, or on two sandboxes (two SQLite connections, as two processes would be) over one
    state file."""
    path = str(tmp_path / "state.db")
    first = Sandbox(Store(path))
    public = linked(first)
    sandboxes = [first, Sandbox(Store(path))] if shared_file else [first]
    start = threading.Barrier(24)
    outcomes: list[str | None] = []

    def exchange(sb: Sandbox) -> None:
        start.wait()
        outcomes.append(code_of(lambda: sb.exchange_public_token(public)))

    threads = [threading.Thread(target=exchange, args=(sandboxes[n % len(sandboxes)],)) for n in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 24 and outcomes.count(None) == 1
    assert set(outcomes) == {None, "INVALID_PUBLIC_TOKEN"}
    count("token rules checked", "concurrent exchanges", 24)


def test_an_item_and_its_public_token_are_written_together_or_not_at_all(tmp_path):
    """Store.transaction(): what Link writes when it completes (the Item, then its public token) lands whole.
    A failure between the two writes leaves neither, in this connection and in another one on the file."""
    path = str(tmp_path / "state.db")
    store = Store(path)
    with pytest.raises(RuntimeError), store.transaction():
        store.put_item("item-1", "access-sandbox-1", Item(), 0.0)
        raise RuntimeError("killed between the two writes")
    peek = Store(path)
    assert store.get_item("item-1") is None and peek.get_item("item-1") is None
    peek.close()
    with store.transaction():
        store.put_item("item-2", "access-sandbox-2", Item(), 0.0)
        store.put_public_token("public-sandbox-2", "item-2", 60.0)
    other = Store(path)
    assert other.get_item("item-2") == Item() and other.take_public_token("public-sandbox-2", 1.0) == "item-2"
    store.close()
    other.close()
