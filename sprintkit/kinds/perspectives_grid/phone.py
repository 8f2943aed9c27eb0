"""The phone face of the ``perspectives_grid`` canvas: fill in one cell of the grid.

During ``capture`` a participant picks a perspective and an idea from dropdowns and writes
what that perspective makes of the idea (``cell_set``).
"""

from __future__ import annotations

from typing import Any

from ...i18n import t
from ...serve.faces import PhoneFace, clean_text, not_now
from .logic import PerspectivesGridCanvas

__all__ = ["GridPhone", "PHONE"]

STAGES = ("capture",)


class GridPhone(PhoneFace):
    """Perspective and idea from dropdowns, and the text of the cell."""

    template = """\
<h1>{{ view.question }}</h1>
{% if view.ideas %}
<form method="post" action="/api/canvas" data-api="/api/canvas">
<input type="hidden" name="csrf" value="{{ csrf }}">
<label for="perspective">{{ t("serve_kinds.perspective") }}</label>
<select id="perspective" name="perspective" required>
{% for p in view.perspectives %}<option value="{{ p.value }}">{{ p.label }}</option>
{% endfor %}</select>
<label for="idea">{{ t("serve_kinds.idea") }}</label>
<select id="idea" name="idea" required>
{% for idea in view.ideas %}<option value="{{ idea }}">{{ idea }}</option>
{% endfor %}</select>
<label for="text">{{ t("serve_kinds.cell") }}</label>
<textarea id="text" name="text" maxlength="500" required></textarea>
<button type="submit" class="wide">{{ t("serve_kinds.save") }}</button>
</form>
{% else %}<p class="hint">{{ t("serve_kinds.no_ideas") }}</p>{% endif %}
"""

    def view(self, journey: Any, run: Any, person: str, stage: str) -> dict[str, Any] | None:  # noqa: D102
        if stage not in STAGES:
            return None
        settings = journey.spec(run.id).canvas_as(PerspectivesGridCanvas)
        perspectives = [
            {"value": p.value, "label": t(f"actor_kind.{p.value}", "nl")}
            for p in settings.perspectives
        ]
        return {
            "question": settings.question.get("nl"),
            "perspectives": perspectives,
            "ideas": list(run.content.get("ideas", [])),
        }

    def act(  # noqa: D102
        self, journey: Any, run: Any, person: str, stage: str, fields: dict[str, str]
    ) -> dict[str, Any]:
        if stage not in STAGES:
            raise not_now()
        payload = {
            "perspective": fields.get("perspective", ""),
            "idea": fields.get("idea", ""),
            "text": clean_text(fields, "text"),
        }
        journey.canvas_op(run.id, "cell_set", payload, author=person)
        return {"ok": True}


PHONE = GridPhone()
