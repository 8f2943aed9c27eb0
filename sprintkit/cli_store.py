"""``sprintkit store copy FROM TO``: move journeys between an SQLite file and PostgreSQL."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["register"]

store_app = typer.Typer(
    help="The session store: copy journeys between stores.", no_args_is_help=True
)


@store_app.command("copy")
def copy(
    source: Annotated[
        str, typer.Argument(help="Store to copy from: a file or a postgresql:// URL.")
    ],
    target: Annotated[str, typer.Argument(help="Store to copy to: a file or a postgresql:// URL.")],
    journey: Annotated[
        list[str] | None, typer.Option("--journey", help="Only this journey (repeatable).")
    ] = None,
) -> None:
    """Copy journeys (default: all) and verify each by replaying both sides."""
    from .cli import state
    from .stores import open_ref
    from .transfer import copy_journeys

    origin = open_ref(source, create=False)  # reading never makes a store
    try:
        destination = open_ref(target)
        try:
            for copied in copy_journeys(origin, destination, journey or None):
                typer.echo(copied.message().text(state.lang))
        finally:
            destination.close()  # type: ignore[attr-defined]
    finally:
        origin.close()  # type: ignore[attr-defined]


def register(app: typer.Typer) -> None:
    """Add ``sprintkit store ...`` to the main app."""
    app.add_typer(store_app, name="store")
