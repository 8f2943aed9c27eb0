"""The canvas kinds other than the board: each a small reducer over its own events."""

from __future__ import annotations

from typing import Any

from ..i18n import Message, catalog
from ..model import WorkFormSpec
from ..model.state import RunState
from ._base import CanvasError, CanvasKind

__all__ = ["FieldsMap", "Journey", "Matrix", "ConsentRound", "ABComparison", "PerspectivesGrid"]


def _require(payload: dict[str, Any], *keys: str) -> None:
    for key in keys:
        if payload.get(key) in (None, ""):
            label = f"canvas.field.{key}"
            field = Message(label) if label in catalog() else key
            raise CanvasError(Message("canvas.required", field=field))


class FieldsMap(CanvasKind):
    """Notes per fixed field (empathy map: think/feel, hear, see, say/do, pain, gain)."""

    kind = "fields_map"
    events = frozenset({"subject_set", "field_item_added", "field_item_removed"})

    def check(self, run, event, payload, spec, author) -> None:  # noqa: D102
        fields = {f.key for f in spec.canvas.fields}
        if event == "field_item_added":
            _require(payload, "text")
            if payload.get("field") not in fields:
                raise CanvasError(
                    Message(
                        "canvas.unknown_field",
                        field=payload.get("field"),
                        fields=", ".join(sorted(fields)),
                    )
                )
        if event == "subject_set":
            _require(payload, "subject")

    def apply(self, run, event, payload, author) -> None:  # noqa: D102
        c = run.content
        c.setdefault("subject", "")
        c.setdefault("items", {})
        if event == "subject_set":
            c["subject"] = payload["subject"]
        elif event == "field_item_added":
            c["items"][payload["item"]] = {
                "field": payload["field"],
                "text": payload["text"],
                "personal": bool(payload.get("personal")),
            }
        elif event == "field_item_removed":
            c["items"].pop(payload.get("item"), None)

    def content(self, run: RunState) -> dict[str, Any]:  # noqa: D102
        fields: dict[str, list[str]] = {}
        for item in run.content.get("items", {}).values():
            fields.setdefault(item["field"], []).append(item["text"])
        return {"subject": run.content.get("subject", ""), "fields": fields}

    def items(self, run: RunState, spec: WorkFormSpec) -> list[str]:  # noqa: D102
        labels = {f.key: f.label.nl for f in spec.canvas.fields}  # type: ignore[union-attr]
        content = self.content(run)
        subject = content["subject"]
        return [
            f"{subject} – {labels.get(field, field)}: {'; '.join(texts)}"
            for field, texts in content["fields"].items()
        ]


class Journey(CanvasKind):
    """Ordered steps with touchpoints, feelings and pain points."""

    kind = "journey"
    events = frozenset({"subject_set", "step_added", "step_edited", "step_removed"})
    _FIELDS = ("name", "touchpoints", "feeling", "pain_points", "actors")

    def check(self, run, event, payload, spec, author) -> None:  # noqa: D102
        steps = run.content.get("steps", {})
        if event == "step_added":
            _require(payload, "name")
            limit = spec.canvas.max_steps
            if len(steps) >= limit:
                raise CanvasError(Message("canvas.max_steps", count=limit))
        if payload.get("feeling") not in (None, "positive", "neutral", "negative"):
            raise CanvasError(Message("canvas.bad_feeling"))
        if event in ("step_edited", "step_removed") and payload.get("step") not in steps:
            raise CanvasError(Message("canvas.no_step", step=payload.get("step")))

    def apply(self, run, event, payload, author) -> None:  # noqa: D102
        c = run.content
        c.setdefault("subject", "")
        steps = c.setdefault("steps", {})
        if event == "subject_set":
            c["subject"] = payload["subject"]
        elif event == "step_added":
            steps[payload["step"]] = {k: payload.get(k) for k in self._FIELDS}
        elif event == "step_edited" and payload.get("step") in steps:
            steps[payload["step"]].update({k: payload[k] for k in self._FIELDS if k in payload})
        elif event == "step_removed":
            steps.pop(payload.get("step"), None)

    def content(self, run: RunState) -> dict[str, Any]:  # noqa: D102
        steps = [
            {k: v for k, v in step.items() if v not in (None, [])}
            for step in run.content.get("steps", {}).values()
        ]
        return {"subject": run.content.get("subject", ""), "steps": steps}

    def items(self, run: RunState, spec: WorkFormSpec) -> list[str]:  # noqa: D102
        out = []
        for step in self.content(run)["steps"]:
            for pain in step.get("pain_points", []):
                out.append(f"{step['name']}: {pain}")
        return out


class Matrix(CanvasKind):
    """A 2x2 matrix; the items in the focus quadrant come first."""

    kind = "matrix"
    events = frozenset({"item_placed", "item_moved", "item_removed"})

    def check(self, run, event, payload, spec, author) -> None:  # noqa: D102
        if event == "item_placed":
            _require(payload, "text")
        if event in ("item_placed", "item_moved"):
            for axis in ("x", "y"):
                value = payload.get(axis)
                if not isinstance(value, int | float) or not 0 <= value <= 1:
                    raise CanvasError(Message("canvas.not_fraction", axis=axis))
        if event in ("item_moved", "item_removed") and payload.get("item") not in run.content.get(
            "items", {}
        ):
            raise CanvasError(Message("canvas.no_item", item=payload.get("item")))

    def apply(self, run, event, payload, author) -> None:  # noqa: D102
        items = run.content.setdefault("items", {})
        if event == "item_placed":
            items[payload["item"]] = {
                "text": payload["text"],
                "x": payload["x"],
                "y": payload["y"],
                "author": author,
            }
        elif event == "item_moved" and payload.get("item") in items:
            items[payload["item"]].update(x=payload["x"], y=payload["y"])
        elif event == "item_removed":
            items.pop(payload.get("item"), None)

    def content(self, run: RunState) -> dict[str, Any]:  # noqa: D102
        return {"items": [dict(item) for item in run.content.get("items", {}).values()]}

    def in_focus(self, item: dict[str, Any], focus: str) -> bool:
        """Whether an item lies in the focus quadrant (``high_low`` = x high, y low)."""
        want_x, want_y = focus.split("_")
        return (item["x"] >= 0.5) == (want_x == "high") and (item["y"] >= 0.5) == (want_y == "high")

    def items(self, run: RunState, spec: WorkFormSpec) -> list[str]:  # noqa: D102
        focus = spec.canvas.focus  # type: ignore[union-attr]
        listed = self.content(run)["items"]
        first = [i["text"] for i in listed if self.in_focus(i, focus)]
        return first + [i["text"] for i in listed if not self.in_focus(i, focus)]


class ConsentRound(CanvasKind):
    """Proposal, reasoned objections, amended proposal, decision by consent."""

    kind = "consent_round"
    events = frozenset(
        {
            "proposal_set",
            "objection_recorded",
            "objection_resolved",
            "proposal_amended",
            "consent_given",
            "decision_recorded",
        }
    )

    def check(self, run, event, payload, spec, author) -> None:  # noqa: D102
        c = run.content
        if event in ("proposal_set", "proposal_amended"):
            _require(payload, "text")
        if event == "objection_recorded":
            if not author:
                raise CanvasError(Message("canvas.objection_needs_name"))
            if spec.canvas.objection_needs_reason:
                _require(payload, "text")
        if event in ("objection_recorded", "consent_given") and not c.get("proposal"):
            raise CanvasError(Message("canvas.no_proposal"))
        if event == "consent_given" and not author:
            raise CanvasError(Message("canvas.consent_needs_name"))
        if event == "objection_resolved" and payload.get("objection") not in c.get(
            "objections", {}
        ):
            raise CanvasError(Message("canvas.no_objection", objection=payload.get("objection")))
        if event == "decision_recorded":
            if payload.get("decision") not in ("consent", "no_consent", "open"):
                raise CanvasError(Message("canvas.bad_decision"))
            open_objections = [o for o in c.get("objections", {}).values() if not o["resolved"]]
            if payload["decision"] == "consent" and open_objections:
                raise CanvasError(Message("canvas.objections_open", count=len(open_objections)))

    def apply(self, run, event, payload, author) -> None:  # noqa: D102
        c = run.content
        objections = c.setdefault("objections", {})
        consenting = c.setdefault("consenting", [])
        if event == "proposal_set":
            c["proposal"] = payload["text"]
        elif event == "proposal_amended":
            c["amended_proposal"] = payload["text"]
        elif event == "objection_recorded":
            objections[payload["objection"]] = {
                "by": author,
                "text": payload.get("text", ""),
                "resolved": False,
            }
            if author in consenting:
                consenting.remove(author)
        elif event == "objection_resolved" and payload.get("objection") in objections:
            objections[payload["objection"]]["resolved"] = True
        elif event == "consent_given" and author not in consenting:
            consenting.append(author)
        elif event == "decision_recorded":
            c["decision"] = payload["decision"]

    def content(self, run: RunState) -> dict[str, Any]:  # noqa: D102
        c = run.content
        return {
            "proposal": c.get("proposal", ""),
            "objections": [dict(o) for o in c.get("objections", {}).values()],
            "amended_proposal": c.get("amended_proposal"),
            "decision": c.get("decision", "open"),
            "consenting": list(c.get("consenting", [])),
        }

    def items(self, run: RunState, spec: WorkFormSpec) -> list[str]:  # noqa: D102
        c = self.content(run)
        text = c["amended_proposal"] or c["proposal"]
        return [text] if text and c["decision"] == "consent" else []

    def parties(self, run: RunState) -> dict[str, bool]:  # noqa: D102
        c = self.content(run)
        stands = {p: True for p in c["consenting"]}
        for objection in c["objections"]:
            if not objection["resolved"]:
                stands[objection["by"]] = False
        return stands


class ABComparison(CanvasKind):
    """Two variants measured on the same measures; an outcome and a winner."""

    kind = "ab_comparison"
    events = frozenset({"subject_set", "variant_set", "measure_recorded", "outcome_set"})

    def check(self, run, event, payload, spec, author) -> None:  # noqa: D102
        if event in ("variant_set", "measure_recorded") and payload.get("variant") not in (
            "a",
            "b",
        ):
            raise CanvasError(Message("canvas.bad_variant"))
        if event == "measure_recorded":
            measures = {m.nl for m in spec.canvas.measures}
            if payload.get("measure") not in measures:
                raise CanvasError(Message("canvas.unknown_measure", measure=payload.get("measure")))
            if not isinstance(payload.get("value"), int | float):
                raise CanvasError(Message("canvas.measure_needs_number"))
        if event == "outcome_set" and payload.get("winner") not in (None, "a", "b", "none"):
            raise CanvasError(Message("canvas.bad_winner"))

    def apply(self, run, event, payload, author) -> None:  # noqa: D102
        c = run.content
        if event == "subject_set":
            c["subject"] = payload["subject"]
        elif event == "variant_set":
            c.setdefault("variants", {})[payload["variant"]] = payload.get("text", "")
        elif event == "measure_recorded":
            results = c.setdefault("results", {})
            results.setdefault(payload["measure"], {})[payload["variant"]] = payload["value"]
        elif event == "outcome_set":
            c["outcome"] = payload.get("outcome")
            c["winner"] = payload.get("winner")

    def content(self, run: RunState) -> dict[str, Any]:  # noqa: D102
        c = run.content
        return {
            "subject": c.get("subject", ""),
            "variants": dict(c.get("variants", {})),
            "results": {k: dict(v) for k, v in c.get("results", {}).items()},
            "outcome": c.get("outcome"),
            "winner": c.get("winner"),
        }

    def items(self, run: RunState, spec: WorkFormSpec) -> list[str]:  # noqa: D102
        c = self.content(run)
        out = [f"{c['subject']}: {c['outcome']}"] if c["outcome"] else []
        for measure, values in c["results"].items():
            a, b = values.get("a"), values.get("b")
            out.append(
                f"{measure}: A {a if a is not None else '-'}, B {b if b is not None else '-'}"
            )
        return out


class PerspectivesGrid(CanvasKind):
    """Ideas seen through the eyes of several kinds of actors."""

    kind = "perspectives_grid"
    events = frozenset({"idea_added", "cell_set"})

    def check(self, run, event, payload, spec, author) -> None:  # noqa: D102
        if event == "idea_added":
            _require(payload, "idea")
        if event == "cell_set":
            allowed = {p.value for p in spec.canvas.perspectives}
            if payload.get("perspective") not in allowed:
                raise CanvasError(
                    Message("canvas.unknown_perspective", perspective=payload.get("perspective"))
                )
            if payload.get("idea") not in run.content.get("ideas", []):
                raise CanvasError(Message("canvas.unknown_idea", idea=payload.get("idea")))

    def apply(self, run, event, payload, author) -> None:  # noqa: D102
        ideas = run.content.setdefault("ideas", [])
        cells = run.content.setdefault("cells", {})
        if event == "idea_added" and payload["idea"] not in ideas:
            ideas.append(payload["idea"])
        elif event == "cell_set":
            cells[f"{payload['perspective']}|{payload['idea']}"] = payload.get("text", "")

    def content(self, run: RunState) -> dict[str, Any]:  # noqa: D102
        cells = [
            {"perspective": key.split("|", 1)[0], "idea": key.split("|", 1)[1], "text": text}
            for key, text in run.content.get("cells", {}).items()
            if text
        ]
        return {"ideas": list(run.content.get("ideas", [])), "cells": cells}

    def items(self, run: RunState, spec: WorkFormSpec) -> list[str]:  # noqa: D102
        c = self.content(run)
        return c["ideas"] + [
            f"{cell['idea']} ({cell['perspective']}): {cell['text']}" for cell in c["cells"]
        ]
