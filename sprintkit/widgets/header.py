"""The sprint header and the key factor panel."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..provenance import phase_marks
from ._base import PROJECTOR_CSS, Workshop, esc
from .guidance import guidance_html, key_factor_extra_html

__all__ = ["make_sprint_header", "make_key_factor_panel", "format_value"]


def format_value(value: Any, names: dict[str, str]) -> str:
    """A result value as escaped HTML (lists as bullets, parties by name)."""
    if isinstance(value, list):
        items = [
            esc(
                v.get("name", {}).get("nl", v.get("id", ""))
                if isinstance(v, dict)
                else names.get(v, v)
            )
            for v in value
        ]
        return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
    if isinstance(value, dict):
        return (
            "<ul>"
            + "".join(
                f"<li>{esc(names.get(k, k))}: {'✔' if v else '✘'}</li>" for k, v in value.items()
            )
            + "</ul>"
        )
    return f"<p>{esc(value)}</p>"


def make_sprint_header(ws: Workshop, phase: int) -> w.HTML:
    """Number, name, goal, guiding questions and the earlier results this phase consumes."""
    view = ws.journey.view(phase)
    spec, lang, m = view.phase, ws.lang, ws.journey.method
    noun = m.phase_noun.get(lang)
    names = ws.journey.casus.party_names()
    parts = [
        PROJECTOR_CSS,
        "<div class='sk'>",
        f"<h2>{esc(noun.capitalize())} {spec.number}: {esc(spec.name.get(lang))}</h2>",
        f"<p><b>{esc(ws.t('w.goal'))}:</b> {esc(spec.goal.get(lang))}</p>",
    ]
    for warning in view.warnings:  # earlier phases still open, or a possibly stale result
        parts.append(f"<p class='gap'><b>{esc(warning.text(lang))}</b></p>")
    # the phase's and its result's provenance marks (sprint 1: only its result is inferred)
    parts += [f"<p class='muted'>{esc(mark.text(lang))}</p>" for mark in phase_marks(m, phase)]
    parts.append(f"<h3>{esc(ws.t('w.questions'))}</h3><ul>")
    parts += [f"<li>{esc(q.get(lang))}</li>" for q in spec.guiding_questions]
    parts.append("</ul>")
    parts.append(f"<h3>{esc(ws.t('w.inputs', noun=m.phase_noun_plural.get(lang)))}</h3>")
    if not view.inputs:
        parts.append(f"<p class='muted'>{esc(ws.t('w.no_inputs', noun=noun))}</p>")
    for number, result in view.inputs.items():
        earlier = m.phase(number)
        parts.append(f"<p><b>{earlier.number}. {esc(earlier.result.name.get(lang))}</b></p>")
        for field in earlier.result.fields:
            if field.key in result:
                parts.append(f"<div><i>{esc(field.label.get(lang))}</i>")
                parts.append(format_value(result[field.key], names) + "</div>")
    parts.append(guidance_html(ws, spec.number))  # what the sources advise in this phase
    parts.append("</div>")
    return w.HTML("".join(parts))


def make_key_factor_panel(ws: Workshop, phase: int) -> w.VBox:
    """The key factors with this phase's prompts and a saved note per factor."""
    rows: list[w.Widget] = [w.HTML(f"<div class='sk'><h3>{esc(ws.t('w.key_factors'))}</h3></div>")]
    notes = ws.journey.state.phase(phase).key_factor_notes
    for factor, prompt in ws.journey.view(phase).prompts:
        label = w.HTML(
            f"<div class='sk'><b>{esc(factor.name.get(ws.lang))}</b>: "
            f"{esc(prompt.get(ws.lang))}{key_factor_extra_html(ws, factor)}</div>"
        )
        text = w.Textarea(value=notes.get(factor.key, ""), layout=w.Layout(width="95%"))
        status = w.HTML("✔" if notes.get(factor.key) else "")
        button = w.Button(description=ws.t("w.save"))

        def save(_: Any, key: str = factor.key, box: w.Textarea = text) -> None:
            ws.journey.note_key_factor(key, box.value, phase)
            ws.changed()

        button.on_click(ws.guard(save, status, "✔ " + ws.t("w.saved"), saves=[text]))
        unsaved = ws.watch_unsaved(text)
        rows.append(w.VBox([label, text, w.HBox([button, status, unsaved])]))
    box = w.VBox(rows)
    box.add_class("sk")
    return box
