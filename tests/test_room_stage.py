"""move_room: the facilitator's stage buttons as one journey command (sprintkit/engine/stage.py)."""

from __future__ import annotations

import pytest

from sprintkit.engine.stage import ROOM_STAGES, move_room
from sprintkit.errors import SprintkitError
from sprintkit.kinds.board.actions import add_note
from sprintkit.store import SQLiteStore
from sprintkit.workspace import start_journey


@pytest.fixture
def journey():
    return start_journey("molenwijk", store=SQLiteStore(":memory:"))  # not the casus folder


def _kinds(journey, since: int) -> list[str]:
    return [e.kind for e in journey.events[since:]]


def test_reveal_stores_the_notes_revealed_and_the_stage_together_once(journey):
    run = journey.start_run("praktijksafari")
    move_room(journey, "capture", run)
    add_note(journey, run, "Donkere onderdoorgang", author="anna")
    assert not journey.run(run).revealed
    before = len(journey.events)
    move_room(journey, "reveal", run)
    assert _kinds(journey, before) == ["notes_revealed", "stage_set"]
    assert journey.run(run).revealed and journey.state.stage.stage == "reveal"
    again = len(journey.events)
    move_room(journey, "reveal", run)  # the button pressed twice: the notes are out already
    assert _kinds(journey, again) == ["stage_set"]


def test_tallies_shows_the_counts_and_keeps_the_stage(journey):
    run = journey.start_run("praktijksafari")
    move_room(journey, "vote", run)
    before = len(journey.events)
    move_room(journey, "tallies", run)
    assert _kinds(journey, before) == ["tallies_revealed"]
    assert journey.run(run).tallies_revealed and journey.state.stage.stage == "vote"


def test_a_kind_without_hidden_notes_only_changes_the_stage(journey):
    run = journey.start_run("samen-beslissen", phase=3)  # a consent round: nothing to reveal
    before = len(journey.events)
    move_room(journey, "reveal", run)
    assert _kinds(journey, before) == ["stage_set"]


def test_join_is_about_no_run(journey):
    run = journey.start_run("praktijksafari")
    move_room(journey, "join", run)
    assert journey.state.stage.stage == "join" and journey.state.stage.run is None


@pytest.mark.parametrize(
    ("stage", "nl", "en"),
    [
        ("reveal", "'onthullen' gaat over een werkvorm", "'reveal' is about a work form"),
        ("tallies", "'tussenstand tonen' gaat over een werkvorm", "'showing the tallies' is"),
        ("vote", "'stemmen' gaat over een werkvorm", "'voting' is about a work form"),
    ],
)
def test_a_stage_without_a_run_is_refused_in_words_of_the_screen(journey, stage, nl, en):
    before = len(journey.events)
    with pytest.raises(SprintkitError) as caught:
        move_room(journey, stage)
    assert caught.value.text("nl").startswith(nl)
    assert caught.value.text("en").startswith(en)
    assert len(journey.events) == before  # nothing half-stored


def test_an_unknown_stage_is_refused_with_the_choices(journey):
    with pytest.raises(SprintkitError) as caught:
        move_room(journey, "dansen")
    assert all(stage in caught.value.text("nl") for stage in ROOM_STAGES)
