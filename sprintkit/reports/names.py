"""Who is who in a report: real names, or the journey's stable pseudonyms when anonymised.

Anonymised reports use the same pseudonyms as an anonymised journey export
(:func:`sprintkit.engine.exchange.pseudonym`), so a report and an export of the same journey
can be read side by side. Besides ids in the author and party fields, typed text is scrubbed
of every actor's full name, first name and surname (people write "Ria stemde in", not
"Ria Brouwer stemde in"). Organisations keep their names: they are parties, not people.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..engine.exchange import PERSONAL_REMOVED, pseudonym
from ..i18n import t
from ..model import Actor, Casus

__all__ = ["Names", "name_variants"]


def name_variants(actor: Actor) -> list[str]:
    """The ways typed text may name an actor: full name, first name, surname, last word.

    Examples:
        >>> from sprintkit.model import Actor
        >>> name_variants(Actor(id="esther_de_wit", name="Esther de Wit", kind="official"))
        ['Esther de Wit', 'Esther', 'de Wit', 'Wit', 'esther_de_wit']
        >>> name_variants(Actor(id="dani", name="Dani", kind="youth"))
        ['Dani']
    """
    words = actor.name.split()
    out = [actor.name]
    if len(words) > 1:
        out += [words[0], " ".join(words[1:])]
        if len(words) > 2 and len(words[-1]) >= 3:
            out.append(words[-1])
    if "_" in actor.id:
        out.append(actor.id)
    return list(dict.fromkeys(w for w in out if len(w) >= 2))


class Names:
    """Display names for people and parties, and a scrubber for typed text.

    Examples:
        >>> import sprintkit as sk
        >>> names = Names(sk.load_casus("molenwijk"), "j1", anonymise=True)
        >>> names.person("ria_brouwer") == names.text("Ria")
        True
        >>> names.text("Ria stemde in; Ria Brouwers buren ook.").count("deelnemer-")
        2
        >>> names.party("gemeente_veenstede")
        'Gemeente Veenstede'
    """

    def __init__(self, casus: Casus, journey_id: str, *, anonymise: bool, lang: str = "nl"):
        self.anonymise, self.lang, self._salt = anonymise, lang, journey_id
        self.people = {a.id: a for a in casus.actors}
        self.orgs = {o.id: o for o in casus.organisations}
        by_variant: dict[str, str] = {}
        for actor in casus.actors:
            for variant in name_variants(actor):
                by_variant.setdefault(variant, actor.id)
        self._by_variant = by_variant
        words = sorted(by_variant, key=len, reverse=True)
        alternatives = "|".join(re.escape(w) for w in words)
        self._pattern = (
            re.compile(rf"(?<![\w-])(?:{alternatives})(?:'s|s)?(?!\w)") if words else None
        )

    def person(self, person_id: str | None) -> str:
        """The name of a person (a pseudonym when anonymised); ids not in the casus too."""
        if person_id is None:
            return "-"
        if self.anonymise:
            return pseudonym(self._salt, person_id)
        actor = self.people.get(person_id)
        return actor.name if actor else person_id

    def party(self, party_id: str) -> str:
        """An organisation's name, or a person's display name."""
        org = self.orgs.get(party_id)
        return org.name if org else self.person(party_id)

    def party_long(self, party_id: str) -> str:
        """A party with what it is: ``Noor (jongeren)``, ``Iris Verkerk (Gemeente Veenstede)``."""
        if party_id in self.orgs:
            return self.orgs[party_id].name
        actor = self.people.get(party_id)
        if actor is None:
            return self.person(party_id)
        org = self.orgs.get(actor.organisation or "")
        what = org.name if org else t(f"actor_kind.{actor.kind.value}", self.lang)
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
        actor = self.people.get(person_id or "")
        return actor.organisation if actor else None

    def text(self, text: str) -> str:
        """Typed text, with every actor's name replaced by a pseudonym when anonymised."""
        if not self.anonymise or self._pattern is None:
            return text
        return self._pattern.sub(self._replace, text)

    def note(self, text: str, personal: bool) -> str:
        """The text of a note; a personal note loses its text when anonymised."""
        if self.anonymise and personal:
            return PERSONAL_REMOVED
        return self.text(text)

    def _replace(self, match: re.Match[str]) -> str:
        found = match.group(0)
        for suffix in ("'s", "s", ""):
            if suffix and found.endswith(suffix) and found[: -len(suffix)] in self._by_variant:
                return self.person(self._by_variant[found[: -len(suffix)]])
        return self.person(self._by_variant.get(found, found))

    def all_names(self) -> Iterable[str]:
        """Every full and first name of the casus' actors (for checks)."""
        for actor in self.people.values():
            yield from name_variants(actor)[:2]
