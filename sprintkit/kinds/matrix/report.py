"""The ``matrix`` canvas in reports."""

from __future__ import annotations

from typing import Any

from ...model import WorkFormSpec
from ...model.state import RunState
from ...reports.blocks import Block, Table
from ...reports.context import ReportContext
from .logic import Matrix

__all__ = ["blocks"]


def blocks(ctx: ReportContext, run: RunState, spec: WorkFormSpec) -> list[Block]:
    """What the run produced, as report blocks."""
    content = Matrix().content(run)
    canvas: Any = spec.canvas
    rows = tuple(
        (ctx.user(item["text"]), f"{item['x']:.1f}", f"{item['y']:.1f}")
        for item in content["items"]
    )
    header = (ctx.s("sprint.item"), ctx.loc(canvas.x.label), ctx.loc(canvas.y.label))
    return [Table(header, rows, (0.6, 0.2, 0.2))]
