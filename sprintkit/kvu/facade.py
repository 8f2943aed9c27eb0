"""``Kvu``: the KVU commands and views of one journey, for notebooks, widgets and the CLI.

Examples:
    >>> from sprintkit.workspace import start_journey
    >>> from sprintkit.store import SQLiteStore
    >>> kvu = Kvu(start_journey("nachtkwartier", store=SQLiteStore(":memory:")))
    >>> kvu.score("gedeelde-visie", 2, "Club en bewoners zien een ander probleem")
    >>> [w.factor.key for w in kvu.warnings() if w.origin == "score"]
    ['gedeelde-visie']
"""

from __future__ import annotations

from typing import Any

from ..engine.journey import Journey
from ..engine.view import JourneyView
from ..errors import SprintkitError
from ..i18n import Message
from ..model import AnalysisSource
from . import cycle, safety, successfactors, werkgroep
from .ledger import kvu_state

__all__ = ["Kvu"]


class Kvu:
    """The KVU commands and views of a journey over a KVU casus.

    The views read any :class:`~sprintkit.engine.view.JourneyView` (a report's
    :class:`~sprintkit.engine.view.StateView` too); the commands need a live
    :class:`~sprintkit.engine.Journey`.
    """

    def __init__(self, journey: JourneyView):
        self.journey = journey

    @property
    def _live(self) -> Journey:
        """The journey the commands go to; a Dutch refusal over a read-only view."""
        if not isinstance(self.journey, Journey):
            raise SprintkitError(Message("kvu.view_only"))
        return self.journey

    @property
    def state(self) -> dict[str, Any]:
        """The folded KVU ledger (scores, criteria, measurements, measures)."""
        return kvu_state(self.journey)

    # -- commands ------------------------------------------------------------------------------
    def score(
        self,
        factor: str,
        score: int,
        note: str | None = None,
        *,
        phase: int | None = None,
        author: str | None = None,
    ) -> None:
        """Score one success factor (1-5) in a step (default: the current one)."""
        self._live.command(
            "success_factor_scored",
            {"factor": factor, "score": score, "note": note},
            phase=phase,
            author=author,
        )

    def confirm_criterion(
        self, criterion: str, ok: bool = True, note: str | None = None, *, phase: int | None = None
    ) -> None:
        """Record the working group's answer on a process criterion (e.g. ``begrippen``)."""
        self._live.command(
            "criterion_confirmed", {"criterion": criterion, "ok": ok, "note": note}, phase=phase
        )

    def measure(
        self,
        indicator: str,
        value: float,
        moment: str = "nulmeting",
        *,
        source: str | None = None,
        date: str | None = None,
        note: str | None = None,
        phase: int | None = None,
    ) -> str:
        """Record a measurement of an indicator; returns its id."""
        event = self._live.command(
            "measurement_recorded",
            {
                "indicator": indicator,
                "value": value,
                "moment": moment,
                "source": source,
                "date": date,
                "note": note,
            },
            phase=phase,
        )
        return event.payload["id"]

    def baseline_from_casus(self, phase: int | None = None) -> int:
        """Record the casus' present indicator values as the baseline; returns how many."""
        payloads = safety.casus_baseline(self._live)
        for payload in payloads:
            self._live.command("measurement_recorded", payload, phase=phase)
        return len(payloads)

    def select(
        self,
        measure: str | None = None,
        *,
        name: str | None = None,
        environment: str | None = None,
        category: str = "overig",
        problem: str | None = None,
        reason: str | None = None,
        phase: int | None = None,
    ) -> str:
        """Choose a catalogue measure (by id) or an own one (by name); returns its id."""
        payload: dict[str, Any] = {"measure": measure, "problem": problem, "reason": reason}
        if name is not None:
            payload |= {"name": name, "environment": environment, "category": category}
        event = self._live.command("measure_selected", payload, phase=phase)
        return event.payload["measure"]

    def drop(self, measure: str, reason: str | None = None, *, phase: int | None = None) -> None:
        """Take a measure out of the plan (it stays in the log and the report)."""
        self._live.command("measure_dropped", {"measure": measure, "reason": reason}, phase=phase)

    def plan(
        self,
        measure: str,
        *,
        owner: str,
        deadline: str,
        goal: str,
        budget: float | None = None,
        indicator: str | None = None,
        target: float | None = None,
        gokit: dict[str, str] | None = None,
        phase: int | None = None,
    ) -> None:
        """Make (or replace) the measure plan: owner, deadline, SMART goal, budget, GOKIT."""
        self._live.command(
            "measure_planned",
            {
                "measure": measure,
                "owner": owner,
                "deadline": deadline,
                "goal": goal,
                "budget": budget,
                "indicator": indicator,
                "target": target,
                "gokit": gokit or {},
            },
            phase=phase,
        )

    def progress(
        self,
        measure: str,
        status: str,
        note: str | None = None,
        date: str | None = None,
        *,
        phase: int | None = None,
    ) -> None:
        """Record the status of a measure (gestart, op_schema, vertraagd, uitgevoerd, ...)."""
        self._live.command(
            "measure_progress",
            {"measure": measure, "status": status, "note": note, "date": date},
            phase=phase,
        )

    # -- views ---------------------------------------------------------------------------------
    def assessment(self) -> list[successfactors.FactorRow]:
        """The nine success factors with their scores per step."""
        return successfactors.assessment(self.journey)

    def warnings(self) -> list[successfactors.Warning]:
        """Weak factors (with the source's reasoning) and signals from the data."""
        return successfactors.warnings(self.journey)

    def working_group(self) -> werkgroep.WorkingGroupCheck:
        """The working group check of this journey (ten criteria and composition rules)."""
        return werkgroep.check_journey_working_group(self.journey)

    def baseline(self) -> dict[str, safety.Measured]:
        """The baseline per indicator."""
        return safety.baseline(self.journey)

    def source_coverage(self) -> tuple[list[AnalysisSource], list[AnalysisSource]]:
        """(sources used, advised sources missing) of the baseline."""
        return safety.source_coverage(self.journey)

    def comparison(self) -> list[safety.Comparison]:
        """Each baseline indicator against its final or latest interim measurement."""
        return safety.comparison(self.journey)

    def progress_matrix(self, *, include_dropped: bool = False) -> list[cycle.MeasureRow]:
        """The measures with plan, owner and status."""
        return cycle.progress_matrix(self.journey, include_dropped=include_dropped)
