"""Figures of the KVU: success factors per step, the progress matrix, baseline against final.

Each function takes the data of one :class:`~sprintkit.kvu.facade.Kvu` view and an optional
matplotlib ``ax``, and returns the axes (the convention of :mod:`sprintkit.plots`). Labels are
Dutch unless ``lang="en"``, fonts are readable on a projector, and colours come from the
colour-blind-safe Okabe-Ito palette; where colour carries meaning a second cue (hatching, a
column, a text) carries it too. Texts a person typed (measure and owner names) are drawn as
typed: a ``$`` is escaped so matplotlib does not read it as mathtext. matplotlib is imported
inside the functions: it costs about 150 ms and ``import sprintkit`` must not pay for it.

Examples:
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> ax = progress_matrix_plot([])
    >>> [t.get_text() for t in ax.texts]
    ['Nog geen maatregelen gekozen']
    >>> plt.close(ax.figure)
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import MissingExtraError
from ..i18n import Message, fmt_number, t
from .ledger import STATUSES, WEAK_SCORE

if TYPE_CHECKING:  # pragma: no cover
    from .cycle import MeasureRow
    from .safety import Comparison
    from .successfactors import FactorRow

__all__ = [
    "STEP_COLOURS",
    "STATUS_COLOURS",
    "VERDICT_COLOURS",
    "success_factors_plot",
    "progress_matrix_plot",
    "baseline_plot",
    "figure_size",
]

#: Okabe-Ito colours for the steps in which factors were scored (in order of the steps shown).
STEP_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
#: A colour per measure status: done green, delayed orange, stopped grey.
STATUS_COLOURS = {
    "gepland": "#56B4E9",
    "gestart": "#0072B2",
    "op_schema": "#7FCDB8",
    "vertraagd": "#E69F00",
    "uitgevoerd": "#009E73",
    "gestopt": "#7F7F7F",
}
#: A colour per verdict of the comparison with the baseline.
VERDICT_COLOURS = {
    "beter": "#009E73",
    "slechter": "#D55E00",
    "gelijk": "#999999",
    "onbekend": "#FFFFFF",
}
_GREY = "#7F7F7F"
_TITLE = 18
_LABEL = 13
_SMALL = 11


def _require() -> None:
    """Import matplotlib, or say how to install it."""
    try:
        import matplotlib  # noqa: F401  lazy: matplotlib costs ~150 ms at import
    except ImportError as exc:  # pragma: no cover - matplotlib is a core dependency
        raise MissingExtraError(Message("kv.plot.missing")) from exc


def _axes(ax: Any, size: tuple[float, float]) -> Any:
    """The given axes, or new ones in a constrained layout (long tick labels fit)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=size, layout="constrained")[1]


def _plain(text: str) -> str:
    """Typed text drawn as typed: ``$`` would start mathtext."""
    return text.replace("$", r"\$")


def _wrap(text: str, width: int, lines: int = 2) -> str:
    return "\n".join(textwrap.wrap(_plain(text), width, max_lines=lines, placeholder="…"))


def _empty(ax: Any, text: str, title: str) -> Any:
    ax.set_axis_off()
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=_LABEL, gid="empty", color=_GREY)
    ax.set_title(title, fontsize=_TITLE, fontweight="bold")
    return ax


def _bare(ax: Any) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def figure_size(plot: Any, data: Sequence[Any]) -> tuple[float, float]:
    """The size (inches) a figure of ``plot`` gets for ``data`` when no axes are given.

    Room grows with the number of rows (and, for success factors, of steps), so bars and
    labels keep a projector-readable size. Reports use it for their own figures.

    Examples:
        >>> figure_size(progress_matrix_plot, [])
        (14.0, 3.5)
    """
    n = len(data)
    if plot is success_factors_plot:
        steps = len({s.phase for row in data for s in row.scores})
        return 13.0, max(4.0, n * (0.35 + 0.3 * max(1, steps)) + 1.5)
    if plot is progress_matrix_plot:
        return 14.0, max(3.5, 0.8 * n + 2.2)
    return 14.0, max(3.5, 0.75 * n + 2.2)


# -- success factors ---------------------------------------------------------------------------
def success_factors_plot(rows: Sequence[FactorRow], ax: Any = None, lang: str = "nl") -> Any:
    """Each success factor as a group of horizontal bars, one per step in which it was scored.

    The axis runs from 1 to 5, a dashed line marks the weak score
    (:data:`~sprintkit.kvu.ledger.WEAK_SCORE`), a weak bar is hatched, and a factor that was
    never scored says "geen score".

    Args:
        rows: :meth:`Kvu.assessment <sprintkit.kvu.facade.Kvu.assessment>`.
        ax: Axes to draw on; a new figure when ``None``.
        lang: ``nl`` or ``en``.

    Returns:
        The axes. Bars carry the gid ``score:<factor>:<step>``, their values ``value:...``, the
        "no score" texts ``no-score:<factor>``.
    """
    _require()
    steps = sorted({s.phase for row in rows for s in row.scores})
    slot = 0.8 / max(1, len(steps))
    ax = _axes(ax, figure_size(success_factors_plot, rows))
    colour = {step: STEP_COLOURS[i % len(STEP_COLOURS)] for i, step in enumerate(steps)}
    size = min(_SMALL, max(7.0, 40 * slot))
    for i, row in enumerate(rows):
        y0 = len(rows) - 1 - i
        if not row.scores:
            style = {"va": "center", "fontsize": _SMALL, "color": _GREY, "style": "italic"}
            label = t("kvurep.plot.no_score", lang)
            ax.text(0.08, y0, label, gid=f"no-score:{row.factor.key}", **style)
            continue
        for score in row.scores:
            y = y0 + 0.4 - slot * (steps.index(score.phase) + 0.5)
            bar = ax.barh(y, score.score, slot * 0.9, color=colour[score.phase])[0]
            bar.set_gid(f"score:{row.factor.key}:{score.phase}")
            bar.set_hatch("//" if score.score <= WEAK_SCORE else "")
            bar.set_edgecolor("white" if score.score > WEAK_SCORE else "black")
            gid = f"value:{row.factor.key}:{score.phase}"
            ax.text(score.score + 0.06, y, str(score.score), va="center", fontsize=size, gid=gid)
    names = [_wrap(row.factor.name.get(lang) or row.factor.key, 30) for row in rows]
    ax.set_yticks(range(len(rows) - 1, -1, -1), names, fontsize=_SMALL + 1)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlim(0, 5.5)
    ax.set_xticks(range(1, 6), [str(n) for n in range(1, 6)], fontsize=_LABEL)
    ax.axvline(WEAK_SCORE, color="black", linestyle="--", linewidth=1.2, gid="weak-line")
    ax.set_xlabel(t("kvurep.plot.sf_x", lang), fontsize=_LABEL)
    ax.set_title(t("kvurep.plot.sf_title", lang), fontsize=_TITLE, fontweight="bold")
    _bare(ax)
    _factor_legend(ax, steps, colour, lang)
    return ax


def _factor_legend(ax: Any, steps: list[int], colour: dict[int, str], lang: str) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = [
        Patch(color=colour[s], label=t("kvurep.plot.step", lang, number=s)) for s in steps
    ]
    weak = t("kvurep.plot.weak", lang, score=WEAK_SCORE)
    handles.append(Line2D([], [], color="black", linestyle="--", label=weak))
    place = {"loc": "upper left", "bbox_to_anchor": (1.01, 1.0)}
    ax.legend(handles=handles, fontsize=_SMALL, frameon=False, **place)


# -- progress matrix ---------------------------------------------------------------------------
def progress_matrix_plot(rows: Sequence[MeasureRow], ax: Any = None, lang: str = "nl") -> Any:
    """The progress matrix: measures as rows, statuses as columns, the owner beside each marker.

    A filled marker sits in the column of a measure's current status, coloured by status
    (:data:`STATUS_COLOURS`); the owner's name is written beside it, towards the emptier side.

    Args:
        rows: :meth:`Kvu.progress_matrix <sprintkit.kvu.facade.Kvu.progress_matrix>`.
        ax: Axes to draw on; a new figure when ``None``.
        lang: ``nl`` or ``en``.

    Returns:
        The axes. Markers carry the gid ``status:<measure>``, owner names ``owner:<measure>``;
        with no rows there is one text (gid ``empty``).
    """
    _require()
    title = t("kvurep.plot.matrix_title", lang)
    ax = _axes(ax, figure_size(progress_matrix_plot, rows))
    if not rows:
        return _empty(ax, t("kvurep.plot.matrix_empty", lang), title)
    n = len(rows)
    for i, row in enumerate(rows):
        y = n - 1 - i
        x = STATUSES.index(row.status)
        marker = ax.scatter([x], [y], s=320, color=STATUS_COLOURS[row.status], zorder=3)
        marker.set_edgecolor("black")
        marker.set_gid(f"status:{row.id}")
        owner = row.owner_name or t("kvurep.plot.no_owner", lang)
        right = x < len(STATUSES) / 2
        side = {"ha": "left" if right else "right", "va": "center"}
        offset = 0.16 if right else -0.16
        text = _wrap(owner, 22)
        ax.text(x + offset, y, text, fontsize=_SMALL, gid=f"owner:{row.id}", zorder=4, **side)
    labels = [_wrap(row.name.get(lang) or row.id, 34) for row in rows]
    ax.set_yticks(range(n - 1, -1, -1), labels, fontsize=_SMALL + 1)
    ax.tick_params(axis="y", length=0)
    ax.set_xticks(range(len(STATUSES)), [t(f"kvu.status.{s}", lang) for s in STATUSES])
    ax.tick_params(axis="x", labelsize=_LABEL, top=True, labeltop=True, bottom=False)
    ax.tick_params(axis="x", labelbottom=False, length=0)
    ax.set_xlim(-0.6, len(STATUSES) - 0.4)
    ax.set_ylim(-0.6, n - 0.4)
    for x in range(len(STATUSES)):
        ax.axvline(x, color="#DDDDDD", linewidth=1, zorder=0)
    for y in range(n):
        ax.axhline(y, color="#EEEEEE", linewidth=1, zorder=0)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_title(title, fontsize=_TITLE, fontweight="bold", pad=14)
    return ax


# -- baseline against final --------------------------------------------------------------------
def baseline_plot(comparisons: Sequence[Comparison], ax: Any = None, lang: str = "nl") -> Any:
    """The relative change of each indicator from its baseline, coloured by verdict.

    A bar to the right is a rise, to the left a fall; its colour (and hatching for "worse")
    says whether that is better or worse in the indicator's own direction. Beside each bar:
    "baseline → final" values. An indicator not measured again says so instead of a bar.

    Args:
        comparisons: :meth:`Kvu.comparison <sprintkit.kvu.facade.Kvu.comparison>`.
        ax: Axes to draw on; a new figure when ``None``.
        lang: ``nl`` or ``en``.

    Returns:
        The axes. Bars carry the gid ``change:<indicator>``, their value texts
        ``values:<indicator>``; an unmeasured indicator has a text ``unmeasured:<indicator>``.
    """
    _require()
    title = t("kvurep.plot.baseline_title", lang)
    ax = _axes(ax, figure_size(baseline_plot, comparisons))
    if not comparisons:
        return _empty(ax, t("kvurep.plot.baseline_empty", lang), title)
    n = len(comparisons)
    changes = [100 * c.change for c in comparisons if c.change is not None]
    low, high = min([0.0, *changes]), max([0.0, *changes])
    span = max(high - low, 20.0)  # room for the value texts: about a quarter of the width
    reach = span / 2
    for i, c in enumerate(comparisons):
        y, key = n - 1 - i, c.indicator.id
        if c.change is None:
            text = t("kvu.verdict.onbekend", lang)
            style = {"ha": "left", "va": "center", "style": "italic", "color": _GREY}
            ax.text(0.02 * reach, y, text, fontsize=_SMALL, gid=f"unmeasured:{key}", **style)
            continue
        value = 100 * c.change
        bar = ax.barh(y, value, 0.62, color=VERDICT_COLOURS[c.verdict], gid=f"change:{key}")[0]
        bar.set_hatch("//" if c.verdict == "slechter" else "")
        assert c.later is not None
        text = f"{fmt_number(c.baseline, lang)} → {fmt_number(c.later, lang)}"
        text += f"  ({'+' if value > 0 else ''}{fmt_number(round(value), lang)}%)"
        if c.later_moment != "eindmeting":  # say so when only an interim value exists
            text += f", {t(f'kvu.moment.{c.later_moment}', lang)}"
        pad = 0.02 * reach
        side = {"ha": "left"} if value >= 0 else {"ha": "right"}
        x = value + pad if value >= 0 else value - pad
        ax.text(x, y, text, va="center", fontsize=_SMALL, gid=f"values:{key}", **side)
    names = [_wrap(c.indicator.name.get(lang) or c.indicator.id, 38, 3) for c in comparisons]
    ax.set_yticks(range(n - 1, -1, -1), names, fontsize=_SMALL + 1)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(low - (0.45 if low < 0 else 0.05) * span, high + 0.45 * span)
    ax.axvline(0, color="black", linewidth=1)
    ax.tick_params(axis="x", labelsize=_LABEL)
    ax.set_xlabel(t("kvurep.plot.baseline_x", lang), fontsize=_LABEL)
    ax.set_title(title, fontsize=_TITLE, fontweight="bold")
    _bare(ax)
    _verdict_legend(ax, [c.verdict for c in comparisons], lang)
    return ax


def _verdict_legend(ax: Any, verdicts: list[str], lang: str) -> None:
    from matplotlib.patches import Patch

    shown = [v for v in ("beter", "slechter", "gelijk") if v in verdicts]
    handles = [
        Patch(
            facecolor=VERDICT_COLOURS[v],
            hatch="//" if v == "slechter" else "",
            label=t(f"kvu.verdict.{v}", lang),
        )
        for v in shown
    ]
    if handles:
        place = {"loc": "upper left", "bbox_to_anchor": (1.01, 1.0)}
        ax.legend(handles=handles, fontsize=_SMALL, frameon=False, **place)
