"""The emulated Plaid Sandbox: catalogue, magic values, tokens, Items and the state store.

Every Plaid rule lives here once, as data in `assets/` where it can be data. `Sandbox` is imported on first
use, so that the light modules (`rules`, `catalogue`) stay cheap.
"""
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .service import Sandbox as Sandbox

__all__ = ["Sandbox"]


def __getattr__(name: str) -> Any:
    if name == "Sandbox":
        from .service import Sandbox

        return Sandbox
    raise AttributeError(name)
