"""Which store a reference names: a file path (SQLite) or a ``postgresql://`` URL (PostgreSQL).

Wherever a store can be named (``--store``, the notebooks' ``store`` parameter,
``SPRINTKIT_STORE``), a path opens a :class:`~sprintkit.store.SQLiteStore` and a URL a
:class:`~sprintkit.stores.postgres.PostgresStore`. Nothing here imports psycopg: the PostgreSQL
backend is loaded only when a URL is opened, so ``import sprintkit`` stays fast and the
``postgres`` extra stays optional.

Examples:
    >>> is_url("postgresql://sprintkit@db.gemeente.nl/sprintkit"), is_url("sessie.sqlite")
    (True, False)
    >>> shown("postgresql://anna:geheim@db/sprintkit?schema=wijk")
    'postgresql://anna:***@db/sprintkit?schema=wijk'
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..store import EventStore

__all__ = ["ENV", "SCHEMES", "is_url", "shown", "open_ref", "ref_of", "env_store", "local_dir"]

#: the environment variable that names the store when no ``--store`` is given
ENV = "SPRINTKIT_STORE"
SCHEMES = ("postgresql://", "postgres://")

_PASSWORD = re.compile(r"^(?P<head>[a-z]+://[^:/?#@]*):[^@/?#]*@")


def is_url(ref: object) -> bool:
    """Whether ``ref`` is a PostgreSQL URL (and not a file path)."""
    return isinstance(ref, str) and ref.startswith(SCHEMES)


def shown(ref: str | os.PathLike[str]) -> str:
    """``ref`` as it may be shown and logged: a URL's password replaced by ``***``."""
    text = str(ref)
    return _PASSWORD.sub(r"\g<head>:***@", text) if is_url(text) else text


def env_store() -> str | None:
    """The store ``SPRINTKIT_STORE`` names (``None`` when unset or empty)."""
    return os.environ.get(ENV) or None


def open_ref(ref: str | os.PathLike[str], *, create: bool = True) -> EventStore:
    """Open the store ``ref`` names: a URL opens PostgreSQL, anything else an SQLite file.

    With ``create=False`` a store that does not exist yet is
    :class:`~sprintkit.store.StoreMissing` and nothing is made.
    """
    if is_url(ref):
        from .postgres import PostgresStore  # lazy: psycopg only when a URL is opened

        return PostgresStore(str(ref), create=create)
    from ..store import SQLiteStore

    return SQLiteStore(ref, create=create)


def ref_of(store: Any) -> str | None:
    """The reference that opens ``store`` again (its URL or file), ``None`` for ``:memory:``."""
    url = getattr(store, "url", None)
    if isinstance(url, str):
        return url
    path = getattr(store, "path", None)
    return path if isinstance(path, str) and path != ":memory:" else None


def local_dir(ref: str | os.PathLike[str]) -> Path:
    """A folder of this user's own beside a store, for files that belong to this machine.

    For a file it is the file's folder; for a URL (a database somewhere else) a folder under
    ``$XDG_STATE_HOME/sprintkit`` named by a hash of the URL without its password, so the
    participant server's state and log files of one database stay together on this machine.
    """
    if not is_url(ref):
        return Path(ref).parent
    import hashlib

    digest = hashlib.sha256(shown(ref).encode()).hexdigest()[:16]
    base = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return base / "sprintkit" / "postgres" / digest
