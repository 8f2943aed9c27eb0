"""``sprintkit run CASUS --out DIR [--through N] [--demo/--no-demo]``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["register"]


def run(
    casus: Annotated[str, typer.Argument(help="Casus folder or built-in id.")],
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("out"),
    through: Annotated[int | None, typer.Option("--through", help="Last phase to run.")] = None,
    demo: Annotated[bool, typer.Option("--demo/--no-demo", help="Fill from demo input.")] = True,
) -> None:
    """Execute the casus' notebooks headless, in order, and write results into OUT/<casus>."""
    from .cli import state
    from .runner import run_casus

    result = run_casus(casus, out, through=through, demo=demo, lang=state.lang)
    typer.echo(f"Notebooks: {len(result.notebooks)} in {result.out}")
    typer.echo(f"Figuren: {len(result.figures)} in {result.out / 'figures'}")
    typer.echo(f"Reis (JSON): {result.export}")
    for report in result.reports:
        typer.echo(f"Rapport: {report}")


def register(app: typer.Typer) -> None:
    """Add the ``run`` command."""
    app.command("run")(run)
