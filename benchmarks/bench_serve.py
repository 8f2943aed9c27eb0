"""The participant page under load: 40 phones on a real server process over loopback.

Each phone joins, adds 5 notes (one in each of 5 board runs, revealed run by run) and casts 3
votes, while a projector polls ``/api/scherm`` once a second as the page does. Figures: lost
notes and votes, errors, whether the stored state equals a refold, p95 request latency and p95
time from a reveal until the projector's poll shows the notes. Run on an SQLite file and, when
PostgreSQL is there (``tests/pgserver.py``'s throwaway server, or ``SPRINTKIT_BENCH_PG``), on
PostgreSQL too, its p95 also as a ratio of SQLite's in the same run (the machine's other load
moves both).

The phones' side (this process) runs with the cyclic garbage collector paused: its full
collection, walking the journey and the 40 clients, took 110-160 ms, and landing in a burst of
40 notes it was counted as the server's latency (always the fifth burst on PostgreSQL).
"""

from __future__ import annotations

import asyncio
import gc
import json
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _harness import Figure

from sprintkit.engine import effective, fold
from sprintkit.engine.stage import move_room
from sprintkit.stores import open_ref
from sprintkit.workspace import start_journey

PHONES, RUNS, VOTES, POLL = 40, 5, 3, 1.0
CODE = "BNCH-TEST"
ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


async def _load(url: str, journey, runs: list[str]) -> dict[str, object]:
    import httpx

    latencies: list[float] = []
    errors = 0

    async def timed(client, method, path, **kw):
        nonlocal errors
        start = time.perf_counter()
        r = await client.request(method, path, **kw)
        latencies.append((time.perf_counter() - start) * 1000)
        if r.status_code >= 400 and r.status_code != 409:
            errors += 1
        return r

    limits = httpx.Limits(max_connections=2)
    phones = [httpx.AsyncClient(base_url=url, timeout=10, limits=limits) for _ in range(PHONES)]
    projector = httpx.AsyncClient(base_url=url, timeout=10)
    tokens = []
    for i, phone in enumerate(phones):
        await timed(phone, "POST", "/join", data={"code": CODE, "name": f"Telefoon {i}"})
        page = (await timed(phone, "GET", "/")).text
        tokens.append(re.search(r'data-csrf="([^"]+)"', page)[1])  # type: ignore[index]
    appear: list[float] = []
    notes_ok = votes_ok = 0
    headers = {"accept": "application/json"}
    for n, run in enumerate(runs):
        journey.refresh()
        journey.set_stage("capture", run)

        async def write(i: int, phone, n: int = n) -> int:
            data = {"text": f"notitie {n} van {i}", "csrf": tokens[i]}
            r = await timed(phone, "POST", "/api/notitie", data=data, headers=headers)
            return r.status_code == 200

        notes_ok += sum(await asyncio.gather(*(write(i, p) for i, p in enumerate(phones))))
        journey.refresh()
        move_room(journey, "reveal", run)  # the panel's "Onthul": stage and notes at once
        revealed = time.perf_counter()
        await asyncio.sleep(POLL * (n % 4) / 4)  # the projector's poll is out of phase
        while True:
            screen = (await timed(projector, "GET", "/api/scherm", params={"sinds": 0})).json()
            if screen["run"] == run and len(screen["notes"]) == PHONES:
                appear.append(time.perf_counter() - revealed)
                break
            await asyncio.sleep(POLL)
    journey.refresh()
    journey.set_stage("vote", runs[-1])
    notes = list(journey.run(runs[-1]).notes.values())

    async def votes(i: int, phone) -> int:
        others = [note.id for note in notes if note.author != f"telefoon-{i}"]
        ok = 0
        for k in range(VOTES):
            data = {"note": others[(i + k) % len(others)], "csrf": tokens[i]}
            r = await timed(phone, "POST", "/api/stem", data=data, headers=headers)
            ok += r.status_code == 200
            await timed(phone, "GET", "/api/stand")
        return ok

    votes_ok = sum(await asyncio.gather(*(votes(i, p) for i, p in enumerate(phones))))
    for client in [*phones, projector]:
        await client.aclose()
    return {
        "latencies": latencies,
        "errors": errors,
        "notes_ok": notes_ok,
        "votes_ok": votes_ok,
        "appear": appear,
    }


def run() -> list[Figure]:
    """The load on SQLite, then (when it is there) on PostgreSQL."""
    from bench_postgres import postgres

    folder = Path(tempfile.mkdtemp())
    figures = _run_on(str(folder / "sessies.sqlite"), "SQLite")
    with postgres() as url:
        if url is None:
            figures.append(Figure("PostgreSQL not installed (make postgres): skipped", 0, unit=""))
        else:
            sqlite_p95 = figures[4].value
            pg_url = url.replace("schema=bench", "schema=bench_serve")
            figures += _run_on(pg_url, "PostgreSQL", baseline=sqlite_p95)
    return figures


def _run_on(path: str, backend: str, baseline: float | None = None) -> list[Figure]:
    """Start a server process on the store ``path`` (a file or URL), load it, stop it.

    ``baseline``: another backend's p95 latency in this run, to show this one's as a ratio.
    """
    journey = start_journey("molenwijk", store=open_ref(path))
    runs = [journey.start_run("praktijksafari") for _ in range(RUNS)]
    port = _free_port()
    args = ["serve", "molenwijk", "--store", path, "--port", str(port), "--code", CODE]
    cmd = [sys.executable, "-m", "sprintkit.cli", *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert proc.stdout is not None
        url = json.loads(proc.stdout.readline())["url"]
        time.sleep(1.0)
        start = time.perf_counter()
        gc.disable()  # the phones' pauses are not the server's latency (see above)
        try:
            out = asyncio.run(asyncio.wait_for(_load(url, journey, runs), timeout=80))
        finally:
            gc.enable()
        took = time.perf_counter() - start
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()
    journey.refresh()
    stored_notes = sum(len(journey.run(r).notes) for r in runs)
    stored_votes = sum(len(n.votes) for n in journey.run(runs[-1]).notes.values())
    refold_equal = fold(effective(journey.events)) == journey.state
    journey.store.close()
    latencies = out["latencies"]
    assert isinstance(latencies, list) and isinstance(out["appear"], list)
    lost = (PHONES * RUNS - stored_notes) + (PHONES * VOTES - stored_votes)
    errors, appear_ms = float(out["errors"]), _p95(out["appear"]) * 1000
    return [
        Figure(
            f"{backend}, {PHONES} phones: {len(latencies)} requests in", took, unit="s", goal=60
        ),
        Figure("  lost notes and votes", lost, unit="", goal=0),
        Figure("  errors (HTTP 4xx/5xx other than refusals)", errors, unit="", goal=0),
        Figure("  stored state differs from a refold", float(not refold_equal), unit="", goal=0),
        Figure("  p95 request latency", _p95(latencies), baseline=baseline, limit=150),
        Figure("  p95 reveal -> notes on the projector poll", appear_ms, goal=1000),
    ]
