"""The PostgreSQL store under several writers, against SQLite in the same run.

Two loads, each on both backends: 8 writer processes x 500 events on one journey, and the same
8 processes spread over 40 journeys. Every append is a check-and-append transaction that
records the journey's newest seq it saw; afterwards every acknowledged event must be stored
(0 lost) and each event's ``prev`` must be the seq of the event before it in its journey (0
slipped in between). Figures: lost, broken invariants, appends p95 and throughput, PostgreSQL
as a ratio of SQLite. The PostgreSQL server is the tests' throwaway one (``tests/pgserver.py``)
unless ``SPRINTKIT_BENCH_PG`` names a database URL.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from _harness import Figure

ROOT = Path(__file__).resolve().parent.parent
WRITER = Path(__file__).resolve().parent / "_store_writer.py"
PROCESSES, EVENTS, JOURNEYS = 8, 500, 40


@contextmanager
def postgres():
    """A database URL: ``SPRINTKIT_BENCH_PG``, or the tests' throwaway server (None: none)."""
    given = os.environ.get("SPRINTKIT_BENCH_PG")
    if given:
        yield given
        return
    sys.path.insert(0, str(ROOT / "tests"))
    import pgserver

    if pgserver.unavailable() is not None:
        yield None
        return
    server = pgserver.start()
    try:
        yield server.url(schema="bench")
    finally:
        server.stop()


def _load(ref: str, journeys: list[str]) -> dict[str, float]:
    """8 writers at once on ``journeys`` of the store ``ref``; what came out of it."""
    from sprintkit.stores import open_ref

    open_ref(ref).close()  # type: ignore[attr-defined]  # the schema exists before they start
    folder = Path(tempfile.mkdtemp())
    go = folder / "go"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    mine = [journeys[i::PROCESSES] or journeys for i in range(PROCESSES)]
    workers = [
        subprocess.Popen(
            [sys.executable, str(WRITER), ref, str(i), str(EVENTS), str(go), *mine[i]],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for i in range(PROCESSES)
    ]
    time.sleep(1.0)  # every writer connected and waiting
    begun = time.perf_counter()
    go.touch()
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=600)
        if worker.returncode != 0:
            raise RuntimeError(err)
        results.append(json.loads(out.strip().splitlines()[-1]))
    took = time.perf_counter() - begun
    latencies = [ms for r in results for ms in r["latencies"]]
    acknowledged = {i for r in results for i in r["ids"]}
    store = open_ref(ref)
    stored: set[str] = set()
    broken = 0
    for journey in journeys:
        events = store.read(journey)
        stored |= {e.id for e in events}
        previous = 0
        for event in events:
            broken += event.payload["prev"] != previous
            previous = event.seq
    store.close()  # type: ignore[attr-defined]
    return {
        "lost": float(len(acknowledged - stored)),
        "broken": float(broken),
        "p95": statistics.quantiles(latencies, n=20)[-1],
        "rate": len(latencies) / took,
    }


def run() -> list[Figure]:
    """Both loads on SQLite and PostgreSQL."""
    figures: list[Figure] = []
    with postgres() as url:
        if url is None:
            return [Figure("PostgreSQL not installed (make postgres): skipped", 0, unit="")]
        folder = Path(tempfile.mkdtemp())
        loads = {"1 journey": ["j"], f"{JOURNEYS} journeys": [f"j{i}" for i in range(JOURNEYS)]}
        for n, (name, journeys) in enumerate(loads.items()):
            sqlite = _load(str(folder / f"bench{n}.sqlite"), journeys)
            schema_url = url.replace("schema=bench", f"schema=bench{n}")
            if "schema=" not in schema_url:
                schema_url += ("&" if "?" in schema_url else "?") + f"schema=bench{n}"
            pg = _load(schema_url, journeys)
            label = f"{PROCESSES} writers x {EVENTS} events, {name}"
            figures += [
                Figure(
                    f"{label}: lost (pg + sqlite)", pg["lost"] + sqlite["lost"], unit="", goal=0
                ),
                Figure(
                    "  check-and-append broken (pg + sqlite)",
                    pg["broken"] + sqlite["broken"],
                    unit="",
                    goal=0,
                ),
                Figure("  appends p95, PostgreSQL against SQLite", pg["p95"], sqlite["p95"]),
                Figure(
                    "  throughput, PostgreSQL against SQLite",
                    pg["rate"],
                    sqlite["rate"],
                    unit="ev/s",
                ),
            ]
    return figures
