"""The KVU ledger: the method's own commands, folded into ``JourneyState.extensions["kvu"]``.

This module holds the ledger itself (its constants, the journey's checks of every command, the
fold :func:`apply` and the readers :func:`kvu_state`, :func:`step_result`, :func:`held_result`
and :func:`source_of`) and imports no read model: the read models build on it. The commands are
typed (:mod:`sprintkit.kvu.commands`, one frozen model per event kind, which holds their shape);
the extension that plugs the ledger into the engine, with each step's gate and suggestions, is
:mod:`sprintkit.kvu.extension`.

Event kinds and payloads (a command's shape is checked when it is made, what needs the journey
by :func:`check`, both before it is stored):

``success_factor_scored``   ``{factor, score: 1..5, note}``, in the step being scored
``criterion_confirmed``     ``{criterion, ok: bool, note}``: a process criterion of the group
``measurement_recorded``    ``{id, indicator, moment, value, source, date, note}``
``measure_selected``        ``{problem, reason, measure, catalogue, name, environment, category}``
``measure_dropped``         ``{measure, reason}``
``measure_planned``         ``{measure, owner, deadline, budget, goal, indicator, target, gokit}``
``measure_progress``        ``{measure, status, note, date}``
``round_started``           ``{previous, round}``: round 2+ of the cycle, after journey ``previous``

The folded state is plain JSON-able data::

    {"scores": {step: {factor: {"score", "note", "author"}}},
     "criteria": {criterion: {"ok", "note"}},
     "measurements": [{"id", "indicator", "moment", "value", "source", "date", "note", "phase"}],
     "measures": {id: {"id", "catalogue", "name", "environment", "category", "problem",
                       "reason", "selected_in", "dropped", "plan", "progress": [...]}},
     "round": {"number", "previous"}}   (only in round 2 and later)
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import SprintkitError
from ..i18n import Message
from ..model import Text
from .commands import (
    COMMANDS,
    GOKIT,
    MOMENTS,
    STATUSES,
    CriterionConfirmed,
    LedgerCommand,
    MeasureDropped,
    MeasurementRecorded,
    MeasurePlanned,
    MeasureProgress,
    MeasureSelected,
    RoundStarted,
    SuccessFactorScored,
    field_label,
)

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.view import JourneyView
    from ..model import Method

__all__ = [
    "NAME",
    "METHODS",
    "EVENTS",
    "MOMENTS",
    "STATUSES",
    "GOKIT",
    "SCORE_RANGE",
    "WEAK_SCORE",
    "serves",
    "prepare",
    "check",
    "apply",
    "kvu_state",
    "round_of",
    "step_result",
    "held_result",
    "source_of",
    "name_text",
]

#: the extension's name: its part of the state is ``JourneyState.extensions[NAME]``
NAME = "kvu"
#: the methods the ledger serves
METHODS = frozenset({"kvu"})
#: the event kinds the ledger owns, one per command
EVENTS = frozenset(command.kind for command in COMMANDS)
SCORE_RANGE = range(1, 6)
#: a score at or below this is weak and gets the source's reasoning as a warning
WEAK_SCORE = 2
#: the commands about a measure already chosen: the measure is looked up before anything else
_ABOUT_A_MEASURE = frozenset({"measure_dropped", "measure_planned", "measure_progress"})


def serves(method: Method | str) -> bool:
    """Whether the KVU ledger serves this method (a method object or its id)."""
    return (method if isinstance(method, str) else method.id) in METHODS


def kvu_state(journey: JourneyView) -> dict[str, Any]:
    """The folded KVU ledger of a journey, with every part present (empty when unused)."""
    data = journey.extension_state(NAME)
    return {
        "scores": data.get("scores", {}),
        "criteria": data.get("criteria", {}),
        "measurements": data.get("measurements", []),
        "measures": data.get("measures", {}),
    }


def round_of(journey: JourneyView) -> dict[str, Any]:
    """Which round of the KVU cycle a journey is: ``{"number", "previous"}`` (1 and ``None``)."""
    return dict(journey.extension_state(NAME).get("round", {"number": 1, "previous": None}))


def _error(key: str, **values: Any) -> SprintkitError:
    """A refusal, worded when shown; a payload field is named by its label in that language."""
    if "field" in values:
        values["field"] = field_label(values["field"])
    return SprintkitError(Message(key, **values))


def _one_of(value: str, field: str, choices: Sequence[str]) -> str:
    if value not in choices:
        raise _error("kvu.bad_choice", field=field, value=value, choices=", ".join(choices))
    return value


# -- checking commands against the journey -----------------------------------------------------
def prepare(journey: JourneyView, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """A command's payload before its shape is checked: a measure it is about must be chosen.

    (Asking for the owner of a measure nobody chose would send people the wrong way.)
    """
    if kind in _ABOUT_A_MEASURE:
        _selected(journey, payload.get("measure"))
    return payload


def check(journey: JourneyView, command: LedgerCommand) -> LedgerCommand:
    """The command, checked against the journey and completed; a Dutch refusal when wrong.

    The journey completes a measurement's ``source`` (guessed from the indicator) and a
    selected measure (from the catalogue, or an id for an own one).
    """
    match command:
        case SuccessFactorScored():
            _one_of(command.factor, "factor", [f.key for f in journey.method.success_factors])
        case CriterionConfirmed():
            spec = journey.method.working_group
            keys = [c.key for c in spec.criteria if c.check == "process"] if spec else []
            _one_of(command.criterion, "criterion", keys)
        case MeasurementRecorded():
            return _check_measurement(journey, command)
        case MeasureSelected():
            return _check_selection(journey, command)
        case MeasureDropped():
            _selected(journey, command.measure)
        case MeasurePlanned():
            _selected(journey, command.measure)
            if command.owner not in journey.casus.party_names():
                raise _error("kvu.unknown_owner", owner=command.owner)
            if command.indicator is not None:
                indicators = sorted(i.id for i in journey.casus.indicators)
                _one_of(command.indicator, "indicator", indicators)
        case MeasureProgress():
            chosen = _selected(journey, command.measure)
            if chosen.get("plan") is None:
                raise _error("kvu.not_planned", measure=name_text(chosen))
    return command


def _check_measurement(journey: JourneyView, command: MeasurementRecorded) -> MeasurementRecorded:
    indicators = {i.id: i for i in journey.casus.indicators}
    _one_of(command.indicator, "indicator", sorted(indicators))
    source = command.source or source_of(journey, indicators[command.indicator].source)
    if source is not None:
        _one_of(source, "source", [s.key for s in journey.method.analysis_sources])
    return command.model_copy(update={"source": source})


def _check_selection(journey: JourneyView, command: MeasureSelected) -> MeasureSelected:
    if command.own:
        made = f"eigen_{uuid.uuid4().hex[:8]}"
        done = command.model_copy(update={"measure": command.measure or made, "catalogue": False})
    else:
        from .measures import find_measure  # lazy: reading the catalogue loads YAML

        spec = find_measure(str(command.measure), journey.casus)  # raises with "did you mean"
        catalogued = {
            "measure": spec.id,
            "catalogue": True,
            "name": spec.name.model_dump(exclude_none=True),
            "environment": spec.environment.value,
            "category": spec.category,
        }
        done = command.model_copy(update=catalogued)
    current = kvu_state(journey)["measures"].get(done.measure)
    if current and not current["dropped"]:
        raise _error("kvu.already_selected", measure=name_text(current))
    return done


def _selected(journey: JourneyView, key: Any) -> dict[str, Any]:
    """The chosen (and not dropped) measure ``key``; a Dutch refusal naming the chosen ones."""
    measures = kvu_state(journey)["measures"]
    live: dict[str, dict[str, Any]] = {k: v for k, v in measures.items() if not v["dropped"]}
    if not isinstance(key, str) or key not in live:
        raise _error("kvu.not_selected", measure=key, known=", ".join(sorted(live)) or "-")
    return live[key]


# -- folding -------------------------------------------------------------------------------------
def apply(
    data: dict[str, Any],
    command: LedgerCommand,
    phase: int | None,
    author: str | None,
    time: str,
) -> None:
    """Fold one stored ledger command into ``data`` (pure; a dangling reference is skipped).

    ``command`` is made from the stored payload without validation (``Command.stored``).
    """
    match command:
        case SuccessFactorScored(factor=factor, score=score, note=note):
            scores = data.setdefault("scores", {}).setdefault(phase or 0, {})
            scores[factor] = {"score": score, "note": note, "author": author}
        case CriterionConfirmed(criterion=criterion, ok=ok, note=note):
            data.setdefault("criteria", {})[criterion] = {"ok": ok, "note": note}
        case MeasurementRecorded():
            data.setdefault("measurements", []).append(command.payload() | {"phase": phase})
        case MeasureSelected():
            data.setdefault("measures", {})[command.measure] = _selection(command, phase)
        case MeasureDropped() | MeasurePlanned() | MeasureProgress():
            _apply_to_measure(data, command, phase, time)
        case RoundStarted(previous=previous, round=number):
            data["round"] = {"number": number, "previous": previous}


def _selection(command: MeasureSelected, phase: int | None) -> dict[str, Any]:
    return {
        "id": command.measure,
        "catalogue": command.catalogue,
        "name": command.name,
        "environment": command.environment,
        "category": command.category,
        "problem": command.problem,
        "reason": command.reason,
        "selected_in": phase,
        "dropped": False,
        "dropped_reason": None,
        "plan": None,
        "progress": [],
    }


def _apply_to_measure(
    data: dict[str, Any],
    command: MeasureDropped | MeasurePlanned | MeasureProgress,
    phase: int | None,
    time: str,
) -> None:
    measure = data.get("measures", {}).get(command.measure)
    if measure is None:
        return
    match command:
        case MeasureDropped(reason=reason):
            measure["dropped"], measure["dropped_reason"] = True, reason
        case MeasurePlanned():
            plan = {k: v for k, v in command.payload().items() if k != "measure"}
            measure["plan"] = plan | {"phase": phase}
        case MeasureProgress(status=status, note=note, date=date):
            entry = {"status": status, "note": note, "date": date or time[:10], "phase": phase}
            measure["progress"].append(entry)


def step_result(journey: JourneyView, key: str) -> dict[str, Any]:
    """The result of the step with this key: the closed one, else the one being filled."""
    for phase in journey.method.phases:
        if phase.key == key:
            state = journey.state.phase(phase.number)
            return dict(state.closed_result or state.result or {})
    return {}


def held_result(journey: JourneyView, what: str) -> dict[str, Any]:
    """The result of the step that holds ``what``: the closed one, else the one being filled.

    ``what`` is ``declaration`` or ``evaluation``, as ``ledger.holds`` says in ``kvu.yaml``.
    """
    phase = journey.method.phase_holding(what)
    return step_result(journey, phase.key) if phase else {}


def source_of(journey: JourneyView, text: str | None) -> str | None:
    """The analysis source an indicator's free-text ``source`` names (``None`` when unclear)."""
    if not text:
        return None
    low = text.lower()
    for source in journey.method.analysis_sources:
        if any(word in low for word in source.matches):
            return source.key
    return None


def name_text(measure: dict[str, Any]) -> Text:
    """The name of a measure in the ledger, as a :class:`~sprintkit.model.Text`."""
    return Text.model_validate(measure["name"])
