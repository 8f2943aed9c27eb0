"""The built-in cases are fiction, and stay fiction.

Each case's proper names are listed here: the people (actors, the working group's substitutes
and the training day's trainees), the organisations and the streets and places the case models.
A new name in a case fails the first tests until it is added here, which is the moment to check
that it is invented. No person may appear in two cases, no two people anywhere share a surname
(or one that reads as the same family: Jansen and Janssen, Bos and Bosch), and the details that
matched the real neighbourhood called Molenwijk (its bordering street, its shopping centre, its
ten-storey flats over storage units and its late-1960s build) appear nowhere in the cases,
notebooks, docs or README.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sprintkit._fold import fold
from sprintkit.loading import load_casus
from sprintkit.model import Casus

ROOT = Path(__file__).resolve().parent.parent

#: every proper name a case uses, by kind
NAMES: dict[str, dict[str, set[str]]] = {
    "molenwijk": {
        "people": {
            "Ria Brouwer", "Samir El Amrani", "Jolanda Verbeek", "Henk Dijkstra", "Kemal Aydın",
            "Dani", "Noor", "Jay", "Marco", "Anouk Verhoeven", "Bram Koster", "Fatma Yıldız",
            "Esther de Wit", "Rutger Bos", "Marjolein Kuiper", "Frank van der Linde",
            "Lieke Evers", "Erik Janssen", "Sandra Mulder", "Tom Hendriks", "Petra Smit",
            "Wim Bakker", "Linda Vos", "Rachid Benali", "Annemiek Post", "Iris Verkerk",
            "Joost Lammers",
            # the training day's invented trainees
            "Ilona Verbrugge", "Thijs Wagenaar", "Nadia Boukhari", "Gert-Jan Pelgrim",
            "Sevda Korkmaz", "Ruud Hoogeveen", "Mieke Stoffels", "Jesse Kamerling",
        },
        "own_organisations": {
            "Gemeente Dorrestede", "Politie, basisteam Hoogvaart", "Woonstichting Kantelhof",
            "Welzijnsstichting Spoorzicht", "Jongerenwerk Brughaven",
        },
        "organisations": {
            "Gemeente Veenstede", "Politie, basisteam Veenstede",
            "Openbaar Ministerie, parket Veenland", "Woonstichting Korenland",
            "Welzijn Veenstede", "Stichting Jongerenwerk Veenstede",
            "Bewonersvereniging Molenwijk Vooruit", "Ondernemersvereniging Zwichtplein",
            "Basisschool De Zaaier", "Veenstede College", "Reclassering, regio Veenland",
            "GGZ Veenland, wijkteam Oost", "Zorg- en Veiligheidshuis Veenland", "Bureau Samenspel",
        },
        "places": {
            "Veenstede", "Veenland", "Graanlaan", "Gerstweg", "Kapstraat", "Zwichtplein",
            "Roedehof", "Maalderspad", "Vangstraat", "Spoordijk", "Roedeflats",
            "Spoordijktunnel", "Molenpark", "De Korenschoof", "De Korrel", "De Kap", "Plek 14",
        },
    },
    "nachtkwartier": {
        "people": {
            "Marloes Tiemens", "Hendrik-Jan Oosterbeek", "Ramon Stuivenberg", "Soufiane Azzouzi",
            "Gerrit Wolters", "Dewi Kartosen", "Joost Harmsen", "Murat Çelik",
            "Annelies van Dorp", "Peter Hulshof", "Truus Bakels", "Bert Lankhorst",
            "Kees Dijkhuis", "Lotte Vermeulen", "Sanne Roelofs", "Noor Lagerweij",
            # substitutes in the working group
            "Ilse de Waal", "Jeroen Timmer", "Fatma Doğan", "Rick Veldman", "Yvonne Mertens",
            "Emre Kaplan", "Wouter Brink", "Mirjam Groenewoud", "Hans Oudshoorn",
        },
        "organisations": {
            "Gemeente Ravenswaarde", "Politie, basisteam Waardenstreek",
            "KHN afdeling Ravenswaarde", "Club De Gistkelder", "Café De Zwarte Raaf",
            "Snackbar De Nachtuil", "Restaurant Lindenhof",
            "Brandweer Waardenstreek, kazerne Ravenswaarde",
            "Openbaar Ministerie, parket Waardenstreek", "Taxicentrale Ravenswaarde",
            "Bewonersvereniging Binnenstad Ravenswaarde", "Verslavingszorg Waardenstreek",
            "Stichting Jongerenwerk Ravenswaarde", "Bureau Tussenruimte",
        },
        "places": {
            "Ravenswaarde", "Waardenstreek", "Nachtkwartier", "Schippersplein", "Brouwersgang",
            "Tolhekstraat", "Lindenkade", "Brouwershof", "Café 't Hoekje", "Bistro Kade Twaalf",
        },
    },
}  # fmt: skip

#: details of the real Molenwijk (Amsterdam-Noord) and its surroundings that the training case
#: used to share or must not borrow: streets, the shopping centre, buildings, the plan's name,
#: the corporation's neighbourhood role, the flats' height and the build period
REAL: tuple[str, ...] = (
    "Stellingweg",
    "Stellingtunnel",
    "De Wieken",
    "Wieken",
    "Molenwiekenplan",
    "Molenaarsweg",
    "Oostzanerwerf",
    "Oostzanerdijk",
    "Kermisbuurt",
    "Walvisbuurt",
    "Walmolen",
    "Molenmeester",
    "Twiske",
    "Amsterdam-Noord",
    "tien hoog",
    "tien verdiepingen",
    "ten-storey",
    "ten storeys",
    "eind jaren zestig",
    "late 1960s",
)

#: well-known real officials whose names a training case must not borrow
OFFICIALS: tuple[str, ...] = (
    "Femke Halsema",
    "Ahmed Aboutaleb",
    "Carola Schouten",
    "Sharon Dijksma",
    "Jan van Zanen",
    "Dilan Yeşilgöz",
    "Hubert Bruls",
    "Janine Kemp",
    "Maxime Verhagen",
)

#: the folders and files a person reads: the cases with their demo input, notebooks, docs, README
READ_BY_PEOPLE = [ROOT / "casus", ROOT / "notebooks", ROOT / "docs", ROOT / "README.md"]


def _substitutes(casus: Casus) -> set[str]:
    """The substitutes' names: a substitute is written "Name (role)"."""
    group = casus.working_group
    subs = [seat.substitute for seat in group.members if seat.substitute] if group else []
    return {s.split(" (")[0].strip() for s in subs}


def _people(casus: Casus) -> set[str]:
    return {a.name for a in casus.actors} | _substitutes(casus) | _trainees(casus)


def _trainees(casus: Casus) -> set[str]:
    """The invented trainees of the case's training day (``training.yaml``)."""
    return {p.name for p in casus.training.trainees} if casus.training else set()


def _text(casus_id: str) -> str:
    folder = ROOT / "casus" / casus_id
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.yaml")))


def _files() -> list[Path]:
    out: list[Path] = []
    for place in READ_BY_PEOPLE:
        paths = [place] if place.is_file() else sorted(place.rglob("*"))
        out += [p for p in paths if p.is_file() and p.suffix in {".md", ".yaml", ".ipynb"}]
    return out


@pytest.mark.parametrize("casus_id", sorted(NAMES))
def test_the_listed_people_and_organisations_are_the_cases(casus_id):
    casus = load_casus(casus_id)
    assert _people(casus) == NAMES[casus_id]["people"]
    assert {o.name for o in casus.organisations} == NAMES[casus_id]["organisations"]


@pytest.mark.parametrize("casus_id", sorted(NAMES))
def test_the_listed_places_are_the_ones_the_case_uses(casus_id):
    casus = load_casus(casus_id)
    places = NAMES[casus_id]["places"]
    assert set(casus.area.streets) <= places and casus.area.municipality in places
    text = _text(casus_id)
    unused = sorted(p for p in places if p not in text)
    assert unused == []


def test_no_person_appears_in_two_cases():
    ids = sorted(NAMES)
    seen: dict[str, str] = {}
    for casus_id in ids:
        for name in _people(load_casus(casus_id)):
            key = fold(name).casefold()
            assert key not in seen, f"{name} is in {seen.get(key)} and {casus_id}"
            seen[key] = casus_id
    assert len(seen) == sum(len(NAMES[c]["people"]) for c in ids)


#: the parts of a surname that are not the family's own word: Dutch tussenvoegsels ("van der
#: Linde" files under "Linde") and the Arabic article ("El Amrani" under "Amrani")
TUSSENVOEGSELS = frozenset({"van", "de", "der", "den", "het", "ter", "ten", "te", "in", "op", "'t"})
ARTICLES = frozenset({"el", "al"})


def surname(name: str) -> str | None:
    """The family's own word of a full name, without tussenvoegsel; ``None`` for a first name.

    Examples: "Frank van der Linde" -> "Linde", "Samir El Amrani" -> "Amrani",
    "Hendrik-Jan Oosterbeek" -> "Oosterbeek", "Dani" -> None.
    """
    rest = name.split()[1:]
    while len(rest) > 1 and rest[0].casefold() in TUSSENVOEGSELS | ARTICLES:
        rest = rest[1:]
    return " ".join(rest) or None


def family(name: str) -> str:
    """A surname as it sounds: Jansen and Janssen, Bos and Bosch, Kuiper and Kuipers are one."""
    key = re.sub(r"[^a-z]", "", fold(name).casefold())
    key = re.sub(r"sch$", "s", re.sub(r"sen$", "s", key))
    return re.sub(r"(.)\1", r"\1", key).rstrip("s")


def test_the_surname_helpers_strip_tussenvoegsels_and_see_spelling_variants():
    assert surname("Frank van der Linde") == "Linde" and surname("Esther de Wit") == "Wit"
    assert surname("Samir El Amrani") == "Amrani" and surname("Dani") is None
    assert surname("Hendrik-Jan Oosterbeek") == "Oosterbeek"
    assert family("Jansen") == family("Janssen") and family("Bos") == family("Bosch")
    assert family("Kuiper") == family("Kuipers") and family("Hendriks") == family("Hendriksen")
    assert family("Yıldız") == family("Yildiz") and family("Smit") != family("Smeets")


def test_no_two_people_in_any_case_share_a_surname():
    """A trainee who meets 'Brouwer' in two cases wonders whether it is the same family."""
    seen: dict[str, str] = {}
    clashes = []
    for casus_id in sorted(NAMES):
        for name in sorted(_people(load_casus(casus_id))):
            last = surname(name)
            if last is None:
                continue
            key = family(last)
            if key in seen:
                clashes.append(f"{name} ({casus_id}) and {seen[key]}")
            seen[key] = f"{name} ({casus_id})"
    assert clashes == []
    assert len(seen) > 50  # every person with a surname was looked at


def test_no_organisation_or_place_appears_in_two_cases():
    a, b = (
        NAMES[c]["organisations"] | NAMES[c]["places"] | NAMES[c].get("own_organisations", set())
        for c in sorted(NAMES)
    )
    assert a & b == set()


@pytest.mark.parametrize("casus_id", sorted(NAMES))
def test_the_trainees_own_organisations_are_listed_and_not_the_cases(casus_id):
    casus = load_casus(casus_id)
    own = {p.own_organisation for p in casus.training.trainees} if casus.training else set()
    assert own == NAMES[casus_id].get("own_organisations", set())
    assert not own & ({o.name for o in casus.organisations} | NAMES[casus_id]["places"])


def test_no_case_borrows_a_well_known_officials_name_or_surname():
    people = {n for c in NAMES for n in _people(load_casus(c))}
    assert {fold(n).casefold() for n in people}.isdisjoint(fold(n).casefold() for n in OFFICIALS)
    families = {family(s) for s in map(surname, people) if s}
    assert families.isdisjoint(family(surname(n) or n) for n in OFFICIALS)


@pytest.mark.parametrize("real", REAL)
def test_no_detail_of_the_real_neighbourhood_is_used(real):
    pattern = re.compile(rf"\b{re.escape(real)}\b", re.IGNORECASE)
    files = _files()
    assert len(files) > 30  # the cases, their demo input, the notebooks and the docs
    found = [str(p.relative_to(ROOT)) for p in files if pattern.search(p.read_text("utf-8"))]
    assert found == []


@pytest.mark.parametrize("casus_id", sorted(NAMES))
def test_each_case_says_resemblance_is_not_intended(casus_id):
    casus = load_casus(casus_id)
    assert casus.fictional and casus.disclaimer is not None
    assert "niet bedoeld" in casus.disclaimer.nl and "not intended" in casus.disclaimer.en


def test_the_readme_says_the_cases_are_invented():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split()).casefold()
    assert "gelijkenis met bestaande wijken, organisaties of personen is niet bedoeld" in readme
    assert "resemblance to existing neighbourhoods" in readme


def test_sprintkit_info_shows_the_disclaimer():
    from sprintkit.summary import casus_summary

    casus = load_casus("molenwijk")
    assert casus.disclaimer is not None
    assert casus.disclaimer.nl in casus_summary(casus, "nl")
    assert casus.disclaimer.en in casus_summary(casus, "en")
