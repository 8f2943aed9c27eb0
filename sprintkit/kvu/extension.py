"""The KVU as a method extension: the ledger plugged into the engine, with each step's rules.

:class:`KvuExtension` owns the ledger's event kinds (checked and folded by :mod:`.ledger`) and
adds to each step what ``ledger:`` in ``methods/kvu.yaml`` names for it: the ``gate`` rules
whose gaps keep the step open and the ``suggest`` rules that fill its result. The rules are
looked up here by name (:data:`GATES`, :data:`SUGGESTIONS`); which step uses which is data, so
a renamed step keeps its rules. This module imports the ledger and the read models; the ledger
imports neither it nor them.

Examples:
    >>> from sprintkit.workspace import start_journey
    >>> from sprintkit.store import SQLiteStore
    >>> journey = start_journey("nachtkwartier", store=SQLiteStore(":memory:"))
    >>> [gap.key for gap in KvuExtension().gaps(journey, 3)]
    ['kvu.gap.baseline']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..engine.extension import Extension
from ..engine.gate import Gap
from ..i18n import Message
from . import cycle, safety, successfactors
from .commands import COMMANDS, LedgerCommand
from .ledger import METHODS, NAME, apply, check, kvu_state, name_text, prepare
from .werkgroep import check_journey_working_group

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.view import JourneyView

__all__ = ["KvuExtension", "GATES", "SUGGESTIONS", "BASELINE_MIN"]

#: indicators a baseline needs before the step with the ``baseline`` gate may close
BASELINE_MIN = 3


def _gap(key: str, ident: str | None = None, **values: Any) -> Gap:
    return Gap.of("extension", f"{key}:{ident}" if ident else key, Message(key, **values))


def _live(journey: JourneyView) -> list[dict[str, Any]]:
    return [m for m in kvu_state(journey)["measures"].values() if not m["dropped"]]


def _scores(journey: JourneyView, phase: int) -> list[Gap]:
    """Every success factor scored in this step."""
    scored = kvu_state(journey)["scores"].get(phase, {})
    return [
        _gap("kvu.gap.score", f.key, factor=f.name)
        for f in journey.method.success_factors
        if f.key not in scored
    ]


def _working_group(journey: JourneyView, phase: int) -> list[Gap]:
    """No failing line in the working group check."""
    return [
        Gap("extension", f"werkgroep:{line.key}", *line.gap_labels())
        for line in check_journey_working_group(journey).fails
    ]


def _baseline(journey: JourneyView, phase: int) -> list[Gap]:
    """A baseline for at least :data:`BASELINE_MIN` indicators."""
    measured = kvu_state(journey)["measurements"]
    baseline = {m["indicator"] for m in measured if m["moment"] == "nulmeting"}
    return [_gap("kvu.gap.baseline", count=len(baseline))] if len(baseline) < BASELINE_MIN else []


def _plans(journey: JourneyView, phase: int) -> list[Gap]:
    """At least one measure, and a plan for every one."""
    live = _live(journey)
    if not live:
        return [_gap("kvu.gap.no_measures")]
    return [_gap("kvu.gap.plan", m["id"], measure=name_text(m)) for m in live if not m["plan"]]


def _progress(journey: JourneyView, phase: int) -> list[Gap]:
    """A progress update in this step for every planned measure."""
    return [
        _gap("kvu.gap.progress", m["id"], measure=name_text(m))
        for m in _live(journey)
        if m["plan"] and not any(p["phase"] == phase for p in m["progress"])
    ]


def _final_measurement(journey: JourneyView, phase: int) -> list[Gap]:
    """At least one final measurement."""
    measured = kvu_state(journey)["measurements"]
    return [] if any(m["moment"] == "eindmeting" for m in measured) else [_gap("kvu.gap.final")]


#: gate rule name (``ledger.gate`` in ``kvu.yaml``) -> the gaps it finds in a step; the names
#: are ``model.method.LedgerGate`` (a test keeps the two equal)
GATES: dict[str, Callable[[JourneyView, int], list[Gap]]] = {
    "scores": _scores,
    "working_group": _working_group,
    "baseline": _baseline,
    "plans": _plans,
    "progress": _progress,
    "final_measurement": _final_measurement,
}

#: suggestion rule name (``ledger.suggest`` in ``kvu.yaml``) -> the result values it suggests;
#: the names are ``model.method.LedgerSuggestion``
SUGGESTIONS: dict[str, Callable[[JourneyView, int], dict[str, Any]]] = {
    "assessment": successfactors.contribution,
    "baseline": lambda journey, _phase: safety.baseline_contribution(journey),
    "plans": lambda journey, _phase: cycle.plan_contribution(journey),
    "progress": cycle.progress_contribution,
    "effects": lambda journey, _phase: safety.evaluation_contribution(journey),
}


class KvuExtension(Extension[LedgerCommand]):
    """The KVU's success factors, working group criteria, measurements and measures cycle.

    Its commands are typed (:data:`.commands.COMMANDS`): their shape is checked when they are
    made, what needs the journey here.
    """

    name = NAME
    methods = METHODS
    commands = COMMANDS

    def prepare(
        self, journey: JourneyView, kind: str, payload: dict[str, Any], phase: int
    ) -> dict[str, Any]:
        """Refuse a command about a measure nobody chose first (see :func:`.ledger.prepare`)."""
        return prepare(journey, kind, payload)

    def check(
        self, journey: JourneyView, kind: str, command: LedgerCommand, phase: int
    ) -> LedgerCommand:
        """Check a ledger command against the journey, completed (see :func:`.ledger.check`)."""
        return check(journey, command)

    def apply(
        self,
        data: dict[str, Any],
        kind: str,
        command: LedgerCommand,
        phase: int | None,
        author: str | None,
        time: str,
    ) -> None:
        """Fold a stored ledger command (see :func:`.ledger.apply`)."""
        apply(data, command, phase, author, time)

    def gaps(self, journey: JourneyView, phase: int) -> list[Gap]:
        """The gaps of the gate rules ``ledger.gate`` names for this step, in that order."""
        rules = journey.method.phase(phase).ledger_spec.gate
        return [gap for rule in rules for gap in GATES[rule](journey, phase)]

    def contribute(self, journey: JourneyView, phase: int) -> dict[str, Any]:
        """The result values of the rules ``ledger.suggest`` names for this step."""
        out: dict[str, Any] = {}
        for rule in journey.method.phase(phase).ledger_spec.suggest:
            out |= SUGGESTIONS[rule](journey, phase)
        return out
