"""The gate between phases: a phase closes only with a complete result and every key factor noted.

This is key factor 6 of the wijkaanpak made executable: each sprint ends with a concrete result,
and that result is the input of the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..errors import SprintkitError
from ..i18n import Message
from ..model import Method, Text

__all__ = ["Gap", "GateRefused", "gaps", "refusal", "describe_gaps"]


@dataclass(frozen=True)
class Gap:
    """One thing that keeps a phase from closing."""

    kind: Literal["result_field", "approval", "key_factor", "extension"]
    key: str
    label_nl: str
    label_en: str

    @classmethod
    def of(cls, kind: str, key: str, message: Message) -> Gap:
        """A gap whose labels are ``message`` worded in Dutch and English."""
        return cls(kind, key, message.text("nl"), message.text("en"))  # type: ignore[arg-type]

    def label(self, lang: str = "nl") -> str:
        """The gap in words."""
        return self.label_en if lang == "en" else self.label_nl

    def text(self, lang: str | None = None) -> str:
        """The gap in words (so a gap can be a value of a :class:`Message`)."""
        return self.label(lang or "nl")


class GateRefused(SprintkitError):
    """A phase cannot close yet; ``gaps`` lists exactly what is missing."""

    def __init__(self, phase: int, gaps: list[Gap], message: str | Message):
        self.phase, self.gaps = phase, gaps
        super().__init__(message)


def gaps(
    method: Method,
    phase: int,
    result: dict[str, Any],
    key_factor_notes: dict[str, str],
    names: dict[str, str] | None = None,
) -> list[Gap]:
    """Everything missing to close ``phase``: result fields, approvals, key factor notes."""
    spec = method.phase(phase).result
    names = names or {}
    out: list[Gap] = []
    for missing in spec.missing(result):
        if ":" in missing:
            field, party = missing.split(":", 1)
            who = names.get(party, party)
            out.append(Gap.of("approval", missing, Message("gate.approval", party=who)))
        else:
            label = spec.field(missing).label
            out.append(Gap.of("result_field", missing, Message("gate.field", field=label)))
    for factor in method.key_factors:
        if not key_factor_notes.get(factor.key, "").strip():
            message = Message("gate.key_factor", factor=factor.name)
            out.append(Gap.of("key_factor", factor.key, message))
    return out


@dataclass(frozen=True)
class _Capitalised:
    """A method's noun (``sprint``, ``stap``) at the start of a sentence, in either language."""

    noun: Text

    def text(self, lang: str | None = None) -> str:
        return self.noun.get(lang or "nl").capitalize()


@dataclass(frozen=True)
class _GapLines:
    """The gaps as an indented list, one per line, in either language."""

    gaps: tuple[Gap, ...]

    def text(self, lang: str | None = None) -> str:
        return "\n".join(f"  - {gap.text(lang)}" for gap in self.gaps)


def refusal(method: Method, phase: int, found: list[Gap]) -> Message:
    """A refusal as a message: the count of missing things, then each on its own line."""
    head = Message(
        "gate.refused", noun=_Capitalised(method.phase_noun), number=phase, count=len(found)
    )
    return Message("gate.refusal", head=head, gaps=_GapLines(tuple(found)))


def describe_gaps(method: Method, phase: int, found: list[Gap], lang: str | None = "nl") -> str:
    """A refusal in plain words, naming each missing thing on its own line."""
    return refusal(method, phase, found).text(lang)
