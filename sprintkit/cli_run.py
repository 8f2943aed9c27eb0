"""``sprintkit run CASUS --out DIR [--through N] [--demo/--no-demo]``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .cli_options import CasusArg

__all__ = ["register"]


def run(
    casus: CasusArg,
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("out"),
    through: Annotated[int | None, typer.Option("--through", help="Last phase to run.")] = None,
    demo: Annotated[bool, typer.Option("--demo/--no-demo", help="Fill from demo input.")] = True,
    training: Annotated[
        bool,
        typer.Option("--training", help="The one-day training instead, into OUT/<casus>-training."),
    ] = False,
) -> None:
    """Execute the casus' notebooks headless, in order, and write results into OUT/<casus>."""
    from .cli import state
    from .i18n import t
    from .runner import run_casus, run_training

    lang = state.lang
    if training:
        result = run_training(casus, out, lang=lang)
    else:
        result = run_casus(casus, out, through=through, demo=demo, lang=lang)
    count, folder = len(result.notebooks), result.out
    typer.echo(t("run.out.notebooks", lang, count=count, folder=folder))
    count, folder = len(result.figures), result.out / "figures"
    if count or not training:  # the training day draws its figures into its reports
        typer.echo(t("run.out.figures", lang, count=count, folder=folder))
    typer.echo(t("run.out.export", lang, path=result.export))
    for report in result.reports:
        typer.echo(t("run.out.report", lang, path=report))


def register(app: typer.Typer) -> None:
    """Add the ``run`` command."""
    app.command("run")(run)
