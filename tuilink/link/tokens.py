"""Identifier and token shapes of the Plaid Sandbox."""
from __future__ import annotations

import random
import secrets
import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_ALNUM = string.ascii_letters + string.digits

LINK_TOKEN_TTL = 4 * 3600
UPDATE_LINK_TOKEN_TTL = 30 * 60
PUBLIC_TOKEN_TTL = 30 * 60


# byte -> its base-62 letter (b % 62): a random id is one urandom call and one translate (request ids are
# made on every API answer)
_BASE62 = bytes(ord(_ALNUM[b % 62]) for b in range(256))


# Where random bytes come from: the OS (secrets), or a seeded generator inside `seeded()`.
_random_bytes: Callable[[int], bytes] = secrets.token_bytes


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Tokens and ids from a generator seeded with `seed` while inside: the same session gets the same ids,
    so pictures of it (snapshots, screenshots) are reproducible. Never used by a server."""
    global _random_bytes
    previous = _random_bytes
    _random_bytes = random.Random(seed).randbytes
    try:
        yield
    finally:
        _random_bytes = previous


def _base62(n: int) -> str:
    return _random_bytes(n).translate(_BASE62).decode()


def request_id() -> str:
    return _base62(15)


def _uuid4() -> str:
    """A random (version 4) UUID as text, formatted directly (uuid.uuid4() costs several times more)."""
    h = _random_bytes(16).hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"


def link_token() -> str:
    return f"link-sandbox-{_uuid4()}"


def public_token() -> str:
    return f"public-sandbox-{_uuid4()}"


def access_token() -> str:
    return f"access-sandbox-{_uuid4()}"


def item_id() -> str:
    return _base62(37)


def account_id() -> str:
    return _base62(37)


def link_session_id() -> str:
    return _uuid4()


def oauth_state_id() -> str:
    """What the bank's redirect to the app's redirect_uri carries, for Link to resume the session it left."""
    return _uuid4()


def oauth_state_id_of(url: str | None) -> str | None:
    """The oauth_state_id a redirect page's address carries (the web SDK's receivedRedirectUri), if any."""
    from urllib.parse import parse_qs, urlsplit

    found = parse_qs(urlsplit(url).query).get("oauth_state_id") if url else None
    return found[0] if found else None
