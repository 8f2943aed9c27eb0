"""The KVU as a cycle: a finished evaluation starts the next round as a new journey.

The KVU is meant to be repeated: after the evaluation (the step that ``holds: [evaluation]``
in ``kvu.yaml``, step 7) the working group measures again, keeps what works and starts over.
:func:`start_next_round` creates a new journey of the same casus in the same store and stores
what carries over as ordinary events, through the same checked commands a facilitator uses:

* ``round_started {previous, round}`` links it to the round before;
* the roster (the working group and everyone else on it, with their ids);
* the working group's confirmed process criteria;
* the baseline: per indicator the latest measurement of the round before (its final
  measurement where there is one) becomes this round's ``nulmeting``, in the step that
  records the baseline, with a note saying where it came from: the next round measures
  against where the area stands now, not against the first round's start;
* the measures still in the plan (not dropped), each with its plan (owner, goal, indicator,
  GOKIT), so the group reviews them in step 4 instead of choosing them again; the last
  status of each is named in the reason. Their progress starts afresh.

Nothing is copied by reference: the first journey stays as it was.
"""

from __future__ import annotations

from typing import Any

from ..engine import Journey
from ..errors import SprintkitError
from ..i18n import Message
from .ledger import kvu_state, round_of, serves

__all__ = ["start_next_round", "Carried"]


class Carried(dict[str, int]):
    """How much a new round took over: ``people``, ``criteria``, ``baseline``, ``measures``."""


def _evaluation_step(journey: Journey) -> int:
    phase = journey.method.phase_holding("evaluation")
    if not serves(journey.method) or phase is None:
        raise SprintkitError(Message("kvu.round.not_kvu", method=journey.method.id))
    return phase.number


def _baseline_step(journey: Journey) -> int | None:
    for phase in journey.method.phases:
        ledger = phase.ledger
        if ledger is not None and "nulmeting" in ledger.panels and ledger.moment == "nulmeting":
            return phase.number
    return None


def start_next_round(journey: Journey, *, label: str | None = None) -> tuple[Journey, Carried]:
    """Start the next round of a finished KVU journey; returns it and what it took over.

    Refused in Dutch while the evaluation step is not closed. The new journey lives in the
    same store as ``journey`` and gets every carried fact as an event of its own.
    """
    evaluation = _evaluation_step(journey)
    if journey.state.phase(evaluation).status != "closed":
        noun = journey.method.phase_noun
        raise SprintkitError(Message("kvu.round.not_evaluated", noun=noun, number=evaluation))
    data = kvu_state(journey)
    number = int(round_of(journey)["number"]) + 1
    new = Journey.create(
        journey.casus,
        journey.method,
        journey.available_workforms(),
        journey.store,
        label=label or Message("kvu.round.label", round=number).text("nl"),
    )
    carried = Carried(people=0, criteria=0, baseline=0, measures=0)
    with new.transaction():
        new.command("round_started", {"previous": journey.id, "round": number}, phase=1)
        carried["people"] = _roster(journey, new)
        for criterion, answer in sorted(data["criteria"].items()):
            payload = {"criterion": criterion, "ok": answer["ok"], "note": answer["note"]}
            new.command("criterion_confirmed", payload, phase=1)
            carried["criteria"] += 1
        carried["baseline"] = _baseline(journey, new, data["measurements"], number - 1)
        carried["measures"] = _measures(new, data["measures"], number - 1)
    return new, carried


def _roster(old: Journey, new: Journey) -> int:
    people = old.people()
    for p in people:
        new.add_person(
            p.name,
            organisation=p.organisation,
            role=p.role,
            plays=p.plays,
            own_organisation=p.own_organisation,
            own_kind=p.own_kind,
            person_id=p.id,
        )
    return len(people)


_ORDER = {"nulmeting": 0, "tussenmeting": 1, "eindmeting": 2}


def _baseline(old: Journey, new: Journey, measurements: list[dict[str, Any]], done: int) -> int:
    """The latest measurement per indicator as the new round's baseline."""
    latest: dict[str, dict[str, Any]] = {}
    for m in measurements:  # in the order they were stored: a later one of a moment wins
        current = latest.get(m["indicator"])
        if current is None or _ORDER[m["moment"]] >= _ORDER[current["moment"]]:
            latest[m["indicator"]] = m
    step = _baseline_step(new)
    for indicator, m in sorted(latest.items()):
        note = Message("kvu.round.from", round=done, moment=m["moment"]).text("nl")
        payload = {
            "indicator": indicator,
            "moment": "nulmeting",
            "value": m["value"],
            "source": m.get("source"),
            "date": m.get("date"),
            "note": f"{note} {m['note']}" if m.get("note") else note,
        }
        new.command("measurement_recorded", payload, phase=step)
    return len(latest)


def _measures(new: Journey, measures: dict[str, dict[str, Any]], done: int) -> int:
    """Every measure still in the plan, selected again with its plan."""
    kept = [m for m in measures.values() if not m["dropped"]]
    for m in kept:
        status = m["progress"][-1]["status"] if m["progress"] else "gepland"
        reason = Message("kvu.round.measure", round=done, status=status).text("nl")
        payload: dict[str, Any] = {"measure": m["id"], "problem": m["problem"], "reason": reason}
        if not m["catalogue"]:
            payload |= {"name": m["name"], "environment": m["environment"]}
            payload["category"] = m["category"]
        phase = m.get("selected_in")
        new.command("measure_selected", payload, phase=phase)
        if m["plan"] is not None:
            plan = {k: v for k, v in m["plan"].items() if k != "phase"}
            new.command("measure_planned", {"measure": m["id"], **plan}, phase=m["plan"]["phase"])
    return len(kept)
