"""A method (the 7-sprint wijkaanpak, the KVU step plan) as data.

A :class:`Method` is an ordered list of :class:`Phase` objects. Each phase must deliver a
:class:`ResultSpec`; the result of one phase is the input of the phases that ``consume`` it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from ._base import SCHEMA_VERSION, Ident, Slug, SourceRef, StrictModel, Text
from .environment import Environment

__all__ = [
    "ResultFieldKind",
    "ResultField",
    "ResultSpec",
    "LedgerGate",
    "LedgerSuggestion",
    "LedgerPanel",
    "PhaseLedger",
    "RunReport",
    "MethodRun",
    "Phase",
    "KeyFactor",
    "SuccessFactor",
    "WorkingGroupMember",
    "WorkingGroupCriterion",
    "WorkingGroupSize",
    "ScoreScale",
    "Provenance",
    "WorkingGroupSpec",
    "AnalysisSource",
    "GlijbaanLevel",
    "GuidanceTopic",
    "Guidance",
    "EnvironmentGuide",
    "Method",
]

#: ``text``: one paragraph; ``list``: several short items; ``parties``: ids of actors or
#: organisations; ``approvals``: a map from party id to ``true``/``false`` (approved or not);
#: ``interventions``: intervention records (ideas, prototypes, measures) placed in an environment.
ResultFieldKind = Literal["text", "list", "parties", "approvals", "interventions"]

#: Where a fact comes from: ``source`` the method's own (CCV) sources; ``inferred`` our reading
#: where the sources are silent (shown as "afgeleid, niet uit een CCV-bron"); ``own`` a rule of
#: thumb of sprintkit's own, such as a number the sources do not give ("vuistregel van
#: sprintkit"). Screens and reports mark everything that is not ``source``.
Provenance = Literal["source", "inferred", "own"]

#: What a face shows with a piece of guidance or a key factor, besides its text:
#: ``past_interventions`` every earlier approach of the casus with what happened and its lessons;
#: ``reusable`` only those the casus marks reusable; ``streets`` the area's streets and squares
#: with the working-group members whose role or constituency names them; ``project_leader`` and
#: ``facilitators`` who holds that role in the casus; ``environments`` the method's four
#: environments with what they cover and the questions to ask.
GuidanceTopic = Literal[
    "past_interventions", "reusable", "streets", "project_leader", "facilitators", "environments"
]


class ResultField(StrictModel):
    """One field of a phase result, such as part 4 'Tijdspad' of the ontwerpbrief."""

    key: Ident
    label: Text
    kind: ResultFieldKind = "text"
    required: bool = True
    min_items: Annotated[int, Field(ge=0)] = 0
    help: Text | None = None

    def value_problem(self, value: Any) -> str | None:
        """The pydantic-style error type when ``value`` has the wrong shape for this kind.

        ``None`` when the shape is right. References (party ids) and intervention contents are
        checked by the callers, which know the casus.

        Examples:
            >>> ResultField(key="k", label="K", kind="list").value_problem(["a", 1])
            'string_type'
            >>> ResultField(key="k", label="K", kind="approvals").value_problem({"a": True})
        """
        if self.kind == "text":
            return None if isinstance(value, str) else "string_type"
        if self.kind == "approvals":
            if not isinstance(value, dict):
                return "dict_type"
            return None if all(isinstance(v, bool) for v in value.values()) else "bool_type"
        if not isinstance(value, list):
            return "list_type"
        if self.kind in ("list", "parties") and not all(isinstance(v, str) for v in value):
            return "string_type"
        return None

    def missing(self, value: Any) -> bool:
        """Whether ``value`` leaves this (required) field unfilled."""
        if not self.required:
            return False
        if value is None:
            return True
        if self.kind == "text":
            return not str(value).strip()
        if isinstance(value, dict | list):
            return len(value) < max(1, self.min_items)
        return True


class ResultSpec(StrictModel):
    """The concrete result a phase must deliver (key factor 6: 'concreet resultaat')."""

    key: Ident
    name: Text
    description: Text
    fields: list[ResultField]
    approval_field: Ident | None = None
    approvers_field: Ident | None = None
    max_pages: float | None = None
    #: where the result's definition comes from; ``None``: the same as its phase (sprint 1's
    #: phase is in the source, only its result is our reading)
    provenance: Provenance | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _approval_fields_exist(self) -> ResultSpec:
        keys = {f.key for f in self.fields}
        for name in ("approval_field", "approvers_field"):
            ref = getattr(self, name)
            if ref is not None and ref not in keys:
                raise PydanticCustomError(
                    "approval_field_unknown",
                    "{name} '{ref}' is not one of the fields {keys}",
                    {"name": name, "ref": ref, "keys": ", ".join(sorted(keys)), "at": [name]},
                )
        dupes = {k for k in keys if [f.key for f in self.fields].count(k) > 1}
        if dupes:
            raise PydanticCustomError(
                "field_keys_unique",
                "field keys must be unique (repeated: {keys})",
                {"keys": ", ".join(sorted(dupes))},
            )
        return self

    def field(self, key: str) -> ResultField:
        """The field named ``key``."""
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    def missing(self, values: dict[str, Any]) -> list[str]:
        """Keys of required fields that ``values`` leaves empty, plus unapproved parties.

        An unapproved party is reported as ``approval_field:party_id``.

        Examples:
            >>> spec = ResultSpec(key="r", name="R", description="d", fields=[
            ...     {"key": "problem", "label": "Probleem"},
            ...     {"key": "parties", "label": "Betrokkenen", "kind": "parties"},
            ...     {"key": "approved", "label": "Akkoord", "kind": "approvals"}],
            ...     approval_field="approved", approvers_field="parties")
            >>> spec.missing({"problem": "x", "parties": ["a", "b"], "approved": {"a": True}})
            ['approved:b']
        """
        gaps = [f.key for f in self.fields if f.missing(values.get(f.key))]
        if self.approval_field and self.approvers_field:
            approvals = values.get(self.approval_field) or {}
            for party in values.get(self.approvers_field) or []:
                if approvals.get(party) is not True:
                    gaps.append(f"{self.approval_field}:{party}")
        return gaps


#: Gate rules of the KVU ledger: ``scores`` every success factor scored in this step;
#: ``working_group`` no failing line in the working group check; ``baseline`` a baseline for
#: enough indicators; ``plans`` at least one measure, each with a plan; ``progress`` a progress
#: update in this step for every planned measure; ``final_measurement`` at least one final one.
LedgerGate = Literal[
    "scores", "working_group", "baseline", "plans", "progress", "final_measurement"
]
#: What the KVU ledger fills into the step's result: ``assessment`` (scores and bottlenecks),
#: ``baseline`` (figures and sources), ``plans`` (measures as interventions), ``progress``
#: (a line per measure), ``effects`` (each indicator against its baseline).
LedgerSuggestion = Literal["assessment", "baseline", "plans", "progress", "effects"]
#: The KVU panels a step's notebook shows (``app.kvu()``).
LedgerPanel = Literal["succesfactoren", "werkgroep", "nulmeting", "maatregelen"]


class PhaseLedger(StrictModel):
    """What a method's ledger (the KVU's) does in one phase: its gate, suggestions and panels.

    The rule and panel names are the vocabulary of the KVU extension (``sprintkit.kvu``); which
    step uses which is data, so renaming a step never drops its gate.
    """

    #: rules whose gaps keep the phase from closing
    gate: list[LedgerGate] = []
    #: suggestions for the phase's result (``Vul in``)
    suggest: list[LedgerSuggestion] = []
    #: the panels of the step's notebook, in order
    panels: list[LedgerPanel] = []
    #: the parts of the measures panel in this step (empty: all of them)
    measures: list[Literal["select", "plan", "progress"]] = []
    #: the measurement moment the baseline panel offers first; at ``eindmeting`` the panel
    #: puts the comparison with the baseline on top
    moment: Literal["nulmeting", "tussenmeting", "eindmeting"] = "nulmeting"
    #: what this step's result holds for other steps, reports and checks: ``declaration`` (the
    #: declaration of intent, with the working group) or ``evaluation`` (effects, cooperation,
    #: improvement points); each at most once per method
    holds: list[Literal["declaration", "evaluation"]] = []


class RunReport(StrictModel):
    """A report ``sprintkit run`` writes after the notebooks (in HTML and DOCX)."""

    kind: Ident
    #: the file name without extension, e.g. ``verslag-traject``
    file: Slug


class MethodRun(StrictModel):
    """How ``sprintkit run`` plays a method: which notebook per phase, which reports after.

    ``notebook`` and ``output`` may hold ``{n}``, the phase number. With ``phase_parameter``
    one template serves every phase and gets the number under that name.
    """

    notebook: str
    phase_parameter: Ident | None = None
    output: str | None = None
    reports: list[RunReport] = []

    def plan(self, phases: int) -> list[tuple[str, str, dict[str, object]]]:
        """(template, output file, extra parameters) per phase 1..``phases``.

        Examples:
            >>> run = MethodRun(notebook="kvu.ipynb", phase_parameter="stap",
            ...                 output="kvu-stap-{n}.ipynb")
            >>> run.plan(2)[1]
            ('kvu.ipynb', 'kvu-stap-2.ipynb', {'stap': 2})
        """
        out = []
        for n in range(1, phases + 1):
            name = self.notebook.format(n=n)
            extra: dict[str, object] = {self.phase_parameter: n} if self.phase_parameter else {}
            out.append((name, (self.output or self.notebook).format(n=n), extra))
        return out


class Phase(StrictModel):
    """One sprint of the wijkaanpak or one step of the KVU."""

    number: Annotated[int, Field(ge=1)]
    key: Ident
    name: Text
    goal: Text
    guiding_questions: list[Text] = []
    workforms: list[Slug] = []
    result: ResultSpec
    consumes: list[int] = []
    provenance: Provenance = "source"
    note: Text | None = None
    #: what the method's ledger adds to this phase (the KVU's steps); ``None``: nothing
    ledger: PhaseLedger | None = None

    @property
    def result_provenance(self) -> Provenance:
        """Where the result's definition comes from (the phase's provenance unless it says).

        Examples:
            >>> from sprintkit.loading import load_method
            >>> p = load_method("wijkaanpak").phase(1)
            >>> p.provenance, p.result_provenance
            ('source', 'inferred')
        """
        return self.result.provenance or self.provenance

    @property
    def ledger_spec(self) -> PhaseLedger:
        """The ledger block of this phase, empty when the phase has none."""
        return self.ledger or PhaseLedger()


class KeyFactor(StrictModel):
    """One of the six sleutelfactoren, looked at in every sprint."""

    number: Annotated[int, Field(ge=1)]
    key: Ident
    name: Text
    term: str
    description: Text
    prompts: dict[int, Text]
    is_gate: bool = False
    #: the questions the source asks for this factor (in every sprint), beside the prompts
    questions: list[Text] = []
    #: what the faces show under this factor (e.g. the casus' earlier approaches and lessons)
    shows: GuidanceTopic | None = None


class SuccessFactor(StrictModel):
    """One of the nine KVU success factors (stap 1).

    ``when_weak`` is the source's reasoning shown when the working group scores the factor low.
    """

    number: Annotated[int, Field(ge=1)]
    key: Ident
    name: Text
    check: Text
    when_weak: Text


class WorkingGroupMember(StrictModel):
    """A party that belongs in a KVU working group, and how strongly."""

    kind: Ident
    label: Text
    level: Literal["core", "recommended", "optional", "limited"]


class WorkingGroupCriterion(StrictModel):
    """One of the ten criteria for a good KVU project group.

    ``check: data`` criteria are judged from the casus (mandates, substitutes, seats);
    ``check: process`` criteria can only be confirmed by the working group itself.
    """

    key: Ident
    text: Text
    check: Literal["data", "process"]


class WorkingGroupSize(StrictModel):
    """Size and balance limits of a working group.

    The sources say only "not too large" and "balanced": these numbers are sprintkit's own
    (``provenance: own``), so breaking them warns and never blocks a step.
    """

    advised_max: Annotated[int, Field(ge=3)] = 12
    max: Annotated[int, Field(ge=3)] = 20
    #: share of the seats above which one organisation is over-represented
    max_share: Annotated[float, Field(gt=0, le=1)] = 0.34
    #: horeca and public seats further apart than this ratio are out of balance (2: 2 to 1)
    max_ratio: Annotated[float, Field(ge=1)] = 2
    provenance: Provenance = "own"
    note: Text | None = None


class ScoreScale(StrictModel):
    """The scale on which the working group scores each success factor (1 to 5).

    The CCV names the success factors but gives no scale: ours, marked ``provenance: own``.
    ``weak`` is the highest score that still counts as weak.
    """

    low: Literal[1] = 1
    high: Literal[5] = 5
    weak: Annotated[int, Field(ge=1, le=4)] = 2
    provenance: Provenance = "own"
    note: Text | None = None


class WorkingGroupSpec(StrictModel):
    """Rules for a balanced KVU working group."""

    members: list[WorkingGroupMember]
    criteria: list[WorkingGroupCriterion]
    size: WorkingGroupSize = WorkingGroupSize()
    #: where the criteria come from (the CCV's ten criteria for a good project group)
    criteria_provenance: Provenance = "source"


class AnalysisSource(StrictModel):
    """A source of the KVU safety analysis (bronnenonderzoek), e.g. police figures.

    ``always``: the CCV advises to use it in every analysis. ``matches`` are lower-case words
    that recognise the source in an indicator's free-text ``source``.
    """

    key: Ident
    name: Text
    always: bool = False
    matches: list[str] = []


class GlijbaanLevel(StrictModel):
    """A position on the glijbaan (Karin de Galan's slide model)."""

    position: Annotated[int, Field(ge=1, le=3)]
    name: Text
    meaning: Text
    provenance: Provenance = "source"
    note: Text | None = None


class Guidance(StrictModel):
    """Advice from the method's sources for the facilitator, shown in the phases it names.

    ``points`` are the source's own list (the project leader's eight tasks, the points to watch
    when making contact). ``source`` names the page of the sources it comes from; content that
    is our reading rather than the source's carries ``provenance: inferred``.
    """

    key: Ident
    title: Text
    text: Text
    points: list[Text] = []
    #: the phases whose screens show it (header of the phase, ``sprintkit handreiking``)
    phases: list[int] = []
    shows: GuidanceTopic | None = None
    source: str | None = None
    provenance: Provenance = "source"


class EnvironmentGuide(StrictModel):
    """What one of the four environments covers according to the source, and what to ask."""

    environment: Environment
    covers: Text
    questions: list[Text] = []
    provenance: Provenance = "source"


def _first_repeat(values: Iterable[Hashable]) -> int | None:
    """The index of the first value that came before (``None`` when each is new)."""
    seen: set[Hashable] = set()
    for i, value in enumerate(values):
        if value in seen:
            return i
        seen.add(value)
    return None


class Method(StrictModel):
    """A method: ordered phases, key factors and, for the KVU, success factors."""

    schema_version: Literal[1] = SCHEMA_VERSION
    id: Slug
    name: Text
    phase_noun: Text
    phase_noun_plural: Text
    description: Text
    phases: list[Phase]
    key_factors: list[KeyFactor] = []
    success_factors: list[SuccessFactor] = []
    success_factor_scale: ScoreScale | None = None
    working_group: WorkingGroupSpec | None = None
    analysis_sources: list[AnalysisSource] = []
    glijbaan: list[GlijbaanLevel] = []
    #: who made the glijbaan model, in the words the source credits them with
    glijbaan_credit: Text | None = None
    #: the four environments as the source defines them (key factor 4), with their questions
    environments: list[EnvironmentGuide] = []
    #: advice from the sources for the facilitator, shown in the phases each item names
    guidance: list[Guidance] = []
    #: how ``sprintkit run`` plays the method (notebooks per phase, reports afterwards)
    run: MethodRun | None = None
    sources: list[SourceRef] = []

    @model_validator(mode="after")
    def _consistent(self) -> Method:
        numbers = [p.number for p in self.phases]
        for i, number in enumerate(numbers):
            if number != i + 1:
                raise PydanticCustomError(
                    "phase_numbers",
                    "phases must be numbered 1..{n} in order",
                    {
                        "n": len(numbers),
                        "got": ", ".join(map(str, numbers)),
                        "at": ["phases", i, "number"],
                    },
                )
        for i, phase in enumerate(self.phases):
            for j, n in enumerate(phase.consumes):
                if n >= phase.number:
                    raise PydanticCustomError(
                        "consumes_later",
                        "phase {n} can only consume results of earlier phases",
                        {"n": phase.number, "late": n, "at": ["phases", i, "consumes", j]},
                    )
        for i, factor in enumerate(self.key_factors):
            unknown = sorted(set(factor.prompts) - set(numbers))
            if unknown:
                raise PydanticCustomError(
                    "prompts_unknown_phase",
                    "key factor '{key}' has prompts for unknown phases {phases}",
                    {
                        "key": factor.key,
                        "phases": ", ".join(map(str, unknown)),
                        "at": ["key_factors", i, "prompts", unknown[0]],
                    },
                )
        self._holds_once()
        self._guidance_consistent(set(numbers))
        return self

    def _guidance_consistent(self, numbers: set[int]) -> None:
        twice = _first_repeat(item.key for item in self.guidance)
        for i, item in enumerate(self.guidance):  # in file order: the first problem is told
            if i == twice:
                raise PydanticCustomError(
                    "guidance_twice",
                    "guidance '{key}' appears twice",
                    {"key": item.key, "at": ["guidance", i, "key"]},
                )
            for j, n in enumerate(item.phases):
                if n not in numbers:
                    raise PydanticCustomError(
                        "guidance_unknown_phase",
                        "guidance '{key}' names unknown phase {n}",
                        {"key": item.key, "n": n, "at": ["guidance", i, "phases", j]},
                    )
        twice = _first_repeat(env.environment for env in self.environments)
        if twice is not None:
            raise PydanticCustomError(
                "environment_twice",
                "environment '{env}' is described twice",
                {
                    "env": self.environments[twice].environment.value,
                    "at": ["environments", twice, "environment"],
                },
            )

    def guidance_for(self, phase: int) -> list[Guidance]:
        """The guidance a phase's screens show, in the order of the method file.

        Examples:
            >>> from sprintkit.loading import load_method
            >>> [g.key for g in load_method("wijkaanpak").guidance_for(4)]
            ['niet-altijd-nieuw']
        """
        return [g for g in self.guidance if phase in g.phases]

    def environment_guide(self, environment: str) -> EnvironmentGuide | None:
        """What the source says about one environment (``None`` when the method has nothing)."""
        return next((e for e in self.environments if e.environment == environment), None)

    def _holds_once(self) -> None:
        seen: dict[str, int] = {}
        for i, phase in enumerate(self.phases):
            for j, what in enumerate(phase.ledger_spec.holds):
                if what in seen:
                    raise PydanticCustomError(
                        "holds_twice",
                        "'{what}' is held by phase {first} already",
                        {
                            "what": what,
                            "first": seen[what],
                            "at": ["phases", i, "ledger", "holds", j],
                        },
                    )
                seen[what] = phase.number

    def phase_holding(self, what: str) -> Phase | None:
        """The phase whose ledger says it holds ``what`` (``declaration``, ``evaluation``).

        Examples:
            >>> from sprintkit.loading import load_method
            >>> load_method("kvu").phase_holding("declaration").number
            2
        """
        return next((p for p in self.phases if what in p.ledger_spec.holds), None)

    def phase(self, number: int) -> Phase:
        """The phase with this number (1-based)."""
        if not 1 <= number <= len(self.phases):
            raise IndexError(f"{self.id} has phases 1..{len(self.phases)}, not {number}")
        return self.phases[number - 1]
