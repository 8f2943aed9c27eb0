"""The gate between phases: a phase closes only with a complete result and every key factor noted.

This is key factor 6 of the wijkaanpak made executable: each sprint ends with a concrete result,
and that result is the input of the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..errors import SprintkitError
from ..i18n import Message, fmt_number
from ..model import Method, ResultField, ResultSpec, Text
from ..pagefit import FitPart, PartKind, estimate_fit

__all__ = [
    "Gap",
    "GateRefused",
    "gaps",
    "order_gap",
    "fit_gap",
    "result_fit_parts",
    "minimum",
    "PhaseNumbers",
    "refusal",
    "describe_gaps",
]


@dataclass(frozen=True)
class Gap:
    """One thing that keeps a phase from closing."""

    kind: Literal["result_field", "approval", "key_factor", "extension", "order", "fit"]
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
            spec_field = spec.field(missing)
            gap = _field_gap(spec_field, result.get(missing))
            out.append(Gap.of("result_field", missing, gap))
    for factor in method.key_factors:
        if not key_factor_notes.get(factor.key, "").strip():
            message = Message("gate.key_factor", factor=factor.name)
            out.append(Gap.of("key_factor", factor.key, message))
    return out


def minimum(field: ResultField) -> int:
    """How many items a list-like field needs at least (0 for text and optional fields).

    Examples:
        >>> minimum(ResultField(key="p", label="P", kind="list", min_items=3))
        3
        >>> minimum(ResultField(key="p", label="P", kind="list"))
        1
        >>> minimum(ResultField(key="t", label="T"))
        0
    """
    if not field.required or field.kind == "text":
        return 0
    return max(1, field.min_items)


def _field_gap(field: ResultField, value: Any) -> Message:
    """'Pijnpunten: 2 van minstens 3 punten', or 'is leeg' (with the minimum when it is > 1)."""
    need = minimum(field)
    if need == 0:
        return Message("gate.field", field=field.label)
    unit = Message(f"order.unit.{field.kind}", count=need)
    have = len(value) if isinstance(value, list | dict) else 0
    if have == 0:
        return Message("order.gate.empty", field=field.label, count=need, unit=unit)
    return Message("order.gate.too_few", field=field.label, have=have, count=need, unit=unit)


def order_gap(method: Method, phase: int, open_earlier: list[int]) -> Gap:
    """The gap of a phase whose earlier phases are still open (a result needs its input)."""
    numbers = PhaseNumbers(tuple(open_earlier))
    message = Message(
        "order.gate.earlier_open",
        noun=method.phase_noun,
        nouns=method.phase_noun_plural,
        numbers=numbers,
        number=phase,
        count=len(open_earlier),
    )
    return Gap.of("order", ",".join(map(str, open_earlier)), message)


def result_fit_parts(
    spec: ResultSpec, result: dict[str, Any], names: dict[str, str]
) -> list[FitPart]:
    """A result's parts as the one-page estimate sees them, set as the report sets them.

    Text is a paragraph, a list is bullets, parties and approvers are table rows (by name);
    the approvals themselves are shown in the approvers' table, not as a part of their own.
    """
    parts = []
    for field in spec.fields:
        if field.key == spec.approval_field:
            continue
        value = result.get(field.key)
        kind: PartKind = "text"
        if value in (None, "", [], {}):
            texts: tuple[str, ...] = ("(nog niet ingevuld)",)
        elif field.kind == "text":
            texts = (str(value),)
        elif field.key == spec.approvers_field or field.kind == "approvals":
            texts, kind = tuple(names.get(p, p) for p in value), "rows"
        elif field.kind == "interventions":
            texts, kind = tuple(str(v.get("name", {}).get("nl", "")) for v in value), "rows"
        else:
            texts, kind = tuple(names.get(v, v) for v in value), "list"
        parts.append(FitPart(field.label.nl, texts, kind))
    return parts


def fit_gap(spec: ResultSpec, result: dict[str, Any], names: dict[str, str]) -> Gap | None:
    """A gap when a result with ``max_pages`` does not fit, naming the parts to shorten."""
    if spec.max_pages is None:
        return None
    estimate = estimate_fit(result_fit_parts(spec, result, names), title_lines=2)
    if estimate.pages <= spec.max_pages:
        return None
    longest = sorted(estimate.parts, key=lambda p: -p.lines)
    floor = max(2, longest[0].lines // 4) if longest else 2
    named = [p for p in longest if p.lines >= floor][:3]
    labels = {f.label.nl: f.label for f in spec.fields}
    parts = _Joined(
        tuple(
            Message("order.gate.fit_part", label=labels.get(p.label, p.label), count=p.lines)
            for p in named
        )
    )
    message = Message(
        "order.gate.fit",
        result=spec.name,
        pages=_Number(round(estimate.pages, 1)),
        max=_Number(spec.max_pages),
        count=estimate.lines_over,
        parts=parts,
    )
    return Gap.of("fit", spec.key, message)


@dataclass(frozen=True)
class PhaseNumbers:
    """Phase numbers in words: ``1``, ``1 en 2``, ``1, 2 en 3`` (``and`` in English)."""

    numbers: tuple[int, ...]

    def text(self, lang: str | None = None) -> str:
        """The numbers joined the way the reader's language does."""
        words = [str(n) for n in self.numbers]
        if len(words) < 2:
            return "".join(words)
        return ", ".join(words[:-1]) + (" and " if lang == "en" else " en ") + words[-1]


@dataclass(frozen=True)
class _Number:
    """A number written the reader's way (``1,3`` in Dutch)."""

    value: float

    def text(self, lang: str | None = None) -> str:
        return fmt_number(self.value, lang)


@dataclass(frozen=True)
class _Joined:
    """Messages joined with commas, each worded in the reader's language."""

    items: tuple[Message, ...]

    def text(self, lang: str | None = None) -> str:
        return ", ".join(item.text(lang) for item in self.items)


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
