# ruff: noqa: E501  (the Jinja2 fragment keeps one element a line)
"""The phone face of the ``consent_round`` canvas: answer the proposal from your own phone.

During ``capture`` and ``vote`` a participant answers: akkoord or kan ermee leven (both
``consent_given``, with ``answer``) or bezwaar with a reason (``objection_recorded``). They
see their own answer only. The projector shows the proposal and how many gave each answer;
the objections' reasons, without names, once the facilitator reveals them.
"""

from __future__ import annotations

from typing import Any

from ...canvas import CanvasError
from ...i18n import Message
from ...serve.faces import OPEN_STAGES, PhoneFace, clean_text, not_now
from .logic import answer_counts

__all__ = ["ConsentPhone", "PHONE"]

ANSWERS = ("agree", "live_with", "object")
STAGES = ("capture", "vote")


class ConsentPhone(PhoneFace):
    """Answer the proposal: akkoord, kan ermee leven or bezwaar (with a reason)."""

    template = """\
<h1>{{ t("serve_kinds.proposal") }}</h1>
<p class="proposal">{{ view.proposal }}</p>
<h2>{{ t("serve_kinds.your_answer") }}</h2>
{% if view.consent %}<p class="mine">{{ t("serve_kinds.you_consent") }}</p>{% endif %}
{% for o in view.objections %}<p class="mine">{{ t("serve_kinds.your_objection", text=o.text) }}{% if o.resolved %} <span class="tag">{{ t("serve_kinds.resolved") }}</span>{% endif %}</p>
{% endfor %}
{% if not view.consent and not view.objections %}<p class="hint">{{ t("serve_kinds.no_answer") }}</p>{% endif %}
<form method="post" action="{{ url("canvas") }}" data-api="{{ url("canvas") }}">
<input type="hidden" name="csrf" value="{{ csrf }}">
{% for answer in view.answers %}<label class="check"><input type="radio" name="answer" value="{{ answer }}" required> {{ t("serve_kinds." ~ answer) }}</label>
{% endfor %}
<label for="text">{{ t("serve_kinds.reason") }}</label>
<textarea id="text" name="text" maxlength="500"></textarea>
<button type="submit" class="wide">{{ t("serve_kinds.send") }}</button>
</form>
"""

    screen_template = """\
<h2>{{ t("serve_kinds.amended") if view.amended else t("serve_kinds.proposal") }}</h2>
<p class="proposal">{{ view.proposal }}</p>
<ul class="tally">
{% for answer in view.answers %}<li class="{{ answer }}"><span class="count">{{ view.counts[answer] }}</span> {{ t("serve_kinds." ~ answer) }}</li>
{% endfor %}</ul>
{% if view.decision %}<p class="decision">{{ t("serve_kinds.decision_" ~ view.decision) }}</p>{% endif %}
{% if view.objections is none %}<p class="hint">{{ t("serve_kinds.reasons_later") }}</p>
{% elif view.objections %}<h2>{{ t("serve_kinds.objections") }}</h2>
<ul class="notes">{% for o in view.objections %}<li><span>{{ o.text }}</span>{% if o.resolved %}<span class="tag">{{ t("serve_kinds.resolved") }}</span>{% endif %}</li>
{% endfor %}</ul>{% endif %}
"""

    def view(
        self, journey: Any, run: Any, person: str, stage: str, lang: str
    ) -> dict[str, Any] | None:
        """The proposal, the person's own answer and the form, during capture and vote."""
        c = run.content
        proposal = c.get("amended_proposal") or c.get("proposal")
        if stage not in STAGES or not proposal:
            return None
        objections = [
            {"text": o.get("text", ""), "resolved": bool(o.get("resolved"))}
            for o in c.get("objections", {}).values()
            if o.get("by") == person
        ]
        consent = person in c.get("consenting", [])
        return {
            "proposal": proposal,
            "consent": consent,
            "objections": objections,
            "answers": ANSWERS,
        }

    def act(  # noqa: D102
        self, journey: Any, run: Any, person: str, stage: str, fields: dict[str, str]
    ) -> dict[str, Any]:
        if stage not in STAGES:
            raise not_now()
        answer, text = fields.get("answer", ""), clean_text(fields, "text")
        if answer in ("agree", "live_with"):
            journey.canvas_op(run.id, "consent_given", {"answer": answer}, author=person)
        elif answer == "object":
            journey.canvas_op(run.id, "objection_recorded", {"text": text}, author=person)
        else:
            raise CanvasError(Message("serve_kinds.bad_answer"))
        return {"ok": True, "answer": answer}

    def screen(self, journey: Any, run: Any, stage: str, lang: str) -> dict[str, Any] | None:
        """The proposal and the counts; the reasons without names once revealed."""
        c = run.content
        proposal = c.get("amended_proposal") or c.get("proposal")
        if not proposal:
            return None
        shown = run.revealed or stage in OPEN_STAGES
        objections = [
            {"text": o.get("text", ""), "resolved": bool(o.get("resolved"))}
            for o in c.get("objections", {}).values()
        ]
        decision = c.get("decision")
        return {
            "proposal": proposal,
            "amended": bool(c.get("amended_proposal")),
            "answers": ANSWERS,
            "counts": answer_counts(run),
            "objections": objections if shown else None,
            "decision": decision if decision in ("consent", "no_consent") else None,
        }


PHONE = ConsentPhone()
