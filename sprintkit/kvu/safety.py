"""The safety analysis (nulmeting) as baseline, and the comparison at evaluation.

Measurements are recorded per indicator of the casus and per moment (baseline, interim, final),
each with the analysis source it came from. :func:`source_coverage` says which of the sources
the CCV advises in every analysis are still missing; :func:`comparison` judges each indicator's
final (or latest interim) value against its baseline, in the indicator's ``better`` direction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..i18n import fmt_number, t
from ..model import AnalysisSource, Indicator
from .ledger import kvu_state, source_of

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.view import JourneyView

__all__ = [
    "Measured",
    "Comparison",
    "measurements",
    "baseline",
    "source_coverage",
    "comparison",
    "casus_baseline",
    "baseline_contribution",
    "evaluation_contribution",
]

Verdict = Literal["beter", "slechter", "gelijk", "onbekend"]
#: a relative change within this band counts as unchanged
TOLERANCE = 0.02


@dataclass(frozen=True)
class Measured:
    """One recorded measurement."""

    indicator: Indicator
    moment: str
    value: float
    source: str | None
    date: str | None
    note: str | None
    phase: int | None


@dataclass(frozen=True)
class Comparison:
    """An indicator's baseline against its final (or latest interim) measurement."""

    indicator: Indicator
    baseline: float
    later: float | None
    later_moment: str | None
    interim: list[float]
    verdict: Verdict

    @property
    def change(self) -> float | None:
        """Relative change from the baseline (``0.1`` is 10 percent up)."""
        if self.later is None:
            return None
        return (self.later - self.baseline) / (abs(self.baseline) or 1.0)

    def line(self, lang: str = "nl") -> str:
        """The comparison as one readable line."""
        name, unit = self.indicator.name.get(lang), self.indicator.unit
        start = f"{t('kvu.moment.nulmeting', lang)} {fmt_number(self.baseline, lang)}"
        if self.later is None:
            return f"{name}: {start} ({unit}); {t('kvu.verdict.onbekend', lang)}"
        later = f"{t(f'kvu.moment.{self.later_moment}', lang)} {fmt_number(self.later, lang)}"
        return f"{name}: {start} → {later} ({unit}): {t(f'kvu.verdict.{self.verdict}', lang)}"

    def to_dict(self) -> dict[str, Any]:
        """The comparison as JSON-able data (``sprintkit kvu evaluatie --json``)."""
        return {
            "indicator": self.indicator.id,
            "baseline": self.baseline,
            "interim": self.interim,
            "later": self.later,
            "moment": self.later_moment,
            "change": self.change,
            "verdict": self.verdict,
        }


def measurements(journey: JourneyView) -> list[Measured]:
    """Every recorded measurement, in the order recorded."""
    indicators = {i.id: i for i in journey.casus.indicators}
    return [
        Measured(
            indicators[m["indicator"]],
            m["moment"],
            m["value"],
            m.get("source"),
            m.get("date"),
            m.get("note"),
            m.get("phase"),
        )
        for m in kvu_state(journey)["measurements"]
        if m["indicator"] in indicators
    ]


def baseline(journey: JourneyView) -> dict[str, Measured]:
    """The baseline value per indicator id (the last one recorded wins)."""
    return {m.indicator.id: m for m in measurements(journey) if m.moment == "nulmeting"}


def source_coverage(journey: JourneyView) -> tuple[list[AnalysisSource], list[AnalysisSource]]:
    """(sources used in the baseline, advised sources still missing)."""
    used_keys = {m.source for m in baseline(journey).values() if m.source}
    sources = journey.method.analysis_sources
    used = [s for s in sources if s.key in used_keys]
    missing = [s for s in sources if s.always and s.key not in used_keys]
    return used, missing


def comparison(journey: JourneyView) -> list[Comparison]:
    """Each baseline indicator against its final measurement (or latest interim one)."""
    rows = []
    found = measurements(journey)
    for indicator_id, base in baseline(journey).items():
        later_ones = [
            m for m in found if m.indicator.id == indicator_id and m.moment != "nulmeting"
        ]
        finals = [m for m in later_ones if m.moment == "eindmeting"]
        interim = [m.value for m in later_ones if m.moment == "tussenmeting"]
        latest = finals[-1] if finals else (later_ones[-1] if later_ones else None)
        rows.append(
            Comparison(
                base.indicator,
                base.value,
                latest.value if latest else None,
                latest.moment if latest else None,
                interim,
                _verdict(base.indicator, base.value, latest.value if latest else None),
            )
        )
    return rows


def _verdict(indicator: Indicator, before: float, after: float | None) -> Verdict:
    if after is None:
        return "onbekend"
    change = (after - before) / (abs(before) or 1.0)
    if abs(change) <= TOLERANCE:
        return "gelijk"
    return "beter" if (change > 0) == (indicator.better == "higher") else "slechter"


def casus_baseline(journey: JourneyView) -> list[dict[str, Any]]:
    """Measurement payloads for the casus' present indicator values (trainers' quick start)."""
    return [
        {
            "indicator": i.id,
            "moment": "nulmeting",
            "value": i.present.value,
            "source": source_of(journey, i.source),
            "date": f"{i.present.year}-01-01" if i.present.year else None,
            "note": i.present.note,
        }
        for i in journey.casus.indicators
    ]


def baseline_contribution(journey: JourneyView) -> dict[str, Any]:
    """Step 3's result: the sources used and the key baseline figures."""
    base = baseline(journey)
    if not base:
        return {}
    used, _ = source_coverage(journey)
    figures = [
        f"{m.indicator.name.nl}: {fmt_number(m.value, 'nl')} {m.indicator.unit}"
        for m in base.values()
    ]
    out: dict[str, Any] = {"nulmeting": figures}
    if used:
        out["bronnen"] = [s.name.nl for s in used]
    return out


def evaluation_contribution(journey: JourneyView) -> dict[str, Any]:
    """Step 7's result: the effects, measured against the baseline."""
    lines = [c.line("nl") for c in comparison(journey) if c.later is not None]
    return {"effecten": lines} if lines else {}
