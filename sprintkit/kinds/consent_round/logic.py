"""A consent round: a proposal, reasoned objections, an amended proposal and a decision.

Settings (the ``canvas:`` block of a work form), content (what a run holds; also the shape of
demo input) and the logic of the ``consent_round`` canvas kind.
Faces: ``widget.py``, ``report.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field

from ...canvas import CanvasError, CanvasKind, Operation, Reference, require
from ...canvas.replay import new_id
from ...i18n import Message
from ...model import CanvasSettings, Ident, StrictModel, WorkFormSpec
from ...model.state import RunState

__all__ = ["ConsentRoundCanvas", "Objection", "ConsentRoundContent", "ConsentRound"]


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
    settings = ConsentRoundCanvas
    content_model = ConsentRoundContent
    creates = {"objection_recorded": "objection"}
    personal_fields = frozenset({"text"})
    widget = "sprintkit.kinds.consent_round.widget:ConsentWidget"
    report = "sprintkit.kinds.consent_round.report:blocks"

    def check(self, run, event, payload, spec, author) -> None:  # noqa: D102
        c = run.content
        if event in ("proposal_set", "proposal_amended"):
            require(payload, "text")
        if event == "objection_recorded":
            if not author:
                raise CanvasError(Message("canvas.objection_needs_name"))
            if spec.canvas_as(ConsentRoundCanvas).objection_needs_reason:
                require(payload, "text")
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


def _operations(content: dict[str, Any]) -> Iterator[Operation]:
    yield ("proposal_set", {"text": content["proposal"]}, None)
    resolved = []
    for objection in content.get("objections", []):
        objection_id = new_id()
        yield (
            "objection_recorded",
            {"objection": objection_id, "text": objection["text"]},
            objection["by"],
        )
        if objection.get("resolved"):
            resolved.append(objection_id)
    if content.get("amended_proposal"):
        yield ("proposal_amended", {"text": content["amended_proposal"]}, None)
    for objection_id in resolved:
        yield ("objection_resolved", {"objection": objection_id}, None)
    for person in content.get("consenting", []):
        yield ("consent_given", {}, person)
    if content.get("decision", "open") != "open":
        yield ("decision_recorded", {"decision": content["decision"]}, None)
