# ruff: noqa: E501  (the Jinja2 fragment keeps one element a line)
"""The phone face of the ``consent_round`` canvas: answer the proposal from your own phone.

During ``capture`` and ``vote`` a participant answers: akkoord or kan ermee leven (both
``consent_given``: the kind keeps no note with a consent) or bezwaar with a reason
(``objection_recorded``). They see their own answer only.
"""

from __future__ import annotations

from typing import Any

from ...canvas import CanvasError
from ...i18n import Message
from ...serve.faces import PhoneFace, clean_text, not_now

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
<form method="post" action="/api/canvas" data-api="/api/canvas">
<input type="hidden" name="csrf" value="{{ csrf }}">
{% for answer in view.answers %}<label class="check"><input type="radio" name="answer" value="{{ answer }}" required> {{ t("serve_kinds." ~ answer) }}</label>
{% endfor %}
<label for="text">{{ t("serve_kinds.reason") }}</label>
<textarea id="text" name="text" maxlength="500"></textarea>
<button type="submit" class="wide">{{ t("serve_kinds.send") }}</button>
</form>
"""

    def view(self, journey: Any, run: Any, person: str, stage: str) -> dict[str, Any] | None:  # noqa: D102
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
            journey.canvas_op(run.id, "consent_given", {}, author=person)
        elif answer == "object":
            journey.canvas_op(run.id, "objection_recorded", {"text": text}, author=person)
        else:
            raise CanvasError(Message("serve_kinds.bad_answer"))
        return {"ok": True, "answer": answer}


PHONE = ConsentPhone()
