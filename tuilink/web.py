"""`tuilink web`: Link in a browser.

textual-serve serves a command line: each browser tab that connects runs its own copy of it as a subprocess on
Textual's web driver (it sets TEXTUAL_DRIVER), whose stdin and stdout carry the terminal's bytes to and from
xterm.js in the page. The command is `tuilink` itself with the Link flags `tuilink web` was given. The
subprocess's stderr is printed on this server's console when its session ends, which is where the callback
JSON goes (see `cli.emit_result`).
"""
from __future__ import annotations

import sys
from typing import Any

from textual_serve.server import Server


def default_url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class WebServer(Server):
    """textual-serve's server, announcing itself in one line on stderr instead of its banner."""

    def __init__(self, command: str, *, host: str, port: int, public_url: str | None = None) -> None:
        super().__init__(command, host=host, port=port, title="tuilink",
                         public_url=(public_url or default_url(host, port)).rstrip("/"))

    async def on_startup(self, app: Any) -> None:
        print(f"tuilink web: open {self.public_url} in a browser (each tab runs its own Link session); "
              "Ctrl+C stops it", file=sys.stderr, flush=True)
