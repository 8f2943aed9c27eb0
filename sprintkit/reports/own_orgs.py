"""The own organisations of a training's people, as a report shows them.

In a training each person on the roster has their real organisation (free text) and its kind.
A report names the organisation as typed (spellings that differ only in case, accents or
spaces are one organisation). An anonymised report shows only the kind ("Gemeente (naam
verborgen)"): in a small training the name of someone's organisation would point at them.
"""

from __future__ import annotations

import re

from ..engine.roster import normalise, resolve
from ..i18n import capitalised
from ..model.state import PersonState
from .context import ReportContext

__all__ = ["OwnOrgs"]

#: Words of organisation names that say what kind it is, not which one (kept when anonymised).
_GENERIC = frozenset(
    "gemeente politie basisteam team stichting woonstichting woningcorporatie welzijn "
    "welzijnsstichting jongerenwerk wijkteam regio afdeling district eenheid bureau "
    "openbaar ministerie parket reclassering brandweer zorg".split()
)


class OwnOrgs:
    """Own organisation labels for the people of one report."""

    def __init__(self, ctx: ReportContext):
        self.ctx = ctx
        self.roster = ctx.state.roster
        self._labels: dict[str, str] = {}

    def person(self, ident: str | None) -> PersonState | None:
        """The roster person an id or typed author means."""
        found = resolve(self.roster, ident) if ident else None
        return self.roster.get(found) if found else None

    def kind(self, person: PersonState) -> str:
        """The kind of the person's own organisation, worded."""
        return self.ctx.s_any(f"org_kind.{person.own_kind or 'other'}")

    def label(self, person: PersonState) -> str:
        """The person's own organisation as the report shows it."""
        if self.ctx.anonymise or not person.own_organisation:
            kind = self.kind(person)
            kind = capitalised(kind)
            return self.ctx.s("coop.hidden_org", kind=kind) if self.ctx.anonymise else kind
        text = person.own_organisation
        return self._labels.setdefault(normalise(text), text)

    def of(self, ident: str) -> str:
        """The own organisation label of a roster id (the id's name when it has none)."""
        person = self.roster.get(ident)
        return self.label(person) if person is not None else self.ctx.names.person(ident)

    def scrub(self, text: str) -> str:
        """Typed text with the own organisations' names hidden (only when anonymised).

        The whole name first, then each word of it that names *which* organisation
        ("Kantelhof", "Dorrestede") rather than what kind ("Gemeente", "Stichting").
        """
        if not self.ctx.anonymise:
            return text
        hidden = self.ctx.s("coop.org_removed")  # what a name becomes ("[organisatie]")
        names = {p.own_organisation for p in self.roster.values() if p.own_organisation}
        for name in sorted(names, key=len, reverse=True):
            text = re.sub(re.escape(name), hidden, text, flags=re.IGNORECASE)
        words = {
            w
            for name in names
            for w in re.findall(r"[\w'-]{4,}", name)
            if normalise(w) not in _GENERIC
        }
        for word in sorted(words, key=len, reverse=True):
            text = re.sub(rf"\b{re.escape(word)}\b", hidden, text, flags=re.IGNORECASE)
        return text

    def who(self, author: str | None) -> str:
        """Who wrote something: name (or pseudonym) and own organisation."""
        person = self.person(author)
        if person is None:
            return self.ctx.names.person(author)
        name = self.ctx.names.person(person.id)
        return f"{name}, {self.label(person)}" if person.trainee else name
