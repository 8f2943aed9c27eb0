"""The KVU working group check: composition rules and the ten criteria for a good project group.

:func:`check_working_group` is pure: it reads a casus, the method's ``working_group`` rules and,
optionally, the seats, the working group's own answers on the process criteria and the
declaration of intent. Every :class:`CheckLine` says what the rule is and *why* it passes, warns
or fails, naming the people and organisations concerned. The step-2 gate of a KVU journey turns
every ``fail`` line into a gap (rule ``working_group``, see :mod:`.extension`).

Each line says what it rests on (:attr:`CheckLine.basis`): ``ccv`` for the CCV's composition
and its ten criteria, ``own`` for sprintkit's rules of thumb (the size and balance numbers,
``provenance: own`` in the method). Only CCV rules can fail; a rule of thumb at most warns, so
it never keeps step 2 from closing.

Examples:
    >>> from sprintkit.loading import load_casus, load_method
    >>> from sprintkit.model import Seat
    >>> casus = load_casus("nachtkwartier")
    >>> check = check_working_group(casus, load_method("kvu"), seats=[Seat(actor="wijkagent")])
    >>> [line.status for line in check.lines if line.key == "samenstelling:police"]
    ['pass']
    >>> "samenstelling:municipality" in [line.key for line in check.fails]
    True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from ..i18n import LANGS, Message, fmt_number, t
from ..model import Actor, Casus, Method, Organisation, Seat, Text, WorkingGroupSpec
from .ledger import held_result, kvu_state

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.view import JourneyView

__all__ = [
    "Status",
    "CheckLine",
    "WorkingGroupCheck",
    "Member",
    "MARKS",
    "check_working_group",
    "check_journey_working_group",
]

Status = Literal["pass", "warn", "fail"]
#: what a line rests on: the CCV's rules, or a rule of thumb of sprintkit's own
Basis = Literal["ccv", "own"]
MARKS: dict[str, str] = {"pass": "✔", "warn": "!", "fail": "✘"}
#: advisers and secretaries sit at the table without speaking for a party
EXEMPT_ROLES = frozenset({"adviser", "secretary"})
HORECA_SIDE = frozenset({"horeca_association", "business"})
PUBLIC_SIDE = frozenset({"municipality", "police", "fire_brigade", "public_prosecutor"})
#: process criteria a filled field of the declaration of intent already shows
EVIDENCE = {
    "gezamenlijke-aanpak": "visie_op_aanpak",
    "verantwoordelijkheden": "verantwoordelijkheden",
}
_RANK = {"none": 0, "consult": 1, "decide": 2}
#: a value rendered per language: a Text, a function of the language, or anything printable
Value = Any


@dataclass(frozen=True)
class CheckLine:
    """One line of the checklist: the rule, its status and why, in Dutch and English."""

    key: str
    status: Status
    text_nl: str
    text_en: str
    why_nl: str
    why_en: str
    basis: Basis = "ccv"

    def text(self, lang: str = "nl") -> str:
        """The rule in ``lang``."""
        return self.text_en if lang == "en" else self.text_nl

    def why(self, lang: str = "nl") -> str:
        """Why the line has its status, in ``lang``."""
        return self.why_en if lang == "en" else self.why_nl

    def gap_labels(self) -> tuple[str, str]:
        """Dutch and English labels when this line keeps step 2 from closing."""
        message = Message("werkgroep.gap", why=_Worded(self.why))
        return message.text("nl"), message.text("en")

    def render(self, lang: str = "nl") -> str:
        """The line as printed: mark, rule and why."""
        return f"{MARKS[self.status]} {self.text(lang)} — {self.why(lang)}"

    def as_dict(self, lang: str = "nl") -> dict[str, str]:
        """The line as JSON-able data in ``lang``."""
        return {
            "key": self.key,
            "status": self.status,
            "basis": self.basis,
            "text": self.text(lang),
            "why": self.why(lang),
        }


@dataclass(frozen=True)
class WorkingGroupCheck:
    """The checklist of one working group, in a fixed order."""

    lines: list[CheckLine] = field(default_factory=list)

    @property
    def fails(self) -> list[CheckLine]:
        """Lines that fail (they keep step 2 from closing)."""
        return [line for line in self.lines if line.status == "fail"]

    @property
    def warns(self) -> list[CheckLine]:
        """Lines that warn (points of attention)."""
        return [line for line in self.lines if line.status == "warn"]

    @property
    def ok(self) -> bool:
        """Whether no line fails."""
        return not self.fails

    def line(self, key: str) -> CheckLine | None:
        """The line with this key (``None`` when there is none)."""
        return next((line for line in self.lines if line.key == key), None)

    def text(self, lang: str = "nl") -> str:
        """The checklist, one line per item: ✔ / ! / ✘, the rule and the why."""
        if not self.lines:
            return t("werkgroep.empty", lang)
        return "\n".join(line.render(lang) for line in self.lines)


@dataclass(frozen=True)
class Member:
    """A seat resolved against the casus: who sits, for which kind of party, for which org."""

    seat: Seat
    actor: Actor
    organisation: Organisation | None
    kind: str | None

    @property
    def exempt(self) -> bool:
        """Advisers and secretaries are exempt from mandate, substitute and constituency rules."""
        return self.seat.role in EXEMPT_ROLES

    @property
    def party(self) -> str:
        """What the member represents: the organisation's name, else the person's own."""
        return self.organisation.name if self.organisation else self.actor.name

    @property
    def label(self) -> str:
        """The person with their organisation, e.g. ``Soufiane Azzouzi (Politie ...)``."""
        return (
            f"{self.actor.name} ({self.organisation.name})"
            if self.organisation
            else self.actor.name
        )


# -- rendering helpers ------------------------------------------------------------------------
@dataclass(frozen=True)
class _Worded:
    """A text computed per language, usable as a value of a :class:`Message`."""

    words: Callable[[str], str]

    def text(self, lang: str | None = None) -> str:
        return self.words(lang or "nl")


Why = str | _Worded | Message


def _render(value: Value, lang: str) -> str:
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, Message | _Worded):
        return value.text(lang)
    return str(value)


def _names(items: Iterable[str]) -> _Worded:
    """A list of names joined the way people write it: ``A, B en C`` / ``A, B and C``."""
    names = list(dict.fromkeys(items))

    def join(lang: str) -> str:
        if len(names) <= 1:
            return "".join(names)
        return ", ".join(names[:-1]) + t("werkgroep.and", lang) + names[-1]

    return _Worded(join)


def _msg(key: str, **values: Value) -> Message:
    """A ``werkgroep.*`` message; its values are worded in the language it is shown in."""
    return Message(f"werkgroep.{key}", **values)


def _join(*parts: Message | None) -> _Worded:
    return _Worded(lambda lang: " ".join(part.text(lang) for part in parts if part is not None))


def _line(
    key: str, rule: Value, status: Status, why: Why, *, basis: Basis = "ccv", **values: Value
) -> CheckLine:
    """A line; ``why`` is a message key under ``werkgroep.why.`` or a function of the language.

    A line resting on a rule of thumb (``basis="own"``) never fails: it warns.
    """
    text = _msg(f"why.{why}", **values) if isinstance(why, str) else why
    if basis == "own" and status == "fail":
        status = "warn"
    nl, en = LANGS
    return CheckLine(
        key,
        status,
        _render(rule, nl),
        _render(rule, en),
        _render(text, nl),
        _render(text, en),
        basis,
    )


def _basis(provenance: str) -> Basis:
    """The basis of a rule from the method's ``provenance`` of it (only ``source`` is CCV)."""
    return "ccv" if provenance == "source" else "own"


# -- resolving seats --------------------------------------------------------------------------
@dataclass(frozen=True)
class _Context:
    casus: Casus
    method: Method
    spec: WorkingGroupSpec
    seat_count: int
    members: list[Member]
    unknown: list[str]
    confirmations: Mapping[str, Mapping[str, Any]]
    declaration: Mapping[str, Any]

    @property
    def voting(self) -> list[Member]:
        """Members bound by the mandate, substitute and constituency rules."""
        return [m for m in self.members if not m.exempt]


def _resolve(casus: Casus, seats: list[Seat]) -> tuple[list[Member], list[str]]:
    actors = {a.id: a for a in casus.actors}
    orgs = {o.id: o for o in casus.organisations}
    members, unknown = [], []
    for seat in seats:
        actor = actors.get(seat.actor)
        if actor is None:
            unknown.append(seat.actor)
            continue
        org = orgs.get(actor.organisation) if actor.organisation else None
        kind = seat.seat or (org.kind.value if org else None)
        members.append(Member(seat, actor, org, kind))
    return members, unknown


def check_working_group(
    casus: Casus,
    method: Method,
    *,
    seats: list[Seat] | None = None,
    confirmations: Mapping[str, Mapping[str, Any]] | None = None,
    declaration: Mapping[str, Any] | None = None,
) -> WorkingGroupCheck:
    """Check a KVU working group against the method's composition rules and ten criteria.

    Args:
        casus: The casus; its ``working_group`` gives the project leader and default seats.
        method: The method; without ``working_group`` rules the check is empty.
        seats: The seats to check (default: ``casus.working_group.members``).
        confirmations: The working group's answers on process criteria, as in the KVU ledger:
            ``{criterion: {"ok": bool, "note": str | None}}``.
        declaration: The step-2 result (declaration of intent), used as evidence.

    Returns:
        The checklist: project leader, composition per member kind, size, the ten criteria,
        and a line for seats naming no person of the casus.
    """
    spec = method.working_group
    if spec is None:
        return WorkingGroupCheck([])
    if seats is None:
        seats = list(casus.working_group.members) if casus.working_group else []
    seats = [s if isinstance(s, Seat) else Seat.model_validate(s) for s in seats]
    members, unknown = _resolve(casus, seats)
    ctx = _Context(
        casus, method, spec, len(seats), members, unknown, confirmations or {}, declaration or {}
    )
    lines = [_project_leader(ctx), *_composition(ctx), _size(ctx)]
    for criterion in spec.criteria:
        rule = _CRITERIA.get(criterion.key)
        if rule is None and criterion.check == "process":
            rule = _process
        if rule is not None:
            found = rule(ctx, criterion.key, criterion.text)
            if _basis(spec.criteria_provenance) == "own":
                found = _as_own(found)
            lines.append(found)
    lines += _balance_rules(ctx)
    if unknown:
        lines.append(_unknown(ctx))
    return WorkingGroupCheck(lines)


def _as_own(line: CheckLine) -> CheckLine:
    """A criterion line of a method whose criteria are its own: a rule of thumb, so no fail."""
    return replace(line, basis="own", status="warn" if line.status == "fail" else line.status)


# -- 1-3: project leader, composition, size ----------------------------------------------------
def _project_leader(ctx: _Context) -> CheckLine:
    key, rule, group = "projectleider", _msg("rule.projectleider"), ctx.casus.working_group
    if group is None and not ctx.members:
        return _line(key, rule, "fail", "no_group")
    if group is None or not group.project_leader:
        return _line(key, rule, "fail", "no_leader")
    actor = next((a for a in ctx.casus.actors if a.id == group.project_leader), None)
    if actor is None:
        return _line(key, rule, "fail", "leader_unknown", id=group.project_leader)
    org = next((o for o in ctx.casus.organisations if o.id == actor.organisation), None)
    values: dict[str, Value] = {"name": actor.name, "org": org.name if org else "-"}
    if org is not None and org.kind.value == "municipality":
        return _line(key, rule, "pass", "leader_municipal", **values)
    return _line(key, rule, "warn", "leader_external", **values)


def _reason(kind: str, level: str) -> Message:
    from ..i18n import catalog

    return _msg(f"reason.{kind}" if f"werkgroep.reason.{kind}" in catalog() else f"reason.{level}")


def _short(label: Text) -> _Worded:
    """A party label without its explanation in brackets, e.g. ``Gemeente``."""
    return _Worded(lambda lang: label.get(lang).split(" (")[0])


def _composition(ctx: _Context) -> list[CheckLine]:
    lines = []
    for party in ctx.spec.members:
        key, rule = f"samenstelling:{party.kind}", _msg(f"rule.{party.level}", label=party.label)
        label = _short(party.label)
        sitting = [m for m in ctx.members if m.kind == party.kind]
        regular = [m for m in sitting if not m.exempt]
        reason = _reason(party.kind, party.level)
        if party.level == "limited" and regular:
            names = _names(m.actor.name for m in regular)
            lines.append(
                _line(key, rule, "warn", "limited_member", names=names, label=label, reason=reason)
            )
        elif sitting:
            names = _names(m.actor.name for m in sitting)
            lines.append(_line(key, rule, "pass", "present", label=label, names=names))
        elif party.level == "core":
            lines.append(_line(key, rule, "fail", "core_missing", label=label))
        elif party.level == "recommended":
            lines.append(
                _line(key, rule, "warn", "recommended_missing", label=label, reason=reason)
            )
    return lines


def _size(ctx: _Context) -> CheckLine:
    size, count = ctx.spec.size, ctx.seat_count
    basis = _basis(size.provenance)
    key, rule = "grootte", _msg("rule.grootte", advised=size.advised_max, max=size.max)
    if count == 0:
        return _line(key, rule, "warn", "no_group", basis=basis)
    if count > size.max:
        return _line(key, rule, "fail", "size_too_large", basis=basis, count=count, max=size.max)
    if count > size.advised_max:
        return _line(
            key, rule, "warn", "size_large", basis=basis, count=count, advised=size.advised_max
        )
    return _line(key, rule, "pass", "size_ok", basis=basis, count=count)


# -- 4: the ten criteria -----------------------------------------------------------------------
def _decision_power(ctx: _Context, key: str, rule: Text) -> CheckLine:
    if not ctx.voting:
        return _line(key, rule, "warn", "no_group")
    highest: dict[str, int] = {}
    for m in ctx.voting:
        highest[m.party] = max(highest.get(m.party, 0), _RANK[m.actor.mandate])
    none = [party for party, rank in highest.items() if rank == 0]
    consult = [party for party, rank in highest.items() if rank == 1]
    if not none and not consult:
        return _line(key, rule, "pass", "power_ok")
    # the source allows deciding after a short round with the constituency: only "none" warns
    # (a member without any mandate fails under the mandate criterion, not twice)
    why = _join(
        _msg("why.power_none", orgs=_names(none)) if none else None,
        _msg("why.power_consult", orgs=_names(consult)) if consult else None,
    )
    return _line(key, rule, "warn" if none else "pass", why)


def _share(ctx: _Context) -> CheckLine:
    """Rule of thumb: no organisation holds more than ``max_share`` of the seats."""
    total, size = ctx.seat_count, ctx.spec.size
    pct = round(size.max_share * 100)
    key, rule, basis = "aandeel", _msg("rule.aandeel", max=pct), _basis(size.provenance)
    if not ctx.members:
        return _line(key, rule, "warn", "no_group", basis=basis)
    per_party: dict[str, int] = {}
    for m in ctx.members:
        per_party[m.party] = per_party.get(m.party, 0) + 1
    parts = [
        _msg("why.share", org=party, count=n, total=total, share=round(100 * n / total), max=pct)
        for party, n in per_party.items()
        if n / total > size.max_share
    ]
    if parts:
        return _line(key, rule, "warn", _join(*parts), basis=basis)
    return _line(key, rule, "pass", "share_ok", basis=basis, max=pct)


def _sides(ctx: _Context) -> CheckLine:
    """Rule of thumb: horeca and public seats are not further apart than ``max_ratio`` to 1."""
    size = ctx.spec.size
    ratio = fmt_number(size.max_ratio)
    key, rule, basis = "verhouding", _msg("rule.verhouding", ratio=ratio), _basis(size.provenance)
    if not ctx.members:
        return _line(key, rule, "warn", "no_group", basis=basis)
    horeca = sum(1 for m in ctx.members if m.kind in HORECA_SIDE)
    public = sum(1 for m in ctx.members if m.kind in PUBLIC_SIDE)
    if horeca > size.max_ratio * public or public > size.max_ratio * horeca:
        return _line(
            key, rule, "warn", "sides", basis=basis, horeca=horeca, public=public, ratio=ratio
        )
    return _line(key, rule, "pass", "sides_ok", basis=basis, horeca=horeca, public=public)


def _balance_rules(ctx: _Context) -> list[CheckLine]:
    """The rules of thumb that judge the balance criterion, after the criteria."""
    if not any(c.key == "evenwicht" for c in ctx.spec.criteria):
        return []
    return [_share(ctx), _sides(ctx)]


def _balance(ctx: _Context, key: str, rule: Text) -> CheckLine:
    """The CCV's balance criterion, judged with the rules of thumb (each also a line)."""
    if not ctx.members:
        return _line(key, rule, "warn", "no_group")
    answer = ctx.confirmations.get(key)
    if answer is not None:
        return _process(ctx, key, rule)
    rules = [_share(ctx), _sides(ctx)]
    flagged = [r for r in rules if r.status != "pass"]
    if flagged:
        whys = _Worded(lambda lang: " ".join(r.why(lang) for r in flagged))
        return _line(key, rule, "warn", "balance_by_rules", whys=whys)
    return _line(key, rule, "pass", "balance_ok")


def _filled(value: Any) -> bool:
    return bool(value.strip()) if isinstance(value, str) else bool(value)


def _process(ctx: _Context, key: str, rule: Text) -> CheckLine:
    answer = ctx.confirmations.get(key)
    if answer is not None:
        note = (answer.get("note") or "").strip()
        ok = answer.get("ok", True)
        why = _Worded(lambda _lang: note) if note else ("confirmed" if ok else "not_ok")
        return _line(key, rule, "pass" if ok else "warn", why)
    evidence = EVIDENCE.get(key)
    if evidence and _filled(ctx.declaration.get(evidence)):
        label = _declaration_label(ctx.method, evidence)
        return _line(key, rule, "pass", "evidence", field=label)
    return _line(key, rule, "warn", "open")


def _declaration_label(method: Method, field_key: str) -> Value:
    phase = method.phase_holding("declaration")
    if phase is not None:
        try:
            return phase.result.field(field_key).label
        except KeyError:
            pass
    return field_key


def _restaurants(ctx: _Context, key: str, rule: Text) -> CheckLine:
    """Restaurants that take part need their own seat; a restaurant merely in the area does not.

    A restaurant takes part when one of its people is a person of the casus (a candidate for
    the working group) or it is a party of the declaration of intent.
    """
    parties = {str(p) for p in ctx.declaration.get("partijen") or []}
    people = {a.organisation for a in ctx.casus.actors if a.organisation}
    restaurants = [
        o
        for o in ctx.casus.organisations
        if o.horeca == "restaurant" and (o.id in people or o.id in parties)
    ]
    if not restaurants:
        return _line(key, rule, "pass", "no_restaurants")
    ids = {o.id for o in restaurants}
    sitting = [m.label for m in ctx.members if m.organisation and m.organisation.id in ids]
    if sitting:
        return _line(key, rule, "pass", "restaurants_ok", names=_names(sitting))
    names = _names(o.name for o in restaurants)
    return _line(key, rule, "fail", "restaurants_missing", restaurants=names)


def _feedback(ctx: _Context, key: str, rule: Text) -> CheckLine:
    if not ctx.voting:
        return _line(key, rule, "warn", "no_group")
    missing = [m.label for m in ctx.voting if not (m.actor.constituency or "").strip()]
    if missing:
        return _line(key, rule, "warn", "constituency_missing", names=_names(missing))
    return _line(key, rule, "pass", "constituency_ok")


def _mandate(ctx: _Context, key: str, rule: Text) -> CheckLine:
    if not ctx.voting:
        return _line(key, rule, "warn", "no_group")
    missing = [m.label for m in ctx.voting if m.actor.mandate == "none"]
    if missing:
        return _line(key, rule, "fail", "mandate_missing", names=_names(missing))
    return _line(key, rule, "pass", "mandate_ok")


def _substitutes(ctx: _Context, key: str, rule: Text) -> CheckLine:
    missing = [m.label for m in ctx.voting if not (m.seat.substitute or "").strip()]
    if len(missing) == len(ctx.voting):
        return _line(key, rule, "fail", "substitute_none")
    if missing:
        return _line(key, rule, "warn", "substitute_some", names=_names(missing))
    return _line(key, rule, "pass", "substitute_ok")


def _unknown(ctx: _Context) -> CheckLine:
    orgs = {o.id: o.name for o in ctx.casus.organisations}
    as_org = [orgs[u] for u in ctx.unknown if u in orgs]
    others = [u for u in ctx.unknown if u not in orgs]
    why = _join(
        _msg("why.unknown", ids=_names(others)) if others else None,
        _msg("why.organisation_seat", names=_names(as_org)) if as_org else None,
    )
    return _line("onbekend", _msg("rule.onbekend"), "fail", why)


_CRITERIA: dict[str, Callable[[_Context, str, Text], CheckLine]] = {
    "beslissingsbevoegdheid": _decision_power,
    "evenwicht": _balance,
    "restaurants": _restaurants,
    "terugkoppeling": _feedback,
    "mandaat": _mandate,
    "vervanging": _substitutes,
}


# -- the check of a journey --------------------------------------------------------------------
def _journey_seats(casus: Casus, ids: list[str]) -> list[Seat]:
    """Seats for the ids in the step-2 ``werkgroep`` field, with the casus' seat info merged in.

    An organisation id stands for the casus seats of that organisation's people; an id that is
    neither stays as a seat of its own, so the check can name it.
    """
    planned = list(casus.working_group.members) if casus.working_group else []
    by_actor = {s.actor: s for s in planned}
    actors = {a.id: a for a in casus.actors}
    out: dict[str, Seat] = {}
    for ident in ids:
        if ident in actors:
            out.setdefault(ident, by_actor.get(ident) or Seat(actor=ident))
            continue
        of_org = [s for s in planned if s.actor in actors and actors[s.actor].organisation == ident]
        for seat in of_org or [Seat.model_construct(actor=ident)]:
            out.setdefault(seat.actor, seat)
    return list(out.values())


def check_journey_working_group(journey: JourneyView) -> WorkingGroupCheck:
    """The working group check of a journey.

    Seats come from the ``werkgroep`` field of the declaration of intent (the result of the step
    that ``holds: [declaration]``, step 2) (the closed result, else the
    current one) merged with the casus' seat information; without that field, the casus'
    working group. Process criteria use the working group's answers in the KVU ledger and the
    declaration of intent as evidence. Methods without working group rules give an empty check.
    """
    if journey.method.working_group is None:
        return WorkingGroupCheck([])
    declaration = held_result(journey, "declaration")
    ids = [str(i) for i in declaration.get("werkgroep") or []]
    seats = _journey_seats(journey.casus, ids) if ids else None
    return check_working_group(
        journey.casus,
        journey.method,
        seats=seats,
        confirmations=kvu_state(journey)["criteria"],
        declaration=declaration or None,
    )
