"""``sprintkit journey start|status|close|undo|redo|reset|export|import|delete|vergeet|...``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .cli_options import CasusArg, JourneyOpt, StoreOpt

if TYPE_CHECKING:
    from .engine import Journey
    from .model import Casus

__all__ = ["register"]

journey_app = typer.Typer(
    help="Play a method over a casus: start, status, close a phase.", no_args_is_help=True
)

EraseYesOpt = Annotated[bool, typer.Option("--ja", "--yes", help="Erase without asking.")]


def _lang() -> str:
    from .cli import state

    return state.lang


def _open(casus: str, journey: str | None, store: str | None) -> Journey:
    from .workspace import open_journey  # lazy: the CLI starts without loading the engine

    return open_journey(casus, journey, store=store)


def _open_loaded(casus: Casus, journey: str | None, store: str | None) -> Journey:
    from .workspace import open_journey

    return open_journey(casus, journey, store=store)


@journey_app.command()
def start(
    casus: CasusArg,
    store: StoreOpt = None,
    label: Annotated[str | None, typer.Option(help="Name of the group, e.g. 'groep A'.")] = None,
    at: Annotated[int, typer.Option("--at", help="Start at this phase (needs --demo).")] = 1,
    demo: Annotated[bool, typer.Option("--demo", help="Fill earlier phases from demo.")] = False,
) -> None:
    """Start a journey (trainers: --at N --demo starts at phase N with 1..N-1 complete)."""
    from .i18n import t
    from .workspace import start_journey

    journey = start_journey(casus, store=store, label=label, at_sprint=at, demo=demo)
    noun = journey.method.phase_noun.get(_lang())
    typer.echo(
        t(
            "journey.started",
            _lang(),
            journey=journey.id,
            casus=journey.casus.id,
            noun=noun,
            number=journey.current_phase,
        )
    )


@journey_app.command()
def status(casus: CasusArg, journey: JourneyOpt = None, store: StoreOpt = None) -> None:
    """Where a journey stands: closed phases, the current phase and what it still misses."""
    from .engine.status import status_text
    from .privacy import safe_text

    typer.echo(safe_text(status_text(_open(casus, journey, store), _lang())))


@journey_app.command()
def close(
    casus: CasusArg,
    journey: JourneyOpt = None,
    store: StoreOpt = None,
    phase: Annotated[int | None, typer.Option("--phase", help="Phase to close.")] = None,
    draft: Annotated[
        bool,
        typer.Option("--draft", help="Show a draft of the empty fields; store nothing."),
    ] = False,
) -> None:
    """Close the current phase if its result is complete; otherwise list what is missing."""
    from .engine import GateRefused
    from .i18n import t

    j = _open(casus, journey, store)
    number = phase or j.current_phase
    if draft:  # a person stores a field after reading it; a draft never closes a phase
        from .privacy import safe_text

        for key, value in j.draft_result(number).items():  # typed text: no terminal controls
            typer.echo(safe_text(f"{key}: {value}"))
        typer.echo(t("order.cli.draft", _lang()))
        return
    try:
        j.close_phase(number, lang=_lang())
    except GateRefused as exc:
        typer.echo(exc.text(_lang()), err=True)
        raise typer.Exit(1) from None
    typer.echo(
        t(
            "journey.closed",
            _lang(),
            noun=j.method.phase_noun.get(_lang()).capitalize(),
            number=number,
        )
    )


@journey_app.command()
def undo(
    casus: CasusArg,
    journey: JourneyOpt = None,
    store: StoreOpt = None,
    event: Annotated[
        str | None, typer.Option("--event", help="Id of the event to undo (default: the last).")
    ] = None,
) -> None:
    """Undo the last input (or one event by id); the undo is itself stored, nothing is deleted."""
    from .i18n import t

    j = _open(casus, journey, store)
    target_id = j.undo(event).payload["target"]
    target = next(e for e in j.events if e.id == target_id)
    typer.echo(t("journey.undone", _lang(), kind=target.kind, event=target.id))


@journey_app.command()
def redo(casus: CasusArg, journey: JourneyOpt = None, store: StoreOpt = None) -> None:
    """Bring back what the last undo took away."""
    from .engine import effective
    from .i18n import t

    j = _open(casus, journey, store)
    j.redo()
    target = effective(j.events)[-1]
    typer.echo(t("journey.redone", _lang(), kind=target.kind, event=target.id))


@journey_app.command()
def reset(casus: CasusArg, journey: JourneyOpt = None, store: StoreOpt = None) -> None:
    """Start the journey over; every earlier event stays in the log."""
    from .i18n import t

    j = _open(casus, journey, store)
    j.reset()
    typer.echo(t("journey.reset_done", _lang(), journey=j.id))


@journey_app.command("export")
def export_(
    casus: CasusArg,
    out: Annotated[Path, typer.Option("--out", help="File to write.")],
    journey: JourneyOpt = None,
    store: StoreOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="json, notes-csv or votes-csv.")] = "json",
    anonymise: Annotated[
        bool, typer.Option("--anonymise", "--anoniem", help="Pseudonyms; personal text dropped.")
    ] = False,
) -> None:
    """Export a journey: the full event log as JSON, or notes/votes as CSV (file mode 0600)."""
    from ._atomic_write import write_text
    from .engine import exchange
    from .errors import SprintkitError
    from .i18n import Message, t
    from .workspace import check_out_path, open_casus

    case = open_casus(casus)
    check_out_path(out, case, store)  # never onto the store, never into the casus folder
    j = _open_loaded(case, journey, store)
    if fmt == "json":
        data = exchange.export_journey(j.store, j.id)
        if anonymise:
            data = exchange.anonymise(data, j.casus, lang=_lang())
        text = json.dumps(data, ensure_ascii=False, indent=1)
    elif fmt in ("notes-csv", "votes-csv"):
        who = exchange.state_anonymiser(j.casus, j.state, lang=_lang()) if anonymise else None
        text = (exchange.notes_csv if fmt == "notes-csv" else exchange.votes_csv)(j.state, who)
    else:
        raise SprintkitError(Message("cli.unknown_format", format=fmt))
    write_text(out, text, private=True)  # whole or not at all; only its owner may read it
    typer.echo(t("journey.exported", _lang(), path=out))


@journey_app.command("import")
def import_(
    casus: CasusArg,
    source: Annotated[Path, typer.Argument(help="A JSON journey export.")],
    store: StoreOpt = None,
) -> None:
    """Import a journey export: every event is checked first; a refused import stores nothing."""
    from .errors import SprintkitError
    from .i18n import Message
    from .workspace import import_journey

    try:  # a missing or unreadable file is the CLI's path message (exit 1)
        data = json.loads(source.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SprintkitError(Message("failure.import.not_json", path=source)) from None
    if not isinstance(data, dict):
        raise SprintkitError(Message("exchange.not_an_export", format=type(data).__name__))
    typer.echo(import_journey(casus, data, store=store))


@journey_app.command()
def delete(
    casus: CasusArg,
    journey: Annotated[str, typer.Option("--journey", help="Id of the journey to delete.")],
    store: StoreOpt = None,
    yes: Annotated[
        bool, typer.Option("--ja", "--yes", help="Delete without asking for confirmation.")
    ] = False,
) -> None:
    """Delete a journey and all its events from the store (asks for confirmation first)."""
    from .i18n import t
    from .stores import ref_of, shown
    from .workspace import delete_journey, open_casus, open_store

    case = open_casus(casus)
    if not yes:
        backend = open_store(case, store, create=False)
        count = len(backend.read(journey))
        where = shown(ref_of(backend) or "store")
        if count:
            _confirm_or_stop(
                t("delete.confirm", _lang(), journey=journey, count=count, store=where)
            )
    gone = delete_journey(case, journey, store=store)
    typer.echo(t("delete.done", _lang(), journey=journey, count=gone))


@journey_app.command("vergeet")
def forget(
    casus: CasusArg,
    person: Annotated[str, typer.Argument(help="Roster id or name of the person to erase.")],
    journey: JourneyOpt = None,
    store: StoreOpt = None,
    yes: EraseYesOpt = False,
) -> None:
    """Erase one person from a journey (right to erasure): name, id and typed text gone."""
    from .i18n import t
    from .retention import forget_person

    if not yes:
        _confirm_or_stop(t("privacy.forget.confirm", _lang(), person=person))
    event = forget_person(casus, person, journey=journey, store=store)
    typer.echo(t("privacy.forget.done", _lang(), count=event.payload["events"]))


@journey_app.command("opruimen")
def expire(
    casus: CasusArg,
    days: Annotated[
        int, typer.Option("--ouder-dan", "--older-than", min=0, help="Retention period in days.")
    ],
    store: StoreOpt = None,
    yes: EraseYesOpt = False,
) -> None:
    """Erase everyone from the journeys idle for longer than the retention period."""
    from .i18n import t
    from .retention import expire_journeys

    if not yes:
        _confirm_or_stop(t("privacy.expire.confirm", _lang(), count=days))
    done = expire_journeys(casus, days, store=store)
    typer.echo(t("privacy.expire.done", _lang(), count=len(done)))


def _confirm_or_stop(question: str) -> None:
    """Ask; on no, say it is cancelled and stop with exit code 1.

    No answer (input closed, Ctrl-C) is no, instead of click's English "Aborted!".
    """
    from .i18n import t

    try:
        if typer.confirm(question):
            return
    except typer.Abort:
        typer.echo("", err=True)
    typer.echo(t("delete.cancelled", _lang()))
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the ``journey`` command group to the main app."""
    app.add_typer(journey_app, name="journey")
