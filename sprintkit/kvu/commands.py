"""The KVU ledger's commands: one frozen pydantic model per event kind, in Dutch when refused.

The models hold the *shape* of each command: types, ranges, choices, dates, numbers (``"2,1"``
is 2.1), text limits and the fields that must be given. What needs the journey (the method's
success factors and criteria, the casus' indicators and parties, the measures catalogue, the
measures already chosen) is checked by :meth:`sprintkit.kvu.extension.KvuExtension.check`.

A command's stored payload (:meth:`LedgerCommand.payload`) holds every field in the order
declared here, the ones left empty as ``null``: the same bytes the ledger stored before its
commands were typed, so older journeys refold as they were.

Examples:
    >>> MeasurementRecorded.parse({"indicator": "geweld_per_nacht", "value": "2,1"}).value
    2.1
    >>> MeasureProgress.parse({"measure": "m", "status": "klaar"})
    Traceback (most recent call last):
    sprintkit.errors.SprintkitError: 'klaar' is geen geldige waarde voor 'status'; kies uit: ...
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import AfterValidator, BeforeValidator, Field, model_validator
from pydantic_core import ErrorDetails, PydanticCustomError

from ..commands import Command, Refusal, new_id, refusal_of
from ..errors import SprintkitError
from ..i18n import Message, catalog
from ..model import MEASURE_CATEGORIES, Environment, MeasureCategory

__all__ = [
    "COMMANDS",
    "GOKIT",
    "MAX_TEXT",
    "MOMENTS",
    "STATUSES",
    "CriterionConfirmed",
    "LedgerCommand",
    "MeasureDropped",
    "MeasurePlanned",
    "MeasureProgress",
    "MeasureSelected",
    "MeasurementRecorded",
    "SuccessFactorScored",
    "field_label",
]

#: the three kinds of measurement of the KVU: baseline, interim and final
Moment = Literal["nulmeting", "tussenmeting", "eindmeting"]
MOMENTS: tuple[str, ...] = get_args(Moment)
#: statuses of a measure in the progress matrix, in the order they usually follow
Status = Literal["gepland", "gestart", "op_schema", "vertraagd", "uitgevoerd", "gestopt"]
STATUSES: tuple[str, ...] = get_args(Status)
#: the five aspects of project control (Geld, Organisatie, Kwaliteit, Informatie, Tijd)
GOKIT: tuple[str, ...] = ("geld", "organisatie", "kwaliteit", "informatie", "tijd")
ENVIRONMENTS: tuple[str, ...] = tuple(e.value for e in Environment)
#: the longest text a command takes
MAX_TEXT = 4000


def field_label(name: str) -> Message | str:
    """The Dutch name of a payload field (``kvu.field.<name>``, ``kvu.gokit.<name>``), or itself."""
    for label in (f"kvu.field.{name}", f"kvu.gokit.{name}"):
        if label in catalog():
            return Message(label)
    return name


def _refuse(key: str, **values: Any) -> PydanticCustomError:
    """A pydantic error whose type is the message key (:meth:`LedgerCommand.shape_refusal`)."""
    return PydanticCustomError(key, key, values)


def _choice(choices: tuple[str, ...]) -> Refusal:
    return Refusal("kvu.bad_choice", "value", choices=", ".join(choices))


# -- field types ---------------------------------------------------------------------------------
def _text(value: Any) -> Any:
    """Stripped text; ``None`` when empty (a required field then says it is required)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise _refuse("kvu.not_text")
    if len(value) > MAX_TEXT:
        raise _refuse("kvu.too_long", limit=MAX_TEXT)
    return value.strip()


def _date(value: Any) -> Any:
    """An ISO date (``2025-06-30``); ``None`` when empty."""
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise _refuse("kvu.bad_date", value=value) from None


def _number(value: Any) -> Any:
    """A finite number; a text is read with a decimal comma or point (``"2,1"`` is 2.1)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        try:
            value = float(str(value).replace(",", "."))
        except ValueError:
            raise _refuse("kvu.not_number", value=value) from None
    if not math.isfinite(value):
        raise _refuse("kvu.not_number", value=value)
    return float(value)


def _not_negative(value: float | None) -> float | None:
    if value is not None and value < 0:
        raise _refuse("kvu.negative")
    return value


def _optional(value: Any) -> Any:
    """``None`` for an empty text (the journey fills it in, or it stays empty)."""
    return None if value == "" else value


def _in(choices: tuple[str, ...]) -> AfterValidator:
    def check(value: str | None) -> str | None:
        if value is not None and value not in choices:
            raise ValueError(value)
        return value

    return AfterValidator(check)


def _gokit(value: Any) -> Any:
    """The GOKIT notes in GOKIT order, each stripped, the empty ones left out."""
    if not value:
        return {}
    if not isinstance(value, dict):
        raise _refuse("kvu.bad_choice", field="gokit", value=value, choices=", ".join(GOKIT))
    for key in value:
        if key not in GOKIT:
            raise _refuse("kvu.bad_choice", field="gokit", value=key, choices=", ".join(GOKIT))
    out = {}
    for key in GOKIT:
        try:
            text = _text(value.get(key))
        except PydanticCustomError as exc:  # name the aspect, not the whole field
            raise _refuse(exc.type, field=key, **(exc.context or {})) from None
        if text:
            out[key] = text
    return out


def _name(value: Any) -> Any:
    """An own measure's name, ``{"nl": ..., "en": ...}`` (a text is the Dutch name)."""
    if not value:
        return None
    if isinstance(value, str):
        value = {"nl": value}
    if not isinstance(value, dict) or not str(value.get("nl", "")).strip():
        raise _refuse("kvu.required")
    return {k: str(v).strip() for k, v in value.items() if k in ("nl", "en") and v}


#: a text that may be left out (``None``; white space only counts as left out)
Note = Annotated[str | None, BeforeValidator(_text)]
#: a text that must be given
Said = Annotated[str, BeforeValidator(_text)]
IsoDate = Annotated[str | None, BeforeValidator(_date)]
Number = Annotated[float, BeforeValidator(_number)]
Amount = Annotated[float | None, BeforeValidator(_number), AfterValidator(_not_negative)]
#: a reference the journey resolves (an indicator, a source); ``""`` is left out
Reference = Annotated[str | None, BeforeValidator(_optional)]


class LedgerCommand(Command):
    """Base of the KVU ledger's commands: refused with ``kvu.*`` messages, stored in full.

    A field's :class:`~sprintkit.commands.Refusal` gives its message; a validator raises
    ``PydanticCustomError("kvu.<key>", ...)`` for the message ``kvu.<key>``; a missing or empty
    field is ``kvu.required``, an unknown key ``kvu.unknown_key``, a value of the wrong type
    ``kvu.not_bool``, ``kvu.not_number`` or ``kvu.not_text``. The field is named by its label
    (``kvu.field.<name>``).
    """

    error: ClassVar[type[SprintkitError]] = SprintkitError

    @classmethod
    def refusal(cls, error: ErrorDetails, payload: Any) -> Message:
        """The Dutch message for one pydantic ``error`` in ``payload``."""
        name = str(error["loc"][0]) if error["loc"] else ""
        values = dict(error.get("ctx") or {})
        field = str(values.pop("field", name))  # a rule of the whole command names its field
        meta = refusal_of(cls, field)
        if meta is not None:
            return meta.message(values.get("value", payload.get(field)), field=field_label(field))
        if error["type"].startswith("kvu."):
            return Message(error["type"], **values, field=field_label(field))
        return cls.shape_refusal(error, field, payload.get(field))

    @classmethod
    def shape_refusal(cls, error: ErrorDetails, name: str, value: Any) -> Message:
        """The message for a field of the wrong type, missing, or not known."""
        kind = error["type"]
        if kind == "extra_forbidden":
            return Message("kvu.unknown_key", field=name)
        if kind == "missing" or value is None or (isinstance(value, str) and not value.strip()):
            return Message("kvu.required", field=field_label(name))
        if kind.startswith("bool"):
            return Message("kvu.not_bool", field=field_label(name))
        if kind.startswith(("float", "int")):
            return Message("kvu.not_number", field=field_label(name), value=value)
        return Message("kvu.not_text", field=field_label(name))

    def payload(self) -> dict[str, Any]:
        """The stored payload: every field in declared order, the empty ones as ``None``."""
        return self.model_dump(warnings=False)


class SuccessFactorScored(LedgerCommand, kind="success_factor_scored"):
    """A score of one success factor (1-5), in the step being scored."""

    factor: str
    score: Annotated[int, Field(ge=1, le=5, strict=True), Refusal("kvu.bad_score", "value")]
    note: Note = None


class CriterionConfirmed(LedgerCommand, kind="criterion_confirmed"):
    """The working group's answer on one of its process criteria."""

    criterion: str
    ok: Annotated[bool, Field(strict=True), Refusal("kvu.not_bool")] = True
    note: Note = None


class MeasurementRecorded(LedgerCommand, kind="measurement_recorded", creates="id"):
    """A measurement of one of the casus' indicators."""

    id: Annotated[str, BeforeValidator(lambda v: v or new_id())] = Field(default_factory=new_id)
    indicator: str
    moment: Annotated[Moment, _choice(MOMENTS)] = "nulmeting"
    value: Number
    #: one of the method's analysis sources; guessed from the indicator when left out
    source: Reference = None
    date: IsoDate = None
    note: Note = None


class MeasureSelected(LedgerCommand, kind="measure_selected"):
    """A measure chosen: from the catalogue (``measure``), or an own one (``name`` and more).

    The journey completes it: a catalogue measure gets its ``name``, ``environment`` and
    ``category`` from the catalogue, an own one an id (``eigen_...``) when it has none.
    """

    problem: Note = None
    reason: Note = None
    measure: Reference = None
    catalogue: Annotated[bool, Field(strict=True)] = False
    name: Annotated[dict[str, str] | None, BeforeValidator(_name)] = None
    environment: Annotated[str | None, _in(ENVIRONMENTS), _choice(ENVIRONMENTS)] = None
    category: Annotated[MeasureCategory, _choice(MEASURE_CATEGORIES)] = "overig"

    @model_validator(mode="after")
    def _own_measure(self) -> MeasureSelected:
        """An own measure (a name, or no catalogue id) needs a name and an environment."""
        if self.own:
            if self.name is None:
                raise _refuse("kvu.required", field="name")
            if self.environment is None:
                raise _refuse("kvu.bad_choice", field="environment", value=None)
        return self

    @property
    def own(self) -> bool:
        """Whether this is an own measure rather than one from the catalogue."""
        return self.name is not None or not self.measure


class MeasureDropped(LedgerCommand, kind="measure_dropped"):
    """A measure taken out of the plan (it stays in the log and the report)."""

    measure: str
    reason: Note = None


class MeasurePlanned(LedgerCommand, kind="measure_planned"):
    """The plan of a measure: owner, deadline, budget, SMART goal, indicator, GOKIT."""

    measure: str
    owner: str
    deadline: Annotated[str, BeforeValidator(_date)]
    budget: Amount = None
    goal: Said
    indicator: str | None = None
    target: Annotated[float | None, BeforeValidator(_number)] = None
    gokit: Annotated[dict[str, str], BeforeValidator(_gokit)] = Field(default_factory=dict)


class MeasureProgress(LedgerCommand, kind="measure_progress"):
    """The status of a planned measure."""

    measure: str
    status: Annotated[Status, _choice(STATUSES)]
    note: Note = None
    date: IsoDate = None


class RoundStarted(LedgerCommand, kind="round_started"):
    """This journey is round ``round`` of the KVU cycle, after the journey ``previous``."""

    previous: str
    round: Annotated[int, Field(ge=2)]


#: the ledger's commands, one per event kind
COMMANDS: tuple[type[LedgerCommand], ...] = (
    RoundStarted,
    SuccessFactorScored,
    CriterionConfirmed,
    MeasurementRecorded,
    MeasureSelected,
    MeasureDropped,
    MeasurePlanned,
    MeasureProgress,
)
