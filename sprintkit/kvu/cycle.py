"""The measures cycle: selected measures, their plans (GOKIT) and the progress matrix.

Selection happens in step 4 (plan van aanpak) together with a measure plan per measure: an
owner, a deadline, a SMART goal, a budget and the five project-control aspects GOKIT (Geld,
Organisatie, Kwaliteit, Informatie, Tijd). Step 6 follows each measure's status; the progress
matrix is measure x status x owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..i18n import t
from ..model import Text
from .ledger import GOKIT, STATUSES, kvu_state

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.view import JourneyView

__all__ = [
    "MeasureRow",
    "progress_matrix",
    "status_counts",
    "plan_contribution",
    "progress_contribution",
]


@dataclass(frozen=True)
class MeasureRow:
    """One measure in the progress matrix."""

    id: str
    name: Text
    category: str
    environment: str
    problem: str | None
    owner: str | None
    owner_name: str | None
    deadline: str | None
    budget: float | None
    goal: str | None
    gokit: dict[str, str]
    status: str
    history: list[dict[str, Any]]
    dropped: bool

    @property
    def gokit_missing(self) -> list[str]:
        """The GOKIT aspects the plan leaves open."""
        return [k for k in GOKIT if not self.gokit.get(k)]

    def gokit_open_labels(self, lang: str = "nl") -> list[str]:
        """The open GOKIT aspects in words (Geld, Organisatie ...)."""
        return [t(f"kvu.gokit.{k}", lang) for k in self.gokit_missing]

    def status_label(self, lang: str = "nl") -> str:
        """The current status in words."""
        return t(f"kvu.status.{self.status}", lang)

    def to_dict(self, lang: str = "nl") -> dict[str, Any]:
        """The row as JSON-able data, labels in ``lang`` (``sprintkit kvu voortgang --json``)."""
        return {
            "id": self.id,
            "name": self.name.get(lang),
            "category": self.category,
            "problem": self.problem,
            "owner": self.owner,
            "owner_name": self.owner_name,
            "deadline": self.deadline,
            "budget": self.budget,
            "goal": self.goal,
            "status": self.status,
            "status_label": self.status_label(lang),
            "gokit_open": self.gokit_missing,
            "gokit_open_labels": self.gokit_open_labels(lang),
            "dropped": self.dropped,
        }


def progress_matrix(journey: JourneyView, *, include_dropped: bool = False) -> list[MeasureRow]:
    """Every selected measure with its plan and current status, in selection order.

    A planned measure without progress updates is ``gepland``; a dropped one is ``gestopt``.
    """
    names = journey.casus.party_names()
    rows = []
    for m in kvu_state(journey)["measures"].values():
        if m["dropped"] and not include_dropped:
            continue
        plan = m.get("plan") or {}
        progress = m.get("progress", [])
        status = progress[-1]["status"] if progress else "gepland"
        if m["dropped"]:
            status = "gestopt"
        owner = plan.get("owner")
        rows.append(
            MeasureRow(
                id=m["id"],
                name=Text.model_validate(m["name"]),
                category=m["category"],
                environment=m["environment"],
                problem=m.get("problem"),
                owner=owner,
                owner_name=names.get(owner, owner) if owner else None,
                deadline=plan.get("deadline"),
                budget=plan.get("budget"),
                goal=plan.get("goal"),
                gokit=dict(plan.get("gokit") or {}),
                status=status,
                history=list(progress),
                dropped=m["dropped"],
            )
        )
    return rows


def status_counts(rows: list[MeasureRow]) -> dict[str, int]:
    """How many measures are in each status (every status present, in order)."""
    counts = dict.fromkeys(STATUSES, 0)
    for row in rows:
        counts[row.status] += 1
    return counts


def plan_contribution(journey: JourneyView) -> dict[str, Any]:
    """Step 4's result: the measures with a plan, as interventions with owner and SMART goal."""
    items = []
    for row in progress_matrix(journey):
        if row.goal is None:
            continue
        items.append(
            {
                "id": row.id.replace("-", "_"),
                "name": row.name.model_dump(exclude_none=True),
                "description": {"nl": row.goal},
                "environment": row.environment,
                "status": "idea",
                "owner": row.owner,
            }
        )
    return {"maatregelen": items} if items else {}


def progress_contribution(journey: JourneyView, phase: int) -> dict[str, Any]:
    """Step 6's result: a line per measure with its status, owner and latest note."""
    lines = []
    for row in progress_matrix(journey, include_dropped=True):
        if row.goal is None and not row.dropped:
            continue
        note = row.history[-1]["note"] if row.history and row.history[-1].get("note") else None
        owner = f" ({row.owner_name})" if row.owner_name else ""
        tail = f": {note}" if note else ""
        lines.append(f"{row.name.nl} – {row.status_label('nl')}{owner}{tail}")
    return {"voortgang": lines} if lines else {}
