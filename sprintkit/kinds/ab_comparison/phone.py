# ruff: noqa: E501  (the Jinja2 fragment keeps one element a line)
"""The phone face of the ``ab_comparison`` canvas: choose A or B and say why.

During ``capture`` and ``vote`` a participant makes a ``choice_made`` (a later choice replaces
the earlier one); from ``reveal`` on (or once the run is revealed) the phone shows how many
chose each variant. The projector shows the two variants and how many have chosen; from the
reveal on the tally per variant and the reasons given, without names.
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
<form method="post" action="{{ url("canvas") }}" data-api="{{ url("canvas") }}">
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

    screen_template = """\
{% if view.subject %}<h2>{{ view.subject }}</h2>{% endif %}
<ul class="tally">
{% for v in ("a", "b") %}<li>{% if view.counts %}<span class="count">{{ view.counts[v] }}</span> {% endif %}{{ view.labels[v] }}</li>
{% endfor %}</ul>
{% if view.counts is none %}<p><strong>{{ t("serve_kinds.choices", count=view.total) }}</strong> · {{ t("serve_kinds.tally_later") }}</p>
{% else %}{% for v in ("a", "b") %}{% if view.reasons[v] %}<h2>{{ t("serve_kinds.reasons_for", variant=view.labels[v]) }}</h2>
<ul class="notes">{% for text in view.reasons[v] %}<li><span>{{ text }}</span></li>{% endfor %}</ul>
{% endif %}{% endfor %}{% endif %}
"""

    def view(
        self, journey: Any, run: Any, person: str, stage: str, lang: str
    ) -> dict[str, Any] | None:
        """The variants, the person's own choice, the form while open; the counts once shown."""
        shown = run.revealed or stage in OPEN_STAGES
        if stage not in STAGES and not shown:
            return None
        c = run.content
        labels = _labels(journey, run, lang)
        choices = c.get("choices", {})
        counts = _counts(choices) if shown else None
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

    def screen(self, journey: Any, run: Any, stage: str, lang: str) -> dict[str, Any] | None:
        """The variants and how many chose; the tally and the reasons (no names) once shown."""
        shown = run.revealed or stage in OPEN_STAGES
        choices = run.content.get("choices", {})
        reasons: dict[str, list[str]] = {"a": [], "b": []}
        for choice in choices.values():
            if choice.get("text") and choice.get("variant") in reasons:
                reasons[choice["variant"]].append(choice["text"])
        return {
            "subject": run.content.get("subject", ""),
            "labels": _labels(journey, run, lang),
            "total": len(choices),
            "counts": _counts(choices) if shown else None,
            "reasons": reasons if shown else None,
        }


def _labels(journey: Any, run: Any, lang: str) -> dict[str, str]:
    """Each variant's name from the work form (in ``lang``) with the run's description."""
    settings = journey.spec(run.id).canvas_as(ABComparisonCanvas)
    described = run.content.get("variants", {})
    return {
        v: (f"{s.get(lang)}: {described[v]}" if described.get(v) else s.get(lang))
        for v, s in zip(("a", "b"), settings.variants, strict=True)
    }


def _counts(choices: dict[str, Any]) -> dict[str, int]:
    return {v: sum(1 for ch in choices.values() if ch.get("variant") == v) for v in "ab"}


PHONE = ABPhone()
