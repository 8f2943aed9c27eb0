"""Success factor assessment: scores per step, and warnings with the source's reasoning.

The working group scores each of the nine success factors from 1 (absent) to 5 (fully present)
in any step; the assessment shows how each factor moves over the steps. A factor scored at or
below :data:`~sprintkit.kvu.ledger.WEAK_SCORE` gets a warning with the reasoning from the method
(``when_weak``). Some weaknesses show in the data before anyone scores them; those *signals*
are warnings too (a working group that is too large or unbalanced, no dependencies written in
the declaration of intent, measure plans without budget, no project leader).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..i18n import Message
from ..model import SuccessFactor
from .ledger import WEAK_SCORE, held_result, kvu_state
from .werkgroep import check_journey_working_group

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.view import JourneyView

__all__ = ["Score", "FactorRow", "Warning", "assessment", "warnings", "contribution"]


@dataclass(frozen=True)
class Score:
    """One score of one factor in one step."""

    phase: int
    score: int
    note: str | None
    author: str | None


@dataclass(frozen=True)
class FactorRow:
    """A success factor with its scores by step (oldest first)."""

    factor: SuccessFactor
    scores: list[Score] = field(default_factory=list)

    @property
    def latest(self) -> Score | None:
        """The most recent score (``None`` when never scored)."""
        return self.scores[-1] if self.scores else None

    @property
    def weak(self) -> bool:
        """Whether the latest score is weak."""
        return self.latest is not None and self.latest.score <= WEAK_SCORE

    def to_dict(self, lang: str = "nl") -> dict[str, Any]:
        """The factor and its scores as JSON-able data (``sprintkit kvu succesfactoren --json``)."""
        return {
            "factor": self.factor.key,
            "name": self.factor.name.get(lang),
            "scores": [{"step": s.phase, "score": s.score, "note": s.note} for s in self.scores],
            "weak": self.weak,
        }


@dataclass(frozen=True)
class Warning:
    """A warning about a success factor: from a weak score or from a signal in the data."""

    factor: SuccessFactor
    origin: str  # "score" or "signal"
    text_nl: str
    text_en: str

    def text(self, lang: str = "nl") -> str:
        """The warning in ``lang``."""
        return self.text_en if lang == "en" else self.text_nl

    def to_dict(self, lang: str = "nl") -> dict[str, str]:
        """The warning as JSON-able data in ``lang``."""
        return {"factor": self.factor.key, "origin": self.origin, "text": self.text(lang)}


def assessment(journey: JourneyView) -> list[FactorRow]:
    """Every success factor of the method with its scores per step."""
    scores = kvu_state(journey)["scores"]
    rows = []
    for factor in journey.method.success_factors:
        found = [
            Score(phase, s["score"], s.get("note"), s.get("author"))
            for phase, by_factor in sorted(scores.items())
            if (s := by_factor.get(factor.key))
        ]
        rows.append(FactorRow(factor, found))
    return rows


def warnings(journey: JourneyView) -> list[Warning]:
    """Warnings for weak scores (with the source's reasoning) and signals from the data."""
    out = []
    for row in assessment(journey):
        if row.weak:
            assert row.latest is not None
            out.append(_warning(row.factor, "score", "kvu.sf.weak", score=row.latest.score))
    factors = {f.key: f for f in journey.method.success_factors}
    for factor_key, key, values in _signals(journey):
        if factor_key in factors:
            out.append(_warning(factors[factor_key], "signal", key, **values))
    return out


def _warning(factor: SuccessFactor, origin: str, key: str, **values: Any) -> Warning:
    message = Message(key, factor=factor.name, **values)

    def text(lang: str) -> str:
        head = message.text(lang)
        return f"{head} {factor.when_weak.get(lang)}" if origin == "score" else head

    return Warning(factor, origin, text("nl"), text("en"))


def _signals(journey: JourneyView) -> list[tuple[str, str, dict[str, Any]]]:
    """(factor key, message key, values) for weaknesses visible in the data."""
    out: list[tuple[str, str, dict[str, Any]]] = []
    check = check_journey_working_group(journey)
    unstable = [
        line
        for line in check.lines
        if line.key in ("grootte", "evenwicht") and line.status != "pass"
    ]
    if unstable:
        why = _Whys(tuple(line.why for line in unstable))
        out.append(("stabiliteit", "kvu.signal.working_group", {"why": why}))
    if any(line.key == "projectleider" and line.status == "fail" for line in check.lines):
        out.append(("visionair-leiderschap", "kvu.signal.no_leader", {}))
    declaration = held_result(journey, "declaration")
    if declaration and not declaration.get("afhankelijkheden"):
        out.append(("samenwerking-afhankelijkheid-draagvlak", "kvu.signal.no_dependency", {}))
    if declaration and not declaration.get("ondertekend"):
        out.append(("intentieverklaring", "kvu.signal.not_signed", {}))
    measures = [m for m in kvu_state(journey)["measures"].values() if not m["dropped"]]
    no_budget = [m for m in measures if m["plan"] and not m["plan"].get("budget")]
    if no_budget:
        out.append(("stabiliteit", "kvu.signal.no_budget", {"count": len(no_budget)}))
    return out


@dataclass(frozen=True)
class _Whys:
    """The reasons of several check lines, one sentence after another, in either language."""

    whys: tuple[Callable[[str], str], ...]

    def text(self, lang: str | None = None) -> str:
        return " ".join(why(lang or "nl") for why in self.whys)


def contribution(journey: JourneyView, phase: int) -> dict[str, Any]:
    """Step 1's result: the assessment per factor, and the weak factors as bottlenecks."""
    scored = kvu_state(journey)["scores"].get(phase, {})
    lines, weak = [], []
    for factor in journey.method.success_factors:
        s = scored.get(factor.key)
        if s is None:
            continue
        note = f" – {s['note']}" if s.get("note") else ""
        lines.append(f"{factor.name.nl}: {s['score']}/5{note}")
        if s["score"] <= WEAK_SCORE:
            weak.append(f"{factor.name.nl}: {factor.when_weak.nl}")
    out: dict[str, Any] = {}
    if lines:
        out["beoordeling"] = lines
    if weak:
        out["knelpunten"] = weak
    return out
