"""What the method's sources offer the facilitator, as small HTML parts of the sprint screens.

The words and lists come from :mod:`sprintkit.reports.guidance` (built once as report blocks
from the method and the casus) and are rendered with the report's own escaping block template;
here they only get a heading and a ``<details>`` fold, so the header of a phase stays short
until the facilitator opens a piece of advice.
"""

from __future__ import annotations

from ..model import KeyFactor
from ..reports.guidance import glijbaan_credit, key_factor_blocks, phase_guidance
from ..reports.render_text import render_blocks_html
from ._base import Workshop, esc

__all__ = ["guidance_html", "key_factor_extra_html", "glijbaan_credit_html"]


def guidance_html(ws: Workshop, phase: int) -> str:
    """The guidance of this phase, one fold per piece ("" when the method has none here)."""
    journey = ws.journey
    pieces = phase_guidance(journey.casus, journey.method, phase, ws.lang)
    if not pieces:
        return ""
    folds = "".join(
        f"<details class='sk-guide'><summary><b>{esc(title)}</b></summary>"
        f"{render_blocks_html(blocks)}</details>"
        for title, blocks in pieces
    )
    return f"<h3>{esc(ws.t('guide.title'))}</h3>{folds}"


def key_factor_extra_html(ws: Workshop, factor: KeyFactor) -> str:
    """A key factor's questions from the source and what it shows, folded ("" when none)."""
    journey = ws.journey
    blocks = key_factor_blocks(factor, journey.casus, journey.method, ws.lang)
    if not blocks:
        return ""
    return (
        f"<details class='sk-guide'><summary>{esc(ws.t('guide.title'))}</summary>"
        f"{render_blocks_html(blocks)}</details>"
    )


def glijbaan_credit_html(ws: Workshop) -> str:
    """Who made the glijbaan model, as a small line ("" when the method does not say)."""
    credit = glijbaan_credit(ws.journey.method, ws.lang)
    return f"<p class='muted'>{esc(credit)}</p>" if credit else ""
