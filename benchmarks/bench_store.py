"""The session store and the fold: durable appends and fast replay."""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from _harness import Figure, paired_cpu_ms

from sprintkit.engine import effective, fold
from sprintkit.kinds.board.actions import add_note, cluster_note
from sprintkit.loading import load_casus
from sprintkit.store import NewEvent, SQLiteStore
from sprintkit.workspace import open_journey, start_journey

#: add_note's ratio to a raw durable insert before commands ran in a transaction (2026-12,
#: this machine); the goal is to stay within 1.2x of it.
ADD_NOTE_RATIO_BEFORE = 1.05


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
    raw = sqlite3.connect(folder / "raw.sqlite", isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    raw.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT)")
    base_times = []
    for i in range(100):  # interleaved, so both see the same disk and the same neighbours
        start = time.perf_counter()
        add_note(journey, run, f"nieuw {i}", author="ria_brouwer")
        times.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        raw.execute("INSERT INTO t (payload) VALUES ('x')")
        base_times.append((time.perf_counter() - start) * 1000)
    ours = statistics.median(times)
    baseline = statistics.median(base_times)
    store.close()
    ratio = ours / baseline
    return [
        Figure("durable raw sqlite insert (baseline)", baseline),
        Figure("add_note with 2,000 notes present, durable", ours, baseline),
        Figure("  goal: median add_note", ours, goal=20.0),
        Figure(
            f"  goal: ratio within 1.2x of before ({ADD_NOTE_RATIO_BEFORE:g}x)",
            ratio,
            goal=1.2 * ADD_NOTE_RATIO_BEFORE,
            unit="x",
        ),
    ]


def _catch_up_figures(folder: Path) -> list[Figure]:
    """One writer's command after another writer appended 1,000 events."""
    path = folder / "two.sqlite"
    mine = start_journey(load_casus("molenwijk"), store=SQLiteStore(path))
    run = mine.start_run("praktijksafari")
    other = open_journey(mine.casus, mine.id, store=SQLiteStore(path))
    template = other.events[-1]  # any stored event of that run will do as a model
    times = []
    for round_ in range(9):
        with other.store.transaction(other.id) as tx:  # the other writer's 1,000 notes
            for i in range(1000):
                tx.append(
                    NewEvent(
                        journey=mine.id,
                        kind="note_added",
                        payload={
                            "note": f"r{round_}n{i}",
                            "text": f"van de ander {i}",
                            "column": None,
                            "cluster": None,
                            "personal": False,
                        },
                        phase=template.phase,
                        run=run,
                        author="dani",
                    )
                )
        start = time.perf_counter()
        add_note(mine, run, f"mijn notitie {round_}", author="ria_brouwer")
        times.append((time.perf_counter() - start) * 1000)
    assert len(mine.run(run).notes) == 9 * 1001
    ours = statistics.median(times)
    return [Figure("command catching up 1,000 events of another writer", ours, goal=20.0)]


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
    # CPU time, so the ratio holds on a busy machine (both sides are pure CPU work on a file
    # the page cache holds)
    baseline, ours = paired_cpu_ms(
        lambda: raw.execute(query, (journey.id,)).fetchall(),
        lambda: fold(effective(store.read(journey.id))),
    )
    store.close()
    return [
        Figure("raw sqlite read of 10,000 event rows (baseline)", baseline),
        Figure("read + replay 10,000 events into state", ours, baseline, goal=3.0),
        Figure("  goal: replay 10,000 events", ours, goal=200.0),
    ]


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        return _append_figures(folder) + _catch_up_figures(folder) + _replay_figures(folder)
