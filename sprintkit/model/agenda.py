"""The agenda of one session: what is planned, and (filled in later) how long it really took.

:func:`sprintkit.planning.plan_session` makes an :class:`Agenda`; the engine and the timer
widget record ``actual_minutes`` per item as the session runs. Every text a person reads is a
:class:`~sprintkit.model.Text`, so one agenda serves Dutch and English readers alike.

Examples:
    >>> item = AgendaItem(kind="opening", title=Text(nl="Opening"), planned_minutes=15, start=0)
    >>> item.end, item.actual_minutes
    (15, None)
"""

from __future__ import annotations

import textwrap
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, computed_field, model_validator

from ._base import Lang, StrictModel, Text

__all__ = ["ItemKind", "LeftOutReason", "Check", "AgendaItem", "LeftOut", "Agenda"]

ItemKind = Literal["opening", "workform", "break", "closing"]

#: Why a work form was left out of the agenda.
LeftOutReason = Literal[
    "time", "group_too_big", "group_too_small", "no_balanced_split", "not_installed"
]


class _AgendaModel(StrictModel):
    # Assignments are validated: the engine and widgets write actual_minutes while a session runs.
    model_config = ConfigDict(validate_assignment=True)


class Check(_AgendaModel):
    """One point of the closing check: a key factor (or success factor) and its question."""

    name: Text
    question: Text | None = None


class AgendaItem(_AgendaModel):
    """One block of the session, ``start`` minutes after the session began."""

    kind: ItemKind
    slug: str | None = None
    title: Text
    planned_minutes: Annotated[int, Field(ge=1)]
    start: Annotated[int, Field(ge=0)]
    sub_groups: list[Annotated[int, Field(ge=1)]] = []
    duration_range: tuple[int, int] | None = None
    source: str | None = None
    checks: list[Check] = []
    actual_minutes: Annotated[int, Field(ge=0)] | None = None

    @property
    def end(self) -> int:
        """Minutes after the session began at which this item is planned to end."""
        return self.start + self.planned_minutes


class LeftOut(_AgendaModel):
    """A suitable work form that did not make it into the agenda, and why."""

    slug: str
    title: Text
    reason: LeftOutReason
    explanation: Text


class Agenda(_AgendaModel):
    """The plan of one session of one phase, for one group and a number of minutes."""

    method: str
    phase: int
    phase_name: Text
    phase_noun: Text
    casus: str | None = None
    group_size: Annotated[int, Field(ge=1)]
    minutes: Annotated[int, Field(ge=1)]
    lang: Lang = "nl"
    items: list[AgendaItem]
    left_out: list[LeftOut] = []

    @computed_field  # type: ignore[prop-decorator]  # mypy rejects decorators over @property
    @property
    def planned_minutes(self) -> int:
        """The planned length of the whole session."""
        return sum(item.planned_minutes for item in self.items)

    @model_validator(mode="before")
    @classmethod
    def _drop_computed(cls, data: Any) -> Any:
        # A dumped agenda carries planned_minutes for its readers; it is derived, not input.
        if isinstance(data, dict) and "planned_minutes" in data:
            data = {k: v for k, v in data.items() if k != "planned_minutes"}
        return data

    def workforms(self) -> list[AgendaItem]:
        """The work form blocks, in order."""
        return [item for item in self.items if item.kind == "workform"]

    def to_text(self, lang: Lang | None = None) -> str:
        """The agenda as text for a screen or the command line (``lang`` defaults to its own)."""
        # lazy: the labels live in sprintkit.i18n (data only); models otherwise import pydantic.
        from ..i18n import capitalised, t

        lang = lang or self.lang
        noun = self.phase_noun.get(lang)
        lines = [
            t(
                "plan.heading",
                lang,
                casus=f"{self.casus} · " if self.casus else "",
                noun=capitalised(noun),
                number=self.phase,
                name=self.phase_name.get(lang),
            ),
            t(
                "plan.summary",
                lang,
                size=self.group_size,
                minutes=self.minutes,
                planned=self.planned_minutes,
                spare=self.minutes - self.planned_minutes,
            ),
            "",
        ]
        lines += [line for item in self.items for line in _item_lines(item, lang)]
        if not self.workforms():
            lines += ["", t("plan.none_fit", lang)]
        if self.left_out:
            lines += ["", t("plan.left_out", lang)]
            for o in self.left_out:
                text = f"· {o.title.get(lang)} [{o.slug}]: {o.explanation.get(lang)}"
                lines += textwrap.wrap(
                    text, width=_WIDTH, initial_indent="  ", subsequent_indent="    "
                )
        return "\n".join(lines)


#: Width the closing's checks are wrapped to in ``to_text``.
_WIDTH = 100


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _item_lines(item: AgendaItem, lang: Lang) -> list[str]:
    from ..i18n import t

    when = f"{_clock(item.start)}-{_clock(item.end)}"
    line = f"{when:>11}  {item.planned_minutes:>3} min  {item.title.get(lang)}"
    if item.kind == "workform":
        if len(item.sub_groups) > 1:
            sizes = ", ".join(map(str, item.sub_groups))
            who = t("plan.sub_groups", lang, count=len(item.sub_groups), sizes=sizes)
        else:
            who = t("plan.whole_group", lang, size=item.sub_groups[0])
        line += f" [{item.slug}], {who}"
    lines = [line]
    for check in item.checks:
        question = f": {check.question.get(lang)}" if check.question else ""
        lines += textwrap.wrap(
            f"· {check.name.get(lang)}{question}",
            width=_WIDTH,
            initial_indent=" " * 22,
            subsequent_indent=" " * 24,
        )
    return lines
