"""The session store: durable appends, crash safety, concurrent writers, refused input.

The contract tests run on both backends (the ``backend`` fixture: an SQLite file and a
PostgreSQL schema of the throwaway server); a few check what only one of them has.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sprintkit.store import (
    MAX_TEXT_BYTES,
    SCHEMA_VERSION,
    EventRejected,
    NewEvent,
    SQLiteStore,
    StoreError,
)

ROOT = Path(__file__).resolve().parents[1]
#: subprocesses load this checkout's sprintkit, not whichever one is installed
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}


@pytest.fixture
def store(backend):
    with backend.open() as s:
        yield s


def test_append_returns_stored_event_and_read_since(store):
    first = store.append(
        NewEvent(
            journey="j", kind="note_added", payload={"text": "a"}, phase=1, run="r", author="ans"
        )
    )
    store.append(NewEvent(journey="j", kind="note_added", payload={"text": "b"}))
    store.append(NewEvent(journey="other", kind="x"))
    assert first.seq == 1 and len(first.id) == 32 and first.time.endswith("+00:00")
    assert [e.payload["text"] for e in store.read("j")] == ["a", "b"]
    assert [e.payload["text"] for e in store.read("j", since=first.seq)] == ["b"]
    assert store.journeys() == ["j", "other"]
    assert store.read("j")[0].to_dict()["author"] == "ans"


def test_an_append_is_durable_when_it_returns(store):
    if isinstance(store, SQLiteStore):
        assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    else:  # whatever the database's default, sprintkit's connections wait for the flush
        assert store._db.execute("SHOW synchronous_commit").fetchone()[0] == "on"
        assert store._db.execute("SHOW fsync").fetchone()[0] == "on"


def test_schema_is_versioned_and_migrates_forward(tmp_path):
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    db.execute("INSERT INTO schema_version VALUES (1)")
    db.execute("""CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL
               UNIQUE, time TEXT NOT NULL, journey TEXT NOT NULL, phase INTEGER, run TEXT,
               kind TEXT NOT NULL, payload TEXT NOT NULL, author TEXT)""")
    db.execute(
        "INSERT INTO events (id, time, journey, kind, payload) VALUES "
        "('e1', '2026-01-01', 'j', 'journey_started', '{}')"
    )
    db.commit()
    db.close()
    with SQLiteStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 2
        assert [e.id for e in store.read("j")] == ["e1"]
        store.save_snapshot("j", 1, "{}")
        assert store.load_snapshot("j") == (1, "{}")


def test_a_newer_schema_is_refused(backend, request):
    backend.open().close()
    if backend.name == "sqlite":
        db = sqlite3.connect(backend.ref)
        db.execute("UPDATE schema_version SET version = 99")
        db.commit()
        db.close()
    else:
        from sprintkit.stores.postgres import split_url

        schema = split_url(backend.ref)[1]
        request.getfixturevalue("pg_server").sql(f"UPDATE {schema}.schema_version SET version = 99")
    with pytest.raises(StoreError, match="nieuwere sprintkit"):
        backend.open()


def test_store_init_makes_the_tables_on_both_backends(backend, capsys):
    from sprintkit.cli import main
    from sprintkit.stores import shown

    with pytest.raises(StoreError):  # nothing there yet
        backend.open(create=False)
    assert main(["--lang", "en", "store", "init", backend.ref]) == 0
    assert f"Store {shown(backend.ref)} is ready (schema version" in capsys.readouterr().out
    store = backend.open(create=False)
    assert store.journeys() == []  # made, and nothing written
    store.close()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"text": "x" * (MAX_TEXT_BYTES + 1)}, "tekst is te lang"),
        ({"text": "a\x00b"}, "stuurteken \\(U\\+0000\\)"),
        ({"items": ["ok", "bell\x07"]}, "bij 'items\\[1\\]'"),
        ({"text": "esc\x1b[31m"}, "U\\+001B"),
        ({"value": float("nan")}, "geen gewone JSON"),
        ({"value": object()}, "geen gewone JSON"),
    ],
)
def test_bad_input_is_refused_and_the_store_is_unchanged(store, payload, message):
    store.append(NewEvent(journey="j", kind="k", payload={"text": "ok"}))
    with pytest.raises(EventRejected, match=message):
        store.append(NewEvent(journey="j", kind="k", payload=payload))
    assert len(store.read("j")) == 1


def test_newlines_tabs_and_unicode_are_fine(store):
    text = "Regel één\n\tmet tab – en emoji 🚲"
    store.append(NewEvent(journey="j", kind="k", payload={"text": text}))
    assert store.read("j")[0].payload["text"] == text


def test_duplicate_event_id_is_refused(store):
    store.append(NewEvent(journey="j", kind="k", id="same"))
    with pytest.raises(EventRejected, match="al een gebeurtenis met id same"):
        store.append(NewEvent(journey="j", kind="k", id="same"))


WRITER = textwrap.dedent("""
    import sys
    from sprintkit.store import NewEvent
    from sprintkit.stores import open_ref
    store = open_ref(sys.argv[1])
    for i in range(int(sys.argv[3])):
        event = store.append(NewEvent(journey=sys.argv[2], kind="note_added",
                                      payload={"text": f"note {i}"}))
        print(event.id, flush=True)
""")


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_every_acknowledged_event_survives_sigkill(backend, seed):
    kill_after = random.Random(seed).randint(5, 400)
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, backend.ref, "j", "1000"],
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    acknowledged = []
    for line in child.stdout:
        acknowledged.append(line.strip())
        if len(acknowledged) >= kill_after:
            child.send_signal(signal.SIGKILL)
            break
    child.wait()
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    with backend.open() as store:
        stored = [e.id for e in store.read("j")]
        assert set(acknowledged) <= set(stored) and len(stored) == len(set(stored))
        if isinstance(store, SQLiteStore):
            assert store.integrity_check() == "ok"
        # and the store still takes new events after the crash (no lock left behind)
        store.append(NewEvent(journey="j", kind="after_crash"))
        assert store.read("j")[-1].kind == "after_crash"


@pytest.mark.slow
def test_two_writers_at_once_lose_nothing(backend):
    backend.open().close()
    children = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, backend.ref, name, "500"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=ENV,
        )
        for name in ("a", "b")
    ]
    outputs = [child.communicate(timeout=300) for child in children]
    for child, (out, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
        assert "locked" not in err
        assert len(out.split()) == 500
    with backend.open() as store:
        assert len(store.read("a")) == len(store.read("b")) == 500
        seqs = [e.seq for e in store.read("a") + store.read("b")]
        assert len(set(seqs)) == 1000
        if isinstance(store, SQLiteStore):
            assert store.integrity_check() == "ok"


def test_a_store_opened_in_one_thread_works_from_another(backend):
    """A kernel may run a widget's callback on another thread than the cell that opened it."""
    import threading

    store = backend.open()
    store.append(NewEvent(journey="j", kind="in_the_cell"))
    seen: list[object] = []

    def callback() -> None:
        try:
            store.append(NewEvent(journey="j", kind="in_a_callback"))
            seen.append([e.kind for e in store.read("j")])
        except Exception as exc:  # noqa: BLE001 - the assertion below shows it
            seen.append(exc)

    worker = threading.Thread(target=callback)
    worker.start()
    worker.join(timeout=30)
    assert seen == [["in_the_cell", "in_a_callback"]]
    store.close()


def test_threads_sharing_one_store_take_turns_in_transactions(backend):
    import threading

    store = backend.open()
    errors: list[Exception] = []

    def writer(name: str) -> None:
        try:
            for i in range(100):
                with store.transaction("j") as tx:
                    tx.append(
                        NewEvent(journey="j", kind="note_added", payload={"text": f"{name}{i}"})
                    )
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    events = store.read("j")
    assert len(events) == 200 and [e.seq for e in events] == sorted(e.seq for e in events)
    assert {e.payload["text"] for e in events} == {f"{n}{i}" for n in "ab" for i in range(100)}
    store.close()
