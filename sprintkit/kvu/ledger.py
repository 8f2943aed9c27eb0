"""The KVU ledger: the method's own commands, folded into ``JourneyState.extensions["kvu"]``.

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

from ..engine.extension import Extension
from ..engine.gate import Gap
from ..errors import SprintkitError
from ..i18n import Message, catalog

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.journey import Journey

__all__ = [
    "KvuLedger",
    "MOMENTS",
    "STATUSES",
    "GOKIT",
    "SCORE_RANGE",
    "WEAK_SCORE",
    "kvu_state",
    "step_result",
]

NAME = "kvu"
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


def kvu_state(journey: Journey) -> dict[str, Any]:
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


class KvuLedger(Extension):
    """The KVU's success factors, working group criteria, measurements and measures cycle."""

    name = NAME
    methods = frozenset({"kvu"})
    events = frozenset(
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

    # -- checking commands -------------------------------------------------------------------
    def check(self, journey, kind, payload, phase):  # noqa: D102
        return getattr(self, f"_check_{kind}")(journey, payload)

    def _check_success_factor_scored(self, journey, p):
        keys = [f.key for f in journey.method.success_factors]
        factor = _choice(p.get("factor"), "factor", keys)
        score = p.get("score")
        if isinstance(score, bool) or not isinstance(score, int) or score not in SCORE_RANGE:
            raise _error("kvu.bad_score", value=score)
        return {"factor": factor, "score": score, "note": _text(p, "note")}

    def _check_criterion_confirmed(self, journey, p):
        spec = journey.method.working_group
        keys = [c.key for c in spec.criteria if c.check == "process"] if spec else []
        criterion = _choice(p.get("criterion"), "criterion", keys)
        ok = p.get("ok", True)
        if not isinstance(ok, bool):
            raise _error("kvu.not_bool", field="ok")
        return {"criterion": criterion, "ok": ok, "note": _text(p, "note")}

    def _check_measurement_recorded(self, journey, p):
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

    def _check_measure_selected(self, journey, p):
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
            raise _error("kvu.already_selected", measure=_name_text(current))
        return out

    def _selected(self, journey, p) -> dict[str, Any]:
        measures = kvu_state(journey)["measures"]
        live = {k: v for k, v in measures.items() if not v["dropped"]}
        key = p.get("measure")
        if key not in live:
            raise _error("kvu.not_selected", measure=key, known=", ".join(sorted(live)) or "-")
        return live[key]

    def _check_measure_dropped(self, journey, p):
        measure = self._selected(journey, p)
        return {"measure": measure["id"], "reason": _text(p, "reason")}

    def _check_measure_planned(self, journey, p):
        measure = self._selected(journey, p)
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

    def _check_measure_progress(self, journey, p):
        measure = self._selected(journey, p)
        if measure.get("plan") is None:
            raise _error("kvu.not_planned", measure=_name_text(measure))
        return {
            "measure": measure["id"],
            "status": _choice(p.get("status"), "status", STATUSES),
            "note": _text(p, "note"),
            "date": _date(p, "date"),
        }

    # -- folding -----------------------------------------------------------------------------
    def apply(self, data, kind, payload, phase, author, time):  # noqa: D102
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

    # -- gate and result -----------------------------------------------------------------------
    def gaps(self, journey, phase):  # noqa: D102
        key = journey.method.phase(phase).key
        state = kvu_state(journey)
        if key == "succesfactoren":
            scored = state["scores"].get(phase, {})
            return [
                _gap("kvu.gap.score", f.key, factor=f.name)
                for f in journey.method.success_factors
                if f.key not in scored
            ]
        if key == "initiatief":
            from .werkgroep import check_journey_working_group

            check = check_journey_working_group(journey)
            return [
                Gap("extension", f"werkgroep:{line.key}", *line.gap_labels())
                for line in check.lines
                if line.status == "fail"
            ]
        if key == "veiligheidsanalyse":
            baseline = {m["indicator"] for m in state["measurements"] if m["moment"] == "nulmeting"}
            if len(baseline) < 3:
                return [_gap("kvu.gap.baseline", count=len(baseline))]
            return []
        live = [m for m in state["measures"].values() if not m["dropped"]]
        if key == "plan-van-aanpak":
            if not live:
                return [_gap("kvu.gap.no_measures")]
            return [
                _gap("kvu.gap.plan", m["id"], measure=_name_text(m)) for m in live if not m["plan"]
            ]
        if key == "uitvoering":
            return [
                _gap("kvu.gap.progress", m["id"], measure=_name_text(m))
                for m in live
                if m["plan"] and not any(p["phase"] == phase for p in m["progress"])
            ]
        if key == "evaluatie":
            final = [m for m in state["measurements"] if m["moment"] == "eindmeting"]
            return [] if final else [_gap("kvu.gap.final")]
        return []

    def contribute(self, journey, phase):  # noqa: D102
        from . import cycle, safety, successfactors

        key = journey.method.phase(phase).key
        if key == "succesfactoren":
            return successfactors.contribution(journey, phase)
        if key == "veiligheidsanalyse":
            return safety.baseline_contribution(journey)
        if key == "plan-van-aanpak":
            return cycle.plan_contribution(journey)
        if key == "uitvoering":
            return cycle.progress_contribution(journey, phase)
        if key == "evaluatie":
            return safety.evaluation_contribution(journey)
        return {}


def step_result(journey: Journey, key: str) -> dict[str, Any]:
    """The result of the step with this key: the closed one, else the one being filled."""
    for phase in journey.method.phases:
        if phase.key == key:
            state = journey.state.phase(phase.number)
            return dict(state.closed_result or state.result or {})
    return {}


def source_of(journey: Journey, text: str | None) -> str | None:
    """The analysis source an indicator's free-text ``source`` names (``None`` when unclear)."""
    if not text:
        return None
    low = text.lower()
    for source in journey.method.analysis_sources:
        if any(word in low for word in source.matches):
            return source.key
    return None


def _name_text(measure: dict[str, Any]) -> Any:
    from ..model import Text

    return Text.model_validate(measure["name"])


def _gap(key: str, ident: str | None = None, **values: Any) -> Gap:
    return Gap.of("extension", f"{key}:{ident}" if ident else key, Message(key, **values))
