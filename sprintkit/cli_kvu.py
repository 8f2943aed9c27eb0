"""``sprintkit kvu ...``: working group check, measures, progress, success factors, evaluation.

Thin: each command loads the casus (or journey), calls :mod:`sprintkit.kvu` and prints. Errors
a user can cause (unknown casus, a casus of another method, a bad filter) are one line on
stderr with exit code 1, through :func:`sprintkit.cli.main`.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .cli_options import JourneyOpt, StoreOpt

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Sequence

    from .engine.journey import Journey
    from .kvu import Kvu
    from .model import Casus
    from .reports.blocks import Block

__all__ = ["register", "kvu_app"]

kvu_app = typer.Typer(
    help=(
        "Kwaliteitsmeter Veilig Uitgaan: working group check, measure catalogue, progress,"
        " success factors, evaluation."
    ),
    no_args_is_help=True,
)


class _Lang(StrEnum):
    nl = "nl"
    en = "en"


CasusArg = Annotated[str, typer.Argument(help="Casus folder or built-in id (a KVU casus).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
DemoOpt = Annotated[
    bool, typer.Option("--demo", help="Use a throw-away journey with every demo step played.")
]
LangOpt = Annotated[
    _Lang | None,
    typer.Option("--lang", help="Language of the output: nl or en.", show_default=False),
]


def _lang(option: _Lang | None) -> str:
    from .cli import state  # lazy: sprintkit.cli imports this module while it loads

    return option.value if option is not None else state.lang


def _kvu_casus(casus: str, lang: str) -> Casus:
    """The casus, or a one-line error when it does not follow the KVU."""
    from .errors import SprintkitError
    from .i18n import t
    from .kvu.ledger import serves
    from .loading import load_casus

    loaded = load_casus(casus, lang)
    if not serves(loaded.method):
        raise SprintkitError(
            t("werkgroep.cli.not_kvu", lang, casus=loaded.id, method=loaded.method)
        )
    return loaded


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _echo_blocks(blocks: Sequence[Block | str]) -> None:
    """Print report blocks (a plain string is a paragraph) through the one plain renderer."""
    from .reports.blocks import Paragraph
    from .reports.render_plain import render_plain

    typer.echo(render_plain(Paragraph(b) if isinstance(b, str) else b for b in blocks))


@kvu_app.command("werkgroep")
def werkgroep(
    casus: CasusArg,
    as_json: JsonOpt = False,
    store: StoreOpt = None,
    journey: JourneyOpt = None,
    lang: LangOpt = None,
) -> None:
    """Check the working group: composition, size and the ten criteria (✔ / ! / ✘).

    Seats: from step 2 of the journey with --store or --journey, else from the casus.
    Exit code: 0 when no line fails, 1 when one does.
    """
    from .i18n import t
    from .kvu import Kvu
    from .kvu.werkgroep import check_journey_working_group, check_working_group
    from .loading import load_method
    from .reports import kvu_blocks as kb

    language = _lang(lang)
    loaded = _kvu_casus(casus, language)
    if store is not None or journey is not None:
        opened = _open(loaded, journey, store)
        check = check_journey_working_group(opened)
        ctx = kb.context_of(Kvu(opened), language)
        source = t("werkgroep.cli.source_journey", language, journey=opened.id)
    else:
        method = load_method(loaded.method)
        check = check_working_group(loaded, method)
        ctx = kb.casus_context(loaded, method, language)
        source = t("werkgroep.cli.source_casus", language)
    if as_json:
        _echo_json([line.as_dict(language) for line in check.lines])
    else:
        typer.echo(t("werkgroep.cli.header", language, name=loaded.name, source=source))
        _echo_blocks(kb.working_group_blocks(ctx, check) or [t("werkgroep.empty", language)])
    if not check.ok:
        raise typer.Exit(1)


@kvu_app.command("maatregelen")
def maatregelen(
    category: Annotated[
        str | None, typer.Option("--category", help="Only this category (e.g. overlast).")
    ] = None,
    theme: Annotated[
        str | None, typer.Option("--theme", help="Only measures on this theme (e.g. geweld).")
    ] = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """List the measures catalogue (common measures from KVU practice and CCV material)."""
    from .i18n import t
    from .kvu.measures import measures
    from .model import MEASURE_CATEGORIES, MEASURE_THEMES

    language = _lang(lang)
    _check_choice(category, "--category", MEASURE_CATEGORIES, language)
    _check_choice(theme, "--theme", MEASURE_THEMES, language)
    specs = sorted(
        (
            s
            for s in measures().values()
            if (category is None or s.category == category) and (theme is None or theme in s.themes)
        ),
        key=lambda s: (MEASURE_CATEGORIES.index(s.category), s.id),
    )
    rows: list[dict[str, Any]] = [
        {
            "id": s.id,
            "category": s.category,
            "category_label": t(f"kvu.category.{s.category}", language),
            "themes": list(s.themes),
            "environment": s.environment.value,
            "name": s.name.get(language),
        }
        for s in specs
    ]
    if as_json:
        _echo_json(rows)
    elif not rows:
        typer.echo(t("werkgroep.cli.no_measures", language))
    else:
        typer.echo(_table([[r["id"], r["category_label"], r["name"]] for r in rows]))


def _check_choice(value: str | None, option: str, choices: tuple[str, ...], lang: str) -> None:
    from .errors import SprintkitError
    from .i18n import t

    if value is not None and value not in choices:
        raise SprintkitError(
            t("kvu.bad_choice", lang, value=value, field=option, choices=", ".join(choices))
        )


@kvu_app.command("voortgang")
def voortgang(
    casus: CasusArg,
    store: StoreOpt = None,
    journey: JourneyOpt = None,
    demo: DemoOpt = False,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """The progress matrix: each measure with owner, deadline, budget, goal, status, open GOKIT."""
    from .i18n import t
    from .reports import kvu_blocks as kb

    language = _lang(lang)
    kvu = _kvu_of(casus, store, journey, demo, language)
    if as_json:
        _echo_json([row.to_dict(language) for row in kvu.progress_matrix()])
        return
    name, journey_id = kvu.journey.casus.name, kvu.journey.state.journey
    typer.echo(t("werkgroep.cli.progress_header", language, name=name, journey=journey_id))
    blocks = kb.measure_blocks(kb.context_of(kvu, language), kvu, include_dropped=False)
    _echo_blocks(blocks or [t("werkgroep.cli.no_selected", language)])


@kvu_app.command("succesfactoren")
def succesfactoren(
    casus: CasusArg,
    store: StoreOpt = None,
    journey: JourneyOpt = None,
    demo: DemoOpt = False,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """The nine success factors with their scores per step, then the warnings."""
    from .reports import kvu_blocks as kb

    language = _lang(lang)
    kvu = _kvu_of(casus, store, journey, demo, language)
    if as_json:
        factors = [row.to_dict(language) for row in kvu.assessment()]
        warnings = [w.to_dict(language) for w in kvu.warnings()]
        _echo_json({"factors": factors, "warnings": warnings})
        return
    _echo_blocks(kb.success_factor_blocks(kb.context_of(kvu, language), kvu))


@kvu_app.command("evaluatie")
def evaluatie(
    casus: CasusArg,
    store: StoreOpt = None,
    journey: JourneyOpt = None,
    demo: DemoOpt = False,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """The baseline's sources, then each indicator against its baseline."""
    from .i18n import t
    from .reports import kvu_blocks as kb

    language = _lang(lang)
    kvu = _kvu_of(casus, store, journey, demo, language)
    if as_json:
        used, missing = kvu.source_coverage()
        _echo_json(
            {
                "sources_used": [s.key for s in used],
                "sources_missing": [s.key for s in missing],
                "indicators": [c.to_dict() for c in kvu.comparison()],
            }
        )
        return
    ctx = kb.context_of(kvu, language)
    compared: Sequence[Block | str] = kb.comparison_blocks(ctx, kvu)
    _echo_blocks(
        [*kb.coverage_blocks(ctx, kvu), *(compared or [t("kvu.cli.no_baseline", language)])]
    )


@kvu_app.command("nieuwe-ronde")
def nieuwe_ronde(
    casus: CasusArg,
    store: StoreOpt = None,
    journey: JourneyOpt = None,
    lang: LangOpt = None,
) -> None:
    """Start the next round after a finished evaluation: baseline, measures and group carried."""
    from .i18n import t
    from .kvu.ledger import round_of
    from .kvu.rounds import start_next_round

    language = _lang(lang)
    old = _open(_kvu_casus(casus, language), journey, store)
    new, carried = start_next_round(old)
    number = round_of(new)["number"]
    typer.echo(t("kvu.round.started", language, round=number, journey=new.id))
    counts = {
        "people": t("roster.count", language, count=carried["people"]),
        **{
            k: t(f"kvu.round.{k}", language, count=carried[k])
            for k in ("criteria", "baseline", "measures")
        },
    }
    typer.echo(t("kvu.round.carried", language, **counts))


def _kvu_of(casus: str, store: str | None, journey: str | None, demo: bool, lang: str) -> Kvu:
    """The KVU view of the chosen journey (or of a throw-away demo journey)."""
    from .kvu import Kvu
    from .workspace import demo_journey

    loaded = _kvu_casus(casus, lang)
    return Kvu(demo_journey(loaded) if demo else _open(loaded, journey, store))


def _open(casus: Casus, journey: str | None, store: str | None) -> Journey:
    from .workspace import open_journey

    return open_journey(casus, journey, store=store)


def _table(rows: list[list[str]], headers: list[str] | None = None) -> str:
    """Left-aligned columns, two spaces apart, with a rule under the headers when given."""
    every = ([headers] if headers else []) + rows
    widths = [max(len(r[i]) for r in every) for i in range(len(every[0]))]

    def fmt(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    lines = [fmt(r) for r in rows]
    if headers:
        lines = [fmt(headers), "  ".join("-" * w for w in widths), *lines]
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    """Add the ``kvu`` command group to the sprintkit app."""
    app.add_typer(kvu_app, name="kvu")
