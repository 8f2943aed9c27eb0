"""Where things go on the plots: pure geometry and aggregation, no matplotlib.

Text that fits a box (:func:`wrap_label`, :func:`fit_text`); the koppelvlakken map's layout
and routes are in :mod:`sprintkit.analysis.map_layout`.
:func:`glijbaan_layout` groups actors per sprint and level of the glijbaan and counts moves.
:mod:`sprintkit.plots` only draws what these functions decide, so the layout is tested
without rendering.
"""

from __future__ import annotations

import textwrap
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Actor

__all__ = [
    "wrap_label",
    "fit_text",
    "GlijbaanCell",
    "GlijbaanFlow",
    "GlijbaanLayout",
    "glijbaan_layout",
]

_CHAR_WIDTH = 0.62  # average glyph width in em (DejaVu Sans, with room for capitals)
_LINE = 1.25  # line height in em
_MAX_LINES = 4


def wrap_label(text: str, width: int, max_lines: int = _MAX_LINES) -> list[str]:
    """Wrap ``text`` at ``width`` characters; an overlong text ends in an ellipsis.

    Examples:
        >>> wrap_label("Ledverlichting en snoeien rond de Roedeflats", 16, 2)
        ['Ledverlichting', 'en snoeien rond…']
    """
    lines = textwrap.wrap(text, width, break_long_words=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(1, width - 1)].rstrip() + "…"
    return lines


def fit_text(text: str, width_pt: float, height_pt: float) -> tuple[str, float]:
    """Wrap ``text`` into a box of this size with the largest font (13 to 6 pt) that fits.

    Examples:
        >>> fit_text("Ria Brouwer, Tom Hendriks", 250, 40)
        ('Ria Brouwer, Tom Hendriks', 13)
    """
    lines = [text]
    for size in (13, 12, 11, 10, 9, 8, 7, 6):
        lines = wrap_label(text, max(8, int(width_pt / (_CHAR_WIDTH * size))), 60)
        if len(lines) * _LINE * size <= height_pt * 0.92:
            return "\n".join(lines), size
    return "\n".join(lines), 6


@dataclass(frozen=True, slots=True)
class GlijbaanCell:
    """The actors at one level of the glijbaan in one sprint (names sorted)."""

    sprint: int
    level: int
    actors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GlijbaanFlow:
    """How many actors moved from one level in one sprint to a level in their next sprint."""

    from_sprint: int
    from_level: int
    to_sprint: int
    to_level: int
    count: int


@dataclass(frozen=True, slots=True)
class GlijbaanLayout:
    """The sprints with glijbaan data, the filled cells and the moves between them."""

    sprints: tuple[int, ...]
    cells: tuple[GlijbaanCell, ...]
    flows: tuple[GlijbaanFlow, ...]


def glijbaan_layout(actors: Iterable[Actor]) -> GlijbaanLayout:
    """Group actors per sprint and glijbaan level, and count their moves between sprints.

    Examples:
        >>> a = Actor(id="a", name="Ria", kind="resident", glijbaan={1: 1, 3: 3})
        >>> b = Actor(id="b", name="Tom", kind="youth", glijbaan={1: 1, 3: 1})
        >>> glijbaan_layout([a, b]).flows[0]
        GlijbaanFlow(from_sprint=1, from_level=1, to_sprint=3, to_level=1, count=1)
    """
    cells: dict[tuple[int, int], list[str]] = defaultdict(list)
    moves: Counter[tuple[int, int, int, int]] = Counter()
    for actor in actors:
        steps = sorted(actor.glijbaan.items())
        for sprint, level in steps:
            cells[(sprint, level)].append(actor.name)
        for (s1, l1), (s2, l2) in zip(steps, steps[1:], strict=False):
            moves[(s1, l1, s2, l2)] += 1
    return GlijbaanLayout(
        sprints=tuple(sorted({sprint for sprint, _ in cells})),
        cells=tuple(GlijbaanCell(s, lv, tuple(sorted(cells[(s, lv)]))) for s, lv in sorted(cells)),
        flows=tuple(GlijbaanFlow(*key, count) for key, count in sorted(moves.items())),
    )
