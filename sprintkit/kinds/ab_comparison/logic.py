"""An A/B comparison: two variants of an intervention scored on the same measures.

Settings (the ``canvas:`` block of a work form), content (what a run holds; also the shape of
demo input) and the logic of the ``ab_comparison`` canvas kind.
Faces: ``widget.py``, ``report.py``, ``phone.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field

from ...canvas import CanvasError, CanvasKind, Command, Operation, Reference, Refusal
from ...i18n import Message
from ...model import CanvasSettings, StrictModel, Text, WorkFormSpec
from ...model.state import RunState

__all__ = [
    "ABComparisonCanvas",
    "ABContent",
    "SubjectSet",
    "VariantSet",
    "MeasureRecorded",
    "OutcomeSet",
    "ChoiceMade",
    "ABComparison",
]


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


Variant = Annotated[Literal["a", "b"], Refusal("canvas.bad_variant")]


class SubjectSet(Command, kind="subject_set"):
    """What is compared (the intervention)."""

    subject: str


class VariantSet(Command, kind="variant_set"):
    """Describe variant ``a`` or ``b``."""

    variant: Variant
    text: str = ""


class MeasureRecorded(Command, kind="measure_recorded"):
    """A variant's score on one of the work form's measures."""

    measure: str = ""
    variant: Variant
    value: Annotated[float, Field(strict=True), Refusal("canvas.measure_needs_number")]


class OutcomeSet(Command, kind="outcome_set"):
    """The outcome in words, and the winner."""

    outcome: str | None = None
    winner: Annotated[Literal["a", "b", "none"] | None, Refusal("canvas.bad_winner")] = None


class ChoiceMade(Command, kind="choice_made"):
    """A participant's choice of variant ``a`` or ``b`` and why; the chooser is the author.

    A later choice replaces the earlier one. Choices are kept in ``run.content["choices"]``
    (per person) and are not part of :meth:`ABComparison.content` (the demo shape).
    """

    variant: Variant
    text: str = ""


ABCommand = SubjectSet | VariantSet | MeasureRecorded | OutcomeSet | ChoiceMade


class ABComparison(CanvasKind[ABCommand]):
    """Two variants measured on the same measures; an outcome and a winner."""

    kind = "ab_comparison"
    commands = (SubjectSet, VariantSet, MeasureRecorded, OutcomeSet, ChoiceMade)
    settings = ABComparisonCanvas
    content_model = ABContent
    personal_fields = frozenset({"text", "subject", "outcome"})
    widget = "sprintkit.kinds.ab_comparison.widget:ABWidget"
    report = "sprintkit.kinds.ab_comparison.report:blocks"
    phone = "sprintkit.kinds.ab_comparison.phone:PHONE"

    def check(  # noqa: D102
        self,
        run: RunState,
        event: str,
        command: ABCommand,
        spec: WorkFormSpec,
        author: str | None,
    ) -> None:
        if isinstance(command, MeasureRecorded):
            measures = {m.nl for m in spec.canvas_as(ABComparisonCanvas).measures}
            if command.measure not in measures:
                raise CanvasError(Message("canvas.unknown_measure", measure=command.measure))
        if isinstance(command, ChoiceMade) and not author:
            raise CanvasError(Message("canvas.choice_needs_name"))

    def apply(  # noqa: D102
        self, run: RunState, event: str, command: ABCommand, author: str | None
    ) -> None:
        c = run.content
        match command:
            case SubjectSet():
                c["subject"] = command.subject
            case VariantSet():
                c.setdefault("variants", {})[command.variant] = command.text
            case MeasureRecorded():
                results = c.setdefault("results", {})
                results.setdefault(command.measure, {})[command.variant] = command.value
            case OutcomeSet():
                c["outcome"] = command.outcome
                c["winner"] = command.winner
            case ChoiceMade() if author:
                choice = {"variant": command.variant, "text": command.text}
                c.setdefault("choices", {})[author] = choice

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

    def contributions(self, run: RunState) -> Iterator[tuple[str | None, str]]:  # noqa: D102
        for person in run.content.get("choices", {}):
            yield person, "votes"

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
    yield SubjectSet(subject=content["subject"]).operation()
    for variant, text in content.get("variants", {}).items():
        yield VariantSet(variant=variant, text=text).operation()
    for measure, values in content.get("results", {}).items():
        for variant, value in values.items():
            yield MeasureRecorded(measure=measure, variant=variant, value=value).operation()
    if content.get("outcome") is not None or content.get("winner") is not None:
        outcome = OutcomeSet(outcome=content.get("outcome"), winner=content.get("winner"))
        yield outcome.operation()
