"""The cooperation a journey shows, counted: who took part, who worked with whom, what was agreed.

Pure functions over a journey's state and the interventions in its results. The seed article
behind sprintkit argues that the by-catch of joint sessions (parties learning each other's ways
and committing to a shared goal) is often worth more than the content; these counts make that
by-catch visible. Nothing here quotes anyone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Literal

from .. import registry
from ..engine.roster import normalise, resolve
from ..model import Intervention, Method
from ..model.state import JourneyState, PersonState, RunState

__all__ = [
    "Contribution",
    "contributions",
    "on_roster",
    "run_contributions",
    "trainees",
    "own_orgs_together",
    "roster_counts",
    "co_working",
    "glijbaan_moves",
    "Agreement",
    "agreements",
    "first_phase_of",
]

#: Authors that are no person (the demo player).
_NOT_PEOPLE = {None, "demo"}


@dataclass
class Contribution:
    """What one person put in: notes, dots, objections, consents and canvas items, per phase."""

    person: str
    notes: int = 0
    votes: int = 0
    objections: int = 0
    consents: int = 0
    items: int = 0
    phases: set[int] = field(default_factory=set)

    @property
    def total(self) -> int:
        """All contributions together."""
        return self.notes + self.votes + self.objections + self.consents + self.items


def contributions(state: JourneyState, *, stand_ins: bool = True) -> dict[str, Contribution]:
    """Every person's contributions over all runs of a journey.

    ``stand_ins=False`` leaves out runs filled from demo input in place of a session the group
    did not hold (a training's skipped phases).

    Examples:
        >>> from sprintkit.model.state import JourneyState, RunState, NoteState
        >>> run = RunState(id="r", workform="w", phase=1, canvas="board",
        ...                notes={"n": NoteState(id="n", text="x", author="ria", votes=["tom"])})
        >>> found = contributions(JourneyState(journey="j", casus="c", method="m", runs={"r": run}))
        >>> found["ria"].notes, found["tom"].votes, sorted(found["tom"].phases)
        (1, 1, [1])
    """
    found: dict[str, Contribution] = {}

    def add(person: Any, what: str, phase: int) -> None:
        if person in _NOT_PEOPLE:
            return
        entry = found.setdefault(person, Contribution(person))
        setattr(entry, what, getattr(entry, what) + 1)
        entry.phases.add(phase)

    for run in state.runs.values():
        if run.stand_in and not stand_ins:
            continue
        for person, what in run_contributions(run):
            add(person, what, run.phase)
    return found


def run_contributions(run: RunState) -> list[tuple[Any, str]]:
    """(person, what) for each contribution in one run; none for a kind no longer installed."""
    plugin = registry.get("canvas_kinds", run.canvas)
    return [] if plugin is None else list(plugin.obj.contributions(run))


def trainees(roster: dict[str, PersonState]) -> dict[str, PersonState]:
    """The people on the roster who came to a training from an own organisation.

    Examples:
        >>> from sprintkit.model.state import PersonState as P
        >>> list(trainees({"a": P(id="a", name="A", own_kind="police"), "b": P(id="b", name="B")}))
        ['a']
    """
    return {i: p for i, p in roster.items() if p.trainee and not p.removed}


def own_orgs_together(
    state: JourneyState, roster: dict[str, PersonState], party_of: Callable[[str], str]
) -> tuple[dict[str, list[str]], dict[tuple[str, str], list[str]]]:
    """Which own organisations contributed to each session the group held, and each pair's.

    A session is a work form run that is no stand-in. Two own organisations worked together
    when people of both contributed to the same session (``party_of`` gives a trainee's own
    organisation as it is shown).

    Examples:
        >>> from sprintkit.model.state import JourneyState, RunState, NoteState, PersonState as P
        >>> notes = {"n": NoteState(id="n", text="x", author="a", votes=["b"])}
        >>> run = RunState(id="r", workform="w", phase=1, canvas="board", notes=notes)
        >>> roster = {"a": P(id="a", name="A", own_organisation="Gemeente"),
        ...           "b": P(id="b", name="B", own_organisation="Politie")}
        >>> state = JourneyState(journey="j", casus="c", method="m", runs={"r": run})
        >>> own_orgs_together(state, roster, lambda i: roster[i].own_organisation)
        ({'r': ['Gemeente', 'Politie']}, {('Gemeente', 'Politie'): ['r']})
    """
    people = trainees(roster)
    per_run: dict[str, list[str]] = {}
    pairs: dict[tuple[str, str], list[str]] = {}
    for run in state.runs.values():
        if run.stand_in:
            continue
        found = {resolve(roster, p) for p, _ in run_contributions(run) if p not in _NOT_PEOPLE}
        orgs = sorted({party_of(i) for i in found if i in people})
        if not orgs:
            continue
        per_run[run.id] = orgs
        for a, b in combinations(orgs, 2):
            pairs.setdefault((a, b), []).append(run.id)
    return per_run, pairs


def on_roster(
    found: dict[str, Contribution], roster: dict[str, PersonState]
) -> tuple[dict[str, Contribution], int]:
    """Contributions per roster person, and how many came from names nobody on it has.

    Without a roster everything counts as typed. With one, a name typed before the roster
    existed counts for the person it surely means ("Rutger", "rutger"); a name that fits
    nobody (a typo) is no participant: its contributions are only counted as off the roster.

    Examples:
        >>> from sprintkit.model.state import PersonState
        >>> found = {"Rutger": Contribution("Rutger", notes=1, phases={1}),
        ...          "rutger": Contribution("rutger", votes=2, phases={2}),
        ...          "Rugtr": Contribution("Rugtr", votes=1, phases={2})}
        >>> merged, off = on_roster(found, {"rutger": PersonState(id="rutger", name="Rutger")})
        >>> list(merged), merged["rutger"].total, sorted(merged["rutger"].phases), off
        (['rutger'], 3, [1, 2], 1)
    """
    if not roster:
        return found, 0
    merged: dict[str, Contribution] = {}
    off = 0
    for person, c in found.items():
        ident = resolve(roster, person)
        if ident is None:
            off += c.total
            continue
        entry = merged.setdefault(ident, Contribution(ident))
        for what in ("notes", "votes", "objections", "consents", "items"):
            setattr(entry, what, getattr(entry, what) + getattr(c, what))
        entry.phases |= c.phases
    return merged, off


def roster_counts(roster: dict[str, PersonState]) -> tuple[int, int]:
    """People on the roster (not removed) and the organisations they come from.

    Examples:
        >>> from sprintkit.model.state import PersonState as P
        >>> roster_counts({"a": P(id="a", name="A", organisation="gemeente"),
        ...                "b": P(id="b", name="B", organisation="Gemeente"),
        ...                "c": P(id="c", name="C"), "d": P(id="d", name="D", removed=True)})
        (3, 1)
    """
    people = [p for p in roster.values() if not p.removed]
    orgs = {normalise(p.organisation) for p in people if p.organisation}
    return len(people), len(orgs)


def co_working(
    interventions: Iterable[Intervention], organisation_of: Callable[[str], str | None]
) -> tuple[dict[str, list[str]], dict[tuple[str, str], list[str]]]:
    """Which organisations work on each intervention, and each pair's shared interventions.

    An owner who is a person counts with their organisation.

    Examples:
        >>> from sprintkit.model import Intervention
        >>> iv = Intervention(id="licht", name="Licht", environment="physical", owner="esther",
        ...                   organisations=["corporatie"])
        >>> per_iv, pairs = co_working([iv], {"esther": "gemeente"}.get)
        >>> per_iv["licht"], pairs
        (['corporatie', 'gemeente'], {('corporatie', 'gemeente'): ['licht']})
    """
    per_intervention: dict[str, list[str]] = {}
    pairs: dict[tuple[str, str], list[str]] = {}
    for iv in interventions:
        orgs = set(iv.organisations)
        if iv.owner:
            orgs.add(organisation_of(iv.owner) or iv.owner)
        per_intervention[iv.id] = sorted(orgs)
        for a, b in combinations(sorted(orgs), 2):
            pairs.setdefault((a, b), []).append(iv.id)
    return per_intervention, pairs


def glijbaan_moves(state: JourneyState) -> tuple[dict[int, Counter[int]], Counter[str]]:
    """Glijbaan levels per phase, and how people moved from their first to their last place.

    A move ``down`` the slide (level 1 towards 3) means closer to acting; ``up`` means further.

    Examples:
        >>> from sprintkit.model.state import JourneyState, PhaseState
        >>> s = JourneyState(journey="j", casus="c", method="m", phases={
        ...     1: PhaseState(number=1, glijbaan={"a": 1, "b": 2}),
        ...     3: PhaseState(number=3, glijbaan={"a": 3, "b": 2})})
        >>> levels, moves = glijbaan_moves(s)
        >>> dict(levels[3]), dict(moves)
        ({3: 1, 2: 1}, {'down': 1, 'same': 1})
    """
    levels: dict[int, Counter[int]] = {}
    path: dict[str, list[int]] = {}
    for number in sorted(state.phases):
        placed = state.phases[number].glijbaan
        if placed:
            levels[number] = Counter(placed.values())
        for person, level in placed.items():
            path.setdefault(person, []).append(level)
    moves: Counter[str] = Counter()
    for steps in path.values():
        first, last = steps[0], steps[-1]
        moves["down" if last > first else "up" if last < first else "same"] += 1
    return levels, moves


AgreementStatus = Literal["made", "open", "kept", "broken"]

#: How an owned intervention's status reads as an agreement; any other status is ``open``.
_INTERVENTION_AGREEMENT: dict[str, AgreementStatus] = {"implemented": "kept", "stopped": "broken"}


@dataclass(frozen=True)
class Agreement:
    """An agreement made in the journey and whether it was kept.

    ``kind`` is ``document`` (an approved or signed result), ``decision`` (a consent round) or
    ``intervention`` (an owner committed to carry it out). ``status``: ``made`` (approved or
    decided), ``open`` (not everyone approved yet, or still being carried out), ``kept``
    (carried out) or ``broken`` (stopped).
    """

    kind: Literal["document", "decision", "intervention"]
    key: str
    phase: int
    parties: tuple[str, ...]
    status: AgreementStatus


def first_phase_of(method: Method, results: dict[int, dict[str, Any]]) -> dict[str, int]:
    """The phase in which each intervention id first appears in a result."""
    first: dict[str, int] = {}
    for phase in method.phases:
        for f in phase.result.fields:
            if f.kind != "interventions":
                continue
            for item in results.get(phase.number, {}).get(f.key) or []:
                if isinstance(item, dict) and "id" in item:
                    first.setdefault(item["id"], phase.number)
    return first


def agreements(
    method: Method,
    state: JourneyState,
    results: dict[int, dict[str, Any]],
    interventions: Iterable[Intervention],
) -> list[Agreement]:
    """Approved documents, consent decisions and owned interventions, in phase order."""
    out: list[Agreement] = []
    for phase in method.phases:
        spec, result = phase.result, results.get(phase.number, {})
        if spec.approval_field and (
            result.get(spec.approvers_field or "") or result.get(spec.approval_field)
        ):
            approvals = result.get(spec.approval_field) or {}
            parties = tuple(
                dict.fromkeys([*(result.get(spec.approvers_field or "") or []), *approvals])
            )
            done = all(approvals.get(p) for p in parties)
            out.append(
                Agreement("document", spec.key, phase.number, parties, "made" if done else "open")
            )
        for run in state.runs_of(phase.number):
            plugin = registry.get("canvas_kinds", run.canvas)
            decided = plugin.obj.decision(run) if plugin is not None else None
            if decided is not None:
                people, status = decided
                out.append(Agreement("decision", run.id, phase.number, people, status))
    first = first_phase_of(method, results)
    for iv in interventions:
        if not iv.owner:
            continue
        status = _INTERVENTION_AGREEMENT.get(iv.status, "open")
        parties = tuple(dict.fromkeys([iv.owner, *iv.organisations]))
        out.append(Agreement("intervention", iv.id, first.get(iv.id, 0), parties, status))
    return out
