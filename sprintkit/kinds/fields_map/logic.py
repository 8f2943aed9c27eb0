"""A map of fixed fields about one subject (the empathy map is the classic one).

Settings (the ``canvas:`` block of a work form), content (what a run holds; also the shape of
demo input) and the logic of the ``fields_map`` canvas kind.
Faces: ``widget.py``, ``report.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field

from ...canvas import CanvasError, CanvasKind, Operation, Reference, require
from ...canvas.replay import new_id
from ...i18n import Message
from ...model import CanvasSettings, Ident, StrictModel, Text, WorkFormSpec
from ...model.state import RunState

__all__ = ["FieldDef", "FieldsMapCanvas", "FieldsMapContent", "FieldsMap"]


class FieldDef(StrictModel):
    """A fixed field of a fields map (e.g. 'Denken en voelen' on an empathy map)."""

    key: Ident
    label: Text
    prompt: Text | None = None


class FieldsMapCanvas(CanvasSettings):
    """A map of fixed fields about one subject (the empathy map is the classic one)."""

    kind: Literal["fields_map"] = "fields_map"
    subject: Text
    fields: Annotated[list[FieldDef], Field(min_length=1)]


class FieldsMapContent(StrictModel):
    """An empathy map (or other fields map) about one subject: notes per field."""

    subject: str
    fields: dict[Ident, list[str]]


class FieldsMap(CanvasKind):
    """Notes per fixed field (empathy map: think/feel, hear, see, say/do, pain, gain)."""

    kind = "fields_map"
    events = frozenset({"subject_set", "field_item_added", "field_item_removed"})
    settings = FieldsMapCanvas
    content_model = FieldsMapContent
    creates = {"field_item_added": "item"}
    personal_fields = frozenset({"text", "subject"})
    widget = "sprintkit.kinds.fields_map.widget:FieldsMapWidget"
    report = "sprintkit.kinds.fields_map.report:blocks"

    def check(self, run, event, payload, spec, author) -> None:  # noqa: D102
        fields = {f.key for f in spec.canvas_as(FieldsMapCanvas).fields}
        if event == "field_item_added":
            require(payload, "text")
            if payload.get("field") not in fields:
                raise CanvasError(
                    Message(
                        "canvas.unknown_field",
                        field=payload.get("field"),
                        fields=", ".join(sorted(fields)),
                    )
                )
        if event == "subject_set":
            require(payload, "subject")

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
        labels = {f.key: f.label.nl for f in spec.canvas_as(FieldsMapCanvas).fields}
        content = self.content(run)
        subject = content["subject"]
        return [
            f"{subject} – {labels.get(field, field)}: {'; '.join(texts)}"
            for field, texts in content["fields"].items()
        ]

    def operations(self, content: dict[str, Any]) -> Iterator[Operation]:  # noqa: D102
        return _operations(content)

    def references(self, content: Any, settings: Any) -> Iterator[Reference]:  # noqa: D102
        fields = frozenset(f.key for f in settings.fields)
        for key in content.fields:
            yield Reference(("fields", key), "canvas_field", key, fields)

    def sample(self) -> tuple[dict[str, Any], dict[str, Any]]:  # noqa: D102
        settings = {
            "kind": "fields_map",
            "subject": "Een bewoner",
            "fields": [{"key": "zien", "label": "Zien"}, {"key": "horen", "label": "Horen"}],
        }
        return settings, {"subject": "Ans", "fields": {"zien": ["troep"], "horen": ["lawaai"]}}


def _operations(content: dict[str, Any]) -> Iterator[Operation]:
    yield ("subject_set", {"subject": content["subject"]}, None)
    for field, texts in content.get("fields", {}).items():
        for text in texts:
            yield ("field_item_added", {"item": new_id(), "field": field, "text": text}, None)
