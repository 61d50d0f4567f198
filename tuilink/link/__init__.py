"""What Link and the Sandbox both know: token and id shapes, Plaid's error codes with Link's copy and follow-up,
the format checks Link applies before it asks the Sandbox, the display rules (client name, data scopes, which part
of an institution's name a query matched) and the asset loader. Imports only `tuilink.plaid` and `tuilink.copy`:
the flow and the UI read Sandbox facts from the backend, never from `tuilink.sandbox`."""
