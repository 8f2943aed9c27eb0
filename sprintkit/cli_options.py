"""Options several ``sprintkit`` commands share, written once (the store and the journey)."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["StoreOpt", "JourneyOpt"]

StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store", help="Session store: a file, or a postgresql:// URL (default: $SPRINTKIT_STORE)."
    ),
]
JourneyOpt = Annotated[str | None, typer.Option("--journey", help="Journey id (default: latest).")]
