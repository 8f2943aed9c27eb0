"""The facilitator's participants panel, the server process and the Workshop's poller.

The server here is a fake (a tiny script that keeps the contract: one JSON line on stdout, then
sleep until SIGTERM), so these tests do not depend on the real ``sprintkit serve``.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import urllib.parse

import pytest
from factories import free_port

pytest.importorskip("ipywidgets")

from sprintkit import server_process  # noqa: E402
from sprintkit.kinds.board.actions import add_note, reveal  # noqa: E402
from sprintkit.store import SQLiteStore  # noqa: E402
from sprintkit.widgets import ParticipantsPanel, Workshop, make_canvas, open_sprint  # noqa: E402
from sprintkit.workspace import open_journey, start_journey  # noqa: E402

FAKE_SERVER = """
import argparse, json, signal, sys, time
parser = argparse.ArgumentParser()
parser.add_argument("casus")
parser.add_argument("--store")
parser.add_argument("--journey")
parser.add_argument("--host")
parser.add_argument("--port", type=int)
parser.add_argument("--code", default="4821")
parser.add_argument("--lang")
args = parser.parse_args()
base = f"http://{args.host}:{args.port}"
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print(json.dumps({"url": base, "join": base + "/join?code=" + args.code, "code": args.code,
                  "pid": 0, "lang": args.lang}), flush=True)
print("Deelnemerspagina draait", flush=True)
while True:
    time.sleep(0.1)
"""

DEAD_SERVER = """
import sys
import urllib.parse
print("Traceback: OSError: [Errno 98] Address already in use", file=sys.stderr)
sys.exit(1)
"""


@pytest.fixture
def script(tmp_path):
    def _script(text: str) -> list[str]:
        path = tmp_path / "fake_server.py"
        path.write_text(text, encoding="utf-8")
        return [sys.executable, str(path)]

    return _script


@pytest.fixture
def ws(molenwijk, tmp_path):
    store = SQLiteStore(tmp_path / "sessie.db")
    workshop = Workshop(start_journey(molenwijk, store=store), "nl")
    yield workshop
    server_process.stop_server(store.path)  # never leave a fake server behind
    workshop.close()


def test_stage_buttons_store_stage_events(ws):
    run = ws.journey.start_run("praktijksafari", 1)
    panel = ParticipantsPanel(ws, 1)
    assert panel.run.value == run
    assert "aanmelden" in panel.stage_view.value
    panel.buttons["capture"].click()
    assert ws.journey.state.stage.stage == "capture" and ws.journey.state.stage.run == run
    assert "schrijven" in panel.stage_view.value and "gap" not in panel.status.value
    panel.buttons["reveal"].click()
    assert ws.journey.state.stage.stage == "reveal" and ws.journey.run(run).revealed
    panel.buttons["reveal"].click()  # twice: the board is revealed once
    panel.buttons["vote"].click()
    panel.buttons["tallies"].click()
    assert ws.journey.state.stage.stage == "vote" and ws.journey.run(run).tallies_revealed
    panel.buttons["result"].click()
    panel.buttons["join"].click()
    assert ws.journey.state.stage.stage == "join" and ws.journey.state.stage.run is None
    kinds = [e.kind for e in ws.journey.events if e.kind != "run_started"]
    assert kinds[-8:] == [
        "stage_set",
        "notes_revealed",
        "stage_set",
        "stage_set",
        "stage_set",
        "tallies_revealed",
        "stage_set",
        "stage_set",
    ]


def test_stage_buttons_are_as_wide_as_their_label(ws):
    panel = ParticipantsPanel(ws, 1)
    buttons = [*panel.buttons.values(), panel.start_button, panel.remove_button]
    assert {b.layout.width for b in buttons} == {"auto"}
    assert panel.children[4].layout.flex_flow == "row wrap"


def test_stage_needing_a_run_without_one_is_a_dutch_message(ws):
    panel = ParticipantsPanel(ws, 1)
    assert panel.run.value is None
    panel.buttons["capture"].click()
    assert "kies eerst welke" in panel.status.value
    assert ws.journey.state.stage.stage == "join"


def test_remove_device(ws):
    ria = ws.journey.add_person("Ria Brouwer")
    ws.journey.add_person("Tom Bakker")
    panel = ParticipantsPanel(ws, 1)
    assert "Ria Brouwer" in panel.people_view.value and "(2)" in panel.people_view.value
    panel.person.value = ria
    panel.remove_button.click()
    assert ws.journey.state.roster[ria].removed
    assert ws.journey.events[-1].kind == "person_removed"
    assert "Ria Brouwer" not in panel.people_view.value
    assert "kan niet meer meedoen" in panel.status.value


def test_poller_brings_in_notes_from_another_writer(ws, molenwijk, tmp_path):
    board = make_canvas(ws, ws.journey.start_run("praktijksafari", 1))
    panel = ParticipantsPanel(ws, 1)
    assert ws.poll_once() == 0
    server = open_journey(molenwijk, ws.journey.id, store=SQLiteStore(tmp_path / "sessie.db"))
    add_note(server, board.run_id, "Donker pad bij het station", author="telefoon")
    reveal(server, board.run_id)
    server.add_person("Sanne de Vries")
    assert ws.poll_once() == 3
    assert "Donker pad bij het station" in "".join(c.value for c in board.columns.values())
    assert "Sanne de Vries" in panel.people_view.value
    assert ws.poll_once() == 0  # nothing new: one cheap probe, no re-render


def test_poll_errors_go_to_the_log(ws, monkeypatch):
    def broken(journey):
        raise RuntimeError("schijf weg")

    monkeypatch.setattr(ws.journey.store, "last_seq", broken)
    assert ws.poll_once() == 0
    assert "Bijwerken vanuit de sessie is mislukt" in ws.log.outputs[-1]["text"]


def test_start_polling_needs_a_running_loop(ws):
    assert ws.start_polling() is False  # no kernel loop in a test: poll_once is called by hand


def test_start_show_find_again_and_stop_a_fake_server(ws, script):
    store = ws.journey.store.path
    port = free_port()
    panel = ParticipantsPanel(ws, 1, command=script(FAKE_SERVER), port=port, timeout=10)
    panel.code.value = "4821"
    panel.start_button.click()
    assert "gap" not in panel.status.value, panel.status.value
    view = panel.server_view.value
    assert f"http://127.0.0.1:{port}" in view and "4821" in view
    # the QR is an SVG a browser can draw on its own: it names the SVG namespace
    uri = re.search(r"src='(data:image/svg\+xml[^']*)'", view).group(1)
    svg = urllib.parse.unquote(uri.split(",", 1)[1])
    assert svg.startswith("<svg") and "xmlns='http://www.w3.org/2000/svg'" in svg
    saved = json.loads(server_process.state_file(store).read_text(encoding="utf-8"))
    assert saved["join"] == f"http://127.0.0.1:{port}/join?code=4821"
    assert saved["journey"] == ws.journey.id
    assert saved["lang"] == "nl"  # the room speaks the notebook's language (--lang nl)
    # a restarted kernel: a new panel (and no Popen object) finds the running server again
    child = server_process._children.pop(saved["pid"])
    again = ParticipantsPanel(Workshop(ws.journey), 1)
    assert "4821" in again.server_view.value
    again.stop_button.click()
    child.wait(timeout=5)
    assert child.returncode == 0  # SIGTERM: a clean stop
    assert not server_process.state_file(store).exists()
    assert "staat uit" in again.server_view.value and "gestopt" in again.status.value


def test_an_english_notebook_starts_an_english_room(molenwijk, tmp_path, script):
    store = SQLiteStore(tmp_path / "sessie.db")
    workshop = Workshop(start_journey(molenwijk, store=store), "en")
    try:
        panel = ParticipantsPanel(workshop, 1, command=script(FAKE_SERVER), port=free_port())
        info = panel.start()
        assert info.lang == "en"  # the fake server echoes the --lang it was given
        assert server_process.find_server(store.path).lang == "en"
    finally:
        server_process.stop_server(store.path)
        workshop.close()


def test_dead_server_is_a_dutch_message_not_a_traceback(ws, script):
    panel = ParticipantsPanel(ws, 1, command=script(DEAD_SERVER), port=free_port(), timeout=10)
    panel.start_button.click()
    assert "al in gebruik" in panel.status.value and "Traceback" not in panel.status.value
    assert "Traceback" not in "".join(o.get("text", "") for o in ws.log.outputs)
    assert not server_process.state_file(ws.journey.store.path).exists()


def test_silent_server_is_stopped_after_the_wait(ws, script):
    panel = ParticipantsPanel(
        ws, 1, command=script("import time\ntime.sleep(60)\n"), port=free_port(), timeout=0.5
    )
    panel.start_button.click()
    assert "geen adres door" in panel.status.value
    assert not server_process._children  # stopped and reaped


def test_port_taken_is_a_dutch_message(ws, script):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        panel = ParticipantsPanel(ws, 1, command=script(FAKE_SERVER), port=port)
        panel.start_button.click()
    assert f"poort {port}" in panel.status.value and "al in gebruik" in panel.status.value


def test_memory_store_cannot_serve(molenwijk, script):
    workshop = Workshop(start_journey(molenwijk, store=SQLiteStore(":memory:")))
    panel = ParticipantsPanel(workshop, 1, command=script(FAKE_SERVER), port=free_port())
    panel.start_button.click()
    assert "in een bestand staat" in panel.status.value


def test_serve_command_can_be_replaced(monkeypatch):
    monkeypatch.setenv("SPRINTKIT_SERVE_COMMAND", "python3 /tmp/nep.py")
    assert server_process.serve_command() == ["python3", "/tmp/nep.py"]
    monkeypatch.delenv("SPRINTKIT_SERVE_COMMAND")
    assert server_process.serve_command()[1:] == ["-m", "sprintkit.cli", "serve"]


def test_demo_notebook_starts_no_server(tmp_path):
    app = open_sprint("molenwijk", 1, store=tmp_path / "demo.db", demo=True)
    shown = app.deelnemers()
    assert "Deelnemers op hun telefoon" in shown.data and "zonder demo" in shown.data
    assert not server_process.state_file(tmp_path / "demo.db").exists()


def test_stale_state_file_is_forgotten(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", "pass"])  # a pid that no longer runs
    proc.wait()
    info = {"url": "u", "join": "j", "code": "c", "pid": proc.pid, "journey": None}
    path = server_process.state_file(tmp_path / "s.db")
    path.write_text(json.dumps(info), encoding="utf-8")
    assert server_process.find_server(tmp_path / "s.db") is None
    assert not path.exists()
    assert not server_process.stop_server(tmp_path / "s.db")


def test_polling_task_on_a_running_loop(ws, molenwijk, tmp_path):
    """On a running loop (as in a kernel) the task polls by itself; close() stops it."""
    import asyncio

    board = make_canvas(ws, ws.journey.start_run("praktijksafari", 1))
    server = open_journey(molenwijk, ws.journey.id, store=SQLiteStore(tmp_path / "sessie.db"))

    def shown() -> str:
        return "".join(c.value for c in board.columns.values())

    async def room() -> None:
        assert ws.start_polling(interval=0.02) and ws.start_polling()  # once, not twice
        add_note(server, board.run_id, "Fietsen op de stoep", author="telefoon")
        reveal(server, board.run_id)
        for _ in range(250):
            await asyncio.sleep(0.02)
            if "Fietsen op de stoep" in shown():
                break
        ws.close()

    asyncio.run(room())
    assert "Fietsen op de stoep" in shown()
    assert ws._poller is None


@pytest.mark.slow
def test_the_panel_starts_the_real_server_and_a_phone_note_reaches_the_board(ws):
    """The whole loop: notebook panel -> sprintkit serve -> a phone over HTTP -> the board."""
    import re
    import time

    import httpx

    run = ws.journey.start_run("praktijksafari", 1)
    board = make_canvas(ws, run)
    panel = ParticipantsPanel(ws, 1, port=free_port(), timeout=30)
    panel.start_button.click()
    info = server_process.find_server(ws.journey.store.path)
    assert info is not None, panel.status.value
    assert info.code in panel.server_view.value and "data:image/svg+xml" in panel.server_view.value
    panel.buttons["capture"].click()
    try:
        with httpx.Client(base_url=info.url, timeout=5) as phone:
            for _ in range(50):
                try:
                    phone.get("/scherm")
                    break
                except httpx.ConnectError:
                    time.sleep(0.1)
            assert phone.post("/join", data={"code": info.code, "name": "Sanne"}).status_code == 303
            token = re.search(r'name="csrf" value="([^"]+)"', phone.get("/").text)[1]
            sent = phone.post("/api/notitie", data={"text": "Licht bij de tunnel", "csrf": token})
            assert sent.status_code == 303
        assert ws.poll_once() >= 2  # the person and the note, written by the server process
        shown = "".join(column.value for column in board.columns.values())
        assert "1 notitie" in shown  # silent capture: counted, not shown, on the projector side
        assert "Sanne" in panel.people_view.value
    finally:
        panel.stop_button.click()
    assert server_process.find_server(ws.journey.store.path) is None
