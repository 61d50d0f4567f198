"""Link in a web app's overlay (`tuilink serve`'s web SDK): the channel between this app and the page.

The server starts `tuilink` on Textual's web driver for the overlay page, with TUILINK_WEB_SDK=1 (see
tuilink/server/browser.py). Then:
- each onEvent, and the callback, go to the page as they happen, as meta packets of type "tuilink" on the web
  driver's stdout (its public `write_meta`), in the order Link emits them: the page's SDK calls onEvent,
  onSuccess and onExit with them;
- the page's `handler.exit()` and `handler.submit()` arrive as meta packets the other way, which this driver
  turns into app messages (`PageExit`, `PageSubmit`); Textual's own packets go on to its driver.
"""
from __future__ import annotations

from typing import Any

from textual.drivers.web_driver import WebDriver

from ..plaid.models import LinkEvent, LinkResult
from .app import PageExit, PageSubmit


class OverlayDriver(WebDriver):
    """Textual's web driver, which also answers the page's SDK and lets the app write to it."""

    current: OverlayDriver | None = None

    def __init__(self, app: Any, **options: Any) -> None:
        super().__init__(app, **options)
        OverlayDriver.current = self

    def on_meta(self, packet_type: str, payload: dict[str, object]) -> None:
        if packet_type == "tuilink_exit":
            self.process_message(PageExit(force=bool(payload.get("force"))))
        elif packet_type == "tuilink_submit":
            phone = payload.get("phone_number")
            self.process_message(PageSubmit(phone_number=phone if isinstance(phone, str) else None))
        else:
            super().on_meta(packet_type, payload)


def to_page(payload: dict[str, Any]) -> None:
    driver = OverlayDriver.current
    if driver is not None:
        driver.write_meta({"type": "tuilink", **payload})


def attach(session: Any) -> Any:
    """Hand the session's events, its callback, and a redirect to the bank (OAuth) to the page."""

    def event(e: LinkEvent) -> None:
        to_page({"kind": "event", **e.model_dump(mode="json")})

    def result(r: LinkResult) -> None:
        to_page({"kind": "callback", **r.model_dump(mode="json")})

    def redirect(url: str) -> None:
        to_page({"kind": "redirect", "url": url})

    session.event_listeners.append(event)
    session.result_listeners.append(result)
    session.redirect_listeners.append(redirect)
    return session


def log(line: str) -> None:
    """One line for the server's log (an autopilot's failure, say)."""
    to_page({"kind": "log", "line": line})
