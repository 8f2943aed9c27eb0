"""The KVU declaration of intent (intentieverklaring) of step 2, ready to sign.

The parties record their reasons to cooperate: interests, dependencies, contributions, common
goals, their view on the approach, a common problem definition and the responsibilities. The
parties are listed with their representatives (people of the organisation with a mandate), and
the document ends with a line per party to sign, showing who has signed already. Right after
the working group it holds the working group checklist (composition, size and the criteria of
a good project group), so the parties sign knowing what still needs care.
"""

from __future__ import annotations

import dataclasses

from ..errors import SprintkitError
from ..model import Actor
from .blocks import Block, Paragraph, Report, Section, Table
from .context import ReportContext
from .kvu_report import is_kvu, kvu_view, working_group_section
from .provenance import provenance_section

__all__ = ["intentieverklaring", "representatives"]

RESULT_KEY = "intentieverklaring"
#: the result field naming the working group; the checklist follows it
WORKING_GROUP_FIELD = "werkgroep"
_MANDATE_ORDER = {"decide": 0, "consult": 1, "none": 2}


def representatives(ctx: ReportContext, party: str) -> list[Actor]:
    """The people who represent a party: its members, those with the strongest mandate first.

    A party that is a person represents itself.
    """
    if party not in ctx.names.orgs:
        actor = ctx.names.people.get(party)
        return [actor] if actor else []
    members = [a for a in ctx.casus.actors if a.organisation == party]
    members.sort(key=lambda a: _MANDATE_ORDER[a.mandate])
    best = [a for a in members if a.mandate == members[0].mandate] if members else []
    return best


def _who(ctx: ReportContext, actor: Actor) -> str:
    role = f" ({ctx.user(actor.role)})" if actor.role else ""
    return ctx.names.person(actor.id) + role


def _parties_table(ctx: ReportContext, parties: list[str]) -> Table:
    rows = tuple(
        (
            ctx.names.party(p),
            "; ".join(_who(ctx, a) for a in representatives(ctx, p)) or "-",
        )
        for p in parties
    )
    return Table((ctx.s("party"), ctx.s("intent.representative")), rows, (0.45, 0.55))


def _signatures(ctx: ReportContext, parties: list[str], signed: dict[str, bool]) -> list[Block]:
    rows = tuple(
        (
            ctx.names.party(p),
            "; ".join(ctx.names.person(a.id) for a in representatives(ctx, p)) or "-",
            ctx.s("intent.signed") if signed.get(p) else ctx.s("not_yet"),
            "",
        )
        for p in list(dict.fromkeys([*parties, *signed]))
    )
    header = tuple(ctx.s(f"intent.sign.{k}") for k in ("party", "name", "status", "signature"))
    return [
        Paragraph(ctx.s("intent.sign_intro")),
        Table(header, rows, (0.3, 0.25, 0.15, 0.3)),
    ]


def intentieverklaring(ctx: ReportContext) -> Report:
    """The declaration of intent of a KVU journey (a draft until its step is closed)."""
    phase = ctx.phase_by_result(RESULT_KEY)
    if phase is None:
        raise SprintkitError(
            ctx.s("not_in_method", what=RESULT_KEY, method=ctx.loc(ctx.method.name))
        )
    spec = phase.result
    result, final = ctx.result(phase.number)
    parties = result.get(spec.approvers_field or "") or []
    signed = result.get(spec.approval_field or "") or {}
    area = ctx.casus.area
    report = Report(
        kind=RESULT_KEY,
        title=ctx.s("intent.title", casus=ctx.casus.name),
        subtitle=ctx.s("intent.subtitle", area=ctx.casus.name, municipality=area.municipality),
        lang=ctx.lang,
        meta=ctx.meta(final),
        anonymised=ctx.anonymise,
        header=f"{ctx.loc(spec.name)} {ctx.casus.name}",
    )
    report.sections.append(
        Section(ctx.s("intent.intro_heading"), [Paragraph(ctx.loc(spec.description))])
    )
    checklist = working_group_section(ctx, kvu_view(ctx), level=3) if is_kvu(ctx) else None
    for field in spec.fields:
        if field.key == spec.approval_field:
            continue
        if field.key == spec.approvers_field:
            blocks: list[Block] = (
                [_parties_table(ctx, parties)] if parties else [Paragraph(ctx.s("empty"), "small")]
            )
        else:
            blocks = ctx.field_blocks(field, result.get(field.key))
        report.sections.append(Section(ctx.loc(field.label), blocks))
        if checklist and field.key == WORKING_GROUP_FIELD:
            report.sections.append(checklist)
    if checklist and not any(f.key == WORKING_GROUP_FIELD for f in spec.fields):
        report.sections.append(dataclasses.replace(checklist, level=2))
    report.sections.append(Section(ctx.s("intent.signatures"), _signatures(ctx, parties, signed)))
    marks = provenance_section(ctx, [phase.number], levels=False, rules=checklist is not None)
    if marks:
        report.sections.append(marks)
    waiting = [ctx.names.party(p) for p in parties if not signed.get(p)]
    if waiting:
        report.warnings.append(ctx.s("intent.waiting", parties=", ".join(waiting)))
    if not final:
        report.warnings.append(ctx.s("draft_warning", phase=ctx.phase_title(phase.number)))
    return report
