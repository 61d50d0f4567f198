"""The key-hints bar at the bottom of every pane.

A single line of text built from the screen's active bindings, instead of Textual's `Footer`, which mounts a
widget per key and recomposes on every binding change: on a pane switch that cost ~25 ms (a fifth of the time
to the first paint). Clicking a hint presses its key. Bindings change often (every focus change): an
unchanged line is not redrawn, and a changed one repaints without a new layout of the screen.
"""
from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget

from ...copy import has
from ...copy import text as copy_text


class KeyHints(Widget):
    DEFAULT_CSS = """
    KeyHints {
        dock: bottom;
        height: 1;
        width: 100%;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    KeyHints > .key-hints--key {
        color: $footer-key-foreground;
        text-style: bold;
    }
    """
    COMPONENT_CLASSES = {"key-hints--key"}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._text = Text()
        self._pending = False
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._show()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Any) -> None:
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True  # a burst of changes (focus moving, a pane mounting) is one redraw
            self.call_after_refresh(self._show)

    def _show(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        key_style = self.get_component_rich_style("key-hints--key")
        text, spans, seen = Text(), [], set()
        said: set[str] = set()  # two keys that do the same (q and Ctrl+Q on the result screen): one hint
        for node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen or not enabled:
                continue
            seen.add(binding.action)
            description = self._describe(binding, node)
            if description in said:
                continue
            said.add(description)
            start = len(text)
            text.append(f" {self.app.get_key_display(binding)} ", style=key_style)
            text.append(f"{description} ")
            spans.append((start, len(text), binding.key.split(",")[0]))
        palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if self.app.ENABLE_COMMAND_PALETTE and palette is not None:
            start = len(text)
            text.append(f" {self.app.get_key_display(palette.binding)} ", style=key_style)
            text.append(f"{copy_text('keys.palette', self._language())} ")
            spans.append((start, len(text), palette.binding.key))
        self._spans = spans
        if text != self._text:  # its size is fixed (one row, the full width): a repaint, never a new layout
            self._text = text
            self.refresh()

    def render(self) -> Text:
        return self._text

    def _language(self) -> str:
        return str(getattr(self.app, "language", "en"))

    def _describe(self, binding: Binding, node: Any = None) -> str:
        """The binding's description in the session's language (`keys.<action>`, or the catalogue key the
        binding's widget gives for its state: `hint_key(action)`); a binding of Textual's own that the catalogues
        do not know keeps its description."""
        action = binding.action.split("(")[0]
        key = getattr(node, "hint_key", lambda action: f"keys.{action}")(action)
        return copy_text(key, self._language()) if has(key) else binding.description

    async def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                await self.app.run_action(f"simulate_key('{key}')")
                return
