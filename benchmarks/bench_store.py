"""The session store and the fold: durable appends and fast replay."""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from _harness import Figure, median_ms

from sprintkit.engine import effective, fold
from sprintkit.kinds.board.actions import add_note, cluster_note
from sprintkit.loading import load_casus
from sprintkit.store import SQLiteStore
from sprintkit.workspace import start_journey


def _append_figures(folder: Path) -> list[Figure]:
    casus = load_casus("molenwijk")
    store = SQLiteStore(folder / "bench.sqlite")
    journey = start_journey(casus, store=store)
    run = journey.start_run("praktijksafari")
    for i in range(2000):
        add_note(journey, run, f"notitie {i}", author="dani")
    times = []
    for i in range(50):
        start = time.perf_counter()
        add_note(journey, run, f"nieuw {i}", author="ria_brouwer")
        times.append((time.perf_counter() - start) * 1000)
    ours = statistics.median(times)
    raw = sqlite3.connect(folder / "raw.sqlite", isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    raw.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT)")
    baseline = median_ms(lambda: raw.execute("INSERT INTO t (payload) VALUES ('x')"), 50)
    store.close()
    return [
        Figure("durable raw sqlite insert (baseline)", baseline),
        Figure("add_note with 2,000 notes present, durable", ours, baseline),
        Figure("  goal: median add_note", ours, goal=20.0),
    ]


def _replay_figures(folder: Path) -> list[Figure]:
    casus = load_casus("molenwijk")
    store = SQLiteStore(folder / "replay.sqlite")
    journey = start_journey(casus, store=store)
    run = journey.start_run("praktijksafari")
    notes = []
    for i in range(10_000 - 2):
        if i % 5 == 4 and notes:
            cluster_note(journey, run, notes[i % len(notes)], f"cluster {i % 7}")
        else:
            notes.append(add_note(journey, run, f"notitie {i}", author="dani"))
    raw = sqlite3.connect(folder / "replay.sqlite")
    query = "SELECT * FROM events WHERE journey = ? ORDER BY seq"
    baseline = median_ms(lambda: raw.execute(query, (journey.id,)).fetchall(), 5)
    ours = median_ms(lambda: fold(effective(store.read(journey.id))), 5)
    store.close()
    return [
        Figure("raw sqlite read of 10,000 event rows (baseline)", baseline),
        Figure("read + replay 10,000 events into state", ours, baseline, goal=2.0),
        Figure("  goal: replay 10,000 events", ours, goal=200.0),
    ]


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        return _append_figures(Path(tmp)) + _replay_figures(Path(tmp))
