"""The 'tijdlijn' in reports: a table of periods and what happened in them."""

from __future__ import annotations

from typing import Any

from sprintkit.reports.blocks import Block, Table
from sprintkit.reports.context import ReportContext

from .logic import Tijdlijn

__all__ = ["blocks"]


def blocks(ctx: ReportContext, run: Any, spec: Any) -> list[Block]:
    """One row per moment, in period order; typed text goes through the report's scrubber."""
    moments = Tijdlijn().items(run, spec)
    rows = tuple(tuple(ctx.user(part) for part in m.split(": ", 1)) for m in moments)
    return [Table(("Periode", "Moment"), rows, (0.3, 0.7))]
