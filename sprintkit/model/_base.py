"""Base classes and small value types shared by all models."""

from __future__ import annotations

from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

__all__ = [
    "StrictModel",
    "Text",
    "Slug",
    "Ident",
    "Lang",
    "Range",
    "SourceRef",
    "SCHEMA_VERSION",
]

SCHEMA_VERSION: Final = 1

Lang = Literal["nl", "en"]

#: File-level names: lower case, digits and hyphens (``onderzoek-socrates``).
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]

#: Identifiers of objects inside a file: lower case, digits, ``_`` and ``-``.
Ident = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]


class StrictModel(BaseModel):
    """Base of every model read from a file: unknown keys are errors, defaults are validated."""

    model_config = ConfigDict(
        extra="forbid", validate_default=True, str_strip_whitespace=True, defer_build=True
    )


class Text(StrictModel):
    """A text a person reads, in Dutch (required) and English (optional).

    In YAML a plain string is accepted as Dutch-only text.

    Examples:
        >>> Text.model_validate("wijkwens").get("en")
        'wijkwens'
        >>> Text(nl="wijkwens", en="neighbourhood wish").get("en")
        'neighbourhood wish'
    """

    nl: Annotated[str, StringConstraints(min_length=1)]
    en: Annotated[str, StringConstraints(min_length=1)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_plain_string(cls, value: object) -> object:
        return {"nl": value} if isinstance(value, str) else value

    def get(self, lang: str = "nl") -> str:
        """The text in ``lang``, falling back to Dutch when there is no translation.

        ``lang`` is any language code (as ``sprintkit.i18n.t`` takes it): every language other
        than ``"en"`` reads the Dutch text.
        """
        if lang == "en" and self.en:
            return self.en
        return self.nl

    def __str__(self) -> str:
        return self.nl


class Range(StrictModel):
    """An inclusive range of whole numbers, such as a group size or a number of minutes."""

    min: Annotated[int, Field(ge=1)]
    max: Annotated[int, Field(ge=1)]

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.max < self.min:
            raise PydanticCustomError(
                "range_order",
                "max ({max}) is smaller than min ({min})",
                {"min": self.min, "max": self.max, "at": ["max"]},
            )
        return self

    def __contains__(self, value: int) -> bool:
        return self.min <= value <= self.max


class SourceRef(StrictModel):
    """Where a piece of method or work form knowledge comes from."""

    title: str
    url: str | None = None
    note: str | None = None
