"""A consent round: a proposal, reasoned objections, an amended proposal and a decision.

Settings (the ``canvas:`` block of a work form), content (what a run holds; also the shape of
demo input) and the logic of the ``consent_round`` canvas kind.
Faces: ``widget.py``, ``report.py``, ``phone.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field

from ...canvas import (
    CanvasError,
    CanvasKind,
    Command,
    Filled,
    Operation,
    Reference,
    Refusal,
    field_label,
)
from ...canvas.replay import new_id
from ...i18n import Message
from ...model import CanvasSettings, Ident, StrictModel, WorkFormSpec
from ...model.state import RunState

__all__ = [
    "ConsentRoundCanvas",
    "Objection",
    "ConsentRoundContent",
    "ProposalSet",
    "ObjectionRecorded",
    "ObjectionResolved",
    "ProposalAmended",
    "ConsentGiven",
    "DecisionRecorded",
    "ConsentRound",
    "answer_counts",
]


class ConsentRoundCanvas(CanvasSettings):
    """A proposal tested by consent: objections, an amended proposal, a decision."""

    kind: Literal["consent_round"] = "consent_round"
    max_rounds: Annotated[int, Field(ge=1, le=10)] = 3
    objection_needs_reason: bool = True


class Objection(StrictModel):
    """A reasoned objection in a consent round."""

    by: Ident
    text: str
    resolved: bool = False


class ConsentRoundContent(StrictModel):
    """A proposal, the objections to it, an amended proposal and the decision."""

    proposal: str
    objections: list[Objection] = []
    amended_proposal: str | None = None
    decision: Literal["open", "consent", "no_consent"] = "open"
    consenting: list[Ident] = []


class ProposalSet(Command, kind="proposal_set"):
    """Put the proposal on the table."""

    text: Filled


class ObjectionRecorded(Command, kind="objection_recorded", creates="objection"):
    """A reasoned objection; the objector is the command's author."""

    objection: str = Field(default_factory=new_id)
    text: str = ""


class ObjectionResolved(Command, kind="objection_resolved"):
    """An objection is met (by the amended proposal)."""

    objection: Annotated[str, Refusal("canvas.no_objection", "objection")]


class ProposalAmended(Command, kind="proposal_amended"):
    """The proposal amended to meet the objections."""

    text: Filled


class ConsentGiven(Command, kind="consent_given"):
    """The command's author consents: agrees, or can live with it (``answer``).

    Both are consent; the kind remembers who only "can live with it" (``living_with`` in the
    run's content, only once someone answers so) for the projector's counts.
    """

    answer: Literal["agree", "live_with"] = "agree"


class DecisionRecorded(Command, kind="decision_recorded"):
    """The decision: consent, no consent, or still open."""

    decision: Annotated[Literal["consent", "no_consent", "open"], Refusal("canvas.bad_decision")]


ConsentCommand = (
    ProposalSet
    | ObjectionRecorded
    | ObjectionResolved
    | ProposalAmended
    | ConsentGiven
    | DecisionRecorded
)


class ConsentRound(CanvasKind[ConsentCommand]):
    """Proposal, reasoned objections, amended proposal, decision by consent."""

    kind = "consent_round"
    commands = (
        ProposalSet,
        ObjectionRecorded,
        ObjectionResolved,
        ProposalAmended,
        ConsentGiven,
        DecisionRecorded,
    )
    settings = ConsentRoundCanvas
    content_model = ConsentRoundContent
    personal_fields = frozenset({"text"})
    withheld_fields = {"objection_recorded": frozenset({"text"})}
    widget = "sprintkit.kinds.consent_round.widget:ConsentWidget"
    report = "sprintkit.kinds.consent_round.report:blocks"
    phone = "sprintkit.kinds.consent_round.phone:PHONE"

    def check(  # noqa: D102
        self,
        run: RunState,
        event: str,
        command: ConsentCommand,
        spec: WorkFormSpec,
        author: str | None,
    ) -> None:
        c = run.content
        if isinstance(command, ObjectionRecorded):
            if not author:
                raise CanvasError(Message("canvas.objection_needs_name"))
            if spec.canvas_as(ConsentRoundCanvas).objection_needs_reason and not command.text:
                raise CanvasError(Message("canvas.required", field=field_label("text")))
        if isinstance(command, ObjectionRecorded | ConsentGiven) and not c.get("proposal"):
            raise CanvasError(Message("canvas.no_proposal"))
        if isinstance(command, ConsentGiven) and not author:
            raise CanvasError(Message("canvas.consent_needs_name"))
        if isinstance(command, ObjectionResolved) and command.objection not in c.get(
            "objections", {}
        ):
            raise CanvasError(Message("canvas.no_objection", objection=command.objection))
        if isinstance(command, DecisionRecorded) and command.decision == "consent":
            open_objections = [o for o in c.get("objections", {}).values() if not o["resolved"]]
            if open_objections:
                raise CanvasError(Message("canvas.objections_open", count=len(open_objections)))

    def apply(  # noqa: D102
        self, run: RunState, event: str, command: ConsentCommand, author: str | None
    ) -> None:
        c = run.content
        objections = c.setdefault("objections", {})
        consenting = c.setdefault("consenting", [])
        match command:
            case ProposalSet():
                c["proposal"] = command.text
            case ProposalAmended():
                c["amended_proposal"] = command.text
            case ObjectionRecorded():
                objections[command.objection] = {
                    "by": author,
                    "text": command.text,
                    "resolved": False,
                }
                if author in consenting:
                    consenting.remove(author)
                if author in c.get("living_with", ()):
                    c["living_with"].remove(author)
            case ObjectionResolved() if command.objection in objections:
                objections[command.objection]["resolved"] = True
            case ConsentGiven():
                if author not in consenting:
                    consenting.append(author)
                _live_with(c, author, command.answer == "live_with")
            case DecisionRecorded():
                c["decision"] = command.decision

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

    def operations(self, content: dict[str, Any]) -> Iterator[Operation]:  # noqa: D102
        return _operations(content)

    def contributions(self, run: RunState) -> Iterator[tuple[str | None, str]]:  # noqa: D102
        for objection in run.content.get("objections", {}).values():
            yield objection.get("by"), "objections"
        for person in run.content.get("consenting", []):
            yield person, "consents"

    def decision(self, run: RunState) -> tuple[tuple[str, ...], str] | None:  # noqa: D102
        decision = run.content.get("decision")
        if decision not in ("consent", "no_consent"):
            return None
        people = tuple(run.content.get("consenting") or [])
        return people, "made" if decision == "consent" else "broken"

    def references(self, content: Any, settings: Any) -> Iterator[Reference]:  # noqa: D102
        for j, objection in enumerate(content.objections):
            yield Reference(("objections", j, "by"), "actor", objection.by)

    def sample(self) -> tuple[dict[str, Any], dict[str, Any]]:  # noqa: D102
        content = {
            "proposal": "Voorstel",
            "objections": [{"by": "tom", "text": "Te duur", "resolved": True}],
            "amended_proposal": "Goedkoper voorstel",
            "decision": "consent",
            "consenting": ["ria", "tom"],
        }
        return {"kind": "consent_round"}, content


def _live_with(content: dict[str, Any], author: str | None, yes: bool) -> None:
    """Remember (or forget) that ``author`` only "can live with" the proposal."""
    living = content.get("living_with")
    if yes and author:
        if living is None:  # only then: runs without such an answer keep their old shape
            living = content["living_with"] = []
        if author not in living:
            living.append(author)
    elif living and author in living:
        living.remove(author)


def answer_counts(run: RunState) -> dict[str, int]:
    """How many people stand where now: ``agree``, ``live_with`` and ``object``.

    Each person counts once, by their last answer: a consent after an objection is a consent
    (the fold takes them off ``consenting`` when they object); a resolved objection no longer
    counts as one.
    """
    c = run.content
    consenting = set(c.get("consenting", []))
    living = consenting & set(c.get("living_with", []))
    objecting = {
        o.get("by") for o in c.get("objections", {}).values() if not o.get("resolved")
    } - consenting
    return {
        "agree": len(consenting) - len(living),
        "live_with": len(living),
        "object": len(objecting),
    }


def _operations(content: dict[str, Any]) -> Iterator[Operation]:
    yield ProposalSet(text=content["proposal"]).operation()
    resolved = []
    for objection in content.get("objections", []):
        recorded = ObjectionRecorded(objection=new_id(), text=objection["text"])
        yield recorded.operation(objection["by"])
        if objection.get("resolved"):
            resolved.append(recorded.objection)
    if content.get("amended_proposal"):
        yield ProposalAmended(text=content["amended_proposal"]).operation()
    for objection_id in resolved:
        yield ObjectionResolved(objection=objection_id).operation()
    for person in content.get("consenting", []):
        yield ConsentGiven().operation(person)
    if content.get("decision", "open") != "open":
        yield DecisionRecorded(decision=content["decision"]).operation()
