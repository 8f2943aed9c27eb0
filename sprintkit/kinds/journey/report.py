"""The ``journey`` canvas in reports."""

from __future__ import annotations

from ...model import WorkFormSpec
from ...model.state import RunState
from ...reports.blocks import Block, Paragraph, Table
from ...reports.context import ReportContext
from .logic import JourneyMap

__all__ = ["blocks"]


def blocks(ctx: ReportContext, run: RunState, spec: WorkFormSpec) -> list[Block]:
    """What the run produced, as report blocks."""
    content = JourneyMap().content(run)
    rows = tuple(
        (
            str(i),
            ctx.user(step["name"]),
            ctx.s(f"feeling.{step.get('feeling') or 'none'}"),
            "; ".join(ctx.user(p) for p in step.get("pain_points", [])) or "-",
            ", ".join(ctx.names.person(a) for a in step.get("actors", [])) or "-",
        )
        for i, step in enumerate(content["steps"], 1)
    )
    header = tuple(ctx.s(f"sprint.step.{k}") for k in ("nr", "step", "feeling", "pains", "who"))
    subject = Paragraph(ctx.s("sprint.subject", subject=ctx.user(content["subject"])))
    return [subject, Table(header, rows, (0.05, 0.3, 0.1, 0.35, 0.2))]
