"""Small Link rules needed before the sandbox is loaded (pure functions, no imports)."""

CLIENT_NAME_MAX = 30  # a longer client_name shows as "This Application"


def display_client_name(client_name: str) -> str:
    """The name Link shows for `client_name`."""
    return client_name if len(client_name) <= CLIENT_NAME_MAX else "This Application"


def otp_problem(code: str) -> str | None:
    """What is wrong with a typed one-time code (six digits), in Link's words."""
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return "Enter the 6-digit code"
    return None


# What the consent pane lists under "Data <client> will access", per requested product (Plaid's Data
# Transparency Messaging labels, in the order Link shows them).
DATA_SCOPES = {
    "auth": ["Account and balance info", "Contact info", "Account and routing number"],
    "identity": ["Account and balance info", "Contact info"],
    "transactions": ["Account and balance info", "Contact info", "Transactions"],
    "balance": ["Account and balance info"],
    "assets": ["Account and balance info", "Contact info", "Transactions"],
    "investments": ["Account and balance info", "Contact info", "Investments"],
    "liabilities": ["Account and balance info", "Contact info", "Credit and loans"],
    "statements": ["Account and balance info", "Bank Statements"],
    "signal": ["Account and balance info", "Risk info"],
    "income_verification": ["Account and balance info", "Contact info", "Transactions"],
    "transfer": ["Account and balance info", "Account and routing number"],
}


def data_scopes(products: list[str]) -> list[str]:
    """The data types a session asking for `products` shows on the consent pane, without repeats."""
    scopes = [scope for product in products for scope in DATA_SCOPES.get(product, ["Account and balance info"])]
    return list(dict.fromkeys(scopes))
