"""A throwaway PostgreSQL server for the tests: initdb and pg_ctl in a temporary folder.

One server per test session (``pg_server`` in ``conftest.py``), listening only on a Unix
socket in its own folder and on a free TCP port of loopback, stopped at the end. Each test
gets a schema of its own (``pg_url``), dropped afterwards, so tests never see each other's
journeys. PostgreSQL refuses to run as root: when the tests run as root (CI does), initdb and
pg_ctl run as the ``postgres`` system user (``runuser``), in a folder that user owns.

Without PostgreSQL the tests that need it are skipped, saying why; under CI (``CI`` set) they
fail instead, because ``make test`` installs it (``make postgres``).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PgServer", "start", "unavailable", "bindir"]


def bindir() -> Path | None:
    """The folder with initdb and pg_ctl: Debian's newest, else whatever PATH has."""
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "initdb").is_file() and Path(folder, "pg_ctl").is_file():
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PgServer:
    """A running throwaway server: its folder, port and the user that runs it."""

    folder: Path
    port: int
    bindir: Path
    as_user: list[str]

    @property
    def socket_dir(self) -> Path:
        return self.folder / "run"

    def url(self, schema: str | None = None, database: str = "postgres") -> str:
        """A URL over the Unix socket (``?schema=`` picks sprintkit's schema)."""
        url = f"postgresql:///{database}?host={self.socket_dir}&port={self.port}&user=postgres"
        return url + (f"&schema={schema}" if schema else "")

    def tcp_url(self, schema: str | None = None) -> str:
        """The same server over TCP on loopback (what another machine would use)."""
        url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        return url + (f"?schema={schema}" if schema else "")

    def sql(self, statement: str) -> list[tuple]:
        """Run one statement as the superuser (autocommit); its rows, if any."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as db:
            cursor = db.execute(statement)
            return cursor.fetchall() if cursor.description else []

    def new_schema(self) -> str:
        return f"t_{uuid.uuid4().hex[:12]}"

    def drop_schema(self, schema: str) -> None:
        self.sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    def stop(self) -> None:
        pg_ctl = str(self.bindir / "pg_ctl")
        subprocess.run(
            [*self.as_user, pg_ctl, "-D", str(self.data_dir), "-m", "fast", "-w", "stop"],
            capture_output=True,
            timeout=60,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def unavailable() -> str | None:
    """Why no server can be started here (``None``: it can)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[dev]')"
    if bindir() is None:
        return "PostgreSQL is not installed (run `make postgres`: Debian's postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root without a 'postgres' system user to run the server as"
    return None


def start() -> PgServer:
    """initdb and start a server in a new temporary folder; RuntimeError with its log if not."""
    folder = Path(tempfile.mkdtemp(prefix="sprintkit-pg-"))
    found = bindir()
    assert found is not None
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses root: run it as the postgres system user
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    server = PgServer(folder, _free_port(), found, as_user)
    run = [*as_user]
    steps = [
        [*run, str(found / "initdb"), "-D", str(server.data_dir), "-U", "postgres"]
        + ["--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"],
        [*run, "mkdir", "-p", str(server.socket_dir)],
        [*run, str(found / "pg_ctl"), "-D", str(server.data_dir), "-l", str(folder / "log")]
        + ["-w", "-t", "60", "-o", _options(server), "start"],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            log = (folder / "log").read_text(errors="replace") if (folder / "log").exists() else ""
            shutil.rmtree(folder, ignore_errors=True)
            raise RuntimeError(f"{' '.join(step[:3])}: {done.stderr.strip()} {log[-2000:]}")
    return server


def _options(server: PgServer) -> str:
    settings = {
        "port": server.port,
        "unix_socket_directories": f"'{server.socket_dir}'",
        "listen_addresses": "'127.0.0.1'",
        "max_connections": 200,  # benchmarks and writer tests open many at once
        "shared_buffers": "'32MB'",
    }
    return " ".join(f"-c {key}={value}" for key, value in settings.items())
