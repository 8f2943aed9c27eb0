"""Group commit: commands waiting for the room's worker run in one transaction.

Each caller still gets its own answer (a result or a refusal), each command's checks see the
commands before it in the batch, and a failure in the middle rolls the batch back and runs
its commands again one by one. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import threading
import warnings

import pytest
from factories import free_port, serve_process

pytest.importorskip("starlette")

with warnings.catch_warnings():  # starlette 1.x suggests httpx2; httpx works the same here
    warnings.simplefilter("ignore")
    import httpx

from sprintkit.engine import effective, fold  # noqa: E402
from sprintkit.i18n import Message  # noqa: E402
from sprintkit.kinds.board.actions import add_note, reveal  # noqa: E402
from sprintkit.serve import make_app  # noqa: E402
from sprintkit.serve.app import COOKIE  # noqa: E402
from sprintkit.serve.room import Refused, Room  # noqa: E402
from sprintkit.workspace import open_journey, start_journey  # noqa: E402

CODE = "ABCD-EFGH"
JSON = {"accept": "application/json"}
PHONES, BUDGET, TRIES = 30, 3, 5  # each phone tries 5 votes at once; praktijksafari gives 3


def _refolded(journey):
    """The journey opened afresh from its store: what is stored, folded."""
    again = open_journey("molenwijk", journey.id, store=journey.store)
    return again, fold(effective(again.events))


def _counting(store, counts):
    method = store.transaction

    def counted(*args, **kwargs):
        counts.append(1)
        return method(*args, **kwargs)

    store.transaction = counted


def _notes(journey, run):
    return sorted(n.text for n in journey.run(run).notes.values())


# -- Room.commands: the batch itself ------------------------------------------------------------
@pytest.fixture
def board(backend):
    journey = start_journey("molenwijk", store=backend.open())
    run = journey.start_run("praktijksafari")
    journey.set_stage("capture", run)
    room = Room("molenwijk", backend.ref, journey.id, CODE)
    with room.command():
        _, anna = room.join("Anna")
    yield journey, run, room, anna
    room.close()
    journey.store.close()


def test_a_batch_is_one_transaction_and_each_command_sees_the_ones_before(board):
    journey, run, room, anna = board
    counts: list[int] = []
    _counting(room.journey.store, counts)
    first = lambda: room.add_note(anna, "een", False)  # noqa: E731
    seen = lambda: len(room.journey.run(run).notes)  # noqa: E731
    too_long = lambda: room.add_note(anna, "x" * 501, False)  # noqa: E731
    outcomes = room.commands([first, seen, too_long, lambda: room.add_note(anna, "twee", False)])
    assert counts == [1]  # one lock, one catch-up read, one commit
    assert [ok for ok, _ in outcomes] == [True, True, False, True]
    assert outcomes[1][1] == 1  # the second command saw the first one's note
    assert isinstance(outcomes[2][1], Refused) and outcomes[2][1].status == 400
    journey.refresh()
    assert _notes(journey, run) == ["een", "twee"]
    again, state = _refolded(journey)
    assert room.journey.state == state == again.state


def test_a_failure_mid_batch_rolls_back_and_runs_the_others_one_by_one(board):
    journey, run, room, anna = board
    counts: list[int] = []
    _counting(room.journey.store, counts)

    def breaks() -> str:
        add_note(room.journey, run, "half", author=anna.person)  # appended, then it fails
        raise ValueError("kapot")

    def refuses_after_writing() -> str:
        add_note(room.journey, run, "ook half", author=anna.person)
        raise Refused(409, Message("serve.not_capturing"))

    works = [
        lambda: room.add_note(anna, "een", False),
        breaks,
        lambda: room.add_note(anna, "x" * 501, False),
        refuses_after_writing,
        lambda: room.add_note(anna, "vier", False),
    ]
    outcomes = room.commands(works)
    assert counts == [1, 1, 1, 1, 1, 1]  # the batch, rolled back; then each alone
    assert [ok for ok, _ in outcomes] == [True, False, False, False, True]
    assert isinstance(outcomes[1][1], ValueError) and str(outcomes[1][1]) == "kapot"
    assert isinstance(outcomes[2][1], Refused) and outcomes[2][1].status == 400
    assert isinstance(outcomes[3][1], Refused) and outcomes[3][1].status == 409
    assert _notes(room.journey, run) == ["een", "vier"]  # memory forgot what was rolled back
    journey.refresh()
    assert _notes(journey, run) == ["een", "vier"]  # each stored once, nothing of the failures
    again, state = _refolded(journey)
    assert room.journey.state == state == again.state


# -- the server's queue -----------------------------------------------------------------------
def test_commands_that_wait_together_run_as_one_batch(tmp_path):
    path = tmp_path / "s.sqlite"
    journey = start_journey("molenwijk", store=path)
    run = journey.start_run("praktijksafari")
    journey.set_stage("capture", run)
    app = make_app("molenwijk", path, journey.id, code=CODE)
    room = app.state.room

    def join_all() -> list:
        with room.command():
            return [room.join(f"P{i}") for i in range(PHONES)]

    tokens = _pool(app).submit(join_all).result()  # the room's SQLite: its worker thread only
    batches: list[int] = []
    commands = room.commands
    room.commands = lambda works: batches.append(len(works)) or commands(works)

    async def main() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            held, go = threading.Event(), threading.Event()

            def hold() -> None:  # the worker is busy: every command queues meanwhile
                held.set()
                go.wait(10)

            server_pool = _pool(app)
            server_pool.submit(hold)
            assert held.wait(10)
            posts = [
                asyncio.create_task(
                    client.post(
                        "/api/notitie",
                        data={"text": f"notitie {i}", "csrf": device.csrf},
                        headers={**JSON, "cookie": f"{COOKIE}={token}"},
                    )
                )
                for i, (token, device) in enumerate(tokens)
            ]
            for _ in range(200):  # until every post waits in the queue (hang guard)
                await asyncio.sleep(0.01)
                if len(_queue(app)) == PHONES:
                    break
            go.set()
            return await asyncio.gather(*posts)

    answers = asyncio.run(main())
    assert batches == [PHONES]
    assert [r.status_code for r in answers] == [200] * PHONES
    ids = [r.json()["note"] for r in answers]
    journey.refresh()
    assert sorted(journey.run(run).notes) == sorted(ids)  # each caller got its own note's id
    assert _notes(journey, run) == sorted(f"notitie {i}" for i in range(PHONES))


def _server(app):
    """The app's :class:`_Server` (the routes are its bound methods)."""
    from starlette.routing import Route

    for route in app.routes:
        if isinstance(route, Route) and route.name == "note":
            return route.endpoint.__self__
    raise AssertionError("no note route")


def _pool(app):
    return _server(app).pool


def _queue(app):
    return _server(app).queue


# -- a real server process, phones at once ------------------------------------------------------
@pytest.mark.slow
def test_phones_posting_and_voting_at_once_on_a_real_server(backend):
    journey = start_journey("molenwijk", store=backend.open())
    run = journey.start_run("praktijksafari")
    journey.set_stage("capture", run)
    port = free_port()
    args = ["serve", "molenwijk", "--store", backend.ref, "--journey", journey.id, "--code", CODE]

    async def join_all(base: str) -> list[tuple[httpx.AsyncClient, str]]:
        async def one(i: int) -> tuple[httpx.AsyncClient, str]:
            client = httpx.AsyncClient(base_url=base, timeout=30)
            r = await client.post("/join", data={"code": CODE, "name": f"P{i}"}, headers=JSON)
            assert r.status_code == 200, r.text
            return client, r.json()["csrf"]

        return await asyncio.gather(*(one(i) for i in range(PHONES)))

    async def main(base: str) -> None:
        phones = await join_all(base)
        try:
            posts = await asyncio.gather(
                *(
                    c.post("/api/notitie", data={"text": f"n{i}", "csrf": t}, headers=JSON)
                    for i, (c, t) in enumerate(phones)
                )
            )
            assert [r.status_code for r in posts] == [200] * PHONES
            ids = [r.json()["note"] for r in posts]
            journey.refresh()
            assert sorted(journey.run(run).notes) == sorted(ids)  # each stored exactly once
            journey.set_stage("vote", run)
            reveal(journey, run)
            # every phone votes TRIES times at once on the next phones' notes: BUDGET pass
            votes = await asyncio.gather(
                *(
                    c.post(
                        "/api/stem",
                        data={"note": ids[(i + k) % PHONES], "csrf": t},
                        headers=JSON,
                    )
                    for i, (c, t) in enumerate(phones)
                    for k in range(1, TRIES + 1)
                )
            )
            by_phone = [votes[i * TRIES : (i + 1) * TRIES] for i in range(PHONES)]
            for answers in by_phone:
                assert sorted(r.status_code for r in answers) == [200] * BUDGET + [409] * (
                    TRIES - BUDGET
                )
                refused = [r.json()["error"] for r in answers if r.status_code == 409]
                assert refused == ["Je hebt al je stemmen gebruikt."] * (TRIES - BUDGET)
        finally:
            for client, _ in phones:
                await client.aclose()

    with serve_process(*args, port=port) as (proc, first):
        asyncio.run(main(first["url"]))
    journey.refresh()
    notes = journey.run(run).notes.values()
    assert sorted(n.text for n in notes) == sorted(f"n{i}" for i in range(PHONES))
    voters = [v for n in notes for v in n.votes]
    assert len(voters) == PHONES * BUDGET
    assert all(voters.count(p) == BUDGET for p in set(voters)) and len(set(voters)) == PHONES
    again, state = _refolded(journey)
    assert journey.state == state == again.state
