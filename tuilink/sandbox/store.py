"""The sandbox's state in SQLite: link tokens, public tokens, Items, remembered returning users.

In memory by default; a file (WAL mode) with `--state FILE`, so state survives restarts and can be shared
by several processes. Every write is one transaction.
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from typing import Any

from .item import Item, StoredItem

_SCHEMA = """
CREATE TABLE IF NOT EXISTS link_tokens (
    token TEXT PRIMARY KEY, request TEXT NOT NULL, created_at REAL NOT NULL, expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS public_tokens (
    token TEXT PRIMARY KEY, item_id TEXT NOT NULL, expires_at REAL NOT NULL, used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS items (
    item_id TEXT PRIMARY KEY, access_token TEXT UNIQUE NOT NULL, data TEXT NOT NULL, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS returning_users (
    phone TEXT PRIMARY KEY, saved TEXT NOT NULL, updated_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS link_sessions (
    link_session_id TEXT PRIMARY KEY, link_token TEXT NOT NULL, started_at REAL NOT NULL, finished_at REAL,
    events TEXT NOT NULL DEFAULT '[]', item_add_results TEXT NOT NULL DEFAULT '[]', exit TEXT);
CREATE INDEX IF NOT EXISTS link_sessions_by_token ON link_sessions (link_token, started_at);
CREATE TABLE IF NOT EXISTS processor_tokens (
    token TEXT PRIMARY KEY, item_id TEXT NOT NULL, account_id TEXT NOT NULL, processor TEXT NOT NULL,
    created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS signal_transactions (
    client_transaction_id TEXT PRIMARY KEY, item_id TEXT NOT NULL, data TEXT NOT NULL, updated_at REAL NOT NULL);
"""
CACHE_KIB = 512 * 1024
_TABLES = ("link_tokens", "public_tokens", "items", "returning_users", "link_sessions", "processor_tokens",
           "signal_transactions")


class Store:
    def __init__(self, path: str | None = None) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path or ":memory:", check_same_thread=False, isolation_level=None, timeout=10)
        if path:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
        # SQLite's default page cache (2 MiB) is far smaller than a busy sandbox: past it, every insert pays
        # for cache churn (in memory, pages cannot even leave). A limit, not an allocation.
        self._db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        self._db.executescript(_SCHEMA)
        # Link tokens, the one write on a hot path (/link/token/create), stay in a dict when the state is this
        # process's own: an SQLite insert costs 15-20 µs with the cache cold, as it is between requests, a dict
        # insert 1 µs. A state file is shared with other processes, so there they are rows like everything else.
        self._link_tokens: dict[str, tuple[str, float, float]] | None = None if path else {}

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """The writes made inside as one transaction: after a crash, all of them are there or none."""
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            yield

    def _one(self, sql: str, *args: Any) -> tuple[Any, ...] | None:
        with self._lock:
            row: tuple[Any, ...] | None = self._db.execute(sql, args).fetchone()
            return row

    def _write(self, sql: str, *args: Any) -> int:
        with self._lock:
            return self._db.execute(sql, args).rowcount

    # link tokens
    def put_link_token(self, token: str, request: str, created_at: float, expires_at: float) -> None:
        """`request`: the validated /link/token/create body as JSON."""
        if self._link_tokens is not None:
            self._link_tokens[token] = (request, created_at, expires_at)
            return
        self._write("INSERT INTO link_tokens VALUES (?, ?, ?, ?)", token, request, created_at, expires_at)

    def get_link_token(self, token: str) -> tuple[dict[str, Any], float, float] | None:
        if self._link_tokens is not None:
            row: tuple[Any, ...] | None = self._link_tokens.get(token)
        else:
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
            item_id: str = self._db.execute("SELECT item_id FROM public_tokens WHERE token = ?", (token,)).fetchone()[0]
            return item_id

    # items
    def put_item(self, item_id: str, access_token: str, item: Item, created_at: float) -> None:
        self._write("INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?)", item_id, access_token,
                    item.model_dump_json(), created_at)

    def update_item(self, item_id: str, item: Item) -> None:
        """Write back an Item that changed (its access token and creation time stay)."""
        self._write("UPDATE items SET data = ? WHERE item_id = ?", item.model_dump_json(), item_id)

    def get_item(self, item_id: str) -> Item | None:
        row = self._one("SELECT data FROM items WHERE item_id = ?", item_id)
        return Item.model_validate_json(row[0]) if row else None

    def item_created_at(self, item_id: str) -> float | None:
        row = self._one("SELECT created_at FROM items WHERE item_id = ?", item_id)
        return row[0] if row else None

    def access_token_of(self, item_id: str) -> str | None:
        row = self._one("SELECT access_token FROM items WHERE item_id = ?", item_id)
        return row[0] if row else None

    def item_by_access_token(self, access_token: str) -> tuple[str, Item] | None:
        row = self._one("SELECT item_id, data FROM items WHERE access_token = ?", access_token)
        return (row[0], Item.model_validate_json(row[1])) if row else None

    def all_items(self) -> list[StoredItem]:
        """Every Item, oldest first, with its ids."""
        with self._lock:
            rows = self._db.execute("SELECT item_id, access_token, data, created_at FROM items ORDER BY created_at")
            return [StoredItem(item_id=item, access_token=token, created_at=created,
                               item=Item.model_validate_json(data)) for item, token, data, created in rows.fetchall()]

    def remove_item(self, item_id: str) -> None:
        """The Item, its unused public tokens and its processor tokens, gone in one transaction."""
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("DELETE FROM items WHERE item_id = ?", (item_id,))
            self._db.execute("DELETE FROM public_tokens WHERE item_id = ?", (item_id,))
            self._db.execute("DELETE FROM processor_tokens WHERE item_id = ?", (item_id,))
            self._db.execute("DELETE FROM signal_transactions WHERE item_id = ?", (item_id,))

    # processor tokens
    def put_processor_token(self, token: str, item_id: str, account_id: str, processor: str, now: float) -> None:
        self._write("INSERT INTO processor_tokens VALUES (?, ?, ?, ?, ?)", token, item_id, account_id, processor, now)

    def processor_token(self, token: str) -> tuple[str, str, str] | None:
        """(item_id, account_id, processor) of a processor token."""
        row = self._one("SELECT item_id, account_id, processor FROM processor_tokens WHERE token = ?", token)
        return (row[0], row[1], row[2]) if row else None

    # Signal: the transactions /signal/evaluate scored, with the decision and return reported for them
    def put_signal_transaction(self, client_transaction_id: str, item_id: str, data: dict[str, Any],
                               now: float) -> None:
        self._write("INSERT OR REPLACE INTO signal_transactions VALUES (?, ?, ?, ?)", client_transaction_id, item_id,
                    json.dumps(data), now)

    def signal_transaction(self, client_transaction_id: str) -> tuple[str, dict[str, Any]] | None:
        """(item_id, data) of a transaction /signal/evaluate scored."""
        row = self._one("SELECT item_id, data FROM signal_transactions WHERE client_transaction_id = ?",
                        client_transaction_id)
        return (row[0], json.loads(row[1])) if row else None

    # Link sessions (what /link/token/get reports)
    def start_link_session(self, link_session_id: str, link_token: str, now: float) -> None:
        self._write("INSERT OR IGNORE INTO link_sessions (link_session_id, link_token, started_at) VALUES (?, ?, ?)",
                    link_session_id, link_token, now)

    def add_item_add_result(self, link_session_id: str, result: dict[str, Any]) -> None:
        with self._lock:
            row = self._db.execute("SELECT item_add_results FROM link_sessions WHERE link_session_id = ?",
                                   (link_session_id,)).fetchone()
            if row is not None:
                results = json.loads(row[0]) + [result]
                self._db.execute("UPDATE link_sessions SET item_add_results = ? WHERE link_session_id = ?",
                                 (json.dumps(results), link_session_id))

    def finish_link_session(self, link_session_id: str, events: list[dict[str, Any]], exit: dict[str, Any] | None,
                            now: float) -> bool:
        """Record the session's events and outcome; False if the session is unknown or already finished."""
        return bool(self._write(
            "UPDATE link_sessions SET events = ?, exit = ?, finished_at = ? "
            "WHERE link_session_id = ? AND finished_at IS NULL",
            json.dumps(events), json.dumps(exit) if exit is not None else None, now, link_session_id))

    def link_sessions(self, link_token: str) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT link_session_id, started_at, finished_at, events, item_add_results, exit FROM link_sessions "
                "WHERE link_token = ? ORDER BY started_at", (link_token,)).fetchall()
        return [{"link_session_id": r[0], "started_at": r[1], "finished_at": r[2], "events": json.loads(r[3]),
                 "item_add_results": json.loads(r[4]), "exit": json.loads(r[5]) if r[5] else None} for r in rows]

    def link_session_token(self, link_session_id: str) -> str | None:
        row = self._one("SELECT link_token FROM link_sessions WHERE link_session_id = ?", link_session_id)
        return row[0] if row else None

    def reset(self) -> None:
        """Forget everything: every table emptied in one transaction."""
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            for table in _TABLES:
                self._db.execute(f"DELETE FROM {table}")
            if self._link_tokens is not None:
                self._link_tokens.clear()

    # returning users
    def get_returning_user(self, phone: str) -> list[dict[str, Any]] | None:
        row = self._one("SELECT saved FROM returning_users WHERE phone = ?", phone)
        return json.loads(row[0]) if row else None

    def put_returning_user(self, phone: str, saved: list[dict[str, Any]], now: float) -> None:
        self._write("INSERT OR REPLACE INTO returning_users VALUES (?, ?, ?)", phone, json.dumps(saved), now)
