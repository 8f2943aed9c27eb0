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
from pathlib import Path
from typing import Any

import networkx as nx

from .analysis import Koppelvlakken, Leverage, koppelvlakken, leverage
from .analysis.layout import (
    QUADRANTS,
    Box,
    environment_map_layout,
    fit_text,
    glijbaan_layout,
    wrap_label,
)
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
    G: nx.MultiDiGraph, *, ax: Any = None, lang: str = "nl", show_internal: bool = False
) -> Any:
    """The four environments as quadrants, with koppelvlak effects as arrows between them.

    Interventions are filled boxes, indicators white boxes (a red edge: the indicator is
    worsening). Arrows run from an intervention to the indicator (or the whole environment)
    it affects in another environment: green for a good effect, red and dashed for a negative
    side effect, thicker when stronger.

    Args:
        G: A koppelvlakken graph (:func:`sprintkit.analysis.build_graph`).
        ax: Axes to draw on; a 16 x 10 inch figure when ``None``.
        lang: ``nl`` or ``en``.
        show_internal: Also draw effects inside one environment (thin, grey).

    Returns:
        The axes. Arrows carry the gid ``koppelvlak`` (or ``internal``), node boxes
        ``box:<kind>:<id>`` and their labels ``label:<kind>:<id>``.
    """
    _require()
    from matplotlib.patches import FancyBboxPatch

    ax = _axes(ax, _MAP_SIZE, _MAP_MARGINS)
    layout = environment_map_layout(G, *_size_pt(ax), lang=lang, show_internal=show_internal)
    ax.set_xlim(0, 2)
    ax.set_ylim(0, 2)
    ax.set_axis_off()
    for quadrant in layout.quadrants:
        _draw_quadrant(ax, quadrant, layout.title_size)
    ends = {q.title.key: q.title for q in layout.quadrants}  # where arrows start and end
    for box in layout.boxes:
        ends[box.key] = box
        ax.add_patch(_box_patch(FancyBboxPatch, box))
        bold = {"color": "white", "fontweight": "bold"} if box.kind == "intervention" else {}
        style = {"ha": "center", "va": "center", "zorder": 4, "linespacing": 1.1, **bold}
        ax.text(*box.center, box.text, fontsize=layout.font_size, gid=f"label:{box.key}", **style)
    _draw_arrows(ax, layout.arrows, ends)
    title = t("kv.plot.map_title", lang) + (f": {G.graph['name']}" if G.graph.get("name") else "")
    ax.set_title(title, fontsize=layout.title_size + 2, fontweight="bold")
    _map_legend(ax, lang, show_internal, max(10.0, layout.font_size))
    return ax


def _draw_quadrant(ax: Any, quadrant: Any, size: float) -> None:
    """Draw one quadrant's background and title."""
    from matplotlib.patches import Rectangle

    env, title = quadrant.environment, quadrant.title
    colours: dict[str, Any] = {"facecolor": _TINTS[env], "edgecolor": ENV_COLOURS[env]}
    ax.add_patch(Rectangle((quadrant.x + 0.005, quadrant.y + 0.005), 0.99, 0.99, **colours))
    style = {"fontweight": "bold", "color": ENV_COLOURS[env], "va": "center", "zorder": 4}
    backdrop = {"boxstyle": "square,pad=0.1", "facecolor": _TINTS[env], "linewidth": 0}
    text = title.text[:1].upper() + title.text[1:]
    xy = (title.x + 0.01, title.y + title.h / 2)
    ax.text(*xy, text, fontsize=size, gid=f"title:{env}", bbox=backdrop, **style)


def write_environment_map(
    G: nx.MultiDiGraph, path: str | Path, *, lang: str = "nl", dpi: int = 120
) -> Path:
    """Draw :func:`draw_environment_map` into a PNG (or any format matplotlib knows by suffix).

    Uses a bare matplotlib ``Figure`` (no pyplot state), so it works headless and leaves no
    open figures behind.
    """
    _require()
    from matplotlib.figure import Figure

    figure = Figure(figsize=_MAP_SIZE)
    figure.subplots_adjust(**_MAP_MARGINS)
    draw_environment_map(G, ax=figure.add_subplot(), lang=lang)
    from ._atomic_write import atomic_write

    fmt = Path(path).suffix.lstrip(".").lower() or "png"
    with atomic_write(path, "wb") as file:  # a failed draw or a full disk leaves no half file
        figure.savefig(file, format=fmt, dpi=dpi, bbox_inches="tight")
    return Path(path)


def _box_patch(FancyBboxPatch: Any, box: Box) -> Any:
    colour = ENV_COLOURS.get(box.environment, _GREY)
    style = {"boxstyle": "round,pad=0,rounding_size=0.008", "zorder": 3, "gid": f"box:{box.key}"}
    style["facecolor"] = colour if box.kind == "intervention" else "white"
    style["edgecolor"], style["linewidth"] = (_WORSENING, 2.5) if box.worsening else (colour, 1.2)
    return FancyBboxPatch((box.x, box.y), box.w, box.h, **style)


def _draw_arrows(ax: Any, arrows: Iterable[Any], ends: dict[str, Box]) -> None:
    from matplotlib.patches import FancyArrowPatch

    seen: dict[tuple[str, str], int] = {}
    for arrow in arrows:
        source, target = ends.get(arrow.source), ends.get(arrow.target)
        if source is None or target is None:
            continue
        n = seen[(arrow.source, arrow.target)] = seen.get((arrow.source, arrow.target), -1) + 1
        style: dict[str, Any] = {"arrowstyle": "-|>", "alpha": 0.85, "zorder": 2}
        style["connectionstyle"] = f"arc3,rad={0.12 + 0.08 * n}"
        style["mutation_scale"] = 12 + 4 * arrow.strength
        style["linestyle"] = "--" if arrow.sign < 0 else "-"
        if arrow.koppelvlak:
            style |= {"color": _SIGN[arrow.sign], "linewidth": 0.8 + 0.9 * arrow.strength}
        else:
            style |= {"color": _GREY, "linewidth": 0.8}
        # from border to border, computed (matplotlib's clipping at patches was most of the
        # time of saving the map)
        start, end = source.exit_point(target.center), target.exit_point(source.center)
        patch = FancyArrowPatch(start, end, **style)
        ax.add_patch(patch).set_gid("koppelvlak" if arrow.koppelvlak else "internal")


def _map_legend(ax: Any, lang: str, show_internal: bool, size: float) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [
        Patch(facecolor=_GREY, label=t("kv.plot.intervention", lang)),
        Patch(facecolor="white", edgecolor=_GREY, label=t("kv.plot.indicator", lang)),
        Patch(facecolor="white", edgecolor=_WORSENING, lw=2.5, label=t("kv.plot.worsening", lang)),
        Line2D([], [], color=_SIGN[1], lw=2.5, label=t("kv.plot.positive", lang)),
        Line2D([], [], color=_SIGN[-1], lw=2.5, ls="--", label=t("kv.plot.negative", lang)),
    ]
    if show_internal:
        handles.append(Line2D([], [], color=_GREY, lw=1, label=t("kv.plot.internal", lang)))
    place = {"loc": "upper center", "bbox_to_anchor": (0.5, 0.0), "frameon": False}
    ax.legend(handles=handles, ncol=len(handles), fontsize=size, **place)


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
