"""The phase result form and the "Sprint afronden" button that runs the gate.

Nothing here closes or stores without a person's click: the gate runs in :meth:`ResultPanel.
close_sprint`, bound to the button only (ipywidgets' own ``Widget.close()``, called on teardown,
stays ipywidgets' and never touches the journey); "Concept uit werkvormen" only fills the form
with a draft, stored field by field with "Opslaan".
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..engine import GateRefused
from ..engine.gate import minimum
from ..i18n import capitalised
from ..model import Environment, ResultField
from ._base import Workshop, esc
from .header import format_value

__all__ = ["ResultPanel"]


class ResultPanel(w.VBox):
    """One control per result field, filled from the state; plus fill and close buttons."""

    def __init__(self, ws: Workshop, phase: int):
        self.ws, self.phase = ws, phase
        self.spec = ws.journey.method.phase(phase).result
        casus = ws.journey.casus
        self.names = casus.party_names()
        self.parties = [(name, pid) for pid, name in self.names.items()]
        self.controls: dict[str, w.Widget] = {}
        self.save_buttons: dict[str, w.Button] = {}
        self.field_status: dict[str, w.HTML] = {}
        self.field_unsaved: dict[str, w.HTML] = {}  # "niet opgeslagen" per text field
        self.status = w.HTML()
        self.outcome = w.HTML()
        rows: list[w.Widget] = [
            w.HTML(
                f"<div class='sk'><h3>{esc(ws.t('w.result', name=self.spec.name.get(ws.lang)))}</h3>"
                f"<p class='muted'>{esc(self.spec.description.get(ws.lang))}</p></div>"
            )
        ]
        for field in self.spec.fields:
            rows.append(self._row(field))
        # "Sprint afronden" / "Stap afronden": the method's own noun for a phase
        noun = ws.journey.method.phase_noun.get(ws.lang).capitalize()
        self.draft_button = w.Button(description=ws.t("order.w.draft"))
        self.draft_button.on_click(ws.guard(self.draft, self.status))
        self.close_button = w.Button(
            description=ws.t("w.close_phase", noun=noun), button_style="success"
        )
        self.close_button.on_click(ws.guard(self.close_sprint, self.status))
        self.undo_button = w.Button(description=ws.t("order.w.undo"))
        self.undo_button.on_click(ws.guard(self.undo, self.status))
        self.reopen_button = w.Button(description=ws.t("order.w.reopen", noun=noun))
        self.reopen_button.on_click(ws.guard(self.reopen, self.status))
        buttons = [self.draft_button, self.close_button, self.undo_button, self.reopen_button]
        super().__init__(rows + [w.HBox(buttons), self.status, self.outcome])
        self.add_class("sk")
        self.load()

    def _row(self, field: ResultField) -> w.Widget:
        need = minimum(field)
        label = field.label.get(self.ws.lang) + ("" if field.required else " (optioneel)")
        if need > 1:  # the gate's minimum, shown where it is filled in
            label += f" ({self.ws.t('order.w.minimum', count=need)})"
        if field.kind == "text":
            control: w.Widget = w.Textarea(layout=w.Layout(width="95%", height="70px"))
        elif field.kind == "list":
            control = w.Textarea(
                placeholder=self.ws.t("w.one_per_line"), layout=w.Layout(width="95%", height="90px")
            )
        elif field.kind == "parties":
            control = w.SelectMultiple(options=self.parties, rows=6)
        elif field.kind == "approvals":
            control = w.SelectMultiple(
                options=self.parties, rows=6, description=self.ws.t("w.approved")
            )
        else:
            control = w.HTML()
        self.controls[field.key] = control
        save = self.save_buttons[field.key] = w.Button(description=self.ws.t("w.save"))
        status = self.field_status[field.key] = w.HTML()
        saves = [control] if field.kind in ("text", "list") else []
        save.on_click(self.ws.guard(lambda _, f=field: self.save(f), status, "✔", saves=saves))
        if field.kind == "interventions":
            return w.VBox([w.HTML(f"<b>{esc(label)}</b>"), control, self._intervention_form(field)])
        parts = [control, save, status]
        if saves:
            parts.append(self.ws.watch_unsaved(control))
            self.field_unsaved[field.key] = parts[-1]
        return w.VBox([w.HTML(f"<b>{esc(label)}</b>"), w.HBox(parts)])

    def _intervention_form(self, field: ResultField) -> w.Widget:
        name = w.Text(placeholder=self.ws.t("console.intervention_name"))
        env = w.Dropdown(options=[(e.label(self.ws.lang), e.value) for e in Environment])
        owner = w.Dropdown(options=[("-", None), *self.parties])
        status = w.HTML()

        def add(_: Any) -> None:
            self.ws.journey.add_intervention(
                field.key, name.value, env.value, owner.value, self.phase
            )
            name.value = ""
            self.load()
            self.ws.changed()

        button = w.Button(description=self.ws.t("w.add"))
        button.on_click(self.ws.guard(add, status, "✔", saves=[name]))
        return w.HBox([name, env, owner, button, status, self.ws.watch_unsaved(name)])

    def value_of(self, field: ResultField) -> Any:
        """The control's value in the shape the result field wants."""
        control = self.controls[field.key]
        if field.kind == "text":
            return control.value
        if field.kind == "list":
            return [line.strip() for line in control.value.splitlines() if line.strip()]
        if field.kind == "parties":
            return list(control.value)
        if field.kind == "approvals":
            chosen = set(control.value)
            everyone = self.ws.journey.state.phase(self.phase).result.get(
                self.spec.approvers_field or "", []
            )
            return {p: p in chosen for p in sorted(set(everyone) | chosen)}
        return None

    def save(self, field: ResultField) -> None:
        """Store one field."""
        self.ws.journey.set_result(field.key, self.value_of(field), self.phase)
        self.ws.changed()

    def load(self) -> None:
        """Show the stored result in the controls."""
        result = self.ws.journey.state.phase(self.phase).result
        for field in self.spec.fields:
            value, control = result.get(field.key), self.controls[field.key]
            if field.kind == "text":
                control.value = value or ""
            elif field.kind == "list":
                control.value = "\n".join(value or [])
            elif field.kind == "parties":
                control.value = tuple(v for v in value or [] if v in self.names)
            elif field.kind == "approvals":
                control.value = tuple(
                    k for k, ok in (value or {}).items() if ok and k in self.names
                )
            else:
                control.value = format_value(value or [], self.names)
        self.ws.mark_saved(*self.controls.values())  # what is stored is saved

    def draft(self, _: Any = None) -> list[str]:
        """Show a draft from the work forms in the empty fields; nothing is stored.

        Each drafted field is marked "concept, nog niet opgeslagen" until its "Opslaan".
        """
        drafted = self.ws.journey.draft_result(self.phase)
        labels = []
        for field in self.spec.fields:
            if field.key not in drafted:
                continue
            value, control = drafted[field.key], self.controls[field.key]
            if field.kind == "text":
                control.value = value
            elif field.kind == "list":
                control.value = "\n".join(value)
            elif field.kind in ("parties", "approvals"):
                keys = value if isinstance(value, list) else [k for k, ok in value.items() if ok]
                control.value = tuple(k for k in keys if k in self.names)
            self.field_status[
                field.key
            ].value = f"<span class='muted'>{esc(self.ws.t('order.w.draft_mark'))}</span>"
            labels.append(field.label.get(self.ws.lang))
        self.status.value = esc(
            self.ws.t("order.w.drafted", fields=", ".join(labels))
            if labels
            else self.ws.t("order.w.nothing_drafted")
        )
        return list(drafted)

    def undo(self, _: Any = None) -> None:
        """Undo the last input of this journey (one event), then show the state again."""
        self.ws.journey.undo()
        self.load()
        self.status.value = esc(self.ws.t("order.w.undone"))
        self.ws.changed()

    def reopen(self, _: Any = None) -> None:
        """Open this phase again; later closed phases are marked possibly out of date."""
        m = self.ws.journey.method
        self.ws.journey.reopen_phase(self.phase)
        self.outcome.value = esc(
            self.ws.t(
                "order.w.reopened",
                noun=m.phase_noun.get(self.ws.lang).capitalize(),
                number=self.phase,
                nouns=m.phase_noun_plural.get(self.ws.lang),
            )
        )
        self.ws.changed()

    def close_sprint(self, _: Any = None) -> dict[str, Any] | None:
        """Run the gate (the "Sprint afronden" button): show what is missing, or the result."""
        try:
            result = self.ws.journey.close_phase(self.phase, lang=self.ws.lang)
        except GateRefused as exc:
            lines = str(exc).splitlines()
            self.outcome.value = (
                f"<div class='gap'><b>{esc(lines[0])}</b><ul>"
                + "".join(f"<li>{esc(line.strip(' -'))}</li>" for line in lines[1:])
                + "</ul></div>"
            )
            return None
        noun = self.ws.journey.method.phase_noun.get(self.ws.lang)
        closed = self.ws.t("w.closed", noun=noun, number=self.phase)  # "... de volgende sprint"
        self.outcome.value = f"<div class='ok'><b>{esc(capitalised(closed))}</b></div>" + "".join(
            f"<p><i>{esc(f.label.get(self.ws.lang))}</i></p>{format_value(result[f.key], self.names)}"
            for f in self.spec.fields
            if f.key in result
        )
        self.ws.changed()
        return result
