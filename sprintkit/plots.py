"""Plots of the koppelvlakken analysis and the glijbaan, readable on a projector.

Every ``draw_*`` function takes an optional matplotlib ``ax`` and returns it; without one it
makes a new figure of projector size. Labels are Dutch unless ``lang="en"``. The layout (where
each box goes, which font fits) is decided in :mod:`sprintkit.analysis.layout`; this module only
draws. matplotlib is imported inside the functions (networkx's ``nx_pylab`` pattern): it costs
about 150 ms and ``import sprintkit`` must not pay for it.

Examples:
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import sprintkit as sk
    >>> G = sk.analysis.build_graph(sk.load_casus("molenwijk"))
    >>> ax = draw_environment_map(G)
    >>> len([p for p in ax.patches if p.get_gid() == "koppelvlak"])
    15
    >>> plt.close(ax.figure)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import networkx as nx

from .analysis import Koppelvlakken, Leverage, koppelvlakken, leverage
from .analysis.layout import fit_text, glijbaan_layout, wrap_label
from .analysis.map_layout import QUADRANTS, STYLES, Box, environment_map_layout
from .errors import MissingExtraError
from .i18n import t
from .model import Actor, Casus, Environment, Method

__all__ = [
    "ENV_COLOURS",
    "draw_environment_map",
    "draw_koppelvlakken_heatmap",
    "draw_leverage",
    "draw_glijbaan",
    "write_environment_map",
]

#: Colour-blind-safe colours (Okabe-Ito) per environment, and light tints for backgrounds.
ENV_COLOURS = {
    "social": "#0072B2",
    "physical": "#009E73",
    "institutional": "#AA4499",
    "criminal": "#D55E00",
}
_TINTS = {
    "social": "#E6F1F8",
    "physical": "#E6F5F1",
    "institutional": "#F5EAF3",
    "criminal": "#FBEEE6",
}
_SIGN = {1: "#1b7837", -1: "#b2182b"}
_WORSENING = "#b2182b"
_GREY = "#7f7f7f"
_MAP_SIZE = (16.0, 10.0)
_MAP_MARGINS = {"left": 0.01, "right": 0.99, "top": 0.93, "bottom": 0.07}


def _require() -> None:
    """Import matplotlib, or say how to install it. Every public function calls this first."""
    try:
        import matplotlib  # noqa: F401  lazy: matplotlib costs ~150 ms at import
    except ImportError as exc:
        raise MissingExtraError(t("kv.plot.missing")) from exc


def _axes(ax: Any, figsize: tuple[float, float], margins: dict[str, float] | None = None) -> Any:
    """The given axes, or new ones.

    Fixed ``margins`` when the layout measures the axes in points (map, glijbaan), otherwise
    constrained layout, so long tick labels fit.
    """
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    if margins is None:
        return plt.subplots(figsize=figsize, layout="constrained")[1]
    fig, ax = plt.subplots(figsize=figsize)
    fig.subplots_adjust(**margins)
    return ax


def _size_pt(ax: Any) -> tuple[float, float]:
    box = ax.get_position()
    width, height = ax.figure.get_size_inches()
    return box.width * width * 72, box.height * height * 72


def draw_environment_map(
    G: nx.MultiDiGraph,
    *,
    ax: Any = None,
    lang: str = "nl",
    show_internal: bool = False,
    focus: str | None = None,
) -> Any:
    """The four environments as quadrants, with koppelvlak effects as arrows between them.

    Each quadrant has an indicator column (outside) and an intervention column (by the centre).
    Interventions known in the casus are filled boxes; the journey's own are drawn apart:
    chosen measures filled with a dark border, prototypes hatched, ideas white with a dashed
    border, dropped ideas grey and dotted (without arrows). Indicators are white boxes (a red
    edge: the indicator is worsening). Arrows run from an intervention to the indicator (or the
    environment's title) it affects in another environment, through the gutters between the
    columns, never across a box or a label: green for a good effect, red and dashed for a
    negative side effect, thicker when stronger.

    Args:
        G: A koppelvlakken graph (:func:`sprintkit.analysis.build_graph`).
        ax: Axes to draw on; a 16 x 10 inch figure when ``None``.
        lang: ``nl`` or ``en``.
        show_internal: Also draw effects inside one environment (thin, grey).
        focus: A box's key (``intervention:<id>``, ``indicator:<id>`` or
            ``environment:<env>``): only its koppelvlakken stand out, the rest is faded. A key
            that is not on the map draws the whole map.

    Returns:
        The axes. Arrows carry the gid ``koppelvlak`` (or ``internal``), node boxes
        ``box:<kind>:<id>`` and their labels ``label:<kind>:<id>``; faded artists have an
        alpha below 0.5.
    """
    _require()
    from matplotlib.patches import FancyBboxPatch

    ax = _axes(ax, _MAP_SIZE, _MAP_MARGINS)
    width_pt, height_pt = _size_pt(ax)
    layout = environment_map_layout(G, width_pt, height_pt, lang=lang, show_internal=show_internal)
    lit = layout.focus(focus) if focus else None
    ax.set_xlim(0, 2)
    ax.set_ylim(0, 2)
    ax.set_axis_off()
    for quadrant in layout.quadrants:
        shown = lit is None or quadrant.title.key in lit[0]
        _draw_quadrant(ax, quadrant, layout.title_size, shown)
    for box in layout.boxes:
        shown = lit is None or box.key in lit[0]
        ax.add_patch(_box_patch(FancyBboxPatch, box, shown))
        style = {"ha": "center", "va": "center", "zorder": 4, "linespacing": 1.1}
        style |= _LABEL_STYLE.get(box.style, {})
        if box.style and box.style not in _LABEL_STYLE:  # chosen and prototype: env colour
            style |= {"color": _DARK.get(box.environment, "black"), "fontweight": "bold"}
        if not shown:
            style["alpha"] = _FADED
        ax.text(*box.center, box.text, fontsize=layout.font_size, gid=f"label:{box.key}", **style)
    _draw_arrows(ax, layout.arrows, lit[1] if lit else None, (width_pt / 2, height_pt / 2))
    title = t("kv.plot.map_title", lang) + (f": {G.graph['name']}" if G.graph.get("name") else "")
    if lit is not None:
        label = next((b.text for b in layout.boxes if b.key == focus), "")
        label = label or next(q.title.text for q in layout.quadrants if q.title.key == focus)
        title += "\n" + t("kv.map.focus_title", lang, label=label.replace("\n", " "))
    ax.set_title(title, fontsize=layout.title_size + 2, fontweight="bold")
    styles = [s for s in STYLES if any(b.style == s for b in layout.boxes)]
    _map_legend(ax, lang, show_internal, max(10.0, layout.font_size), styles)
    return ax


#: The alpha of what a focused map fades.
_FADED = 0.18
#: Darker tones of the environment colours, for labels on light boxes.
_DARK = {
    "social": "#004C78",
    "physical": "#006A4E",
    "institutional": "#762F69",
    "criminal": "#8F3F00",
}
_LABEL_STYLE: dict[str, dict[str, Any]] = {
    "casus": {"color": "white", "fontweight": "bold"},
    "idea": {"color": "#333333", "fontweight": "bold"},
    "dropped": {"color": _GREY, "fontstyle": "italic"},
}


def _draw_quadrant(ax: Any, quadrant: Any, size: float, shown: bool = True) -> None:
    """Draw one quadrant's background and its title, in the middle of the title's box."""
    from matplotlib.patches import Rectangle

    env, title = quadrant.environment, quadrant.title
    colours: dict[str, Any] = {"facecolor": _TINTS[env], "edgecolor": ENV_COLOURS[env]}
    ax.add_patch(Rectangle((quadrant.x + 0.005, quadrant.y + 0.005), 0.99, 0.99, **colours))
    style = {"fontweight": "bold", "color": ENV_COLOURS[env], "va": "center", "zorder": 4}
    if not shown:
        style["alpha"] = _FADED
    style["ha"] = "center"
    ax.text(*title.center, title.text, fontsize=size, gid=f"title:{env}", **style)


def write_environment_map(
    G: nx.MultiDiGraph,
    path: str | Path,
    *,
    lang: str = "nl",
    dpi: int = 120,
    focus: str | None = None,
) -> Path:
    """Draw :func:`draw_environment_map` into a PNG (or any format matplotlib knows by suffix).

    Uses a bare matplotlib ``Figure`` (no pyplot state), so it works headless and leaves no
    open figures behind.
    """
    _require()
    from matplotlib.figure import Figure

    figure = Figure(figsize=_MAP_SIZE)
    figure.subplots_adjust(**_MAP_MARGINS)
    draw_environment_map(G, ax=figure.add_subplot(), lang=lang, focus=focus)
    from ._atomic_write import atomic_write

    fmt = Path(path).suffix.lstrip(".").lower() or "png"
    with atomic_write(path, "wb") as file:  # a failed draw or a full disk leaves no half file
        figure.savefig(file, format=fmt, dpi=dpi, bbox_inches="tight")
    return Path(path)


def _box_style(box: Box) -> dict[str, Any]:
    """Fill, border and hatch of a box by its kind and style (see :data:`STYLES`)."""
    colour = ENV_COLOURS.get(box.environment, _GREY)
    if box.kind != "intervention":
        edge = (_WORSENING, 2.5) if box.worsening else (colour, 1.2)
        return {"facecolor": "white", "edgecolor": edge[0], "linewidth": edge[1]}
    return {
        "casus": {"facecolor": colour, "edgecolor": colour, "linewidth": 1.2},
        "plan": {
            "facecolor": _TINTS.get(box.environment, "white"),
            "edgecolor": colour,
            "linewidth": 3.0,
        },
        "prototype": {
            "facecolor": "white",
            "edgecolor": colour,
            "linewidth": 1.8,
            "hatch": "////",
            "hatchcolor": _TINTS.get(box.environment, "#eeeeee"),
        },
        "idea": {
            "facecolor": "white",
            "edgecolor": colour,
            "linewidth": 1.8,
            "linestyle": (0, (4, 2)),
        },
        "dropped": {
            "facecolor": "#F4F4F4",
            "edgecolor": _GREY,
            "linewidth": 1.2,
            "linestyle": (0, (1, 2)),
        },
    }[box.style or "casus"]


def _box_patch(FancyBboxPatch: Any, box: Box, shown: bool = True) -> Any:
    style = {"boxstyle": "round,pad=0,rounding_size=0.008", "zorder": 3, "gid": f"box:{box.key}"}
    style |= _box_style(box)
    if not shown:
        style["alpha"] = _FADED
    return FancyBboxPatch((box.x, box.y), box.w, box.h, **style)


def _rounded(points: Any, radius: tuple[float, float]) -> Any:
    """The route as a path with its corners rounded (quadratic curves inside the corner)."""
    from matplotlib.path import Path as MplPath

    verts, codes = [points[0]], [MplPath.MOVETO]
    for before, corner, after in zip(points, points[1:], points[2:], strict=False):
        cut_in = _cut(before, corner, radius)
        cut_out = _cut(after, corner, radius)
        verts += [cut_in, corner, cut_out]
        codes += [MplPath.LINETO, MplPath.CURVE3, MplPath.CURVE3]
    verts.append(points[-1])
    codes.append(MplPath.LINETO)
    return MplPath(verts, codes)


def _cut(far: tuple[float, float], corner: tuple[float, float], radius: tuple[float, float]):
    """The point on the segment from ``corner`` toward ``far`` where a rounded corner starts."""
    dx, dy = far[0] - corner[0], far[1] - corner[1]
    length = abs(dx) + abs(dy)  # the segments are horizontal or vertical
    if length == 0:
        return corner
    r = radius[0] if abs(dx) >= abs(dy) else radius[1]
    step = min(r, length / 2) / length
    return corner[0] + dx * step, corner[1] + dy * step


def _draw_arrows(
    ax: Any, arrows: Iterable[Any], lit: frozenset[int] | None, points_per_unit: tuple[float, float]
) -> None:
    from matplotlib.patches import FancyArrowPatch

    radius = (5 / points_per_unit[0], 5 / points_per_unit[1])  # 5 pt corners
    for i, arrow in enumerate(arrows):
        faded = lit is not None and i not in lit
        style: dict[str, Any] = {"arrowstyle": "-|>", "alpha": 0.9, "zorder": 2.5}
        style["mutation_scale"] = 9 + 2 * arrow.strength
        style["linestyle"] = "--" if arrow.sign < 0 else "-"
        style["joinstyle"] = "round"
        if arrow.koppelvlak:
            style |= {"color": _SIGN[arrow.sign], "linewidth": 0.7 + 0.5 * arrow.strength}
        else:
            style |= {"color": _GREY, "linewidth": 0.8}
        if faded:
            style |= {"alpha": 0.12, "zorder": 2}
        patch = FancyArrowPatch(path=_rounded(arrow.points, radius), **style)
        ax.add_patch(patch).set_gid("koppelvlak" if arrow.koppelvlak else "internal")


def _map_legend(ax: Any, lang: str, show_internal: bool, size: float, styles: list[str]) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    sample = Box("", "intervention", "", "", "", 0, 0, 0, 0)
    handles: list[Any] = []
    for style in styles:
        look = _box_style(replace(sample, style=style))
        look["facecolor"] = _GREY if style == "casus" else look["facecolor"]
        if style != "dropped":
            look["edgecolor"] = _GREY if style != "plan" else "#444444"
        look.pop("hatchcolor", None)
        handles.append(Patch(label=t(f"kv.map.style.{style}", lang), **look))
    handles += [
        Patch(facecolor="white", edgecolor=_GREY, label=t("kv.plot.indicator", lang)),
        Patch(facecolor="white", edgecolor=_WORSENING, lw=2.5, label=t("kv.plot.worsening", lang)),
        Line2D([], [], color=_SIGN[1], lw=2.5, label=t("kv.plot.positive", lang)),
        Line2D([], [], color=_SIGN[-1], lw=2.5, ls="--", label=t("kv.plot.negative", lang)),
    ]
    if show_internal:
        handles.append(Line2D([], [], color=_GREY, lw=1, label=t("kv.plot.internal", lang)))
    place = {"loc": "upper center", "bbox_to_anchor": (0.5, 0.0), "frameon": False}
    ax.legend(handles=handles, ncol=min(len(handles), 5), fontsize=size, **place)


def draw_koppelvlakken_heatmap(
    graph: nx.MultiDiGraph | Koppelvlakken,
    *,
    value: str = "count",
    ax: Any = None,
    lang: str = "nl",
) -> Any:
    """The 4 x 4 koppelvlakken matrix as a heat map: rows the source, columns the target.

    Args:
        graph: A koppelvlakken graph, or the result of :func:`sprintkit.analysis.koppelvlakken`.
        value: Colour by ``count``, ``strength`` or ``weight`` (strength x confidence).
        ax: Axes to draw on; a new 11 x 9 inch figure when ``None``.
        lang: ``nl`` or ``en``.

    Returns:
        The axes; each cell has a text with its count and summed strength (gid ``cell``). The
        diagonal (effects inside one environment) is hatched.
    """
    _require()
    from matplotlib.patches import Rectangle

    kv = graph if isinstance(graph, Koppelvlakken) else koppelvlakken(graph)
    m = kv.matrix
    data = {"count": m.counts, "strength": m.strength, "weight": m.weight}[value]
    ax = _axes(ax, (11, 9))
    image = ax.imshow(data, cmap="Oranges", vmin=0)
    peak = max(max(row) for row in data) or 1
    for i, _source in enumerate(m.environments):
        for j, _target in enumerate(m.environments):
            text = t("kv.plot.heatmap_cell", lang, count=m.counts[i][j], strength=m.strength[i][j])
            if i == j:
                text += f"\n({t('kv.plot.within', lang)})"
                hatch: dict[str, Any] = {
                    "fill": False,
                    "hatch": "//",
                    "edgecolor": _GREY,
                    "linewidth": 0,
                }
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, **hatch))
            colour = "white" if data[i][j] > 0.6 * peak else "black"
            ax.text(j, i, text, ha="center", va="center", fontsize=13, gid="cell", color=colour)
    labels = [Environment(env).label(lang) for env in m.environments]
    ax.set_xticks(range(len(labels)), labels, fontsize=13, rotation=15)
    ax.set_yticks(range(len(labels)), labels, fontsize=13)
    ax.set_xlabel(t("kv.plot.heatmap_to", lang), fontsize=14)
    ax.set_ylabel(t("kv.plot.heatmap_from", lang), fontsize=14)
    ax.set_title(t("kv.plot.heatmap_title", lang), fontsize=18, fontweight="bold")
    bar = ax.figure.colorbar(image, ax=ax, shrink=0.8)
    bar.set_label(t(f"kv.plot.heatmap_{value}", lang), fontsize=13)
    return ax


def draw_leverage(
    graph: nx.MultiDiGraph | Iterable[Leverage],
    *,
    top: int = 12,
    ax: Any = None,
    lang: str = "nl",
) -> Any:
    """Interventions as horizontal bars of their net effect across koppelvlakken.

    Bars are coloured by the environment the intervention is placed in; the one with most
    leverage is at the top. A negative bar is an intervention whose side effects outweigh its
    good effects in other environments.

    Args:
        graph: A koppelvlakken graph, or a ranking from :func:`sprintkit.analysis.leverage`.
        top: How many interventions to show.
        ax: Axes to draw on; a new figure when ``None``.
        lang: ``nl`` or ``en`` (labels are taken from a given ranking as they are).

    Returns:
        The axes, with one bar per intervention shown.
    """
    _require()
    from matplotlib.patches import Patch

    ranking = list(leverage(graph, lang) if isinstance(graph, nx.Graph) else graph)[:top]
    ax = _axes(ax, (14, max(4.0, 0.75 * len(ranking) + 1.5)))
    positions = range(len(ranking) - 1, -1, -1)
    colours = [ENV_COLOURS.get(x.environment, _GREY) for x in ranking]
    bars = ax.barh(list(positions), [x.score for x in ranking], color=colours, height=0.65)
    for bar, x in zip(bars, ranking, strict=True):
        bar.set_hatch("//" if x.score < 0 else "")
        text = f"{x.score:.2f}".replace(".", "," if lang == "nl" else ".")
        side = (
            {"xytext": (6, 0), "ha": "left"} if x.score >= 0 else {"xytext": (-6, 0), "ha": "right"}
        )
        xy = (x.score, bar.get_y() + bar.get_height() / 2)
        ax.annotate(text, xy, textcoords="offset points", va="center", fontsize=12, **side)
    names = ["\n".join(wrap_label(x.label, 38, 2)) for x in ranking]
    ax.set_yticks(list(positions), names, fontsize=12)
    ax.axvline(0, color="black", linewidth=1)
    ax.margins(x=0.15)
    ax.set_xlabel(t("kv.plot.leverage_x", lang), fontsize=13)
    ax.set_title(t("kv.plot.leverage_title", lang), fontsize=18, fontweight="bold")
    shown = [env for env in QUADRANTS if any(x.environment == env for x in ranking)]
    handles = [Patch(color=ENV_COLOURS[e], label=Environment(e).label(lang)) for e in shown]
    ax.legend(handles=handles, fontsize=11, loc="lower right")
    return ax


def draw_glijbaan(
    actors: Casus | Iterable[Actor],
    *,
    method: Method | None = None,
    ax: Any = None,
    lang: str = "nl",
) -> Any:
    """The glijbaan: who stands where on the slide in each sprint, and who moved.

    Columns are the sprints with glijbaan data, rows the three levels (top: does not see the
    problem; bottom: feels it and is ready to act). Each cell lists its actors; arrows between
    cells show how many actors moved there, green going down the slide, red going back up.

    Args:
        actors: A casus or its actors (their ``glijbaan`` maps sprint -> level 1-3).
        method: The method, for its level names and phase noun (sprint or stap).
        ax: Axes to draw on; a new figure when ``None``.
        lang: ``nl`` or ``en``.

    Returns:
        The axes. Flow arrows carry the gid ``glijbaan-flow``, actor lists ``glijbaan-cell``.
    """
    _require()
    from matplotlib.patches import FancyArrowPatch, Rectangle

    people = actors.actors if isinstance(actors, Casus) else list(actors)
    layout = glijbaan_layout(people)
    column = {sprint: i for i, sprint in enumerate(layout.sprints)}
    ax = _axes(ax, (max(10.0, 3.6 * len(column) + 3), 9), {"left": 0.17, "right": 0.98})
    ax.set_xlim(-0.55, max(len(column), 1) - 0.45)
    ax.set_ylim(-0.55, 2.55)
    width_pt, height_pt = _size_pt(ax)
    cell_w, cell_h = 0.68, 0.84
    cell_pt = (cell_w * width_pt / (len(column) + 0.1), cell_h * height_pt / 3.1)
    for cell in layout.cells:
        x, y = column[cell.sprint], 3 - cell.level
        frame: dict[str, Any] = {"zorder": 2, "facecolor": "white", "edgecolor": _GREY}
        ax.add_patch(Rectangle((x - cell_w / 2, y - cell_h / 2), cell_w, cell_h, **frame))
        text, size = fit_text(", ".join(cell.actors), *cell_pt)
        ax.text(x, y, text, ha="center", va="center", fontsize=size, zorder=3, gid="glijbaan-cell")
    for flow in layout.flows:
        x1, y1 = column[flow.from_sprint] + cell_w / 2, 3 - flow.from_level
        x2, y2 = column[flow.to_sprint] - cell_w / 2, 3 - flow.to_level
        move = (flow.to_level > flow.from_level) - (flow.to_level < flow.from_level)
        style: dict[str, Any] = {
            "arrowstyle": "-|>",
            "zorder": 1,
            "mutation_scale": 14,
            "alpha": 0.7,
        }
        colour = {1: _SIGN[1], 0: _GREY, -1: _SIGN[-1]}[move]
        width = min(8.0, 1 + 0.8 * flow.count)
        arrow = FancyArrowPatch((x1, y1), (x2, y2), color=colour, linewidth=width, **style)
        ax.add_patch(arrow).set_gid("glijbaan-flow")
    _glijbaan_axes(ax, layout.sprints, method, lang)
    return ax


def _glijbaan_axes(ax: Any, sprints: tuple[int, ...], method: Method | None, lang: str) -> None:
    levels = {lv.position: lv.name.get(lang) for lv in method.glijbaan} if method else {}
    names = [levels.get(n) or t(f"kv.plot.level.{n}", lang) for n in (1, 2, 3)]
    ax.set_yticks([2, 1, 0], names, fontsize=13)
    if method is not None:
        noun = method.phase_noun.get(lang)
        labels = [f"{noun} {s}" for s in sprints]
    else:
        labels = [t("kv.plot.glijbaan_sprint", lang, number=s) for s in sprints]
    ax.set_xticks(range(len(sprints)), labels, fontsize=13)
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    # The slide itself, faint: from the top on the left to the bottom on the right.
    slide = {"color": "#F3E3B5", "alpha": 0.5, "zorder": 0, "linewidth": 0}
    ax.fill_between([-0.5, len(sprints) - 0.5], [2.45, -0.1], [1.9, -0.5], **slide)
    ax.set_title(t("kv.plot.glijbaan_title", lang), fontsize=18, fontweight="bold")
