"""The four environments of a district, their indicators, and interventions with their effects.

An :class:`Effect` whose intervention sits in one environment and whose target lies in another
is a *koppelvlak* (interface): the place where turning one knob moves another.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from ._base import Ident, StrictModel, Text

__all__ = [
    "Environment",
    "ENVIRONMENT_LABELS",
    "Measurement",
    "Indicator",
    "Trend",
    "Effect",
    "InterventionStatus",
    "Intervention",
]


class Environment(StrEnum):
    """The four environments the wijkaanpak looks at in every sprint."""

    SOCIAL = "social"
    PHYSICAL = "physical"
    INSTITUTIONAL = "institutional"
    CRIMINAL = "criminal"

    def label(self, lang: str = "nl") -> str:
        """Name of the environment for a person, e.g. 'fysieke omgeving'."""
        return ENVIRONMENT_LABELS[self].get(lang)


ENVIRONMENT_LABELS: dict[Environment, Text] = {
    Environment.SOCIAL: Text(nl="sociale omgeving", en="social environment"),
    Environment.PHYSICAL: Text(nl="fysieke omgeving", en="physical environment"),
    Environment.INSTITUTIONAL: Text(nl="institutionele omgeving", en="institutional environment"),
    Environment.CRIMINAL: Text(nl="criminele omgeving", en="criminal environment"),
}

Trend = Literal["improving", "stable", "worsening", "unknown"]


_DUTCH_NUMBER = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")


def _dutch_number(value: object) -> object:
    """A number written the Dutch way (``"1.318,0"``, ``"5,4"``) as a float; else unchanged.

    YAML reads ``1.318`` as one point three, so a Dutch thousands separator needs the decimal
    comma to be meant (the reader refuses a bare ``1.318`` as ambiguous).

    Examples:
        >>> _dutch_number("1.318,0"), _dutch_number("5,4"), _dutch_number("12"), _dutch_number(2.5)
        (1318.0, 5.4, 12.0, 2.5)
    """
    if isinstance(value, str) and _DUTCH_NUMBER.match(value.strip()):
        return float(value.strip().replace(".", "").replace(",", "."))
    return value


class Measurement(StrictModel):
    """The value of an indicator at one moment (past, present or expected).

    ``value`` is a number (``1318``, ``4.7``) or text with a Dutch decimal comma (``"1.318,0"``).
    """

    value: Annotated[float, BeforeValidator(_dutch_number)]
    year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    note: str | None = None


class Indicator(StrictModel):
    """Something measurable in one environment, looked at over time."""

    id: Ident
    name: Text
    environment: Environment
    unit: str
    better: Literal["higher", "lower"]
    source: str | None = None
    past: Measurement | None = None
    present: Measurement
    expected: Measurement | None = None

    @model_validator(mode="after")
    def _years_in_order(self) -> Indicator:
        now = self.present.year
        if now is None:
            return self
        if self.past is not None and self.past.year is not None and self.past.year > now:
            raise PydanticCustomError(
                "year_past_after_present",
                "the past year {past} comes after the present year {present}",
                {"past": self.past.year, "present": now, "at": ["past", "year"]},
            )
        if self.expected is not None and self.expected.year is not None:
            if self.expected.year < now:
                raise PydanticCustomError(
                    "year_expected_before_present",
                    "the expected year {expected} comes before the present year {present}",
                    {"expected": self.expected.year, "present": now, "at": ["expected", "year"]},
                )
        return self

    def trend(self, tolerance: float = 0.02) -> Trend:
        """Direction from past to present, judged by which way is better.

        Examples:
            >>> ind = Indicator(id="b", name="Inbraken", environment="criminal", unit="per jaar",
            ...                 better="lower", past={"value": 40}, present={"value": 55})
            >>> ind.trend()
            'worsening'
        """
        if self.past is None:
            return "unknown"
        base = abs(self.past.value) or 1.0
        change = (self.present.value - self.past.value) / base
        if abs(change) <= tolerance:
            return "stable"
        up_is_good = self.better == "higher"
        return "improving" if (change > 0) == up_is_good else "worsening"


class Effect(StrictModel):
    """The expected effect of an intervention on one indicator or one whole environment.

    ``sign`` is judged by what is better for the district: ``positive`` moves an indicator in its
    ``better`` direction (fewer burglaries, more cohesion), ``negative`` moves it the wrong way.
    ``strength`` runs 1 (weak) to 3 (strong); ``confidence`` 0 to 1 says how sure we are.
    """

    indicator: Ident | None = None
    environment: Environment | None = None
    sign: Literal["positive", "negative"]
    strength: Annotated[int, Field(ge=1, le=3)] = 2
    confidence: Annotated[float, Field(ge=0.0, le=1.0)] = 0.5
    evidence: str | None = None

    @model_validator(mode="after")
    def _one_target(self) -> Effect:
        if (self.indicator is None) == (self.environment is None):
            raise PydanticCustomError(
                "effect_target", "give exactly one of 'indicator' or 'environment' as the target"
            )
        return self


InterventionStatus = Literal["known", "idea", "prototype", "tested", "implemented", "stopped"]


class Intervention(StrictModel):
    """A measure placed in one environment, owned by an actor or organisation."""

    id: Ident
    name: Text
    description: Text | None = None
    environment: Environment
    status: InterventionStatus = "known"
    owner: Ident | None = None
    organisations: list[Ident] = []
    since: Annotated[int, Field(ge=1900, le=2100)] | None = None
    effects: list[Effect] = []
