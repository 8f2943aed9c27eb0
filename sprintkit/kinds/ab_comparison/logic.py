"""An A/B comparison: two variants of an intervention scored on the same measures.

Settings (the ``canvas:`` block of a work form), content (what a run holds; also the shape of
demo input) and the logic of the ``ab_comparison`` canvas kind.
Faces: ``widget.py``, ``report.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field

from ...canvas import CanvasError, CanvasKind, Operation, Reference
from ...i18n import Message
from ...model import CanvasSettings, StrictModel, Text, WorkFormSpec
from ...model.state import RunState

__all__ = ["ABComparisonCanvas", "ABContent", "ABComparison"]


class ABComparisonCanvas(CanvasSettings):
    """Two variants of an intervention compared on the same measures."""

    kind: Literal["ab_comparison"] = "ab_comparison"
    variants: tuple[Text, Text] = (
        Text(nl="Variant A", en="Variant A"),
        Text(nl="Variant B", en="Variant B"),
    )
    measures: Annotated[list[Text], Field(min_length=1)]


class ABContent(StrictModel):
    """Two variants of one intervention and their scores on each measure."""

    subject: str
    variants: dict[Literal["a", "b"], str]
    results: dict[str, dict[Literal["a", "b"], float]] = {}
    outcome: str | None = None
    winner: Literal["a", "b", "none"] | None = None


class ABComparison(CanvasKind):
    """Two variants measured on the same measures; an outcome and a winner."""

    kind = "ab_comparison"
    events = frozenset({"subject_set", "variant_set", "measure_recorded", "outcome_set"})
    settings = ABComparisonCanvas
    content_model = ABContent
    creates = {}
    personal_fields = frozenset({"text", "subject", "outcome"})
    widget = "sprintkit.kinds.ab_comparison.widget:ABWidget"
    report = "sprintkit.kinds.ab_comparison.report:blocks"

    def check(self, run, event, payload, spec, author) -> None:  # noqa: D102
        if event in ("variant_set", "measure_recorded") and payload.get("variant") not in (
            "a",
            "b",
        ):
            raise CanvasError(Message("canvas.bad_variant"))
        if event == "measure_recorded":
            measures = {m.nl for m in spec.canvas_as(ABComparisonCanvas).measures}
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

    def operations(self, content: dict[str, Any]) -> Iterator[Operation]:  # noqa: D102
        return _operations(content)

    def references(self, content: Any, settings: Any) -> Iterator[Reference]:  # noqa: D102
        measures = frozenset(m.nl for m in settings.measures)
        for key in content.results:
            yield Reference(("results", key), "measure", key, measures)

    def sample(self) -> tuple[dict[str, Any], dict[str, Any]]:  # noqa: D102
        content = {
            "subject": "Verlichting",
            "variants": {"a": "led", "b": "lantaarn"},
            "results": {"Veiligheidsgevoel": {"a": 1.0, "b": 2.0}},
            "outcome": "B wint",
            "winner": "b",
        }
        return {"kind": "ab_comparison", "measures": ["Veiligheidsgevoel"]}, content


def _operations(content: dict[str, Any]) -> Iterator[Operation]:
    yield ("subject_set", {"subject": content["subject"]}, None)
    for variant, text in content.get("variants", {}).items():
        yield ("variant_set", {"variant": variant, "text": text}, None)
    for measure, values in content.get("results", {}).items():
        for variant, value in values.items():
            yield (
                "measure_recorded",
                {"measure": measure, "variant": variant, "value": value},
                None,
            )
    if content.get("outcome") is not None or content.get("winner") is not None:
        yield (
            "outcome_set",
            {"outcome": content.get("outcome"), "winner": content.get("winner")},
            None,
        )
