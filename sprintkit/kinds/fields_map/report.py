"""The ``fields_map`` canvas in reports."""

from __future__ import annotations

from ...model import WorkFormSpec
from ...model.state import RunState
from ...reports.blocks import Block, Paragraph, Table
from ...reports.context import ReportContext
from .logic import FieldsMap

__all__ = ["blocks"]


def blocks(ctx: ReportContext, run: RunState, spec: WorkFormSpec) -> list[Block]:
    """What the run produced, as report blocks."""
    content = FieldsMap().content(run)
    labels = {f.key: ctx.loc(f.label) for f in getattr(spec.canvas, "fields", [])}
    rows = tuple(
        (labels.get(key, key), "; ".join(ctx.user(x) for x in texts))
        for key, texts in content["fields"].items()
    )
    subject = Paragraph(ctx.s("sprint.subject", subject=ctx.user(content["subject"])))
    return [subject, Table((ctx.s("sprint.field"), ctx.s("sprint.notes")), rows, (0.25, 0.75))]
