"""Webhook delivery: each webhook is POSTed with httpx in its own task, retried with exponential backoff,
never delaying the request that caused it. Webhooks to one URL arrive in the order they were sent (a
receiver sees ITEM_ADD_RESULT before SESSION_FINISHED), each waiting for the one before it."""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx

from ..link.data import load


class WebhookSender:
    def __init__(self, log: Callable[[str], None] = lambda line: None, *, attempts: int | None = None,
                 first_delay: float | None = None, factor: float | None = None, timeout: float | None = None) -> None:
        retry = load("plaid_api.json")["webhook_retry"]
        self.log = log
        self.attempts = attempts or retry["attempts"]
        self.first_delay = retry["first_delay_seconds"] if first_delay is None else first_delay
        self.factor = factor or retry["factor"]
        self.timeout = timeout or retry["timeout_seconds"]
        self._tasks: set[asyncio.Task[None]] = set()
        self._client: httpx.AsyncClient | None = None
        self._last: dict[str, asyncio.Task[None]] = {}

    def __call__(self, url: str, body: dict[str, Any]) -> None:
        """Queue one webhook (called from request handlers, inside the server's event loop)."""
        task = asyncio.get_running_loop().create_task(self._deliver(url, body, self._last.get(url)))
        self._last[url] = task
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        for url, last in list(self._last.items()):
            if last is task:
                del self._last[url]

    async def _deliver(self, url: str, body: dict[str, Any], after: asyncio.Task[None] | None) -> None:
        if after is not None:
            await asyncio.wait([after])
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self.timeout)
        name = f"{body['webhook_type']} {body['webhook_code']}"
        delay = self.first_delay
        for attempt in range(1, self.attempts + 1):
            try:
                response = await self._client.post(url, json=body)
                outcome = f"HTTP {response.status_code}"
                if response.status_code < 300:
                    self.log(f"webhook {name} -> {url} {outcome}")
                    return
            except (httpx.HTTPError, httpx.InvalidURL) as exc:  # InvalidURL: e.g. a control character in it
                outcome = type(exc).__name__
            if attempt < self.attempts:
                self.log(f"webhook {name} -> {url} {outcome}, retrying in {delay:g} s")
                await asyncio.sleep(delay)
                delay *= self.factor
        self.log(f"webhook {name} -> {url} {outcome}, gave up after {self.attempts} attempts")

    async def drain(self) -> None:
        """Wait for every queued webhook to be delivered or given up."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
