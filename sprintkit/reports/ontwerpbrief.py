"""The ontwerpbrief (design brief) of sprint 3: seven parts on one A4, approved by all parties.

The parts come from the method's result fields, in order: the problem as designed, the facts
found, the earlier sprints, the timeline, the impact of the solution, the parties involved (with
each party's approval) and the facilitators. The report carries a warning (for the maker, not
on the page) when the estimate says it does not fit one A4 in the house template, naming the
longest parts to shorten, and when a party has not approved yet.
"""

from __future__ import annotations

from ..errors import SprintkitError
from ..pagefit import FitEstimate, FitPart, PartKind, estimate_fit, fit_warning
from .blocks import Block, Bullets, Paragraph, Report, Section, Table
from .context import ReportContext
from .provenance import provenance_section

__all__ = ["ontwerpbrief", "ontwerpbrief_fit", "fit_parts"]

RESULT_KEY = "ontwerpbrief"


def fit_parts(report: Report) -> list[FitPart]:
    """The parts of a one-page report as the A4 estimate sees them (one block per part)."""
    parts = []
    for section in report.sections:
        texts: list[str] = []
        kind: PartKind = "text"
        for block in section.blocks:
            if isinstance(block, Paragraph):
                texts.append(block.text)
            elif isinstance(block, Bullets):
                texts += block.items
                kind = "list"
            elif isinstance(block, Table):
                texts += [row[0] for row in block.rows]
                kind = "rows"
        parts.append(FitPart(section.heading, tuple(texts), kind))
    return parts


def ontwerpbrief_fit(report: Report) -> FitEstimate:
    """How much of an A4 the ontwerpbrief takes in the house template."""
    return estimate_fit(fit_parts(report), title_lines=2)


def _approved_line(ctx: ReportContext, approvals: dict, approvers: list[str]) -> str:
    parties = list(dict.fromkeys([*approvers, *approvals]))
    done = sum(1 for p in parties if approvals.get(p))
    return ctx.s("ontwerpbrief.approved_count", done=done, total=len(parties))


def ontwerpbrief(ctx: ReportContext) -> Report:
    """The ontwerpbrief of a journey (final once its sprint is closed, else a draft)."""
    phase = ctx.phase_by_result(RESULT_KEY)
    if phase is None:
        raise SprintkitError(
            ctx.s("not_in_method", what=RESULT_KEY, method=ctx.loc(ctx.method.name))
        )
    spec = phase.result
    result, final = ctx.result(phase.number)
    approvals = result.get(spec.approval_field or "") or {}
    approvers = result.get(spec.approvers_field or "") or []
    status = ctx.s("final" if final else "draft")
    subtitle = " · ".join(
        [
            ctx.phase_title(phase.number),
            ctx.casus.area.municipality,
            ctx.date(),
            status,
            _approved_line(ctx, approvals, approvers),
        ]
    )
    report = Report(
        kind=RESULT_KEY,
        title=ctx.s("ontwerpbrief.title", casus=ctx.casus.name),
        subtitle=subtitle,
        lang=ctx.lang,
        compact=True,
        anonymised=ctx.anonymise,
        header=f"{ctx.loc(spec.name)} {ctx.casus.name} · {status}",
    )
    for field in spec.fields:
        if field.key == spec.approval_field:
            continue
        blocks: list[Block]
        if field.key == spec.approvers_field:
            blocks = [ctx.approval_table(approvals, approvers)]
        else:
            blocks = ctx.field_blocks(field, result.get(field.key))
        report.sections.append(Section(ctx.loc(field.label), blocks))
    # only the brief's own phase: the one A4 holds no more than the brief reports on
    marks = provenance_section(ctx, [phase.number], levels=False, rules=False)
    if marks:
        report.sections.append(marks)
    _warn(ctx, report, approvals, approvers, final)
    return report


def _warn(ctx: ReportContext, report: Report, approvals: dict, approvers: list, final: bool):
    warning = fit_warning(ontwerpbrief_fit(report), ctx.lang)
    if warning:
        report.warnings.append(warning)
    waiting = [ctx.names.party(p) for p in approvers if not approvals.get(p)]
    if waiting:
        report.warnings.append(ctx.s("ontwerpbrief.waiting", parties=", ".join(waiting)))
    if not final:
        report.warnings.append(ctx.s("ontwerpbrief.draft"))
