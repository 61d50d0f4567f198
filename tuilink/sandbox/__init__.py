"""The emulated Plaid Sandbox: catalogue, magic values, tokens, Items and the state store.

Every Plaid rule lives here once, as data in `assets/` where it can be data.
"""
from .service import Sandbox

__all__ = ["Sandbox"]
