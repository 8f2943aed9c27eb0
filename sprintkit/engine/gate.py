"""The gate between phases: a phase closes only with a complete result and every key factor noted.

This is key factor 6 of the wijkaanpak made executable: each sprint ends with a concrete result,
and that result is the input of the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..errors import SprintkitError
from ..i18n import t
from ..model import Method

__all__ = ["Gap", "GateRefused", "gaps", "describe_gaps"]


@dataclass(frozen=True)
class Gap:
    """One thing that keeps a phase from closing."""

    kind: Literal["result_field", "approval", "key_factor", "extension"]
    key: str
    label_nl: str
    label_en: str

    def label(self, lang: str = "nl") -> str:
        """The gap in words."""
        return self.label_en if lang == "en" else self.label_nl


class GateRefused(SprintkitError):
    """A phase cannot close yet; ``gaps`` lists exactly what is missing."""

    def __init__(self, phase: int, gaps: list[Gap], message: str):
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
            out.append(
                Gap(
                    "approval",
                    missing,
                    t("gate.approval", "nl", party=who),
                    t("gate.approval", "en", party=who),
                )
            )
        else:
            label = spec.field(missing).label
            out.append(
                Gap(
                    "result_field",
                    missing,
                    t("gate.field", "nl", field=label.get("nl")),
                    t("gate.field", "en", field=label.get("en")),
                )
            )
    for factor in method.key_factors:
        if not key_factor_notes.get(factor.key, "").strip():
            out.append(
                Gap(
                    "key_factor",
                    factor.key,
                    t("gate.key_factor", "nl", factor=factor.name.get("nl")),
                    t("gate.key_factor", "en", factor=factor.name.get("en")),
                )
            )
    return out


def describe_gaps(method: Method, phase: int, found: list[Gap], lang: str = "nl") -> str:
    """A refusal in plain words, naming each missing thing on its own line."""
    noun = method.phase_noun.get(lang).capitalize()
    lines = [t("gate.refused", lang, noun=noun, number=phase, count=len(found))]
    lines += [f"  - {gap.label(lang)}" for gap in found]
    return "\n".join(lines)
