"""Small Link rules needed before the sandbox is loaded (pure functions, no imports)."""

CLIENT_NAME_MAX = 30  # a longer client_name shows as "This Application"


def display_client_name(client_name: str) -> str:
    """The name Link shows for `client_name`."""
    return client_name if len(client_name) <= CLIENT_NAME_MAX else "This Application"
