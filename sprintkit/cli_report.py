"""``sprintkit report CASUS --kind ... --out FILE``: thin; the library does the work."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .cli_options import CasusArg, JourneyOpt, StoreOpt
from .registry import BUILTINS

__all__ = ["register", "ReportFormat"]

#: The built-in report kinds for ``--help`` (plugins add more; an unknown kind lists them all).
_KINDS_HELP = ", ".join(name for name, _ in BUILTINS["reports"])


class ReportFormat(StrEnum):
    """Output formats."""

    docx = "docx"
    html = "html"
    md = "md"


def report(
    casus: CasusArg,
    kind: Annotated[str, typer.Option("--kind", help=f"Which report: {_KINDS_HELP}.")],
    out: Annotated[Path, typer.Option("--out", help="File to write.")],
    fmt: Annotated[
        ReportFormat | None,
        typer.Option("--format", help="docx, html or md (default: from the --out suffix)."),
    ] = None,
    sprint: Annotated[
        int | None, typer.Option("--sprint", "--step", help="Phase for --kind sprint.")
    ] = None,
    anonymise: Annotated[
        bool,
        typer.Option("--anonymise", "--anoniem", help="Pseudonyms for people, figures included."),
    ] = False,
    store: StoreOpt = None,
    journey: JourneyOpt = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="Report on a demo journey built in memory.")
    ] = False,
    ranking: Annotated[
        bool | None,
        typer.Option(
            "--ranking/--no-ranking",
            help="Cooperation: rank people by contributions (default: on, off in a training).",
        ),
    ] = None,
) -> None:
    """Write a report: ontwerpbrief, intentieverklaring, voortgang, sprint, journey, cooperation."""
    from .cli import state
    from .errors import SprintkitError
    from .i18n import Message, t
    from .reports import kinds, write_report
    from .workspace import check_out_path, demo_journey, open_casus, open_journey

    if kind not in kinds():  # before a journey is opened or built
        raise SprintkitError(Message("report.unknown_kind", kind=kind, kinds=", ".join(kinds())))
    case = open_casus(casus)
    check_out_path(out, case, store)  # never onto the store, never into the casus folder
    source = demo_journey(case) if demo else open_journey(case, journey, store=store)
    written = write_report(
        source,
        kind,
        out,
        fmt.value if fmt else None,
        phase=sprint,
        lang=state.lang,
        anonymise=anonymise,
        options={"ranking": ranking},
    )
    for warning in written.warnings:
        typer.echo(t("report.cli.warning", state.lang, text=warning), err=True)
    size = max(1, round(written.size / 1024))
    typer.echo(t("report.cli.written", state.lang, path=written.path, size=size))
    if written.files:
        typer.echo(t("report.cli.figures", state.lang, count=len(written.files)))


def register(app: typer.Typer) -> None:
    """Add the ``report`` command."""
    app.command("report")(report)
