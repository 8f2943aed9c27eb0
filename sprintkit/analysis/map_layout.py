"""The koppelvlakken map as geometry: boxes in columns, arrows routed through gutters.

Pure (no matplotlib): :func:`environment_map_layout` decides where every box goes and the
polyline of every arrow; :mod:`sprintkit.plots` only draws what it returns, so the geometry is
tested without rendering (``tests/test_map_geometry.py`` also checks the drawn artists).

**The grid.** Each quadrant (environment) has two columns: indicators on the outside, the
interventions by the centre of the map. Between them runs the quadrant's *mid gutter*; between
the left and right halves the *centre gutter*; between the top and bottom rows the *centre
band*, and below the bottom row the *bottom band*. The environment's name (the target of an
effect on the environment as a whole) heads the indicator column, as its first box.

**The routes.** An arrow never enters a column: it leaves its intervention from a port on the
box's side, runs in gutters and bands only, and enters its target from the side facing the mid
gutter. An effect within one half (left: social and institutional; right: physical and
criminal) leaves from the intervention's outer side and runs down or up the mid gutter. An
effect into the other half leaves from the inner side, runs along the centre gutter to a band
(the centre band, or the bottom band when both ends sit low), across it, and up or down the
target half's mid gutter. Gutters and bands contain no box and no label, so no arrow crosses
one. Arrows sharing a gutter get lanes by interval colouring (two arrows share a lane only
where their stretches do not overlap); gutters are sized for the arrows they carry before the
boxes are placed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import networkx as nx

from ..i18n import capitalised
from ..model import Environment
from ._index import EffectRow, GraphIndex, Node, index
from .graph import ENVIRONMENTS
from .layout import wrap_label

__all__ = [
    "QUADRANTS",
    "STYLES",
    "Box",
    "Arrow",
    "Quadrant",
    "MapLayout",
    "environment_map_layout",
    "box_style",
    "focus_choices",
]

#: Lower-left corner of each environment's quadrant on a 2 x 2 map.
QUADRANTS: dict[str, tuple[float, float]] = {
    "social": (0.0, 1.0),
    "physical": (1.0, 1.0),
    "institutional": (0.0, 0.0),
    "criminal": (1.0, 0.0),
}
#: How an intervention is drawn, in the order its column lists them: known in the casus, the
#: journey's plan (measures chosen), prototypes, ideas, and ideas the journey dropped.
STYLES = ("casus", "plan", "prototype", "idea", "dropped")
_STYLE_OF_STATUS = {"idea": "idea", "prototype": "prototype", "tested": "prototype"}

_MARGIN = 0.025  # data units around the map's content
_CHAR_WIDTH = 0.62  # average glyph width in em (DejaVu Sans, with room for capitals)
_BOLD_WIDTH = 0.68  # the same for bold titles
_LINE = 1.25  # line height in em
_FONTS = tuple(x / 2 for x in range(28, 11, -1))  # 14 pt down to 6 pt
_PITCH = 3.0  # points between neighbouring lanes, when the gutter has room
_PAD = 7.0  # points between a gutter's outer lanes and the columns (room for an arrow head)
_ROW_PAD = 4.0  # points between a band and the boxes next to it
_SEP = 2.0  # points between two stretches that share a lane


@dataclass(frozen=True, slots=True)
class Box:
    """A labelled box in data coordinates (``x``, ``y`` is the lower-left corner).

    ``style`` says how an intervention is drawn (one of :data:`STYLES`); empty for indicators
    and environment titles.
    """

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
    style: str = ""

    @property
    def center(self) -> tuple[float, float]:
        """The middle of the box."""
        return self.x + self.w / 2, self.y + self.h / 2

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
    """An effect drawn from an intervention's box to an indicator or environment title.

    ``points`` is the route in data coordinates: a polyline of horizontal and vertical
    segments from a port on the source box's side to a port on the target's side.
    """

    source: str
    target: str
    sign: int
    strength: int
    weight: float
    koppelvlak: bool
    points: tuple[tuple[float, float], ...] = ()


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

    def focus(self, key: str) -> tuple[frozenset[str], frozenset[int]] | None:
        """The boxes and arrows (by index) of one box's koppelvlakken, or ``None``.

        For an intervention: its arrows and what they point at; for an indicator or an
        environment: the arrows into it and their interventions. ``None`` when ``key`` is no
        box on the map (an intervention since removed draws the map unfocused).

        Examples:
            >>> import sprintkit as sk
            >>> G = sk.analysis.build_graph(sk.load_casus("molenwijk"))
            >>> layout = environment_map_layout(G, 1100, 720)
            >>> boxes, arrows = layout.focus("intervention:buitenfitness_molenpark")
            >>> sorted(boxes), len(arrows)
            (['indicator:sociale_cohesie', 'intervention:buitenfitness_molenpark'], 1)
        """
        keys = {b.key for b in self.boxes} | {q.title.key for q in self.quadrants}
        if key not in keys:
            return None
        arrows = [i for i, a in enumerate(self.arrows) if key in (a.source, a.target)]
        ends = {end for i in arrows for end in (self.arrows[i].source, self.arrows[i].target)}
        return frozenset(ends | {key}), frozenset(arrows)


def box_style(node: Node) -> str:
    """How an intervention is drawn: one of :data:`STYLES`.

    Examples:
        >>> import sprintkit as sk
        >>> from sprintkit.analysis._index import index
        >>> G = sk.analysis.build_graph(sk.load_casus("molenwijk"))
        >>> box_style(index(G).interventions["buitenfitness_molenpark"])
        'casus'
    """
    attrs = node.attrs
    if attrs.get("dropped") or attrs.get("status") == "stopped":
        return "dropped"
    if not attrs.get("from_journey"):
        return "casus"
    return _STYLE_OF_STATUS.get(str(attrs.get("status")), "plan")


def focus_choices(G: nx.MultiDiGraph, lang: str = "nl") -> list[tuple[str, str, str]]:
    """What a map can be focused on: ``(kind, key, label)``, interventions then indicators.

    Dropped ideas are left out (they have no arrows). Sorted by label within each kind.

    Examples:
        >>> import sprintkit as sk
        >>> G = sk.analysis.build_graph(sk.load_casus("molenwijk"))
        >>> focus_choices(G)[0]
        ('intervention', 'intervention:ambulant_jongerenwerk', 'Ambulant jongerenwerk op straat')
    """
    idx = index(G)
    out = []
    for kind, table in (("intervention", idx.interventions), ("indicator", idx.indicators)):
        nodes = sorted(table.values(), key=lambda n: (n.label(lang), n.id))
        out += [(kind, f"{kind}:{n.id}", n.label(lang)) for n in nodes]
    return out


# -- the layout ---------------------------------------------------------------------------------


class _Route(NamedTuple):
    """One arrow while it is routed (points in pt)."""

    row: EffectRow
    source: str
    target: str
    source_env: str
    target_env: str
    band: str  # "" (within one half), "centre" or "bottom"


@dataclass
class _Frame:
    """The grid in points: column and gutter edges, row bands."""

    W: float
    H: float
    mx: float
    my: float
    col_w: float
    mid_w: float
    centre_w: float
    band_h: float
    bottom_h: float
    title_size: float
    title_h: float
    columns: dict[tuple[str, str], tuple[float, float]] = field(default_factory=dict)

    def half(self, env: str) -> int:
        return 0 if QUADRANTS[env][0] == 0.0 else 1

    def mid(self, half: int) -> tuple[float, float]:
        x0 = self.mx + self.col_w if half == 0 else self.W - self.mx - self.col_w - self.mid_w
        return x0, x0 + self.mid_w

    def centre(self) -> tuple[float, float]:
        return self.W / 2 - self.centre_w / 2, self.W / 2 + self.centre_w / 2

    def band(self, name: str) -> tuple[float, float]:
        if name == "centre":
            return self.H / 2 - self.band_h / 2, self.H / 2 + self.band_h / 2
        return 0.0, self.bottom_h

    def row(self, env: str) -> tuple[float, float]:
        """Bottom and top of the quadrant's content (title included)."""
        if QUADRANTS[env][1] == 1.0:
            return self.H / 2 + self.band_h / 2 + _ROW_PAD, self.H - self.my
        return max(self.my, self.bottom_h + _ROW_PAD), self.H / 2 - self.band_h / 2 - _ROW_PAD

    def column_x(self, env: str, kind: str) -> float:
        """Left edge of the indicator or intervention column of ``env``."""
        left, mid0 = self.half(env) == 0, self.mid(self.half(env))[0]
        if kind == "indicator":
            return self.mx if left else mid0 + self.mid_w
        return mid0 + self.mid_w if left else self.W / 2 + self.centre_w / 2


def _gutter(n: int, low: float, high: float) -> float:
    """Width (pt) of a gutter for ``n`` lanes, between ``low`` and ``high``."""
    return min(high, max(low, 2 * _PAD + _PITCH * n))


def environment_map_layout(
    G: nx.MultiDiGraph,
    width_pt: float,
    height_pt: float,
    lang: str = "nl",
    show_internal: bool = False,
) -> MapLayout:
    """Place indicators and interventions in their columns and route every arrow around them.

    Args:
        G: A koppelvlakken graph (dropped interventions are placed, without arrows).
        width_pt: Width of the axes in points (1/72 inch).
        height_pt: Height of the axes in points.
        lang: Language of the labels.
        show_internal: Also route effects inside one environment.

    Examples:
        >>> import sprintkit as sk
        >>> G = sk.analysis.build_graph(sk.load_casus("molenwijk"))
        >>> layout = environment_map_layout(G, 1100, 720)
        >>> len(layout.boxes), sum(a.koppelvlak for a in layout.arrows), layout.font_size >= 9
        (30, 15, True)
        >>> {len(a.points) for a in layout.arrows} <= {4, 6}
        True
    """
    idx = index(G)
    columns = {env: _columns(idx, env, lang) for env in ENVIRONMENTS}
    rows = [r for r in idx.effects if r.koppelvlak or show_internal]
    rows.sort(key=lambda r: (r.intervention, r.target_kind, r.target, r.sign, r.strength))
    routes = _topology(rows, columns, height_pt)
    frame = _frame(routes, width_pt, height_pt, lang)
    ppx, ppy = width_pt / 2, height_pt / 2
    font, wrapped = _fit_font(columns, frame)
    quadrants, boxes, pt_boxes = [], [], {}
    for env in ENVIRONMENTS:
        title = _title(frame, env, lang)
        pt_boxes[title.key] = title
        quadrants.append(Quadrant(env, *QUADRANTS[env], _to_data(title, ppx, ppy)))
        bottom, _ = frame.row(env)
        top = title.y - max(frame.my, 0.5 * frame.title_size)
        for kind, col in zip(("indicator", "intervention"), columns[env], strict=True):
            x = frame.column_x(env, kind)
            for box in _stack(col, wrapped, x, top, frame.col_w, top - bottom, font):
                pt_boxes[box.key] = box
                boxes.append(_to_data(box, ppx, ppy))
    arrows = _route(routes, pt_boxes, frame)
    scaled = tuple(
        replace(a, points=tuple((x / ppx, y / ppy) for x, y in a.points)) for a in arrows
    )
    return MapLayout(font, frame.title_size, tuple(quadrants), tuple(boxes), scaled)


def _columns(idx: GraphIndex, env: str, lang: str) -> list[list[tuple[Node, str]]]:
    """The indicator column and the intervention column of one environment."""
    inds = sorted(
        (n for n in idx.indicators.values() if n.environment == env),
        key=lambda n: (n.label(lang), n.id),
    )
    ivs = [n for n in [*idx.interventions.values(), *idx.dropped.values()] if n.environment == env]
    ivs.sort(key=lambda n: (STYLES.index(box_style(n)), n.label(lang), n.id))
    return [[(n, n.label(lang)) for n in inds], [(n, n.label(lang)) for n in ivs]]


def _topology(
    rows: list[EffectRow], columns: dict[str, list[list[tuple[Node, str]]]], H: float
) -> list[_Route]:
    """Which gutters and band each arrow takes, from where its ends sit in their columns."""
    rank: dict[str, float] = {}  # node key -> its height on a nominal map (pt)
    for env, cols in columns.items():
        top = H if QUADRANTS[env][1] == 1.0 else H / 2
        rank[f"environment:{env}"] = top - 0.05 * H / 2
        for col in cols:
            for i, (node, _) in enumerate(col):
                rank[f"{node.kind}:{node.id}"] = top - H / 2 * (0.15 + 0.85 * (i + 0.5) / len(col))
    routes = []
    for row in rows:
        source, target = f"intervention:{row.intervention}", f"{row.target_kind}:{row.target}"
        band = ""
        if QUADRANTS[row.source_env][0] != QUADRANTS[row.target_env][0]:
            ys, yt = rank[source], rank[target]
            centre = abs(ys - H / 2) + abs(yt - H / 2)
            band = "bottom" if ys + yt < centre else "centre"
        routes.append(_Route(row, source, target, row.source_env, row.target_env, band))
    return routes


def _frame(routes: list[_Route], W: float, H: float, lang: str) -> _Frame:
    """Size the gutters and bands for the arrows they carry, then the columns."""
    mid = [0, 0]
    for r in routes:
        mid[0 if QUADRANTS[r.target_env][0] == 0.0 else 1] += 1
    crossing = [r for r in routes if r.band]
    mid_w = _gutter(max(mid), 20.0, 64.0)
    centre_w = _gutter(len(crossing), 20.0, 80.0)
    band_h = _gutter(sum(r.band == "centre" for r in crossing), 16.0, 64.0)
    bottoms = sum(r.band == "bottom" for r in crossing)
    my = _MARGIN * H / 2
    bottom_h = min(48.0, 8.0 + _PITCH * bottoms) if bottoms else my - _ROW_PAD
    mx = _MARGIN * W / 2
    col_w = (W / 2 - mx - mid_w - centre_w / 2) / 2
    names = [Environment(env).label(lang) for env in ENVIRONMENTS]
    longest = max(len(n) for n in names)
    size = min(20.0, max(10.0, H / 40), 0.95 * col_w / (longest * _BOLD_WIDTH))
    return _Frame(W, H, mx, my, col_w, mid_w, centre_w, band_h, bottom_h, size, 1.7 * size)


def _title(frame: _Frame, env: str, lang: str) -> Box:
    """The environment's title box (pt): atop its indicator column, as wide as its text.

    Left quadrants put it at the left, right ones at the right (the outer corners), so arrows
    to it come from the mid gutter through the empty rest of the title's row.
    """
    _, top = frame.row(env)
    x = frame.column_x(env, "indicator")
    name = Environment(env).label(lang)
    text = capitalised(name)
    h = frame.title_h
    w = min(frame.col_w, (len(text) * _BOLD_WIDTH + 0.6) * frame.title_size)
    if frame.half(env) == 1:
        x += frame.col_w - w
    return Box(f"environment:{env}", "environment", env, env, text, x, top - h, w, h)


def _to_data(box: Box, ppx: float, ppy: float) -> Box:
    return Box(
        box.key,
        box.kind,
        box.id,
        box.environment,
        box.text,
        box.x / ppx,
        box.y / ppy,
        box.w / ppx,
        box.h / ppy,
        box.worsening,
        box.style,
    )


def _fit_font(
    columns: dict[str, list[list[tuple[Node, str]]]], frame: _Frame
) -> tuple[float, dict[tuple[str, str], list[str]]]:
    """The largest font at which every column fits its row, with the wrapped labels."""
    items = [item for cols in columns.values() for col in cols for item in col]
    avail = {}
    for env in columns:
        bottom, top = frame.row(env)
        avail[env] = top - frame.title_h - max(frame.my, 0.5 * frame.title_size) - bottom
    wrapped: dict[tuple[str, str], list[str]] = {}
    for font in _FONTS:
        chars = max(8, int((frame.col_w - font) / (_CHAR_WIDTH * font)))
        wrapped = {(n.kind, n.id): wrap_label(text, chars) for n, text in items}
        if all(
            _column_height(col, wrapped, font) <= avail[env]
            for env, cols in columns.items()
            for col in cols
        ):
            return font, wrapped
    return _FONTS[-1], wrapped


def _box_height(lines: int, font: float) -> float:
    return lines * _LINE * font + font  # half an em of padding above and below


def _column_height(col, wrapped, font: float) -> float:
    heights = [_box_height(len(wrapped[(n.kind, n.id)]), font) for n, _ in col]
    return sum(heights) + 0.4 * font * max(0, len(heights) - 1)


def _stack(col, wrapped, x: float, top: float, w: float, avail: float, font: float) -> list[Box]:
    heights = [_box_height(len(wrapped[(n.kind, n.id)]), font) for n, _ in col]
    spare = avail - sum(heights)
    gap = min(spare / max(1, len(col) - 1), 1.5 * font) if len(col) > 1 else 0.0
    boxes, y = [], top
    for (node, _), h in zip(col, heights, strict=True):
        y -= h
        text = "\n".join(wrapped[(node.kind, node.id)])
        worsening = node.attrs.get("trend") == "worsening"
        style = box_style(node) if node.kind == "intervention" else ""
        key = f"{node.kind}:{node.id}"
        env = node.environment
        boxes.append(Box(key, node.kind, node.id, env, text, x, y, w, h, worsening, style))
        y -= gap
    return boxes


# -- routing ------------------------------------------------------------------------------------


def _lanes(stretches: list[tuple[int, float, float]]) -> tuple[dict[int, int], int]:
    """Interval colouring: a lane per stretch ``(arrow, low, high)``; overlapping ones differ.

    Examples:
        >>> _lanes([(0, 0.0, 10.0), (1, 5.0, 20.0), (2, 15.0, 30.0)])
        ({0: 0, 1: 1, 2: 0}, 2)
    """
    ends: list[float] = []  # per lane: where its last stretch ends
    lane = {}
    for arrow, low, high in sorted(stretches, key=lambda s: (s[1], s[2], s[0])):
        free = next((i for i, end in enumerate(ends) if end + _SEP <= low), None)
        if free is None:
            free = len(ends)
            ends.append(high)
        ends[free] = high
        lane[arrow] = free
    return lane, len(ends)


def _spread(lane: int, lanes: int, low: float, high: float) -> float:
    """Where lane ``lane`` of ``lanes`` runs in a gutter from ``low`` to ``high`` (pt)."""
    pad = min(_PAD, (high - low) / 3)
    return low + pad + (lane + 0.5) * (high - low - 2 * pad) / max(1, lanes)


def _route(routes: list[_Route], boxes: dict[str, Box], frame: _Frame) -> list[Arrow]:
    """The polyline of every arrow (pt): ports on box sides, lanes in gutters and bands."""
    left = {env: frame.half(env) == 0 for env in ENVIRONMENTS}

    def side_x(box: Box, inner: bool) -> float:
        # the side of a box facing the centre of the map (inner) or the outside
        faces_right = left[box.environment] == inner
        return box.x + box.w if faces_right else box.x

    # ports: on each box side, spread over its height, highest for the highest other end
    sides: dict[tuple[str, str], list[tuple[float, int]]] = defaultdict(list)
    for i, r in enumerate(routes):
        src, tgt = boxes[r.source], boxes[r.target]
        sides[(r.source, "inner" if r.band else "outer")].append((-tgt.center[1], i))
        # indicators and titles are entered from their side facing the mid gutter, which is
        # their inner side (the indicator column is the outer one)
        sides[(r.target, "in")].append((-src.center[1], i))
    start: dict[int, float] = {}
    end: dict[int, float] = {}
    for (key, side), ports in sides.items():
        box = boxes[key]
        ports.sort()
        for k, (_, i) in enumerate(ports):
            y = box.y + box.h * (len(ports) - k) / (len(ports) + 1)
            (end if side == "in" else start)[i] = y
    # bands first (their stretches span whole gutters), then the vertical lanes
    band_y: dict[int, float] = {}
    for name in ("centre", "bottom"):
        stretches = []
        for i, r in enumerate(routes):
            if r.band == name:
                mid = frame.mid(frame.half(r.target_env))
                c0, c1 = frame.centre()
                stretches.append((i, min(mid[0], c0), max(mid[1], c1)))
        lane, count = _lanes(stretches)
        low, high = frame.band(name)
        if name == "bottom":
            high = max(low + 1.0, high - 0.5 * _ROW_PAD)
        for i, n in lane.items():
            band_y[i] = _spread(count - 1 - n, count, low, high)
    centre_x = _vertical(
        [(i, start[i], band_y[i]) for i, r in enumerate(routes) if r.band], frame.centre()
    )
    mid_x: dict[int, float] = {}
    for half in (0, 1):
        stretches = []
        for i, r in enumerate(routes):
            if frame.half(r.target_env) == half:
                stretches.append((i, band_y[i] if r.band else start[i], end[i]))
        mid_x |= _vertical(stretches, frame.mid(half))
    arrows = []
    for i, r in enumerate(routes):
        src, tgt = boxes[r.source], boxes[r.target]
        sy, ty, lx = start[i], end[i], mid_x[i]
        points = [(side_x(src, bool(r.band)), sy)]
        if r.band:
            points += [(centre_x[i], sy), (centre_x[i], band_y[i]), (lx, band_y[i])]
        else:
            points.append((lx, sy))
        points += [(lx, ty), (side_x(tgt, True), ty)]
        row = r.row
        arrows.append(
            Arrow(
                r.source,
                r.target,
                row.sign,
                row.strength,
                row.weight,
                row.koppelvlak,
                tuple(points),
            )
        )
    return arrows


def _vertical(stretches: Iterable[tuple[int, float, float]], gutter: tuple[float, float]):
    """Lane x (pt) per arrow for vertical stretches ``(arrow, y0, y1)`` in one gutter."""
    spans = [(i, min(a, b), max(a, b)) for i, a, b in stretches]
    lane, count = _lanes(spans)
    return {i: _spread(n, count, *gutter) for i, n in lane.items()}
