"""The participant server as its own process: start, find again and stop it from a notebook.

The server (``sprintkit serve``) must outlive the kernel that started it: a kernel restart must
not drop the phones in the room. So it runs in its own session (not in the kernel's process
group), writes its output to files beside the session store, and what a notebook needs to find
it again (pid, address, code) is kept in a small JSON file next to the store
(``<store>.serve.json``). A restarted kernel reads that file, checks the pid is alive, and can
show or stop the server. Stopping is SIGTERM (the server's contract: it stops cleanly), then
SIGKILL after a bounded wait.

The contract with the server: its first stdout line is one JSON object
``{"url": ..., "join": ..., "code": ..., "pid": ...}`` (and ``"lang"``, the room's language,
when the server tells it); log lines follow. The command that
starts it can be replaced with ``SPRINTKIT_SERVE_COMMAND`` (split like a shell line), or with
``command=`` (tests start a fake server this way).
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from ._atomic_write import private_dir, write_text
from .errors import SprintkitError
from .i18n import Message
from .stores import ENV, is_url, local_dir

__all__ = [
    "ServerInfo",
    "start_server",
    "find_server",
    "stop_server",
    "state_file",
    "serve_command",
]

#: Popen objects of servers this process started: waited on when stopped (no zombies).
_children: dict[int, subprocess.Popen[bytes]] = {}


@dataclass
class ServerInfo:
    """A running participant server: the contract's first line, plus what it serves."""

    url: str
    join: str
    code: str
    pid: int
    journey: str | None = None
    lang: str | None = None


def state_file(store: str | Path) -> Path:
    """The JSON file beside ``store`` that remembers the running server."""
    return _beside(store, ".serve.json")


def _beside(store: str | Path, suffix: str) -> Path:
    """``<store><suffix>`` for a file; for a database URL, a file in this user's own folder."""
    if not is_url(store):
        return Path(f"{store}{suffix}")
    folder = local_dir(store)
    private_dir(folder)
    return folder / f"server{suffix}"


def serve_command() -> list[str]:
    """The command that starts ``sprintkit serve`` (``SPRINTKIT_SERVE_COMMAND`` replaces it)."""
    override = os.environ.get("SPRINTKIT_SERVE_COMMAND")
    if override:
        return shlex.split(override)
    return [sys.executable, "-m", "sprintkit.cli", "serve"]


def _alive(pid: int) -> bool:
    child = _children.get(pid)
    if child is not None:
        return child.poll() is None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process took the pid: not ours to stop
        return False
    try:  # a stopped child nobody reaped yet still answers kill(pid, 0): it is gone all the same
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[:1] != ["Z"]


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def find_server(store: str | Path) -> ServerInfo | None:
    """The server started for ``store`` that still runs, or ``None`` (a stale file is removed)."""
    path = state_file(store)
    try:
        info = ServerInfo(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    if _alive(info.pid):
        return info
    path.unlink(missing_ok=True)
    return None


def _tail(path: Path, lines: int = 5) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.strip().splitlines()[-lines:])


def _first_line(out: Path, process: subprocess.Popen[bytes], timeout: float) -> str | None:
    """Wait (bounded) for the first whole line of the server's stdout; ``None`` if none came."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = out.read_text(encoding="utf-8", errors="replace")
        if "\n" in text:
            return text.split("\n", 1)[0]
        if process.poll() is not None:
            return None
        time.sleep(0.05)
    return None


def start_server(
    casus: str,
    store: str | Path,
    journey: str | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    code: str | None = None,
    lang: str | None = None,
    command: list[str] | None = None,
    timeout: float = 20.0,
) -> ServerInfo:
    """Start ``sprintkit serve`` for a journey as its own process; return the contract's line.

    ``lang`` is the room's language (``--lang``: pages that ask for none, and the server's
    log); each phone may still choose its own. A server that already runs for ``store`` is
    returned as it is. Raises a
    :class:`~sprintkit.errors.SprintkitError` with a Dutch (or English) message when the port
    is taken, the server stops before it is ready, or it does not answer within ``timeout``.
    """
    running = find_server(store)
    if running is not None:
        return running
    if not _port_free(host, port):
        raise SprintkitError(Message("process.port_taken", port=port, host=host))
    args = [*(command or serve_command()), casus]
    env = None
    if is_url(store):  # in the environment, not on the command line: ps shows arguments
        env = {**os.environ, ENV: str(store)}
    else:
        args += ["--store", str(store)]
    args += ["--host", host, "--port", str(port)]
    args += ["--journey", journey] if journey else []
    args += ["--code", code] if code else []
    args += ["--lang", lang] if lang else []
    out, err = _beside(store, ".serve.log"), _beside(store, ".serve.err")
    with out.open("wb") as stdout, err.open("wb") as stderr:
        # its own session: a kernel restart or interrupt does not reach the phones' server
        process = subprocess.Popen(
            args,
            stdout=stdout,
            stderr=stderr,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env=env,
        )
    _children[process.pid] = process
    line = _first_line(out, process, timeout)
    try:
        data = json.loads(line or "")
        info = ServerInfo(
            url=str(data["url"]), join=str(data["join"]), code=str(data["code"]), pid=process.pid
        )
        info.lang = str(data.get("lang") or lang or "") or None
    except (ValueError, KeyError, TypeError):
        exited = process.poll() is not None
        _stop(process.pid, 2.0)
        why = _tail(err) or _tail(out) or "-"
        if "in use" in why.lower() or "in gebruik" in why.lower():
            raise SprintkitError(Message("process.port_taken", port=port, host=host)) from None
        key = "process.bad_line" if line else "process.stopped" if exited else "process.no_answer"
        raise SprintkitError(Message(key, seconds=int(timeout), why=why)) from None
    info.journey = journey
    write_text(state_file(store), json.dumps(asdict(info)), private=True)  # holds the join code
    return info


def _stop(pid: int, timeout: float) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
    child = _children.pop(pid, None)
    if child is not None:
        child.wait(timeout=5)


def stop_server(store: str | Path, timeout: float = 5.0) -> bool:
    """Stop the server running for ``store`` (SIGTERM, then SIGKILL); ``False`` if none ran."""
    info = find_server(store)
    state_file(store).unlink(missing_ok=True)
    if info is None:
        return False
    _stop(info.pid, timeout)
    return True
