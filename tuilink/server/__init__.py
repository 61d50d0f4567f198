"""`tuilink serve`: the sandbox as a Plaid-compatible HTTP API (Starlette + uvicorn), webhooks with httpx."""
