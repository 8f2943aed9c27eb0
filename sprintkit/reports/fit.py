"""Does the ontwerpbrief fit on one A4? The estimate of :mod:`sprintkit.pagefit`.

The estimate is pure and lives below the engine, so the sprint gate and the report use the same
numbers; this module keeps the reports' import path.
"""

from __future__ import annotations

from ..pagefit import (
    PARTY_COLUMN,
    FitEstimate,
    FitPart,
    PartFit,
    PartKind,
    count_lines,
    estimate_fit,
    fit_warning,
)

__all__ = [
    "PARTY_COLUMN",
    "FitPart",
    "PartKind",
    "PartFit",
    "FitEstimate",
    "count_lines",
    "estimate_fit",
    "fit_warning",
]
