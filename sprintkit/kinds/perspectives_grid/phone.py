# ruff: noqa: E501  (the Jinja2 fragment keeps one element a line)
"""The phone face of the ``perspectives_grid`` canvas: fill in one cell of the grid.

During ``capture`` a participant picks a perspective and an idea from dropdowns and writes
what that perspective makes of the idea (``cell_set``). The projector shows the grid, cells
appearing as they are written (a cell names no author: the room works on it together).
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
<form method="post" action="{{ url("canvas") }}" data-api="{{ url("canvas") }}">
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

    screen_template = """\
<h2>{{ view.question }}</h2>
{% if view.rows %}<table class="grid">
<thead><tr><th scope="col">{{ t("serve_kinds.idea") }}</th>{% for p in view.perspectives %}<th scope="col">{{ p.label }}</th>{% endfor %}</tr></thead>
<tbody>{% for row in view.rows %}<tr><th scope="row">{{ row.idea }}</th>{% for text in row.cells %}<td>{{ text }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table>
{% else %}<p class="hint">{{ t("serve_kinds.grid_empty") }}</p>{% endif %}
"""

    def view(
        self, journey: Any, run: Any, person: str, stage: str, lang: str
    ) -> dict[str, Any] | None:
        """The question and the two dropdowns, during capture."""
        if stage not in STAGES:
            return None
        settings = journey.spec(run.id).canvas_as(PerspectivesGridCanvas)
        return {
            "question": settings.question.get(lang),
            "perspectives": _perspectives(settings, lang),
            "ideas": list(run.content.get("ideas", [])),
        }

    def screen(self, journey: Any, run: Any, stage: str, lang: str) -> dict[str, Any] | None:
        """The grid: ideas down, perspectives across, what each perspective makes of each."""
        settings = journey.spec(run.id).canvas_as(PerspectivesGridCanvas)
        perspectives = _perspectives(settings, lang)
        cells = run.content.get("cells", {})
        rows = [
            {"idea": idea, "cells": [cells.get(f"{p['value']}|{idea}", "") for p in perspectives]}
            for idea in run.content.get("ideas", [])
        ]
        return {"question": settings.question.get(lang), "perspectives": perspectives, "rows": rows}

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


def _perspectives(settings: PerspectivesGridCanvas, lang: str) -> list[dict[str, str]]:
    return [
        {"value": p.value, "label": t(f"actor_kind.{p.value}", lang)} for p in settings.perspectives
    ]


PHONE = GridPhone()
