"""A short, readable summary of a casus in Dutch (or English), for ``sprintkit info``."""

from __future__ import annotations

from collections import Counter

from .i18n import fmt_number, t
from .loading import load_method
from .model import Casus, Environment, Method

__all__ = ["casus_summary"]


def casus_summary(casus: Casus, lang: str = "nl") -> str:
    """Area, actors by kind, indicators by environment, known interventions, structures.

    Examples:
        >>> from sprintkit.loading import load_casus
        >>> print(casus_summary(load_casus("molenwijk")).splitlines()[0])
        Casus Molenwijk (molenwijk)
    """
    method = load_method(casus.method)
    lines = [t("summary.title", lang, name=casus.name, id=casus.id)]
    lines.append(t("summary.fictional" if casus.fictional else "summary.real", lang))
    if casus.disclaimer:
        lines.append(casus.disclaimer.get(lang))
    lines.append(
        t(
            "summary.method",
            lang,
            name=method.name.get(lang),
            count=len(method.phases),
            noun=method.phase_noun_plural.get(lang),
        )
    )
    lines += ["", *_area(casus, lang), "", *_actors(casus, lang), ""]
    lines += _indicators(casus, lang, method)
    lines += ["", *_interventions(casus, lang), "", *_structures(casus, lang)]
    if casus.demo:
        phases = ", ".join(str(n) for n in sorted(casus.demo))
        lines += ["", t("summary.demo", lang, noun=method.phase_noun.get(lang), phases=phases)]
    else:
        lines += ["", t("summary.no_demo", lang)]
    return "\n".join(lines)


def _area(casus: Casus, lang: str) -> list[str]:
    area = casus.area
    facts = [
        f"{t('summary.municipality', lang)} {area.municipality}",
        f"{fmt_number(area.inhabitants, lang)} {t('summary.inhabitants', lang)}",
    ]
    if area.households:
        facts.append(f"{fmt_number(area.households, lang)} {t('summary.households', lang)}")
    if area.area_hectares:
        facts.append(f"{fmt_number(area.area_hectares, lang)} {t('summary.hectares', lang)}")
    if area.venues:
        facts.append(f"{area.venues} {t('summary.venues', lang)}")
    lines = [f"{t('summary.area', lang)}: " + ", ".join(facts)]
    if area.housing:
        h = area.housing
        lines.append(
            "  "
            + t(
                "summary.housing",
                lang,
                social=f"{h.social_rent:g}",
                private=f"{h.private_rent:g}",
                owner=f"{h.owner_occupied:g}",
            )
        )
    if area.facilities:
        lines.append(f"  {t('summary.facilities', lang)}: " + ", ".join(area.facilities))
    return lines


def _actors(casus: Casus, lang: str) -> list[str]:
    lines = [t("summary.actors", lang, count=len(casus.actors))]
    by_kind = Counter(actor.kind for actor in casus.actors)
    for kind, count in sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0].value)):
        names = ", ".join(a.name for a in casus.actors if a.kind == kind)
        lines.append(f"  {t(f'actor_kind.{kind.value}', lang)} ({count}): {names}")
    lines.append(t("summary.organisations", lang, count=len(casus.organisations)))
    return lines


def _indicators(casus: Casus, lang: str, method: Method) -> list[str]:
    lines = [t("summary.indicators", lang, count=len(casus.indicators))]
    for env in Environment:
        guide = method.environment_guide(env)  # what the source says the environment covers
        covers = f" {guide.covers.get(lang)}" if guide else ""
        lines.append(f"  {env.label(lang)}:{covers}")
        for ind in (i for i in casus.indicators if i.environment == env):
            past = f"{fmt_number(ind.past.value, lang)} → " if ind.past else ""
            trend = t(f"trend.{ind.trend()}", lang)
            now = fmt_number(ind.present.value, lang)
            lines.append(f"    - {ind.name.get(lang)}: {past}{now} {ind.unit} ({trend})")
    return lines


def _interventions(casus: Casus, lang: str) -> list[str]:
    lines = [t("summary.interventions", lang, count=len(casus.interventions))]
    envs = {i.id: i.environment for i in casus.indicators}
    names = casus.party_names()
    for iv in casus.interventions:
        targets = {e.environment or envs.get(e.indicator or "") for e in iv.effects}
        crossing = sorted(str(env.label(lang)) for env in targets if env and env != iv.environment)
        owner = names.get(iv.owner, iv.owner) if iv.owner else t("summary.no_owner", lang)
        line = f"  - {iv.name.get(lang)} [{iv.environment.label(lang)}; {owner}]"
        if crossing:
            line += f" {t('summary.crosses', lang)} {', '.join(crossing)}"
        lines.append(line)
    return lines


def _structures(casus: Casus, lang: str) -> list[str]:
    lines = [t("summary.structures", lang, count=len(casus.structures))]
    lines += [f"  - {s.name} ({s.frequency or s.kind})" for s in casus.structures]
    lines.append(t("summary.past", lang, count=len(casus.past_interventions)))
    for past in casus.past_interventions:
        reusable = f", {t('guide.reusable', lang)}" if past.reusable else ""
        lines.append(f"  - {past.name} ({past.period}{reusable})")
        lines += [f"      {t('summary.lesson', lang)}: {lesson}" for lesson in past.lessons]
    return lines
