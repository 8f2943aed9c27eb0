"""A one-day training on a fictional case: its agenda and the demo trainees of a headless run.

A casus folder may hold ``training.yaml``: the day's agenda (which phases the group holds
itself, which it skips with the casus' demo input, and the closing work form) and, for a
headless run (``make demo-training``), invented trainees with their own organisations and the
casus actor each plays, with their notes on the closing work form.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ._base import SCHEMA_VERSION, Ident, Slug, StrictModel, Text
from .actor import OrganisationKind
from .demo import DemoRun

__all__ = ["Trainee", "DayBlock", "TrainingDay"]


class Trainee(StrictModel):
    """A (demo) trainee: their real organisation and the casus actor they play."""

    name: str
    own_organisation: str
    own_kind: OrganisationKind
    plays: Ident | None = None


class DayBlock(StrictModel):
    """One block of the day's agenda.

    ``phase`` is the phase the block works in; ``stand_in: true`` means the day skips it and
    the casus' demo input stands in for it. ``workform`` names a work form the block runs
    besides the phase's own (the closing work form).
    """

    start: Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    minutes: Annotated[int, Field(ge=5, le=240)]
    title: Text
    what: Text | None = None
    phase: Annotated[int, Field(ge=1)] | None = None
    stand_in: bool = False
    workform: Slug | None = None


class TrainingDay(StrictModel):
    """The one-day training of a casus (``training.yaml``)."""

    schema_version: Literal[1] = SCHEMA_VERSION
    title: Text
    intro: Text
    agenda: Annotated[list[DayBlock], Field(min_length=1)]
    trainees: list[Trainee] = []
    #: the demo trainees' notes on the closing work form (authors are trainee names)
    closing: DemoRun | None = None

    def phases(self, *, stand_in: bool) -> list[int]:
        """The phases the day holds itself (``stand_in=False``) or skips, in agenda order."""
        found = [b.phase for b in self.agenda if b.phase and b.stand_in == stand_in]
        return list(dict.fromkeys(found))

    def closing_block(self) -> DayBlock | None:
        """The block that runs the closing work form, if any."""
        return next((b for b in self.agenda if b.workform), None)
