"""Erasure and retention: after ``vergeet`` no byte of the person is left in the store file.

The raw database file and its WAL are read as bytes; the journey still refolds to the live
state, passes the gates it passed before, and shows the person's contributions as
``[vergeten]``. Another writer on the same store catches up; the device map forgets too.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sprintkit.cli import main
from sprintkit.engine import effective, fold
from sprintkit.engine.erasure import FORGOTTEN
from sprintkit.kinds.board.actions import add_note
from sprintkit.retention import expire_journeys, forget_person
from sprintkit.serve.devices import DeviceMap, device_file
from sprintkit.store import SQLiteStore
from sprintkit.workspace import open_journey, start_journey

SECRET = "Ria vertelde dat haar zoon Kevin door de dealer wordt bedreigd"


def raw(path: Path) -> bytes:
    """The bytes of the store file and its WAL (and shared memory), as on disk."""
    return b"".join(
        Path(f"{path}{suffix}").read_bytes()
        for suffix in ("", "-wal", "-shm")
        if Path(f"{path}{suffix}").exists()
    )


@pytest.fixture
def demo(tmp_path):
    """A Molenwijk journey with sprint 1 closed from demo input, plus Ria's own note."""
    path = tmp_path / "sessie.sqlite"
    j = start_journey("molenwijk", store=path, at_sprint=2, demo=True)
    run = j.start_run("buurtschouw")
    add_note(j, run, SECRET, author="ria_brouwer")
    add_note(j, run, "Ria Brouwer heeft een sleutel van het buurthuis", author="henk_dijkstra")
    return path, j


def test_vergeet_leaves_no_byte_of_the_person(demo):
    path, j = demo
    closed = [n for n in (1, 2) if j.state.phase(n).status == "closed"]
    assert closed == [1] and j.missing(1) == []
    open_gaps = [g.kind for g in j.missing(2)]
    before = raw(path)
    assert b"Ria Brouwer" in before and SECRET.encode() in before and b"ria_brouwer" in before
    event = forget_person("molenwijk", "Ria Brouwer", store=path)
    assert event.kind == "person_forgotten" and "Ria" not in str(event.payload)
    j.refresh()  # the other writer (here: the fixture's journey) rereads the whole log
    after = raw(path)
    for gone in (b"Ria Brouwer", b"ria_brouwer", b"Brouwer", SECRET.encode(), b"Kevin"):
        assert gone not in after, gone
    assert Path(f"{path}-wal").stat().st_size == 0  # checkpointed and truncated
    assert j.state == fold(effective(j.events))  # still refolds to the same state
    assert j.missing(1) == []  # and passes the gates it passed
    assert [g.kind for g in j.missing(2)] == open_gaps
    texts = [n.text for r in j.state.runs.values() for n in r.notes.values()]
    assert FORGOTTEN in texts
    assert "[vergeten] heeft een sleutel van het buurthuis" in texts  # named by someone else
    person = j.state.roster["vergeten-1"]
    assert person.name == FORGOTTEN and person.removed
    fresh = open_journey("molenwijk", store=path)
    assert fresh.state == j.state


def test_vergeet_on_the_cli_and_the_device_map(demo, capsys):
    path, j = demo
    devices = DeviceMap(device_file(path), j.id)
    devices.add("ria_brouwer")
    devices.add("henk_dijkstra")
    devices.close()
    code = main(["journey", "vergeet", "molenwijk", "ria_brouwer", "--store", str(path), "--ja"])
    assert code == 0 and "Vergeten:" in capsys.readouterr().out
    data = device_file(path).read_bytes()
    assert b"ria_brouwer" not in data and b"henk_dijkstra" in data


def test_opruimen_erases_everyone_from_idle_journeys(demo, capsys):
    path, j = demo
    assert expire_journeys("molenwijk", 30, store=path) == []  # not idle yet
    later = datetime.now(UTC) + timedelta(days=31)
    done = expire_journeys("molenwijk", 30, store=path, now=later)
    assert [e.kind for e in done] == ["journey_expired"]
    after = raw(path)
    for actor in j.casus.actors:
        assert actor.name.encode() not in after, actor.name
    fresh = open_journey("molenwijk", store=path)
    assert all(p.name == FORGOTTEN and p.removed for p in fresh.state.roster.values())
    assert fresh.missing(1) == []
    assert expire_journeys("molenwijk", 30, store=path, now=later) == []  # once
    code = main(["journey", "opruimen", "molenwijk", "--ouder-dan", "30", "--store", str(path)])
    assert code == 1 or "Opgeruimd" in capsys.readouterr().out  # no answer on stdin: no


def test_delete_wipes_the_bytes_too(tmp_path):
    path = tmp_path / "s.sqlite"
    j = start_journey("molenwijk", store=path)
    add_note(j, j.start_run("praktijksafari"), SECRET, author="ria_brouwer")
    j.store.delete(j.id)
    assert SECRET.encode() not in raw(path)


def test_a_store_without_redact_says_so(molenwijk):
    from sprintkit.errors import SprintkitError

    class Plain:  # the EventStore protocol of an older backend, without redact
        def __init__(self):
            self.inner = SQLiteStore(":memory:")

        def __getattr__(self, name):
            if name == "redact":
                raise AttributeError(name)
            return getattr(self.inner, name)

    j = start_journey(molenwijk, store=Plain())
    j.add_person("Rutger Bos")
    with pytest.raises(SprintkitError, match="kan niemand vergeten"):
        j.forget("Rutger Bos")
