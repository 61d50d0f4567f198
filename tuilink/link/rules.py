"""Small Link rules needed before the sandbox is loaded (pure functions over the message catalogues).

Messages are in Link's words, in the session's `language` (English by default)."""
from ..copy import ENGLISH, text

CLIENT_NAME_MAX = 30  # a longer client_name shows as "This Application"


def display_client_name(client_name: str, language: str = ENGLISH) -> str:
    """The name Link shows for `client_name`."""
    return client_name if len(client_name) <= CLIENT_NAME_MAX else text("consent.this_application", language)


# What the consent pane lists under "Data <client> will access", per requested product (Plaid's Data
# Transparency Messaging labels, in the order Link shows them; the labels are the catalogues' scope.<name>).
DATA_SCOPES = {
    "auth": ["account_balance", "contact", "routing"],
    "identity": ["account_balance", "contact"],
    "transactions": ["account_balance", "contact", "transactions"],
    "balance": ["account_balance"],
    "assets": ["account_balance", "contact", "transactions"],
    "investments": ["account_balance", "contact", "investments"],
    "liabilities": ["account_balance", "contact", "credit"],
    "statements": ["account_balance", "statements"],
    "signal": ["account_balance", "risk"],
    "income_verification": ["account_balance", "contact", "transactions"],
    "transfer": ["account_balance", "routing"],
}


def data_scopes(products: list[str], language: str = ENGLISH) -> list[str]:
    """The data types a session asking for `products` shows on the consent pane, without repeats."""
    scopes = [scope for product in products for scope in DATA_SCOPES.get(product, ["account_balance"])]
    return [text(f"scope.{scope}", language) for scope in dict.fromkeys(scopes)]
