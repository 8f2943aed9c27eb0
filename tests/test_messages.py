"""Messages as data: every key renders in nl and en, plurals are right, refusals are Dutch."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from sprintkit import catalogue
from sprintkit.canvas import CanvasError
from sprintkit.errors import FileValidationError, Problem, SprintkitError
from sprintkit.i18n import LANGS, Message, catalog, plural_category, t
from sprintkit.kinds.board.actions import add_note, vote
from sprintkit.kvu import Kvu
from sprintkit.loading import load_casus, load_method
from sprintkit.store import SQLiteStore
from sprintkit.workspace import start_journey

ROOT = Path(__file__).resolve().parent.parent

#: words that only occur in an English sentence (none of them is also a Dutch word)
ENGLISH = {
    "the", "must", "cannot", "not", "unknown", "already", "required", "expected", "needs",
    "has", "have", "no", "yet", "there", "this", "and", "or", "with", "you", "your", "missing",
    "got", "least", "choose", "invalid", "should", "are", "for", "from", "to", "be", "number",
    "only", "vote", "votes", "note", "used", "still", "is required", "does", "use", "too",
    "most", "characters", "which", "of them",
}  # fmt: skip


def english_words(text: str) -> set[str]:
    """English stop words in ``text``, ignoring quoted codes and values (``'consent'``)."""
    plain = re.sub(r"'[^']*'", " ", text).lower()
    words = set(re.findall(r"[a-z]+", plain))
    found = words & ENGLISH
    found |= {phrase for phrase in ENGLISH if " " in phrase and phrase in plain}
    return found


def forms(text):
    return list(text.values()) if isinstance(text, dict) else [text]


def fields(text) -> set[str]:
    return {f for form in forms(text) for _, f, _, _ in string.Formatter().parse(form) if f}


# -- (a) every key renders in both languages ---------------------------------------------------
@pytest.mark.parametrize("key", sorted(catalog()))
def test_every_key_renders_in_dutch_and_english(key):
    entry = catalog()[key]
    assert set(entry) == set(LANGS)
    assert fields(entry["nl"]) == fields(entry["en"])
    plural = any(isinstance(text, dict) for text in entry.values())
    assert not plural or all(isinstance(text, dict) for text in entry.values()), key
    names = fields(entry["nl"]) | ({"count"} if plural else set())
    for count in (0, 1, 2) if plural else (None,):
        values = {name: f"«{name}»" for name in names}
        if count is not None:
            values["count"] = count
        for lang in LANGS:
            text = Message(key, **values).text(lang)
            assert text.strip(), (key, lang)


def test_a_plural_entry_without_count_is_a_programming_error():
    with pytest.raises(TypeError, match="count"):
        t("w.votes", "nl")
    with pytest.raises(TypeError, match="count"):
        t("w.votes", "nl", count="3")


def test_every_message_key_in_the_code_exists():
    keys = set()
    for path in (ROOT / "sprintkit").rglob("*.py"):
        keys |= set(re.findall(r"Message\(\s*\"([a-z_.]+)\"", path.read_text(encoding="utf-8")))
    assert keys, "no Message(...) found"
    assert sorted(keys - set(catalog())) == []


# -- the Message API ---------------------------------------------------------------------------
def test_a_message_is_data_worded_when_shown(monkeypatch):
    msg = Message("canvas.votes_used", voter="dani", count=3)
    assert msg.key == "canvas.votes_used" and dict(msg.values) == {"voter": "dani", "count": 3}
    assert msg == Message("canvas.votes_used", voter="dani", count=3)
    assert msg != Message("canvas.votes_used", voter="dani", count=2)
    assert msg.text("nl") == "dani heeft alle 3 stemmen al uitgebracht"
    assert msg.text("en") == "dani has used all 3 votes"
    monkeypatch.delenv("SPRINTKIT_LANG", raising=False)
    assert str(msg) == msg.text("nl")
    monkeypatch.setenv("SPRINTKIT_LANG", "en")
    assert str(msg) == msg.text("en")
    with pytest.raises(AttributeError):
        msg.key = "x"  # type: ignore[misc]
    assert {msg: 1}[Message("canvas.votes_used", voter="dani", count=3)] == 1


def test_nested_messages_and_texts_are_worded_in_the_same_language():
    method = load_method("wijkaanpak")
    msg = Message("canvas.required", field=Message("canvas.field.subject"))
    assert (msg.text("nl"), msg.text("en")) == ("'onderwerp' is verplicht", "'subject' is required")
    factor = method.key_factors[0]
    gap = Message("gate.key_factor", factor=factor.name)
    assert factor.name.get("en") in gap.text("en") and factor.name.nl in gap.text("nl")


def test_an_error_keeps_its_message_and_words_it_in_either_language(monkeypatch):
    monkeypatch.delenv("SPRINTKIT_LANG", raising=False)
    exc = SprintkitError(Message("canvas.own_note"))
    assert exc.message == Message("canvas.own_note")
    assert str(exc) == "je kunt niet op je eigen notitie stemmen"
    assert exc.text("en") == "you cannot vote for your own note"
    assert str(SprintkitError("plain")) == "plain" == SprintkitError("plain").text("en")
    assert str(SprintkitError(Message("canvas.own_note"), lang="en")).startswith("you cannot")


# -- (b) plural forms for 0, 1 and 2 -----------------------------------------------------------
PLURALS = {
    "w.hidden_notes": [
        "0 notities (nog verborgen: stille ronde)",
        "1 notitie (nog verborgen: stille ronde)",
        "2 notities (nog verborgen: stille ronde)",
    ],
    "w.votes": ["0 stemmen", "1 stem", "2 stemmen"],
    "error.problem_count": ["0 problemen", "1 probleem", "2 problemen"],
    "canvas.objections_open": [
        "er staan nog 0 bezwaren open",
        "er staat nog 1 bezwaar open",
        "er staan nog 2 bezwaren open",
    ],
    "canvas.max_steps": [
        "er passen hoogstens 0 stappen op deze klantreis",
        "er past hoogstens 1 stap op deze klantreis",
        "er passen hoogstens 2 stappen op deze klantreis",
    ],
    "werkgroep.why.size_ok": [
        "De werkgroep telt 0 leden.",
        "De werkgroep telt 1 lid.",
        "De werkgroep telt 2 leden.",
    ],
    "kvuw.bl.taken": [
        "0 cijfers uit de casus overgenomen als nulmeting.",
        "1 cijfer uit de casus overgenomen als nulmeting.",
        "2 cijfers uit de casus overgenomen als nulmeting.",
    ],
    "report.coop.n_parties": ["0 partijen", "1 partij", "2 partijen"],
    "report.coop.n_people": ["0 deelnemers", "1 deelnemer", "2 deelnemers"],
    "error.string_too_long": [
        "mag hoogstens 0 tekens hebben",
        "mag hoogstens 1 teken hebben",
        "mag hoogstens 2 tekens hebben",
    ],
    "error.too_short": [
        "moet minstens 0 onderdelen hebben",
        "moet minstens 1 onderdeel hebben",
        "moet minstens 2 onderdelen hebben",
    ],
}


@pytest.mark.parametrize("key", sorted(PLURALS))
def test_dutch_plural_forms_for_0_1_2(key):
    assert [t(key, "nl", count=n) for n in (0, 1, 2)] == PLURALS[key]


def test_plural_forms_with_other_values():
    gate = [t("gate.refused", "nl", noun="Sprint", number=1, count=n) for n in (0, 1, 2)]
    assert gate == [
        "Sprint 1 kan nog niet worden afgerond; er ontbreken 0 dingen:",
        "Sprint 1 kan nog niet worden afgerond; er ontbreekt 1 ding:",
        "Sprint 1 kan nog niet worden afgerond; er ontbreken 2 dingen:",
    ]
    assert t("gate.refused", "en", noun="Step", number=2, count=1).endswith("1 thing is missing:")
    assert [t("kvu.gap.baseline", "nl", count=n).split(";")[0] for n in (0, 1, 2)] == [
        "de nulmeting heeft nog geen cijfers",
        "de nulmeting heeft cijfers van 1 indicator",
        "de nulmeting heeft cijfers van 2 indicatoren",
    ]
    budget = [t("kvu.signal.no_budget", "nl", factor="f", count=n).split(";")[0] for n in (1, 2)]
    assert budget == ["'f': 1 maatregelplan zonder budget", "'f': 2 maatregelplannen zonder budget"]
    pair = [t("report.coop.pair", "en", a="A", b="B", count=n) for n in (1, 2)]
    assert pair == ["A and B: together on 1 intervention", "A and B: together on 2 interventions"]
    assert t("plan.error.too_short", "nl", count=1, needed=25).startswith("1 minuut is te kort")
    small = [t("plan.reason.group_too_small", "nl", count=n, min=3, max=8) for n in (1, 2)]
    assert [s.split(":")[0] for s in small] == ["groep te klein", "groep te klein"]
    assert plural_category(1, "nl") == "one" and plural_category(0, "en") == "other"


def test_a_length_limit_from_pydantic_is_counted_by_its_limit():
    """pydantic's max_length=1 reads 'hoogstens 1 teken', not 'hoogstens 1 tekens'."""
    from pydantic import BaseModel, Field, ValidationError

    from sprintkit._errors_text import _message

    class Short(BaseModel):
        code: str = Field(max_length=1)
        codes: list[str] = Field(max_length=2)

    with pytest.raises(ValidationError) as caught:
        Short(code="ab", codes=["a", "b", "c"])
    words = [_message(dict(e), Short, "nl") for e in caught.value.errors()]
    assert words == ["mag hoogstens 1 teken hebben", "mag hoogstens 2 onderdelen hebben"]
    assert _message(dict(caught.value.errors()[0]), Short, "en") == "must have at most 1 character"


def test_file_validation_error_counts_its_problems_in_either_language(monkeypatch):
    monkeypatch.delenv("SPRINTKIT_LANG", raising=False)
    one = FileValidationError([Problem("a.yaml", 1, 1, "x", "m")])
    two = FileValidationError(
        [Problem("a.yaml", 1, 1, "x", "m"), Problem("a.yaml", 2, 1, "y", "m")]
    )
    assert str(one).splitlines()[0] == "a.yaml: 1 probleem"
    assert str(two).splitlines()[0] == "a.yaml: 2 problemen"
    assert two.text("en").splitlines()[0] == "a.yaml: 2 problems"
    assert one.format("en").splitlines()[0] == "a.yaml: 1 problem"


# -- (c) every refused command is Dutch, and English on request --------------------------------
def _spec(slug):
    return catalogue.get(slug)


def _of_kind(kind):
    for entry in catalogue.entries():
        if entry.spec.method == "wijkaanpak" and entry.spec.canvas.kind == kind:
            return entry.spec
    raise AssertionError(kind)


@pytest.fixture(scope="module")
def molenwijk():
    return load_casus("molenwijk")


def _run(casus, spec):
    journey = start_journey(casus, store=SQLiteStore(":memory:"))
    for phase in range(1, spec.phases[0]):
        journey.emit("phase_closed", {"result": {}}, phase=phase)
    return journey, journey.start_run(spec.slug)


def _refusals(casus):
    """(journey, run, kind, payload, author) of every refusal a canvas kind can give."""
    voting = _spec("praktijksafari")  # three dots each, no votes on your own notes
    j, run = _run(casus, voting)
    column = voting.canvas.columns[0].key
    a = add_note(j, run, "Tunnel", author="dani", column=column)
    b = add_note(j, run, "Hangplek", author="ria", column=column)
    yield j, run, "note_added", {"note": "n", "text": "x", "column": "nergens"}, None
    yield j, run, "note_added", {"note": "n", "text": "  "}, None
    yield j, run, "note_moved", {"note": "nope", "column": column}, None
    yield j, run, "vote_withdrawn", {"note": a}, "ria"
    yield j, run, "vote_cast", {"note": a}, None
    yield j, run, "vote_cast", {"note": a}, "dani"
    for _ in range(voting.canvas.votes_per_person):
        vote(j, run, b, "dani")
    yield j, run, "vote_cast", {"note": b}, "dani"
    j, run = _run(casus, _spec("bordspel-scenarios"))  # no dot voting, no clusters
    note = add_note(j, run, "Waarom?", author="dani")
    yield j, run, "vote_cast", {"note": note}, "ria"
    yield j, run, "note_clustered", {"note": note, "cluster": "c"}, None

    j, run = _run(casus, _of_kind("fields_map"))
    yield j, run, "field_item_added", {"item": "i", "field": "nergens", "text": "x"}, None
    yield j, run, "field_item_added", {"item": "i", "field": "nergens"}, None
    yield j, run, "subject_set", {"subject": ""}, None

    spec = _of_kind("journey")
    j, run = _run(casus, spec)
    yield j, run, "step_added", {"step": "s"}, None
    yield j, run, "step_added", {"step": "s", "name": "x", "feeling": "blij"}, None
    yield j, run, "step_edited", {"step": "nope", "name": "x"}, None
    for i in range(spec.canvas.max_steps):
        j.canvas_op(run, "step_added", {"step": f"s{i}", "name": f"stap {i}"})
    yield j, run, "step_added", {"step": "s", "name": "x"}, None

    j, run = _run(casus, _of_kind("matrix"))
    yield j, run, "item_placed", {"item": "i", "x": 0.5, "y": 0.5}, None
    yield j, run, "item_placed", {"item": "i", "text": "x", "x": 2, "y": 0.5}, None
    yield j, run, "item_moved", {"item": "nope", "x": 0.1, "y": 0.1}, None
    # shapes the typed command refuses: a value of the wrong kind, a key it does not know
    yield j, run, "item_placed", {"item": "i", "text": 5, "x": 0.5, "y": 0.5}, None
    yield j, run, "item_placed", {"item": "i", "text": "x", "x": 0.5, "y": 0.5, "z": 1}, None
    yield j, run, "item_placed", {"item": "i", "text": "x", "x": "0.5", "y": 0.5}, None

    j, run = _run(casus, _of_kind("consent_round"))
    yield j, run, "proposal_set", {}, None
    yield j, run, "objection_recorded", {"objection": "o", "text": "Te duur"}, None
    yield j, run, "objection_recorded", {"objection": "o", "text": "Te duur"}, "dani"
    j.canvas_op(run, "proposal_set", {"text": "Verlichting"})
    yield j, run, "consent_given", {}, None
    yield j, run, "objection_resolved", {"objection": "nope"}, None
    yield j, run, "decision_recorded", {"decision": "ja"}, None
    j.canvas_op(run, "objection_recorded", {"objection": "o", "text": "Te duur"}, "dani")
    yield j, run, "decision_recorded", {"decision": "consent"}, None

    j, run = _run(casus, _of_kind("ab_comparison"))
    yield j, run, "variant_set", {"variant": "c", "text": "x"}, None
    yield j, run, "measure_recorded", {"variant": "a", "measure": "nergens", "value": 1}, None
    measure = _of_kind("ab_comparison").canvas.measures[0].nl
    yield j, run, "measure_recorded", {"variant": "a", "measure": measure, "value": "veel"}, None
    yield j, run, "outcome_set", {"winner": "c"}, None
    yield j, run, "choice_made", {"variant": "a", "text": "x"}, None

    j, run = _run(casus, _of_kind("perspectives_grid"))
    yield j, run, "idea_added", {}, None
    yield j, run, "cell_set", {"perspective": "nergens", "idea": "i"}, None
    perspective = _of_kind("perspectives_grid").canvas.perspectives[0].value
    yield j, run, "cell_set", {"perspective": perspective, "idea": "nope"}, None


def _assert_dutch_with_english(exc: SprintkitError) -> None:
    assert isinstance(exc.message, Message), exc.message
    nl, en = exc.text("nl"), exc.text("en")
    assert not english_words(nl), (exc.message, nl)
    assert english_words(en), (exc.message, en)
    assert nl != en


def test_every_canvas_refusal_is_dutch_and_english_on_request(molenwijk):
    seen = set()
    for journey, run, kind, payload, author in _refusals(molenwijk):
        before = len(journey.events)
        with pytest.raises(CanvasError) as caught:
            journey.canvas_op(run, kind, payload, author)
        assert len(journey.events) == before
        _assert_dutch_with_english(caught.value)
        seen.add(caught.value.message.key)
    refusals = {
        k for k in catalog() if k.startswith("canvas.") and not k.startswith("canvas.field.")
    }
    assert sorted(refusals - seen) == []


def _own_measure(kvu):
    return kvu.select(name="Vast toezichtpunt", environment="criminal", category="veiligheid")


KVU_REFUSALS = [
    ("success_factor_scored", {"factor": "gedeelde-visie", "score": 6}, "kvu.bad_score"),
    ("success_factor_scored", {"factor": "visie", "score": 3}, "kvu.bad_choice"),
    ("success_factor_scored", {"factor": "gedeelde-visie", "score": 3, "note": 5}, "kvu.not_text"),
    ("criterion_confirmed", {"criterion": "begrippen", "ok": "ja"}, "kvu.not_bool"),
    ("measurement_recorded", {"indicator": "geweld_per_nacht"}, "kvu.required"),
    ("measurement_recorded", {"indicator": "geweld_per_nacht", "value": "veel"}, "kvu.not_number"),
    (
        "measurement_recorded",
        {"indicator": "geweld_per_nacht", "value": 2, "date": "31-12-2025"},
        "kvu.bad_date",
    ),
    ("measure_selected", {"measure": "susteem"}, "kvu.unknown_measure"),
    ("measure_selected", {"name": "  "}, "kvu.required"),
    ("measure_planned", {"measure": "nope"}, "kvu.not_selected"),
    (
        "success_factor_scored",
        {"factor": "gedeelde-visie", "score": 3, "kleur": 1},
        "kvu.unknown_key",
    ),
]


def test_every_kvu_refusal_is_dutch_and_english_on_request():
    kvu = Kvu(start_journey("nachtkwartier", store=SQLiteStore(":memory:")))
    seen = set()

    def refused(call, key):
        before = len(kvu.journey.events)
        with pytest.raises(SprintkitError) as caught:
            call()
        assert len(kvu.journey.events) == before
        _assert_dutch_with_english(caught.value)
        assert caught.value.message.key == key, caught.value.message
        seen.add(key)

    for kind, payload, key in KVU_REFUSALS:
        refused(lambda: kvu.journey.command(kind, payload), key)  # noqa: B023
    a = _own_measure(kvu)
    refused(
        lambda: kvu.journey.command(
            "measure_selected", {"measure": a, "name": "x", "environment": "criminal"}
        ),
        "kvu.already_selected",
    )
    base = {"measure": a, "owner": "teamchef", "deadline": "2025-09-01", "goal": "Minder geweld"}
    plan = lambda **extra: kvu.journey.command("measure_planned", base | extra)  # noqa: E731
    refused(lambda: plan(owner="onbekend"), "kvu.unknown_owner")
    refused(lambda: plan(budget=-5), "kvu.negative")
    refused(lambda: plan(goal="x" * 5000), "kvu.too_long")
    refused(lambda: kvu.progress(a, "gestart"), "kvu.not_planned")
    refusals = {
        k
        for k in catalog()
        if re.fullmatch(
            r"kvu\.(required|not_\w+|too_long|bad_\w+|already_\w+|unknown_\w+|negative)", k
        )
    }
    assert sorted(refusals - seen) == []


# -- (d) Dutch that agrees: counted messages, no "reis"/"journey", no English ------------------
def _counted(key: str) -> bool:
    return any("{count}" in form for text in catalog()[key].values() for form in forms(text))


COUNTED = sorted(key for key in catalog() if _counted(key))


def _neighbours(text: str) -> tuple[set[str], set[str]]:
    """The words right before and right after ``{count}`` in one form of a message."""
    before = set(re.findall(r"(\w+) \{count\}", text))
    after = set(re.findall(r"\{count\}\s*(\w+)", text))
    return before, after


@pytest.mark.parametrize("key", COUNTED)
def test_every_counted_message_has_plural_forms(key):
    entry = catalog()[key]
    for lang in LANGS:
        assert isinstance(entry[lang], dict), f"{key} ({lang}) counts without plural forms"
        assert {"one", "other"} <= set(entry[lang]), key


def disagreements(one: str, other: str, text: str, n: int) -> list[str]:
    """Words around the number that belong to the other form ('1 notities', 'ontbreken 1')."""
    one = one if "{count}" in one else one.replace("1", "{count}", 1)
    one_before, one_after = _neighbours(one)
    other_before, other_after = _neighbours(other)
    if n == 1:
        before, after = other_before - one_before, other_after - one_after
    else:
        before, after = one_before - other_before, one_after - other_after
    wrong = [f"{w} {n}" for w in before if f"{w} {n}" in text]
    return wrong + [f"{n} {w}" for w in after if re.search(rf"\b{n} {w}\b", text)]


def test_the_agreement_check_sees_the_known_mistakes():
    one, other = "er ontbreekt {count} ding", "er ontbreken {count} dingen"
    assert disagreements(one, other, "er ontbreken 1 dingen", 1) == ["ontbreken 1", "1 dingen"]
    assert disagreements("{count} ontbreekt", "{count} ontbreken", "0 ontbreekt", 0)
    assert disagreements("1 notitie", "{count} notities", "1 notities", 1) == ["1 notities"]
    assert disagreements("1 notitie", "{count} notities", "2 notities", 2) == []


@pytest.mark.parametrize("key", COUNTED)
def test_counted_messages_agree_for_0_1_2(key):
    """'er ontbreken 1 dingen', '0 ontbreekt' and '1 notities' cannot be rendered."""
    entry = catalog()[key]
    for lang in LANGS:
        one, other = entry[lang]["one"], entry[lang]["other"]
        values = {name: f"«{name}»" for name in fields(entry[lang]) - {"count"}}
        for n in (0, 1, 2):
            text = t(key, lang, count=n, **values)
            assert "{" not in text, (key, lang, n, text)
            assert not disagreements(one, other, text, n), (key, lang, n, text)


def _dutch_texts():
    for key, entry in sorted(catalog().items()):
        for form in forms(entry["nl"]):
            yield key, form


def test_no_dutch_string_calls_the_journey_reis_or_journey():
    """Dutch says 'traject'; the CLI's command names (`sprintkit journey ...`) stay as they are."""
    found = []
    for key, text in _dutch_texts():
        plain = re.sub(r"sprintkit journey \w+|--journey|\{\w+\}|'[^']*'", " ", text)
        if re.search(r"\b(journey|journeys|reis|reizen)\b", plain, re.IGNORECASE):
            found.append((key, text))
    assert found == []


def test_no_dutch_string_reads_as_english_or_says_u():
    found = []
    for key, text in _dutch_texts():
        plain = re.sub(r"\{\w+\}|sprintkit \w+( \w+)?|--\w+|U\+|\w+-csv", " ", text)
        if english_words(plain) - {"no", "to", "use"}:  # 'no' in codes, 'to' in units, e.g.
            found.append((key, text, english_words(plain)))
        if re.search(r"\b(u|uw)\b", plain):
            found.append((key, text, {"u"}))
    assert found == []


def test_engine_and_workspace_errors_carry_a_message_worded_by_the_reader(molenwijk):
    """Raised once, read in the CLI's --lang: no text is fixed at raise time."""
    with pytest.raises(SprintkitError) as caught:
        start_journey(molenwijk, store=SQLiteStore(":memory:"), at_sprint=9)
    assert isinstance(caught.value.message, Message)
    assert caught.value.text("nl") == "deze methode heeft sprints 1 tot en met 7, niet 9"
    assert caught.value.text("en").startswith("this method has sprints 1 to 7")
    journey = start_journey(molenwijk, store=SQLiteStore(":memory:"))
    with pytest.raises(SprintkitError) as caught:
        journey.undo()
    assert isinstance(caught.value.message, Message)
    assert not english_words(caught.value.text("nl")) and english_words(caught.value.text("en"))
