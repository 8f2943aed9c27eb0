"""One writer process of ``bench_postgres.py``: check-and-append on journeys of a store.

Run as ``python _store_writer.py STORE INDEX COUNT GO JOURNEY [JOURNEY ...]``: waits for the
file GO, then appends COUNT events round-robin over the journeys, each in its own
``store.transaction``. Every event records the seq of the journey's newest event as the
transaction saw it (``prev``), so the bench can check that nothing slipped in between. Prints
one JSON line: the latency of each append in milliseconds and the ids it was told were stored.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from sprintkit.store import NewEvent
from sprintkit.stores import open_ref


def main(ref: str, index: int, count: int, go: str, journeys: list[str]) -> None:
    store = open_ref(ref)
    seen = {j: 0 for j in journeys}
    deadline = time.monotonic() + 120
    while not Path(go).exists() and time.monotonic() < deadline:
        time.sleep(0.002)  # start together
    latencies, ids = [], []
    for n in range(count):
        journey = journeys[n % len(journeys)]
        start = time.perf_counter()
        with store.transaction(journey, since=seen[journey]) as tx:
            prev = tx.new[-1].seq if tx.new else seen[journey]
            payload = {"writer": index, "n": n, "prev": prev}
            event = tx.append(NewEvent(journey=journey, kind="bench", payload=payload))
        latencies.append((time.perf_counter() - start) * 1000)
        seen[journey] = event.seq
        ids.append(event.id)
    store.close()  # type: ignore[attr-defined]
    print(json.dumps({"latencies": latencies, "ids": ids}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5:])
