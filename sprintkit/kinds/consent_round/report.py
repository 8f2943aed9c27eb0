"""The ``consent_round`` canvas in reports."""

from __future__ import annotations

from ...model import WorkFormSpec
from ...model.state import RunState
from ...reports.blocks import Block, Paragraph, Table
from ...reports.context import ReportContext
from .logic import ConsentRound

__all__ = ["blocks"]


def blocks(ctx: ReportContext, run: RunState, spec: WorkFormSpec) -> list[Block]:
    """What the run produced, as report blocks."""
    content = ConsentRound().content(run)
    blocks: list[Block] = [Paragraph(ctx.s("sprint.proposal", text=ctx.user(content["proposal"])))]
    if content["objections"]:
        rows = tuple(
            (
                ctx.names.person(o["by"]),
                ctx.user(o["text"]),
                ctx.s("yes") if o.get("resolved") else ctx.s("no"),
            )
            for o in content["objections"]
        )
        header = (ctx.s("sprint.by"), ctx.s("sprint.objection"), ctx.s("sprint.resolved"))
        blocks.append(Table(header, rows, (0.2, 0.65, 0.15)))
    if content.get("amended_proposal"):
        blocks.append(
            Paragraph(ctx.s("sprint.amended", text=ctx.user(content["amended_proposal"])))
        )
    consenting = ", ".join(ctx.names.person(p) for p in content["consenting"]) or "-"
    decision = ctx.s(f"decision.{content['decision']}")
    blocks.append(Paragraph(ctx.s("sprint.decision", decision=decision, who=consenting)))
    return blocks
