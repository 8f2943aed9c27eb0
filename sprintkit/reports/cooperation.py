"""The cooperation report: the by-catch of joint sessions, made visible.

Which parties and kinds of actors took part in which sessions, who contributed (counts only,
never quotes), which organisations worked together on which interventions (with a small
network figure), how commitment and the glijbaan moved over the phases, and which agreements
were made and kept. The counting lives in :mod:`sprintkit.reports.cooperation_data`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from ..i18n import t
from .blocks import Block, Bullets, Paragraph, Report, Section, Table
from .context import ReportContext
from .cooperation_data import (
    Contribution,
    agreements,
    co_working,
    contributions,
    glijbaan_moves,
    on_roster,
    roster_counts,
    trainees,
)
from .cooperation_training import training_contributions, training_sections
from .figures import levels_figure, network_figure
from .own_orgs import OwnOrgs
from .provenance import provenance_section
from .sprint import level_names

__all__ = ["cooperation_report"]

#: Key factors about commitment whose notes show how it developed (wijkaanpak).
COMMITMENT_FACTORS = ("betrokkenheid",)


def _group(ctx: ReportContext, person: str) -> str:
    """The party a contributor counts for: their organisation, else their kind of actor."""
    org = ctx.names.organisation_of(person)
    if org:
        return ctx.names.party(org)
    actor = ctx.names.actor_of(person)
    kind = actor.kind.value if actor else "other"
    return ctx.s("coop.without_org", kind=ctx.kind_label(kind))


def _kind(ctx: ReportContext, person: str) -> str:
    actor = ctx.names.actor_of(person)
    return ctx.kind_label(actor.kind.value if actor else "other")


def _matrix(ctx: ReportContext, found: dict[str, Contribution], key, title: str) -> Table:
    # every phase that held a session, also one whose canvases record no names (sprint 2's
    # empathy map and customer journey are drawn together): a column, never left out
    phases = sorted({p for c in found.values() for p in c.phases} | _session_phases(ctx))
    cells: dict[str, Counter[int]] = {}
    for person, c in found.items():
        for phase in c.phases:
            cells.setdefault(key(ctx, person), Counter())[phase] += 1
    rows = tuple(
        (name, *(str(cells[name][p] or "") for p in phases))
        for name in sorted(cells, key=lambda n: (-len(cells[n]), n))
    )
    header = (title, *(f"{ctx.noun[:1].upper()}{p}" for p in phases))
    return Table(header, rows)


def _session_phases(ctx: ReportContext) -> set[int]:
    return {run.phase for run in ctx.state.runs.values()}


def _roster_lines(ctx: ReportContext, off_roster: int) -> list[Block]:
    """How many people and organisations the roster holds, and what it left out."""
    if not ctx.state.roster:
        return []
    people, orgs = roster_counts(ctx.state.roster)
    words = {
        "people": t("roster.count", ctx.lang, count=people),
        "orgs": ctx.s("coop.roster_orgs", count=orgs),
    }
    lines: list[Block] = [Paragraph(ctx.s("coop.roster", **words))]
    if off_roster:
        lines.append(Paragraph(ctx.s("coop.off_roster", count=off_roster), "small"))
    return lines


def _participation(
    ctx: ReportContext, found: dict[str, Contribution], off_roster: int = 0
) -> list[Section]:
    intro = Paragraph(ctx.s("coop.participation_intro", noun=ctx.noun))
    parties = _matrix(ctx, found, _group, ctx.s("party"))
    kinds = _matrix(ctx, found, _kind, ctx.s("coop.kind"))
    return [
        Section(ctx.s("coop.participation"), [*_roster_lines(ctx, off_roster), intro, parties]),
        Section(ctx.s("coop.kinds"), [kinds], 3),
    ]


def _contributors(
    ctx: ReportContext, found: dict[str, Contribution], group: Callable[[str], str] | None = None
) -> Section:
    """The ranking of people by contributions (``group``: the party shown beside each)."""
    party = group or (lambda person: _group(ctx, person))
    ordered = sorted(found.values(), key=lambda c: (-c.total, ctx.names.person(c.person)))
    rows = tuple(
        (
            ctx.names.person(c.person),
            party(c.person),
            *(str(n) for n in (c.notes, c.votes, c.objections, c.consents, c.items, c.total)),
        )
        for c in ordered
    )
    keys = ("who", "party", "notes", "votes", "objections", "consents", "items", "total")
    header = tuple(ctx.s(f"coop.col.{k}") for k in keys)
    blocks: list[Block] = [
        Paragraph(ctx.s("coop.contributors_intro")),
        Table(header, rows, (0.2, 0.26, 0.09, 0.09, 0.09, 0.09, 0.09, 0.09)),
    ]
    return Section(ctx.s("coop.contributors"), blocks)


def _together(ctx: ReportContext) -> Section:
    interventions = ctx.interventions()
    per_iv, pairs = co_working(interventions, ctx.names.organisation_of)
    names = {iv.id: ctx.user(ctx.loc(iv.name)) for iv in interventions}
    if not pairs:
        return Section(ctx.s("coop.together"), [Paragraph(ctx.s("coop.no_pairs"))])
    orgs = sorted({o for pair in pairs for o in pair}, key=ctx.names.party)
    edges = [(ctx.names.party(a), ctx.names.party(b), len(ivs)) for (a, b), ivs in pairs.items()]
    caption = ctx.s("coop.fig_network")
    figure = ctx.figure(
        "coop.network",
        lambda: network_figure([ctx.names.party(o) for o in orgs], edges, caption, caption),
    )
    rows = tuple(
        (names[iv], ", ".join(ctx.names.party(o) for o in orgs_of) or "-")
        for iv, orgs_of in per_iv.items()
    )
    table = Table((ctx.s("intervention"), ctx.s("organisations")), rows, (0.45, 0.55))
    ranked = sorted(pairs.items(), key=lambda p: (-len(p[1]), p[0]))[:10]
    top = tuple(
        ctx.s("coop.pair", a=ctx.names.party(a), b=ctx.names.party(b), count=len(ivs))
        for (a, b), ivs in ranked
    )
    intro = Paragraph(ctx.s("coop.together_intro", orgs=len(orgs), count=len(pairs)))
    return Section(ctx.s("coop.together"), [intro, figure, Bullets(top), table])


def _commitment(ctx: ReportContext) -> Section:
    levels, moves = glijbaan_moves(ctx.state)
    blocks: list[Block] = []
    if levels:
        names = level_names(ctx)
        counts = {
            f"{ctx.noun.capitalize()} {n}": (c[1], c[2], c[3]) for n, c in sorted(levels.items())
        }
        caption = ctx.s("coop.fig_levels")
        blocks.append(
            ctx.figure("coop.levels", lambda: levels_figure(counts, names, caption, caption))
        )
        blocks.append(
            Paragraph(ctx.s("coop.moves", down=moves["down"], same=moves["same"], up=moves["up"]))
        )
    factors = [f for f in ctx.method.key_factors if f.key in COMMITMENT_FACTORS]
    for factor in factors:
        rows = tuple(
            (ctx.phase_title(n), ctx.user(ctx.state.phase(n).key_factor_notes[factor.key]))
            for n in sorted(ctx.state.phases)
            if ctx.state.phase(n).key_factor_notes.get(factor.key)
        )
        if rows:
            blocks.append(Paragraph(ctx.s("coop.factor_notes", factor=ctx.loc(factor.name))))
            blocks.append(
                Table((ctx.noun.capitalize(), ctx.s("sprint.note_header")), rows, (0.25, 0.75))
            )
    return Section(ctx.s("coop.commitment"), blocks or [Paragraph(ctx.s("none"))])


def _agreements(ctx: ReportContext) -> Section:
    results = {p.number: ctx.result(p.number)[0] for p in ctx.method.phases}
    interventions = ctx.interventions()
    found = agreements(ctx.method, ctx.state, results, interventions)
    names = {iv.id: ctx.user(ctx.loc(iv.name)) for iv in interventions}
    rows = []
    for a in found:
        if a.kind == "document":
            what = ctx.loc(ctx.method.phase(a.phase).result.name)
            who = ctx.s("coop.n_parties", count=len(a.parties))
        elif a.kind == "decision":
            what, who = ctx.s("coop.decision"), ctx.s("coop.n_people", count=len(a.parties))
        else:
            what = names.get(a.key, a.key)
            who = ", ".join(ctx.names.party(p) for p in a.parties)
        made = ctx.phase_title(a.phase) if a.phase else "-"
        rows.append((what, made, who, ctx.s(f"coop.status.{a.status}")))
    counts = Counter(a.status for a in found if a.kind == "intervention")
    summary = ctx.s(
        "coop.kept_summary", kept=counts["kept"], open=counts["open"], broken=counts["broken"]
    )
    header = tuple(ctx.s(f"coop.agreement.{k}") for k in ("what", "made", "who", "status"))
    blocks: list[Block] = [Paragraph(summary), Table(header, tuple(rows), (0.34, 0.2, 0.31, 0.15))]
    return Section(ctx.s("coop.agreements"), blocks if rows else [Paragraph(ctx.s("none"))])


def _ranking(
    ctx: ReportContext,
    found: dict[str, Contribution],
    ranking: bool,
    group: Callable[[str], str] | None = None,
) -> list[Section]:
    """The ranking of people by contributions, or a line that it is off (the report option)."""
    if not found:
        return []
    if ranking:
        return [_contributors(ctx, found, group)]
    off = Paragraph(ctx.s("coop.ranking_off"), "small")
    return [Section(ctx.s("coop.contributors"), [off])]


def _add_journey_sections(ctx: ReportContext, report: Report, ranking: bool) -> None:
    """Participation by casus party, the ranking, and the organisations on interventions."""
    # with a roster, people are counted from it: a typed name that fits nobody is no participant
    found, off_roster = on_roster(contributions(ctx.state), ctx.state.roster)
    if found:
        report.sections += _participation(ctx, found, off_roster)
        report.sections += _ranking(ctx, found, ranking)
    else:
        report.sections.append(
            Section(ctx.s("coop.participation"), [Paragraph(ctx.s("coop.nobody"))])
        )
    report.sections += [_together(ctx), _commitment(ctx), _agreements(ctx)]


def cooperation_report(ctx: ReportContext) -> Report:
    """The cooperation report of a journey; in a training, by the trainees' own organisations.

    The report option ``ranking`` (``ctx.options``) turns the ranking of people by their
    contributions on or off; by default it is on, and off in a training.
    """
    report = Report(
        kind="cooperation",
        title=ctx.s("coop.title", casus=ctx.casus.name),
        subtitle=ctx.loc(ctx.method.name),
        lang=ctx.lang,
        meta=ctx.meta(),
        anonymised=ctx.anonymise,
        header=ctx.s("coop.title", casus=ctx.casus.name),
    )
    # in a training the people play casus actors: their own organisations are what counts
    training = bool(trainees(ctx.state.roster))
    ranking = ctx.options.get("ranking")
    ranking = not training if ranking is None else bool(ranking)
    why: list[Block] = [Paragraph(ctx.s("coop.intro"))]
    if training:
        why.append(Paragraph(ctx.s("coop.training_intro")))
    report.sections.append(Section(ctx.s("coop.why"), why))
    if training:
        report.sections += training_sections(ctx)
        found = training_contributions(ctx)[0]
        report.sections += _ranking(ctx, found, ranking, OwnOrgs(ctx).of)
        report.sections += [_commitment(ctx), _agreements(ctx)]
    else:
        _add_journey_sections(ctx, report, ranking)
    levels = bool(glijbaan_moves(ctx.state)[0])
    marks = provenance_section(ctx, ctx.active_phases(), levels=levels, rules=False)
    if marks:
        report.sections.append(marks)
    return report
