"""Lines with a hanging indent: where a line wraps, the rest of it starts under its text, not at
the left edge ("  ☐ send the portfolio…" continues under "send", a day's plan under its items).
A Textual Visual, so a Static shows it and wraps it afresh at whatever width it gets."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

#: Narrower than this, a continuation is not indented (it would hold a word or two a line).
MIN_TEXT = 12


def hang(line: Content, width: int, indent: int) -> list[Content]:
    """``line`` wrapped at ``width``; the lines after the first indented by ``indent`` cells."""
    if line.cell_length <= width:
        return [line]
    if indent <= 0 or width - indent < MIN_TEXT:
        return line.wrap(width)
    first = line.wrap(width)[0]
    rest = line[len(first.plain) :]
    rest = rest[len(rest.plain) - len(rest.plain.lstrip(" ")) :]
    pad = Content(" " * indent)
    return [first, *(pad + part for part in rest.wrap(width - indent))]


class Hanging(Visual):
    """Lines, each with how far its continuations are indented."""

    def __init__(self, lines: Iterable[tuple[Content, int]]) -> None:
        self.lines = list(lines)
        self._wrapped: tuple[int, Content] | None = None

    def __str__(self) -> str:
        return "\n".join(line.plain for line, _ in self.lines)

    def at(self, width: int) -> Content:
        """The lines wrapped at ``width``, as one Content."""
        if self._wrapped is None or self._wrapped[0] != width:
            wrapped = [part for line, indent in self.lines for part in hang(line, max(width, 1), indent)]
            self._wrapped = (width, Content("\n").join(wrapped))
        return self._wrapped[1]

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self.at(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((line.cell_length for line, _ in self.lines), default=0)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return max((line.get_minimal_width(rules) for line, _ in self.lines), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.at(width).get_height(rules, width)


class Lines:
    """Builds a Hanging a line at a time: ``add(*parts, indent=n)`` takes what
    ``Content.assemble`` takes."""

    def __init__(self) -> None:
        self.lines: list[tuple[Content, int]] = []

    def add(self, *parts, indent: int = 0) -> None:
        self.lines.append((Content.assemble(*parts), indent))

    def blank(self) -> None:
        self.lines.append((Content(""), 0))

    def done(self) -> Hanging:
        return Hanging(self.lines)
