"""A map of fixed fields about one subject (the empathy map is the classic one).

Settings (the ``canvas:`` block of a work form), content (what a run holds; also the shape of
demo input) and the logic of the ``fields_map`` canvas kind.
Faces: ``widget.py``, ``report.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field

from ...canvas import CanvasError, CanvasKind, Command, Filled, Operation, Reference
from ...canvas.replay import new_id
from ...i18n import Message
from ...model import CanvasSettings, Ident, StrictModel, Text, WorkFormSpec
from ...model.state import RunState

__all__ = [
    "FieldDef",
    "FieldsMapCanvas",
    "FieldsMapContent",
    "SubjectSet",
    "FieldItemAdded",
    "FieldItemRemoved",
    "FieldsMap",
]


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


class SubjectSet(Command, kind="subject_set"):
    """Whom (or what) the map is about."""

    subject: Filled


class FieldItemAdded(Command, kind="field_item_added", creates="item"):
    """A note in one of the map's fields."""

    item: str = Field(default_factory=new_id)
    field: str = ""
    text: Filled
    personal: bool = False


class FieldItemRemoved(Command, kind="field_item_removed"):
    """Take a note off the map."""

    item: str


FieldsMapCommand = SubjectSet | FieldItemAdded | FieldItemRemoved


class FieldsMap(CanvasKind[FieldsMapCommand]):
    """Notes per fixed field (empathy map: think/feel, hear, see, say/do, pain, gain)."""

    kind = "fields_map"
    commands = (SubjectSet, FieldItemAdded, FieldItemRemoved)
    settings = FieldsMapCanvas
    content_model = FieldsMapContent
    personal_fields = frozenset({"text", "subject"})
    widget = "sprintkit.kinds.fields_map.widget:FieldsMapWidget"
    report = "sprintkit.kinds.fields_map.report:blocks"

    def check(  # noqa: D102
        self,
        run: RunState,
        event: str,
        command: FieldsMapCommand,
        spec: WorkFormSpec,
        author: str | None,
    ) -> None:
        fields = {f.key for f in spec.canvas_as(FieldsMapCanvas).fields}
        if isinstance(command, FieldItemAdded) and command.field not in fields:
            raise CanvasError(
                Message(
                    "canvas.unknown_field",
                    field=command.field,
                    fields=", ".join(sorted(fields)),
                )
            )

    def apply(  # noqa: D102
        self, run: RunState, event: str, command: FieldsMapCommand, author: str | None
    ) -> None:
        c = run.content
        c.setdefault("subject", "")
        c.setdefault("items", {})
        match command:
            case SubjectSet():
                c["subject"] = command.subject
            case FieldItemAdded():
                c["items"][command.item] = {
                    "field": command.field,
                    "text": command.text,
                    "personal": bool(command.personal),
                }
            case FieldItemRemoved():
                c["items"].pop(command.item, None)

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

    def draft_items(self, run: RunState, spec: WorkFormSpec) -> list[str]:
        """The items without the ones marked personal."""
        labels = {f.key: f.label.nl for f in spec.canvas_as(FieldsMapCanvas).fields}
        fields: dict[str, list[str]] = {}
        for item in run.content.get("items", {}).values():
            if not item.get("personal"):
                fields.setdefault(item["field"], []).append(item["text"])
        subject = run.content.get("subject", "")
        return [
            f"{subject} – {labels.get(field, field)}: {'; '.join(texts)}"
            for field, texts in fields.items()
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
    yield SubjectSet(subject=content["subject"]).operation()
    for field, texts in content.get("fields", {}).items():
        for text in texts:
            yield FieldItemAdded(item=new_id(), field=field, text=text).operation()
