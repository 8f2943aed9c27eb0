"""Live updates by push: PostgreSQL's NOTIFY reaches the participant server and the notebook.

With an SQLite store the pages and the notebook poll as before (checked here too); with
PostgreSQL a page's poll that has seen the latest is held until the journey changes, and the
notebook's listener thread hands each change to the kernel's loop.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
import warnings

import pytest

pytest.importorskip("starlette")

with warnings.catch_warnings():  # starlette 1.x suggests httpx2; httpx works the same here
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from sprintkit.kinds.board.actions import add_note, reveal  # noqa: E402
from sprintkit.serve import make_app  # noqa: E402
from sprintkit.workspace import open_journey, start_journey  # noqa: E402

CODE = "ABCD-EFGH"


def _joined(client: TestClient) -> int:
    r = client.post("/join", data={"code": CODE, "name": "Ria"}, follow_redirects=False)
    assert r.status_code == 303
    return int(client.get("/api/stand").json()["seq"])


def _in_capture(pg_url: str):
    """A new Molenwijk journey with a praktijksafari run in capture, and its participant app."""
    journey = start_journey("molenwijk", store=pg_url)
    run = journey.start_run("praktijksafari")
    journey.set_stage("capture", run)
    return journey, run, make_app("molenwijk", pg_url, journey.id, code=CODE)


@pytest.fixture
def sqlite_room(tmp_path):
    """A new Molenwijk journey in an SQLite store, and its participant app."""
    path = tmp_path / "sessies.sqlite"
    journey = start_journey("molenwijk", store=path)
    yield journey, make_app("molenwijk", path, journey.id, code=CODE)
    journey.store.close()


@pytest.mark.postgres
def test_a_poll_that_has_seen_the_latest_waits_for_the_next_change(pg_url):
    journey, run, app = _in_capture(pg_url)
    with TestClient(app) as phone:  # the context runs the lifespan: the watcher starts
        seq = _joined(phone)
        answers: list[dict] = []
        asked = threading.Thread(
            target=lambda: answers.append(phone.get(f"/api/stand?sinds={seq}").json())
        )
        begun = time.monotonic()
        asked.start()
        time.sleep(0.5)
        assert answers == []  # held: nothing changed yet
        other = open_journey("molenwijk", journey.id, store=pg_url)  # the notebook
        add_note(other, run, "Donker pad bij het station", author="ria")
        reveal(other, run)
        asked.join(timeout=30)
        assert answers and answers[0]["seq"] > seq and answers[0]["push"] is True
        assert time.monotonic() - begun < 20  # woken by the change, not by LONG_POLL
        screen = phone.get("/api/scherm?sinds=0").json()  # not seen the latest: at once
        assert screen["push"] is True and screen["count"] >= 1
        other.store.close()
    journey.store.close()


def test_sqlite_pages_poll_as_before(sqlite_room):
    journey, app = sqlite_room
    with TestClient(app) as phone:
        seq = _joined(phone)
        begun = time.monotonic()
        answer = phone.get(f"/api/stand?sinds={seq}").json()
        assert answer["seq"] == seq and answer["push"] is False
        assert time.monotonic() - begun < 10  # answered at once, never held


def test_the_page_script_asks_again_at_once_when_the_server_pushes():
    from importlib import resources

    script = (resources.files("sprintkit.serve") / "static" / "sprintkit.js").read_text()
    assert re.search(r"setTimeout\(poll, push \? \d+ : 1000\)", script)


@pytest.mark.postgres
def test_the_notebook_listens_instead_of_polling(pg_url):
    from sprintkit.widgets._base import Workshop

    journey = start_journey("molenwijk", store=pg_url)
    run = journey.start_run("praktijksafari")
    ws = Workshop(journey)
    told: list[int] = []
    ws.on_change(lambda: told.append(journey.last_seq))
    other = open_journey("molenwijk", journey.id, store=pg_url)  # the participant server

    async def session() -> None:
        assert ws.start_polling() is True
        assert ws._poller is None and ws._listener is not None  # a listener, no polling task
        await asyncio.sleep(0.3)
        add_note(other, run, "Donker pad bij het station", author="telefoon")
        deadline = time.monotonic() + 20  # a hang guard
        while not told and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        ws.close()

    asyncio.run(session())
    assert told and told[-1] == other.last_seq
    assert "Donker pad bij het station" in [n.text for n in journey.run(run).notes.values()]
    other.store.close()
    journey.store.close()


@pytest.mark.slow
@pytest.mark.postgres
def test_a_server_with_held_polls_stops_at_once_and_shows_its_public_url(pg_url):
    import os
    import signal
    from pathlib import Path

    import httpx
    from factories import free_port, serve_process

    journey = start_journey("molenwijk", store=pg_url)
    port = free_port()
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "SPRINTKIT_STORE": pg_url, "SPRINTKIT_SERVE_URL": "https://deelnemen.test"}
    env["PYTHONPATH"] = os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])
    args = ["serve", "molenwijk"]
    with serve_process(*args, port=port, env=env) as (server, first):
        assert first["join"].startswith("https://deelnemen.test/join?code=")
        assert pg_url not in " ".join(server.args)  # the URL came from the environment
        url = f"http://127.0.0.1:{port}"
        seq = httpx.get(f"{url}/api/scherm").json()["seq"]
        held = threading.Thread(
            target=lambda: httpx.get(f"{url}/api/scherm?sinds={seq}", timeout=30), daemon=True
        )
        held.start()
        time.sleep(0.5)
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=15) == 0  # the held poll was answered, not waited for
    journey.store.close()


@pytest.mark.postgres
def test_a_remembered_device_of_an_erased_person_is_refused(pg_url):
    from sprintkit.retention import forget_person

    journey = start_journey("molenwijk", store=pg_url)
    app = make_app("molenwijk", pg_url, journey.id, code=CODE)
    with TestClient(app) as phone:
        r = phone.post("/join", data={"code": CODE, "name": "Ria Brouwer"}, follow_redirects=False)
        assert r.status_code == 303
        assert phone.get("/api/stand").status_code == 200  # the server now knows the device
        forget_person("molenwijk", "Ria Brouwer", store=pg_url)  # the privacy officer, elsewhere
        assert phone.get("/api/stand").status_code == 403
        assert "Doe mee" in phone.get("/").text


@pytest.mark.postgres
def test_a_poll_reads_the_store_only_when_told_of_a_change(pg_url):
    journey, run, app = _in_capture(pg_url)
    room = app.state.room
    with TestClient(app) as phone:
        _joined(phone)
        reads: list[int] = []
        store = room._journey.store
        read = store.read
        store.read = lambda *a, **k: reads.append(1) or read(*a, **k)
        token = re.search(r'name="csrf" value="([^"]+)"', phone.get("/").text)[1]
        r = phone.post(
            "/api/notitie",
            data={"text": "Eigen notitie", "csrf": token},
            headers={"accept": "application/json"},
        )
        assert r.status_code == 200
        reads.clear()
        stand = phone.get("/api/stand").json()  # its own command moved last_seq: nothing read
        assert reads == [] and [n["text"] for n in stand["notes"]] == ["Eigen notitie"]
        other = open_journey("molenwijk", journey.id, store=pg_url)  # the notebook
        other.set_stage("reveal", run)
        deadline = time.monotonic() + 10  # hang guard: the watcher hears the NOTIFY
        while room.heard != other.last_seq and time.monotonic() < deadline:
            time.sleep(0.02)
        assert room.heard == other.last_seq
        stand = phone.get("/api/stand").json()  # told of a change: read, and shown
        assert reads == [1] and stand["stage"] == "reveal" and stand["seq"] == other.last_seq
        assert phone.get("/api/scherm").json()["stage"] == "reveal" and reads == [1]
        other.store.close()
    journey.store.close()


def test_an_sqlite_room_reads_the_store_on_every_request(sqlite_room):
    journey, app = sqlite_room
    room = app.state.room
    with TestClient(app) as phone:
        _joined(phone)
        assert room.heard is None  # no push: nothing to be told by
        journey.set_stage("result")  # another writer
        assert phone.get("/api/stand").json()["stage"] == "result"
