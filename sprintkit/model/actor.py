"""People and organisations in a casus, the structures they meet in, and what they tried before."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from ._base import Ident, StrictModel
from .environment import Environment

__all__ = [
    "ActorKind",
    "OrganisationKind",
    "Mandate",
    "Actor",
    "Organisation",
    "Structure",
    "PastIntervention",
    "HorecaType",
    "Seat",
    "WorkingGroup",
]


class ActorKind(StrEnum):
    """Kinds of people who take part in a wijkaanpak or KVU."""

    RESIDENT = "resident"
    ENTREPRENEUR = "entrepreneur"
    YOUTH = "youth"
    PROFESSIONAL = "professional"
    EX_OFFENDER = "ex_offender"
    OFFICIAL = "official"
    ADMINISTRATOR = "administrator"
    POLICE = "police"
    HORECA = "horeca"
    HOUSING = "housing"
    SOCIAL_WORK = "social_work"
    YOUTH_WORK = "youth_work"
    ENFORCEMENT = "enforcement"
    FACILITATOR = "facilitator"
    OTHER = "other"


class OrganisationKind(StrEnum):
    """Kinds of organisation, used for working group balance and ownership analyses."""

    MUNICIPALITY = "municipality"
    POLICE = "police"
    PUBLIC_PROSECUTOR = "public_prosecutor"
    HOUSING_CORPORATION = "housing_corporation"
    SOCIAL_WORK = "social_work"
    YOUTH_WORK = "youth_work"
    HORECA_ASSOCIATION = "horeca_association"
    BUSINESS = "business"
    RESIDENTS_ASSOCIATION = "residents_association"
    SCHOOL = "school"
    CARE = "care"
    FIRE_BRIGADE = "fire_brigade"
    PROBATION = "probation"
    TRANSPORT = "transport"
    OTHER = "other"


#: ``none``: speaks only for oneself; ``consult``: can decide after consulting the
#: constituency (achterban); ``decide``: can commit the organisation on the spot.
Mandate = Literal["none", "consult", "decide"]


class Actor(StrictModel):
    """A person (or a pseudonymous stand-in) taking part in the journey."""

    id: Ident
    name: str
    pseudonym: bool = False
    kind: ActorKind
    organisation: Ident | None = None
    role: str | None = None
    glijbaan: dict[Annotated[int, Field(ge=1)], Annotated[int, Field(ge=1, le=3)]] = {}
    mandate: Mandate = "none"
    constituency: str | None = None
    about: str | None = None


#: What kind of venue a horeca business is; restaurants need their own seat in a KVU working group.
HorecaType = Literal["cafe", "club", "restaurant", "snackbar", "hotel", "nightshop", "other"]


class Organisation(StrictModel):
    """An organisation one or more actors belong to."""

    id: Ident
    name: str
    kind: OrganisationKind
    horeca: HorecaType | None = None
    about: str | None = None


class Seat(StrictModel):
    """A seat in a KVU working group: who sits, for which party, and who stands in.

    ``seat`` names the kind of party the member sits for, as in the method's working group
    rules (``municipality``, ``police``, ``horeca_association``, ``business``, ``fire_brigade``,
    ``khn_adviser`` ...); left out, it follows the kind of the actor's organisation.
    ``substitute`` is the name (or actor id) of the well-briefed stand-in.
    """

    actor: Ident
    seat: Ident | None = None
    role: Literal["member", "chair", "adviser", "secretary"] = "member"
    substitute: str | None = None


class WorkingGroup(StrictModel):
    """The KVU working group (werkgroep) as it is, or is planned to be, composed."""

    project_leader: Ident
    members: list[Seat]


class Structure(StrictModel):
    """An existing structure: a gremium, a regular meeting or an informal network."""

    id: Ident
    name: str
    kind: Literal["gremium", "meeting", "network", "informal"]
    members: list[Ident] = []
    chair: Ident | None = None
    frequency: str | None = None
    about: str | None = None


class PastIntervention(StrictModel):
    """Something tried before in the district, for key factor 'leren van eerdere aanpakken'."""

    id: Ident
    name: str
    period: str
    environment: Environment
    organisations: list[Ident] = []
    target_group: str | None = None
    what_happened: str
    lessons: list[str] = []
    reusable: bool = False
    domains: list[Literal["safety", "social"]] = ["safety"]
