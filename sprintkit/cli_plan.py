"""``sprintkit plan``: propose an agenda for one session. Thin: the planner does the work."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from .model import Lang

__all__ = ["register"]


def plan(
    casus: Annotated[str, typer.Option("--casus", help="Casus folder or built-in id.")],
    sprint: Annotated[
        int, typer.Option("--sprint", "--step", help="Sprint (wijkaanpak) or step (KVU).")
    ],
    group_size: Annotated[int, typer.Option("--group-size", help="Number of participants.")],
    minutes: Annotated[int, typer.Option("--minutes", help="Length of the session.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Propose an agenda: opening, work forms that fit the group and time, breaks, closing."""
    from .cli import state  # lazy: sprintkit.cli imports this module while it loads
    from .loading import load_casus
    from .planning import plan_session

    loaded = load_casus(casus, state.lang)
    lang: Lang = "en" if state.lang == "en" else "nl"
    agenda = plan_session(loaded.method, sprint, group_size, minutes, casus=loaded, lang=lang)
    if as_json:
        typer.echo(json.dumps(agenda.model_dump(mode="json"), indent=2, ensure_ascii=False))
    else:
        typer.echo(agenda.to_text(lang))


def register(app: typer.Typer) -> None:
    """Add the ``plan`` command to ``app``."""
    app.command("plan")(plan)
