"""KVU panels: success factors, working group, measurements and measures, thin over ``Kvu``.

Every click is one :class:`~sprintkit.kvu.Kvu` command, stored durably before the panel says
"Opgeslagen"; then the workshop tells every panel to re-render its views from the journey.
Forms keep what was typed in them (a refresh only replaces views), so nothing is lost when
another panel saves. The ``*_html`` functions render the same views as static, escaped HTML;
:func:`make_kvu_view` uses them for executed demo notebooks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ipywidgets as w

from ..errors import SprintkitError
from ..i18n import Message, t
from ..kvu.facade import Kvu
from ..kvu.ledger import MOMENTS, source_of
from ..model import SuccessFactor
from ._base import Workshop, esc
from ._kvu_measures import MeasureForm, MeasuresPanel
from ._kvu_panel import Panel, button, iso, need, text_or_none, wide
from ._kvu_views import (
    KVU_CSS,
    baseline_html,
    comparison_html,
    coverage_html,
    criterion_state_html,
    kvu_for,
    measurements_html,
    measures_html,
    process_criteria,
    scores_line,
    step_ledger,
    success_factors_html,
    title_html,
    warnings_html,
    working_group_html,
)

__all__ = [
    "SuccessFactorPanel",
    "WorkingGroupPanel",
    "BaselinePanel",
    "MeasuresPanel",
    "MeasureForm",
    "make_kvu_view",
    "success_factors_html",
    "working_group_html",
    "baseline_html",
    "measures_html",
]


class SuccessFactorPanel(Panel):
    """One row per success factor: a 1-5 score, a note and a save button; then the warnings."""

    title_key = "kvuw.sf.title"

    def __init__(self, ws: Workshop, phase: int):
        self.ws, self.phase, self.kvu = ws, phase, kvu_for(ws)
        self.scores: dict[str, w.ToggleButtons] = {}
        self.notes: dict[str, w.Text] = {}
        self.buttons: dict[str, w.Button] = {}
        self.statuses: dict[str, w.HTML] = {}
        self.history: dict[str, w.HTML] = {}
        self.unsaved: dict[str, w.HTML] = {}  # "niet opgeslagen" beside each note
        self.warnings = w.HTML()
        current = self.kvu.state["scores"].get(phase, {})
        rows: list[w.Widget] = [w.HTML(f"<p class='muted'>{esc(ws.t('kvuw.sf.intro'))}</p>")]
        rows += [self._row(f, current.get(f.key, {})) for f in ws.journey.method.success_factors]
        super().__init__(ws, phase, [*rows, self.warnings])

    def _row(self, factor: SuccessFactor, mine: dict[str, Any]) -> w.Widget:
        ws, key = self.ws, factor.key
        self.scores[key] = w.ToggleButtons(
            options=[(str(n), n) for n in range(1, 6)],
            value=mine.get("score"),
            tooltips=[ws.t(f"kvuw.sf.score_{n}") for n in range(1, 6)],
            style={"button_width": "52px"},
        )
        self.notes[key] = w.Text(
            value=mine.get("note") or "", placeholder=ws.t("w.note"), layout=wide("45%")
        )
        self.buttons[key], self.statuses[key] = button(ws.t("w.save")), w.HTML()
        self.history[key] = w.HTML()
        self.bind(
            self.buttons[key],
            lambda: self.save(key),
            self.statuses[key],
            ws.t("w.saved"),
            saves=[self.notes[key]],
        )
        unsaved = self.unsaved[key] = ws.watch_unsaved(self.notes[key])
        label = f"<b>{factor.number}. {esc(factor.name.get(ws.lang))}</b><br><small class='muted'>{esc(factor.check.get(ws.lang))}</small>"
        line = w.HBox(
            [self.scores[key], self.notes[key], self.buttons[key], self.statuses[key], unsaved]
        )
        return w.VBox([w.HTML(label), line, self.history[key]])

    def save(self, factor: str) -> None:
        """Store the chosen score and note of one factor in this step."""
        name = next(
            f.name.get(self.ws.lang)
            for f in self.ws.journey.method.success_factors
            if f.key == factor
        )
        score = self.scores[factor].value
        if score is None:
            raise SprintkitError(self.ws.t("kvuw.sf.choose_score", factor=name))
        self.kvu.score(factor, score, text_or_none(self.notes[factor].value), phase=self.phase)
        self.ws.changed()

    def refresh(self) -> None:
        """Scores per step under each factor, and the warnings."""
        rows = {row.factor.key: row for row in self.kvu.assessment()}
        for key, view in self.history.items():
            view.value = f"<small>{esc(self.ws.t('kvuw.sf.scores'))}: {scores_line(rows[key], self.ws.lang)}</small>"
        self.warnings.value = warnings_html(self.kvu, self.ws.lang)


class WorkingGroupPanel(Panel):
    """The working group checklist, and a confirm button with a note per process criterion."""

    title_key = "kvuw.wg.title"

    def __init__(self, ws: Workshop, phase: int):
        self.ws, self.phase, self.kvu = ws, phase, kvu_for(ws)
        self.checklist = w.HTML()
        self.notes: dict[str, w.Text] = {}
        self.confirm_buttons: dict[str, w.Button] = {}
        self.deny_buttons: dict[str, w.Button] = {}
        self.states: dict[str, w.HTML] = {}
        self.statuses: dict[str, w.HTML] = {}
        rows: list[w.Widget] = [
            self.checklist,
            w.HTML(f"<p><b>{esc(ws.t('kvuw.wg.process'))}</b></p>"),
        ]
        for c in process_criteria(self.kvu):
            note = w.Text(placeholder=ws.t("w.note"), layout=wide("40%"))
            yes, no = button(ws.t("kvuw.wg.confirm"), "success"), button(ws.t("kvuw.wg.deny"))
            status = self.statuses[c.key] = w.HTML()
            self.states[c.key] = w.HTML()
            saved = ws.t("w.saved")
            self.bind(yes, lambda k=c.key: self.confirm(k, True), status, saved, saves=[note])
            self.bind(no, lambda k=c.key: self.confirm(k, False), status, saved, saves=[note])
            self.notes[c.key], self.confirm_buttons[c.key], self.deny_buttons[c.key] = note, yes, no
            text = w.HTML(f"<b>{esc(c.text.get(ws.lang))}</b>")
            line = w.HBox([note, yes, no, status, ws.watch_unsaved(note)])
            rows.append(w.VBox([text, self.states[c.key], line]))
        super().__init__(ws, phase, rows)

    def confirm(self, criterion: str, ok: bool = True) -> None:
        """Record the group's answer on one process criterion."""
        note = text_or_none(self.notes[criterion].value)
        self.kvu.confirm_criterion(criterion, ok, note, phase=self.phase)
        self.ws.changed()

    def refresh(self) -> None:
        """The checklist and the state of each process criterion."""
        self.checklist.value = working_group_html(self.kvu, self.ws.lang, with_process=False)
        for key, view in self.states.items():
            view.value = criterion_state_html(self.kvu, key, self.ws.lang)


class BaselinePanel(Panel):
    """Record measurements per indicator and moment; the table, source coverage, comparison."""

    title_key = "kvuw.bl.title"

    def __init__(self, ws: Workshop, phase: int, *, compare: bool | None = None):
        self.ws, self.phase, self.kvu = ws, phase, kvu_for(ws)
        moment = step_ledger(ws, phase).moment
        self.compare = moment == "eindmeting" if compare is None else compare
        self.table, self.coverage, self.comparison = w.HTML(), w.HTML(), w.HTML()
        self.record_status, self.casus_status = w.HTML(), w.HTML()
        self.casus_button = button(ws.t("kvuw.bl.from_casus"))
        self.bind(self.casus_button, self.take_from_casus, self.casus_status, None)
        views = [self.table, self.coverage, w.HBox([self.casus_button, self.casus_status])]
        if self.compare:  # at evaluation the comparison is what the room looks at
            views.insert(0, self.comparison)
        super().__init__(ws, phase, self._form(moment) + views)

    def _form(self, moment: str) -> list[w.Widget]:
        ws, lang = self.ws, self.ws.lang
        labels = {"description_width": "initial"}
        indicators = [(i.name.get(lang), i.id) for i in ws.journey.casus.indicators]
        self.indicator = w.Dropdown(
            options=[(ws.t("kvuw.choose"), None), *indicators],
            description=ws.t("kvuw.bl.indicator"),
            style=labels,
            layout=wide("70%"),
        )
        self.indicator.observe(
            ws.guard(lambda change: self._suggest_source(change["new"])), "value"
        )
        self.moment = w.Dropdown(
            options=[(t(f"kvu.moment.{m}", lang), m) for m in MOMENTS],
            value=moment,
            description=ws.t("kvuw.bl.moment"),
            style=labels,
        )
        # text, not FloatText: an empty box must be an error, not a silent 0; "2,1" is fine
        self.value = w.Text(
            description=ws.t("kvuw.bl.value"), placeholder=ws.t("kvuw.bl.value_hint"), style=labels
        )
        sources = [(s.name.get(lang), s.key) for s in ws.journey.method.analysis_sources]
        self.source = w.Dropdown(
            options=[(ws.t("kvuw.none"), None), *sources],
            description=ws.t("kvuw.bl.source"),
            style=labels,
        )
        self.date = w.DatePicker(description=ws.t("kvuw.bl.date"), style=labels)
        self.note = w.Text(placeholder=ws.t("w.note"), layout=wide("60%"))
        self.record_button = button(ws.t("w.record"), "primary")
        typed = [self.value, self.note]
        self.bind(self.record_button, self.record, self.record_status, ws.t("w.saved"), saves=typed)
        unsaved = self.record_unsaved = w.HTML()
        for field in typed:
            ws.watch_unsaved(field, unsaved)
        return [
            self.indicator,
            w.HBox([self.moment, self.value]),
            w.HBox([self.source, self.date]),
            w.HBox([self.note, self.record_button, self.record_status, unsaved]),
        ]

    def _suggest_source(self, indicator: str | None) -> None:
        if indicator is not None:
            text = next(i.source for i in self.ws.journey.casus.indicators if i.id == indicator)
            self.source.value = source_of(self.ws.journey, text)

    def record(self) -> str:
        """Store one measurement from the form; returns its id."""
        label = self.ws.t("kvuw.bl.indicator")
        indicator = need(self.indicator.value, label, self.ws.lang)
        value = need(self.value.value, self.ws.t("kvuw.bl.value"), self.ws.lang)
        ident = self.kvu.measure(
            indicator,
            value,
            self.moment.value,
            source=self.source.value,
            date=iso(self.date.value),
            note=text_or_none(self.note.value),
            phase=self.phase,
        )
        self.note.value = self.value.value = ""
        self.ws.changed()
        return ident

    def take_from_casus(self) -> int:
        """Record the casus' present indicator values as the baseline (for trainers)."""
        count = self.kvu.baseline_from_casus(phase=self.phase)
        self.casus_status.value = (
            f"<span class='ok'>{esc(self.ws.t('kvuw.bl.taken', count=count))}</span>"
        )
        self.ws.changed()
        return count

    def refresh(self) -> None:
        """The measurements table, the source coverage and (at evaluation) the comparison."""
        self.table.value = measurements_html(self.kvu, self.ws.lang)
        self.coverage.value = coverage_html(self.kvu, self.ws.lang)
        if self.compare:
            self.comparison.value = comparison_html(self.kvu, self.ws.lang)


# -- one entry point for the sprint app ----------------------------------------------------------
_PANELS = {
    "succesfactoren": SuccessFactorPanel,
    "werkgroep": WorkingGroupPanel,
    "nulmeting": BaselinePanel,
    "maatregelen": MeasuresPanel,
}


def _static(kvu: Kvu, ws: Workshop, phase: int, part: str) -> str:
    lang = ws.lang
    if part == "succesfactoren":
        body = success_factors_html(kvu, lang)
    elif part == "werkgroep":
        body = working_group_html(kvu, lang)
    elif part == "nulmeting":
        body = baseline_html(kvu, lang, compare=step_ledger(ws, phase).moment == "eindmeting")
    else:
        body = measures_html(kvu, lang)
    return title_html(ws.t(_PANELS[part].title_key), css=False) + body


def make_kvu_view(
    ws: Workshop, phase: int, parts: Iterable[str] | None = None, *, static: bool = False
) -> w.Widget:
    """The KVU parts of a step (default: its ``ledger.panels`` in ``kvu.yaml``), live or static.

    ``parts`` are names from ``succesfactoren``, ``werkgroep``, ``nulmeting``, ``maatregelen``.
    A journey of another method gets one clear message instead of panels.
    """
    try:
        kvu = kvu_for(ws)
    except SprintkitError as exc:
        return w.HTML(f"<p class='gap'>{esc(exc)}</p>")
    chosen = tuple(step_ledger(ws, phase).panels if parts is None else parts)
    unknown = [part for part in chosen if part not in _PANELS]
    if unknown:
        known, given = ", ".join(sorted(_PANELS)), ", ".join(unknown)
        raise SprintkitError(Message("kvuw.unknown_parts", parts=given, known=known))
    if not chosen:
        return w.HTML(f"<p class='muted'>{esc(ws.t('kvuw.nothing_extra'))}</p>")
    if static:
        return w.HTML(KVU_CSS + "".join(_static(kvu, ws, phase, part) for part in chosen))
    return w.VBox([_PANELS[part](ws, phase) for part in chosen])
