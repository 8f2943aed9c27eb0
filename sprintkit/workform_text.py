"""A work form as readable text, for ``sprintkit workforms show``."""

from __future__ import annotations

from .i18n import t
from .model import WorkFormSpec

__all__ = ["workform_text"]

_LABELS = {
    "nl": {
        "phases": "Fase",
        "participants": "Deelnemers",
        "group": "Groep",
        "minutes": "Tijd",
        "yield": "Opbrengst",
        "feeds": "Voedt resultaatvelden",
        "steps": "Stappen",
        "materials": "Materiaal",
        "canvas": "Canvas",
        "source": "Bron",
        "licence": "Licentie",
        "defaults": "Eigen aannames (niet uit de bron)",
        "split": "ook in subgroepen",
    },
    "en": {
        "phases": "Phase",
        "participants": "Participants",
        "group": "Group",
        "minutes": "Time",
        "yield": "Yield",
        "feeds": "Feeds result fields",
        "steps": "Steps",
        "materials": "Materials",
        "canvas": "Canvas",
        "source": "Source",
        "licence": "Licence",
        "defaults": "Our own defaults (not from the source)",
        "split": "also in sub-groups",
    },
}


def workform_text(spec: WorkFormSpec, lang: str = "nl") -> str:
    """Name, phase, group size, time, yield, steps and source of a work form."""
    lab = _LABELS["en" if lang == "en" else "nl"]
    split = f" ({lab['split']})" if spec.splittable else ""
    lines = [
        f"{spec.name.get(lang)} ({spec.slug})",
        f"{lab['phases']}: {spec.method} {', '.join(map(str, spec.phases))}",
        spec.description.get(lang),
        f"{lab['participants']}: {spec.participants.get(lang)}",
        f"{lab['group']}: {spec.group_size.min}-{spec.group_size.max}{split}",
        f"{lab['minutes']}: {spec.duration_minutes.min}-{spec.duration_minutes.max} min",
        f"{lab['yield']}: {spec.yield_.get(lang)}",
        f"{lab['feeds']}: {', '.join(spec.feeds) or '-'}",
        f"{lab['canvas']}: {spec.canvas.kind}",
        f"{lab['steps']}:",
        *(f"  {i}. {step.get(lang)}" for i, step in enumerate(spec.steps, 1)),
    ]
    if spec.materials:
        lines.append(f"{lab['materials']}: " + "; ".join(m.get(lang) for m in spec.materials))
    lines.append(
        f"{lab['source']}: {spec.source.title}"
        + (f" <{spec.source.url}>" if spec.source.url else "")
    )
    lines.append(f"{lab['licence']}: {spec.licence}")
    if spec.own_defaults:
        lines.append(f"{lab['defaults']}: {', '.join(spec.own_defaults)}")
    if spec.provenance != "source":
        lines.append(t(f"prov.workform.{spec.provenance}", lang))
    return "\n".join(lines)
