"""The KVU progress and evaluation report (kind ``voortgang``), and the working group checklist.

Where the KVU stands, for the working group, the mayor and aldermen and the partners: the
success factors over the steps (with the method's reasoning for weak ones), the working group
check, the baseline of the safety analysis and the sources it used, the measures with owner,
deadline, budget, SMART goal, status and the GOKIT aspects still open (with the progress
matrix), the comparison of the final (or latest interim) measurements with the baseline, and the
improvement points of step 7. Every part says "(nog niet ingevuld)" while it is empty, so the
report can be made at any step.

The figures come from :mod:`sprintkit.kvu.plots`, drawn from rows whose names are already in
their report form (pseudonyms when anonymised).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ..engine.view import StateView
from ..errors import SprintkitError
from ..i18n import fmt_number, t
from ..model import Text
from .blocks import Block, Bullets, Figure, Paragraph, Report, Section, Table
from .context import ReportContext

if TYPE_CHECKING:  # pragma: no cover
    from ..kvu.facade import Kvu

__all__ = ["voortgang", "working_group_section", "kvu_view", "is_kvu", "RESULT_KEY"]

RESULT_KEY = "voortgang"
#: verdict -> its placeholder in ``kvurep.ev.summary``
_VERDICTS = {"beter": "better", "slechter": "worse", "gelijk": "same", "onbekend": "unknown"}


def is_kvu(ctx: ReportContext) -> bool:
    """Whether the report's method is one the KVU ledger serves."""
    from ..kvu.ledger import serves

    return serves(ctx.method)


def kvu_view(ctx: ReportContext) -> Kvu:
    """The KVU views of the journey a report is made from (a clear error for another method)."""
    from ..kvu.facade import Kvu

    if not is_kvu(ctx):
        what = t("kvurep.what", ctx.lang)
        raise SprintkitError(ctx.s("not_in_method", what=what, method=ctx.loc(ctx.method.name)))
    return Kvu(StateView(ctx.casus, ctx.method, ctx.state))


def _empty(ctx: ReportContext) -> Paragraph:
    return Paragraph(ctx.s("empty"), "small")


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


def _figure(
    ctx: ReportContext,
    draw: Callable[..., Any],
    data: Sequence[Any],
    caption: str,
) -> Figure:
    from ..kvu.plots import figure_size
    from .figures import _new_figure, render_figure

    fig = _new_figure(figure_size(draw, data))
    fig.set_layout_engine("constrained")
    draw(data, ax=fig.add_subplot(), lang=ctx.lang)
    return render_figure(fig, caption, caption)


# -- sections ----------------------------------------------------------------------------------
def _success_factors(ctx: ReportContext, kvu: Kvu) -> Section:
    from ..kvu.ledger import WEAK_SCORE
    from ..kvu.plots import success_factors_plot

    rows = kvu.assessment()
    steps = sorted({s.phase for row in rows for s in row.scores})
    blocks: list[Block] = [Paragraph(_s(ctx, "sf.intro", weak=WEAK_SCORE))]
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
        caption = _s(ctx, "sf.figure")
        blocks.append(_figure(ctx, success_factors_plot, rows, caption))
    else:
        blocks.append(_empty(ctx))
    warnings = kvu.warnings()
    blocks.append(Paragraph(_s(ctx, "sf.warnings"), "lead"))
    if warnings:
        texts = dict.fromkeys(ctx.user(w.text(ctx.lang)) for w in warnings)  # two signals can agree
        blocks.append(Bullets(tuple(texts)))
    else:
        blocks.append(Paragraph(_s(ctx, "sf.no_warnings"), "small"))
    return Section(_s(ctx, "sf.heading"), blocks)


def working_group_section(ctx: ReportContext, kvu: Kvu, level: int = 2) -> Section:
    """The working group checklist: a line per rule with its status and why."""
    lines = kvu.working_group().lines
    heading = _s(ctx, "wg.heading")
    if not lines:
        return Section(heading, [_empty(ctx)], level)
    rows = tuple(
        (_s(ctx, f"wg.{line.status}"), ctx.user(line.text(ctx.lang)), ctx.user(line.why(ctx.lang)))
        for line in lines
    )
    n = {s: sum(line.status == s for line in lines) for s in ("pass", "warn", "fail")}
    summary = _s(ctx, "wg.summary", passed=n["pass"], warned=n["warn"], failed=n["fail"])
    header = (_s(ctx, "wg.status"), _s(ctx, "wg.rule"), _s(ctx, "wg.why"))
    blocks: list[Block] = [
        Paragraph(_s(ctx, "wg.intro")),
        Paragraph(summary),
        Table(header, rows, (0.16, 0.42, 0.42)),
    ]
    return Section(heading, blocks, level)


def _safety_analysis(ctx: ReportContext, kvu: Kvu) -> Section:
    heading = _s(ctx, "sa.heading")
    base = kvu.baseline()
    if not base:
        return Section(heading, [_empty(ctx)])
    sources = {s.key: ctx.loc(s.name) for s in ctx.method.analysis_sources}
    rows = tuple(
        (
            ctx.user(ctx.loc(m.indicator.name)),
            _num(ctx, m.value),
            ctx.user(m.indicator.unit),
            sources.get(m.source or "") or ctx.user(m.indicator.source or "-"),
            _day(ctx, m.date),
        )
        for m in base.values()
    )
    header = tuple(_s(ctx, f"sa.{k}") for k in ("indicator", "value", "unit", "source", "date"))
    blocks: list[Block] = [Table(header, rows, (0.36, 0.1, 0.2, 0.18, 0.16))]
    used, missing = kvu.source_coverage()
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
    return Section(heading, blocks)


def _report_rows(ctx: ReportContext, rows: Sequence[Any]) -> list[Any]:
    """Measure rows with names in their report form (pseudonyms when anonymised)."""
    out = []
    for row in rows:
        name = ctx.user(ctx.loc(row.name))
        owner = ctx.names.party(row.owner) if row.owner else None
        out.append(dataclasses.replace(row, name=Text(nl=name, en=name), owner_name=owner))
    return out


def _measure_row(ctx: ReportContext, row: Any) -> tuple[str, ...]:
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


def _measures(ctx: ReportContext, kvu: Kvu) -> Section:
    from ..kvu.cycle import status_counts
    from ..kvu.plots import progress_matrix_plot

    heading = _s(ctx, "ms.heading")
    rows = _report_rows(ctx, kvu.progress_matrix(include_dropped=True))
    if not rows:
        return Section(heading, [_empty(ctx)])
    keys = ("measure", "category", "owner", "deadline", "budget", "goal", "status", "gokit")
    header = tuple(_s(ctx, f"ms.{k}") for k in keys)
    widths = (0.17, 0.1, 0.13, 0.11, 0.09, 0.2, 0.09, 0.11)
    table = Table(header, tuple(_measure_row(ctx, r) for r in rows), widths)
    counts = ", ".join(
        f"{n} {t(f'kvu.status.{s}', ctx.lang)}" for s, n in status_counts(rows).items() if n
    )
    figure = _figure(ctx, progress_matrix_plot, rows, _s(ctx, "ms.figure"))
    return Section(heading, [table, Paragraph(_s(ctx, "ms.counts", counts=counts)), figure])


def _change(ctx: ReportContext, change: float | None) -> str:
    if change is None:
        return "-"
    value = round(100 * change)
    return f"{'+' if value > 0 else ''}{fmt_number(value, ctx.lang)}%"


def _evaluation(ctx: ReportContext, kvu: Kvu) -> Section:
    from ..kvu.plots import baseline_plot

    heading = _s(ctx, "ev.heading")
    comparisons = kvu.comparison()
    blocks: list[Block] = []
    if comparisons:
        rows = tuple(
            (
                f"{ctx.user(ctx.loc(c.indicator.name))} ({ctx.user(c.indicator.unit)})",
                _num(ctx, c.baseline),
                "; ".join(_num(ctx, v) for v in c.interim) or "-",
                f"{_num(ctx, c.later)} ({t(f'kvu.moment.{c.later_moment}', ctx.lang)})"
                if c.later is not None
                else "-",
                _change(ctx, c.change),
                t(f"kvu.verdict.{c.verdict}", ctx.lang),
            )
            for c in comparisons
        )
        keys = ("indicator", "baseline", "interim", "later", "change", "verdict")
        header = (_s(ctx, "sa.indicator"), *[_s(ctx, f"ev.{k}") for k in keys[1:]])
        blocks.append(Table(header, rows, (0.36, 0.11, 0.13, 0.16, 0.11, 0.13)))
        n = {p: sum(c.verdict == v for c in comparisons) for v, p in _VERDICTS.items()}
        blocks.append(Paragraph(_s(ctx, "ev.summary", **n)))
        if any(c.later is not None for c in comparisons):
            caption = _s(ctx, "ev.figure")
            blocks.append(_figure(ctx, baseline_plot, comparisons, caption))
    judgement = _evaluation_result(ctx).get("samenwerking")
    if judgement:
        blocks += [Paragraph(_s(ctx, "ev.cooperation"), "lead"), Paragraph(ctx.user(judgement))]
    return Section(heading, blocks or [_empty(ctx)])


def _evaluation_result(ctx: ReportContext) -> dict[str, Any]:
    phase = ctx.method.phase_holding("evaluation")
    return ctx.result(phase.number)[0] if phase else {}


def _improvements(ctx: ReportContext) -> Section:
    points = _evaluation_result(ctx).get("verbeterpunten") or []
    blocks: list[Block] = [_empty(ctx)]
    if points:
        blocks = [Paragraph(_s(ctx, "vp.intro")), Bullets(tuple(ctx.user(p) for p in points))]
    return Section(_s(ctx, "vp.heading"), blocks)


def _stage(ctx: ReportContext) -> str:
    phase = ctx.method.phase_holding("evaluation")
    if phase and ctx.state.phase(phase.number).status == "closed":
        return _s(ctx, "stage.evaluated")
    closed = set(ctx.closed_phases())
    current = next((p.number for p in ctx.method.phases if p.number not in closed), None)
    if current is None:
        return _s(ctx, "stage.done")
    return _s(ctx, "stage.running", phase=ctx.phase_title(current))


def voortgang(ctx: ReportContext) -> Report:
    """The progress and evaluation report of a KVU journey (an error for another method).

    Examples:
        >>> from sprintkit.workspace import start_journey
        >>> from sprintkit.store import SQLiteStore
        >>> journey = start_journey("nachtkwartier", store=SQLiteStore(":memory:"))
        >>> report = voortgang(ReportContext.of(journey))
        >>> report.title, report.sections[-1].heading, report.sections[-1].blocks[0].text
        ('Voortgang en evaluatie KVU', 'Verbeterpunten', '(nog niet ingevuld)')
    """
    kvu = kvu_view(ctx)
    area, municipality = ctx.casus.name, ctx.casus.area.municipality
    report = Report(
        kind=RESULT_KEY,
        title=_s(ctx, "title"),
        subtitle=_s(ctx, "subtitle", area=area, municipality=municipality),
        lang=ctx.lang,
        meta=[*ctx.meta(), (_s(ctx, "stage"), _stage(ctx))],
        anonymised=ctx.anonymise,
        header=_s(ctx, "header", casus=ctx.casus.name),
    )
    report.sections = [
        Section(_s(ctx, "intro_heading"), [Paragraph(_s(ctx, "intro"))]),
        _success_factors(ctx, kvu),
        working_group_section(ctx, kvu),
        _safety_analysis(ctx, kvu),
        _measures(ctx, kvu),
        _evaluation(ctx, kvu),
        _improvements(ctx),
    ]
    return report
