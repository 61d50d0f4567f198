"""The sandbox's state in SQLite: link tokens, public tokens, Items, remembered returning users.

In memory by default; a file (WAL mode) with `--state FILE`, so state survives restarts and can be shared
by several processes. Every write is one transaction.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS link_tokens (
    token TEXT PRIMARY KEY, request TEXT NOT NULL, created_at REAL NOT NULL, expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS public_tokens (
    token TEXT PRIMARY KEY, item_id TEXT NOT NULL, expires_at REAL NOT NULL, used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS items (
    item_id TEXT PRIMARY KEY, access_token TEXT UNIQUE NOT NULL, data TEXT NOT NULL, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS returning_users (
    phone TEXT PRIMARY KEY, saved TEXT NOT NULL, updated_at REAL NOT NULL);
"""


class Store:
    def __init__(self, path: str | None = None) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path or ":memory:", check_same_thread=False, isolation_level=None, timeout=10)
        if path:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _one(self, sql: str, *args: Any) -> tuple | None:
        with self._lock:
            return self._db.execute(sql, args).fetchone()

    def _write(self, sql: str, *args: Any) -> int:
        with self._lock:
            return self._db.execute(sql, args).rowcount

    # link tokens
    def put_link_token(self, token: str, request: dict[str, Any], created_at: float, expires_at: float) -> None:
        self._write("INSERT INTO link_tokens VALUES (?, ?, ?, ?)", token, json.dumps(request), created_at, expires_at)

    def get_link_token(self, token: str) -> tuple[dict[str, Any], float, float] | None:
        row = self._one("SELECT request, created_at, expires_at FROM link_tokens WHERE token = ?", token)
        return (json.loads(row[0]), row[1], row[2]) if row else None

    # public tokens
    def put_public_token(self, token: str, item_id: str, expires_at: float) -> None:
        self._write("INSERT INTO public_tokens VALUES (?, ?, ?, 0)", token, item_id, expires_at)

    def take_public_token(self, token: str, now: float) -> str | None:
        """The token's item_id, marking the token used; None if unknown, used or expired. Atomic."""
        with self._lock:
            changed = self._db.execute(
                "UPDATE public_tokens SET used = 1 WHERE token = ? AND used = 0 AND expires_at > ?", (token, now)
            ).rowcount
            if not changed:
                return None
            return self._db.execute("SELECT item_id FROM public_tokens WHERE token = ?", (token,)).fetchone()[0]

    # items
    def put_item(self, item_id: str, access_token: str, data: dict[str, Any], created_at: float) -> None:
        self._write(
            "INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?)", item_id, access_token, json.dumps(data), created_at
        )

    def get_item(self, item_id: str) -> dict[str, Any] | None:
        row = self._one("SELECT data FROM items WHERE item_id = ?", item_id)
        return json.loads(row[0]) if row else None

    def access_token_of(self, item_id: str) -> str | None:
        row = self._one("SELECT access_token FROM items WHERE item_id = ?", item_id)
        return row[0] if row else None

    def item_by_access_token(self, access_token: str) -> tuple[str, dict[str, Any]] | None:
        row = self._one("SELECT item_id, data FROM items WHERE access_token = ?", access_token)
        return (row[0], json.loads(row[1])) if row else None

    def all_items(self) -> list[dict[str, Any]]:
        """Every Item, oldest first: its data plus item_id, access_token and created_at."""
        with self._lock:
            rows = self._db.execute("SELECT item_id, access_token, data, created_at FROM items ORDER BY created_at")
            return [{**json.loads(data), "item_id": item, "access_token": token, "created_at": created}
                    for item, token, data, created in rows.fetchall()]

    # returning users
    def get_returning_user(self, phone: str) -> list[dict[str, Any]] | None:
        row = self._one("SELECT saved FROM returning_users WHERE phone = ?", phone)
        return json.loads(row[0]) if row else None

    def put_returning_user(self, phone: str, saved: list[dict[str, Any]], now: float) -> None:
        self._write("INSERT OR REPLACE INTO returning_users VALUES (?, ?, ?)", phone, json.dumps(saved), now)
