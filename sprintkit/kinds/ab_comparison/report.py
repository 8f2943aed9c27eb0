"""The ``ab_comparison`` canvas in reports."""

from __future__ import annotations

from typing import Any

from ...model import WorkFormSpec
from ...model.state import RunState
from ...reports.blocks import Block, Bullets, Paragraph, Table
from ...reports.context import ReportContext
from .logic import ABComparison

__all__ = ["blocks"]


def blocks(ctx: ReportContext, run: RunState, spec: WorkFormSpec) -> list[Block]:
    """What the run produced, as report blocks."""
    content = ABComparison().content(run)
    variants = content["variants"]
    rows = tuple(
        (ctx.user(measure), _num(values.get("a")), _num(values.get("b")))
        for measure, values in content["results"].items()
    )
    blocks: list[Block] = [
        Paragraph(ctx.s("sprint.subject", subject=ctx.user(content["subject"]))),
        Bullets(tuple(f"{k.upper()}: {ctx.user(v)}" for k, v in sorted(variants.items()))),
    ]
    if rows:
        blocks.append(Table((ctx.s("sprint.measure"), "A", "B"), rows, (0.6, 0.2, 0.2)))
    if content.get("outcome"):
        blocks.append(Paragraph(ctx.s("sprint.outcome", text=ctx.user(content["outcome"]))))
    return blocks


def _num(value: Any) -> str:
    return "-" if value is None else f"{value:g}"
