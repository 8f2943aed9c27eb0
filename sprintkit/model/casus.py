"""A casus: a (usually fictional) district or nightlife area with its people and facts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, model_validator
from pydantic_core import PydanticCustomError

from ._base import SCHEMA_VERSION, Ident, Slug, StrictModel, Text
from .actor import Actor, Organisation, PastIntervention, Structure, WorkingGroup
from .demo import DemoNote, DemoRun
from .environment import Indicator, Intervention
from .training import TrainingDay
from .workform import WorkFormSpec

__all__ = [
    "HousingMix",
    "AreaProfile",
    "DemoNote",
    "DemoRun",
    "DemoCommand",
    "DemoPhase",
    "Casus",
]


class HousingMix(StrictModel):
    """Shares of the housing stock, in percent."""

    social_rent: Annotated[float, Field(ge=0, le=100)]
    private_rent: Annotated[float, Field(ge=0, le=100)]
    owner_occupied: Annotated[float, Field(ge=0, le=100)]

    @model_validator(mode="after")
    def _sums_to_100(self) -> HousingMix:
        total = self.social_rent + self.private_rent + self.owner_occupied
        if abs(total - 100) > 1:
            raise PydanticCustomError(
                "housing_sum",
                "housing shares must add up to 100 (got: {total})",
                {"total": f"{total:g}"},
            )
        return self


class AreaProfile(StrictModel):
    """What the district or nightlife area looks like."""

    municipality: str
    kind: Literal["district", "nightlife_area", "town_centre"] = "district"
    inhabitants: Annotated[int, Field(ge=0)]
    households: Annotated[int, Field(ge=0)] | None = None
    area_hectares: Annotated[float, Field(gt=0)] | None = None
    housing: HousingMix | None = None
    venues: Annotated[int, Field(ge=0)] | None = None
    streets: list[str] = []
    facilities: list[str] = []
    characteristics: list[str] = []


class DemoCommand(StrictModel):
    """A method-specific journey command in demo input (KVU scores, measurements, measures).

    ``command`` is the event kind (e.g. ``success_factor_scored``); the rest is its payload,
    checked by the same rules as a command typed in the room.
    """

    command: Ident
    author: Ident | None = None
    payload: dict[str, Any] = {}


class DemoPhase(StrictModel):
    """Pre-filled input for one phase, so a training can start at any sprint."""

    schema_version: Literal[1] = SCHEMA_VERSION
    phase: Annotated[int, Field(ge=1)]
    runs: list[DemoRun] = []
    key_factor_notes: dict[Ident, str] = {}
    glijbaan: dict[Ident, Annotated[int, Field(ge=1, le=3)]] = {}
    commands: list[DemoCommand] = []
    result: dict[Ident, Any]


class Casus(StrictModel):
    """A case: the area, its actors and organisations, indicators and interventions."""

    schema_version: Literal[1] = SCHEMA_VERSION
    id: Slug
    name: str
    fictional: bool
    method: Slug
    description: Text
    #: for a fictional case: that people, places and organisations are made up and that
    #: resemblance to real ones is not intended (``sprintkit info`` shows it)
    disclaimer: Text | None = None
    #: ``training``: a case to learn the method with (it must be ``fictional``); ``practice``: a
    #: real district or area. Left out, a case with demo input counts as training.
    purpose: Literal["training", "practice"] | None = None
    area: AreaProfile
    organisations: list[Organisation] = []
    actors: list[Actor] = []
    indicators: list[Indicator] = []
    interventions: list[Intervention] = []
    structures: list[Structure] = []
    past_interventions: list[PastIntervention] = []
    facilitators: list[Ident] = []
    working_group: WorkingGroup | None = None
    local_workforms: list[WorkFormSpec] = []
    demo: dict[int, DemoPhase] = {}
    #: the one-day training (``training.yaml`` beside ``casus.yaml``), if the casus has one
    training: TrainingDay | None = None

    _root: Path | None = PrivateAttr(default=None)

    @property
    def root(self) -> Path | None:
        """The folder the casus was loaded from (``None`` when built in memory)."""
        return self._root

    def set_root(self, folder: Path) -> None:
        """Remember the folder this casus was loaded from."""
        self._root = folder

    def party_names(self) -> dict[str, str]:
        """Display names of every actor and organisation, by id (the parties of results)."""
        return {a.id: a.name for a in self.actors} | {o.id: o.name for o in self.organisations}

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id."""
        return _by_id(self.actors, actor_id, "actor")

    def organisation(self, org_id: str) -> Organisation:
        """The organisation with this id."""
        return _by_id(self.organisations, org_id, "organisation")

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator with this id."""
        return _by_id(self.indicators, indicator_id, "indicator")


def _by_id(items: list[Any], wanted: str, noun: str) -> Any:
    for item in items:
        if item.id == wanted:
            return item
    raise KeyError(f"no {noun} with id '{wanted}'")
