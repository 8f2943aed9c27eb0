"""The ``sprintkit`` command. Thin: every command calls the library and prints the result.

Errors a user can cause (bad files, unknown names, paths that cannot be used) print as one
short message on stderr with exit code 1; usage errors exit 2; Ctrl-C exits 130. Anything
unexpected is one message naming the log file that holds the traceback: no traceback reaches
the user.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
import warnings
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from .cli_options import CasusArg
from .errors import FileValidationError, SprintkitError, path_error
from .i18n import default_lang, t

__all__ = ["app", "main"]

app = typer.Typer(
    help="sprintkit: Design Thinking sprints for safer, more liveable neighbourhoods.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
workforms_app = typer.Typer(help="Browse the work form catalogue.", no_args_is_help=True)
app.add_typer(workforms_app, name="workforms")


class Lang(StrEnum):
    """Languages for everything a person reads."""

    nl = "nl"
    en = "en"


class _State:
    lang: str = default_lang()


state = _State()


@app.callback()
def _root(
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the output: nl or en.")] = Lang(
        default_lang()
    ),
) -> None:
    state.lang = lang.value


def _fail(message: str, code: int = 1) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)


class SchemaKind(StrEnum):
    """Kinds of file with a JSON Schema."""

    casus = "casus"
    workform = "workform"
    method = "method"
    demo = "demo"
    measure = "measure"


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Casus folders or YAML files.")],
) -> None:
    """Check casus folders, work forms and methods; report every problem with its line."""
    from .validate_paths import files_checked, validate_path

    invalid: set[str] = set()
    checked: set[str] = set()
    for path in paths:
        problems = validate_path(path, state.lang)
        checked |= files_checked(path)
        if problems:
            invalid |= {p.path for p in problems}
            typer.echo(FileValidationError(problems).format(), err=True)
        else:
            typer.echo(f"{path}: {t('cli.valid', state.lang)}")
    if invalid:  # counted in files: a folder of 10 files with 1 broken is "1 of 10"
        total = len(checked | invalid)
        _fail(t("cli.invalid_files", state.lang, invalid=len(invalid), count=total))


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which kind of file.")],
    path: Annotated[
        bool, typer.Option("--path", help="Print where the schema file is installed.")
    ] = False,
) -> None:
    """Print the JSON Schema of a casus, work form, method, demo or measure file.

    ``--path`` prints the installed schema file's path instead, for an editor's
    ``# yaml-language-server: $schema=...`` line.
    """
    if path:
        from ._resources import schemas_dir

        typer.echo(str((schemas_dir() / f"{kind.value}.schema.json").resolve()))
        return
    from .schemas import json_schema

    typer.echo(json.dumps(json_schema(kind.value), indent=2, ensure_ascii=False))


@app.command()
def info(casus: CasusArg) -> None:
    """Summarise a casus: area, actors by kind, indicators by environment, interventions."""
    from .loading import load_casus
    from .summary import casus_summary

    typer.echo(casus_summary(load_casus(casus, state.lang), state.lang))


@app.command()
def new(
    folder: Annotated[Path, typer.Argument(help="Folder for the new casus.")],
    source: Annotated[
        str | None,
        typer.Option("--van", "--from", help="Casus to copy (default: the blank template)."),
    ] = None,
    name: Annotated[
        str | None, typer.Option("--naam", "--name", help="Name of the new casus.")
    ] = None,
    no_demo: Annotated[
        bool, typer.Option("--zonder-demo", "--no-demo", help="Leave the demo input out.")
    ] = False,
    case_id: Annotated[str | None, typer.Option("--id", help="Id of the new casus.")] = None,
) -> None:
    """Start a new casus from the blank template, or as a copy of a case (--van molenwijk)."""
    from .new_casus import new_casus

    if folder.exists():
        _fail(t("cli.exists", state.lang, path=folder))
    new_id = new_casus(folder, source, case_id, name=name, demo=not no_demo)
    if source is None:
        typer.echo(t("new.created_blank", state.lang, id=new_id, path=folder))
    else:
        typer.echo(t("cli.created", state.lang, id=new_id, path=folder, source=source))
    typer.echo(t("new.hint", state.lang, path=shlex.quote(str(folder))))


@workforms_app.command("list")
def workforms_list(
    sprint: Annotated[
        int | None, typer.Option("--sprint", "--step", help="Only this phase.")
    ] = None,
    method: Annotated[str | None, typer.Option("--method", help="wijkaanpak or kvu.")] = None,
    casus: Annotated[
        str | None,
        typer.Option("--casus", help="Casus folder or id: its own work forms too, its method."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List work forms with phase, group size, minutes and where each came from."""
    from . import catalogue

    if casus is not None:
        from .loading import load_casus

        pool = catalogue.for_casus(load_casus(casus, state.lang))  # its own replace by slug
    else:
        pool = catalogue.entries()
    rows = [
        _workform_row(e.spec, e.source)
        for e in pool
        if (sprint is None or sprint in e.spec.phases)
        and (method is None or e.spec.method == method)
    ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        phases = ",".join(map(str, row["phases"]))
        typer.echo(
            f"{row['slug']:<28} {row['method']:<11} {phases:<5} {row['group_size']:>7}p "
            f"{row['minutes']:>9}min  {row['name']}  [{row['source']}]"
        )


def _workform_row(spec: Any, source: str) -> dict[str, Any]:
    return {
        "slug": spec.slug,
        "name": spec.name.get(state.lang),
        "method": spec.method,
        "phases": spec.phases,
        "group_size": f"{spec.group_size.min}-{spec.group_size.max}",
        "minutes": f"{spec.duration_minutes.min}-{spec.duration_minutes.max}",
        "canvas": spec.canvas.kind,
        "source": source,
    }


@workforms_app.command("show")
def workforms_show(
    slug: Annotated[str, typer.Argument(help="Work form slug.")],
    casus: Annotated[
        str | None, typer.Option("--casus", help="Casus folder or id: its own work forms too.")
    ] = None,
) -> None:
    """Show one work form in full: its canvas parts (columns, fields), steps and source."""
    from . import catalogue
    from .workform_text import workform_text

    case = None
    if casus is not None:
        from .loading import load_casus

        case = load_casus(casus, state.lang)
    spec = catalogue.get(slug, case)
    pool = catalogue.for_casus(case) if case is not None else catalogue.entries()
    source = next((e.source for e in pool if e.spec is spec), None)
    typer.echo(workform_text(spec, state.lang, source))


#: Feature modules that add commands: each defines ``register(app)``. Listed, not discovered,
#: so ``sprintkit --help`` shows the same commands everywhere.
_COMMAND_MODULES = (
    "cli_journey",
    "cli_koppelvlakken",
    "cli_guidance",
    "cli_plan",
    "cli_run",
    "cli_report",
    "cli_kvu",
    "cli_plugins",
    "cli_serve",
    "cli_store",
)


def _register_commands() -> None:
    import importlib
    import importlib.util

    for name in _COMMAND_MODULES:
        if importlib.util.find_spec(f"{__package__}.{name}") is not None:
            importlib.import_module(f".{name}", __package__).register(app)


_register_commands()


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; every failure becomes one message on stderr (exit 1), never a traceback.

    Usage errors (unknown option, missing argument) are reported by typer with exit code 2;
    Ctrl-C exits 130. A path the system refuses (missing, no access, a folder where a file
    belongs, a full disk) gets its own message; an unexpected error gets one naming the log
    file with its traceback (:mod:`sprintkit._failure_log`).

    pydantic looks for its plugins (observability hooks) among every installed package's entry
    points on the first validation, about 25 ms of each command; the CLI uses none, so it skips
    that scan unless ``PYDANTIC_DISABLE_PLUGINS`` is set otherwise.
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        with warnings.catch_warnings():
            _show_plugin_warnings()
            app(args=argv, prog_name="sprintkit")
    except SprintkitError as exc:
        return _say(exc.text(state.lang))
    except SystemExit as exc:
        if _interrupted(exc):
            return _say(t("failure.interrupted", state.lang), 130)
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except KeyboardInterrupt:  # before or after typer's own handling (imports, clean-up)
        return _say(t("failure.interrupted", state.lang), 130)
    except OSError as exc:
        if exc.filename is not None:  # a path a person named or we write for them
            return _say(path_error(exc).text(state.lang))
        return _unexpected(exc, argv)
    except Exception as exc:
        return _unexpected(exc, argv)
    return 0


def _show_plugin_warnings() -> None:
    """Show a :class:`~sprintkit.registry.PluginWarning` as one line naming the package.

    In the CLI's language, on stderr, instead of Python's ``file:line: PluginWarning: ...``
    with internal paths; every other warning keeps Python's way. Called inside
    ``warnings.catch_warnings()``, which puts the previous handler back afterwards.
    """
    from .registry import PluginWarning

    shown = warnings.showwarning

    def show(message: Any, category: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(message, PluginWarning):
            typer.echo(message.text(state.lang), err=True)
        else:
            shown(message, category, *args, **kwargs)

    warnings.simplefilter("always", PluginWarning)
    warnings.showwarning = show


def _say(text: str, code: int = 1) -> int:
    typer.echo(text, err=True)
    return code


def _interrupted(exc: SystemExit) -> bool:
    """Typer turns Ctrl-C into ``Exit(130)`` raised from the ``KeyboardInterrupt``."""
    context = exc.__context__
    return exc.code == 130 and isinstance(getattr(context, "__cause__", None), KeyboardInterrupt)


def _unexpected(exc: Exception, argv: list[str] | None) -> int:
    from ._failure_log import unexpected

    command = " ".join(["sprintkit", *(sys.argv[1:] if argv is None else argv)])
    return _say(unexpected(exc, command).text(state.lang))


if __name__ == "__main__":  # pragma: no cover
    # `python -m sprintkit.cli` (how the participant server is started): run the one
    # sprintkit.cli module, whose `state` the commands read (`from .cli import state`); as
    # __main__ this file is a second copy, and the global --lang would not reach them
    from sprintkit.cli import main as _main

    sys.exit(_main())
