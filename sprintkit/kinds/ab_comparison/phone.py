# ruff: noqa: E501  (the Jinja2 fragment keeps one element a line)
"""The phone face of the ``ab_comparison`` canvas: choose A or B and say why.

During ``capture`` and ``vote`` a participant makes a ``choice_made`` (a later choice replaces
the earlier one); from ``reveal`` on (or once the run is revealed) the phone shows how many
chose each variant.
"""

from __future__ import annotations

from typing import Any

from ...serve.faces import OPEN_STAGES, PhoneFace, clean_text, not_now
from .logic import ABComparisonCanvas

__all__ = ["ABPhone", "PHONE"]

STAGES = ("capture", "vote")


class ABPhone(PhoneFace):
    """Choose a variant and say why; the counts after the reveal."""

    template = """\
<h1>{{ view.subject or t("serve_kinds.choose") }}</h1>
{% if view.mine %}<p class="mine">{{ t("serve_kinds.your_choice", variant=view.labels[view.mine.variant], text=view.mine.text) }}</p>{% endif %}
{% if view.counts %}<ul class="notes">
{% for v in ("a", "b") %}<li><span>{{ view.labels[v] }}</span> <span class="tag">{{ t("serve_kinds.choices", count=view.counts[v]) }}</span></li>
{% endfor %}</ul>{% endif %}
{% if view.open %}
<form method="post" action="/api/canvas" data-api="/api/canvas">
<input type="hidden" name="csrf" value="{{ csrf }}">
<p>{{ t("serve_kinds.choose") }}</p>
{% for v in ("a", "b") %}<label class="check"><input type="radio" name="variant" value="{{ v }}" required> {{ view.labels[v] }}</label>
{% endfor %}
<label for="text">{{ t("serve_kinds.why") }}</label>
<textarea id="text" name="text" maxlength="500"></textarea>
<button type="submit" class="wide">{{ t("serve_kinds.send") }}</button>
</form>
{% endif %}
"""

    def view(self, journey: Any, run: Any, person: str, stage: str) -> dict[str, Any] | None:  # noqa: D102
        shown = run.revealed or stage in OPEN_STAGES
        if stage not in STAGES and not shown:
            return None
        c = run.content
        settings = journey.spec(run.id).canvas_as(ABComparisonCanvas)
        described = c.get("variants", {})
        labels = {
            v: (f"{s.get('nl')}: {described[v]}" if described.get(v) else s.get("nl"))
            for v, s in zip(("a", "b"), settings.variants, strict=True)
        }
        choices = c.get("choices", {})
        counts = None
        if shown:
            counts = {v: sum(1 for ch in choices.values() if ch["variant"] == v) for v in "ab"}
        return {
            "subject": c.get("subject", ""),
            "labels": labels,
            "mine": choices.get(person),
            "counts": counts,
            "open": stage in STAGES,
        }

    def act(  # noqa: D102
        self, journey: Any, run: Any, person: str, stage: str, fields: dict[str, str]
    ) -> dict[str, Any]:
        if stage not in STAGES:
            raise not_now()
        payload = {"variant": fields.get("variant", ""), "text": clean_text(fields, "text")}
        journey.canvas_op(run.id, "choice_made", payload, author=person)
        return {"ok": True}


PHONE = ABPhone()
