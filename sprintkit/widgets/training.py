"""The face of the one-day training notebook: ``open_training(...)`` and its sections.

The day (``training.yaml`` of the casus) holds some phases itself, skips others with the
casus' demo input (stand-ins) and closes with 'Wie doet wat?'. :class:`TrainingApp` reuses the
sprint notebook's sections (:class:`~sprintkit.widgets.app.SprintApp`) per phase of the day and
adds the agenda, the skip step, the closing work form and the cooperation debrief. With
``demo=True`` the whole day is played from demo input and every section is static HTML.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as w

from ..engine import Journey
from ..i18n import t
from ..model import Lang, TrainingDay
from ..reports.blocks import Report
from ..reports.context import ReportContext
from ..reports.render_text import render_blocks_html
from ..reports.tvb import tvb_report, write_training_reports
from ..training import add_trainees, closing_run, play_day, skip_phases, training_day
from ..workspace import open_casus, open_journey, open_store, start_journey
from . import _notebook
from ._base import PROJECTOR_CSS, Workshop, esc
from .app import SprintApp, _show_top

__all__ = ["TrainingApp", "open_training", "agenda_html"]


def open_training(
    casus: str | Path,
    *,
    store: str | Path | None = None,
    lang: Lang = "nl",
    demo: bool = False,
    journey: str | None = None,
) -> TrainingApp:
    """Open (or start) the training journey of a casus; ``demo=True`` plays the whole day."""
    _notebook.install(lang=lang)
    case = open_casus(casus)
    day = training_day(case)
    backend = open_store(case, store)
    if journey is not None or Journey.ids(backend, case.id):
        j = open_journey(case, journey, store=backend)
    else:
        j = start_journey(case, store=backend, label="training")
    if demo:
        play_day(j, day)
    else:
        _show_top(lang)
    return TrainingApp(Workshop(j, lang), day, static=demo)


def agenda_html(day: TrainingDay, lang: str) -> str:
    """The day's agenda as an escaped HTML table (time, minutes, part, how)."""
    header = "".join(
        f"<th scope='col'>{esc(t(f'training.col.{c}', lang))}</th>"
        for c in ("time", "minutes", "what", "how")
    )
    rows = []
    for block in day.agenda:
        how = "other" if block.phase is None else "stand_in" if block.stand_in else "live"
        what = esc(block.title.get(lang))
        if block.what is not None:
            what += f"<br><span class='muted'>{esc(block.what.get(lang))}</span>"
        rows.append(
            f"<tr><td>{esc(block.start)}</td><td>{block.minutes}</td><td>{what}</td>"
            f"<td>{esc(t(f'training.how.{how}', lang))}</td></tr>"
        )
    title = esc(t("training.agenda", lang))
    return f"<h3>{title}</h3><table><tr>{header}</tr>{''.join(rows)}</table>"


class TrainingApp:
    """The sections of the one-day training notebook."""

    def __init__(self, ws: Workshop, day: TrainingDay, static: bool = False):
        self.ws, self.day, self.static = ws, day, static
        self.journey = ws.journey
        self._sprints: dict[int, SprintApp] = {}

    def _html(self, html: str) -> Any:
        from IPython.display import HTML

        return HTML(PROJECTOR_CSS + f"<div class='sk'>{html}</div>")

    def agenda(self) -> Any:
        """The day's agenda: which phases the group holds, which come from the practice input."""
        intro = f"<p>{esc(self.day.intro.get(self.ws.lang))}</p>"
        return self._html(intro + agenda_html(self.day, self.ws.lang))

    def sprint(self, number: int) -> SprintApp:
        """The sections of one phase of the day (header, work forms, key factors, result)."""
        if number not in self._sprints:
            self._sprints[number] = SprintApp(self.ws, number, static=self.static)
        return self._sprints[number]

    def roster(self) -> Any:
        """Who is in the room, with their own organisation and the casus role they play."""
        first = self.day.phases(stand_in=False)
        return self.sprint(first[0] if first else 1).roster()

    def demo_trainees(self) -> Any:
        """Put the practice input's invented trainees on the roster (trainers trying the day)."""
        added = add_trainees(self.journey, self.day)
        self.ws.changed()
        return self._html(f"<p>{esc(self.ws.t('training.trainees_added', count=len(added)))}</p>")

    def skip(self) -> Any:
        """Fill the phases the day skips from the casus' practice input (safe to run again)."""
        skip_phases(self.journey, self.day)
        done = [n for n in self.day.phases(stand_in=True) if self._closed(n)]
        noun = self.journey.method.phase_noun.get(self.ws.lang)
        phases = ", ".join(f"{noun} {n}" for n in done) or "-"
        return self._html(f"<p>{esc(self.ws.t('training.stand_in_done', phases=phases))}</p>")

    def _closed(self, number: int) -> bool:
        return self.journey.state.phase(number).status == "closed"

    def closing(self) -> Any:
        """The closing work form ('Wie doet wat?'), in its block's phase while that is open."""
        run = closing_run(self.journey, self.day)
        block = self.day.closing_block()
        if run is None or block is None:
            return self._html(f"<p class='muted'>{esc(self.ws.t('report.tvb.none'))}</p>")
        return self.sprint(block.phase or self.journey.run(run).phase).workform(run)

    def reports(self, lang: str | None = None, anonymise: bool = False) -> list[Report]:
        """The cooperation report and the 'Wie doet wat?' report of the day."""
        from ..reports import build_report

        lang = lang or self.ws.lang
        ctx = ReportContext.of(self.journey, lang, anonymise)
        return [build_report(ctx, "cooperation"), tvb_report(ctx)]

    def debrief(self, out: str | Path | None = None) -> Any:
        """The cooperation debrief: both reports on screen; with ``out`` also as HTML files."""
        parts = []
        for report in self.reports():
            parts.append(f"<h2>{esc(report.title)}</h2>")
            for section in report.sections:
                tag = f"h{min(section.level + 1, 4)}"
                parts.append(f"<{tag}>{esc(section.heading)}</{tag}>")
                parts.append(render_blocks_html(section.blocks))
        if out is not None:
            for path in self.write(out):
                parts.append(
                    f"<p class='muted'>{esc(self.ws.t('training.written', path=path))}</p>"
                )
        return self._html("".join(parts))

    def write(self, out: str | Path, fmts: tuple[str, ...] = ("html",)) -> list[Path]:
        """Write the cooperation report and the 'Wie doet wat?' report into the folder ``out``."""
        return write_training_reports(self.journey, out, fmts, self.ws.lang)

    def log(self) -> w.Output:
        """The log pane (errors of this notebook's clicks)."""
        return self.ws.log
