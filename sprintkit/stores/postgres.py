"""The session store in PostgreSQL: the same :class:`~sprintkit.store.EventStore`, shared.

One database serves a municipality's facilitators, the participant servers and the privacy
officer. The guarantees are those of :class:`~sprintkit.store.SQLiteStore`:

* an append returns once it is durable (``synchronous_commit = on`` for every connection,
  whatever the database's default);
* check-and-append is atomic per journey: every write to a journey first takes the
  transaction-scoped advisory lock ``pg_advisory_xact_lock(CLASS, hashtext(schema/journey))``,
  so writers of one journey take turns and its events commit in ``seq`` order (a reader that
  saw ``seq`` n has seen everything of that journey below n), while other journeys go on;
* the schema is versioned (``schema_version``) and a newer one is refused
  (:class:`~sprintkit.store.StoreNewer`);
* every committed append sends ``NOTIFY sprintkit_events`` with ``seq schema/journey``, and
  :meth:`PostgresStore.wait_for_change` waits for it on a connection of its own, so the
  participant server and the notebook are told instead of asking (and, the new ``seq`` being
  in the message, without asking the database again).

The tables live in their own schema (``sprintkit`` unless the URL says ``?schema=NAME``, a
parameter sprintkit reads and removes before connecting), so roles can be granted per schema.
The participant server's device map is a table of the same schema (:mod:`.pg_devices`).
psycopg 3 is imported here only, when a ``postgresql://`` URL is opened (extra ``postgres``).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import unquote

from .._gc import paused_gc
from ..errors import MissingExtraError
from ..i18n import Message
from ..store import (
    EVENT_COLUMNS,
    Event,
    EventRejected,
    NewEvent,
    Redaction,
    StoreDamaged,
    StoreError,
    StoreMissing,
    StoreNewer,
    StoreUnusable,
    _redaction_rows,
    _row,
    _stored,
    _StoreTransaction,
    events_of,
)
from . import shown

if TYPE_CHECKING:
    import psycopg

    from .pg_devices import PgDeviceMap

__all__ = ["PostgresStore", "PG_SCHEMA_VERSION", "CHANNEL", "LOCK_CLASS", "split_url"]

PG_SCHEMA_VERSION = 1
#: the channel every append notifies, with ``seq schema/journey`` as payload
CHANNEL = "sprintkit_events"
#: first key of sprintkit's advisory locks (the second is the journey's hash; 0 migrates)
LOCK_CLASS = 0x5350  # "SP"
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_T = TypeVar("_T")

#: version -> statements; ``{s}`` is the schema, quoted
_MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE {s}.events (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id text NOT NULL UNIQUE,
            time text NOT NULL,
            journey text NOT NULL,
            phase integer,
            run text,
            kind text NOT NULL,
            payload text NOT NULL,
            author text
        )""",
        # stored as written, never compressed: what erasure removes can be checked on disk
        "ALTER TABLE {s}.events ALTER COLUMN payload SET STORAGE EXTERNAL",
        "CREATE INDEX events_by_journey ON {s}.events (journey, seq)",
        """CREATE TABLE {s}.snapshots (
            journey text NOT NULL, seq bigint NOT NULL, state text NOT NULL,
            PRIMARY KEY (journey, seq)
        )""",
        """CREATE TABLE {s}.devices (
            token text PRIMARY KEY, journey text NOT NULL, person text NOT NULL,
            csrf text NOT NULL, created double precision NOT NULL
        )""",
    ],
}


def split_url(url: str) -> tuple[str, str]:
    """``(libpq URL, schema)``: sprintkit's own ``schema`` parameter taken out of ``url``.

    Examples:
        >>> split_url("postgresql://db/sk?schema=wijk_oost&sslmode=require")
        ('postgresql://db/sk?sslmode=require', 'wijk_oost')
        >>> split_url("postgresql:///sk")
        ('postgresql:///sk', 'sprintkit')
    """
    base, _, query = url.partition("?")
    pairs = [pair for pair in query.split("&") if pair]
    schema = next((unquote(p[7:]) for p in pairs if p.startswith("schema=")), "sprintkit")
    rest = "&".join(p for p in pairs if not p.startswith("schema="))
    return (f"{base}?{rest}" if rest else base), schema


def _psycopg() -> Any:
    try:
        import psycopg  # lazy: only a postgresql:// store needs it
    except ImportError as exc:
        raise MissingExtraError(Message("pg.needs_extra")) from exc
    return psycopg


class PostgresStore:
    """An :class:`~sprintkit.store.EventStore` in a PostgreSQL database, named by a URL.

    One connection for reads and writes, used by one thread at a time (a re-entrant lock, as
    :class:`~sprintkit.store.SQLiteStore`), and one more, opened on first use, that listens
    for changes. A connection that broke (a restarted server) is opened again on the next call.
    """

    #: the backend tells of changes itself: waiters need not poll
    pushes_changes = True

    def __init__(self, url: str, busy_seconds: float = 30.0, *, create: bool = True):
        """Connect to ``url`` and bring its schema up to date (``create=False``: never make it)."""
        self.url = url
        self.where = shown(url)
        self.busy_seconds = busy_seconds
        self._conninfo, self.schema = split_url(url)
        if not _SCHEMA_NAME.match(self.schema):
            raise StoreUnusable(Message("pg.bad_schema", schema=self.schema))
        self._s = f'"{self.schema}"'
        self._psycopg = _psycopg()
        self._lock = threading.RLock()
        self._listen_lock = threading.Lock()
        self._listener: psycopg.Connection[Any] | None = None
        #: the newest seq per ``schema/journey`` the listener knows of (probed or heard)
        self._heard: dict[str, int] = {}
        self._waiting: str | None = None  # the key a waiter listens for (close wakes it)
        self._closing = False
        self._db = self._connect()
        try:
            self._run(lambda: self._migrate(create))
        except BaseException:
            self._db.close()
            raise

    # -- plumbing ---------------------------------------------------------------------------
    def _connect(self) -> psycopg.Connection[Any]:
        try:
            db = self._psycopg.connect(self._conninfo, autocommit=True, connect_timeout=10)
        except self._psycopg.Error as exc:
            raise _error(exc, self.where, self._psycopg) from exc
        millis = int(self.busy_seconds * 1000)
        db.execute("SET synchronous_commit = on")  # an append returns once it is durable
        db.execute(f"SET lock_timeout = {millis}")  # a stuck writer is an error, not a hang
        return db

    def _run(self, action: Callable[[], _T]) -> _T:
        """Run ``action`` holding the lock, with psycopg's errors worded as store errors."""
        with self._lock:
            if self._db.broken:  # lost (a restarted server): connect again
                self._db = self._connect()
            try:
                return action()
            except self._psycopg.Error as exc:
                raise _error(exc, self.where, self._psycopg) from exc

    def _migrate(self, create: bool) -> None:
        db, s = self._db, self._s
        if self._version(db) == PG_SCHEMA_VERSION:
            return  # the common case takes no lock
        if not create:
            raise StoreMissing(Message("store.missing", path=self.where))
        with db.transaction():
            db.execute("SELECT pg_advisory_xact_lock(%s, 0)", (LOCK_CLASS,))
            db.execute(f"CREATE SCHEMA IF NOT EXISTS {s}")
            db.execute(f"CREATE TABLE IF NOT EXISTS {s}.schema_version (version integer NOT NULL)")
            row = db.execute(f"SELECT version FROM {s}.schema_version").fetchone()
            current = int(row[0]) if row else 0
            if current > PG_SCHEMA_VERSION:
                raise StoreNewer(
                    Message("store.newer", path=self.where, schema=current, known=PG_SCHEMA_VERSION)
                )
            for version in range(current + 1, PG_SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[version]:
                    db.execute(statement.format(s=s))
            db.execute(f"DELETE FROM {s}.schema_version")
            db.execute(f"INSERT INTO {s}.schema_version VALUES (%s)", (PG_SCHEMA_VERSION,))

    def _version(self, db: psycopg.Connection[Any]) -> int:
        row = db.execute(
            "SELECT to_regclass(%s) IS NOT NULL", (f"{self._s}.schema_version",)
        ).fetchone()
        if not row or not row[0]:
            return 0
        found = db.execute(f"SELECT max(version) FROM {self._s}.schema_version").fetchone()
        return int(found[0] or 0) if found else 0

    @property
    def schema_version(self) -> int:
        """The schema version of the database's sprintkit tables."""
        return self._run(lambda: self._version(self._db))

    def _key(self, journey: str) -> str:
        return f"{self.schema}/{journey}"

    def _lock_journey(self, journey: str) -> None:
        """The journey's write lock, held until the transaction ends (others wait for it)."""
        self._db.execute(
            "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (LOCK_CLASS, self._key(journey))
        )

    def _insert(self, row: tuple[Any, ...]) -> int:
        """Insert one event and notify its journey's listeners (sent when the commit is)."""
        found = self._db.execute(
            f"WITH added AS (INSERT INTO {self._s}.events"
            " (id, time, journey, phase, run, kind, payload, author)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING RETURNING seq)"
            " SELECT seq, pg_notify(%s, seq || ' ' || %s) FROM added",
            (*row, CHANNEL, self._key(row[2])),
        ).fetchone()
        if found is None:  # ON CONFLICT: the transaction stays usable, as SQLite's does
            raise EventRejected(Message("store.duplicate_id", id=row[0]))
        return int(found[0])

    # -- the EventStore interface -----------------------------------------------------------
    def append(self, event: NewEvent) -> Event:
        """Write ``event`` durably (its journey locked meanwhile); return it as stored."""
        row = _row(event)

        def add() -> int:
            with self._db.transaction():
                self._lock_journey(event.journey)
                return self._insert(row)

        return _stored(self._run(add), row, event)

    def last_seq(self, journey: str) -> int:
        """The sequence number of the journey's newest event (0 when none): one index probe."""
        row = self._run(
            lambda: self._db.execute(
                f"SELECT max(seq) FROM {self._s}.events WHERE journey = %s", (journey,)
            ).fetchone()
        )
        return int(row[0] or 0) if row else 0

    @contextmanager
    def transaction(self, journey: str, since: int = 0) -> Iterator[_StoreTransaction]:
        """Lock the journey, hand over its events after ``since``, append; commit or roll back.

        Another writer of the same journey waits at the lock until this block ends, so a
        check made inside it holds when the events are stored.
        """
        with self._lock:
            if self._db.info.transaction_status != self._psycopg.pq.TransactionStatus.IDLE:
                raise StoreError(Message("store.nested", path=self.where))
            if self._db.broken:
                self._db = self._connect()
            try:
                with self._db.transaction():
                    self._lock_journey(journey)
                    yield _StoreTransaction(self, self._read(journey, since, None))
            except self._psycopg.Error as exc:
                raise _error(exc, self.where, self._psycopg) from exc

    def read(self, journey: str, since: int = 0, limit: int | None = None) -> list[Event]:
        """Events of ``journey`` after sequence number ``since``, oldest first."""
        return self._run(lambda: self._read(journey, since, limit))

    @paused_gc  # thousands of events and payloads at once: see sprintkit._gc
    def _read(self, journey: str, since: int, limit: int | None) -> list[Event]:
        rows = self._db.execute(
            f"SELECT {EVENT_COLUMNS} FROM {self._s}.events"
            " WHERE journey = %s AND seq > %s ORDER BY seq LIMIT %s",
            (journey, since, limit),
        ).fetchall()
        return events_of(rows, journey, self.where)  # decoded as the SQLite store does

    def journeys(self) -> list[str]:
        """Ids of all journeys in this store, in the order they started."""
        rows = self._run(
            lambda: self._db.execute(
                f"SELECT journey FROM {self._s}.events GROUP BY journey ORDER BY min(seq)"
            ).fetchall()
        )
        return [r[0] for r in rows]

    def delete(self, journey: str) -> int:
        """Remove the journey's events and snapshots in one transaction; then wipe the tables."""

        def remove() -> int:
            with self._db.transaction():
                self._lock_journey(journey)
                gone = self._db.execute(
                    f"DELETE FROM {self._s}.events WHERE journey = %s", (journey,)
                )
                self._db.execute(f"DELETE FROM {self._s}.snapshots WHERE journey = %s", (journey,))
                return int(gone.rowcount)

        self._run(self._check_owner)  # before anything changes: wiping will be possible
        count = self._run(remove)
        self.wipe()
        return count

    def redact(self, journey: str, changes: dict[str, Redaction], log: NewEvent) -> Event:
        """Rewrite the events ``changes`` names, drop the snapshots, append ``log``; then wipe."""
        rows = _redaction_rows(journey, changes)
        self._run(self._check_owner)  # before anything changes: wiping will be possible
        with self.transaction(journey) as tx:
            with self._db.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {self._s}.events SET payload = %s, author = %s"
                    " WHERE id = %s AND journey = %s",
                    rows,
                )
            self._db.execute(f"DELETE FROM {self._s}.snapshots WHERE journey = %s", (journey,))
            stored = tx.append(log)
        self.wipe()
        return stored

    def wipe(self) -> None:
        """Rewrite the tables without the old row versions (``VACUUM FULL``).

        PostgreSQL keeps an updated or deleted row's old version in the table until a vacuum;
        ``VACUUM FULL`` writes each table (its TOAST table and indexes too) into new files and
        truncates the old ones when it commits. What stays elsewhere (the write-ahead log until
        it is recycled, backups) is in ``docs/deployment.md``. Takes each table's exclusive
        lock for the moment of its rewrite.
        """
        names = ", ".join(self._tables())

        def rewrite() -> None:
            self._check_owner()
            self._db.execute(f"VACUUM FULL {names}")

        self._run(rewrite)

    def _tables(self) -> list[str]:
        return [f"{self._s}.{t}" for t in ("events", "snapshots", "devices")]

    def _check_owner(self) -> None:
        """Refuse erasure to a role that does not own the tables (VACUUM would only warn)."""
        owner = self._db.execute(
            "SELECT bool_and(pg_has_role(current_user, relowner, 'USAGE'))"
            " FROM pg_class WHERE oid = ANY(%s::regclass[])",
            (self._tables(),),
        ).fetchone()
        if not owner or not owner[0]:
            raise StoreUnusable(Message("pg.not_owner", path=self.where))

    def save_snapshot(self, journey: str, seq: int, state: str) -> None:
        """Keep a folded state valid up to ``seq`` (a cache: events stay the truth)."""
        self._run(
            lambda: self._db.execute(
                f"INSERT INTO {self._s}.snapshots (journey, seq, state) VALUES (%s, %s, %s)"
                " ON CONFLICT (journey, seq) DO UPDATE SET state = excluded.state",
                (journey, seq, state),
            )
        )

    def load_snapshot(self, journey: str) -> tuple[int, str] | None:
        """The newest snapshot of ``journey``."""
        row = self._run(
            lambda: self._db.execute(
                f"SELECT seq, state FROM {self._s}.snapshots WHERE journey = %s"
                " ORDER BY seq DESC LIMIT 1",
                (journey,),
            ).fetchone()
        )
        return (int(row[0]), str(row[1])) if row else None

    # -- push -------------------------------------------------------------------------------
    def wait_for_change(self, journey: str, since: int, timeout: float) -> int:
        """Wait until ``journey`` has an event after ``since``; its newest ``seq``.

        Returns at once when there is one already, else when a ``NOTIFY`` for the journey
        arrives, else after ``timeout`` seconds (with the unchanged ``seq``). Listens on a
        connection of its own, so the store's other methods are not held up meanwhile. The
        database is asked for a journey's ``seq`` once per listening connection; after that
        the notifications, which carry it, keep it up to date (a listening connection hears
        every commit after its ``LISTEN``, in commit order).
        """
        deadline = time.monotonic() + timeout
        if not self._listen_lock.acquire(timeout=max(0.0, timeout)):
            return self.last_seq(journey)
        try:
            listener = self._listening()
            key = self._waiting = self._key(journey)
            if key not in self._heard:
                self._heard[key] = self._probe(listener, journey)
            while True:
                last = self._heard[key]
                left = deadline - time.monotonic()
                if last > since or left <= 0 or self._closing:
                    return last
                # the whole first batch (stop_after ends the generator after it, nothing is
                # lost); notifications that came while probing are kept by psycopg
                for note in listener.notifies(timeout=left, stop_after=1):
                    self._hear(note.payload)
        except self._psycopg.Error as exc:
            self._drop_listener()
            raise _error(exc, self.where, self._psycopg) from exc
        finally:
            self._waiting = None
            self._listen_lock.release()

    def _hear(self, payload: str) -> None:
        """Note a notification's ``seq schema/journey`` (``close`` sends one without a seq)."""
        seq, _, key = payload.partition(" ")
        if seq.isdigit() and int(seq) > self._heard.get(key, 0):
            self._heard[key] = int(seq)

    def _listening(self) -> psycopg.Connection[Any]:
        if self._listener is None or self._listener.closed:
            listener = self._connect()
            listener.execute(f"LISTEN {CHANNEL}")
            self._listener = listener
            self._heard.clear()  # what a lost connection missed is asked again
        return self._listener

    def _probe(self, db: psycopg.Connection[Any], journey: str) -> int:
        row = db.execute(
            f"SELECT max(seq) FROM {self._s}.events WHERE journey = %s", (journey,)
        ).fetchone()
        return int(row[0] or 0) if row else 0

    def _drop_listener(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    def device_map(self, journey: str) -> PgDeviceMap:
        """The participant server's device map of ``journey``: a table of this schema."""
        from .pg_devices import PgDeviceMap

        return PgDeviceMap(self, journey)

    def close(self) -> None:
        """Close both connections; a :meth:`wait_for_change` under way returns first."""
        self._closing = True
        with self._lock:
            waiting = self._waiting
            if waiting is not None and not self._db.closed:
                with suppress(self._psycopg.Error):  # wake the waiter: it sees _closing
                    self._db.execute("SELECT pg_notify(%s, %s)", (CHANNEL, waiting))
            self._db.close()
        with self._listen_lock:
            self._drop_listener()

    def __del__(self) -> None:
        # A journey is often dropped without closing its store (SQLite closes on collection);
        # closing here keeps psycopg from warning about a connection that was left open.
        for db in (getattr(self, "_db", None), getattr(self, "_listener", None)):
            if db is not None and not db.closed:
                with suppress(Exception):
                    db.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: SQLSTATE class or code -> (error class, message key)
_BY_STATE: dict[str, tuple[type[StoreError], str]] = {
    "42P01": (StoreDamaged, "failure.store.tables"),  # undefined table
    "42703": (StoreDamaged, "failure.store.tables"),  # undefined column
    "42501": (StoreUnusable, "pg.denied"),  # insufficient privilege
    "28": (StoreUnusable, "pg.denied"),  # invalid authorisation
    "3D000": (StoreUnusable, "pg.no_database"),
    "25006": (StoreUnusable, "pg.read_only"),  # read-only transaction (a standby)
    "53100": (StoreUnusable, "failure.store.full"),
    "55P03": (StoreUnusable, "pg.busy"),  # lock not available (lock_timeout)
    "57P01": (StoreUnusable, "pg.unreachable"),  # the server shut down
}


def _error(exc: Exception, where: str, psycopg: Any) -> StoreError:
    """The :class:`~sprintkit.store.StoreError` for a psycopg error, chosen by its SQLSTATE."""
    state = getattr(exc, "sqlstate", None) or ""
    found = _BY_STATE.get(state) or _BY_STATE.get(state[:2])
    if found is not None:
        kind, key = found
        return kind(Message(key, path=where, code=state))
    if isinstance(exc, psycopg.OperationalError):  # no server, refused, lost
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        return StoreUnusable(Message("pg.unreachable", path=where, code=reason[:200]))
    return StoreUnusable(Message("pg.error", path=where, code=state or type(exc).__name__))
