"""Dutch words analysts type where a file wants an English name: for "did you mean".

Two small tables, data only. :data:`FIELD_WORDS` maps a Dutch field name (``omschrijving``) to
the English fields it may mean, most likely first; :data:`VALUE_WORDS` does the same for the
values of a choice (``status: idee`` -> ``idea``). The suggestion is the first candidate that
the place actually allows, so ``woningcorporatie`` is ``housing_corporation`` on an
organisation and ``housing`` on an actor. Keys are lower case; a space, ``-`` or ``_`` in what
was typed counts as ``_`` (``ex-crimineel`` is ``ex_crimineel``).
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["FIELD_WORDS", "VALUE_WORDS", "suggest"]

FIELD_WORDS: dict[str, tuple[str, ...]] = {
    "omschrijving": ("about", "description"),
    "beschrijving": ("description", "about"),
    "toelichting": ("about", "note", "description"),
    "over": ("about",),
    "naam": ("name",),
    "titel": ("name", "title"),
    "soort": ("kind",),
    "type": ("kind",),
    "organisatie": ("organisation",),
    "organisaties": ("organisations",),
    "rol": ("role",),
    "functie": ("role",),
    "mandaat": ("mandate",),
    "achterban": ("constituency",),
    "pseudoniem": ("pseudonym",),
    "gemeente": ("municipality",),
    "inwoners": ("inhabitants",),
    "huishoudens": ("households",),
    "oppervlakte": ("area_hectares",),
    "hectare": ("area_hectares",),
    "woningen": ("housing",),
    "woningvoorraad": ("housing",),
    "straten": ("streets",),
    "voorzieningen": ("facilities",),
    "kenmerken": ("characteristics",),
    "horecazaken": ("venues",),
    "zaken": ("venues",),
    "gebied": ("area",),
    "wijk": ("area",),
    "fictief": ("fictional",),
    "verzonnen": ("fictional",),
    "methode": ("method",),
    "doel": ("purpose",),
    "gebruik": ("purpose",),
    "vrijwaring": ("disclaimer",),
    "actoren": ("actors",),
    "acteurs": ("actors",),
    "betrokkenen": ("actors",),
    "deelnemers": ("actors",),
    "indicatoren": ("indicators",),
    "interventies": ("interventions",),
    "maatregelen": ("interventions",),
    "structuren": ("structures",),
    "overleggen": ("structures",),
    "eerdere_aanpakken": ("past_interventions",),
    "eerdere_interventies": ("past_interventions",),
    "begeleiders": ("facilitators",),
    "facilitatoren": ("facilitators",),
    "werkgroep": ("working_group",),
    "omgeving": ("environment",),
    "eenheid": ("unit",),
    "beter": ("better",),
    "bron": ("source",),
    "vroeger": ("past",),
    "verleden": ("past",),
    "nu": ("present",),
    "heden": ("present",),
    "huidig": ("present",),
    "verwacht": ("expected",),
    "verwachting": ("expected",),
    "waarde": ("value",),
    "jaar": ("year",),
    "notitie": ("note",),
    "opmerking": ("note",),
    "effecten": ("effects",),
    "eigenaar": ("owner",),
    "trekker": ("owner",),
    "sinds": ("since",),
    "richting": ("sign",),
    "teken": ("sign",),
    "sterkte": ("strength",),
    "zekerheid": ("confidence",),
    "bewijs": ("evidence",),
    "onderbouwing": ("evidence",),
    "leden": ("members",),
    "voorzitter": ("chair",),
    "frequentie": ("frequency",),
    "periode": ("period",),
    "doelgroep": ("target_group",),
    "wat_er_gebeurde": ("what_happened",),
    "lessen": ("lessons",),
    "herbruikbaar": ("reusable",),
    "domeinen": ("domains",),
    "projectleider": ("project_leader",),
    "plaatsvervanger": ("substitute",),
    "zetel": ("seat",),
}

VALUE_WORDS: dict[str, tuple[str, ...]] = {
    # actor kinds
    "bewoner": ("resident",),
    "bewoners": ("resident",),
    "ondernemer": ("entrepreneur",),
    "jongere": ("youth",),
    "jongeren": ("youth",),
    "professional": ("professional",),
    "ex_crimineel": ("ex_offender",),
    "ex_gedetineerde": ("ex_offender",),
    "ambtenaar": ("official",),
    "bestuurder": ("administrator",),
    "wethouder": ("administrator",),
    "burgemeester": ("administrator",),
    "politie": ("police",),
    "wijkagent": ("police",),
    "woningcorporatie": ("housing_corporation", "housing"),
    "corporatie": ("housing_corporation", "housing"),
    "opbouwwerk": ("social_work",),
    "welzijn": ("social_work",),
    "maatschappelijk_werk": ("social_work",),
    "jongerenwerk": ("youth_work",),
    "jongerenwerker": ("youth_work",),
    "boa": ("enforcement",),
    "handhaving": ("enforcement",),
    "begeleider": ("facilitator",),
    "overig": ("other",),
    "anders": ("other",),
    # organisation kinds
    "gemeente": ("municipality",),
    "om": ("public_prosecutor",),
    "openbaar_ministerie": ("public_prosecutor",),
    "horeca_nederland": ("horeca_association",),
    "khn": ("horeca_association",),
    "bedrijf": ("business",),
    "winkel": ("business",),
    "bewonersvereniging": ("residents_association",),
    "bewonersorganisatie": ("residents_association",),
    "school": ("school",),
    "zorg": ("care",),
    "brandweer": ("fire_brigade",),
    "reclassering": ("probation",),
    "vervoer": ("transport",),
    # environments
    "sociaal": ("social",),
    "sociale": ("social",),
    "fysiek": ("physical",),
    "fysieke": ("physical",),
    "institutioneel": ("institutional",),
    "institutionele": ("institutional",),
    "crimineel": ("criminal",),
    "criminele": ("criminal",),
    # effects, indicators
    "positief": ("positive",),
    "negatief": ("negative",),
    "hoger": ("higher",),
    "lager": ("lower",),
    # intervention status
    "bekend": ("known",),
    "bestaand": ("known",),
    "idee": ("idea",),
    "prototype": ("prototype",),
    "getest": ("tested",),
    "uitgevoerd": ("implemented",),
    "ingevoerd": ("implemented",),
    "gestopt": ("stopped",),
    # mandate
    "geen": ("none",),
    "overleggen": ("consult",),
    "ruggespraak": ("consult",),
    "beslissen": ("decide",),
    "besluiten": ("decide",),
    # structures, past interventions
    "overleg": ("meeting",),
    "netwerk": ("network",),
    "informeel": ("informal",),
    "veiligheid": ("safety",),
    # area
    "wijk": ("district",),
    "uitgaansgebied": ("nightlife_area",),
    "centrum": ("town_centre",),
    "binnenstad": ("town_centre",),
    # purpose of a casus
    "training": ("training",),
    "oefening": ("training",),
    "praktijk": ("practice",),
    "echt": ("practice",),
}


def _norm(word: str) -> str:
    return "_".join(str(word).strip().lower().replace("-", " ").replace("_", " ").split())


def suggest(word: str, table: dict[str, tuple[str, ...]], allowed: Iterable[str]) -> str | None:
    """The first English name ``word`` may mean that ``allowed`` holds, or ``None``.

    Examples:
        >>> suggest("Woningcorporatie", VALUE_WORDS, ["municipality", "housing_corporation"])
        'housing_corporation'
        >>> suggest("woningcorporatie", VALUE_WORDS, ["resident", "housing"])
        'housing'
        >>> suggest("omschrijving", FIELD_WORDS, ["id", "name", "kind", "about"])
        'about'
        >>> suggest("fiets", FIELD_WORDS, ["name"]) is None
        True
    """
    options = set(allowed)
    for candidate in table.get(_norm(word), ()):
        if candidate in options:
            return candidate
    return None
