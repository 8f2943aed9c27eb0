"""What the method's sources offer the facilitator, as report blocks every face shows.

The method files hold the advice as data (``guidance``, ``environments``, a key factor's
``questions`` and ``shows``, ``glijbaan_credit``); the casus holds what it says on the topic
(earlier approaches and their lessons, the streets of the area, who leads). The builders here
turn both into plain blocks (:mod:`sprintkit.reports.blocks`) once: the phase header and the key
factor panel show them with :func:`~sprintkit.reports.render_text.render_blocks_html`,
``sprintkit handreiking`` prints them with :func:`~sprintkit.reports.render_plain.render_plain`,
and the reports take the parts that belong in a shared document (the glijbaan credit).

A builder never names a method, a phase or a key factor: what is shown where is data.

Examples:
    >>> from sprintkit.loading import load_casus, load_method
    >>> casus, method = load_casus("molenwijk"), load_method("wijkaanpak")
    >>> [title for title, _ in phase_guidance(casus, method, 4, "nl")]
    ['Niet altijd iets nieuws']
    >>> glijbaan_credit(method, "en").split(",")[0]
    'The glijbaan (slide) model was developed by Karin de Galan'
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..i18n import capitalised, t
from .blocks import Block, Bullets, Paragraph

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Casus, Guidance, KeyFactor, Method
    from ..model.method import GuidanceTopic

__all__ = [
    "guidance_blocks",
    "phase_guidance",
    "key_factor_blocks",
    "topic_blocks",
    "past_intervention_blocks",
    "environment_blocks",
    "street_blocks",
    "glijbaan_credit",
    "glijbaan_credit_blocks",
]


def _s(key: str, lang: str, **values: object) -> str:
    return t(f"guide.{key}", lang, **values)


def _mark(provenance: str, lang: str) -> str:
    """`` (afgeleid, niet uit een CCV-bron)`` for inferred content, else nothing."""
    return f" ({_s('inferred', lang)})" if provenance == "inferred" else ""


def glijbaan_credit(method: Method, lang: str) -> str | None:
    """Who made the glijbaan model, as the source credits them (``None`` when not given)."""
    return method.glijbaan_credit.get(lang) if method.glijbaan_credit else None


def glijbaan_credit_blocks(method: Method, lang: str) -> list[Block]:
    """The glijbaan credit as a small paragraph for a report's glijbaan section (or ``[]``)."""
    credit = glijbaan_credit(method, lang)
    return [Paragraph(credit, "small")] if credit else []


def guidance_blocks(item: Guidance, casus: Casus, method: Method, lang: str) -> list[Block]:
    """One piece of guidance: its text, its points, what the casus holds on it, its source."""
    blocks: list[Block] = [Paragraph(item.text.get(lang) + _mark(item.provenance, lang))]
    if item.points:
        blocks.append(Bullets(tuple(p.get(lang) for p in item.points)))
    if item.shows:
        blocks += topic_blocks(item.shows, casus, method, lang)
    if item.source:
        blocks.append(Paragraph(_s("source", lang, source=item.source), "small"))
    return blocks


def phase_guidance(
    casus: Casus, method: Method, phase: int, lang: str
) -> list[tuple[str, list[Block]]]:
    """(title, blocks) of each piece of guidance the method shows in ``phase``."""
    return [
        (
            item.title.get(lang) + _mark(item.provenance, lang),
            guidance_blocks(item, casus, method, lang),
        )
        for item in method.guidance_for(phase)
    ]


def key_factor_blocks(factor: KeyFactor, casus: Casus, method: Method, lang: str) -> list[Block]:
    """A key factor's own questions from the source and what it shows (``[]`` when neither)."""
    blocks: list[Block] = []
    if factor.questions:
        blocks.append(Paragraph(_s("questions", lang), "lead"))
        blocks.append(Bullets(tuple(q.get(lang) for q in factor.questions)))
    if factor.shows:
        blocks += topic_blocks(factor.shows, casus, method, lang)
    return blocks


def topic_blocks(topic: GuidanceTopic, casus: Casus, method: Method, lang: str) -> list[Block]:
    """What the casus (or the method) holds on one topic, as blocks."""
    if topic == "past_interventions":
        return past_intervention_blocks(casus, lang)
    if topic == "reusable":
        return past_intervention_blocks(casus, lang, reusable_only=True)
    if topic == "environments":
        return environment_blocks(method, lang)
    if topic == "streets":
        return street_blocks(casus, lang)
    if topic == "project_leader":
        group = casus.working_group
        names = [_person(casus, group.project_leader)] if group else []
        return [Paragraph(_s("in_casus", lang, names=", ".join(names) or _s("nobody", lang)))]
    names = [_person(casus, actor) for actor in casus.facilitators]  # "facilitators"
    return [Paragraph(_s("in_casus", lang, names=", ".join(names) or _s("nobody", lang)))]


def _person(casus: Casus, actor_id: str) -> str:
    """``Name (organisation)`` of a casus actor, or the id when the casus has no such actor."""
    actor = next((a for a in casus.actors if a.id == actor_id), None)
    if actor is None:
        return actor_id
    org = next((o.name for o in casus.organisations if o.id == actor.organisation), None)
    return f"{actor.name} ({org})" if org else actor.name


def past_intervention_blocks(
    casus: Casus, lang: str, *, reusable_only: bool = False
) -> list[Block]:
    """The casus' earlier approaches: period, what happened, lessons, whether reusable."""
    chosen = [p for p in casus.past_interventions if p.reusable or not reusable_only]
    if not chosen:
        key = "no_reusable" if reusable_only else "no_past"
        return [Paragraph(_s(key, lang), "small")]
    blocks: list[Block] = [
        Paragraph(_s("reusable_intro" if reusable_only else "past_intro", lang), "lead")
    ]
    orgs = {o.id: o.name for o in casus.organisations}
    for past in chosen:
        head = past.name if past.period in past.name else f"{past.name} ({past.period})"
        if past.reusable:
            head += f", {_s('reusable', lang)}"
        blocks.append(Paragraph(head, "lead"))
        who = ", ".join(orgs.get(o, o) for o in past.organisations)
        blocks.append(Paragraph(past.what_happened + (f" ({who})" if who else "")))
        if past.lessons:
            blocks.append(Paragraph(_s("lessons", lang), "small"))
            blocks.append(Bullets(tuple(past.lessons)))
    return blocks


def environment_blocks(method: Method, lang: str) -> list[Block]:
    """The four environments as the source describes them, with the questions it asks."""
    from ..model import Environment

    blocks: list[Block] = []
    for env in method.environments:
        label = Environment(env.environment).label(lang)
        blocks.append(Paragraph(capitalised(label) + _mark(env.provenance, lang), "lead"))
        blocks.append(Paragraph(env.covers.get(lang)))
        if env.questions:
            blocks.append(Bullets(tuple(q.get(lang) for q in env.questions)))
    return blocks


def _names(text: str | None, place: str) -> bool:
    """Whether ``text`` mentions ``place`` as a word (any case)."""
    if not text:
        return False
    return re.search(rf"\b{re.escape(place.casefold())}\b", text.casefold()) is not None


def street_blocks(casus: Casus, lang: str) -> list[Block]:
    """Per street or square of the area, who in the working group names it; per venue its seat.

    Without a working group every actor of the casus counts. A person "names" a street when
    their role or constituency mentions it: a view of the casus, not a rule of the source.
    """
    group = casus.working_group
    seated = [m.actor for m in group.members] if group else [a.id for a in casus.actors]
    people = [a for a in casus.actors if a.id in seated]
    blocks: list[Block] = []
    if casus.area.streets:
        rows = []
        for street in casus.area.streets:
            who = [
                a.name for a in people if _names(a.role, street) or _names(a.constituency, street)
            ]
            rows.append(f"{street}: {', '.join(who) if who else _s('street_nobody', lang)}")
        blocks += [Paragraph(_s("streets", lang), "lead"), Bullets(tuple(rows))]
    venues = [o for o in casus.organisations if o.horeca]
    if venues:
        rows = []
        for venue in venues:
            who = [a.name for a in people if a.organisation == venue.id]
            kind = t(f"guide.horeca.{venue.horeca}", lang)
            seat = ", ".join(who) if who else _s("no_seat", lang)
            rows.append(f"{venue.name} ({kind}): {seat}")
        blocks += [Paragraph(_s("venues", lang), "lead"), Bullets(tuple(rows))]
    return blocks
