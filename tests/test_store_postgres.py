"""What only the PostgreSQL store has: URLs, its errors, the journey lock, push, erasure on disk.

The contract it shares with SQLite is tested on both in ``test_store.py`` and
``test_writers.py``; here the throwaway server of ``tests/pgserver.py`` is used directly.
"""

from __future__ import annotations

import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sprintkit.cli import main
from sprintkit.engine import effective, fold
from sprintkit.kinds.board.actions import add_note
from sprintkit.retention import expire_journeys, forget_person
from sprintkit.serve.devices import device_map
from sprintkit.store import NewEvent, StoreMissing, StoreUnusable
from sprintkit.stores import is_url, open_ref, shown
from sprintkit.stores.postgres import PostgresStore, split_url
from sprintkit.workspace import open_journey, open_store, start_journey

pytestmark = pytest.mark.postgres


def test_a_url_opens_postgres_and_a_path_sqlite(pg_url, tmp_path, molenwijk, monkeypatch):
    assert isinstance(open_ref(pg_url), PostgresStore)
    assert type(open_ref(tmp_path / "s.sqlite")).__name__ == "SQLiteStore"
    monkeypatch.setenv("SPRINTKIT_STORE", pg_url)  # the default when no --store is given
    store = open_store(molenwijk)
    assert isinstance(store, PostgresStore) and store.url == pg_url
    store.close()


def test_schema_comes_from_the_url_and_is_checked():
    assert split_url("postgresql://u@h/db?sslmode=require&schema=wijk_oost") == (
        "postgresql://u@h/db?sslmode=require",
        "wijk_oost",
    )
    with pytest.raises(StoreUnusable, match="kan geen schemanaam zijn"):
        PostgresStore("postgresql://u@h/db?schema=Robert%27);DROP")


def test_opening_for_reading_makes_nothing(pg_server):
    schema = pg_server.new_schema()
    with pytest.raises(StoreMissing, match="bestaat niet"):
        open_ref(pg_server.url(schema=schema), create=False)
    found = pg_server.sql(f"SELECT 1 FROM pg_namespace WHERE nspname = '{schema}'")
    assert found == []


def test_an_unreachable_server_is_worded_without_the_password():
    url = "postgresql://anna:geheim@127.0.0.1:1/sprintkit?connect_timeout=5"
    with pytest.raises(StoreUnusable) as caught:
        PostgresStore(url)
    text = caught.value.text("nl")
    assert "niet bereikbaar" in text and "geheim" not in text and "anna:***@" in text
    assert "cannot be reached" in caught.value.text("en")
    assert shown(url) == "postgresql://anna:***@127.0.0.1:1/sprintkit?connect_timeout=5"


def test_a_role_without_rights_is_refused_in_dutch(pg_server, pg_url):
    PostgresStore(pg_url).close()  # the schema exists, made by its owner
    role = f"gast_{uuid.uuid4().hex[:8]}"
    pg_server.sql(f"CREATE ROLE {role} LOGIN")
    try:
        url = pg_url.replace("user=postgres", f"user={role}")
        with pytest.raises(StoreUnusable, match="weigert de toegang"):
            PostgresStore(url)
    finally:
        pg_server.sql(f"DROP ROLE {role}")


def test_a_journey_is_locked_for_its_writers_only(pg_url):
    first, second, third = (PostgresStore(pg_url) for _ in range(3))
    first.append(NewEvent(journey="j", kind="journey_started"))
    entered = threading.Event()
    seen: list[list[str]] = []

    def other_writer() -> None:
        with second.transaction("j", since=1) as tx:
            entered.set()
            seen.append([e.kind for e in tx.new])
            tx.append(NewEvent(journey="j", kind="second"))

    with first.transaction("j", since=1) as tx:
        worker = threading.Thread(target=other_writer)
        worker.start()
        with third.transaction("k") as other:  # another journey does not wait
            other.append(NewEvent(journey="k", kind="elsewhere"))
        assert not entered.wait(0.5)  # the same journey waits for this block
        tx.append(NewEvent(journey="j", kind="first"))
    worker.join(timeout=30)
    assert seen == [["first"]]  # its check saw what the first writer appended
    assert [e.kind for e in third.read("j")] == ["journey_started", "first", "second"]
    for store in (first, second, third):
        store.close()


def test_a_duplicate_id_inside_a_transaction_leaves_it_usable(pg_url):
    from sprintkit.store import EventRejected

    store = PostgresStore(pg_url)
    store.append(NewEvent(journey="j", kind="k", id="same"))
    with store.transaction("j") as tx:
        with pytest.raises(EventRejected, match="al een gebeurtenis met id same"):
            tx.append(NewEvent(journey="j", kind="k", id="same"))
        tx.append(NewEvent(journey="j", kind="after"))  # as SQLite: the transaction goes on
    assert [e.kind for e in store.read("j")] == ["k", "after"]
    store.close()


def test_wait_for_change_is_woken_by_another_connection(pg_url):
    waiter, writer = PostgresStore(pg_url), PostgresStore(pg_url)
    start = writer.append(NewEvent(journey="j", kind="journey_started")).seq
    assert waiter.wait_for_change("j", 0, 30) == start  # already past: at once
    got: list[int] = []
    worker = threading.Thread(target=lambda: got.append(waiter.wait_for_change("j", start, 60)))
    begun = time.monotonic()
    worker.start()
    time.sleep(0.3)
    writer.append(NewEvent(journey="other", kind="elsewhere"))  # another journey: keeps waiting
    time.sleep(0.3)
    assert got == []
    added = writer.append(NewEvent(journey="j", kind="note_added")).seq
    worker.join(timeout=30)
    assert got == [added] and time.monotonic() - begun < 60  # woken, not timed out
    assert waiter.wait_for_change("j", added, 0.2) == added  # nothing new: the same seq
    for store in (waiter, writer):
        store.close()


def test_close_wakes_a_waiter(pg_url):
    store = PostgresStore(pg_url)
    worker = threading.Thread(target=lambda: store.wait_for_change("j", 0, 120))
    worker.start()
    time.sleep(0.3)
    store.close()
    worker.join(timeout=20)  # a hang guard: without the wake it would wait 120 s
    assert not worker.is_alive()


def test_store_copy_both_ways_refolds_the_same(pg_url, tmp_path, capsys):
    sqlite = tmp_path / "s.sqlite"
    journey = start_journey("molenwijk", store=sqlite, at_sprint=3, demo=True)
    assert main(["store", "copy", str(sqlite), pg_url]) == 0
    assert "opnieuw ingelezen en gelijk bevonden" in capsys.readouterr().out
    on_pg = open_journey("molenwijk", journey.id, store=pg_url)
    assert on_pg.state == journey.state == fold(effective(on_pg.events))
    on_pg.add_person("Nieuwe Deelnemer")  # go on in PostgreSQL, then bring it back
    back = tmp_path / "terug.sqlite"
    assert main(["store", "copy", pg_url, str(back)]) == 0
    returned = open_journey("molenwijk", journey.id, store=back)
    assert returned.state == on_pg.state and len(returned.events) == len(on_pg.events)
    assert main(["store", "copy", pg_url, str(back)]) == 0  # twice: equal, skipped
    assert "stond er al en is gelijk" in capsys.readouterr().out
    journey.add_person("Alleen In Het Origineel")  # now the two differ: refused, nothing written
    before = len(open_ref(pg_url).read(journey.id))
    assert main(["store", "copy", str(sqlite), pg_url]) == 1
    assert "staat al in" in capsys.readouterr().err
    assert len(open_ref(pg_url).read(journey.id)) == before


# -- erasure: the bytes gone from the table files ---------------------------------------------
def _table_files(pg_server, schema: str) -> dict[str, Path]:
    """The files of the schema's tables, their TOAST tables and indexes, on disk."""
    rows = pg_server.sql(
        "SELECT c.relname, pg_relation_filepath(c.oid) FROM pg_class c"
        f" JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '{schema}'"
        " UNION SELECT t.relname, pg_relation_filepath(t.oid) FROM pg_class c"
        f" JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_class t ON t.oid = c.reltoastrelid"
        f" WHERE n.nspname = '{schema}'"
    )
    return {name: pg_server.data_dir / path for name, path in rows if path}


def _schema_bytes(pg_server, schema: str, also: dict[str, Path] | None = None) -> bytes:
    """The bytes of the schema's table files now (and of ``also``: the files they had before).

    Every fork and segment of each file (``16384``, ``16384.1``, ``16384_fsm``, ...), after a
    checkpoint, so what sits in shared buffers is on disk too. The system catalogues are left
    out (they hold words such as "Danish" that are not ours).
    """
    pg_server.sql("CHECKPOINT")
    paths = set(_table_files(pg_server, schema).values()) | set((also or {}).values())
    found = b""
    for path in sorted(paths):
        for part in sorted(path.parent.glob(path.name + "*")):
            if part.name == path.name or part.name[len(path.name)] in "._":
                found += part.read_bytes()
    return found


def test_vergeet_leaves_no_byte_in_the_database_files(pg_server, pg_url):
    schema = split_url(pg_url)[1]
    secret = f"Ria vertelde over haar zoon Kevin {uuid.uuid4().hex}"
    j = start_journey("molenwijk", store=pg_url, at_sprint=2, demo=True)
    add_note(j, j.start_run("buurtschouw"), secret, author="ria_brouwer")
    devices = device_map(j.store, j.id)
    devices.add("ria_brouwer")
    devices.add("henk_dijkstra")
    files = _table_files(pg_server, schema)
    before = _schema_bytes(pg_server, schema)
    assert secret.encode() in before and b"Ria Brouwer" in before
    assert secret.encode() in files["events"].read_bytes()
    forget_person("molenwijk", "Ria Brouwer", store=pg_url)
    after = _schema_bytes(pg_server, schema, also=files)
    assert secret.encode() not in after and b"Kevin" not in after
    assert b"ria_brouwer" not in after and b"henk_dijkstra" in after  # her phone only
    moved = _table_files(pg_server, schema)
    assert moved["events"] != files["events"]  # VACUUM FULL wrote the table anew
    assert secret.encode() not in moved["events"].read_bytes()
    assert not files["events"].exists() or files["events"].stat().st_size == 0
    j.refresh()
    assert j.state == fold(effective(j.events)) and j.missing(1) == []


def test_opruimen_and_delete_on_postgres(pg_server, pg_url):
    schema = split_url(pg_url)[1]
    j = start_journey("molenwijk", store=pg_url, at_sprint=2, demo=True)
    files = _table_files(pg_server, schema)
    assert b"Dani" in _schema_bytes(pg_server, schema)
    later = datetime.now(UTC) + timedelta(days=31)
    assert [e.kind for e in expire_journeys("molenwijk", 30, store=pg_url, now=later)] == [
        "journey_expired"
    ]
    after = _schema_bytes(pg_server, schema, also=files)
    for actor in j.casus.actors:
        assert actor.name.encode() not in after, actor.name
    secret = f"weg met delete {uuid.uuid4().hex}"
    other = start_journey("molenwijk", store=pg_url)
    add_note(other, other.start_run("praktijksafari"), secret, author="ria")
    files = _table_files(pg_server, schema)
    assert secret.encode() in _schema_bytes(pg_server, schema)
    assert other.store.delete(other.id) > 0
    assert secret.encode() not in _schema_bytes(pg_server, schema, also=files)


def test_is_url():
    assert is_url("postgres://h/db") and not is_url(Path("postgresql://x"))


def test_erasure_needs_the_owner_role_and_changes_nothing_without_it(pg_server, pg_url):
    owner = PostgresStore(pg_url)
    owner.append(NewEvent(journey="j", kind="note_added", payload={"text": "Ria"}))
    schema = split_url(pg_url)[1]
    role = f"facilitator_{uuid.uuid4().hex[:8]}"
    pg_server.sql(f"CREATE ROLE {role} LOGIN")
    pg_server.sql(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
    pg_server.sql(
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}"
    )
    try:
        facilitator = PostgresStore(pg_url.replace("user=postgres", f"user={role}"))
        facilitator.append(NewEvent(journey="j", kind="note_added", payload={"text": "ok"}))
        with pytest.raises(StoreUnusable, match="eigenaarsrol"):
            facilitator.delete("j")
        assert len(owner.read("j")) == 2  # refused before anything changed
        facilitator.close()
    finally:
        pg_server.sql(f"DROP OWNED BY {role}")
        pg_server.sql(f"DROP ROLE {role}")
    owner.close()


def test_a_waiter_learns_the_seq_from_the_notification(pg_url, monkeypatch):
    waiter, writer = PostgresStore(pg_url), PostgresStore(pg_url)
    start = writer.append(NewEvent(journey="j", kind="journey_started")).seq
    assert waiter.wait_for_change("j", 0, 30) == start  # the first time: asks the database
    asked: list[str] = []
    probe = waiter._probe
    monkeypatch.setattr(waiter, "_probe", lambda db, j: asked.append(j) or probe(db, j))
    for _ in range(3):
        added = writer.append(NewEvent(journey="j", kind="note_added")).seq
        assert waiter.wait_for_change("j", added - 1, 30) == added
    assert asked == []  # each new seq came with its NOTIFY, no query
    for store in (waiter, writer):
        store.close()
