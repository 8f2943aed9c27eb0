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

from typing import TYPE_CHECKING, Any

from ..engine.view import StateView
from ..errors import SprintkitError
from ..i18n import t
from . import kvu_blocks as kb
from .blocks import Block, Bullets, Paragraph, Report, Section, Table
from .context import ReportContext
from .provenance import provenance_section

if TYPE_CHECKING:  # pragma: no cover
    from ..kvu.facade import Kvu

__all__ = ["voortgang", "working_group_section", "kvu_view", "is_kvu", "RESULT_KEY"]

RESULT_KEY = "voortgang"


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


# -- sections (the blocks of each read model come from kvu_blocks) -----------------------------
def _success_factors(ctx: ReportContext, kvu: Kvu) -> Section:
    from ..kvu.ledger import WEAK_SCORE

    blocks: list[Block] = [Paragraph(_s(ctx, "sf.intro", weak=WEAK_SCORE))]
    found = kb.success_factor_blocks(ctx, kvu, figure=True)
    if not any(isinstance(b, Table) for b in found):
        blocks.append(_empty(ctx))
    return Section(_s(ctx, "sf.heading"), blocks + found)


def working_group_section(ctx: ReportContext, kvu: Kvu, level: int = 2) -> Section:
    """The working group checklist: a line per rule with its status and why."""
    found = kb.working_group_blocks(ctx, kvu.working_group())
    blocks: list[Block] = [Paragraph(_s(ctx, "wg.intro")), *found] if found else [_empty(ctx)]
    return Section(_s(ctx, "wg.heading"), blocks, level)


def _safety_analysis(ctx: ReportContext, kvu: Kvu) -> Section:
    table = kb.measurement_blocks(ctx, kvu, baseline=True)
    blocks: list[Block] = [*table, *kb.coverage_blocks(ctx, kvu)] if table else [_empty(ctx)]
    return Section(_s(ctx, "sa.heading"), blocks)


def _measures(ctx: ReportContext, kvu: Kvu) -> Section:
    blocks = kb.measure_blocks(ctx, kvu, include_dropped=True, figure=True)
    return Section(_s(ctx, "ms.heading"), blocks or [_empty(ctx)])


def _evaluation(ctx: ReportContext, kvu: Kvu) -> Section:
    blocks = kb.comparison_blocks(ctx, kvu, figure=True)
    judgement = _evaluation_result(ctx).get("samenwerking")
    if judgement:
        blocks += [Paragraph(_s(ctx, "ev.cooperation"), "lead"), Paragraph(ctx.user(judgement))]
    return Section(_s(ctx, "ev.heading"), blocks or [_empty(ctx)])


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
        >>> points = next(s for s in report.sections if s.heading == "Verbeterpunten")
        >>> report.title, points.blocks[0].text, report.sections[-1].heading
        ('Voortgang en evaluatie KVU', '(nog niet ingevuld)', 'Herkomst van de inhoud')
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
    marks = provenance_section(ctx, levels=False)
    if marks:
        report.sections.append(marks)
    return report
