"""Blocks as plain terminal text: what ``sprintkit kvu ...`` prints.

The CLI's face of the document model (:mod:`sprintkit.reports.blocks`): no markup, so nothing to
escape, and control characters are stripped. A table prints as aligned columns under a rule; a
table too wide for ``width`` prints one line per row instead (first cell, then the others joined
by " — ", the header likewise), so long reasons never make a row unreadable. A figure has no
place on a terminal: its caption is printed in brackets.

Examples:
    >>> from sprintkit.reports.blocks import Bullets, Paragraph, Table
    >>> table = Table(("a", "bb"), (("1", "2"),))
    >>> print(render_plain([Paragraph("Stand"), table, Bullets(("x",))]))
    Stand
    a  bb
    -  --
    1  2
    - x
"""

from __future__ import annotations

from collections.abc import Iterable

from .blocks import Block, Bullets, Figure, Notice, Paragraph, Table
from .safety import strip_control

__all__ = ["render_plain"]

#: a table wider than this prints one line per row
WIDTH = 120


def render_plain(blocks: Iterable[Block], width: int = WIDTH) -> str:
    """The blocks as terminal lines (no trailing newline)."""
    lines: list[str] = []
    for block in blocks:
        lines += _lines(block, width)
    return "\n".join(strip_control(line) for line in lines)


def _lines(block: Block, width: int) -> list[str]:
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, Notice):
        return [f"! {block.text}" if block.kind == "warning" else block.text]
    if isinstance(block, Bullets):
        return [f"- {item}" for item in block.items]
    if isinstance(block, Table):
        return _table(block, width)
    if isinstance(block, Figure):
        return [f"[{block.caption}]"]
    raise TypeError(f"not a block: {block!r}")


def _table(table: Table, width: int) -> list[str]:
    every = [table.header, *table.rows]
    widths = [max(len(row[i]) for row in every) for i in range(len(table.header))]
    if sum(widths) + 2 * (len(widths) - 1) > width:
        records = [f"{row[0]}  {' — '.join(row[1:])}".rstrip() for row in every]
        return [records[0], "-" * min(width, max(map(len, records))), *records[1:]]

    def fmt(cells: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [fmt(table.header), "  ".join("-" * w for w in widths), *map(fmt, table.rows)]
