"""Options several ``sprintkit`` commands share, written once (the casus, store and journey)."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["CasusArg", "StoreOpt", "JourneyOpt"]

CasusArg = Annotated[str, typer.Argument(help="Casus folder or built-in id.")]

StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store", help="Session store: a file, or a postgresql:// URL (default: $SPRINTKIT_STORE)."
    ),
]
JourneyOpt = Annotated[str | None, typer.Option("--journey", help="Journey id (default: latest).")]
