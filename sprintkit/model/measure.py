"""Common nightlife measures (maatregelen) from KVU practice and CCV material, as catalogue data.

The official KVU measure list (annex B.1 of the 2003 handbook) could not be read, so the built-in
catalogue collects measures seen in practice and in the CCV's choice guide, each with its
source. The category set is the one of the Rotterdam progress matrix; the themes are those of
the CCV Keuzewijzer plus later additions (laughing gas, weapons, undermining).
"""

from __future__ import annotations

from typing import Literal, get_args

from ._base import SCHEMA_VERSION, Slug, SourceRef, StrictModel, Text
from .actor import OrganisationKind
from .environment import Environment

__all__ = ["MeasureCategory", "MeasureTheme", "MeasureSpec", "MEASURE_CATEGORIES", "MEASURE_THEMES"]

#: Categories of the progress matrix (overlast, beheer, veiligheid, imago, overig, borging).
MeasureCategory = Literal["overlast", "beheer", "veiligheid", "imago", "overig", "borging"]
MEASURE_CATEGORIES: tuple[str, ...] = get_args(MeasureCategory)

#: Problems a measure works on.
MeasureTheme = Literal[
    "geweld",
    "overlast",
    "zakkenrollerij",
    "alcohol_drugs",
    "lachgas",
    "wapens",
    "seksuele_intimidatie",
    "ondermijning",
    "veiligheidsbeleving",
    "afval",
    "vervoer",
    "brandveiligheid",
]
MEASURE_THEMES: tuple[str, ...] = get_args(MeasureTheme)


class MeasureSpec(StrictModel):
    """A standard measure a KVU working group can choose (one file in ``workforms/maatregelen``)."""

    schema_version: Literal[1] = SCHEMA_VERSION
    id: Slug
    name: Text
    description: Text
    category: MeasureCategory
    themes: list[MeasureTheme]
    environment: Environment
    owner_type: OrganisationKind
    parties: list[OrganisationKind]
    source: SourceRef
    licence: str = "CC BY 4.0"
    #: fields that are our own reasoning rather than the source's (as in work forms)
    own_defaults: list[Literal["category", "themes", "environment", "owner_type", "parties"]] = []
