"""What every report kind needs: the journey's data, the language and the names in use.

A :class:`ReportContext` is built from a live :class:`~sprintkit.engine.Journey`
(:meth:`ReportContext.of`) or directly from a casus, a method and a
:class:`~sprintkit.model.state.JourneyState`, so reports can be made from an imported or
hand-built state as well.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..i18n import t
from ..model import Casus, Intervention, Method, Phase, ResultField, Text, WorkFormSpec
from ..model.state import JourneyState
from ..pagefit import PARTY_COLUMN
from .blocks import Block, Bullets, Figure, Paragraph, Table
from .names import Names

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Journey

__all__ = ["ReportContext"]


@dataclass
class ReportContext:
    """The data a report is made from, in one language, with real names or pseudonyms."""

    casus: Casus
    method: Method
    state: JourneyState
    lang: str = "nl"
    anonymise: bool = False
    today: dt.date = field(default_factory=dt.date.today)
    #: the work forms the journey could use, by slug (``None``: look them up in the catalogue)
    workforms: dict[str, WorkFormSpec] | None = None
    #: the journey's id, last sequence number and number of events, for the figure cache
    #: (``None``: a hand-built state, whose figures are drawn every time)
    state_key: tuple[str, int, int] | None = None
    #: options a report kind reads (the cooperation report: ``ranking``, the ranking of people
    #: by contributions; ``None`` or absent means the kind's default)
    options: dict[str, Any] = field(default_factory=dict)
    names: Names = field(init=False)

    def __post_init__(self) -> None:
        self.names = Names(
            self.casus,
            self.state.journey,
            anonymise=self.anonymise,
            lang=self.lang,
            roster=self.state.roster,
        )

    @classmethod
    def of(
        cls,
        journey: Journey,
        lang: str = "nl",
        anonymise: bool = False,
        options: dict[str, Any] | None = None,
    ) -> ReportContext:
        """The context of a live journey."""
        workforms = {spec.slug: spec for spec in journey.available_workforms()}
        state = journey.state
        return cls(
            journey.casus,
            journey.method,
            state,
            lang,
            anonymise,
            workforms=workforms,
            state_key=(journey.id, state.last_seq, state.events),
            options=dict(options or {}),
        )

    def figure(self, kind: str, draw: Callable[[], Figure]) -> Figure:
        """The figure ``kind`` (with its phase, if any) of this state, drawn once per process.

        Every format and report kind of the same journey state shares it: see
        :mod:`sprintkit.reports.figure_cache`.
        """
        from .figure_cache import cached_figure

        key = None if self.state_key is None else (*self.state_key, self.lang, self.anonymise, kind)
        return cached_figure(key, (self.casus, self.method), draw)

    # -- words --------------------------------------------------------------------------------
    def s(self, key: str, **values: Any) -> str:
        """A report string (``report.<key>``) in this context's language."""
        return t(f"report.{key}", self.lang, **values)

    def s_any(self, key: str, **values: Any) -> str:
        """Any catalogue string (not only ``report.*``) in this context's language."""
        return t(key, self.lang, **values)

    def loc(self, text: Text | str | None) -> str:
        """A bilingual text from the data, in this language."""
        if text is None:
            return ""
        return text if isinstance(text, str) else text.get(self.lang)

    def user(self, text: Any) -> str:
        """Text a person typed, with names scrubbed when anonymised."""
        return self.names.text(str(text))

    def kind_label(self, kind: str) -> str:
        """The name of a kind of actor (``bewoners``, ``jongerenwerk``)."""
        return t(f"actor_kind.{kind}", self.lang)

    def date(self, day: dt.date | None = None) -> str:
        """A date written out (``22 november 2025``)."""
        from babel.dates import format_date  # lazy: Babel loads locale data on import

        locale = "nl_NL" if self.lang == "nl" else "en_GB"
        return format_date(day or self.today, format="long", locale=locale)

    # -- phases -------------------------------------------------------------------------------
    @property
    def noun(self) -> str:
        """``sprint`` or ``stap`` (``step``)."""
        return self.method.phase_noun.get(self.lang)

    def phase_title(self, number: int) -> str:
        """``Sprint 3 Wijkwensen``."""
        phase = self.method.phase(number)
        return f"{self.noun.capitalize()} {number} {self.loc(phase.name)}"

    def phase_by_result(self, result_key: str) -> Phase | None:
        """The phase whose result is ``result_key`` (``ontwerpbrief``, ``intentieverklaring``)."""
        return next((p for p in self.method.phases if p.result.key == result_key), None)

    def result(self, number: int) -> tuple[dict[str, Any], bool]:
        """A phase's result and whether it is final (closed) rather than a draft."""
        phase = self.state.phase(number)
        if phase.status == "closed" and phase.closed_result is not None:
            return phase.closed_result, True
        return phase.result, False

    def closed_phases(self) -> list[int]:
        """Numbers of the closed phases, in order."""
        return [
            p.number for p in self.method.phases if self.state.phase(p.number).status == "closed"
        ]

    def active_phases(self) -> list[int]:
        """Phases in which anything happened (runs, notes, result, glijbaan), in order."""
        runs = {run.phase for run in self.state.runs.values()}
        return [
            p.number
            for p in self.method.phases
            if p.number in runs or p.number in self.state.phases
        ]

    def interventions(self, *, plan: bool = True) -> list[Intervention]:
        """The interventions in the journey's results (a later phase replaces an earlier one).

        ``plan=False`` keeps the stopped ones and the ideas the last phase did not carry
        forward (as :meth:`sprintkit.engine.Journey.interventions`).
        """
        from ..analysis import interventions_from_results

        results = {p.number: self.result(p.number)[0] for p in self.method.phases}
        return interventions_from_results(self.method, results, plan=plan)

    # -- result fields as blocks --------------------------------------------------------------
    def field_blocks(self, spec: ResultField, value: Any, approvers: list[str] | None = None):
        """A result field's value as report blocks, by the field's kind."""
        blocks: list[Block]
        if value in (None, "", [], {}):
            blocks = [Paragraph(self.s("empty"), "small")]
        elif spec.kind == "text":
            blocks = [Paragraph(self.user(value))]
        elif spec.kind == "list":
            blocks = [Bullets(tuple(self.user(v) for v in value))]
        elif spec.kind == "parties":
            blocks = [Bullets(tuple(self.names.party_long(p) for p in value))]
        elif spec.kind == "approvals":
            blocks = [self.approval_table(value, approvers or [])]
        else:
            blocks = [self.intervention_table([Intervention.model_validate(v) for v in value])]
        return blocks

    def approval_table(self, approvals: dict[str, bool], approvers: list[str]) -> Table:
        """Per party whether it approved (parties named but not yet asked count as 'not yet')."""
        parties = list(dict.fromkeys([*approvers, *approvals]))
        rows = tuple(
            (self.names.party_long(p), self.s("yes") if approvals.get(p) else self.s("not_yet"))
            for p in parties
        )
        widths = (PARTY_COLUMN, 1 - PARTY_COLUMN)
        return Table((self.s("party"), self.s("approved")), rows, widths)

    def intervention_table(self, interventions: list[Intervention]) -> Table:
        """Interventions with environment, status, owner and the organisations involved."""
        rows = tuple(
            (
                self.user(self.loc(iv.name)),
                iv.environment.label(self.lang),
                self.s(f"status.{iv.status}"),
                self.names.party(iv.owner) if iv.owner else self.s("no_owner"),
                ", ".join(self.names.party(o) for o in iv.organisations) or "-",
            )
            for iv in interventions
        )
        header = tuple(self.s(k) for k in ("intervention", "environment", "status", "owner"))
        return Table((*header, self.s("organisations")), rows, (0.32, 0.14, 0.12, 0.17, 0.25))

    def meta(self, final: bool | None = None) -> list[tuple[str, str]]:
        """The metadata rows under a report's title."""
        casus = self.casus.name
        if self.casus.fictional:
            casus += f" ({self.s('fictional')})"
        rows = [
            (self.s("meta.casus"), casus),
            (self.s("meta.municipality"), self.casus.area.municipality),
            (self.s("meta.method"), self.loc(self.method.name)),
            (self.s("meta.journey"), self.user(self.state.label or self.state.journey)),
            (self.s("meta.date"), self.date()),
        ]
        if final is not None:
            rows.append((self.s("meta.status"), self.s("final" if final else "draft")))
        if self.anonymise:
            rows.append((self.s("meta.anonymised"), self.s("anonymised_note")))
        return rows
