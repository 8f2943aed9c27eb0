"""The ``perspectives_grid`` canvas in reports."""

from __future__ import annotations

from ...model import WorkFormSpec
from ...model.state import RunState
from ...reports.blocks import Block, Bullets, Table
from ...reports.context import ReportContext
from .logic import PerspectivesGrid

__all__ = ["blocks"]


def blocks(ctx: ReportContext, run: RunState, spec: WorkFormSpec) -> list[Block]:
    """What the run produced, as report blocks."""
    content = PerspectivesGrid().content(run)
    rows = tuple(
        (
            ctx.user(cell["idea"]),
            ctx.kind_label(cell["perspective"]),
            ctx.user(cell["text"]),
        )
        for cell in content["cells"]
    )
    header = (ctx.s("sprint.idea"), ctx.s("sprint.through"), ctx.s("sprint.notes"))
    ideas = Bullets(tuple(ctx.user(i) for i in content["ideas"]))
    return [ideas, Table(header, rows, (0.3, 0.2, 0.5))] if rows else [ideas]
