"""Static, escaped HTML views of the KVU state, shared by the live panels and demo notebooks.

Pure functions of a :class:`~sprintkit.kvu.Kvu` and a language; no ipywidgets. Every text a
person typed (notes, measure names, reasons) and every text from data goes through ``esc``.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from ..errors import SprintkitError
from ..i18n import fmt_number, t
from ..kvu.facade import Kvu
from ..kvu.ledger import serves
from ..kvu.safety import measurements
from ..model import PhaseLedger
from ._base import PROJECTOR_CSS, Workshop, esc

__all__ = [
    "KVU_CSS",
    "kvu_for",
    "step_ledger",
    "title_html",
    "warnings_html",
    "success_factors_html",
    "criterion_state_html",
    "process_criteria",
    "working_group_html",
    "measurements_html",
    "coverage_html",
    "comparison_html",
    "baseline_html",
    "matrix_html",
    "matrix_png",
    "measures_html",
    "scores_line",
    "day",
]

_MARK = {"pass": ("✔", "ok"), "warn": ("!", "warn"), "fail": ("✘", "gap")}
KVU_CSS = """<style>
.sk table.kvu { border-collapse: collapse; margin: 4px 0; }
.sk table.kvu th, .sk table.kvu td { border-bottom: 1px solid #bbb; padding: 4px 10px;
  text-align: left; vertical-align: top; }
.sk .warn { color: #8a5a00; font-weight: bold; } .sk small { font-size: 15px; }
</style>"""


# -- shared helpers ------------------------------------------------------------------------------
def kvu_for(ws: Workshop) -> Kvu:
    """The KVU view of the workshop's journey; a clear message when it is not a KVU journey."""
    method = ws.journey.method
    if not serves(method):
        raise SprintkitError(ws.t("kvuw.not_kvu", method=method.name.get(ws.lang)))
    return Kvu(ws.journey)


def step_ledger(ws: Workshop, phase: int) -> PhaseLedger:
    """What the KVU does in step ``phase`` (``ledger:`` in ``kvu.yaml``): panels, moment ..."""
    return ws.journey.method.phase(phase).ledger_spec


def title_html(text: str, *, css: bool = True) -> str:
    """A panel heading, with the projector and KVU table styles (once per output is enough)."""
    style = PROJECTOR_CSS + KVU_CSS if css else ""
    return f"{style}<div class='sk'><h3>{esc(text)}</h3></div>"


def day(value: str | None, lang: str) -> str:
    """An ISO date as people in ``lang`` write it (``30 apr 2026``); a dash when missing."""
    if not value:
        return t("kvuw.none", lang)
    from babel.dates import format_date  # lazy: Babel loads locale data on import

    locale = "nl_NL" if lang == "nl" else "en_GB"
    return format_date(dt.date.fromisoformat(value), format="d MMM y", locale=locale)


def _table(head: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """A table; ``head`` is plain text, the cells are HTML the caller escaped."""
    top = "".join(f"<th>{esc(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table class='kvu'><tr>{top}</tr>{body}</table>"


# -- static views --------------------------------------------------------------------------------
def scores_line(row: Any, lang: str) -> str:
    """A factor's scores per step in one line (red when the latest is weak)."""
    scores = [t("kvuw.sf.score_in", lang, phase=s.phase, score=s.score) for s in row.scores]
    text = esc(", ".join(scores) or t("kvuw.sf.no_score", lang))
    return f"<span class='gap'>{text}</span>" if row.weak else text


def warnings_html(kvu: Kvu, lang: str) -> str:
    """The success factor warnings (weak scores and signals from the data)."""
    found = kvu.warnings()
    if not found:
        return f"<p class='ok'>{esc(t('kvuw.sf.no_warnings', lang))}</p>"
    items = "".join(f"<li>{esc(x.text(lang))}</li>" for x in found)
    return f"<p class='warn'>{esc(t('kvuw.sf.warnings', lang))}</p><ul class='gap'>{items}</ul>"


def success_factors_html(kvu: Kvu, lang: str) -> str:
    """The nine factors with their scores per step and latest note, then the warnings."""
    rows = []
    for row in kvu.assessment():
        f = row.factor
        note = row.latest.note if row.latest and row.latest.note else ""
        rows.append(
            [
                f"<b>{f.number}. {esc(f.name.get(lang))}</b><br><small class='muted'>{esc(f.check.get(lang))}</small>",
                scores_line(row, lang),
                esc(note),
            ]
        )
    head = [t("kvuw.sf.factor", lang), t("kvuw.sf.scores", lang), t("w.note", lang)]
    return _table(head, rows) + warnings_html(kvu, lang)


def criterion_state_html(kvu: Kvu, key: str, lang: str) -> str:
    """Whether the group confirmed a process criterion, with its note."""
    state = kvu.state["criteria"].get(key)
    if state is None:
        return f"<span class='muted'>? {esc(t('kvuw.wg.open', lang))}</span>"
    mark, css, word = ("✔", "ok", "confirmed") if state["ok"] else ("✘", "gap", "not_met")
    note = f" – {esc(state['note'])}" if state.get("note") else ""
    return f"<span class='{css}'>{mark} {esc(t(f'kvuw.wg.{word}', lang))}</span>{note}"


def process_criteria(kvu: Kvu) -> list[Any]:
    """The criteria of the method only the working group itself can confirm."""
    spec = kvu.journey.method.working_group
    return [c for c in spec.criteria if c.check == "process"] if spec else []


def working_group_html(kvu: Kvu, lang: str, *, with_process: bool = True) -> str:
    """The checklist (✔ / ! / ✘ with the why) and the state of each process criterion."""
    lines = kvu.working_group().lines
    if lines:
        rows = []
        for line in lines:
            mark, css = _MARK.get(line.status, ("?", "muted"))
            rows.append([f"<b class='{css}'>{mark}</b>", esc(line.text(lang)), esc(line.why(lang))])
        head = ["", t("kvuw.wg.criterion", lang), t("kvuw.wg.why", lang)]
        out = _table(head, rows)
    else:
        out = f"<p class='muted'>{esc(t('kvuw.wg.empty', lang))}</p>"
    shown = {line.key for line in lines}
    missing = [c for c in process_criteria(kvu) if c.key not in shown] if with_process else []
    if missing:  # process criteria the checklist does not already cover
        items = "".join(
            f"<li>{esc(c.text.get(lang))}<br>{criterion_state_html(kvu, c.key, lang)}</li>"
            for c in missing
        )
        out += f"<p><b>{esc(t('kvuw.wg.process', lang))}</b></p><ul>{items}</ul>"
    return out


def measurements_html(kvu: Kvu, lang: str) -> str:
    """Every recorded measurement as a table."""
    found = measurements(kvu.journey)
    if not found:
        return f"<p class='muted'>{esc(t('kvuw.bl.none', lang))}</p>"
    sources = {s.key: s.name.get(lang) for s in kvu.journey.method.analysis_sources}
    none = t("kvuw.none", lang)
    rows = [
        [
            esc(m.indicator.name.get(lang)),
            esc(t(f"kvu.moment.{m.moment}", lang)),
            esc(fmt_number(m.value, lang)),
            esc(m.indicator.unit),
            esc(sources.get(m.source or "", none)),
            f"<span style='white-space:nowrap'>{esc(day(m.date, lang))}</span>",
            esc(m.note or ""),
        ]
        for m in found
    ]
    keys = ("indicator", "moment", "value", "unit", "source", "date")
    head = [t(f"kvuw.bl.{k}", lang) for k in keys] + [t("w.note", lang)]
    return _table(head, rows)


def coverage_html(kvu: Kvu, lang: str) -> str:
    """A warning line naming the advised sources the baseline does not use yet."""
    _, missing = kvu.source_coverage()
    if not missing:
        return f"<p class='ok'>{esc(t('kvuw.bl.all_sources', lang))}</p>"
    names = ", ".join(s.name.get(lang) for s in missing)
    return f"<p class='warn'>! {esc(t('kvuw.bl.missing', lang, sources=names))}</p>"


def comparison_html(kvu: Kvu, lang: str) -> str:
    """Each baseline indicator against its final (or latest interim) measurement."""
    rows = kvu.comparison()
    if not rows:
        return f"<p class='muted'>{esc(t('kvuw.bl.no_comparison', lang))}</p>"
    css = {"beter": "ok", "slechter": "gap"}
    items = "".join(f"<li class='{css.get(c.verdict, '')}'>{esc(c.line(lang))}</li>" for c in rows)
    return f"<p><b>{esc(t('kvuw.bl.comparison', lang))}</b></p><ul>{items}</ul>"


def baseline_html(kvu: Kvu, lang: str, *, compare: bool = False) -> str:
    """Measurements and the source coverage; at evaluation the comparison comes first."""
    table = measurements_html(kvu, lang) + coverage_html(kvu, lang)
    return comparison_html(kvu, lang) + table if compare else table


def matrix_html(kvu: Kvu, lang: str) -> str:
    """The progress matrix: measure, owner, deadline, status and the GOKIT aspects still open."""
    rows = kvu.progress_matrix()
    if not rows:
        return f"<p class='muted'>{esc(t('kvuw.ms.none', lang))}</p>"
    none = t("kvuw.none", lang)
    cells = []
    for r in rows:
        problem = f"<br><small class='muted'>{esc(r.problem)}</small>" if r.problem else ""
        status = (
            f"<span class='muted'>{esc(t('kvuw.ms.no_plan', lang))}</span>"
            if r.goal is None
            else esc(r.status_label(lang))
        )
        if r.status in ("vertraagd", "gestopt"):
            status = f"<span class='gap'>{status}</span>"
        open_ = ", ".join(r.gokit_open_labels(lang))
        gokit = (
            esc(open_)
            if open_
            else f"<span class='ok'>{esc(t('kvuw.ms.gokit_complete', lang))}</span>"
        )
        cells.append(
            [
                f"<b>{esc(r.name.get(lang))}</b>{problem}",
                esc(r.owner_name or none),
                f"<span style='white-space:nowrap'>{esc(day(r.deadline, lang))}</span>",
                status,
                gokit,
            ]
        )
    keys = ("w.owner", "kvuw.ms.deadline", "kvuw.ms.status", "kvuw.ms.gokit_open")
    return _table([t("kvuw.ms.measure", lang)] + [t(k, lang) for k in keys], cells)


def matrix_png(kvu: Kvu, lang: str) -> bytes | None:
    """The progress matrix figure as PNG; ``None`` without measures or without the plots module."""
    rows = kvu.progress_matrix()
    if not rows:
        return None
    try:  # lazy: matplotlib costs ~150 ms at import, and only the measures view draws
        import matplotlib.pyplot as plt

        from ..kvu.plots import progress_matrix_plot
    except ImportError as exc:
        if exc.name in ("sprintkit.kvu.plots", "matplotlib"):
            return None  # the figure is an extra: the table shows the same
        raise
    # Our own figure, so it is closed even when drawing fails (else Jupyter would show it).
    size = (14, max(3.5, 0.8 * len(rows) + 2.2))
    fig, ax = plt.subplots(figsize=size, layout="constrained")
    try:
        progress_matrix_plot(rows, ax=ax, lang=lang)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=90)
    finally:
        plt.close(fig)
    return buffer.getvalue()


def measures_html(kvu: Kvu, lang: str, *, figure: bool = True) -> str:
    """The progress matrix table, and (when available) its figure as an inline PNG."""
    out = matrix_html(kvu, lang)
    png = matrix_png(kvu, lang) if figure else None
    if png:
        data = base64.b64encode(png).decode("ascii")
        out += f"<img alt='{esc(t('kvuw.ms.matrix', lang))}' src='data:image/png;base64,{data}'>"
    return out
