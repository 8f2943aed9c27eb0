"""The devices that joined a room, the join code and the rate limits.

The device map is a small SQLite file beside the session store (created 0600), never the event
log: a device token is a secret of one phone, not part of the journey's history. Only a hash
of each token is kept, so a copy of the file does not let anyone act as a phone. A PostgreSQL
store keeps its device map as a table of its own schema instead
(:mod:`sprintkit.stores.pg_devices`); :func:`device_map` picks the one that fits the store.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sqlite3
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

__all__ = [
    "ALPHABET",
    "Device",
    "Devices",
    "DeviceMap",
    "RateLimit",
    "csrf_ok",
    "device_file",
    "device_map",
    "new_code",
    "normalise_code",
    "token_hash",
]

#: join code letters: no 0/O, 1/I/L, so a code read off a projector is typed right
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code() -> str:
    """A fresh join code shown as ``XXXX-XXXX`` (8 characters from 31: about 40 bits)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(text: str | None) -> str:
    """A code as typed, compared without case, spaces or dashes.

    Examples:
        >>> normalise_code(" abcd-efgh "), normalise_code("ABCDEFGH")
        ('ABCDEFGH', 'ABCDEFGH')
    """
    return "".join(c for c in (text or "").upper() if c.isalnum())


def device_file(store_path: Path | str) -> Path:
    """Where the device map of a store lives: beside it (``sessies.sqlite.apparaten``)."""
    path = Path(store_path)
    return path.with_name(path.name + ".apparaten")


class Devices(Protocol):
    """What the server needs of a device map (a file beside SQLite, a table in PostgreSQL)."""

    def add(self, person: str) -> tuple[str, Device]:
        """A new device token for ``person``: the token and the device."""
        ...

    def get(self, token: str | None) -> Device | None:
        """The device a token belongs to in this journey."""
        ...

    def count(self) -> int:
        """How many devices joined this journey."""
        ...

    def forget(self, people: set[str] | None = None) -> int:
        """Remove the devices of ``people`` (``None``: everyone), bytes wiped."""
        ...

    def close(self) -> None:
        """Let go of the file or connection."""
        ...


def device_map(store: object, journey: str) -> Devices:
    """The device map of ``journey`` for an open store: its own table, or a file beside it."""
    own = getattr(store, "device_map", None)
    if callable(own):
        found: Devices = own(journey)
        return found
    path = getattr(store, "path", None)
    if not isinstance(path, str) or path == ":memory:":
        return DeviceMap(":memory:", journey)
    return DeviceMap(device_file(path), journey)


def token_hash(token: str) -> str:
    """What the device map keeps of a device token: its SHA-256 (hex)."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Device:
    """A joined phone: the roster id it acts as and its CSRF token."""

    person: str
    csrf: str


class DeviceMap:
    """Device tokens (hashed) mapped to roster ids of one journey, in a file of their own."""

    def __init__(self, path: Path | str, journey: str):
        """Open (or create, with mode 0600) the device file at ``path``."""
        self.journey = journey
        path = str(path)
        if path != ":memory:" and not os.path.exists(path):
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        self._db = sqlite3.connect(path, timeout=5.0, isolation_level=None)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS devices (token TEXT PRIMARY KEY, journey TEXT NOT NULL,"
            " person TEXT NOT NULL, csrf TEXT NOT NULL, created REAL NOT NULL)"
        )

    def add(self, person: str) -> tuple[str, Device]:
        """A new device token for ``person``; returns the token (for the cookie) and the device."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        self._db.execute(
            "INSERT INTO devices VALUES (?, ?, ?, ?, ?)",
            (token_hash(token), self.journey, person, csrf, time.time()),
        )
        return token, Device(person, csrf)

    def get(self, token: str | None) -> Device | None:
        """The device a token belongs to in this journey (``None`` for a foreign token)."""
        if not token or len(token) > 200:
            return None
        row = self._db.execute(
            "SELECT person, csrf FROM devices WHERE token = ? AND journey = ?",
            (token_hash(token), self.journey),
        ).fetchone()
        return Device(row[0], row[1]) if row else None

    def count(self) -> int:
        """How many devices joined this journey (for 'Deelnemer N')."""
        row = self._db.execute(
            "SELECT COUNT(*) FROM devices WHERE journey = ?", (self.journey,)
        ).fetchone()
        return int(row[0])

    def forget(self, people: set[str] | None = None) -> int:
        """Remove the devices of ``people`` (roster ids; ``None``: everyone) in this journey.

        The rows are overwritten (``secure_delete``) and the file rebuilt (``VACUUM``), so the
        ids, which can hold a name, are gone from the file. Returns how many devices went.
        """
        self._db.execute("PRAGMA secure_delete=ON")
        if people is None:
            gone = self._db.execute("DELETE FROM devices WHERE journey = ?", (self.journey,))
        else:
            marks = ",".join("?" * len(people))
            gone = self._db.execute(
                f"DELETE FROM devices WHERE journey = ? AND person IN ({marks})",  # noqa: S608
                (self.journey, *sorted(people)),
            )
        self._db.execute("VACUUM")
        return int(gone.rowcount)

    def close(self) -> None:
        """Close the file."""
        self._db.close()


def csrf_ok(device: Device, given: str | None) -> bool:
    """Whether ``given`` is the device's CSRF token (compared in constant time)."""
    return bool(given) and hmac.compare_digest(device.csrf, str(given))


class RateLimit:
    """At most ``limit`` hits per key in a sliding window of ``window`` seconds.

    ``clock`` gives the time in seconds (``time.monotonic``; tests pass their own).
    """

    def __init__(
        self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic
    ):
        """Allow ``limit`` hits per ``window`` seconds."""
        self.limit, self.window, self.clock = limit, window, clock
        self._hits: dict[str, deque[float]] = {}

    def blocked(self, key: str) -> bool:
        """Whether ``key`` used up its hits (nothing is counted)."""
        hits = self._hits.get(key)
        now = self.clock()
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        return hits is not None and len(hits) >= self.limit

    def hit(self, key: str) -> bool:
        """Count one hit; ``False`` when ``key`` was already over its limit."""
        if self.blocked(key):
            return False
        self._hits.setdefault(key, deque()).append(self.clock())
        return True
