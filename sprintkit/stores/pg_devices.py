"""The participant server's device map as a table beside the events (PostgreSQL).

With an SQLite store the device map is a file beside it (:mod:`sprintkit.serve.devices`); with
PostgreSQL it is the table ``devices`` in the store's schema, so a backup, a grant and the
privacy officer's erasure cover it with the events. Only a hash of each device token is kept.

The devices a map has found are remembered by it (a phone sends its cookie with every request;
asking the database each time costs a round trip per request). A device forgotten elsewhere
(``journey vergeet``) may stay remembered by a running server, but it acts for nobody: the
erasure removed its person from the roster, which the server checks on every request.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from ..serve.devices import Device, token_hash

__all__ = ["PgDeviceMap"]


class PgDeviceMap:
    """Device tokens (hashed) mapped to roster ids of one journey, in the store's database."""

    def __init__(self, store: Any, journey: str):
        """The devices of ``journey`` in ``store``, a ``PostgresStore`` (its connection, lock).

        (Typed ``Any``: the store's module makes these maps, so naming its class here would
        close an import circle.)
        """
        self.store, self.journey = store, journey
        self._table = f"{store._s}.devices"
        self._found: dict[str, Device] = {}  # token hash -> device, of this journey

    def add(self, person: str) -> tuple[str, Device]:
        """A new device token for ``person``; returns the token (for the cookie) and the device."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        row = (token_hash(token), self.journey, person, csrf, time.time())
        self.store._run(
            lambda: self.store._db.execute(
                f"INSERT INTO {self._table} VALUES (%s, %s, %s, %s, %s)", row
            )
        )
        return token, Device(person, csrf)  # remembered when first used: the add may roll back

    def get(self, token: str | None) -> Device | None:
        """The device a token belongs to in this journey (``None`` for a foreign token)."""
        if not token or len(token) > 200:
            return None
        hashed = token_hash(token)
        if hashed in self._found:
            return self._found[hashed]
        row = self.store._run(
            lambda: self.store._db.execute(
                f"SELECT person, csrf FROM {self._table} WHERE token = %s AND journey = %s",
                (hashed, self.journey),
            ).fetchone()
        )
        if row is None:
            return None
        found = self._found[hashed] = Device(row[0], row[1])
        return found

    def count(self) -> int:
        """How many devices joined this journey (for 'Deelnemer N')."""
        row = self.store._run(
            lambda: self.store._db.execute(
                f"SELECT count(*) FROM {self._table} WHERE journey = %s", (self.journey,)
            ).fetchone()
        )
        return int(row[0]) if row else 0

    def forget(self, people: set[str] | None = None) -> int:
        """Remove the devices of ``people`` (``None``: everyone) in this journey; wipe the table."""

        def remove() -> int:
            if people is None:
                gone = self.store._db.execute(
                    f"DELETE FROM {self._table} WHERE journey = %s", (self.journey,)
                )
            else:
                gone = self.store._db.execute(
                    f"DELETE FROM {self._table} WHERE journey = %s AND person = ANY(%s)",
                    (self.journey, sorted(people)),
                )
            return int(gone.rowcount)

        count = self.store._run(remove)
        self._found.clear()
        self.store._run(lambda: self.store._db.execute(f"VACUUM FULL {self._table}"))
        return count

    def close(self) -> None:
        """Nothing of its own to close: the store's connection is the store's."""
