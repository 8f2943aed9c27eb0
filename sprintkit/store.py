"""The session store: an append-only, crash-safe event log in SQLite.

Everything a facilitator enters is one :class:`Event`. :meth:`SQLiteStore.append` returns only
after the event is durable (WAL journal, ``synchronous=FULL``, one transaction per append), so an
acknowledged event survives a crash or a killed kernel. Events are never updated or deleted:
undo and reset are new events (see :mod:`sprintkit.engine`).

The interface is deliberately narrow (``append``, ``read``, ``last_seq``, ``transaction``,
``journeys``, ``delete``, ``redact``, ``save_snapshot``, ``load_snapshot``), and
:class:`~sprintkit.stores.postgres.PostgresStore` implements it for PostgreSQL
(:func:`sprintkit.stores.open_ref` picks the backend by a path or a ``postgresql://`` URL).

The one exception to "never updated or deleted" is the right to erasure (AVG):
:meth:`SQLiteStore.redact` rewrites the events that held a person in one transaction, drops
the journey's snapshots and appends the event that logs it, and :meth:`SQLiteStore.delete`
removes a journey; both then make the bytes go away (``secure_delete`` is always on, the WAL
is checkpointed and truncated, the file is vacuumed). The file is created ``0600`` in a
folder made ``0700``; SQLite gives the ``-wal`` and ``-shm`` files the same mode.

Several writers share one journey through :meth:`SQLiteStore.transaction`: it takes the write
lock first (``BEGIN IMMEDIATE``; PostgreSQL would lock the journey's row), then hands over the
events others appended since the caller last looked, so a check made inside it sees the latest
state and nothing can be appended between the check and the append.

Examples:
    >>> store = SQLiteStore(":memory:")
    >>> event = store.append(NewEvent(journey="j1", kind="note_added", payload={"text": "Donker"}))
    >>> [e.payload["text"] for e in store.read("j1")]
    ['Donker']
"""

from __future__ import annotations

import functools
import json
import os
import random
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, NamedTuple, ParamSpec, Protocol, TypeVar

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

from ._atomic_write import PRIVATE, private_dir
from ._gc import paused_gc
from .errors import SprintkitError, path_error
from .i18n import Message

__all__ = [
    "Event",
    "NewEvent",
    "EventStore",
    "SQLiteStore",
    "EventRejected",
    "StoreError",
    "StoreMissing",
    "StoreDamaged",
    "StoreNewer",
    "StoreUnusable",
    "Transaction",
    "Redaction",
    "MAX_TEXT_BYTES",
    "SCHEMA_VERSION",
    "default_store_path",
]

#: Largest total text in one event payload (UTF-8 bytes).
MAX_TEXT_BYTES = 64 * 1024
SCHEMA_VERSION = 2

_ALLOWED_CONTROL = {"\n", "\r", "\t"}


class StoreError(SprintkitError):
    """The session store cannot be opened or written."""


class StoreMissing(StoreError):
    """A store opened for reading does not exist (and was not created)."""


class StoreDamaged(StoreError):
    """The file is no SQLite database, is damaged, or lacks sprintkit's tables."""


class StoreNewer(StoreError):
    """The file was written by a newer sprintkit (a higher schema version)."""


class StoreUnusable(StoreError):
    """The store cannot be used here: no access, read-only, a folder, a full or failing disk."""


#: SQLite's primary result codes -> (error class, message key); see _store_error
_BY_CODE: dict[int, tuple[type[StoreError], str]] = {
    sqlite3.SQLITE_NOTADB: (StoreDamaged, "failure.store.not_a_database"),
    sqlite3.SQLITE_CORRUPT: (StoreDamaged, "failure.store.damaged"),
    # our statements are fixed, so a plain SQL error means the tables are not ours
    sqlite3.SQLITE_ERROR: (StoreDamaged, "failure.store.tables"),
    sqlite3.SQLITE_PERM: (StoreUnusable, "failure.store.denied"),
    sqlite3.SQLITE_AUTH: (StoreUnusable, "failure.store.denied"),
    sqlite3.SQLITE_READONLY: (StoreUnusable, "failure.store.read_only"),
    sqlite3.SQLITE_FULL: (StoreUnusable, "failure.store.full"),
}
_BUSY = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})


def _store_error(exc: sqlite3.Error, path: str) -> StoreError:
    """The :class:`StoreError` for an SQLite error, chosen by its result code (not its text)."""
    code = getattr(exc, "sqlite_errorcode", None)
    name = getattr(exc, "sqlite_errorname", None) or type(exc).__name__
    if code is None:  # raised by Python's sqlite3 module, not by SQLite
        if isinstance(exc, sqlite3.OperationalError):  # stored text that is not UTF-8
            return StoreDamaged(Message("failure.store.damaged", path=path))
        return StoreUnusable(Message("failure.store.io", path=path, code=name))
    if code & 0xFF == sqlite3.SQLITE_CANTOPEN:
        file = Path(path)
        there = file if file.exists() else file.parent
        if file.is_dir():
            return StoreUnusable(Message("failure.store.is_folder", path=path))
        if not os.access(there, os.R_OK | os.W_OK):
            return StoreUnusable(Message("failure.store.denied", path=path))
    if code == sqlite3.SQLITE_IOERR_SHORT_READ:  # the file ends before its pages do
        return StoreDamaged(Message("failure.store.damaged", path=path))
    kind, key = _BY_CODE.get(code & 0xFF, (StoreUnusable, "failure.store.io"))
    return kind(Message(key, path=path, code=name))


class EventRejected(SprintkitError, ValueError):
    """An event was refused before anything was written; the store is unchanged."""


@dataclass(frozen=True)
class NewEvent:
    """An event to append; the store gives it an id, a sequence number and a time."""

    journey: str
    kind: str
    payload: dict[str, Any] = field(default_factory=dict)
    phase: int | None = None
    run: str | None = None
    author: str | None = None
    id: str | None = None
    time: str | None = None


class Event(NamedTuple):
    """A stored event. ``seq`` orders events within one store; ``id`` is globally unique.

    A named tuple, not a frozen dataclass: replay builds 10,000 of them per refold, and a frozen
    dataclass's ``__init__`` (one ``object.__setattr__`` per field) cost four times as much.
    """

    seq: int
    id: str
    time: str
    journey: str
    kind: str
    payload: dict[str, Any]
    phase: int | None = None
    run: str | None = None
    author: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The event as plain JSON-ready data, without the store-local ``seq``."""
        return {
            "id": self.id,
            "time": self.time,
            "journey": self.journey,
            "phase": self.phase,
            "run": self.run,
            "kind": self.kind,
            "author": self.author,
            "payload": self.payload,
        }


@dataclass(frozen=True)
class Redaction:
    """The new payload and author of an event that named a person who is forgotten."""

    payload: dict[str, Any]
    author: str | None


class Transaction(Protocol):
    """One journey's write transaction: what others appended, and a way to append more."""

    #: events of the journey appended after the ``since`` the transaction was opened with
    new: list[Event]

    def append(self, event: NewEvent) -> Event:
        """Append inside the transaction (durable once the transaction commits)."""
        ...


class EventStore(Protocol):
    """What the engine needs from a store: :class:`SQLiteStore` or ``PostgresStore``."""

    def append(self, event: NewEvent) -> Event:
        """Write one event durably and return it as stored."""
        ...

    def read(self, journey: str, since: int = 0, limit: int | None = None) -> list[Event]:
        """Events of ``journey`` with ``seq > since``, in order (at most ``limit``)."""
        ...

    def last_seq(self, journey: str) -> int:
        """The sequence number of the journey's newest event (0 when it has none); cheap."""
        ...

    def transaction(self, journey: str, since: int = 0) -> AbstractContextManager[Transaction]:
        """Lock ``journey`` for writing, read its events after ``since``, append; all or nothing.

        Commits when the block ends normally, rolls back (nothing stored) when it raises.
        """
        ...

    def journeys(self) -> list[str]:
        """Ids of all journeys with at least one event, oldest first."""
        ...

    def delete(self, journey: str) -> int:
        """Remove a journey and its snapshots; returns how many events were removed."""
        ...

    def redact(self, journey: str, changes: dict[str, Redaction], log: NewEvent) -> Event:
        """Rewrite events of ``journey`` (by id), drop its snapshots, append ``log``.

        One transaction, after which no byte of the old payloads remains in the store.
        """
        ...

    def save_snapshot(self, journey: str, seq: int, state: str) -> None:
        """Keep a folded state (JSON) valid up to and including ``seq``."""
        ...

    def load_snapshot(self, journey: str) -> tuple[int, str] | None:
        """The newest snapshot of ``journey`` as ``(seq, state)``, if any."""
        ...


def default_store_path(casus_root: Path | None) -> Path:
    """``<casus>/.sprintkit/session.sqlite``, or a per-user folder when that is not writable."""
    if casus_root is not None:
        folder = casus_root / ".sprintkit"
        writable = os.access(folder if folder.exists() else casus_root, os.W_OK)
        if writable:
            return folder / "session.sqlite"
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
        return base / "sprintkit" / casus_root.name / "session.sqlite"
    return Path.cwd() / ".sprintkit" / "session.sqlite"


def check_payload(payload: dict[str, Any]) -> str:
    r"""The payload as JSON, or :class:`EventRejected` when it is too large or has control chars.

    Examples:
        >>> check_payload({"text": "ok"})
        '{"text": "ok"}'
        >>> check_payload({"text": "bel\x07"})
        Traceback (most recent call last):
        ...
        sprintkit.store.EventRejected: de tekst bevat een stuurteken (U+0007) bij 'text'
    """
    total = 0
    stack: list[tuple[str, Any]] = [("", payload)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((f"{where}.{k}".lstrip("."), v) for k, v in value.items())
            stack.extend((where or "(key)", str(k)) for k in value)
        elif isinstance(value, list | tuple):
            stack.extend((f"{where}[{i}]", v) for i, v in enumerate(value))
        elif isinstance(value, str):
            total += len(value.encode("utf-8"))
            bad = next((c for c in value if ord(c) < 32 and c not in _ALLOWED_CONTROL), None)
            bad = bad or next((c for c in value if 0x7F <= ord(c) <= 0x9F), None)
            if bad is not None:
                raise EventRejected(
                    Message("store.control_char", code=f"{ord(bad):04X}", where=where)
                )
    if total > MAX_TEXT_BYTES:
        raise EventRejected(Message("store.too_long", size=total, limit=MAX_TEXT_BYTES))
    try:
        return json.dumps(payload, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise EventRejected(Message("store.not_json")) from exc


#: Forward migrations: version -> statements that bring version-1 to version.
_MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            time TEXT NOT NULL,
            journey TEXT NOT NULL,
            phase INTEGER,
            run TEXT,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            author TEXT
        )""",
        "CREATE INDEX events_by_journey ON events (journey, seq)",
    ],
    2: [
        """CREATE TABLE snapshots (
            journey TEXT NOT NULL,
            seq INTEGER NOT NULL,
            state TEXT NOT NULL,
            PRIMARY KEY (journey, seq)
        )""",
    ],
}


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _serialised(
    method: Callable[Concatenate[SQLiteStore, _P], _R],
) -> Callable[Concatenate[SQLiteStore, _P], _R]:
    """Run ``method`` holding the store's lock: one thread at a time on its connection."""

    @functools.wraps(method)
    def locked(self: SQLiteStore, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self._lock:
            return method(self, *args, **kwargs)

    return locked


class SQLiteStore:
    """An :class:`EventStore` in one SQLite file (or ``":memory:"``).

    Several processes may write the same file: a locked database is retried with exponential
    backoff inside the store, up to ``busy_seconds``, so callers never see "database is locked".
    """

    #: SQLite cannot tell other processes of a change: :meth:`wait_for_change` polls
    pushes_changes = False

    def __init__(
        self, path: str | os.PathLike[str], busy_seconds: float = 30.0, *, create: bool = True
    ):
        """Open (``create=True``: or create) the store at ``path``.

        With ``create=False`` a missing file is :class:`StoreMissing` and nothing is made, so
        commands that only read never leave a store behind.
        """
        self.path = str(path)
        self.busy_seconds = busy_seconds
        self._lock = threading.RLock()
        if self.path != ":memory:":
            self._prepare_file(create)
        try:
            # one thread at a time (self._lock), from whichever thread: a kernel may run a widget's
            # callback on another thread than the cell that opened the store
            self._db = sqlite3.connect(
                self.path, timeout=1.0, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise _store_error(exc, self.path) from exc
        try:
            self._retry(self._open)
        except BaseException:
            self._db.close()  # a refused file is not kept open (nor locked on Windows)
            raise

    def _prepare_file(self, create: bool) -> None:
        """Refuse a folder or (``create=False``) a missing file; make the parent folder."""
        file = Path(self.path)
        if file.is_dir():
            raise StoreUnusable(Message("failure.store.is_folder", path=self.path))
        if not create and not file.is_file():
            raise StoreMissing(Message("store.missing", path=self.path))
        try:
            private_dir(file.parent)
            if not file.exists():  # only its owner may read it (SQLite copies the mode to -wal)
                os.close(os.open(file, os.O_CREAT | os.O_WRONLY, PRIVATE))
        except OSError as exc:
            raise path_error(exc, file.parent) from exc

    def _open(self) -> None:
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        # what is deleted or rewritten is overwritten with zeros, not left in free pages
        self._db.execute("PRAGMA secure_delete=ON")
        self._migrate()

    # -- plumbing -------------------------------------------------------------------------
    def _retry(self, action: Any) -> Any:
        deadline = time.monotonic() + self.busy_seconds
        delay = 0.005
        while True:
            try:
                return action()
            except sqlite3.IntegrityError:
                raise  # a constraint, not a lock: never retried (_insert words a duplicate id)
            except UnicodeDecodeError as exc:  # SQLite's own message held damaged bytes
                raise StoreDamaged(Message("failure.store.damaged", path=self.path)) from exc
            except sqlite3.Error as exc:
                locked = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF in _BUSY
                if not locked or time.monotonic() > deadline:
                    raise _store_error(exc, self.path) from exc
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 2, 0.25)

    def _migrate(self) -> None:
        db = self._db
        if self._current_version() == SCHEMA_VERSION:
            return  # the common case takes no write lock (several writers open at once)
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = db.execute("SELECT version FROM schema_version").fetchone()
            current = row[0] if row else 0
            if current > SCHEMA_VERSION:
                raise StoreNewer(
                    Message("store.newer", path=self.path, schema=current, known=SCHEMA_VERSION)
                )
            for version in range(current + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[version]:
                    db.execute(statement)
            if row is None:
                db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
            else:
                db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION,))
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def _current_version(self) -> int:
        try:
            row = self._db.execute("SELECT version FROM schema_version").fetchone()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return 0
            raise
        return int(row[0]) if row else 0

    @property
    @_serialised
    def schema_version(self) -> int:
        """The schema version of the open file."""
        return self._db.execute("SELECT version FROM schema_version").fetchone()[0]

    # -- the EventStore interface ---------------------------------------------------------
    @_serialised
    def append(self, event: NewEvent) -> Event:
        """Write ``event`` durably; return it with its id, sequence number and time."""
        row = _row(event)
        return _stored(self._retry(lambda: self._insert(row)), row, event)

    def _insert(self, row: tuple[Any, ...]) -> int:
        """Insert one event; a duplicate id is :class:`EventRejected` (the transaction goes on)."""
        try:
            cursor = self._db.execute(
                "INSERT INTO events (id, time, journey, phase, run, kind, payload, author)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
        except sqlite3.IntegrityError:
            raise EventRejected(Message("store.duplicate_id", id=row[0])) from None
        return int(cursor.lastrowid or 0)

    @_serialised
    def last_seq(self, journey: str) -> int:
        """The sequence number of the journey's newest event (0 when none): one index probe."""
        row = self._retry(
            lambda: self._db.execute(
                "SELECT MAX(seq) FROM events WHERE journey = ?", (journey,)
            ).fetchone()
        )
        return int(row[0] or 0)

    def wait_for_change(self, journey: str, since: int, timeout: float) -> int:
        """The journey's newest ``seq`` once it is past ``since``, or after ``timeout`` seconds.

        SQLite has no way to tell another process of a commit, so this probes
        :meth:`last_seq` every 0.2 s (callers that poll anyway just call ``last_seq``); the
        PostgreSQL store waits for a notification instead.
        """
        deadline = time.monotonic() + timeout
        while True:
            last = self.last_seq(journey)
            if last > since or time.monotonic() >= deadline:
                return last
            time.sleep(min(0.2, max(0.0, deadline - time.monotonic())))

    @contextmanager
    def transaction(self, journey: str, since: int = 0) -> Iterator[_StoreTransaction]:
        """``BEGIN IMMEDIATE`` (the write lock, waited for), the new events, appends, COMMIT.

        Another process cannot append between the read of the new events and this block's
        appends, so a check made inside the block holds when the events are stored.
        """
        with self._lock:
            yield from self._transaction(journey, since)

    def _transaction(self, journey: str, since: int) -> Iterator[_StoreTransaction]:
        if self._db.in_transaction:
            raise StoreError(Message("store.nested", path=self.path))
        self._retry(lambda: self._db.execute("BEGIN IMMEDIATE"))
        try:
            tx = _StoreTransaction(self, self._read(journey, since, None))
            yield tx
            self._db.execute("COMMIT")
        except BaseException as exc:
            if self._db.in_transaction:
                with suppress(sqlite3.Error):  # a damaged file may refuse the rollback too
                    self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise _store_error(exc, self.path) from exc
            if isinstance(exc, UnicodeDecodeError):
                raise StoreDamaged(Message("failure.store.damaged", path=self.path)) from exc
            raise

    @_serialised
    def delete(self, journey: str) -> int:
        """Remove every event and snapshot of ``journey`` in one transaction; bytes wiped."""

        def remove() -> int:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                gone = self._db.execute("DELETE FROM events WHERE journey = ?", (journey,))
                self._db.execute("DELETE FROM snapshots WHERE journey = ?", (journey,))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            return int(gone.rowcount)

        count = int(self._retry(remove))
        self.wipe()
        return count

    @_serialised
    def redact(self, journey: str, changes: dict[str, Redaction], log: NewEvent) -> Event:
        """Rewrite the events ``changes`` names, drop the snapshots, append ``log``; then wipe.

        The one place events change (the right to erasure); see ``docs/architecture.md``.
        """
        rows = _redaction_rows(journey, changes)
        with self.transaction(journey) as tx:
            self._db.executemany(
                "UPDATE events SET payload = ?, author = ? WHERE id = ? AND journey = ?", rows
            )
            self._db.execute("DELETE FROM snapshots WHERE journey = ?", (journey,))
            stored = tx.append(log)
        self.wipe()
        return stored

    @_serialised
    def wipe(self) -> None:
        """Make deleted and rewritten bytes unreadable.

        Checkpoint and truncate the WAL, rebuild the file without free pages (VACUUM), and
        truncate the WAL again.
        """
        if self.path == ":memory:":
            return
        self._checkpoint()
        self._retry(lambda: self._db.execute("VACUUM"))
        self._checkpoint()

    def _checkpoint(self) -> None:
        """``wal_checkpoint(TRUNCATE)``, waited for while another connection still reads."""
        deadline = time.monotonic() + self.busy_seconds
        while True:
            row = self._retry(
                lambda: self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            )
            if not row[0]:
                return
            if time.monotonic() > deadline:  # a reader keeps the old frames: say so
                raise StoreUnusable(Message("privacy.wipe_blocked", path=self.path))
            time.sleep(0.05)

    @_serialised
    def read(self, journey: str, since: int = 0, limit: int | None = None) -> list[Event]:
        """Events of ``journey`` after sequence number ``since``, oldest first."""
        events: list[Event] = self._retry(lambda: self._read(journey, since, limit))
        return events

    @paused_gc  # thousands of events and payloads at once: see sprintkit._gc
    def _read(self, journey: str, since: int, limit: int | None) -> list[Event]:
        rows = self._db.execute(
            f"SELECT {EVENT_COLUMNS} FROM events"
            " WHERE journey = ? AND seq > ? ORDER BY seq LIMIT ?",
            (journey, since, -1 if limit is None else limit),
        ).fetchall()
        return events_of(rows, journey, self.path)

    @_serialised
    def journeys(self) -> list[str]:
        """Ids of all journeys in this store, in the order they started."""
        rows = self._retry(
            lambda: self._db.execute(
                "SELECT journey FROM events GROUP BY journey ORDER BY MIN(seq)"
            ).fetchall()
        )
        return [r[0] for r in rows]

    @_serialised
    def save_snapshot(self, journey: str, seq: int, state: str) -> None:
        """Keep a folded state valid up to ``seq`` (a cache: events stay the truth)."""
        self._retry(
            lambda: self._db.execute(
                "INSERT OR REPLACE INTO snapshots (journey, seq, state) VALUES (?, ?, ?)",
                (journey, seq, state),
            )
        )

    @_serialised
    def load_snapshot(self, journey: str) -> tuple[int, str] | None:
        """The newest snapshot of ``journey``."""
        row = self._retry(
            lambda: self._db.execute(
                "SELECT seq, state FROM snapshots WHERE journey = ? ORDER BY seq DESC LIMIT 1",
                (journey,),
            ).fetchone()
        )
        return (row[0], row[1]) if row else None

    @_serialised
    def integrity_check(self) -> str:
        """SQLite's own verdict on the file (``'ok'`` when healthy)."""
        return self._db.execute("PRAGMA integrity_check").fetchone()[0]

    @_serialised
    def close(self) -> None:
        """Close the connection (a WAL checkpoint happens on the last close)."""
        self._db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Inserts(Protocol):
    def _insert(self, row: tuple[Any, ...]) -> int: ...


class _StoreTransaction:
    """The :class:`Transaction` of both backends' ``transaction``.

    Their ``_insert`` adds one checked row inside the open transaction and words a duplicate id
    as :class:`EventRejected` itself.
    """

    __slots__ = ("_store", "new")

    def __init__(self, store: _Inserts, new: list[Event]):
        self._store, self.new = store, new

    def append(self, event: NewEvent) -> Event:
        row = _row(event)
        return _stored(self._store._insert(row), row, event)


#: The columns :func:`events_of` reads, in its order (``journey`` is the one asked for).
EVENT_COLUMNS = "seq, id, time, kind, payload, phase, run, author"


@functools.cache
def _decode() -> Callable[[str], Any]:
    # lazy: msgspec's import costs about 5 ms, and only a read needs it
    import msgspec

    return msgspec.json.Decoder().decode


def events_of(rows: list[Any], journey: str, where: str) -> list[Event]:
    """The :class:`Event` of each row of :data:`EVENT_COLUMNS` (both backends read through this).

    The payloads are decoded with msgspec (several times faster than :mod:`json` per payload, and
    a third faster than one ``json.loads`` over all of them). msgspec reads every integer
    exactly, as :mod:`json` does (orjson turns one beyond 64 bits into a float); what msgspec
    refuses and :mod:`json` takes (``NaN``, a lone surrogate, ``1e400``: never written by
    :func:`check_payload`, but a file may have been written by hand) is decoded by :mod:`json`,
    so every payload reads exactly as it did with :mod:`json` alone. A payload that is no JSON at
    all is :class:`StoreDamaged`.
    """
    decode = _decode()
    # tuple.__new__ itself: Event._make is a Python function around it (it checks the length,
    # which is fixed here), and cost twice as much per row
    new = tuple.__new__
    try:
        return [
            new(Event, (seq, id_, time_, journey, kind, decode(payload), phase, run, author))
            for seq, id_, time_, kind, payload, phase, run, author in rows
        ]
    except (TypeError, ValueError):  # rare: decode row by row, json where msgspec refuses
        return [
            new(Event, (seq, id_, time_, journey, kind, _decode_strictly(payload, where), *rest))
            for seq, id_, time_, kind, payload, *rest in rows
        ]


def _decode_strictly(payload: Any, where: str) -> Any:
    try:
        return _decode()(payload)
    except (TypeError, ValueError):
        pass
    try:
        return json.loads(payload)
    except (TypeError, ValueError) as exc:  # NULL, or not JSON: written by hand or damaged
        raise StoreDamaged(Message("failure.store.damaged", path=where)) from exc


def _row(event: NewEvent) -> tuple[Any, ...]:
    """The checked row of ``event`` (id and time filled in), or :class:`EventRejected`."""
    if not event.journey or not event.kind:
        raise EventRejected(Message("store.needs_kind"))
    payload = check_payload(event.payload)
    event_id = event.id or uuid.uuid4().hex
    stamp = event.time or datetime.now(UTC).isoformat(timespec="microseconds")
    return (
        event_id,
        stamp,
        event.journey,
        event.phase,
        event.run,
        event.kind,
        payload,
        event.author,
    )


def _redaction_rows(journey: str, changes: dict[str, Redaction]) -> list[tuple[Any, ...]]:
    """The checked ``(payload, author, id, journey)`` rows of a redaction (both backends)."""
    return [
        (check_payload(r.payload), r.author, event_id, journey) for event_id, r in changes.items()
    ]


def _stored(seq: int, row: tuple[Any, ...], event: NewEvent) -> Event:
    return Event(
        seq,
        row[0],
        row[1],
        event.journey,
        event.kind,
        dict(event.payload),
        event.phase,
        event.run,
        event.author,
    )
