"""The roster: people are entities of the journey; authors and voters refer to a roster id."""

from __future__ import annotations

import pytest

from sprintkit.canvas import CanvasError
from sprintkit.engine import effective, exchange, fold
from sprintkit.engine.roster import UnknownPerson
from sprintkit.errors import SprintkitError
from sprintkit.kinds.board.actions import add_note, reveal, vote
from sprintkit.store import SQLiteStore
from sprintkit.workspace import start_journey


@pytest.fixture
def journey(molenwijk):
    return start_journey(molenwijk, store=SQLiteStore(":memory:"))


def board(journey):
    run = journey.start_run("praktijksafari")  # a board with 3 votes per person, no self-votes
    return run


def refolded(journey):
    return fold(effective(journey.events))


def test_ids_come_from_the_display_name_and_never_clash(journey):
    assert journey.add_person("Rutger") == "rutger"
    assert journey.add_person("Rutger") == "rutger-2"
    assert journey.add_person("Esther de Wit") == "esther-de-wit"
    assert journey.add_person("  Rütger  ") == "rutger-3"
    journey.remove_person("rutger-3")
    assert journey.add_person("Rutger") == "rutger-4"  # a removed person's id is not reused
    assert [p.id for p in journey.people()] == ["rutger", "rutger-2", "esther-de-wit", "rutger-4"]
    assert refolded(journey).roster == journey.state.roster


def test_person_details_organisation_role_and_played_actor(journey):
    ident = journey.add_person(
        "Ria", organisation="Gemeente Veenstede", role="wijkregisseur", plays="Ria Brouwer"
    )
    person = journey.person(ident)
    assert (person.organisation, person.role, person.plays) == (
        "gemeente_veenstede",
        "wijkregisseur",
        "ria_brouwer",
    )
    other = journey.person(journey.add_person("Kees", organisation="Buurtvereniging Oost"))
    assert other.organisation == "Buurtvereniging Oost"  # free text is kept
    with pytest.raises(SprintkitError, match="de casus kent geen actor 'niemand'"):
        journey.add_person("Piet", plays="niemand")
    with pytest.raises(SprintkitError, match="een persoon heeft een naam nodig"):
        journey.add_person("   ")


def test_names_resolve_case_and_accent_insensitively(journey):
    ident = journey.add_person("Rutger")
    for typed in ("rutger", "Rutger", "Rütger", "RUTGER", " rutger "):
        assert journey.person(typed).id == ident
    journey.add_person("Esther de Wit", plays="esther_de_wit")
    assert journey.person("esther").id == "esther-de-wit"  # first name, only one Esther
    assert journey.person("esther_de_wit").id == "esther-de-wit"  # the actor she plays


def test_an_unknown_person_is_refused_in_dutch_with_a_suggestion(journey):
    journey.add_person("Rutger")
    with pytest.raises(UnknownPerson) as refused:
        journey.person("Rugter")
    assert refused.value.text("nl") == "'Rugter' staat niet op de presentielijst; bedoel je Rutger?"
    with pytest.raises(UnknownPerson, match="'Xander' staat niet op de presentielijst; voeg"):
        journey.person("Xander")
    journey.add_person("Rutger")
    with pytest.raises(SprintkitError, match="past bij meer dan één persoon"):
        journey.person("Rutger")  # two people named Rutger: the name alone is not enough
    assert journey.person("rutger-2").id == "rutger-2"


def test_edit_and_remove(journey):
    ident = journey.add_person("Rutger")
    journey.edit_person("rutger", name="Rutger Bos", role="wijkagent")
    assert journey.person(ident).name == "Rutger Bos"
    assert journey.person(ident).role == "wijkagent"
    with pytest.raises(SprintkitError, match="'leeftijd' hoort niet bij een persoon"):
        journey.edit_person(ident, leeftijd="40")
    run = board(journey)
    note = add_note(journey, run, "Donkere tunnel", author="Rutger Bos")
    journey.remove_person("Rutger Bos")
    with pytest.raises(UnknownPerson, match="Rutger Bos is van de presentielijst gehaald"):
        add_note(journey, run, "Nog een", author="rutger")
    assert journey.person(ident, removed=True).removed
    assert journey.run(run).notes[note].author == ident  # history keeps the person
    journey.undo()  # undo the removal
    assert not journey.person(ident).removed
    assert refolded(journey).roster == journey.state.roster


def test_four_spellings_share_one_vote_budget_of_three(journey):
    run = board(journey)
    rutger = journey.add_person("Rutger")
    journey.add_person("Ria")
    notes = [add_note(journey, run, f"Idee {i}", author="Ria") for i in range(4)]
    reveal(journey, run)
    spellings = ["rutger", "Rutger", "RUTGER", "Rütger"]
    accepted, refused = 0, []
    for i in range(12):
        try:
            vote(journey, run, notes[i % 4], spellings[i % 4])
            accepted += 1
        except CanvasError as exc:
            refused.append(exc.text("nl"))
    assert accepted == 3
    assert rutger == "rutger"  # the roster id; the refusal names the person as added
    assert refused == ["Rutger heeft alle 3 stemmen al uitgebracht"] * 9
    votes = [v for n in journey.run(run).notes.values() for v in n.votes]
    assert votes == [rutger] * 3


def test_no_vote_for_ones_own_note_under_another_spelling(journey):
    run = board(journey)
    journey.add_person("Rutger")
    note = add_note(journey, run, "Meer licht", author="rutger")
    reveal(journey, run)
    for typed in ("Rutger", "Rütger", "rutger"):
        with pytest.raises(CanvasError, match="niet op je eigen notitie"):
            vote(journey, run, note, typed)
    assert journey.run(run).notes[note].votes == []


def test_an_unknown_voter_is_refused_and_nothing_is_stored(journey):
    run = board(journey)
    journey.add_person("Ria")
    note = add_note(journey, run, "Meer licht", author="ria")
    reveal(journey, run)
    before = len(journey.events)
    with pytest.raises(UnknownPerson, match="'Rutgr' staat niet op de presentielijst"):
        vote(journey, run, note, "Rutgr")
    assert len(journey.events) == before


def test_without_a_roster_authors_are_kept_as_given(journey):
    run = board(journey)
    note = add_note(journey, run, "Meer licht", author="ria")
    reveal(journey, run)
    vote(journey, run, note, "Rutger")
    vote(journey, run, note, "rutger")  # two typed names, two people: as before the roster
    assert journey.run(run).notes[note].votes == ["Rutger", "rutger"]
    assert journey.state.roster == {}


def test_a_casus_actor_joins_the_roster_when_named_but_only_if_the_command_passes(journey):
    run = board(journey)
    journey.add_person("Rutger")
    note = add_note(journey, run, "Meer licht", author="ria_brouwer")  # a casus actor
    assert journey.person("ria_brouwer").plays == "ria_brouwer"
    assert journey.run(run).notes[note].author == "ria_brouwer"
    with pytest.raises(CanvasError):  # notes are still hidden: a vote for an unknown note
        vote(journey, run, "geen-notitie", "tom_hendriks")
    assert "tom_hendriks" not in journey.state.roster


def test_demo_input_casts_the_casus_actors_it_names(molenwijk):
    journey = start_journey(molenwijk, store=SQLiteStore(":memory:"), at_sprint=2, demo=True)
    roster = journey.state.roster
    assert "rutger_bos" in roster and roster["rutger_bos"].plays == "rutger_bos"
    assert roster["rutger_bos"].name == molenwijk.actor("rutger_bos").name
    run = next(iter(journey.state.runs.values()))
    authors = {n.author for n in run.notes.values()}
    assert authors <= set(roster)  # the demo's authors are its casus actors' ids, as always
    assert refolded(journey).roster == roster


def test_approvals_and_key_factor_notes_refer_to_roster_ids(molenwijk):
    journey = start_journey(molenwijk, store=SQLiteStore(":memory:"), at_sprint=3, demo=True)
    journey.add_person("Rutger")
    journey.set_result("akkoord", {"Rütger": True, "gemeente_veenstede": True})
    assert journey.state.phase(3).result["akkoord"] == {"rutger": True, "gemeente_veenstede": True}
    with pytest.raises(UnknownPerson):
        journey.set_result("akkoord", {"Rutgr": True})
    journey.note_key_factor("betrokkenheid", "Iedereen blijft", author="RUTGER")
    assert journey.events[-1].author == "rutger"


def test_a_kvu_command_author_is_resolved():
    journey = start_journey("nachtkwartier", store=SQLiteStore(":memory:"))
    journey.add_person("Fatima")
    event = journey.command(
        "success_factor_scored",
        {"factor": "gedeelde-visie", "score": 3, "note": "ok"},
        author="fatimá",
    )
    assert event.author == "fatima"


def test_reset_keeps_the_people_in_the_room_and_export_import_keeps_the_roster(journey):
    journey.add_person("Rutger", organisation="gemeente_veenstede")
    journey.reset()
    assert journey.person("rutger").organisation == "gemeente_veenstede"
    data = exchange.export_journey(journey.store, journey.id)
    other = SQLiteStore(":memory:")
    exchange.import_journey(data, other)
    assert fold(effective(other.read(journey.id))).roster == journey.state.roster


# -- reports and the anonymiser ----------------------------------------------------------------
def typo_journey(molenwijk):
    """A board where notes and votes were typed before a roster existed, then one was made."""
    journey = start_journey(molenwijk, store=SQLiteStore(":memory:"))
    run = board(journey)
    notes = [add_note(journey, run, f"Idee {i}", author="Ria") for i in range(3)]
    add_note(journey, run, "Rutger zegt: meer licht", author="rutger")
    reveal(journey, run)
    for voter, note in (("Rutger", 0), ("rutger", 1), ("Rütger", 2), ("Rutgr", 0)):
        vote(journey, run, notes[note], voter)
    journey.add_person("Rutger", organisation="gemeente_veenstede")
    journey.add_person("Ria", organisation="Buurtvereniging Oost", role="bewoner")
    return journey


def test_the_cooperation_report_counts_people_from_the_roster(molenwijk):
    from sprintkit import reports

    report = reports.build_report(typo_journey(molenwijk), "cooperation")
    texts = list(report.texts())
    assert "Op de presentielijst: 2 personen uit 2 organisaties." in texts
    assert (
        "1 bijdrage kwam van een naam die niet op de presentielijst staat en is niet meegeteld."
        in texts
    )
    who = next(s for s in report.sections if s.heading == "Wie droeg bij").blocks[1]
    rows = {row[0]: row for row in who.rows}
    assert set(rows) == {"Rutger", "Ria"}  # the typo 'Rutgr' is no participant
    assert rows["Rutger"][1] == "Gemeente Veenstede" and rows["Rutger"][3] == "3"  # votes
    assert rows["Ria"][1] == "Buurtvereniging Oost" and rows["Ria"][2] == "3"  # notes


def test_anonymised_reports_and_exports_scrub_roster_names(molenwijk):
    import json

    from sprintkit import reports

    journey = typo_journey(molenwijk)
    journey.edit_person("ria", name="Ria van Dam")
    report = reports.build_report(journey, "cooperation", anonymise=True)
    shown = " ".join(report.texts())
    assert "Rutger" not in shown and "Ria" not in shown and "deelnemer-" in shown
    assert "Buurtvereniging Oost" in shown  # organisations keep their names
    data = exchange.anonymise(exchange.export_journey(journey.store, journey.id), molenwijk)
    dumped = json.dumps(data, ensure_ascii=False)
    for name in ("Rutger", "Ria van Dam", '"ria"', '"rutger"'):
        assert name not in dumped
    added = [e for e in data["events"] if e["kind"] == "person_added"]
    assert all(e["payload"]["name"] == e["payload"]["person"] for e in added)
    assert all(e["payload"]["person"].startswith("deelnemer-") for e in added)
