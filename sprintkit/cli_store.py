"""``sprintkit store init`` and ``sprintkit store copy``: make a store, move journeys.

``store copy FROM TO`` moves journeys between an SQLite file and PostgreSQL; ``store init
STORE`` makes a store's tables (in PostgreSQL: owned by the role it connects as, so an
administrator makes them as the owner role before granting the others).
"""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["register"]

store_app = typer.Typer(
    help="The session store: make its tables, copy journeys between stores.", no_args_is_help=True
)


@store_app.command("init")
def init(
    store: Annotated[str, typer.Argument(help="The store: a file or a postgresql:// URL.")],
) -> None:
    """Make the store's tables (or bring them up to date); nothing else is written."""
    from .cli import state
    from .i18n import Message
    from .stores import open_ref, shown

    made = open_ref(store)
    try:
        version = made.schema_version  # type: ignore[attr-defined]
    finally:
        made.close()  # type: ignore[attr-defined]
    typer.echo(Message("store.ready", path=shown(store), schema=version).text(state.lang))


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
