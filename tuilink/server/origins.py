"""Which addresses count as this machine's own (loopback): where `tuilink serve` binds without --allow-remote, and
which web pages may frame Link and call its browser end."""
from __future__ import annotations

import ipaddress


def is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
