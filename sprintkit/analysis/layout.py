"""Where things go on the plots: pure geometry and aggregation, no matplotlib.

:func:`environment_map_layout` places every indicator and intervention of a graph in the
quadrant of its environment, in boxes that never overlap, with the largest font that fits.
:func:`glijbaan_layout` groups actors per sprint and level of the glijbaan and counts moves.
:mod:`sprintkit.plots` only draws what these functions decide, so the layout is tested
without rendering.
"""

from __future__ import annotations

import math
import textwrap
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from ..model import Actor, Environment
from ._index import GraphIndex, Node, index
from .graph import ENVIRONMENTS

__all__ = [
    "QUADRANTS",
    "Box",
    "Arrow",
    "Quadrant",
    "MapLayout",
    "environment_map_layout",
    "wrap_label",
    "fit_text",
    "GlijbaanCell",
    "GlijbaanFlow",
    "GlijbaanLayout",
    "glijbaan_layout",
]

#: Lower-left corner of each environment's quadrant on a 2 x 2 map.
QUADRANTS: dict[str, tuple[float, float]] = {
    "social": (0.0, 1.0),
    "physical": (1.0, 1.0),
    "institutional": (0.0, 0.0),
    "criminal": (1.0, 0.0),
}
_MARGIN = 0.025  # data units around a quadrant's content
_CHAR_WIDTH = 0.62  # average glyph width in em (DejaVu Sans, with room for capitals)
_LINE = 1.25  # line height in em
_MAX_LINES = 4
_FONTS = tuple(x / 2 for x in range(28, 11, -1))  # 14 pt down to 6 pt


@dataclass(frozen=True, slots=True)
class Box:
    """A labelled box in data coordinates (``x``, ``y`` is the lower-left corner)."""

    key: str
    kind: str
    id: str
    environment: str
    text: str
    x: float
    y: float
    w: float
    h: float
    worsening: bool = False

    @property
    def center(self) -> tuple[float, float]:
        """The middle of the box."""
        return self.x + self.w / 2, self.y + self.h / 2

    def exit_point(self, toward: tuple[float, float]) -> tuple[float, float]:
        """Where the line from the middle of the box toward a point leaves the box.

        An arrow starts and ends there, so the map needs no clipping by matplotlib (which
        bisects the arrow against each box outline, the costliest part of saving the map).

        Examples:
            >>> box = Box("b", "intervention", "b", "social", "", 0.0, 0.0, 2.0, 1.0)
            >>> box.exit_point((5.0, 0.5)), box.exit_point((1.0, 3.0)), box.exit_point((1.0, 0.5))
            ((2.0, 0.5), (1.0, 1.0), (1.0, 0.5))
        """
        cx, cy = self.center
        dx, dy = toward[0] - cx, toward[1] - cy
        scale = min(
            self.w / 2 / abs(dx) if dx else math.inf,
            self.h / 2 / abs(dy) if dy else math.inf,
            1.0,  # a point inside the box: the point itself
        )
        return cx + scale * dx, cy + scale * dy

    def overlaps(self, other: Box) -> bool:
        """Whether the two boxes share any area."""
        return not (
            self.x + self.w <= other.x
            or other.x + other.w <= self.x
            or self.y + self.h <= other.y
            or other.y + other.h <= self.y
        )


@dataclass(frozen=True, slots=True)
class Arrow:
    """An effect drawn from one box to another (``target`` may be a quadrant title)."""

    source: str
    target: str
    sign: int
    strength: int
    weight: float
    koppelvlak: bool


@dataclass(frozen=True, slots=True)
class Quadrant:
    """One environment's quadrant and its title box."""

    environment: str
    x: float
    y: float
    title: Box


@dataclass(frozen=True, slots=True)
class MapLayout:
    """Everything :func:`sprintkit.plots.draw_environment_map` draws."""

    font_size: float
    title_size: float
    quadrants: tuple[Quadrant, ...]
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]


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


def environment_map_layout(
    G: nx.MultiDiGraph,
    width_pt: float,
    height_pt: float,
    lang: str = "nl",
    show_internal: bool = False,
) -> MapLayout:
    """Place indicators and interventions in their quadrants, with the largest font that fits.

    Interventions take the column nearest the centre, indicators the outer one (unless one
    kind has many more nodes: then the two columns are balanced). Every box fits its column,
    so boxes never overlap.

    Args:
        G: A koppelvlakken graph.
        width_pt: Width of the axes in points (1/72 inch).
        height_pt: Height of the axes in points.
        lang: Language of the labels.
        show_internal: Also return arrows for effects inside one environment.

    Examples:
        >>> import sprintkit as sk
        >>> G = sk.analysis.build_graph(sk.load_casus("molenwijk"))
        >>> layout = environment_map_layout(G, 1100, 720)
        >>> len(layout.boxes), sum(a.koppelvlak for a in layout.arrows), layout.font_size >= 9
        (30, 15, True)
    """
    idx = index(G)
    ppx, ppy = width_pt / 2, height_pt / 2  # points per data unit
    columns = {env: _columns(idx, env, lang) for env in ENVIRONMENTS}
    title_size = min(20.0, max(10.0, height_pt / 40))
    title_h = title_size * 1.7 / ppy
    avail_h = (1 - 2 * _MARGIN - title_h) * ppy
    col_w = (1 - 2 * _MARGIN) / 2 - _MARGIN / 2
    font, wrapped = _fit_font(columns, col_w * ppx, avail_h)
    quadrants, boxes = [], []
    for env in ENVIRONMENTS:
        qx, qy = QUADRANTS[env]
        # The title box (where effects on a whole environment point) covers the title text.
        y = qy + 1 - _MARGIN - title_h
        name = Environment(env).label(lang)
        title = Box(
            f"environment:{env}", "environment", env, env, name, qx + _MARGIN, y, 0.45, title_h
        )
        quadrants.append(Quadrant(env, qx, qy, title))
        top = title.y - _MARGIN
        for c, column in enumerate(columns[env]):
            x = qx + _MARGIN + c * (col_w + _MARGIN)
            boxes += _stack(column, wrapped, x, top, col_w, avail_h / ppy, font, ppy)
    arrows = _arrows(idx, show_internal)
    return MapLayout(font, title_size, tuple(quadrants), tuple(boxes), arrows)


def _columns(idx: GraphIndex, env: str, lang: str) -> list[list[tuple[Node, str]]]:
    def pick(table: dict[str, Node]) -> list[tuple[Node, str]]:
        nodes = [n for n in table.values() if n.environment == env]
        return [(n, n.label(lang)) for n in sorted(nodes, key=lambda n: (n.label(lang), n.id))]

    ivs, inds = pick(idx.interventions), pick(idx.indicators)
    if abs(len(ivs) - len(inds)) > 2:
        both = ivs + inds
        half = math.ceil(len(both) / 2)
        ivs, inds = both[:half], both[half:]
    # Interventions sit by the centre of the map: right column on the left, left on the right.
    return [inds, ivs] if QUADRANTS[env][0] == 0.0 else [ivs, inds]


def _fit_font(
    columns: dict[str, list[list[tuple[Node, str]]]], col_w_pt: float, avail_h_pt: float
) -> tuple[float, dict[tuple[str, str], list[str]]]:
    items = [item for cols in columns.values() for col in cols for item in col]
    wrapped: dict[tuple[str, str], list[str]] = {}
    for font in _FONTS:
        chars = max(8, int((col_w_pt - font) / (_CHAR_WIDTH * font)))
        wrapped = {(n.kind, n.id): wrap_label(text, chars) for n, text in items}
        if all(
            _column_height(col, wrapped, font) <= avail_h_pt
            for cols in columns.values()
            for col in cols
        ):
            return font, wrapped
    return _FONTS[-1], wrapped


def _box_height(lines: int, font: float) -> float:
    return lines * _LINE * font + font  # half an em of padding above and below


def _column_height(col, wrapped, font: float) -> float:
    heights = [_box_height(len(wrapped[(n.kind, n.id)]), font) for n, _ in col]
    return sum(heights) + 0.4 * font * max(0, len(heights) - 1)


def _stack(col, wrapped, x: float, top: float, w: float, avail: float, font: float, ppy: float):
    heights = [_box_height(len(wrapped[(n.kind, n.id)]), font) / ppy for n, _ in col]
    spare = avail - sum(heights)
    gap = min(spare / max(1, len(col) - 1), 1.5 * font / ppy) if len(col) > 1 else 0.0
    boxes, y = [], top
    for (node, _), h in zip(col, heights, strict=True):
        y -= h
        text = "\n".join(wrapped[(node.kind, node.id)])
        worsening = node.attrs.get("trend") == "worsening"
        key = f"{node.kind}:{node.id}"
        boxes.append(Box(key, node.kind, node.id, node.environment, text, x, y, w, h, worsening))
        y -= gap
    return boxes


def _arrows(idx: GraphIndex, show_internal: bool) -> tuple[Arrow, ...]:
    arrows = [
        Arrow(
            f"intervention:{row.intervention}",
            f"{row.target_kind}:{row.target}",
            row.sign,
            row.strength,
            row.weight,
            row.koppelvlak,
        )
        for row in idx.effects
        if row.koppelvlak or show_internal
    ]
    arrows.sort(key=lambda a: (a.source, a.target, a.sign, a.strength, a.weight))
    return tuple(arrows)


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
