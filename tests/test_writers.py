"""Several writers on one journey: every check is made against the latest state, atomically."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from sprintkit.canvas import CanvasError
from sprintkit.engine import effective, fold
from sprintkit.errors import SprintkitError
from sprintkit.kinds.board.actions import add_note, reveal, vote
from sprintkit.store import SQLiteStore
from sprintkit.workspace import open_journey, play_demo, start_journey

WORKER = Path(__file__).parent / "writers" / "worker.py"
ROOT = Path(__file__).resolve().parents[1]
BUDGET = 3  # votes_per_person of praktijksafari


def _refold(store, journey_id, upto=None):
    events = store.read(journey_id)
    if upto is not None:
        events = [e for e in events if e.seq <= upto]
    return fold(effective(events)).model_dump(mode="json")


def test_four_processes_share_one_journey(tmp_path, backend):
    path = backend.ref
    journey = start_journey("molenwijk", store=backend.open())
    play_demo(journey, 1, close=False)  # the gate of phase 1 is satisfied: one worker closes it
    for name in ("ria", "tom", "ans", *(f"schrijver{i}" for i in range(4))):
        journey.add_person(name)  # the demo put casus actors on the roster: the room joins too
    run = journey.start_run("praktijksafari", 1)
    reveal(journey, run)
    go = tmp_path / "go"
    paths = [str(ROOT), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                str(WORKER),
                str(path),
                journey.id,
                run,
                str(i),
                str(go),
                str(12 if i == 0 else -1),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for i in range(4)
    ]
    go.touch()
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=180)  # bounded: a hang fails the test
        assert worker.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))

    store = backend.open()
    final = _refold(store, journey.id)
    for result in results:
        assert result["unexpected"] == []
        # the state each writer ended with is the fold of what was stored up to its last look
        assert result["before"]["state"] == _refold(store, journey.id, result["before"]["last_seq"])
        assert result["after"]["state"] == final
    refusals = Counter()
    for result in results:
        refusals.update(result["refusals"])
    # the budget ran out for all three shared voters, and the closed phase refused the rest
    assert refusals["votes_used"] >= 1 and refusals["phase_closed"] >= 1

    events = store.read(journey.id)
    closed = next(e.seq for e in events if e.kind == "phase_closed" and e.phase == 1)
    on_board = [e for e in events if e.run == run and e.kind in ("note_added", "vote_cast")]
    assert on_board and all(e.seq < closed for e in on_board)  # nothing landed after closing
    votes = Counter(e.author for e in events if e.run == run and e.kind == "vote_cast")
    assert votes and max(votes.values()) <= BUDGET
    state_votes = Counter(v for n in final["runs"][run]["notes"].values() for v in n["votes"])
    assert state_votes == votes
    assert all(v != n["author"] for n in final["runs"][run]["notes"].values() for v in n["votes"])
    print(f"refusals: {dict(refusals)}; events on the board: {len(on_board)}")


def test_a_stale_journey_is_checked_against_the_latest_state(backend):
    first = start_journey("molenwijk", store=backend.open())
    run = first.start_run("praktijksafari", 1)
    second = open_journey("molenwijk", first.id, store=backend.open())
    notes = [add_note(first, run, f"n{i}", author="ria") for i in range(4)]
    reveal(first, run)
    for note in notes[:3]:
        vote(first, run, note, "tom")
    assert second.run(run).notes == {}  # stale until it writes or refreshes
    with pytest.raises(CanvasError) as refused:
        vote(second, run, notes[3], "tom")  # the budget is judged on the latest state
    assert "al 3 stemmen" in str(refused.value) or "stemmen" in str(refused.value)
    assert len(second.run(run).notes) == 4  # the refusal still brought the others' events
    first.undo()  # the other writer's undo takes back tom's third vote
    assert [e.kind for e in second.refresh()] == ["undo"]
    vote(second, run, notes[3], "tom")
    first.refresh()
    assert first.state == second.state == fold(effective(first.store.read(first.id)))


def test_refresh_and_last_seq(backend):
    first = start_journey("molenwijk", store=backend.open())
    second = open_journey("molenwijk", first.id, store=backend.open())
    assert second.refresh() == []
    run = first.start_run("praktijksafari", 1)
    assert first.store.last_seq(first.id) == first.last_seq > second.last_seq
    assert [e.run for e in second.refresh()] == [run]
    assert second.last_seq == first.last_seq


# -- two journeys on one store, interleaved by hypothesis --------------------------------------
PEOPLE = ("ria", "tom", "ans")


class TwoWriters(RuleBasedStateMachine):
    """Two Journey objects (two connections) on one store file, commands interleaved."""

    template: tuple[Path, str, str] | None = None  # made once, copied for every example

    def __init__(self):
        super().__init__()
        self.folder = Path(tempfile.mkdtemp())
        if TwoWriters.template is None:
            path = Path(tempfile.mkdtemp()) / "template.sqlite"
            with SQLiteStore(path) as store:
                first = start_journey("molenwijk", store=store)
                play_demo(first, 1, close=False)  # phase 1 may close
                for name in PEOPLE:
                    first.add_person(name)  # the demo put casus actors on the roster
                run = first.start_run("praktijksafari", 1)
                reveal(first, run)
            TwoWriters.template = (path, first.id, run)
        template, journey_id, self.run = TwoWriters.template
        self.writers = [
            open_journey("molenwijk", journey_id, store=store)
            for store in self.open_copies(template)
        ]

    def open_copies(self, template: Path) -> list:
        """Two connections to a fresh copy of the template store."""
        path = shutil.copy(template, self.folder / "s.sqlite")
        return [SQLiteStore(path), SQLiteStore(path)]

    def _try(self, action):
        try:
            action()
        except SprintkitError:
            pass  # a refusal in Dutch; the invariants below say the state stayed right

    @rule(who=st.integers(0, 1), author=st.sampled_from(PEOPLE))
    def add(self, who, author):
        self._try(lambda: add_note(self.writers[who], self.run, f"notitie {author}", author=author))

    @rule(who=st.integers(0, 1), voter=st.sampled_from(PEOPLE), pick=st.integers(0, 50))
    def cast(self, who, voter, pick):
        journey = self.writers[who]
        run = journey.state.runs.get(self.run)  # possibly stale: the check is not
        notes = list(run.notes) if run is not None else []
        if notes:
            self._try(lambda: vote(journey, self.run, notes[pick % len(notes)], voter))

    @rule(who=st.integers(0, 1), author=st.sampled_from(PEOPLE), n=st.integers(0, 9))
    def add_personal(self, who, author, n):
        journey = self.writers[who]
        self._try(lambda: add_note(journey, self.run, f"privé {n}", author=author, personal=True))

    @rule(who=st.integers(0, 1))
    def clear_and_draft(self, who):
        """Empty a result field, then store the draft the work forms propose for it."""
        journey = self.writers[who]

        def action():
            journey.set_result("pijnpunten", [], 1)
            for key, value in journey.draft_result(1).items():
                journey.set_result(key, value, 1)

        self._try(action)

    @rule(who=st.integers(0, 1), phase=st.sampled_from([1, 2]))
    def close_any(self, who, phase):
        self._try(lambda: self.writers[who].close_phase(phase))

    @rule(who=st.integers(0, 1))
    def undo(self, who):
        self._try(self.writers[who].undo)

    @rule(who=st.integers(0, 1))
    def redo(self, who):
        self._try(self.writers[who].redo)

    @rule(who=st.integers(0, 1))
    def close(self, who):
        self._try(lambda: self.writers[who].close_phase(1))

    @rule(who=st.integers(0, 1))
    def reopen(self, who):
        self._try(lambda: self.writers[who].reopen_phase(1))

    @rule(who=st.integers(0, 1))
    def refresh(self, who):
        self.writers[who].refresh()

    @invariant()
    def live_equals_refold(self):
        first, second = self.writers
        # before a refresh: each state is the fold of the store up to where it last looked
        for journey in self.writers:
            upto = [e for e in journey.store.read(journey.id) if e.seq <= journey.last_seq]
            assert journey.state == fold(effective(upto))
        first.refresh()
        second.refresh()
        refold = fold(effective(first.store.read(first.id)))
        assert first.state == second.state == refold
        run = refold.runs.get(self.run)  # an undo may take back the run itself
        notes = run.notes.values() if run is not None else []
        votes = Counter(v for n in notes for v in n.votes)
        assert all(count <= BUDGET for count in votes.values())
        assert all(v != n.author for n in notes for v in n.votes)
        # nothing personal in a result, stored or closed
        results = json.dumps(
            [(p.result, p.closed_result) for p in refold.phases.values()], ensure_ascii=False
        )
        assert "privé" not in results
        # a phase closed only when the ones before it were closed at that moment
        closed: set[int] = set()
        for event in effective(first.store.read(first.id)):
            if event.kind == "phase_closed" and event.phase:
                assert set(range(1, event.phase)) <= closed, event
                closed.add(event.phase)
            elif event.kind == "phase_reopened" and event.phase:
                closed.discard(event.phase)

    def teardown(self):
        for journey in self.writers:
            journey.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)


TestTwoWriters = TwoWriters.TestCase
TestTwoWriters.settings = settings(
    max_examples=25,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


class TwoWritersOnPostgres(TwoWriters):
    """The same machine on PostgreSQL: the template copied into a schema of its own."""

    server = None  # the session's throwaway server, set by the test below

    def open_copies(self, template: Path) -> list:
        from sprintkit.stores.postgres import PostgresStore
        from sprintkit.transfer import copy_journeys

        self.schema = self.server.new_schema()
        url = self.server.url(schema=self.schema)
        with SQLiteStore(template) as source, PostgresStore(url) as target:
            copy_journeys(source, target)
        return [PostgresStore(url), PostgresStore(url)]

    def teardown(self):
        super().teardown()
        self.server.drop_schema(self.schema)


@pytest.mark.postgres
def test_two_writers_on_postgres(pg_server):
    from hypothesis.stateful import run_state_machine_as_test

    TwoWritersOnPostgres.server = pg_server
    run_state_machine_as_test(
        TwoWritersOnPostgres,
        settings=settings(
            max_examples=12,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


def test_redo_checks_what_comes_back_against_the_budget(tmp_path):
    journey = start_journey("molenwijk", store=SQLiteStore(tmp_path / "s.sqlite"))
    run = journey.start_run("praktijksafari", 1)
    notes = [add_note(journey, run, f"n{i}", author="ria") for i in range(4)]
    reveal(journey, run)
    for note in notes[:3]:
        vote(journey, run, note, "tom")
    journey.undo()  # tom's third vote is taken back...
    vote(journey, run, notes[3], "tom")  # ...and spent on another note
    with pytest.raises(CanvasError, match="stemmen"):
        journey.redo()  # bringing the old one back would make four
    assert sum(n.votes.count("tom") for n in journey.run(run).notes.values()) == BUDGET
