"""Pydantic models of methods, casus, actors, environments and work forms.

This package imports only pydantic; it does no I/O.
"""

from ._base import SCHEMA_VERSION, Ident, Lang, Range, Slug, SourceRef, StrictModel, Text
from .actor import (
    Actor,
    ActorKind,
    Mandate,
    Organisation,
    OrganisationKind,
    PastIntervention,
    Structure,
)
from .casus import AreaProfile, Casus, DemoNote, DemoPhase, DemoRun, HousingMix
from .environment import (
    ENVIRONMENT_LABELS,
    Effect,
    Environment,
    Indicator,
    Intervention,
    InterventionStatus,
    Measurement,
    Trend,
)
from .method import (
    GlijbaanLevel,
    KeyFactor,
    Method,
    Phase,
    ResultField,
    ResultFieldKind,
    ResultSpec,
    SuccessFactor,
    WorkingGroupMember,
    WorkingGroupSpec,
)
from .workform import (
    CANVAS_KINDS,
    ABComparisonCanvas,
    Axis,
    BoardCanvas,
    Canvas,
    Column,
    ConsentRoundCanvas,
    FieldDef,
    FieldsMapCanvas,
    JourneyCanvas,
    MatrixCanvas,
    PerspectivesGridCanvas,
    WorkFormSpec,
)

__all__ = [
    "SCHEMA_VERSION", "Ident", "Lang", "Range", "Slug", "SourceRef", "StrictModel", "Text",
    "Actor", "ActorKind", "Mandate", "Organisation", "OrganisationKind", "PastIntervention",
    "Structure", "AreaProfile", "Casus", "DemoNote", "DemoPhase", "DemoRun", "HousingMix",
    "ENVIRONMENT_LABELS", "Effect", "Environment", "Indicator", "Intervention",
    "InterventionStatus", "Measurement", "Trend", "GlijbaanLevel", "KeyFactor", "Method", "Phase",
    "ResultField", "ResultFieldKind", "ResultSpec", "SuccessFactor", "WorkingGroupMember",
    "WorkingGroupSpec", "CANVAS_KINDS", "ABComparisonCanvas", "Axis", "BoardCanvas", "Canvas",
    "Column", "ConsentRoundCanvas", "FieldDef", "FieldsMapCanvas", "JourneyCanvas", "MatrixCanvas",
    "PerspectivesGridCanvas", "WorkFormSpec",
]
