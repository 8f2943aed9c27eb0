"""Propose an agenda for one session: opening, work forms, breaks and a closing check.

The planner takes the work forms suited to one phase (the method's own suggestions first, in the
method's order, then any other registered or casus work form for that phase, by slug) and fits
them to the group and the time:

* **Group.** A work form whose ``group_size`` holds the group runs with the whole group. A larger
  group is split into parallel, balanced sub-groups only when the form is ``splittable`` and the
  sub-groups land inside the range; otherwise the form is left out, and so is a form whose minimum
  is larger than the group.
* **Time.** Each form starts at the minimum of its ``duration_minutes`` and is taken when it still
  fits; then each taken form is lengthened towards its maximum (in steps of 5 minutes), then the
  opening (10-15 min), then the breaks (10-15 min). The closing with the key factor check (or, for
  the KVU, the success factor check) always takes 15 minutes.
* **Breaks.** Before a work form that is not the first, and before the closing, a break is placed
  when the time since the start or the last break would otherwise pass 90 minutes. A work form
  is never cut in two.

The plan never exceeds the available minutes and never puts a (sub-)group outside a form's
range. Every left-out form carries its reason in Dutch and English. The result is a pydantic
:class:`~sprintkit.model.agenda.Agenda`; the engine and the timer widget fill ``actual_minutes``.

Examples:
    >>> agenda = plan_session("wijkaanpak", 1, group_size=8, minutes=300)
    >>> [item.slug or item.kind for item in agenda.items]
    ['opening', 'onderzoek-socrates', 'break', 'praktijksafari', 'break', 'closing']
    >>> agenda.planned_minutes <= 300
    True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import SprintkitError
from .i18n import Message, t
from .model import Casus, Lang, Method, Range, Text, WorkFormSpec
from .model.agenda import Agenda, AgendaItem, Check, ItemKind, LeftOut, LeftOutReason

if TYPE_CHECKING:  # pragma: no cover
    from .catalogue import CatalogueEntry

__all__ = [
    "BREAK_EVERY",
    "BREAK_MINUTES",
    "CLOSING_MINUTES",
    "OPENING_MINUTES",
    "PlanningError",
    "plan_session",
    "split_group",
]

#: Shortest and longest opening.
OPENING_MINUTES = (10, 15)
#: Shortest and longest break.
BREAK_MINUTES = (10, 15)
#: The closing with the key factor (or success factor) check.
CLOSING_MINUTES = 15
#: A break comes before the work since the start or the last break passes this many minutes.
BREAK_EVERY = 90


class PlanningError(SprintkitError, ValueError):
    """The session cannot be planned at all (no group, too little time, unknown phase)."""


def split_group(
    size: int, group_size: Range, splittable: bool
) -> tuple[list[int], LeftOutReason | None]:
    """Sub-group sizes for a group of ``size`` in a form for ``group_size`` people.

    Returns the sizes (one entry when the whole group works together) and ``None``, or an empty
    list and the reason: ``group_too_small``, ``group_too_big`` or ``no_balanced_split``. Splits
    use the fewest sub-groups that fit, with sizes differing by at most one.

    Examples:
        >>> split_group(12, Range(min=4, max=8), splittable=True)
        ([6, 6], None)
        >>> split_group(17, Range(min=4, max=8), splittable=True)
        ([6, 6, 5], None)
        >>> split_group(9, Range(min=5, max=8), splittable=True)
        ([], 'no_balanced_split')
        >>> split_group(12, Range(min=5, max=10), splittable=False)
        ([], 'group_too_big')
    """
    if size < group_size.min:
        return [], "group_too_small"
    if size <= group_size.max:
        return [size], None
    if not splittable:
        return [], "group_too_big"
    count = math.ceil(size / group_size.max)
    base, extra = divmod(size, count)
    if base < group_size.min:
        return [], "no_balanced_split"
    return [base + 1] * extra + [base] * (count - extra), None


@dataclass(frozen=True)
class _Candidate:
    spec: WorkFormSpec
    source: str | None
    sub_groups: tuple[int, ...]

    def durations(self) -> list[int]:
        """Durations to try when lengthening: the maximum, multiples of 5, the minimum."""
        low, high = self.spec.duration_minutes.min, self.spec.duration_minutes.max
        return sorted({low, high, *range(low + (-low) % 5, high, 5)}, reverse=True)


def _layout(opening: int, forms: Sequence[int], pause: int) -> list[tuple[ItemKind, int, int]]:
    """The session as ``(kind, minutes, form index or -1)``, with breaks where they are due."""
    items: list[tuple[ItemKind, int, int]] = [("opening", opening, -1)]
    since = opening
    for i, minutes in enumerate(forms):
        if i and since + minutes > BREAK_EVERY:  # never straight after the opening
            items.append(("break", pause, -1))
            since = 0
        items.append(("workform", minutes, i))
        since += minutes
    if forms and since + CLOSING_MINUTES > BREAK_EVERY:
        items.append(("break", pause, -1))
    items.append(("closing", CLOSING_MINUTES, -1))
    return items


def _total(opening: int, forms: Sequence[int], pause: int) -> int:
    return sum(minutes for _, minutes, _ in _layout(opening, forms, pause))


@dataclass
class _Fit:
    """The outcome of fitting the time: chosen forms, their minutes, and the ones that missed."""

    chosen: list[_Candidate]
    minutes: list[int]
    opening: int
    pause: int
    missed: list[tuple[_Candidate, int, int]]


def _fit_time(candidates: Sequence[_Candidate], available: int) -> _Fit:
    """Take forms at their minimum in order, then lengthen forms, the opening and the breaks."""
    opening, pause = OPENING_MINUTES[0], BREAK_MINUTES[0]
    fit = _Fit([], [], opening, pause, [])
    for cand in candidates:
        before = _total(opening, fit.minutes, pause)
        after = _total(opening, [*fit.minutes, cand.spec.duration_minutes.min], pause)
        if after <= available:
            fit.chosen.append(cand)
            fit.minutes.append(cand.spec.duration_minutes.min)
        else:
            fit.missed.append((cand, after - before, available - before))
    for i, cand in enumerate(fit.chosen):
        for minutes in cand.durations():
            trial = [*fit.minutes[:i], minutes, *fit.minutes[i + 1 :]]
            if _total(opening, trial, pause) <= available:
                fit.minutes[i] = minutes
                break
    fit.opening = _longest(OPENING_MINUTES, lambda o: _total(o, fit.minutes, pause) <= available)
    fit.pause = _longest(BREAK_MINUTES, lambda p: _total(fit.opening, fit.minutes, p) <= available)
    return fit


def _longest(bounds: tuple[int, int], fits: Callable[[int], bool]) -> int:
    """The longest length within ``bounds`` that still fits (the shortest when none does)."""
    return next((m for m in range(bounds[1], bounds[0], -1) if fits(m)), bounds[0])


def _pool(
    method: Method, entries: Iterable[Any] | None, casus: Casus | None
) -> dict[str, tuple[WorkFormSpec, str | None]]:
    """Every work form of ``method`` by slug, with its source; casus forms replace by slug."""
    if entries is None:
        from . import catalogue  # the registry is only read when no entries are given

        entries = catalogue.for_casus(casus) if casus is not None else catalogue.entries()
        casus = None  # for_casus already merged the casus' own forms
    pool: dict[str, tuple[WorkFormSpec, str | None]] = {}
    for item in entries:
        if isinstance(item, WorkFormSpec):
            pool[item.slug] = (item, None)
        else:
            pool[item.spec.slug] = (item.spec, item.source)
    if casus is not None:
        pool.update({spec.slug: (spec, f"casus {casus.id}") for spec in casus.local_workforms})
    return {slug: value for slug, value in pool.items() if value[0].method == method.id}


def _order(method: Method, phase: int, pool: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Slugs to consider in order (suggested first, then others by slug) and missing ones."""
    suggested = method.phase(phase).workforms
    others = sorted(s for s, (spec, _) in pool.items() if phase in spec.phases)
    ordered = [s for s in suggested if s in pool] + [s for s in others if s not in suggested]
    return ordered, [s for s in suggested if s not in pool]


def _reason(code: LeftOutReason, **values: Any) -> Text:
    message = Message(f"plan.reason.{code}", **values)
    return Text(nl=message.text("nl"), en=message.text("en"))


def _label(key: str) -> Text:
    return Text(nl=t(key, "nl"), en=t(key, "en"))


def _check_inputs(method: Method, phase: int, group_size: int, minutes: int, lang: str) -> None:
    if group_size < 1:
        raise PlanningError(Message("plan.error.group_size", size=group_size), lang=lang)
    if not 1 <= phase <= len(method.phases):
        message = Message(
            "plan.error.unknown_phase",
            method=method.id,
            noun=method.phase_noun_plural,
            count=len(method.phases),
            phase=phase,
        )
        raise PlanningError(message, lang=lang)
    needed = OPENING_MINUTES[0] + CLOSING_MINUTES
    if minutes < needed:
        message = Message("plan.error.too_short", count=minutes, needed=needed)
        raise PlanningError(message, lang=lang)


def _resolve_method(method: Method | str, casus: Casus | None, lang: str) -> Method:
    if isinstance(method, str):
        from .loading import load_method

        method = load_method(method)
    if casus is not None and casus.method != method.id:
        message = Message(
            "plan.error.casus_method", casus=casus.id, casus_method=casus.method, method=method.id
        )
        raise PlanningError(message, lang=lang)
    return method


def plan_session(
    method: Method | str,
    phase_number: int,
    group_size: int,
    minutes: int,
    catalogue_entries: Iterable[CatalogueEntry | WorkFormSpec] | None = None,
    casus: Casus | None = None,
    lang: Lang = "nl",
) -> Agenda:
    """Propose an agenda for one session of phase ``phase_number``.

    Args:
        method: The method, or the id of a built-in one (``wijkaanpak``, ``kvu``).
        phase_number: The sprint (wijkaanpak) or step (KVU), 1-based.
        group_size: Number of participants.
        minutes: Length of the session; the agenda never takes longer.
        catalogue_entries: Work forms to choose from (catalogue entries or specs); by default
            the registered catalogue, with the casus' own work forms when ``casus`` is given.
        casus: The casus; its own work forms replace registered ones of the same slug.
        lang: Language of error messages and the default language of ``Agenda.to_text``.

    Returns:
        The agenda, with the left-out work forms and why each was left out.

    Raises:
        PlanningError: For a group under 1, an unknown phase or too little time for the
            opening and closing.

    Examples:
        >>> agenda = plan_session("wijkaanpak", 1, group_size=12, minutes=240)
        >>> [(i.slug, i.planned_minutes) for i in agenda.items if i.kind == "workform"]
        [('onderzoek-socrates', 100)]
        >>> print(agenda.left_out[0].explanation.nl)
        groep te groot: 12 deelnemers, deze werkvorm is voor 5 tot 10 en kan niet in subgroepen
        >>> plan_session("kvu", 9, group_size=8, minutes=120)
        Traceback (most recent call last):
        ...
        sprintkit.planning.PlanningError: kvu heeft stappen 1 tot en met 7, niet 9
    """
    method = _resolve_method(method, casus, lang)
    _check_inputs(method, phase_number, group_size, minutes, lang)
    pool = _pool(method, catalogue_entries, casus)
    ordered, missing = _order(method, phase_number, pool)
    left_out = [
        LeftOut(
            slug=s, title=Text(nl=s), reason="not_installed", explanation=_reason("not_installed")
        )
        for s in missing
    ]
    candidates = []
    for slug in ordered:
        spec, source = pool[slug]
        sizes, code = split_group(group_size, spec.group_size, spec.splittable)
        if code is None:
            candidates.append(_Candidate(spec, source, tuple(sizes)))
            continue
        values = {"count": group_size, "min": spec.group_size.min, "max": spec.group_size.max}
        left_out.append(_left_out(spec, code, **values))
    fit = _fit_time(candidates, minutes)
    left_out += [_left_out(c.spec, "time", need=n, left=left) for c, n, left in fit.missed]
    return Agenda(
        method=method.id,
        phase=phase_number,
        phase_name=method.phase(phase_number).name,
        phase_noun=method.phase_noun,
        casus=casus.name if casus is not None else None,
        group_size=group_size,
        minutes=minutes,
        lang=lang,
        items=_items(method, phase_number, group_size, fit),
        left_out=left_out,
    )


def _left_out(spec: WorkFormSpec, code: LeftOutReason, **values: Any) -> LeftOut:
    return LeftOut(
        slug=spec.slug, title=spec.name, reason=code, explanation=_reason(code, **values)
    )


def _items(method: Method, phase: int, group_size: int, fit: _Fit) -> list[AgendaItem]:
    items, start = [], 0
    for kind, minutes, index in _layout(fit.opening, fit.minutes, fit.pause):
        fields: dict[str, Any] = {"sub_groups": [group_size]}
        if kind == "workform":
            cand = fit.chosen[index]
            span = cand.spec.duration_minutes
            fields = {
                "slug": cand.spec.slug,
                "title": cand.spec.name,
                "source": cand.source,
                "sub_groups": list(cand.sub_groups),
                "duration_range": (span.min, span.max),
            }
        elif kind == "closing":
            fields["title"], fields["checks"] = _closing(method, phase)
        else:
            fields["title"] = _label(f"plan.{kind}")
        items.append(AgendaItem(kind=kind, planned_minutes=minutes, start=start, **fields))
        start += minutes
    return items


def _closing(method: Method, phase: int) -> tuple[Text, list[Check]]:
    """The closing's title and checks: key factors with this phase's prompt, or success factors."""
    if method.key_factors:
        checks = [Check(name=k.name, question=k.prompts.get(phase)) for k in method.key_factors]
        return _label("plan.closing.key_factors"), checks
    checks = [Check(name=f.name, question=f.check) for f in method.success_factors]
    return _label("plan.closing.success_factors"), checks
