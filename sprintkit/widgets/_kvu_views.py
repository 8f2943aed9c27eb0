"""Static HTML views of the KVU state, shared by the live panels and demo notebooks.

Pure functions of a :class:`~sprintkit.kvu.Kvu` and a language; no ipywidgets. The read models
are the report's blocks (:mod:`sprintkit.reports.kvu_blocks`), shown through the report's HTML
renderer of blocks, which escapes every value; this module builds no markup for them. Only the
small form companions (a factor's scores in one line, a process criterion's state) are HTML
made here, through ``esc``.
"""

from __future__ import annotations

import io
from typing import Any

from ..errors import SprintkitError
from ..i18n import t
from ..kvu.facade import Kvu
from ..kvu.ledger import serves
from ..model import PhaseLedger
from ..reports import kvu_blocks as kb
from ..reports.blocks import Bullets, Figure, Paragraph
from ..reports.render_text import render_blocks_html
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
]

_MARK = {"pass": ("✔", "ok"), "warn": ("!", "warn"), "fail": ("✘", "gap")}
KVU_CSS = """<style>
.sk.kvu table { border-collapse: collapse; margin: 4px 0; }
.sk.kvu th, .sk.kvu td { border-bottom: 1px solid #bbb; padding: 4px 10px;
  text-align: left; vertical-align: top; }
.sk.kvu .lead { font-weight: bold; margin-bottom: 2px; } .sk.kvu .small { color: #666; }
.sk.kvu figure { margin: 8px 0; } .sk.kvu figure img { max-width: 100%; }
.sk .warn { color: #8a5a00; font-weight: bold; } .sk small { font-size: 16px; }
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


# -- static views --------------------------------------------------------------------------------
def scores_line(row: Any, lang: str) -> str:
    """A factor's scores per step in one line (red when the latest is weak)."""
    scores = [t("kvuw.sf.score_in", lang, phase=s.phase, score=s.score) for s in row.scores]
    text = esc(", ".join(scores) or t("kvuw.sf.no_score", lang))
    return f"<span class='gap'>{text}</span>" if row.weak else text


def _blocks_html(blocks: list[Any]) -> str:
    """Report blocks as HTML, through the report renderer (which does all the escaping)."""
    return f"<div class='sk kvu'>{render_blocks_html(blocks)}</div>"


def _none(key: str, lang: str) -> list[Any]:
    return [Paragraph(t(key, lang), "small")]


def warnings_html(kvu: Kvu, lang: str) -> str:
    """The success factor warnings (weak scores and signals from the data)."""
    return _blocks_html(kb.warning_blocks(kb.context_of(kvu, lang), kvu))


def success_factors_html(kvu: Kvu, lang: str) -> str:
    """The nine factors with their scores per step and latest note, then the warnings."""
    return _blocks_html(kb.success_factor_blocks(kb.context_of(kvu, lang), kvu))


def _criterion_state(kvu: Kvu, key: str, lang: str) -> tuple[str, str]:
    """(css class, words) of the group's answer on a process criterion, with its note."""
    state = kvu.state["criteria"].get(key)
    if state is None:
        return "muted", f"? {t('kvuw.wg.open', lang)}"
    mark, css, word = ("✔", "ok", "confirmed") if state["ok"] else ("✘", "gap", "not_met")
    note = f" – {state['note']}" if state.get("note") else ""
    return css, f"{mark} {t(f'kvuw.wg.{word}', lang)}{note}"


def criterion_state_html(kvu: Kvu, key: str, lang: str) -> str:
    """Whether the group confirmed a process criterion, with its note."""
    css, text = _criterion_state(kvu, key, lang)
    return f"<span class='{css}'>{esc(text)}</span>"


def process_criteria(kvu: Kvu) -> list[Any]:
    """The criteria of the method only the working group itself can confirm."""
    spec = kvu.journey.method.working_group
    return [c for c in spec.criteria if c.check == "process"] if spec else []


def working_group_html(kvu: Kvu, lang: str, *, with_process: bool = True) -> str:
    """The checklist (status, rule and why) and the state of each process criterion."""
    check = kvu.working_group()
    blocks = kb.working_group_blocks(kb.context_of(kvu, lang), check) or _none(
        "kvuw.wg.empty", lang
    )
    shown = {line.key for line in check.lines}
    missing = [c for c in process_criteria(kvu) if c.key not in shown] if with_process else []
    if missing:  # process criteria the checklist does not already cover
        items = [f"{c.text.get(lang)}: {_criterion_state(kvu, c.key, lang)[1]}" for c in missing]
        blocks += [Paragraph(t("kvuw.wg.process", lang), "lead"), Bullets(tuple(items))]
    return _blocks_html(blocks)


def measurements_html(kvu: Kvu, lang: str) -> str:
    """Every recorded measurement as a table, with its moment and note."""
    blocks = kb.measurement_blocks(kb.context_of(kvu, lang), kvu, baseline=False)
    return _blocks_html(blocks or _none("kvuw.bl.none", lang))


def coverage_html(kvu: Kvu, lang: str) -> str:
    """The sources the measurements used, and the advised ones still missing."""
    return _blocks_html(kb.coverage_blocks(kb.context_of(kvu, lang), kvu))


def comparison_html(kvu: Kvu, lang: str) -> str:
    """Each baseline indicator against its final (or latest interim) measurement."""
    blocks = kb.comparison_blocks(kb.context_of(kvu, lang), kvu)
    lead = Paragraph(t("kvuw.bl.comparison", lang), "lead")
    return _blocks_html([lead, *blocks] if blocks else _none("kvuw.bl.no_comparison", lang))


def baseline_html(kvu: Kvu, lang: str, *, compare: bool = False) -> str:
    """Measurements and the source coverage; at evaluation the comparison comes first."""
    table = measurements_html(kvu, lang) + coverage_html(kvu, lang)
    return comparison_html(kvu, lang) + table if compare else table


def matrix_html(kvu: Kvu, lang: str) -> str:
    """The progress matrix: owner, deadline, budget, SMART goal, status and open GOKIT aspects."""
    blocks = kb.measure_blocks(kb.context_of(kvu, lang), kvu, include_dropped=False)
    return _blocks_html(blocks or _none("kvuw.ms.none", lang))


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
    """The progress matrix table, and (when available) its figure."""
    out = matrix_html(kvu, lang)
    png = matrix_png(kvu, lang) if figure else None
    if png:
        caption = t("kvuw.ms.matrix", lang)
        out += _blocks_html([Figure(png, caption=caption, alt=caption)])
    return out
