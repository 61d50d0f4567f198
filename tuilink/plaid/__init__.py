"""Plaid wire types: pydantic models and enums. No logic, no I/O."""
