"""Figures for reports, drawn with matplotlib into PNG bytes.

The koppelvlakken map and the glijbaan come from :mod:`sprintkit.plots`; the small charts of
the sprint and cooperation reports (votes per cluster, minutes, glijbaan levels, the network of
organisations that worked together) are drawn here. Every figure is a bare matplotlib
``Figure`` (no pyplot state, nothing left open), and every text drawn in it is collected into
:attr:`~sprintkit.reports.blocks.Figure.labels`, so an anonymised figure can be checked without
reading pixels. Everything a figure shows comes in already scrubbed by the caller.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from typing import Any

from ..errors import MissingExtraError
from ..i18n import t
from ..pagefit import HOUSE
from .blocks import Figure

__all__ = [
    "plain",
    "render_figure",
    "environment_map_figure",
    "glijbaan_figure",
    "bar_figure",
    "levels_figure",
    "network_figure",
]

_DPI = 110
_PRIMARY = "#" + HOUSE.primary
_ACCENT = "#" + HOUSE.accent
_MUTED = "#" + HOUSE.muted
#: Glijbaan levels 1 (top: sees no problem) to 3 (bottom: ready to act).
_LEVEL_COLOURS = ("#C9D1DB", "#7FA7C9", "#154273")


def plain(text: str) -> str:
    r"""Text for matplotlib that it draws as typed: ``$`` would start mathtext.

    Examples:
        >>> print(plain("kost $5 of $10"))
        kost \$5 of \$10
    """
    return text.replace("$", r"\$")


def _new_figure(size: tuple[float, float]) -> Any:
    try:
        from matplotlib.figure import Figure as MplFigure  # lazy: matplotlib costs ~150 ms
    except ImportError as exc:  # pragma: no cover - matplotlib is a core dependency
        raise MissingExtraError(t("report.figure.missing")) from exc
    return MplFigure(figsize=size)


def render_figure(fig: Any, caption: str, alt: str, width_cm: float = 16.0) -> Figure:
    r"""Save a matplotlib figure as PNG and collect every text drawn in it.

    Examples:
        >>> fig = _new_figure((2, 1))
        >>> _ = fig.add_subplot().set_title("Stemmen")
        >>> block = render_figure(fig, "Stemmen per cluster", "Staafdiagram")
        >>> block.png[:4], "Stemmen" in block.labels
        (b'\x89PNG', True)
    """
    from matplotlib.text import Text

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=_DPI, bbox_inches="tight", facecolor="white")
    labels = tuple(dict.fromkeys(a.get_text() for a in fig.findobj(Text) if a.get_text()))
    return Figure(buffer.getvalue(), caption, alt, labels, width_cm)


def environment_map_figure(graph: Any, caption: str, alt: str, lang: str) -> Figure:
    """The koppelvlakken map of a graph whose labels are already in their report form."""
    from ..plots import draw_environment_map

    fig = _new_figure((16, 10))
    fig.subplots_adjust(left=0.01, right=0.99, top=0.93, bottom=0.07)
    draw_environment_map(graph, ax=fig.add_subplot(), lang=lang)
    return render_figure(fig, caption, alt)


def glijbaan_figure(actors: Sequence[Any], method: Any, caption: str, alt: str, lang: str):
    """Who stands where on the glijbaan per phase (actors carry report names)."""
    from ..plots import draw_glijbaan

    phases = {p for a in actors for p in a.glijbaan}
    fig = _new_figure((max(10.0, 2.8 * len(phases) + 3), 9))
    fig.subplots_adjust(left=0.17, right=0.98, top=0.95, bottom=0.08)
    draw_glijbaan(actors, method=method, ax=fig.add_subplot(), lang=lang)
    return render_figure(fig, caption, alt)


def bar_figure(
    bars: Sequence[tuple[str, float]], xlabel: str, caption: str, alt: str, *, second=None
) -> Figure:
    """Horizontal bars (votes per cluster; minutes per work form with ``second`` = actual).

    Examples:
        >>> block = bar_figure([("Licht", 5), ("Jongeren", 3)], "stemmen", "Stemmen", "Balken")
        >>> "Licht" in block.labels
        True
    """
    fig = _new_figure((8, 0.5 * len(bars) + 1.4))
    ax = fig.add_subplot()
    names = [plain(textwrap.shorten(name, 60, placeholder="…")) for name, _ in bars]
    y = list(range(len(bars)))[::-1]
    height = 0.38 if second else 0.7
    ax.barh(
        [v + (height / 2 if second else 0) for v in y], [v for _, v in bars], height, color=_PRIMARY
    )
    if second:
        ax.barh([v - height / 2 for v in y], [v for _, v in second], height, color=_ACCENT)
    ax.set_yticks(y, names, fontsize=9)
    ax.set_xlabel(xlabel)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return render_figure(fig, caption, alt, 14.0)


def levels_figure(
    counts: dict[str, tuple[int, int, int]], level_names: Sequence[str], caption: str, alt: str
) -> Figure:
    """Stacked bars: how many people stood at each glijbaan level, per phase."""
    fig = _new_figure((8, 3.6))
    ax = fig.add_subplot()
    labels = list(counts)
    bottom = [0] * len(labels)
    for level in range(3):
        values = [counts[label][level] for label in labels]
        ax.bar(labels, values, 0.6, bottom=bottom, color=_LEVEL_COLOURS[level])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    from matplotlib.patches import Patch

    handles = [
        Patch(color=c, label=plain(n)) for c, n in zip(_LEVEL_COLOURS, level_names, strict=True)
    ]
    ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return render_figure(fig, caption, alt, 15.0)


def network_figure(
    nodes: Sequence[str], edges: Sequence[tuple[str, str, int]], caption: str, alt: str
) -> Figure:
    """Organisations on a circle, a line between two that worked on the same intervention.

    Thicker lines: more interventions together.

    Examples:
        >>> block = network_figure(["Gemeente", "Politie", "Woonstichting"],
        ...                        [("Gemeente", "Politie", 2)], "Samenwerking", "Netwerk")
        >>> sorted(block.labels)
        ['Gemeente', 'Politie', 'Woonstichting']
    """
    fig = _new_figure((8, 6.5))
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_aspect("equal")
    angle = {n: math.pi / 2 - 2 * math.pi * i / max(1, len(nodes)) for i, n in enumerate(nodes)}
    pos = {n: (math.cos(a), math.sin(a)) for n, a in angle.items()}
    for a, b, weight in edges:
        (x1, y1), (x2, y2) = pos[a], pos[b]
        ax.plot([x1, x2], [y1, y2], color=_MUTED, alpha=0.6, linewidth=1 + 1.5 * weight, zorder=1)
    for name, (x, y) in pos.items():
        ax.scatter([x], [y], s=260, color=_PRIMARY, zorder=2)
        ha = "left" if x > 0.2 else "right" if x < -0.2 else "center"
        ax.text(
            x * 1.12,
            y * 1.12 + (0.06 if abs(x) <= 0.2 and y > 0 else -0.06 if abs(x) <= 0.2 else 0),
            plain("\n".join(textwrap.wrap(name, 22))),
            ha=ha,
            va="center",
            fontsize=9,
        )
    ax.set_xlim(-1.9, 1.9)
    ax.set_ylim(-1.35, 1.35)
    return render_figure(fig, caption, alt, 14.0)
