"""Working group check (placeholder until the full check lands): see check_working_group."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.journey import Journey

Status = Literal["pass", "warn", "fail"]


@dataclass(frozen=True)
class CheckLine:
    """One line of the checklist."""

    key: str
    status: Status
    text_nl: str
    text_en: str
    why_nl: str
    why_en: str

    def text(self, lang: str = "nl") -> str:
        return self.text_en if lang == "en" else self.text_nl

    def why(self, lang: str = "nl") -> str:
        return self.why_en if lang == "en" else self.why_nl

    def gap_labels(self) -> tuple[str, str]:
        return f"werkgroep: {self.why_nl}", f"working group: {self.why_en}"


@dataclass(frozen=True)
class WorkingGroupCheck:
    lines: list[CheckLine] = field(default_factory=list)


def check_journey_working_group(journey: Journey) -> WorkingGroupCheck:
    return WorkingGroupCheck([])
