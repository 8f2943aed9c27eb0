"""Who is who in a report: real names, or pseudonyms when anonymised.

Anonymised reports use the one anonymiser of every anonymised output
(:class:`sprintkit.privacy.Anonymiser`, over the people
:func:`sprintkit.engine.anonymised.people_of` finds): ids in the author and party fields
become pseudonyms, and typed text is scrubbed of every spelling of every name (people write
"Ria stemde in", "ria's buurman", "Aydin") and of contact details. Pseudonyms are random per
report: two reports, or a report and an export, cannot be linked through them. Organisations
keep their names: they are parties, not people.

A journey's roster (the people in the room) comes first: a roster id is shown with the
roster's display name, counts with the roster's organisation (or that of the casus actor the
person plays), and roster names are scrubbed from typed text like casus actors' names.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..engine.anonymised import PERSONAL_REMOVED, anonymiser_for
from ..i18n import t
from ..model import Actor, Casus
from ..model.state import PersonState

__all__ = ["Names", "name_variants"]


def _variants(name: str, ident: str) -> list[str]:
    words = name.split()
    out = [name]
    if len(words) > 1:
        out += [words[0], " ".join(words[1:])]
        if len(words) > 2 and len(words[-1]) >= 3:
            out.append(words[-1])
    if "_" in ident or "-" in ident:
        out.append(ident)
    return list(dict.fromkeys(w for w in out if len(w) >= 2))


def name_variants(actor: Actor) -> list[str]:
    """The ways typed text may name an actor: full name, first name, surname, last word.

    Examples:
        >>> from sprintkit.model import Actor
        >>> name_variants(Actor(id="esther_de_wit", name="Esther de Wit", kind="official"))
        ['Esther de Wit', 'Esther', 'de Wit', 'Wit', 'esther_de_wit']
        >>> name_variants(Actor(id="dani", name="Dani", kind="youth"))
        ['Dani']
    """
    return _variants(actor.name, actor.id)


class Names:
    """Display names for people and parties, and a scrubber for typed text.

    Examples:
        >>> import sprintkit as sk
        >>> names = Names(sk.load_casus("molenwijk"), "j1", anonymise=True)
        >>> names.person("ria_brouwer") == names.text("Ria") == names.text("ria's")
        True
        >>> names.text("Ria stemde in; Ria Brouwers buren ook.").count("deelnemer-")
        2
        >>> names.party("gemeente_veenstede")
        'Gemeente Veenstede'
    """

    def __init__(
        self,
        casus: Casus,
        journey_id: str,
        *,
        anonymise: bool,
        lang: str = "nl",
        roster: dict[str, PersonState] | None = None,
    ):
        self.anonymise, self.lang = anonymise, lang
        self.people = {a.id: a for a in casus.actors}
        self.orgs = {o.id: o for o in casus.organisations}
        self.roster = dict(roster or {})
        # one anonymiser per report: its pseudonyms are random, stable within the report
        self._anonymiser = anonymiser_for(casus, self.roster, lang=lang) if anonymise else None

    def person(self, person_id: str | None) -> str:
        """The name of a person (a pseudonym when anonymised); ids not in the casus too."""
        if person_id is None:
            return "-"
        if self._anonymiser is not None:
            return self._anonymiser.who(person_id) or "-"
        if person_id in self.roster:
            return self.roster[person_id].name
        actor = self.people.get(person_id)
        return actor.name if actor else person_id

    def actor_of(self, person_id: str | None) -> Actor | None:
        """The casus actor a person is (by id) or plays (a roster person's ``plays``)."""
        person = self.roster.get(person_id or "")
        if person is not None and person.plays:
            return self.people.get(person.plays)
        return self.people.get(person_id or "")

    def is_free_organisation(self, party_id: str) -> bool:
        """Whether ``party_id`` is an organisation typed on the roster, not a casus one."""
        return party_id not in self.orgs and any(
            p.organisation == party_id for p in self.roster.values()
        )

    def party(self, party_id: str) -> str:
        """An organisation's name, or a person's display name."""
        org = self.orgs.get(party_id)
        if org is None and self.is_free_organisation(party_id):
            return party_id  # an organisation keeps its name, also when typed on the roster
        return org.name if org else self.person(party_id)

    def party_long(self, party_id: str) -> str:
        """A party with what it is: ``Noor (jongeren)``, ``Iris Verkerk (Gemeente Veenstede)``."""
        if party_id in self.orgs or self.is_free_organisation(party_id):
            return self.party(party_id)
        actor = self.actor_of(party_id)
        org = self.organisation_of(party_id)
        role = self.roster[party_id].role if party_id in self.roster else None
        if org is not None and (org in self.orgs or self.is_free_organisation(org)):
            what = self.party(org)
        elif actor is not None:
            what = t(f"actor_kind.{actor.kind.value}", self.lang)
        elif role:
            what = role
        else:
            return self.person(party_id)
        # "Marco, (ex-)criminelen" rather than "Marco ((ex-)criminelen)"
        return (
            f"{self.person(party_id)}, {what}"
            if what.startswith("(")
            else f"{self.person(party_id)} ({what})"
        )

    def organisation_of(self, person_id: str | None) -> str | None:
        """The organisation id of a person, if any (a party id that is an organisation: itself)."""
        if person_id in self.orgs:
            return person_id
        person = self.roster.get(person_id or "")
        if person is not None and person.organisation:
            return person.organisation
        actor = self.actor_of(person_id)
        return actor.organisation if actor else None

    def text(self, text: str) -> str:
        """Typed text, with every name a pseudonym and contact details gone when anonymised."""
        if self._anonymiser is None:
            return text
        return self._anonymiser.text(text)

    def note(self, text: str, personal: bool) -> str:
        """The text of a note; a personal note loses its text when anonymised."""
        if self.anonymise and personal:
            return PERSONAL_REMOVED
        return self.text(text)

    def all_names(self) -> Iterable[str]:
        """Every full and first name of the casus' actors and the roster (for checks)."""
        for person in self.roster.values():
            yield from _variants(person.name, person.id)[:2]
        for actor in self.people.values():
            yield from name_variants(actor)[:2]
