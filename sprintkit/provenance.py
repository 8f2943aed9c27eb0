"""What in a method does not come from its CCV sources, as marks every face words the same way.

The method data says where each part comes from (``provenance`` on a phase, on its result, on a
glijbaan level, on the working group's size and balance rules and on the success factor scale;
see :mod:`sprintkit.model.method`). This module turns that into :class:`Mark` objects: a
:class:`~sprintkit.i18n.Message` naming the part and its kind of provenance, plus the data's own
note. Reports, widgets, the participant projector and the CLI show these marks, so a report
shared with the mayor never presents our reading or our rule of thumb as the CCV's.

``inferred`` parts are marked "afgeleid, niet uit een CCV-bron"; ``own`` rules
"vuistregel van sprintkit".

Examples:
    >>> from sprintkit.loading import load_method
    >>> method = load_method("wijkaanpak")
    >>> [m.subject for m in phase_marks(method, 1)]
    ['result:1']
    >>> print(phase_marks(method, 4)[0].text("nl").split(".")[0])
    Sprint 4 Interventies bedenken: naam en doel zijn afgeleid, niet uit een CCV-bron
    >>> label("own", "en")
    "sprintkit's rule of thumb"
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .i18n import Message, fmt_number, t
from .model import Method, Text

__all__ = ["Mark", "label", "phase_marks", "level_marks", "rule_marks", "method_marks"]

Marked = Literal["inferred", "own"]


@dataclass(frozen=True)
class Mark:
    """One part of a method that is not from a CCV source: what it is, and why we say so.

    ``subject`` names the part (``phase:4``, ``result:1``, ``level:3``, ``rule:working_group``,
    ``rule:scale``) so faces can place the mark beside it; :meth:`text` is the full sentence.
    """

    subject: str
    provenance: Marked
    message: Message
    note: Text | None = None

    def text(self, lang: str = "nl") -> str:
        """The mark as one sentence, followed by the data's note when there is one."""
        words = self.message.text(lang)
        return f"{words} {self.note.get(lang)}" if self.note is not None else words

    @property
    def short(self) -> Message:
        """Just the kind of mark, for a badge beside a name."""
        return Message(f"prov.{self.provenance}")


def label(provenance: str, lang: str = "nl") -> str:
    """The badge for a provenance: "afgeleid, niet uit een CCV-bron" or "vuistregel van sprintkit".

    ``source`` has no badge (an empty string).
    """
    return t(f"prov.{provenance}", lang) if provenance in ("inferred", "own") else ""


def _marked(provenance: str) -> Marked | None:
    return provenance if provenance in ("inferred", "own") else None  # type: ignore[return-value]


def _phase_title(method: Method, number: int) -> Message:
    phase, noun = method.phase(number), method.phase_noun
    capital = Text(nl=noun.nl.capitalize(), en=noun.get("en").capitalize())
    return Message("prov.phase_title", noun=capital, number=number, name=phase.name)


def phase_marks(method: Method, number: int) -> list[Mark]:
    """The marks of one phase: its name and goal, and its result (when either is not sourced)."""
    phase = method.phase(number)
    title = _phase_title(method, number)
    marks = []
    kind = _marked(phase.provenance)
    if kind is not None:
        message = Message(f"prov.phase.{kind}", phase=title)
        marks.append(Mark(f"phase:{number}", kind, message, phase.note))
    result_kind = _marked(phase.result_provenance)
    if result_kind is not None:
        message = Message(f"prov.result.{result_kind}", phase=title, result=phase.result.name)
        note = phase.result.note if phase.result.provenance is not None else None
        marks.append(Mark(f"result:{number}", result_kind, message, note))
    return marks


def level_marks(method: Method) -> list[Mark]:
    """The marks of the glijbaan levels that are not from the source (the third, for now)."""
    marks = []
    for level in method.glijbaan:
        kind = _marked(level.provenance)
        if kind is not None:
            message = Message(f"prov.level.{kind}", level=level.name, position=level.position)
            marks.append(Mark(f"level:{level.position}", kind, message, level.note))
    return marks


def rule_marks(method: Method) -> list[Mark]:
    """The marks of the method's own rules: working group size and balance, the score scale."""
    marks = []
    group = method.working_group
    if group is not None:
        size = group.size
        kind = _marked(size.provenance)
        if kind is not None:
            message = Message(
                f"prov.working_group.{kind}",
                advised=size.advised_max,
                max=size.max,
                share=fmt_number(round(size.max_share * 100)),
                ratio=fmt_number(size.max_ratio),
            )
            marks.append(Mark("rule:working_group", kind, message, size.note))
    scale = method.success_factor_scale
    if scale is not None:
        kind = _marked(scale.provenance)
        if kind is not None:
            message = Message(f"prov.scale.{kind}", low=scale.low, high=scale.high, weak=scale.weak)
            marks.append(Mark("rule:scale", kind, message, scale.note))
    return marks


def method_marks(
    method: Method,
    phases: list[int] | None = None,
    *,
    levels: bool = True,
    rules: bool = True,
) -> list[Mark]:
    """Every mark of a method, or of some of its phases, in the order a reader meets them."""
    numbers = [p.number for p in method.phases] if phases is None else phases
    marks = [m for n in numbers for m in phase_marks(method, n)]
    if levels:
        marks += level_marks(method)
    if rules:
        marks += rule_marks(method)
    return marks
