"""Checks across objects and files that a single pydantic model cannot do.

References are checked by id: an effect must name an existing indicator, an actor an existing
organisation, a demo run an installed work form, a work form a real result field. Every problem
is located in the file it comes from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ._errors_text import did_you_mean, problems_from_validation
from .canvas import CanvasError, canvas_kind
from .commands import new_id
from .errors import NotFoundError, Problem
from .i18n import default_lang, t
from .model import Intervention, Method
from .model.state import RunState
from .reading import builtin_methods, load_method
from .registry import extensions_for_method

__all__ = ["check_workform", "check_casus"]

Loc = tuple[Any, ...]


def _unknown(what: str, name: Any, choices: Iterable[str], lang: str | None) -> str:
    known = sorted(str(c) for c in choices)
    hint = did_you_mean(str(name), known, lang)
    if not hint and 0 < len(known) <= 12:
        hint = t("ref.known", lang, names=", ".join(known))
    return t("ref.unknown", lang, what=t(f"ref.what.{what}", lang), name=name, hint=hint)


def _method(loaded: Any, lang: str | None) -> tuple[Method | None, list[Problem]]:
    try:
        return load_method(loaded.model.method), []
    except NotFoundError:
        msg = _unknown("method", loaded.model.method, builtin_methods(), lang)
        return None, [loaded.problem(("method",), msg)]


def check_workform(loaded: Any, lang: str | None = None) -> list[Problem]:
    """Slug equals file name; phases and fed result fields exist in the method."""
    spec = loaded.model
    problems = []
    stem = Path(loaded.path).stem
    if spec.slug != stem:
        problems.append(
            loaded.problem(("slug",), t("ref.slug_filename", lang, slug=spec.slug, stem=stem))
        )
    method, method_problems = _method(loaded, lang)
    problems += method_problems
    if method is None:
        return problems
    numbers = [p.number for p in method.phases]
    keys: set[str] = set()
    for i, number in enumerate(spec.phases):
        if number not in numbers:
            problems.append(
                loaded.problem(("phases", i), _unknown("phase", number, map(str, numbers), lang))
            )
        else:
            keys |= {f.key for f in method.phase(number).result.fields}
    for i, key in enumerate(spec.feeds):
        if keys and key not in keys:
            hint = did_you_mean(key, keys, lang)
            msg = t(
                "ref.feeds_unknown",
                lang,
                phase=",".join(map(str, spec.phases)),
                name=key,
                hint=hint,
            )
            problems.append(loaded.problem(("feeds", i), msg))
    return problems


class _Refs:
    """Collects reference problems for one file."""

    def __init__(self, loaded: Any, lang: str | None):
        self.loaded = loaded
        self.lang = lang
        self.problems: list[Problem] = []

    def need(self, loc: Loc, what: str, name: Any, known: set[str]) -> None:
        if name is not None and name not in known:
            self.problems.append(self.loaded.problem(loc, _unknown(what, name, known, self.lang)))

    def unique(self, field: str, items: list[Any]) -> set[str]:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                msg = t("ref.duplicate_id", self.lang, name=item.id)
                self.problems.append(self.loaded.problem((field, i, "id"), msg))
            seen.add(item.id)
        return seen


def check_casus(
    loaded: Any,
    workforms: list[Any],
    demos: list[Any],
    registered: dict[str, Any],
    lang: str | None = None,
) -> list[Problem]:
    """All references inside a casus, its local work forms and its demo input.

    ``registered`` holds the installed work forms by slug (the catalogue's), which demo runs
    may use besides the casus' own.
    """
    casus = loaded.model
    refs = _Refs(loaded, lang)
    orgs = refs.unique("organisations", casus.organisations)
    actors = refs.unique("actors", casus.actors)
    indicators = refs.unique("indicators", casus.indicators)
    refs.unique("interventions", casus.interventions)
    refs.unique("structures", casus.structures)
    refs.unique("past_interventions", casus.past_interventions)
    parties = orgs | actors
    for i, actor in enumerate(casus.actors):
        refs.need(("actors", i, "organisation"), "organisation", actor.organisation, orgs)
    _check_interventions(refs, ("interventions",), casus.interventions, parties, orgs, indicators)
    for i, structure in enumerate(casus.structures):
        for j, member in enumerate(structure.members):
            refs.need(("structures", i, "members", j), "party", member, parties)
        refs.need(("structures", i, "chair"), "party", structure.chair, parties)
    for i, past in enumerate(casus.past_interventions):
        for j, org in enumerate(past.organisations):
            refs.need(("past_interventions", i, "organisations", j), "organisation", org, orgs)
    for i, facilitator in enumerate(casus.facilitators):
        refs.need(("facilitators", i), "actor", facilitator, actors)
    if casus.working_group is not None:
        group = casus.working_group
        refs.need(("working_group", "project_leader"), "actor", group.project_leader, actors)
        for i, seat in enumerate(group.members):
            refs.need(("working_group", "members", i, "actor"), "actor", seat.actor, actors)
    _check_years(refs, casus, date.today().year)
    problems = refs.problems
    method, method_problems = _method(loaded, lang)
    problems += method_problems
    problems += _check_training(loaded, bool(casus.demo or demos), lang)
    if method is not None:
        problems += _check_glijbaan(loaded, method, lang)
    for wf in workforms:
        problems += check_workform(wf, lang)
    if method is not None:
        installed = {k: v for k, v in registered.items() if v.method == casus.method}
        specs = installed | {wf.model.slug: wf.model for wf in workforms}
        ctx = _DemoContext(method, orgs, actors, indicators, specs)
        for number, demo in casus.demo.items():
            problems += _check_demo(_Inline(loaded, ("demo", number)), demo, ctx, lang)
        for demo in demos:
            problems += _check_demo(demo, demo.model, ctx, lang)
    return problems


_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")


def _check_years(refs: _Refs, casus: Any, now: int) -> None:
    """Nothing measured or tried before can lie after this year (``now``)."""

    def future(loc: Loc, year: int, what: str) -> None:
        msg = t(f"casus.year_future.{what}", refs.lang, year=year)
        refs.problems.append(refs.loaded.problem(loc, msg))

    for i, indicator in enumerate(casus.indicators):
        for moment in ("past", "present"):
            measured = getattr(indicator, moment)
            if measured is not None and measured.year is not None and measured.year > now:
                future(("indicators", i, moment, "year"), measured.year, "measurement")
    for i, past in enumerate(casus.past_interventions):
        years = [int(y) for y in _YEAR.findall(past.period)]
        if years and max(years) > now:
            future(("past_interventions", i, "period"), max(years), "past_intervention")


def _check_glijbaan(loaded: Any, method: Method, lang: str | None) -> list[Problem]:
    """Every glijbaan position of an actor is for a phase the method has."""
    numbers = [p.number for p in method.phases]
    problems = []
    for i, actor in enumerate(loaded.model.actors):
        for number in actor.glijbaan:
            if number not in numbers:
                msg = t(
                    "casus.glijbaan_phase",
                    lang,
                    method=method.id,
                    noun=method.phase_noun.get(lang or default_lang()),
                    nouns=method.phase_noun_plural.get(lang or default_lang()),
                    last=numbers[-1],
                    number=number,
                )
                problems.append(loaded.problem(("actors", i, "glijbaan", number), msg))
    return problems


def _check_training(loaded: Any, has_demo: bool, lang: str | None) -> list[Problem]:
    """A training case is invented: ``purpose: training``, or demo input and no purpose."""
    casus = loaded.model
    training = casus.purpose == "training" or (casus.purpose is None and has_demo)
    if casus.fictional or not training:
        return []
    demo = t("casus.training_demo", lang) if casus.purpose is None else ""
    return [loaded.problem(("fictional",), t("casus.training_not_fictional", lang, demo=demo))]


def _check_interventions(
    refs: _Refs,
    base: Loc,
    items: list[Intervention],
    parties: set[str],
    orgs: set[str],
    indicators: set[str],
) -> None:
    for i, item in enumerate(items):
        _check_intervention(refs, base + (i,), item, parties, orgs, indicators)


def _check_intervention(
    refs: _Refs,
    loc: Loc,
    item: Intervention,
    parties: set[str],
    orgs: set[str],
    indicators: set[str],
) -> None:
    refs.need(loc + ("owner",), "party", item.owner, parties)
    for j, org in enumerate(item.organisations):
        refs.need(loc + ("organisations", j), "organisation", org, orgs)
    for j, effect in enumerate(item.effects):
        refs.need(loc + ("effects", j, "indicator"), "indicator", effect.indicator, indicators)


class _Inline:
    """Locates problems of demo input written inline under ``demo:`` in casus.yaml."""

    def __init__(self, loaded: Any, prefix: Loc):
        self.loaded, self.prefix = loaded, prefix
        self.positions, self.path = loaded.positions, loaded.path

    def problem(self, loc: Loc, message: str) -> Problem:
        return self.loaded.problem(self.prefix + loc, message)


class _DemoContext:
    def __init__(
        self,
        method: Method,
        orgs: set[str],
        actors: set[str],
        indicators: set[str],
        workforms: dict[str, Any],
    ):
        self.method, self.orgs, self.actors = method, orgs, actors
        self.parties = orgs | actors
        self.indicators, self.workforms = indicators, workforms


def _check_demo(where: Any, demo: Any, ctx: _DemoContext, lang: str | None) -> list[Problem]:
    refs = _Refs(where, lang)
    numbers = {p.number for p in ctx.method.phases}
    if demo.phase not in numbers:
        refs.need(("phase",), "phase", demo.phase, set(map(str, numbers)))
        return refs.problems
    phase = ctx.method.phase(demo.phase)
    for i, run in enumerate(demo.runs):
        refs.need(("runs", i, "workform"), "workform", run.workform, set(ctx.workforms))
        spec = ctx.workforms.get(run.workform)
        if spec is not None:
            if demo.phase not in spec.phases:
                phases = ", ".join(map(str, spec.phases))
                msg = t(
                    "ref.workform_not_in_phase",
                    lang,
                    slug=spec.slug,
                    phase=demo.phase,
                    phases=phases,
                )
                refs.problems.append(where.problem(("runs", i, "workform"), msg))
            _check_run(refs, ("runs", i), run, spec, ctx)
    factors = {f.key for f in ctx.method.key_factors}
    for key in demo.key_factor_notes:
        refs.need(("key_factor_notes", key), "key_factor", key, factors)
    for actor in demo.glijbaan:
        refs.need(("glijbaan", actor), "actor", actor, ctx.actors)
    # asked only when there are commands: the extensions' code is not imported to check nothing
    commands: set[str] = set()
    if demo.commands:
        commands = {k for e in extensions_for_method(ctx.method.id) for k in e.events}
    for i, command in enumerate(demo.commands):
        refs.need(("commands", i, "command"), "command", command.command, commands)
        refs.need(("commands", i, "author"), "actor", command.author, ctx.actors)
    spec = phase.result
    fields = {f.key for f in spec.fields}
    for key, value in demo.result.items():
        loc: Loc = ("result", key)
        if key not in fields:
            refs.need(loc, "result_field", key, fields)
            continue
        _check_result_value(refs, loc, spec.field(key), value, ctx, lang)
    missing = spec.missing(demo.result)
    fields_missing = [m for m in missing if ":" not in m]
    if fields_missing:
        msg = t("ref.demo_incomplete", lang, missing=", ".join(fields_missing))
        refs.problems.append(where.problem(("result",), msg))
    for gap in (m for m in missing if ":" in m):
        field, party = gap.split(":", 1)
        loc = (
            ("result", field, party)
            if party in (demo.result.get(field) or {})
            else ("result", field)
        )
        refs.problems.append(where.problem(loc, t("ref.not_approved", lang, party=party)))
    return refs.problems


def _check_run(refs: _Refs, loc: Loc, run: Any, spec: Any, ctx: _DemoContext) -> None:
    """Demo content fits its kind's content model and names things that exist.

    A kind with a ``demo_field`` (the board's ``notes:``) takes its content from that field of
    the run; every other kind from ``content:``.
    """
    where, lang = refs.loaded, refs.lang
    try:
        logic = canvas_kind(spec.canvas.kind)
    except CanvasError:
        return  # an unknown kind is reported where the work form is validated
    field = logic.demo_field
    if field is None:
        if run.notes:
            msg = t("ref.notes_on_board_only", lang, kind=spec.canvas.kind)
            refs.problems.append(where.problem(loc + ("notes",), msg))
        data, base = run.content, loc + ("content",)
    else:
        if run.content:
            refs.problems.append(where.problem(loc + ("content",), t("ref.board_content", lang)))
        data = {field: [x.model_dump() for x in getattr(run, field)]}
        base = loc
    model = logic.content_model
    if model is None:
        return
    try:
        content = model.model_validate(data)
    except ValidationError as exc:
        refs.problems += problems_from_validation(
            exc, model, data, where.positions, where.path, lang, prefix=_abs(where, base)
        )
        return
    before = len(refs.problems)
    for ref in logic.references(content, spec.canvas):
        known = set(ref.known) if ref.known is not None else ctx.actors
        refs.need(base + ref.loc, ref.what, ref.name, known)
    if len(refs.problems) == before:  # references hold: play it as playback would
        _dry_run(refs, logic, spec, data, base, run.workform)


def _dry_run(refs: _Refs, logic: Any, spec: Any, data: Any, base: Loc, slug: str) -> None:
    """Play demo content on a scratch run with the kind's own checks, as the journey will.

    A kind's ``check`` (a plugin's above all) may refuse what its content model accepts, such
    as a period the work form does not have; found here, the problem is located at the item
    the refused operation came from (or at the run's content) instead of at playback.
    """
    run = RunState(id="demo", workform=slug, phase=spec.phases[0], canvas=spec.canvas.kind)
    try:
        ops = list(logic.operations(data))
    except CanvasError as exc:
        refs.problems.append(refs.loaded.problem(base, _unplayable(exc, refs.lang)))
        return
    for event, payload, author in ops:
        payload = dict(payload)
        if event in logic.creates and not payload.get(logic.creates[event]):
            payload[logic.creates[event]] = new_id()
        try:
            prepared = logic.prepare(event, payload, spec.canvas, author)
            command = logic.command(event, prepared)
            logic.check(run, event, command, spec, author)
            logic.apply(run, event, logic.stored(event, logic.payload(command)), author)
        except CanvasError as exc:
            loc = base + _where(data, payload)
            refs.problems.append(refs.loaded.problem(loc, _unplayable(exc, refs.lang)))
            return


def _unplayable(exc: CanvasError, lang: str | None) -> str:
    return t("ref.demo_unplayable", lang, why=exc.text(lang))


def _where(data: Any, payload: dict[str, Any]) -> Loc:
    """The place in demo content whose values the operation's payload carries (best match)."""
    wanted = {(k, v) for k, v in payload.items() if isinstance(v, str | int | float) and v != ""}
    best: tuple[int, Loc] = (0, ())

    def walk(node: Any, loc: Loc) -> None:
        nonlocal best
        if isinstance(node, dict):
            shared = sum(
                1 for k, v in node.items() if isinstance(v, str | int | float) and (k, v) in wanted
            )
            if shared > best[0] or (shared == best[0] and shared and len(loc) > len(best[1])):
                best = (shared, loc)
            for key, value in node.items():
                walk(value, loc + (key,))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, loc + (i,))

    walk(data, ())
    return best[1]


def _check_result_value(
    refs: _Refs, loc: Loc, field: Any, value: Any, ctx: _DemoContext, lang: str | None
) -> None:
    where, kind = refs.loaded, field.kind
    problem = field.value_problem(value)
    if problem is not None:
        refs.problems.append(where.problem(loc, t(f"error.{problem}", lang)))
    elif kind == "parties":
        for i, party in enumerate(value):
            refs.need(loc + (i,), "party", party, ctx.parties)
    elif kind == "approvals":
        for party in value:
            refs.need(loc + (party,), "party", party, ctx.parties)
    elif kind == "interventions":
        for i, item in enumerate(value):
            try:
                iv = Intervention.model_validate(item)
            except ValidationError as exc:
                refs.problems += problems_from_validation(
                    exc,
                    Intervention,
                    item,
                    where.positions,
                    where.path,
                    lang,
                    prefix=_abs(where, loc + (i,)),
                )
                continue
            _check_intervention(refs, loc + (i,), iv, ctx.parties, ctx.orgs, ctx.indicators)


def _abs(where: Any, loc: Loc) -> Loc:
    return tuple(getattr(where, "prefix", ())) + loc
