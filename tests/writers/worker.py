"""One writer process of the several-writers test: notes and votes on a shared journey.

Run as ``python worker.py STORE JOURNEY RUN INDEX GO_FILE CLOSE_AT``; prints one JSON line with
the refusals it met (by kind), anything unexpected, and its state before and after a refresh.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

from sprintkit.errors import SprintkitError
from sprintkit.i18n import Message
from sprintkit.kinds.board.actions import add_note, vote
from sprintkit.workspace import open_journey

VOTERS = ("ria", "tom", "ans")  # every process votes as the same three people
ROUNDS = 25
WRITERS = 4


def _refusal(exc: SprintkitError) -> str | None:
    if isinstance(exc.message, Message) and exc.message.key == "canvas.votes_used":
        return "votes_used"
    if "is al afgerond" in exc.text("nl"):
        return "phase_closed"
    return None


def main(store: str, journey_id: str, run: str, index: int, go: str, close_at: int) -> None:
    journey = open_journey("molenwijk", journey_id, store=store)
    rng = random.Random(index)
    deadline = time.monotonic() + 60
    while not Path(go).exists() and time.monotonic() < deadline:
        time.sleep(0.005)  # start together, so the writes interleave
    refusals: dict[str, int] = {}
    unexpected: list[str] = []
    for i in range(ROUNDS):
        if i == close_at:
            journey.close_phase(1)
        for action in ("note", "vote"):
            try:
                if action == "note":
                    add_note(journey, run, f"notitie {index}-{i}", author=f"schrijver{index}")
                else:
                    voter = rng.choice(VOTERS)
                    notes = [n for n in journey.run(run).notes.values() if n.author != voter]
                    vote(journey, run, rng.choice(notes).id, voter)
            except SprintkitError as exc:
                kind = _refusal(exc)
                if kind is None:
                    unexpected.append(f"{type(exc).__name__}: {exc.text('nl')}")
                else:
                    refusals[kind] = refusals.get(kind, 0) + 1
    before = {"last_seq": journey.last_seq, "state": journey.state.model_dump(mode="json")}
    Path(f"{go}.done{index}").touch()
    while len(list(Path(go).parent.glob("go.done*"))) < WRITERS and time.monotonic() < deadline:
        time.sleep(0.005)  # every writer has finished: the refresh sees everything
    journey.refresh()
    after = {"last_seq": journey.last_seq, "state": journey.state.model_dump(mode="json")}
    out = {"refusals": refusals, "unexpected": unexpected, "before": before, "after": after}
    print(json.dumps(out))


if __name__ == "__main__":
    store, journey_id, run, index, go, close_at = sys.argv[1:]
    main(store, journey_id, run, int(index), go, int(close_at))
