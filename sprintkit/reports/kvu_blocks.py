"""The KVU read models as report blocks: written once, shown by the report, the CLI and widgets.

Each builder turns one read model of :class:`~sprintkit.kvu.Kvu` into plain blocks
(:mod:`sprintkit.reports.blocks`): the success factor assessment and its warnings, the working
group checklist, the measurements and the source coverage, the comparison with the baseline and
the progress matrix of the measures. The ``voortgang`` report puts them in sections, ``sprintkit
kvu ...`` prints them with :func:`~sprintkit.reports.render_plain.render_plain`, and the notebook
panels show them with :func:`~sprintkit.reports.render_text.render_blocks_html` (escaping happens
there only). A builder returns ``[]`` for an empty read model: each face says "nothing yet" in
its own place.

Names go through the :class:`~sprintkit.reports.context.ReportContext` (``ctx.user``,
``ctx.names``), so the report's anonymised mode covers every block.

Examples:
    >>> from sprintkit.workspace import start_journey
    >>> from sprintkit.store import SQLiteStore
    >>> from sprintkit.kvu import Kvu
    >>> kvu = Kvu(start_journey("nachtkwartier", store=SQLiteStore(":memory:")))
    >>> kvu.score("stabiliteit", 2)
    >>> ctx = context_of(kvu, "nl")
    >>> [type(b).__name__ for b in success_factor_blocks(ctx, kvu)]
    ['Table', 'Notice', 'Paragraph', 'Bullets']
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ..i18n import fmt_number, t
from ..model import Text
from .blocks import Block, Bullets, Figure, Paragraph, Table
from .context import ReportContext

if TYPE_CHECKING:  # pragma: no cover
    from ..kvu.cycle import MeasureRow
    from ..kvu.facade import Kvu
    from ..kvu.werkgroep import WorkingGroupCheck
    from ..model import Casus, Method

__all__ = [
    "context_of",
    "casus_context",
    "success_factor_blocks",
    "warning_blocks",
    "working_group_blocks",
    "measurement_blocks",
    "coverage_blocks",
    "comparison_blocks",
    "measure_blocks",
    "kvu_figure",
]

#: verdict -> its placeholder in ``kvurep.ev.summary``
_VERDICTS = {"beter": "better", "slechter": "worse", "gelijk": "same", "onbekend": "unknown"}


def context_of(kvu: Kvu, lang: str, *, anonymise: bool = False) -> ReportContext:
    """The words and names for blocks of ``kvu``'s journey (the CLI's and the widgets' context)."""
    view = kvu.journey
    return ReportContext(view.casus, view.method, view.state, lang, anonymise)


def casus_context(casus: Casus, method: Method, lang: str) -> ReportContext:
    """The words and names for blocks about a casus alone (its working group, no journey)."""
    from ..model.state import JourneyState

    state = JourneyState(journey=casus.id, casus=casus.id, method=method.id)
    return ReportContext(casus, method, state, lang)


def _s(ctx: ReportContext, key: str, **values: Any) -> str:
    return t(f"kvurep.{key}", ctx.lang, **values)


def _num(ctx: ReportContext, value: float | None) -> str:
    return "-" if value is None else fmt_number(value, ctx.lang)


def _day(ctx: ReportContext, iso: str | None) -> str:
    if not iso:
        return "-"
    try:
        return ctx.date(dt.date.fromisoformat(iso))
    except ValueError:
        return ctx.user(iso)


def kvu_figure(
    ctx: ReportContext, draw: Callable[..., Any], data: Sequence[Any], caption: str
) -> Figure:
    """A KVU figure (:mod:`sprintkit.kvu.plots`) as a block; needs matplotlib.

    Drawn once per journey state (:meth:`ReportContext.figure`); the key also holds a digest of
    the data, since a report may draw the same plot for one step's data or another's.
    """
    from ..kvu.plots import figure_size
    from .figures import _new_figure, render_figure

    def render() -> Figure:
        fig = _new_figure(figure_size(draw, data))
        fig.set_layout_engine("constrained")
        draw(data, ax=fig.add_subplot(), lang=ctx.lang)
        return render_figure(fig, caption, caption)

    digest = hashlib.blake2b(repr(list(data)).encode(), digest_size=12).hexdigest()
    return ctx.figure(f"kvu.{draw.__name__}.{digest}", render)


# -- success factors ---------------------------------------------------------------------------
def success_factor_blocks(ctx: ReportContext, kvu: Kvu, *, figure: bool = False) -> list[Block]:
    """The factors' scores per step (``2/5``) with the latest note, then the warnings."""
    rows = kvu.assessment()
    steps = sorted({s.phase for row in rows for s in row.scores})
    blocks: list[Block] = []
    if steps:
        table_rows = []
        for row in rows:
            by_step = {s.phase: s.score for s in row.scores}
            scores = [f"{by_step[n]}/5" if n in by_step else "-" for n in steps]
            notes = [s.note for s in row.scores if s.note]
            note = ctx.user(notes[-1]) if notes else "-"
            table_rows.append((ctx.loc(row.factor.name), *scores, note))
        header = (_s(ctx, "sf.factor"), *[f"{ctx.noun} {n}" for n in steps], _s(ctx, "sf.note"))
        share = 0.4 / len(steps)
        blocks.append(Table(header, tuple(table_rows), (0.28, *[share] * len(steps), 0.32)))
        blocks += rule_notices(ctx, "rule:scale")
        if figure:
            from ..kvu.plots import success_factors_plot  # lazy: matplotlib, for figures only

            blocks.append(kvu_figure(ctx, success_factors_plot, rows, _s(ctx, "sf.figure")))
    return blocks + warning_blocks(ctx, kvu)


def warning_blocks(ctx: ReportContext, kvu: Kvu) -> list[Block]:
    """The success factor warnings (weak scores, signals from the data) under their own lead."""
    warnings = kvu.warnings()
    blocks: list[Block] = [Paragraph(_s(ctx, "sf.warnings"), "lead")]
    if warnings:
        texts = dict.fromkeys(ctx.user(w.text(ctx.lang)) for w in warnings)  # two signals can agree
        blocks.append(Bullets(tuple(texts)))
    else:
        blocks.append(Paragraph(_s(ctx, "sf.no_warnings"), "small"))
    return blocks


# -- working group -----------------------------------------------------------------------------
def working_group_blocks(ctx: ReportContext, check: WorkingGroupCheck) -> list[Block]:
    """The checklist: how many lines pass, warn and fail, then a line per rule with its why.

    ``check`` is ``kvu.working_group()`` or, for a casus without a journey,
    :func:`~sprintkit.kvu.werkgroep.check_working_group`.
    """
    lines = check.lines
    if not lines:
        return []
    n = {s: sum(line.status == s for line in lines) for s in ("pass", "warn", "fail")}
    summary = _s(ctx, "wg.summary", passed=n["pass"], warned=n["warn"], failed=n["fail"])
    header = (_s(ctx, "wg.status"), _s(ctx, "wg.rule"), _s(ctx, "wg.why"))
    blocks: list[Block] = [Paragraph(summary)]
    # the CCV's rules first, then sprintkit's rules of thumb, each under its own lead
    for basis in ("ccv", "own"):
        part = [line for line in lines if line.basis == basis]
        if not part:
            continue
        rows = tuple(
            (
                _s(ctx, f"wg.{line.status}"),
                _wg_rule(ctx, line.text(ctx.lang), basis),
                ctx.user(line.why(ctx.lang)),
            )
            for line in part
        )
        blocks += [Paragraph(_s(ctx, f"wg.lead_{basis}"), "lead")]
        blocks += [Table(header, rows, (0.16, 0.42, 0.42))]
    return blocks + rule_notices(ctx, "rule:working_group")


def _wg_rule(ctx: ReportContext, text: str, basis: str) -> str:
    """A rule as shown: a rule of thumb says so in front (``vuistregel van sprintkit: ...``)."""
    text = ctx.user(text)
    if basis != "own":
        return text
    return _s(ctx, "wg.own_rule", rule=text[:1].lower() + text[1:])


def rule_notices(ctx: ReportContext, subject: str) -> list[Block]:
    """The provenance mark of one of the method's own rules (``rule:scale``), as a notice."""
    from ..provenance import rule_marks
    from .provenance import notices

    return list(notices(ctx, [m for m in rule_marks(ctx.method) if m.subject == subject]))


# -- safety analysis ---------------------------------------------------------------------------
def measurement_blocks(ctx: ReportContext, kvu: Kvu, *, baseline: bool = True) -> list[Block]:
    """The baseline (``baseline=True``) or every measurement with its moment and note."""
    from ..kvu.safety import measurements

    found = list(kvu.baseline().values()) if baseline else measurements(kvu.journey)
    if not found:
        return []
    sources = {s.key: ctx.loc(s.name) for s in ctx.method.analysis_sources}
    rows = []
    for m in found:
        moment = () if baseline else (t(f"kvu.moment.{m.moment}", ctx.lang),)
        note = () if baseline else (ctx.user(m.note or "-"),)
        source = sources.get(m.source or "") or ctx.user(m.indicator.source or "-")
        name, unit = ctx.user(ctx.loc(m.indicator.name)), ctx.user(m.indicator.unit)
        rows.append((name, *moment, _num(ctx, m.value), unit, source, _day(ctx, m.date), *note))
    keys: tuple[str, ...] = ("indicator", "value", "unit", "source", "date")
    if baseline:
        widths: tuple[float, ...] = (0.36, 0.1, 0.2, 0.18, 0.16)
    else:
        keys = ("indicator", "moment", *keys[1:], "note")
        widths = (0.24, 0.11, 0.08, 0.13, 0.14, 0.14, 0.16)
    return [Table(tuple(_s(ctx, f"sa.{k}") for k in keys), tuple(rows), widths)]


def coverage_blocks(ctx: ReportContext, kvu: Kvu) -> list[Block]:
    """The analysis sources the measurements used, and the advised ones still missing."""
    used, missing = kvu.source_coverage()
    blocks: list[Block] = []
    if used:
        names = ", ".join(ctx.loc(s.name) for s in used)
        blocks.append(Paragraph(_s(ctx, "sa.used", sources=names)))
    else:
        blocks.append(Paragraph(_s(ctx, "sa.none_used")))
    if missing:
        blocks.append(Paragraph(_s(ctx, "sa.missing")))
        blocks.append(Bullets(tuple(ctx.loc(s.name) for s in missing)))
    else:
        blocks.append(Paragraph(_s(ctx, "sa.all_used"), "small"))
    return blocks


def _is_percentage(unit: str) -> bool:
    """Whether an indicator is itself a percentage (its change is then in percentage points)."""
    return unit.strip().startswith("%") or "procent" in unit.lower() or "percent" in unit.lower()


def _change(ctx: ReportContext, c: Any) -> str:
    """The change from the baseline: percentage points for a percentage, else a relative %."""
    if c.later is None:
        return "-"
    if _is_percentage(c.indicator.unit):
        points = round(c.later - c.baseline, 1)
        sign = "+" if points > 0 else ""
        return _s(ctx, "ev.points", count=points, value=sign + fmt_number(points, ctx.lang))
    value = round(100 * c.change)
    return f"{'+' if value > 0 else ''}{fmt_number(value, ctx.lang)}%"


def comparison_blocks(ctx: ReportContext, kvu: Kvu, *, figure: bool = False) -> list[Block]:
    """Each baseline indicator against its interim and final values, judged; then a summary."""
    comparisons = kvu.comparison()
    if not comparisons:
        return []
    rows = tuple(
        (
            f"{ctx.user(ctx.loc(c.indicator.name))} ({ctx.user(c.indicator.unit)})",
            _num(ctx, c.baseline),
            "; ".join(_num(ctx, v) for v in c.interim) or "-",
            f"{_num(ctx, c.later)} ({t(f'kvu.moment.{c.later_moment}', ctx.lang)})"
            if c.later is not None
            else "-",
            _change(ctx, c),
            t(f"kvu.verdict.{c.verdict}", ctx.lang),
        )
        for c in comparisons
    )
    keys = ("baseline", "interim", "later", "change", "verdict")
    header = (_s(ctx, "sa.indicator"), *[_s(ctx, f"ev.{k}") for k in keys])
    n = {p: sum(c.verdict == v for c in comparisons) for v, p in _VERDICTS.items()}
    blocks: list[Block] = [
        Table(header, rows, (0.36, 0.11, 0.13, 0.16, 0.11, 0.13)),
        Paragraph(_s(ctx, "ev.summary", **n)),
        Paragraph(_s(ctx, "ev.caution"), "small"),
    ]
    if figure and any(c.later is not None for c in comparisons):
        from ..kvu.plots import baseline_plot  # lazy: matplotlib, for figures only

        blocks.append(kvu_figure(ctx, baseline_plot, comparisons, _s(ctx, "ev.figure")))
    return blocks


# -- measures ----------------------------------------------------------------------------------
def _named_rows(ctx: ReportContext, rows: Sequence[MeasureRow]) -> list[MeasureRow]:
    """Measure rows with names in their shown form (pseudonyms when anonymised)."""
    out = []
    for row in rows:
        name = ctx.user(ctx.loc(row.name))
        owner = ctx.names.party(row.owner) if row.owner else None
        out.append(dataclasses.replace(row, name=Text(nl=name, en=name), owner_name=owner))
    return out


def _measure_row(ctx: ReportContext, row: MeasureRow) -> tuple[str, ...]:
    budget = "-"
    if row.budget is not None:
        budget = _s(ctx, "ms.euro", amount=fmt_number(row.budget, ctx.lang))
    gokit = ", ".join(row.gokit_open_labels(ctx.lang))
    planned = row.goal is not None
    return (
        row.name.get(ctx.lang),
        t(f"kvu.category.{row.category}", ctx.lang),
        row.owner_name or "-",
        _day(ctx, row.deadline),
        budget,
        ctx.user(row.goal) if planned else _s(ctx, "ms.no_plan"),
        row.status_label(ctx.lang),
        (gokit or _s(ctx, "ms.gokit_none")) if planned else "-",
    )


def measure_blocks(
    ctx: ReportContext, kvu: Kvu, *, include_dropped: bool = True, figure: bool = False
) -> list[Block]:
    """The progress matrix: owner, deadline, budget, SMART goal, status, open GOKIT; counts."""
    from ..kvu.cycle import status_counts

    rows = _named_rows(ctx, kvu.progress_matrix(include_dropped=include_dropped))
    if not rows:
        return []
    keys = ("measure", "category", "owner", "deadline", "budget", "goal", "status", "gokit")
    header = tuple(_s(ctx, f"ms.{k}") for k in keys)
    widths = (0.17, 0.1, 0.13, 0.11, 0.09, 0.2, 0.09, 0.11)
    counts = ", ".join(
        f"{n} {t(f'kvu.status.{s}', ctx.lang)}" for s, n in status_counts(rows).items() if n
    )
    blocks: list[Block] = [
        Table(header, tuple(_measure_row(ctx, r) for r in rows), widths),
        Paragraph(_s(ctx, "ms.counts", counts=counts)),
    ]
    if figure:
        from ..kvu.plots import progress_matrix_plot  # lazy: matplotlib, for figures only

        blocks.append(kvu_figure(ctx, progress_matrix_plot, rows, _s(ctx, "ms.figure")))
    return blocks
