"""The sprint report (a step report for the KVU): one phase, what was done and what came out.

Goal and guiding questions, the work forms run (planned against actual minutes), what each
produced (notes by cluster with votes, canvases), the key factor notes, the glijbaan and the
phase result, with small figures where there is something to count.
"""

from __future__ import annotations

from collections import Counter

from .. import catalogue
from ..errors import SprintkitError
from ..model import WorkFormSpec
from .blocks import Block, Bullets, Paragraph, Report, Section, Table
from .canvases import clusters, run_blocks
from .context import ReportContext
from .figures import bar_figure
from .guidance import glijbaan_credit_blocks
from .provenance import level_notices, phase_notices, result_notices

__all__ = ["sprint_report", "result_sections", "default_phase", "level_names", "workform_name"]


def default_phase(ctx: ReportContext) -> int:
    """The phase a sprint report is about when none is given: the last one with activity."""
    active = ctx.active_phases()
    return active[-1] if active else 1


def level_names(ctx: ReportContext) -> list[str]:
    """Names of glijbaan levels 1-3 (the method's, or the general ones)."""
    own = {lv.position: ctx.loc(lv.name) for lv in ctx.method.glijbaan}
    return [own.get(n) or ctx.s(f"level.{n}") for n in (1, 2, 3)]


def result_sections(ctx: ReportContext, number: int, level: int = 3) -> list[Section]:
    """One section per field of a phase result, in the method's order."""
    spec = ctx.method.phase(number).result
    result, _ = ctx.result(number)
    approvers = result.get(spec.approvers_field or "") or []
    sections = [
        Section(ctx.loc(f.label), ctx.field_blocks(f, result.get(f.key), approvers), level)
        for f in spec.fields
    ]
    marks = result_notices(ctx, number)
    if sections and marks:
        sections[0].blocks[:0] = marks
    return sections


def workform_name(ctx: ReportContext, slug: str) -> str:
    """The name of a work form (its slug when it is no longer installed)."""
    spec = _spec(ctx, slug)
    return ctx.loc(spec.name) if spec else slug


def _spec(ctx: ReportContext, slug: str) -> WorkFormSpec | None:
    if ctx.workforms is not None and slug in ctx.workforms:
        return ctx.workforms[slug]
    try:
        return catalogue.get(slug, ctx.casus)
    except Exception:  # a work form uninstalled since the session: still report
        return None


def _workforms(ctx: ReportContext, number: int) -> Section:
    rows, planned, actual = [], [], []
    for run in ctx.state.runs_of(number):
        spec = _spec(ctx, run.workform)
        name = ctx.loc(spec.name) if spec else run.workform
        guide = spec.duration_minutes if spec else None
        if run.planned_minutes is not None:
            plan_text, plan = str(run.planned_minutes), float(run.planned_minutes)
        elif guide is not None:
            plan_text, plan = ctx.s("sprint.guide", low=guide.min, high=guide.max), float(guide.max)
        else:
            plan_text, plan = "-", 0.0
        done = f"{run.actual_minutes:g}" if run.actual_minutes is not None else "-"
        rows.append((name, plan_text, done))
        planned.append((name, plan))
        actual.append((name, float(run.actual_minutes or 0)))
    header = (ctx.s("sprint.workform"), ctx.s("sprint.planned"), ctx.s("sprint.actual"))
    blocks: list[Block] = [Table(header, tuple(rows), (0.5, 0.3, 0.2))]
    if not rows:
        blocks = [Paragraph(ctx.s("sprint.no_runs"), "small")]
    if any(v for _, v in actual):
        caption = ctx.s("sprint.fig_minutes")
        blocks.append(
            ctx.figure(
                f"sprint.{number}.minutes",
                lambda: bar_figure(
                    planned, ctx.s("sprint.minutes"), caption, caption, second=actual
                ),
            )
        )
    return Section(ctx.s("sprint.workforms"), blocks)


def _produced(ctx: ReportContext, number: int) -> list[Section]:
    sections = [Section(ctx.s("sprint.produced"), [])]
    votes: Counter[str] = Counter()
    for run in ctx.state.runs_of(number):
        spec = _spec(ctx, run.workform)
        name = ctx.loc(spec.name) if spec else run.workform
        blocks: list[Block] = (
            run_blocks(ctx, run, spec) if spec else [Paragraph(ctx.s("empty"), "small")]
        )
        sections.append(Section(name, blocks, 3))
        if run.notes:
            for cluster, notes in clusters(ctx, run):
                votes[cluster] += sum(v for _, v in notes)
    if sum(votes.values()):
        caption = ctx.s("sprint.fig_votes")
        bars = [(name, float(n)) for name, n in votes.most_common(12) if n]
        sections[0].blocks.append(
            ctx.figure(
                f"sprint.{number}.votes",
                lambda: bar_figure(bars, ctx.s("sprint.votes"), caption, caption),
            )
        )
    return sections


def _key_factors(ctx: ReportContext, number: int) -> Section | None:
    if not ctx.method.key_factors:
        return None
    notes = ctx.state.phase(number).key_factor_notes
    rows = tuple(
        (ctx.loc(f.name), ctx.user(notes[f.key]) if notes.get(f.key) else ctx.s("empty"))
        for f in ctx.method.key_factors
    )
    table = Table((ctx.s("sprint.factor"), ctx.s("sprint.note_header")), rows, (0.25, 0.75))
    return Section(ctx.s("sprint.key_factors"), [table])


def _glijbaan(ctx: ReportContext, number: int) -> Section | None:
    positions = ctx.state.phase(number).glijbaan
    if not positions:
        return None
    names = level_names(ctx)
    ordered = sorted(positions.items(), key=lambda item: (-item[1], ctx.names.party(item[0])))
    rows = tuple((ctx.names.party_long(a), names[p - 1]) for a, p in ordered)
    counts = Counter(positions.values())
    bars = [(names[n - 1], float(counts.get(n, 0))) for n in (1, 2, 3)]
    caption = ctx.s("sprint.fig_glijbaan")
    return Section(
        ctx.s("sprint.glijbaan"),
        [
            Paragraph(ctx.s("sprint.glijbaan_intro")),
            ctx.figure(
                f"sprint.{number}.glijbaan",
                lambda: bar_figure(bars, ctx.s("sprint.people"), caption, caption),
            ),
            Table((ctx.s("party"), ctx.s("sprint.position")), rows, (0.65, 0.35)),
            *glijbaan_credit_blocks(ctx.method, ctx.lang),
            *level_notices(ctx),
        ],
    )


def sprint_report(ctx: ReportContext, number: int | None = None) -> Report:
    """The report of one phase (sprint or step) of a journey."""
    number = number or default_phase(ctx)
    try:
        phase = ctx.method.phase(number)
    except IndexError:
        n = len(ctx.method.phases)
        raise SprintkitError(ctx.s("no_such_phase", noun=ctx.noun, number=number, n=n)) from None
    _, final = ctx.result(number)
    report = Report(
        kind="sprint",
        title=ctx.s("sprint.title", phase=ctx.phase_title(number)),
        subtitle=ctx.casus.name,
        lang=ctx.lang,
        meta=ctx.meta(final),
        anonymised=ctx.anonymise,
        header=f"{ctx.casus.name} · {ctx.phase_title(number)}",
    )
    goal: list[Block] = [Paragraph(ctx.loc(phase.goal)), *phase_notices(ctx, number)]
    if phase.guiding_questions:
        goal.append(Bullets(tuple(ctx.loc(q) for q in phase.guiding_questions)))
    report.sections.append(Section(ctx.s("sprint.goal"), goal))
    report.sections.append(_workforms(ctx, number))
    report.sections += _produced(ctx, number)
    report.sections += [s for s in (_key_factors(ctx, number), _glijbaan(ctx, number)) if s]
    report.sections.append(Section(ctx.s("sprint.result", name=ctx.loc(phase.result.name)), []))
    report.sections += result_sections(ctx, number)
    if not final:
        report.warnings.append(ctx.s("draft_warning", phase=ctx.phase_title(number)))
    return report
