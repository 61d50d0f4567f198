"""Identifier and token shapes of the Plaid Sandbox."""
from __future__ import annotations

import secrets
import string

_ALNUM = string.ascii_letters + string.digits

LINK_TOKEN_TTL = 4 * 3600
UPDATE_LINK_TOKEN_TTL = 30 * 60
PUBLIC_TOKEN_TTL = 30 * 60


# byte -> its base-62 letter (b % 62): a random id is one urandom call and one translate (request ids are
# made on every API answer)
_BASE62 = bytes(ord(_ALNUM[b % 62]) for b in range(256))


def _base62(n: int) -> str:
    return secrets.token_bytes(n).translate(_BASE62).decode()


def request_id() -> str:
    return _base62(15)


def _uuid4() -> str:
    """A random (version 4) UUID as text, formatted directly (uuid.uuid4() costs several times more)."""
    h = secrets.token_hex(16)
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
