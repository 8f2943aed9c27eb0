"""The board in reports: notes by cluster with their votes."""

from __future__ import annotations

from ...model import WorkFormSpec
from ...model.state import RunState
from ...reports.blocks import Block, Bullets, Paragraph
from ...reports.canvases import clusters
from ...reports.context import ReportContext

__all__ = ["blocks"]


def blocks(ctx: ReportContext, run: RunState, spec: WorkFormSpec) -> list[Block]:
    """The notes by cluster, most votes first."""
    blocks: list[Block] = []
    for name, notes in clusters(ctx, run):
        votes = sum(v for _, v in notes)
        title = ctx.s("sprint.cluster", name=name, count=votes) if votes else name
        blocks.append(Paragraph(title, "lead"))
        blocks.append(
            Bullets(tuple(ctx.s("sprint.note", text=t, count=v) if v else t for t, v in notes))
        )
    return blocks or [Paragraph(ctx.s("empty"), "small")]
