"""The KVU ledger: the method's own commands, folded into ``JourneyState.extensions["kvu"]``.

This module holds the ledger itself (its constants, the check of every command, the fold
:func:`apply` and the readers :func:`kvu_state`, :func:`step_result`, :func:`held_result` and
:func:`source_of`) and imports no read model: the read models build on it. The extension that
plugs the ledger into the engine, with each step's gate and suggestions, is
:mod:`sprintkit.kvu.extension`.

Event kinds and payloads (all checked before they are stored):

``success_factor_scored``   ``{factor, score: 1..5, note}``, in the step being scored
``criterion_confirmed``     ``{criterion, ok: bool, note}``: a process criterion of the group
``measurement_recorded``    ``{id, indicator, moment, value, source, date, note}``
``measure_selected``        ``{measure, name, environment, category, problem, reason}``
``measure_dropped``         ``{measure, reason}``
``measure_planned``         ``{measure, owner, deadline, budget, goal, indicator, target, gokit}``
``measure_progress``        ``{measure, status, note, date}``

The folded state is plain JSON-able data::

    {"scores": {step: {factor: {"score", "note", "author"}}},
     "criteria": {criterion: {"ok", "note"}},
     "measurements": [{"id", "indicator", "moment", "value", "source", "date", "note", "phase"}],
     "measures": {id: {"id", "catalogue", "name", "environment", "category", "problem",
                       "reason", "selected_in", "dropped", "plan", "progress": [...]}}}
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from ..errors import SprintkitError
from ..i18n import Message, catalog
from ..model import Text

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
    "check",
    "apply",
    "kvu_state",
    "step_result",
    "held_result",
    "source_of",
    "name_text",
]

#: the extension's name: its part of the state is ``JourneyState.extensions[NAME]``
NAME = "kvu"
#: the methods the ledger serves
METHODS = frozenset({"kvu"})
#: the event kinds the ledger owns
EVENTS = frozenset(
    {
        "success_factor_scored",
        "criterion_confirmed",
        "measurement_recorded",
        "measure_selected",
        "measure_dropped",
        "measure_planned",
        "measure_progress",
    }
)
#: the three kinds of measurement of the KVU: baseline, interim and final
MOMENTS = ("nulmeting", "tussenmeting", "eindmeting")
#: statuses of a measure in the progress matrix, in the order they usually follow
STATUSES = ("gepland", "gestart", "op_schema", "vertraagd", "uitgevoerd", "gestopt")
#: the five aspects of project control (Geld, Organisatie, Kwaliteit, Informatie, Tijd)
GOKIT = ("geld", "organisatie", "kwaliteit", "informatie", "tijd")
SCORE_RANGE = range(1, 6)
#: a score at or below this is weak and gets the source's reasoning as a warning
WEAK_SCORE = 2
_MAX_TEXT = 4000


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


def _error(key: str, **values: Any) -> SprintkitError:
    """A refusal, worded when shown; a payload field is named by its label in that language."""
    if "field" in values:
        field = values["field"]
        for label in (f"kvu.field.{field}", f"kvu.gokit.{field}"):
            if label in catalog():
                values["field"] = Message(label)
                break
    return SprintkitError(Message(key, **values))


def _text(payload: dict[str, Any], key: str, *, required: bool = False) -> str | None:
    value = payload.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _error("kvu.required", field=key)
        return None
    if not isinstance(value, str):
        raise _error("kvu.not_text", field=key)
    if len(value) > _MAX_TEXT:
        raise _error("kvu.too_long", field=key, limit=_MAX_TEXT)
    return value.strip()


def _date(payload: dict[str, Any], key: str, *, required: bool = False) -> str | None:
    value = payload.get(key)
    if value in (None, ""):
        if required:
            raise _error("kvu.required", field=key)
        return None
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise _error("kvu.bad_date", field=key, value=value) from None


def _number(value: Any, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        try:
            value = float(str(value).replace(",", "."))
        except ValueError:
            raise _error("kvu.not_number", field=field, value=value) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise _error("kvu.not_number", field=field, value=value)
    return float(value)


def _choice(value: Any, field: str, choices: list[str] | tuple[str, ...]) -> str:
    if value not in choices:
        raise _error("kvu.bad_choice", field=field, value=value, choices=", ".join(choices))
    return str(value)


# -- checking commands -------------------------------------------------------------------------
def check(journey: JourneyView, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The payload of a ledger command, checked and normalised; a Dutch refusal when wrong."""
    return _CHECKS[kind](journey, payload)


def _check_success_factor_scored(journey: JourneyView, p: dict[str, Any]) -> dict[str, Any]:
    keys = [f.key for f in journey.method.success_factors]
    factor = _choice(p.get("factor"), "factor", keys)
    score = p.get("score")
    if isinstance(score, bool) or not isinstance(score, int) or score not in SCORE_RANGE:
        raise _error("kvu.bad_score", value=score)
    return {"factor": factor, "score": score, "note": _text(p, "note")}


def _check_criterion_confirmed(journey: JourneyView, p: dict[str, Any]) -> dict[str, Any]:
    spec = journey.method.working_group
    keys = [c.key for c in spec.criteria if c.check == "process"] if spec else []
    criterion = _choice(p.get("criterion"), "criterion", keys)
    ok = p.get("ok", True)
    if not isinstance(ok, bool):
        raise _error("kvu.not_bool", field="ok")
    return {"criterion": criterion, "ok": ok, "note": _text(p, "note")}


def _check_measurement_recorded(journey: JourneyView, p: dict[str, Any]) -> dict[str, Any]:
    indicators = {i.id: i for i in journey.casus.indicators}
    indicator = _choice(p.get("indicator"), "indicator", sorted(indicators))
    moment = _choice(p.get("moment", "nulmeting"), "moment", MOMENTS)
    if p.get("value") is None:
        raise _error("kvu.required", field="value")
    value = _number(p.get("value"), "value")
    sources = [s.key for s in journey.method.analysis_sources]
    source = p.get("source") or source_of(journey, indicators[indicator].source)
    if source is not None:
        source = _choice(source, "source", sources)
    return {
        "id": p.get("id") or uuid.uuid4().hex[:12],
        "indicator": indicator,
        "moment": moment,
        "value": value,
        "source": source,
        "date": _date(p, "date"),
        "note": _text(p, "note"),
    }


def _check_measure_selected(journey: JourneyView, p: dict[str, Any]) -> dict[str, Any]:
    from .measures import find_measure

    measure = p.get("measure")
    name = p.get("name")
    out: dict[str, Any] = {"problem": _text(p, "problem"), "reason": _text(p, "reason")}
    if measure and not name:
        spec = find_measure(str(measure), journey.casus)  # raises with "did you mean"
        out |= {
            "measure": spec.id,
            "catalogue": True,
            "name": spec.name.model_dump(exclude_none=True),
            "environment": spec.environment.value,
            "category": spec.category,
        }
    else:
        from ..model import MEASURE_CATEGORIES, Environment

        if isinstance(name, str):
            name = {"nl": name}
        if not isinstance(name, dict) or not str(name.get("nl", "")).strip():
            raise _error("kvu.required", field="name")
        out |= {
            "measure": measure or f"eigen_{uuid.uuid4().hex[:8]}",
            "catalogue": False,
            "name": {k: str(v).strip() for k, v in name.items() if k in ("nl", "en") and v},
            "environment": _choice(
                p.get("environment"), "environment", [e.value for e in Environment]
            ),
            "category": _choice(p.get("category", "overig"), "category", MEASURE_CATEGORIES),
        }
    current = kvu_state(journey)["measures"].get(out["measure"])
    if current and not current["dropped"]:
        raise _error("kvu.already_selected", measure=name_text(current))
    return out


def _selected(journey: JourneyView, p: dict[str, Any]) -> dict[str, Any]:
    measures = kvu_state(journey)["measures"]
    live = {k: v for k, v in measures.items() if not v["dropped"]}
    key = p.get("measure")
    if key not in live:
        raise _error("kvu.not_selected", measure=key, known=", ".join(sorted(live)) or "-")
    return live[key]


def _check_measure_dropped(journey: JourneyView, p: dict[str, Any]) -> dict[str, Any]:
    measure = _selected(journey, p)
    return {"measure": measure["id"], "reason": _text(p, "reason")}


def _check_measure_planned(journey: JourneyView, p: dict[str, Any]) -> dict[str, Any]:
    measure = _selected(journey, p)
    names = journey.casus.party_names()
    owner = p.get("owner")
    if owner not in names:
        raise _error("kvu.unknown_owner", owner=owner)
    budget = p.get("budget")
    if budget is not None:
        budget = _number(budget, "budget")
        if budget < 0:
            raise _error("kvu.negative", field="budget")
    indicator = p.get("indicator")
    if indicator is not None:
        _choice(indicator, "indicator", sorted(i.id for i in journey.casus.indicators))
    target = p.get("target")
    if target is not None:
        target = _number(target, "target")
    gokit_in = p.get("gokit") or {}
    if not isinstance(gokit_in, dict):
        raise _error("kvu.bad_choice", field="gokit", value=gokit_in, choices=", ".join(GOKIT))
    for key in gokit_in:
        _choice(key, "gokit", GOKIT)
    gokit = {k: v for k in GOKIT if (v := _text(gokit_in, k))}
    return {
        "measure": measure["id"],
        "owner": owner,
        "deadline": _date(p, "deadline", required=True),
        "budget": budget,
        "goal": _text(p, "goal", required=True),
        "indicator": indicator,
        "target": target,
        "gokit": gokit,
    }


def _check_measure_progress(journey: JourneyView, p: dict[str, Any]) -> dict[str, Any]:
    measure = _selected(journey, p)
    if measure.get("plan") is None:
        raise _error("kvu.not_planned", measure=name_text(measure))
    return {
        "measure": measure["id"],
        "status": _choice(p.get("status"), "status", STATUSES),
        "note": _text(p, "note"),
        "date": _date(p, "date"),
    }


_CHECKS = {
    "success_factor_scored": _check_success_factor_scored,
    "criterion_confirmed": _check_criterion_confirmed,
    "measurement_recorded": _check_measurement_recorded,
    "measure_selected": _check_measure_selected,
    "measure_dropped": _check_measure_dropped,
    "measure_planned": _check_measure_planned,
    "measure_progress": _check_measure_progress,
}


# -- folding -------------------------------------------------------------------------------------
def apply(
    data: dict[str, Any],
    kind: str,
    payload: dict[str, Any],
    phase: int | None,
    author: str | None,
    time: str,
) -> None:
    """Fold one stored ledger event into ``data`` (pure; a dangling reference is skipped)."""
    p = payload
    if kind == "success_factor_scored":
        scores = data.setdefault("scores", {}).setdefault(phase or 0, {})
        scores[p["factor"]] = {"score": p["score"], "note": p.get("note"), "author": author}
    elif kind == "criterion_confirmed":
        data.setdefault("criteria", {})[p["criterion"]] = {"ok": p["ok"], "note": p.get("note")}
    elif kind == "measurement_recorded":
        data.setdefault("measurements", []).append({**p, "phase": phase})
    elif kind == "measure_selected":
        data.setdefault("measures", {})[p["measure"]] = {
            "id": p["measure"],
            "catalogue": p.get("catalogue", False),
            "name": p["name"],
            "environment": p["environment"],
            "category": p["category"],
            "problem": p.get("problem"),
            "reason": p.get("reason"),
            "selected_in": phase,
            "dropped": False,
            "dropped_reason": None,
            "plan": None,
            "progress": [],
        }
    else:
        measure = data.get("measures", {}).get(p.get("measure"))
        if measure is None:
            return
        if kind == "measure_dropped":
            measure["dropped"], measure["dropped_reason"] = True, p.get("reason")
        elif kind == "measure_planned":
            measure["plan"] = {k: v for k, v in p.items() if k != "measure"} | {"phase": phase}
        elif kind == "measure_progress":
            measure["progress"].append(
                {
                    "status": p["status"],
                    "note": p.get("note"),
                    "date": p.get("date") or time[:10],
                    "phase": phase,
                }
            )


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
