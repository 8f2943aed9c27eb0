"""Widgets for the canvas kinds other than the board: a small form plus a view of the content."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

import ipywidgets as w

from ..canvas import canvas_kind
from ..canvas.others import Matrix
from ..model import (
    ABComparisonCanvas,
    ConsentRoundCanvas,
    FieldsMapCanvas,
    JourneyCanvas,
    MatrixCanvas,
    PerspectivesGridCanvas,
    StrictModel,
)
from ..store import Event
from ._base import Workshop, esc

__all__ = ["CanvasWidget", "make_canvas"]


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


SettingsT = TypeVar("SettingsT", bound=StrictModel)


class CanvasWidget(w.VBox, Generic[SettingsT]):
    """Base: a title, a view of the canvas content, a form and a status line."""

    #: The canvas settings model of the kind this widget is written for.
    settings_model: type[SettingsT]

    def __init__(self, ws: Workshop, run: str):
        self.ws, self.run_id = ws, run
        self.spec = ws.journey.spec(run)
        self.canvas = self.spec.canvas_as(self.settings_model)
        self.view = w.HTML()
        self.status = w.HTML()
        title = w.HTML(
            f"<div class='sk'><h3>{esc(ws.t('w.run_of', name=self.spec.name.get(ws.lang)))}</h3></div>"
        )
        super().__init__([title, self.view, *self.form(), self.status])
        self.add_class("sk")
        self.refresh()

    def form(self) -> list[w.Widget]:
        """The input controls."""
        return []

    def content(self) -> dict[str, Any]:
        """The run's content in its model shape."""
        return canvas_kind(self.spec.canvas.kind).content(self.ws.journey.run(self.run_id))

    def op(self, kind: str, author: str | None = None, **payload: Any) -> Any:
        """Store one canvas operation, then refresh the view."""
        result: str | Event
        if kind in ("field_item_added", "step_added", "item_placed", "objection_recorded"):
            result = self.ws.journey.item(self.run_id, kind, author, **payload)
        else:
            result = self.ws.journey.canvas_op(self.run_id, kind, payload, author)
        self.refresh()
        return result

    def button(self, label: str, action: Any) -> w.Button:
        """A button whose click runs ``action`` guarded, with a 'saved' confirmation."""
        b = w.Button(description=label)
        b.on_click(self.ws.guard(lambda _: action(), self.status, self.ws.t("w.saved")))
        return b

    def refresh(self) -> None:
        """Re-render the view."""
        self.view.value = self.render(self.content())

    def render(self, content: dict[str, Any]) -> str:
        """The content as escaped HTML."""
        raise NotImplementedError


class FieldsMapWidget(CanvasWidget[FieldsMapCanvas]):
    """Empathy map: choose a field, type a note."""

    settings_model = FieldsMapCanvas

    def form(self) -> list[w.Widget]:
        fields = self.canvas.fields
        self.subject = w.Text(placeholder=self.ws.t("w.subject"))
        self.field = w.Dropdown(options=[(f.label.get(self.ws.lang), f.key) for f in fields])
        self.text = w.Text(placeholder=self.ws.t("w.note"), layout=w.Layout(width="50%"))
        return [
            w.HBox([self.subject, self.button(self.ws.t("w.save"), self.set_subject)]),
            w.HBox([self.field, self.text, self.button(self.ws.t("w.add"), self.add)]),
        ]

    def set_subject(self) -> None:
        """Store who the map is about."""
        self.op("subject_set", subject=self.subject.value)

    def add(self) -> str:
        """Add a note to the chosen field."""
        item = self.op("field_item_added", field=self.field.value, text=self.text.value)
        self.text.value = ""
        return item

    def render(self, content: dict[str, Any]) -> str:
        parts = [f"<p><b>{esc(content['subject'])}</b></p><table><tr>"]
        for i, f in enumerate(self.canvas.fields):
            items = "".join(
                f"<div class='note'>{esc(x)}</div>" for x in content["fields"].get(f.key, [])
            )
            parts.append(
                f"<td style='vertical-align:top;min-width:160px'><b>{esc(f.label.get(self.ws.lang))}</b>{items}</td>"
            )
            if i % 3 == 2:
                parts.append("</tr><tr>")
        return "".join(parts) + "</tr></table>"


class JourneyWidget(CanvasWidget[JourneyCanvas]):
    """Customer journey: ordered steps with touchpoints, feeling and pain points."""

    settings_model = JourneyCanvas

    def form(self) -> list[w.Widget]:
        feelings = [(self.ws.t(f"w.feeling.{f}"), f) for f in ("positive", "neutral", "negative")]
        self.subject = w.Text(placeholder=self.ws.t("w.subject"))
        self.name = w.Text(placeholder=self.ws.t("w.step"))
        self.touch = w.Text(placeholder=self.ws.t("w.touchpoints"))
        self.feeling = w.Dropdown(options=feelings, value="neutral")
        self.pains = w.Text(placeholder=self.ws.t("w.pain_points"))
        return [
            w.HBox([self.subject, self.button(self.ws.t("w.save"), self.set_subject)]),
            w.HBox(
                [
                    self.name,
                    self.touch,
                    self.feeling,
                    self.pains,
                    self.button(self.ws.t("w.add"), self.add),
                ]
            ),
        ]

    def set_subject(self) -> None:
        """Store whose journey this is."""
        self.op("subject_set", subject=self.subject.value)

    def add(self) -> str:
        """Add the next step."""
        return self.op(
            "step_added",
            name=self.name.value,
            touchpoints=_split(self.touch.value),
            feeling=self.feeling.value,
            pain_points=_split(self.pains.value),
        )

    def render(self, content: dict[str, Any]) -> str:
        icon = {"positive": "🙂", "neutral": "😐", "negative": "🙁", None: ""}
        steps = "".join(
            f"<li><b>{esc(s['name'])}</b> {icon.get(s.get('feeling'))} "
            f"{esc(', '.join(s.get('touchpoints', [])))}"
            + "".join(f"<div class='gap'>⚠ {esc(p)}</div>" for p in s.get("pain_points", []))
            + "</li>"
            for s in content["steps"]
        )
        return f"<p><b>{esc(content['subject'])}</b></p><ol>{steps}</ol>"


class MatrixWidget(CanvasWidget[MatrixCanvas]):
    """2x2 matrix: place an item with two sliders."""

    settings_model = MatrixCanvas

    def form(self) -> list[w.Widget]:
        c = self.canvas
        self.text = w.Text(placeholder=self.ws.t("w.item"))
        self.x = w.FloatSlider(
            min=0, max=1, step=0.05, value=0.5, description=c.x.label.get(self.ws.lang)[:20]
        )
        self.y = w.FloatSlider(
            min=0, max=1, step=0.05, value=0.5, description=c.y.label.get(self.ws.lang)[:20]
        )
        return [w.HBox([self.text, self.x, self.y, self.button(self.ws.t("w.place"), self.place)])]

    def place(self) -> str:
        """Place the item on the matrix."""
        return self.op("item_placed", text=self.text.value, x=self.x.value, y=self.y.value)

    def render(self, content: dict[str, Any]) -> str:
        logic = canvas_kind("matrix")
        assert isinstance(logic, Matrix)  # "matrix" is a built-in kind
        c = self.canvas
        cells: dict[tuple[bool, bool], list[dict[str, Any]]] = {
            (hx, hy): [] for hx in (False, True) for hy in (False, True)
        }
        for item in content["items"]:
            cells[(item["x"] >= 0.5, item["y"] >= 0.5)].append(item)
        focus = f"<p><b>{esc(c.focus_label.get(self.ws.lang))}</b></p>"
        rows = []
        for hy in (True, False):
            tds = []
            for hx in (False, True):
                items = cells[(hx, hy)]
                style = "background:#ffe0e0" if items and logic.in_focus(items[0], c.focus) else ""
                notes = "".join(f"<div class='note'>{esc(i['text'])}</div>" for i in items)
                tds.append(
                    f"<td style='border:1px solid #888;width:260px;height:90px;vertical-align:top;{style}'>{notes}</td>"
                )
            rows.append("<tr>" + "".join(tds) + "</tr>")
        axes = f"<p class='muted'>↔ {esc(c.x.label.get(self.ws.lang))} · ↕ {esc(c.y.label.get(self.ws.lang))}</p>"
        return focus + "<table>" + "".join(rows) + "</table>" + axes


class ConsentWidget(CanvasWidget[ConsentRoundCanvas]):
    """Consent round: proposal, objections with reasons, amendment, consent, decision."""

    settings_model = ConsentRoundCanvas

    def form(self) -> list[w.Widget]:
        self.proposal = w.Textarea(
            placeholder=self.ws.t("w.proposal"), layout=w.Layout(width="60%")
        )
        self.person = w.Text(placeholder=self.ws.t("w.author"))
        self.reason = w.Text(placeholder=self.ws.t("w.objection"), layout=w.Layout(width="40%"))
        self.objection = w.Dropdown(description=self.ws.t("w.objection")[:10])
        options = [(self.ws.t(f"w.decision.{d}"), d) for d in ("consent", "no_consent", "open")]
        self.decision = w.Dropdown(options=options)
        return [
            w.HBox(
                [
                    self.proposal,
                    w.VBox(
                        [
                            self.button(self.ws.t("w.save"), self.set_proposal),
                            self.button(self.ws.t("w.amend"), self.amend),
                        ]
                    ),
                ]
            ),
            w.HBox(
                [
                    self.person,
                    self.reason,
                    self.button(self.ws.t("w.object"), self.object),
                    self.button(self.ws.t("w.consent"), self.consent),
                ]
            ),
            w.HBox([self.objection, self.button(self.ws.t("w.resolve"), self.resolve)]),
            w.HBox([self.decision, self.button(self.ws.t("w.decide"), self.decide)]),
        ]

    def set_proposal(self) -> None:
        """Store the proposal."""
        self.op("proposal_set", text=self.proposal.value)

    def amend(self) -> None:
        """Store the amended proposal."""
        self.op("proposal_amended", text=self.proposal.value)

    def object(self) -> str:
        """Record a reasoned objection."""
        return self.op(
            "objection_recorded", self.person.value.strip() or None, text=self.reason.value
        )

    def consent(self) -> None:
        """Record that a person consents."""
        self.op("consent_given", self.person.value.strip() or None)

    def resolve(self) -> None:
        """Mark the chosen objection as resolved."""
        self.op("objection_resolved", objection=self.objection.value)

    def decide(self) -> None:
        """Record the decision."""
        self.op("decision_recorded", decision=self.decision.value)

    def refresh(self) -> None:
        super().refresh()
        run = self.ws.journey.run(self.run_id)
        open_ = run.content.get("objections", {})
        self.objection.options = [
            (f"{o['by']}: {o['text'][:30]}", key) for key, o in open_.items() if not o["resolved"]
        ]

    def render(self, content: dict[str, Any]) -> str:
        objections = "".join(
            f"<li>{'✔' if o['resolved'] else '✘'} {esc(o['by'])}: {esc(o['text'])}</li>"
            for o in content["objections"]
        )
        amended = (
            f"<p><b>{esc(self.ws.t('w.amend'))}:</b> {esc(content['amended_proposal'])}</p>"
            if content["amended_proposal"]
            else ""
        )
        decision = esc(self.ws.t(f"w.decision.{content['decision']}"))
        return (
            f"<p><b>{esc(self.ws.t('w.proposal'))}:</b> {esc(content['proposal'])}</p>{amended}"
            f"<ul>{objections}</ul><p>✔ {esc(', '.join(content['consenting']))}</p>"
            f"<p><b>{decision}</b></p>"
        )


class ABWidget(CanvasWidget[ABComparisonCanvas]):
    """A/B comparison: describe the variants, record measures, record the outcome."""

    settings_model = ABComparisonCanvas

    def form(self) -> list[w.Widget]:
        measures = [m.get(self.ws.lang) for m in self.canvas.measures]
        self._measure_keys = dict(zip(measures, [m.nl for m in self.canvas.measures], strict=True))
        self.subject = w.Text(placeholder=self.ws.t("w.subject"))
        self.variant = w.ToggleButtons(options=["a", "b"])
        self.variant_text = w.Text(placeholder=self.ws.t("w.variant"))
        self.measure = w.Dropdown(options=measures)
        self.value = w.FloatText()
        self.outcome = w.Text(placeholder=self.ws.t("w.outcome"), layout=w.Layout(width="50%"))
        self.winner = w.Dropdown(options=["a", "b", "none"])
        return [
            w.HBox([self.subject, self.button(self.ws.t("w.save"), self.set_subject)]),
            w.HBox(
                [
                    self.variant,
                    self.variant_text,
                    self.button(self.ws.t("w.save"), self.set_variant),
                ]
            ),
            w.HBox([self.measure, self.value, self.button(self.ws.t("w.record"), self.record)]),
            w.HBox([self.outcome, self.winner, self.button(self.ws.t("w.save"), self.set_outcome)]),
        ]

    def set_subject(self) -> None:
        """Store what is being compared."""
        self.op("subject_set", subject=self.subject.value)

    def set_variant(self) -> None:
        """Describe the chosen variant."""
        self.op("variant_set", variant=self.variant.value, text=self.variant_text.value)

    def record(self) -> None:
        """Record a measure for the chosen variant."""
        self.op(
            "measure_recorded",
            measure=self._measure_keys[self.measure.value],
            variant=self.variant.value,
            value=self.value.value,
        )

    def set_outcome(self) -> None:
        """Store the outcome and the winner."""
        self.op("outcome_set", outcome=self.outcome.value, winner=self.winner.value)

    def render(self, content: dict[str, Any]) -> str:
        rows = "".join(
            f"<tr><td>{esc(m)}</td><td>{esc(v.get('a', '-'))}</td><td>{esc(v.get('b', '-'))}</td></tr>"
            for m, v in content["results"].items()
        )
        variants = content["variants"]
        head = (
            f"<tr><th></th><th>A: {esc(variants.get('a', ''))}</th>"
            f"<th>B: {esc(variants.get('b', ''))}</th></tr>"
        )
        outcome = esc(content["outcome"] or "")
        return f"<p><b>{esc(content['subject'])}</b></p><table>{head}{rows}</table><p>{outcome}</p>"


class GridWidget(CanvasWidget[PerspectivesGridCanvas]):
    """Perspectives grid: ideas in rows, perspectives in columns."""

    settings_model = PerspectivesGridCanvas

    def form(self) -> list[w.Widget]:
        self.idea = w.Text(placeholder=self.ws.t("w.idea"), layout=w.Layout(width="50%"))
        self.pick_idea = w.Dropdown(description=self.ws.t("w.idea"))
        kinds = [p.value for p in self.canvas.perspectives]
        self.perspective = w.Dropdown(options=kinds, description=self.ws.t("w.perspective")[:12])
        self.text = w.Text(placeholder=self.ws.t("w.note"), layout=w.Layout(width="40%"))
        return [
            w.HBox([self.idea, self.button(self.ws.t("w.add"), self.add_idea)]),
            w.HBox(
                [
                    self.pick_idea,
                    self.perspective,
                    self.text,
                    self.button(self.ws.t("w.save"), self.set_cell),
                ]
            ),
        ]

    def add_idea(self) -> None:
        """Add an idea (a row)."""
        self.op("idea_added", idea=self.idea.value)

    def set_cell(self) -> None:
        """Store what one perspective makes of one idea."""
        self.op(
            "cell_set",
            perspective=self.perspective.value,
            idea=self.pick_idea.value,
            text=self.text.value,
        )

    def refresh(self) -> None:
        super().refresh()
        self.pick_idea.options = self.content()["ideas"]

    def render(self, content: dict[str, Any]) -> str:
        kinds = [p.value for p in self.canvas.perspectives]
        cells = {(c["idea"], c["perspective"]): c["text"] for c in content["cells"]}
        head = "<tr><th></th>" + "".join(f"<th>{esc(k)}</th>" for k in kinds) + "</tr>"
        rows = "".join(
            f"<tr><td><b>{esc(idea)}</b></td>"
            + "".join(f"<td>{esc(cells.get((idea, k), ''))}</td>" for k in kinds)
            + "</tr>"
            for idea in content["ideas"]
        )
        return f"<table>{head}{rows}</table>"


class GenericWidget(CanvasWidget[StrictModel]):
    """Any canvas kind without a widget of its own (plugin kinds): its content, read-only."""

    settings_model = StrictModel

    def render(self, content: dict[str, Any]) -> str:
        import json

        return f"<pre>{esc(json.dumps(content, ensure_ascii=False, indent=1))}</pre>"


_WIDGETS: dict[str, type[CanvasWidget[Any]]] = {
    "fields_map": FieldsMapWidget,
    "journey": JourneyWidget,
    "matrix": MatrixWidget,
    "consent_round": ConsentWidget,
    "ab_comparison": ABWidget,
    "perspectives_grid": GridWidget,
}


def make_canvas(ws: Workshop, run: str) -> w.VBox:
    """The widget for a run's canvas kind."""
    from .board import BoardWidget

    kind = ws.journey.run(run).canvas
    if kind == "board":
        return BoardWidget(ws, run)
    return _WIDGETS.get(kind, GenericWidget)(ws, run)
