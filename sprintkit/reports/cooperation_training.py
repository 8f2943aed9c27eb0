"""The cooperation report of a training: the trainees' own organisations, not the casus'.

In a training the people in the room play casus actors; what the blog behind sprintkit wants
them to take home is knowing each other's *real* ways of working. So the report counts the
trainees' own organisations: who took part in which phase, who played whom (and how many
played another kind of organisation than their own), which own organisations worked together
in the same sessions (with a network figure), and what they wrote in 'Wie doet wat?'. Only
sessions the group held count: runs filled from demo input for skipped phases (``stand_in``)
are left out, and so are casus roles nobody played.
"""

from __future__ import annotations

from collections import Counter

from ..model.state import PersonState
from .blocks import Block, Bullets, Paragraph, Section, Table
from .context import ReportContext
from .cooperation_data import Contribution, contributions, on_roster, own_orgs_together, trainees
from .figures import network_figure
from .own_orgs import OwnOrgs
from .tvb import tvb_sections

__all__ = ["training_sections", "training_contributions"]


def training_contributions(ctx: ReportContext) -> tuple[dict[str, Contribution], int]:
    """The trainees' contributions in sessions the group held, and how many came from others."""
    found, off = on_roster(contributions(ctx.state, stand_ins=False), ctx.state.roster)
    people = trainees(ctx.state.roster)
    others = sum(c.total for person, c in found.items() if person not in people)
    return {p: c for p, c in found.items() if p in people}, off + others


def _participation(ctx: ReportContext, orgs: OwnOrgs, found: dict[str, Contribution]) -> Section:
    people = trainees(ctx.state.roster)
    words = {
        "people": ctx.s_any("roster.count", count=len(people)),
        "orgs": ctx.s("coop.own_orgs", count=len({orgs.of(i) for i in people})),
    }
    blocks: list[Block] = [Paragraph(ctx.s("coop.trainees", **words))]
    _, others = training_contributions(ctx)
    if others:
        blocks.append(Paragraph(ctx.s("coop.not_trainees", count=others), "small"))
    stand_ins = sum(1 for r in ctx.state.runs.values() if r.stand_in)
    if stand_ins:
        blocks.append(Paragraph(ctx.s("coop.stand_ins", count=stand_ins), "small"))
    phases = sorted({p for c in found.values() for p in c.phases})
    cells: dict[str, Counter[int]] = {}
    for person, c in found.items():
        for phase in c.phases:
            cells.setdefault(orgs.of(person), Counter())[phase] += 1
    rows = tuple(
        (name, *(str(cells[name][p] or "") for p in phases))
        for name in sorted(cells, key=lambda n: (-sum(cells[n].values()), n))
    )
    header = (ctx.s("coop.own_org"), *(f"{ctx.noun[:1].upper()}{p}" for p in phases))
    blocks.append(Paragraph(ctx.s("coop.own_participation_intro", noun=ctx.noun)))
    blocks.append(Table(header, rows))
    return Section(ctx.s("coop.participation"), blocks)


def _different_kind(ctx: ReportContext, person: PersonState) -> bool:
    actor = ctx.names.actor_of(person.id)
    if actor is None:
        return False
    org = ctx.names.orgs.get(actor.organisation or "")
    return org is None or org.kind.value != person.own_kind


def _roles(ctx: ReportContext, orgs: OwnOrgs) -> Section:
    people = list(trainees(ctx.state.roster).values())
    rows = []
    for p in people:
        actor = ctx.names.actor_of(p.id)
        played = ctx.s("coop.no_role")
        if actor is not None:
            org = ctx.names.orgs.get(actor.organisation or "")
            where = org.name if org else ctx.kind_label(actor.kind.value)
            played = f"{ctx.names.person(actor.id)} ({where})"
        rows.append((ctx.names.person(p.id), orgs.label(p), orgs.kind(p), played))
    header = (
        ctx.s("coop.col.who"),
        ctx.s("coop.own_org"),
        ctx.s("coop.col.kind"),
        ctx.s("coop.col.plays"),
    )
    other = sum(_different_kind(ctx, p) for p in people)
    blocks: list[Block] = [
        Paragraph(ctx.s("coop.roles_intro")),
        Table(header, tuple(rows), (0.22, 0.28, 0.16, 0.34)),
        Paragraph(ctx.s("coop.other_kind", count=other, total=len(people))),
    ]
    return Section(ctx.s("coop.roles"), blocks)


def _sessions(ctx: ReportContext, orgs: OwnOrgs) -> Section:
    per_run, pairs = own_orgs_together(ctx.state, ctx.state.roster, orgs.of)
    if not pairs:
        return Section(ctx.s("coop.sessions"), [Paragraph(ctx.s("coop.no_session_pairs"))])
    nodes = sorted({o for pair in pairs for o in pair})
    edges = [(a, b, len(runs)) for (a, b), runs in pairs.items()]
    caption = ctx.s("coop.fig_sessions")
    figure = ctx.figure("coop.own_network", lambda: network_figure(nodes, edges, caption, caption))
    ranked = sorted(pairs.items(), key=lambda p: (-len(p[1]), p[0]))[:10]
    top = tuple(ctx.s("coop.session_pair", a=a, b=b, count=len(r)) for (a, b), r in ranked)
    intro = ctx.s(
        "coop.sessions_intro",
        orgs=ctx.s("coop.own_orgs", count=len(nodes)),
        pairs=ctx.s("coop.pairs", count=len(pairs)),
    )
    rows = []
    for run_id, found in per_run.items():
        run = ctx.state.runs[run_id]
        spec = (ctx.workforms or {}).get(run.workform)
        name = ctx.loc(spec.name) if spec else run.workform
        rows.append((f"{name} ({ctx.phase_title(run.phase)})", ", ".join(found)))
    table = Table((ctx.s("coop.col.session"), ctx.s("coop.own_org")), tuple(rows), (0.45, 0.55))
    return Section(ctx.s("coop.sessions"), [Paragraph(intro), figure, Bullets(top), table])


def training_sections(ctx: ReportContext) -> list[Section]:
    """Participation, roles, sessions together and 'Wie doet wat?' by own organisation."""
    orgs = OwnOrgs(ctx)
    found, _ = training_contributions(ctx)
    sections = [_participation(ctx, orgs, found), _roles(ctx, orgs), _sessions(ctx, orgs)]
    tvb = tvb_sections(ctx, level=3)
    if tvb:
        sections.append(Section(ctx.s("tvb.subtitle"), [Paragraph(ctx.s("tvb.intro"))]))
        sections += tvb
    return sections
