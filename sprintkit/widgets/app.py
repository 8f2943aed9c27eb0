"""The face of a sprint notebook: ``open_sprint(...)`` and one method per section.

Live (``demo=False``) every section is an ipywidget over the journey. With ``demo=True`` the
phase is filled from the casus' demo input and closed, and every section shows static HTML and
figures, so an executed notebook carries its result as plain output (papermill, reports).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as w

from .._atomic_write import write_bytes
from ..engine import Journey
from ..i18n import t
from ..model import Lang
from ..model.agenda import Agenda
from ..workspace import demo_journey, open_casus, open_journey, open_store, start_journey
from . import _notebook
from ._base import PROJECTOR_CSS, Workshop, esc
from .canvases import make_canvas
from .glijbaan import GlijbaanBoard
from .guidance import glijbaan_credit_html, key_factor_extra_html
from .header import format_value, make_key_factor_panel, make_sprint_header
from .kvu import make_kvu_view
from .participants import ParticipantsPanel, static_note_html
from .result import ResultPanel
from .roster import RosterPanel, roster_html
from .timer import TimerWidget

__all__ = ["SprintApp", "open_sprint", "restart_hint_html", "static_html"]


def static_html(widget: w.Widget) -> str:
    """Every HTML value inside a widget tree, in order: a static copy of what it shows."""
    if isinstance(widget, w.HTML):
        return widget.value
    children = getattr(widget, "children", ())
    return "".join(static_html(child) for child in children)


def open_sprint(
    casus: str | Path,
    sprint: int,
    *,
    store: str | Path | None = None,
    lang: Lang = "nl",
    demo: bool = False,
    journey: str | None = None,
) -> SprintApp:
    """Open (or start) the journey of a casus at one phase, as the notebook for that phase.

    The latest journey in the store is used (``journey`` picks another). With ``demo=True``,
    every phase up to and including ``sprint`` that is not yet closed is played from demo input.
    """
    _notebook.install(lang=lang)  # errors in this notebook's cells read in its language
    case = open_casus(casus)
    backend = open_store(case, store)
    if journey is not None or Journey.ids(backend, case.id):
        j = open_journey(case, journey, store=backend)
    else:
        j = start_journey(case, store=backend)
    if demo:
        demo_journey(case, through=sprint, journey=j)
    else:
        _show_top(lang)
    return SprintApp(Workshop(j, lang), sprint, static=demo)


def restart_hint_html(lang: Lang = "nl") -> str:
    """What to do after a kernel restart, and what is kept: plain HTML with the projector CSS.

    Plain HTML, not a widget: it stays readable in the saved notebook after a restart, when
    every widget below it has become a broken-link icon.
    """
    hint, kept = t("console.restart_hint", lang), t("console.kept", lang)
    return PROJECTOR_CSS + f"<div class='sk'><p class='muted'>{esc(hint)} {esc(kept)}</p></div>"


def _show_top(lang: Lang) -> None:
    """What a live notebook's first cell shows (only inside a kernel).

    :func:`restart_hint_html`, and :class:`~._top.ScrollToTop`, which brings the view back to
    the top after Run All.
    """
    from IPython import get_ipython
    from IPython.display import HTML, display

    if get_ipython() is not None:
        from ._top import ScrollToTop  # anywidget: imported in a kernel only

        display(HTML(restart_hint_html(lang)))
        display(ScrollToTop())


class SprintApp:
    """The sections of one phase's notebook."""

    def __init__(self, ws: Workshop, phase: int, static: bool = False):
        self.ws, self.phase, self.static = ws, phase, static
        self.journey = ws.journey
        #: the last agenda shown (:meth:`agenda`): work forms it left out are folded away
        self.plan: Agenda | None = None
        if not static:
            ws.start_polling()  # notes and votes from phones show up without a manual refresh

    def _show(self, widget: w.Widget) -> Any:
        if self.static:
            from IPython.display import HTML

            return HTML(PROJECTOR_CSS + "<div class='sk'>" + static_html(widget) + "</div>")
        widget.add_class("sk")  # the projector's text size reaches tables in plain HTML too
        return widget

    def roster(self) -> Any:
        """Who is in the room: the roster (list, add, edit, remove); authors and voters use it."""
        if self.static:
            return self._show(w.HTML(roster_html(self.ws)))
        return RosterPanel(self.ws)

    def deelnemers(self, **options: Any) -> Any:
        """Participants on their own phones: the server, its code and QR, the stage, who joined.

        In a demo or static notebook no server starts: a short note says how it works live.
        ``options`` go to :class:`~sprintkit.widgets.participants.ParticipantsPanel` (``port``).
        """
        if self.static:
            return self._show(w.HTML(static_note_html(self.ws)))
        self.runs()  # the work forms the panel offers exist before the cell that shows them
        return ParticipantsPanel(self.ws, self.phase, **options)

    def header(self) -> Any:
        """Number, name, goal, guiding questions and the earlier results used here."""
        return self._show(make_sprint_header(self.ws, self.phase))

    def key_factors(self) -> Any:
        """The six key factors with this phase's prompts, a note per factor."""
        if self.static:
            notes = self.journey.state.phase(self.phase).key_factor_notes
            rows = "".join(
                f"<li><b>{esc(f.name.get(self.ws.lang))}</b> – {esc(p.get(self.ws.lang))}<br>"
                f"{esc(notes.get(f.key, ''))}{key_factor_extra_html(self.ws, f)}</li>"
                for f, p in self.journey.view(self.phase).prompts
            )
            return self._show(w.HTML(f"<h3>{esc(self.ws.t('w.key_factors'))}</h3><ul>{rows}</ul>"))
        return make_key_factor_panel(self.ws, self.phase)

    def offered(self) -> list[str]:
        """The work forms this notebook offers, by slug.

        With an agenda (:meth:`agenda`, run before): the forms it picked, in its order (the
        casus' own and plugin forms included), then the method's suggestions it left out
        (folded by :meth:`workforms`). Without one: the method's suggestions. Then any other
        form that already has a run in this phase (demo input, another device).
        """
        suggested = list(self.journey.method.phase(self.phase).workforms)
        picked = [item.slug for item in self.plan.workforms()] if self.plan is not None else []
        slugs = [s for s in picked if s] + [s for s in suggested if s not in picked]
        slugs += [r.workform for r in self.journey.state.runs_of(self.phase) if r.workform]
        available = {w.slug for w in self.journey.available_workforms()}
        return [s for i, s in enumerate(slugs) if s in available and s not in slugs[:i]]

    def _planned(self, slug: str) -> int:
        """Minutes for a new run: the agenda's, else the form's shortest time."""
        for item in self.plan.workforms() if self.plan is not None else []:
            if item.slug == slug and item.planned_minutes:
                return int(item.planned_minutes)
        return self.journey.workform(slug).duration_minutes.min

    def runs(self) -> list[str]:
        """The run of each offered work form (:meth:`offered`) in this phase (started when missing)."""
        existing = {r.workform: r.id for r in self.journey.state.runs_of(self.phase)}
        runs = []
        for slug in self.offered():
            if slug not in existing and self.journey.state.phase(self.phase).status != "closed":
                minutes = self._planned(slug)
                existing[slug] = self.journey.start_run(slug, self.phase, planned_minutes=minutes)
            if slug in existing:
                runs.append(existing[slug])
        return runs

    def workform(self, run: str) -> Any:
        """One work form: its canvas and (live) a countdown timer."""
        canvas = make_canvas(self.ws, run)
        if self.static:
            return self._show(canvas)
        planned = self.journey.run(run).planned_minutes or 60
        return w.VBox([TimerWidget(self.ws, run, planned), canvas])

    def workforms(self) -> Any:
        """Every offered work form of this phase (:meth:`offered`), one below the other.

        A work form the agenda (:meth:`agenda`, run before) left out is folded away with the
        planner's reason: live a line and an "open anyway" button that builds its canvas on
        the click, static a closed ``<details>``.
        """
        left = self._left_out()
        parts = []
        for run in self.runs():
            reason = left.get(self.journey.run(run).workform)
            parts.append(self.workform(run) if reason is None else self._folded(run, reason))
        if self.static:
            from IPython.display import HTML

            return HTML("".join(p.data for p in parts))
        return w.VBox(parts)

    def _left_out(self) -> dict[str, str]:
        """Slug -> "Name: niet in de agenda (reason)" for the work forms the agenda left out."""
        if self.plan is None:
            return {}
        lang = self.ws.lang
        return {
            o.slug: self.ws.t(
                "console.left_out", name=o.title.get(lang), reason=o.explanation.get(lang)
            )
            for o in self.plan.left_out
        }

    def _folded(self, run: str, reason: str) -> Any:
        if self.static:
            from IPython.display import HTML

            inner = self.workform(run).data
            return HTML(f"<details class='sk'><summary>{esc(reason)}</summary>{inner}</details>")
        line = w.HTML(f"<p class='muted'>{esc(reason)}</p>")
        button = w.Button(description=self.ws.t("console.open_anyway"))
        # built with the cell, shown on the click: a canvas built inside a widget callback got
        # its clicks on another thread than the one that opened the store in JupyterLab
        # (ipykernel 7.4: "SQLite objects created in a thread ..."); see the browser test
        form = self.workform(run)
        form.layout.display = "none"
        box = w.VBox([line, button, form])
        box.add_class("sk")

        def unfold(_: Any) -> None:
            form.layout.display = None
            button.layout.display = "none"

        button.on_click(self.ws.guard(unfold, None))
        return box

    def agenda(self, group_size: int = 12, minutes: int = 180) -> Any:
        """The proposed agenda for this session, and planned vs actual minutes per work form."""
        from ..planning import plan_session

        agenda = self.plan = plan_session(
            self.journey.method,
            self.phase,
            group_size,
            minutes,
            casus=self.journey.casus,
            lang=self.ws.lang,
        )
        names = {w.slug: w.name.get(self.ws.lang) for w in self.journey.workforms(self.phase)}
        rows = "".join(
            f"<tr><td>{esc(names.get(run.workform, run.workform))}</td>"
            f"<td>{run.planned_minutes or '-'}</td>"
            f"<td>{'-' if run.actual_minutes is None else run.actual_minutes}</td></tr>"
            for run in self.journey.state.runs_of(self.phase)
        )
        head = (
            f"<tr><th></th><th>{esc(self.ws.t('w.agenda.planned'))}</th>"
            f"<th>{esc(self.ws.t('w.agenda.actual'))}</th></tr>"
        )
        html = (
            f"<pre style='font-size:16px'>{esc(agenda.to_text(self.ws.lang))}</pre>"
            f"<table>{head}{rows}</table>"
        )
        return self._show(w.HTML(html))

    def glijbaan(self) -> Any:
        """Where each actor stands on the glijbaan in this phase."""
        if self.static:
            return self._show(w.HTML(self._glijbaan_html()))
        return GlijbaanBoard(self.ws, self.phase)

    def _glijbaan_html(self) -> str:
        positions = self.journey.state.phase(self.phase).glijbaan
        names = self.journey.casus.party_names()
        rows = "".join(
            f"<li>{esc(names.get(a, a))}: {p}</li>" for a, p in sorted(positions.items())
        )
        credit = glijbaan_credit_html(self.ws)
        return f"<h3>{esc(self.ws.t('w.glijbaan'))}</h3>{credit}<ul>{rows}</ul>"

    def result(self) -> Any:
        """The result form with the gate button (live), or the closed result (demo)."""
        if self.static:
            spec = self.journey.method.phase(self.phase).result
            state = self.journey.state.phase(self.phase)
            result = state.closed_result or state.result
            names = self.journey.casus.party_names()
            body = "".join(
                f"<p><b>{esc(f.label.get(self.ws.lang))}</b></p>{format_value(result[f.key], names)}"
                for f in spec.fields
                if f.key in result
            )
            title = esc(self.ws.t("w.result", name=spec.name.get(self.ws.lang)))
            return self._show(w.HTML(f"<h3>{title}</h3>{body}"))
        return ResultPanel(self.ws, self.phase)

    def koppelvlakken(self, save_to: str | Path | None = None) -> Any:
        """The four-environment map with the journey's interventions.

        Live, it is drawn again only when the interventions, their effects or owners change,
        on a background thread (:class:`~sprintkit.widgets.koppelvlakken.KoppelvlakkenView`).
        ``save_to`` also writes each drawing as a PNG file.
        """
        from .koppelvlakken import KoppelvlakkenView, map_png

        if self.static:
            from IPython.display import Image

            journey = self.journey
            everything = journey.interventions(plan=False)
            data = map_png(journey.casus, journey.interventions(), self.ws.lang, dropped=everything)
            if save_to is not None:
                write_bytes(save_to, data)
            return Image(data=data, format="png")
        return KoppelvlakkenView(self.ws, save_to)

    # -- KVU (Kwaliteitsmeter Veilig Uitgaan) ------------------------------------------------------
    def _kvu_view(self, parts: tuple[str, ...] | None) -> Any:
        return self._show(make_kvu_view(self.ws, self.phase, parts, static=self.static))

    def kvu(self) -> Any:
        """The KVU parts that fit this step (e.g. success factors in step 1, measures in step 4).

        Any other method gets one clear message instead of panels.
        """
        return self._kvu_view(None)

    def succesfactoren(self) -> Any:
        """KVU: score the nine success factors in this step; the warnings below."""
        return self._kvu_view(("succesfactoren",))

    def werkgroep(self) -> Any:
        """KVU: the working group checklist, and the process criteria to confirm."""
        return self._kvu_view(("werkgroep",))

    def nulmeting(self) -> Any:
        """KVU: record measurements (baseline, interim, final) and see the sources still missing."""
        return self._kvu_view(("nulmeting",))

    def maatregelen(self) -> Any:
        """KVU: choose measures, plan them (owner, deadline, SMART goal, GOKIT), track progress."""
        return self._kvu_view(("maatregelen",))

    def log(self) -> w.Output:
        """The one log pane of this notebook."""
        return self.ws.log
