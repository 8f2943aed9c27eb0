"""The measures panel: choose measures, a plan form per measure, progress, the matrix."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import ipywidgets as w

from ..errors import SprintkitError
from ..i18n import t
from ..kvu.ledger import GOKIT, STATUSES
from ..model import MEASURE_CATEGORIES, Environment
from ._base import Workshop, esc
from ._kvu_panel import Panel, button, iso, need, text_or_none, wide
from ._kvu_views import kvu_for, matrix_html, matrix_png, step_ledger

__all__ = ["MeasureForm", "MeasuresPanel"]


class MeasureForm(w.VBox):
    """One selected measure: its plan (owner, deadline, budget, SMART goal, GOKIT), progress, drop."""

    def __init__(self, panel: MeasuresPanel, row: Any):
        self.panel, self.ws, self.kvu, self.measure = panel, panel.ws, panel.kvu, row.id
        ws, plan = self.ws, panel.kvu.state["measures"][row.id].get("plan") or {}
        names = ws.journey.casus.party_names()
        self.owner = w.Dropdown(
            options=[(ws.t("kvuw.choose"), None), *((n, k) for k, n in names.items())],
            value=plan.get("owner"),
            description=ws.t("w.owner"),
        )
        deadline = plan.get("deadline")
        self.deadline = w.DatePicker(
            value=dt.date.fromisoformat(deadline) if deadline else None,
            description=ws.t("kvuw.ms.deadline"),
        )
        self.budget = w.FloatText(
            value=plan.get("budget") or 0.0,
            description=ws.t("kvuw.ms.budget"),
            style={"description_width": "initial"},
        )
        self.goal = w.Textarea(
            value=plan.get("goal") or "",
            placeholder=ws.t("kvuw.ms.goal_hint"),
            layout=w.Layout(width="95%", height="60px"),
        )
        gokit = plan.get("gokit") or {}
        self.gokit = {
            k: w.Textarea(
                value=gokit.get(k, ""),
                placeholder=ws.t(f"kvu.gokit.{k}"),
                layout=w.Layout(width="19%", height="70px"),
            )
            for k in GOKIT
        }
        self.save_button = button(ws.t("kvuw.ms.save_plan"), "primary")
        self.status_choice = w.Dropdown(
            options=[(t(f"kvu.status.{s}", ws.lang), s) for s in STATUSES],
            value=row.status if row.goal else "gestart",
            description=ws.t("kvuw.ms.status"),
        )
        self.progress_note = w.Text(placeholder=ws.t("w.note"), layout=wide("40%"))
        self.progress_button = button(ws.t("kvuw.ms.record_progress"), "primary")
        self.reason = w.Text(placeholder=ws.t("kvuw.ms.reason"), layout=wide("40%"))
        self.drop_button = button(ws.t("kvuw.ms.drop"), "danger")
        self.status = w.HTML()
        saved = ws.t("w.saved")
        plan_text = [self.goal, *self.gokit.values()]
        panel.bind(self.save_button, self.save_plan, self.status, saved, saves=plan_text)
        panel.bind(
            self.progress_button, self.record_progress, self.status, saved, [self.progress_note]
        )
        plan_unsaved = w.HTML()
        for field in plan_text:
            ws.watch_unsaved(field, plan_unsaved)
        progress_unsaved = ws.watch_unsaved(self.progress_note)
        panel.bind(self.drop_button, self.drop, panel.status, None)
        parts: list[w.Widget] = []
        if "plan" in panel.parts:
            head = w.HTML(f"<b>{esc(ws.t('kvuw.ms.plan'))}</b> – {esc(ws.t('kvuw.ms.goal'))}")
            gokit_row = w.HBox(list(self.gokit.values()))
            parts += [
                w.HBox([self.owner, self.deadline, self.budget]),
                head,
                self.goal,
                gokit_row,
                w.HBox([self.save_button, plan_unsaved]),
            ]
        if "progress" in panel.parts:
            parts += [
                w.HTML(f"<b>{esc(ws.t('kvuw.ms.progress'))}</b>"),
                w.HBox(
                    [self.status_choice, self.progress_note, self.progress_button, progress_unsaved]
                ),
            ]
        parts += [w.HBox([self.reason, self.drop_button]), self.status]
        super().__init__(parts)

    def save_plan(self) -> None:
        """Store (or replace) the measure plan from the form."""
        lang = self.ws.lang
        goal = need(self.goal.value, self.ws.t("kvuw.ms.goal"), lang)
        deadline = need(iso(self.deadline.value), self.ws.t("kvuw.ms.deadline"), lang)
        owner = need(self.owner.value, self.ws.t("w.owner"), lang)
        self.kvu.plan(
            self.measure,
            owner=owner,
            deadline=deadline,
            goal=goal,
            budget=self.budget.value or None,  # 0 means no budget, as in the warnings
            gokit={k: box.value.strip() for k, box in self.gokit.items() if box.value.strip()},
            phase=self.panel.phase,
        )
        self.ws.changed()

    def record_progress(self) -> None:
        """Store the chosen status with its note."""
        self.kvu.progress(
            self.measure,
            self.status_choice.value,
            text_or_none(self.progress_note.value),
            phase=self.panel.phase,
        )
        self.progress_note.value = ""
        self.ws.changed()

    def drop(self) -> None:
        """Take the measure out of the plan, with the reason."""
        name = self.panel.name_of(self.measure)
        self.kvu.drop(self.measure, text_or_none(self.reason.value), phase=self.panel.phase)
        self.panel.status.value = (
            f"<span class='ok'>{esc(self.ws.t('kvuw.ms.dropped', name=name))}</span>"
        )
        self.ws.changed()


class MeasuresPanel(Panel):
    """Choose measures (catalogue or own), a plan form per measure, progress, the matrix."""

    title_key = "kvuw.ms.title"

    def __init__(self, ws: Workshop, phase: int, parts: Iterable[str] | None = None):
        self.ws, self.phase, self.kvu = ws, phase, kvu_for(ws)
        # the parts the step's ``ledger.measures`` names; all of them where it names none
        step = step_ledger(ws, phase).measures
        self.parts = set(parts or step or ("select", "plan", "progress"))
        self.forms: dict[str, MeasureForm] = {}
        self.accordion = w.Accordion()
        self.matrix, self.figure = w.HTML(), w.Image(format="png", layout=w.Layout(display="none"))
        body = self._selection() if "select" in self.parts else []
        heading = w.HTML(f"<h3>{esc(ws.t('kvuw.ms.matrix'))}</h3>")
        super().__init__(ws, phase, [*body, self.accordion, heading, self.matrix, self.figure])

    def _selection(self) -> list[w.Widget]:
        ws, lang = self.ws, self.ws.lang
        problems: list[str] = []
        try:
            from ..kvu.measures import measures

            self.catalogue = measures(ws.journey.casus)
        except SprintkitError as exc:  # a broken catalogue file must not take the panel down
            self.catalogue = {}
            problems.append(str(exc))
        categories = [(t(f"kvu.category.{c}", lang), c) for c in MEASURE_CATEGORIES]
        self.category = w.Dropdown(
            options=[(ws.t("kvuw.ms.all"), None), *categories], description=ws.t("kvuw.ms.category")
        )
        self.choice = w.Dropdown(options=self._catalogue_options(), layout=wide("50%"))
        self.category.observe(
            ws.guard(lambda _: setattr(self.choice, "options", self._catalogue_options())),
            "value",
        )
        self.problem = w.Text(placeholder=ws.t("kvuw.ms.problem"), layout=wide("80%"))
        self.choose_button = button(ws.t("kvuw.ms.choose"), "primary")
        self.own_name = w.Text(placeholder=ws.t("kvuw.ms.own_name"), layout=wide("40%"))
        self.own_environment = w.Dropdown(options=[(e.label(lang), e.value) for e in Environment])
        self.own_category = w.Dropdown(options=categories, value="overig")
        self.own_button = button(ws.t("kvuw.ms.choose_own"), "primary")
        chosen = w.HTML()
        self.bind(self.choose_button, self.choose, chosen, None)
        self.bind(self.own_button, self.choose_own, chosen, None)
        self.chosen = chosen
        empty = [] if self.catalogue else [ws.t("kvuw.ms.catalogue_empty")]
        notes = "".join(f"<p class='muted'>{esc(text)}</p>" for text in problems + empty)
        return [
            w.HTML(f"<b>{esc(ws.t('kvuw.ms.catalogue'))}</b>{notes}"),
            w.HBox([self.category, self.choice, self.choose_button]),
            w.HTML(f"<b>{esc(ws.t('kvuw.ms.own'))}</b>"),
            w.HBox([self.own_name, self.own_environment, self.own_category, self.own_button]),
            self.problem,
            chosen,
        ]

    def _catalogue_options(self) -> list[tuple[str, str | None]]:
        category = getattr(self, "category", None)
        wanted = category.value if category is not None else None
        found = sorted(
            (spec.name.get(self.ws.lang), spec.id)
            for spec in self.catalogue.values()
            if wanted is None or spec.category == wanted
        )
        return [(self.ws.t("kvuw.choose"), None), *found]

    def name_of(self, measure: str) -> str:
        """The display name of a selected measure."""
        name = self.kvu.state["measures"][measure]["name"]
        return name.get(self.ws.lang) or name.get("nl") or measure

    def _chosen(self, measure: str) -> str:
        self.problem.value = ""
        self.chosen.value = f"<span class='ok'>{esc(self.ws.t('kvuw.ms.chosen', name=self.name_of(measure)))}</span>"
        self.ws.changed()
        return measure

    def choose(self) -> str:
        """Select the catalogue measure in the dropdown; returns its id."""
        measure = need(self.choice.value, self.ws.t("kvuw.ms.measure"), self.ws.lang)
        problem = text_or_none(self.problem.value)
        return self._chosen(self.kvu.select(measure, problem=problem, phase=self.phase))

    def choose_own(self) -> str:
        """Select an own measure from name, environment and category; returns its id."""
        name = need(self.own_name.value, self.ws.t("kvuw.ms.own_name"), self.ws.lang)
        measure = self.kvu.select(
            name=name,
            environment=self.own_environment.value,
            category=self.own_category.value,
            problem=text_or_none(self.problem.value),
            phase=self.phase,
        )
        self.own_name.value = ""
        return self._chosen(measure)

    def refresh(self) -> None:
        """Forms for new measures (typed input in the others stays), the matrix and its figure."""
        rows = self.kvu.progress_matrix()
        live = {r.id: r for r in rows}
        if set(live) != set(self.forms):
            self.forms = {k: self.forms.get(k) or MeasureForm(self, r) for k, r in live.items()}
            self.accordion.children = tuple(self.forms.values())
        self.accordion.titles = tuple(
            f"{r.name.get(self.ws.lang)} – {r.status_label(self.ws.lang) if r.goal else self.ws.t('kvuw.ms.no_plan')}"
            for r in rows
        )
        self.matrix.value = matrix_html(self.kvu, self.ws.lang)
        png = matrix_png(self.kvu, self.ws.lang)
        self.figure.value = png or b""
        self.figure.layout.display = None if png else "none"
