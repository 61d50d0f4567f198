"""Choices whose state is in the glyph, not only the colour: `(•)` / `( )` radio buttons and `[x]` / `[ ]` check
boxes. Textual draws both as a coloured block (`▐●▌`, `▐X▌`) that looks the same ticked and unticked without
colour (NO_COLOR, a monochrome terminal, a screenshot in print).

Both keep Textual's widgets, bindings and messages; only what they draw changes, through Textual's public
`render` / `render_line`. The glyphs are as wide as Textual's (three cells), so Textual's layout of them holds.
"""
from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import RadioButton, SelectionList

RADIO_ON, RADIO_OFF = "(•)", "( )"
CHECK_ON, CHECK_OFF = "[x]", "[ ]"


class Radio(RadioButton):
    """A radio button drawn `(•) label` when chosen and `( ) label` when not."""

    def render(self) -> Content:
        mark = Content.styled(RADIO_ON if self.value else RADIO_OFF, self.get_visual_style("toggle--button"))
        label = self.label.pad(1, 1).stylize_before(self.get_visual_style("toggle--label"))
        return Content.assemble(mark, label)


class Checklist(SelectionList[str]):
    """A selection list whose rows start `[x]` when selected and `[ ]` when not."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        index = self.scroll_offset.y + y
        if len(segments) < 4 or not 0 <= index < self.option_count:
            return strip
        value = self.get_option_at_index(index).value
        mark = CHECK_ON if value in self.selected else CHECK_OFF
        style = segments[1].style  # Textual's style for this row's box (selected, highlighted)
        return Strip([Segment(mark, style), *segments[3:]], strip.cell_length)
