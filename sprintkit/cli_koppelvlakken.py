"""``sprintkit koppelvlakken CASUS [--png FILE] [--json]``: the koppelvlakken analysis.

Thin: loads the casus, calls :mod:`sprintkit.analysis` and prints; ``--png`` calls
:func:`sprintkit.plots.write_environment_map`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .cli_options import CasusArg

__all__ = ["register", "koppelvlakken"]


def koppelvlakken(
    casus: CasusArg,
    png: Annotated[
        Path | None, typer.Option("--png", help="Write the environment map to this PNG file.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the analysis as JSON.")] = False,
) -> None:
    """Koppelvlakken: where interventions in one environment work through in another."""
    from .analysis import analyse, build_graph, format_report
    from .cli import state
    from .i18n import t
    from .loading import load_casus

    graph = build_graph(load_casus(casus, state.lang))
    report = analyse(graph, state.lang)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        typer.echo(format_report(report))
    if png is not None:
        from .plots import write_environment_map

        write_environment_map(graph, png, lang=state.lang)
        typer.echo(t("kv.cli.png_written", state.lang, path=png), err=as_json)


def register(app: typer.Typer) -> None:
    """Add the ``koppelvlakken`` command to the sprintkit app."""
    app.command("koppelvlakken")(koppelvlakken)
