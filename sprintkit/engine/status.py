"""The state of a journey in a few readable lines (``sprintkit journey status``)."""

from __future__ import annotations

from ..i18n import t
from .journey import Journey

__all__ = ["status_text"]


def status_text(journey: Journey, lang: str = "nl") -> str:
    """Closed phases, the current phase, its runs and what it still misses."""
    m = journey.method
    s = journey.state
    lines = [
        t(
            "journey.status_line",
            lang,
            journey=journey.id,
            label=s.label or "-",
            casus=s.casus,
            method=m.name.get(lang),
        )
    ]
    lines += [f"! {problem}" for problem in journey.problems(lang)]
    stale = journey.stale_phases()
    for phase in m.phases:
        ps = s.phase(phase.number)
        mark = "✔" if ps.status == "closed" else " "
        runs = len(s.runs_of(phase.number))
        count = t("order.runs", lang, count=runs)
        line = f"  [{mark}] {phase.number}. {phase.name.get(lang)} ({count})"
        if phase.number in stale:
            line += f" ! {t('order.stale_mark', lang)}"
        lines.append(line)
    if stale:
        lines.append("! " + journey.phases_message("order.stale", stale).text(lang))
    current = journey.current_phase
    if current is None:
        lines.append(t("journey.complete", lang, noun=m.phase_noun_plural.get(lang)))
        return "\n".join(lines)
    lines.append(
        t(
            "journey.current",
            lang,
            noun=m.phase_noun.get(lang),
            number=current,
            name=m.phase(current).name.get(lang),
        )
    )
    lines += [f"  - {gap.label(lang)}" for gap in journey.missing(current)]
    return "\n".join(lines)
