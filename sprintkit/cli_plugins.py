"""``sprintkit plugins``: what is installed, what each package registers, and what failed."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

__all__ = ["register"]


def plugins(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List installed plugins: canvas kinds, method extensions, work form and measure sources."""
    from . import catalogue, registry
    from .cli import state  # lazy: sprintkit.cli imports this module while it loads
    from .i18n import t

    lang = state.lang
    catalogue.entries()  # reading the work form sources may refuse files: list those too
    rows: list[dict[str, Any]] = [
        {
            "group": p.group,
            "name": p.name,
            "package": p.package,
            "version": p.version,
            "builtin": p.builtin,
        }
        for group in registry.GROUPS
        for p in registry.entries(group)
    ]
    failed = [
        {
            "group": f.group,
            "entry_point": f.entry_point,
            "package": f.package,
            "reason": f.text(lang),
        }
        for f in registry.failures()
    ]
    if as_json:
        typer.echo(json.dumps({"registered": rows, "failed": failed}, ensure_ascii=False, indent=1))
        return
    for group in registry.GROUPS:
        typer.echo(t(f"plugins.heading.{group}", lang))
        for row in (r for r in rows if r["group"] == group):
            version = f" {row['version']}" if row["version"] else ""
            origin = t("plugins.builtin", lang) if row["builtin"] else f"{row['package']}{version}"
            typer.echo(f"  {row['name']}  ({origin})")
    if failed:
        typer.echo(t("plugins.failed", lang))
        for row in failed:
            typer.echo(f"  {row['package']} ({row['entry_point']}): {row['reason']}")


def register(app: typer.Typer) -> None:
    """Add ``sprintkit plugins`` to the main app."""
    app.command("plugins")(plugins)
