"""Dutch words the anonymiser needs: tussenvoegsels, cues before a name, ordinary words.

All in folded lower case (no accents), as :func:`sprintkit.privacy.anonymise.name_tokens`
gives them.
"""

from __future__ import annotations

__all__ = ["PARTICLES", "CUES", "ABBREVIATIONS", "DETERMINERS", "COMMON_WORDS"]

#: tussenvoegsels and their foreign kin: part of a surname, never a name on their own
PARTICLES = frozenset(
    "van de der den het t s ter ten te in op aan uit vande vander von zu el al la le du da di"
    " dos das del della lo bin ibn".split()
)

#: abbreviated forms of address, written with a full stop ("mevr. Jansen")
ABBREVIATIONS = frozenset("mevr mw mr dhr hr drs ir dr ing".split())

#: words after which a capitalised word is a person's name ("buurman Gerrit")
CUES = ABBREVIATIONS | frozenset(
    """meneer mevrouw heer juf juffrouw meester buurman buurvrouw buurjongen buurmeisje oom
    tante opa oma zoon zoontje dochter dochtertje broer broertje zus zusje neef nicht vriend
    vriendje vriendin vriendinnetje collega wijkagent agent mentor leraar lerares
    zwager schoonzus schoonmoeder schoonvader stiefvader stiefmoeder vader moeder man vrouw
    partner""".split()
)

#: articles and other words that make the next word a noun ("de post", "een roos")
DETERMINERS = frozenset(
    "de het een die deze dat dit geen elke iedere ieder welke mijn jouw zijn haar onze ons"
    " hun jullie uw wat veel weinig".split()
)

#: ordinary Dutch words that are also first names or surnames: only capitalised (and not
#: after a lower-case article) do they count as a name
COMMON_WORDS = frozenset(
    """roos bas mark storm berk linde iris hoek haan vos bos post smit wit zwart bakker
    mulder koster kuiper visser molenaar schilder timmerman brouwer brink dekker meijer meier
    jong groot klein kok koning prins keizer paus hof boer vink mees kraai raaf specht valk
    zwaan duif uil beer wolf leeuw das haas kat hond snoek baars karper berg dijk beek dam
    veld bosch heuvel akker kamp weide wei waal rijn maas lente zomer winter herfst mei juni
    juli mars venus sterk vroom blij goed lief rood bruin groen geel grijs blauw hart hand
    voet kop arm been oog oor lot hoop geluk vrede fleur bloem lelie tulp anjer rob job eef
    kerk school markt plein straat weg laan park""".split()
)
