"""The journey report: every closed phase in order, the koppelvlakken, interventions, open points.

The koppelvlakken map and analysis come from :mod:`sprintkit.analysis` and
:mod:`sprintkit.plots`, over the casus' known interventions plus the journey's own ideas,
prototypes and measures. In anonymised mode the graph's labels are scrubbed before anything is
drawn or analysed, so names cannot reach the map either.
"""

from __future__ import annotations

from typing import Any

from ..engine.gate import gaps
from ..i18n import t
from ..model import Actor, ActorKind, Environment
from .blocks import Block, Bullets, Figure, Paragraph, Report, Section, Table
from .context import ReportContext
from .figures import environment_map_figure, glijbaan_figure, plain
from .guidance import glijbaan_credit_blocks, past_intervention_blocks
from .provenance import level_notices, phase_notices, provenance_section
from .sprint import result_sections, workform_name

__all__ = ["journey_report", "report_graph", "glijbaan_actors"]


def report_graph(ctx: ReportContext) -> Any:
    """The koppelvlakken graph of the journey, with labels as the report shows them.

    Dropped ideas are in it for the map (grey, without arrows); the analysis leaves them out.
    """
    from ..analysis import build_graph

    G = build_graph(ctx.casus, ctx.interventions(), dropped=ctx.interventions(plan=False))
    for _, data in G.nodes(data=True):
        for key in ("label", "label_nl", "label_en"):
            if isinstance(data.get(key), str):
                data[key] = ctx.user(data[key])
    return G


def glijbaan_actors(ctx: ReportContext) -> list[Actor]:
    """Everyone placed on the glijbaan in the journey, with their report name and positions."""
    positions: dict[str, dict[int, int]] = {}
    for number in sorted(ctx.state.phases):
        for actor, level in ctx.state.phase(number).glijbaan.items():
            positions.setdefault(actor, {})[number] = level
    out = []
    for i, (actor_id, levels) in enumerate(positions.items()):
        known = ctx.names.people.get(actor_id)
        kind = known.kind if known else ActorKind.OTHER
        name = plain(ctx.names.person(actor_id))
        out.append(Actor(id=f"p{i}", name=name, kind=kind, glijbaan=levels))
    return out


def _overview(ctx: ReportContext) -> Section:
    rows = []
    for phase in ctx.method.phases:
        status = ctx.state.phase(phase.number).status
        rows.append(
            (
                str(phase.number),
                ctx.loc(phase.name),
                ctx.s(f"phase.{status}"),
                ctx.loc(phase.result.name),
            )
        )
    header = (
        ctx.s("journey.nr"),
        ctx.noun.capitalize(),
        ctx.s("meta.status"),
        ctx.s("journey.result"),
    )
    intro = Paragraph(ctx.user(ctx.loc(ctx.casus.description)))
    disclaimer: list[Block] = []
    if ctx.casus.disclaimer:  # a fictional case says so wherever its report goes
        disclaimer.append(Paragraph(ctx.loc(ctx.casus.disclaimer), "small"))
    table = Table(header, tuple(rows), (0.08, 0.42, 0.18, 0.32))
    return Section(ctx.s("journey.overview"), [intro, *disclaimer, table])


def _past(ctx: ReportContext) -> list[Section]:
    """The casus' earlier approaches and their lessons (key factor 'learning from the past')."""
    if not ctx.casus.past_interventions:
        return []
    blocks = past_intervention_blocks(ctx.casus, ctx.lang)[1:]  # the heading says what it is
    return [Section(t("guide.past_intro", ctx.lang), blocks)]


def _phase_sections(ctx: ReportContext, number: int) -> list[Section]:
    phase = ctx.method.phase(number)
    runs = [workform_name(ctx, r.workform) for r in ctx.state.runs_of(number)]
    blocks: list[Block] = [Paragraph(ctx.loc(phase.goal)), *phase_notices(ctx, number)]
    if runs:
        blocks.append(Paragraph(ctx.s("journey.workforms", names=", ".join(runs)), "small"))
    return [Section(ctx.phase_title(number), blocks), *result_sections(ctx, number)]


def _env(ctx: ReportContext, env: str) -> str:
    return Environment(env).label(ctx.lang)


def _koppelvlakken(ctx: ReportContext) -> list[Section]:
    from ..analysis import analyse

    G = report_graph(ctx)
    r = analyse(G, ctx.lang)
    caption = ctx.s("journey.fig_map", casus=ctx.casus.name)

    def draw() -> Figure:
        drawn = G.copy()
        for _, data in drawn.nodes(data=True):
            data.update({k: plain(v) for k, v in data.items() if k.startswith("label")})
        return environment_map_figure(drawn, caption, ctx.s("journey.fig_map_alt"), ctx.lang)

    figure = ctx.figure("journey.map", draw)
    counts = ctx.s(
        "journey.kv_counts",
        interventions=r.interventions,
        indicators=r.indicators,
        effects=r.effects,
        koppelvlak=r.koppelvlak_effects,
    )
    labels = {
        n: ctx.user(G.nodes[f"iv:{n}"]["label"]) for n in (x.intervention for x in r.leverage)
    }
    rows = tuple(
        (
            f"{_env(ctx, p.source)} → {_env(ctx, p.target)}",
            str(p.effects),
            f"{p.positive}/{p.negative}",
            "; ".join(labels.get(iv, iv) for iv in p.interventions),
        )
        for p in r.koppelvlakken.pairs
    )
    header = tuple(ctx.s(f"journey.kv.{k}") for k in ("route", "effects", "signs", "interventions"))
    blocks: list[Block] = [figure, Paragraph(counts), Table(header, rows, (0.3, 0.1, 0.1, 0.5))]
    lever = tuple(f"{x.label}: {ctx.user(x.reason)}" for x in r.leverage[:5])
    return [
        Section(ctx.s("journey.koppelvlakken"), blocks),
        Section(
            ctx.s("journey.leverage"), [Bullets(lever) if lever else Paragraph(ctx.s("none"))], 3
        ),
        Section(ctx.s("journey.gaps"), [_gap_list(ctx, r, labels)], 3),
    ]


def _gap_list(ctx: ReportContext, r: Any, labels: dict[str, str]) -> Block:
    items = [
        ctx.s("journey.no_intervention", env=_env(ctx, e))
        for e in r.coverage.environments_without_intervention
    ]
    items += [
        ctx.s("journey.uncovered", indicator=g.label, env=_env(ctx, g.environment))
        for g in r.coverage.uncovered_worsening
    ]
    items += [
        ctx.s(
            "journey.side_effect",
            intervention=s.label,
            target=s.target_label or _env(ctx, s.target_environment),
        )
        for s in r.conflicts.side_effects
    ]
    items += [ctx.s("journey.opposite", target=c.label) for c in r.conflicts.opposite]
    return Bullets(tuple(ctx.user(i) for i in items)) if items else Paragraph(ctx.s("none"))


def _open_points(ctx: ReportContext) -> Section:
    people = {
        **{a: ctx.names.party(a) for a in ctx.names.people},
        **{o: ctx.names.party(o) for o in ctx.names.orgs},
    }
    items = []
    for phase in ctx.method.phases:
        state = ctx.state.phase(phase.number)
        if state.status == "closed":
            continue
        found = gaps(ctx.method, phase.number, state.result, state.key_factor_notes, people)
        items.append(
            ctx.s("journey.open_phase", phase=ctx.phase_title(phase.number), count=len(found))
        )
        items += [f"{ctx.phase_title(phase.number)}: {g.label(ctx.lang)}" for g in found[:8]]
    for iv in ctx.interventions():
        if not iv.owner and iv.status != "stopped":
            items.append(ctx.s("journey.no_owner", intervention=ctx.user(ctx.loc(iv.name))))
    block: Block = Bullets(tuple(items)) if items else Paragraph(ctx.s("journey.nothing_open"))
    return Section(ctx.s("journey.open_points"), [block])


def journey_report(ctx: ReportContext) -> Report:
    """The report of a whole journey."""
    report = Report(
        kind="journey",
        title=ctx.s("journey.title", casus=ctx.casus.name),
        subtitle=ctx.loc(ctx.method.name),
        lang=ctx.lang,
        meta=ctx.meta(),
        anonymised=ctx.anonymise,
        header=ctx.s("journey.title", casus=ctx.casus.name),
    )
    report.sections.append(_overview(ctx))
    for number in ctx.closed_phases():
        report.sections += _phase_sections(ctx, number)
    report.sections += _koppelvlakken(ctx)
    report.sections += _past(ctx)
    actors = glijbaan_actors(ctx)
    if actors:
        caption = ctx.s("journey.fig_glijbaan")
        figure = ctx.figure(
            "journey.glijbaan",
            lambda: glijbaan_figure(actors, ctx.method, caption, caption, ctx.lang),
        )
        credit = glijbaan_credit_blocks(ctx.method, ctx.lang)
        blocks = [figure, *level_notices(ctx), *credit]
        report.sections.append(Section(ctx.s("journey.glijbaan"), blocks))
    interventions = ctx.interventions()
    block: Block = (
        ctx.intervention_table(interventions) if interventions else Paragraph(ctx.s("none"))
    )
    report.sections.append(Section(ctx.s("journey.interventions"), [block]))
    report.sections.append(_open_points(ctx))
    marks = provenance_section(ctx)
    if marks:
        report.sections.append(marks)
    if not ctx.closed_phases():
        report.warnings.append(ctx.s("journey.nothing_closed"))
    return report
