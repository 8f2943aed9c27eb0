"""A work form as readable text, for ``sprintkit workforms show``.

Besides name, phase, group, time, yield, steps and source it lists what the canvas is made of:
every list of named parts in the canvas settings (a board's columns, a fields map's fields,
...), whatever the kind, so a plugin's kind is shown the same way.
"""

from __future__ import annotations

from typing import Any

from .i18n import t
from .model import WorkFormSpec

__all__ = ["workform_text"]


def workform_text(spec: WorkFormSpec, lang: str = "nl", source: str | None = None) -> str:
    r"""Name, phase, group size, time, yield, canvas parts, steps and source of a work form.

    ``source`` (a catalogue entry's, such as ``builtin`` or ``casus molenwijk``) is shown too.

    Examples:
        >>> from sprintkit.catalogue import get
        >>> text = workform_text(get("praktijksafari"), "en")
        >>> print(text.split("Canvas: ")[1].split("\n  - gehoord")[0])
        board
        Columns:
          - gezien (Seen): What did you see along the way, and where?
    """

    def lab(key: str) -> str:
        return t(f"wftext.{key}", lang)

    split = f" ({lab('split')})" if spec.splittable else ""
    lines = [
        f"{spec.name.get(lang)} ({spec.slug})",
        f"{lab('phases')}: {spec.method} {', '.join(map(str, spec.phases))}",
        spec.description.get(lang),
        f"{lab('participants')}: {spec.participants.get(lang)}",
        f"{lab('group')}: {spec.group_size.min}-{spec.group_size.max}{split}",
        f"{lab('minutes')}: {spec.duration_minutes.min}-{spec.duration_minutes.max} min",
        f"{lab('yield')}: {spec.yield_.get(lang)}",
        f"{lab('feeds')}: {', '.join(spec.feeds) or '-'}",
        f"{lab('canvas')}: {spec.canvas.kind}",
        *_canvas_parts(spec.canvas, lang),
        f"{lab('steps')}:",
        *(f"  {i}. {step.get(lang)}" for i, step in enumerate(spec.steps, 1)),
    ]
    if spec.materials:
        lines.append(f"{lab('materials')}: " + "; ".join(m.get(lang) for m in spec.materials))
    lines.append(
        f"{lab('source')}: {spec.source.title}"
        + (f" <{spec.source.url}>" if spec.source.url else "")
    )
    lines.append(f"{lab('licence')}: {spec.licence}")
    if spec.own_defaults:
        lines.append(f"{lab('defaults')}: {', '.join(spec.own_defaults)}")
    if spec.provenance != "source":
        lines.append(t(f"prov.workform.{spec.provenance}", lang))
    if source is not None:
        lines.append(f"{lab('origin')}: {source}")
    return "\n".join(lines)


def _canvas_parts(canvas: Any, lang: str) -> list[str]:
    """Each list of parts in the canvas settings, one line per part: key (label): prompt."""
    lines: list[str] = []
    for name in type(canvas).model_fields:
        parts = getattr(canvas, name)
        if not isinstance(parts, list) or not parts:
            continue
        heading = t(f"wftext.part.{name}", lang) if f"wftext.part.{name}" in _keys() else name
        shown = [_part(part, lang) for part in parts]
        if all(shown):
            lines.append(f"{heading}:")
            lines += [f"  - {line}" for line in shown]
    return lines


def _keys() -> dict[str, Any]:
    from .i18n import catalog

    return catalog()


def _part(part: Any, lang: str) -> str:
    """``key (label): prompt`` of one named part; a plain text part as itself; else empty."""
    if hasattr(part, "get") and hasattr(part, "nl"):  # a Text (e.g. a timeline's periods)
        return str(part.get(lang))
    if isinstance(part, str):
        return part
    key = getattr(part, "key", None) or getattr(part, "value", None)
    label = getattr(part, "label", None)
    if key is None and label is None:
        return ""
    text = str(key) if key is not None else ""
    if label is not None:
        label_text = label.get(lang) if hasattr(label, "get") else str(label)
        text = f"{text} ({label_text})" if text else label_text
    prompt = getattr(part, "prompt", None) or getattr(part, "question", None)
    if prompt is not None:
        text += ": " + (prompt.get(lang) if hasattr(prompt, "get") else str(prompt))
    return text
