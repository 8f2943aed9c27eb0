"""The participant page and the projector (sprintkit.serve) over HTTP."""

from __future__ import annotations

import os
import re
import signal
import warnings

import pytest
from factories import capturing_journey, free_port, serve_process
from markupsafe import escape

pytest.importorskip("starlette")

with warnings.catch_warnings():  # starlette 1.x suggests httpx2; httpx works the same here
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from sprintkit.kinds.board.actions import reveal, reveal_tallies  # noqa: E402
from sprintkit.serve import make_app  # noqa: E402
from sprintkit.serve.app import COOKIE  # noqa: E402
from sprintkit.serve.devices import new_code, normalise_code  # noqa: E402
from sprintkit.serve.room import (  # noqa: E402
    WRONG_CODES_IN_ALL,
    WRONG_CODES_PER_ADDRESS,
    device_file,
)
from sprintkit.store import SQLiteStore  # noqa: E402
from sprintkit.workspace import start_journey  # noqa: E402

CODE = "ABCD-EFGH"
JSON = {"accept": "application/json"}


@pytest.fixture
def room(tmp_path):
    path = tmp_path / "sessies.sqlite"
    journey = start_journey("molenwijk", store=SQLiteStore(path))
    run = journey.start_run("praktijksafari")
    app = make_app("molenwijk", path, journey.id, code=CODE)
    yield journey, run, app, path
    journey.store.close()


def phone(app, name="", code=CODE):
    client = TestClient(app)
    r = client.post("/join", data={"code": code, "name": name}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return client


def csrf(client):
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/api/stand").json()["html"])[1]


def post(client, path, **fields):
    fields.setdefault("csrf", csrf(client))
    return client.post(path, data=fields, headers=JSON)


def stage(journey, name, run=None):
    journey.refresh()
    journey.set_stage(name, run)


def test_join_code_is_long_and_unambiguous():
    code = new_code()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert not set(code) & set("01OIL")
    assert normalise_code(" abcd-efgh") == "ABCDEFGH"


def test_join_good_and_bad_code_and_rate_limit(room):
    journey, _, app, path = room
    client = TestClient(app)
    r = client.post("/join", data={"code": "abcd efgh", "name": "Ria"}, follow_redirects=False)
    assert r.status_code == 303
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    journey.refresh()
    assert [p.name for p in journey.people()] == ["Ria"]
    assert oct(os.stat(device_file(path)).st_mode & 0o777) == "0o600"
    anonymous = phone(app)
    assert anonymous.get("/api/stand").json()["me"] == "deelnemer-2"
    r = TestClient(app).post("/join", data={"code": "ZZZZ-ZZZZ"})
    assert r.status_code == 403 and "code klopt niet" in r.text


def at(app, address):
    """A phone at ``address`` (a school's Wi-Fi: many phones, one address behind NAT)."""
    return TestClient(app, client=(address, 40000))


def test_wrong_codes_per_address_never_keep_the_right_code_out(room):
    journey, _, app, _ = room
    school = "10.1.1.1"
    for _ in range(WRONG_CODES_PER_ADDRESS):
        r = at(app, school).post("/join", data={"code": "ZZZZ-ZZZZ"})
        assert r.status_code == 403 and "code klopt niet" in r.text
    r = at(app, school).post("/join", data={"code": "ZZZZ-ZZZZ"})
    assert r.status_code == 429 and "Te vaak een verkeerde code" in r.text
    # a classmate behind the same address types the right code: in
    r = at(app, school).post("/join", data={"code": CODE, "name": "Klasgenoot"})
    assert r.status_code == 200 and "Je doet mee als Klasgenoot." in r.text
    # another address is not blocked by the school's typos
    r = at(app, "10.2.2.2").post("/join", data={"code": "ZZZZ-ZZZZ"})
    assert r.status_code == 403
    journey.refresh()
    assert [p.name for p in journey.people()] == ["Klasgenoot"]


def test_wrong_codes_from_all_addresses_lock_every_join_for_a_minute(room):
    journey, _, app, _ = room
    now = [1000.0]
    app.state.room.guess_limit.clock = lambda: now[0]
    per_address = WRONG_CODES_PER_ADDRESS
    addresses = [f"10.0.0.{i}" for i in range(WRONG_CODES_IN_ALL // per_address)]
    assert len(addresses) * per_address == WRONG_CODES_IN_ALL
    for address in addresses:
        for _ in range(per_address):
            assert at(app, address).post("/join", data={"code": "ZZZZ"}).status_code == 403
    # locked: the right code too, from a fresh address, is not even compared
    r = at(app, "10.9.9.9").post("/join", data={"code": CODE})
    assert r.status_code == 429 and "te veel verkeerde codes" in r.text
    english = at(app, "10.9.9.9")
    english.cookies.set("lang", "en")
    r = english.post("/join", data={"code": CODE}, headers=JSON)
    assert r.status_code == 429 and r.json()["error"].startswith("Too many wrong codes")
    now[0] += 61  # a minute later the room opens again
    r = at(app, "10.9.9.9").post("/join", data={"code": CODE}, follow_redirects=False)
    assert r.status_code == 303
    journey.refresh()
    assert len(journey.people()) == 1


def test_silent_capture_is_private_until_reveal(room):
    journey, run, app, _ = room
    a, b = phone(app, "Anna"), phone(app, "Bert")
    stage(journey, "capture", run)
    assert post(a, "/api/notitie", text="Geheim van Anna", personal="1").status_code == 200
    assert post(b, "/api/notitie", text="Van Bert").status_code == 200
    seen_b = b.get("/api/stand").json()
    assert [n["text"] for n in seen_b["notes"]] == ["Van Bert"]
    assert "Geheim van Anna" not in b.get("/api/stand").text
    assert "Geheim van Anna" not in b.get("/").text
    screen = b.get("/api/scherm").json()
    assert screen["count"] == 2 and screen["notes"] == []
    assert "Geheim van Anna" not in b.get("/scherm").text
    stage(journey, "reveal", run)
    reveal(journey, run)
    for client in (a, b):
        texts = {n["text"] for n in client.get("/api/stand").json()["notes"]}
        assert texts == {"Geheim van Anna", "Van Bert"}
    assert "Geheim van Anna" in a.get("/scherm").text


def test_voting_budget_and_no_self_votes(room):
    journey, run, app, _ = room
    a, b = phone(app, "Anna"), phone(app, "Bert")
    stage(journey, "capture", run)
    own = post(a, "/api/notitie", text="Van Anna").json()["note"]
    notes = [post(b, "/api/notitie", text=f"Bert {i}").json()["note"] for i in range(4)]
    r = post(a, "/api/stem", note=notes[0])
    assert r.status_code == 409 and "niet gestemd" in r.json()["error"]
    stage(journey, "vote", run)
    reveal(journey, run)
    assert a.get("/api/stand").json()["budget"] == 3
    assert "nog 3 stemmen" in a.get("/").text
    r = post(a, "/api/stem", note=own)
    assert r.status_code == 409 and r.json()["error"] == "je kunt niet op je eigen notitie stemmen"
    for note in notes[:3]:
        assert post(a, "/api/stem", note=note).status_code == 200
    r = post(a, "/api/stem", note=notes[3])
    assert r.status_code == 409 and r.json()["error"] == "Je hebt al je stemmen gebruikt."
    journey.refresh()
    assert sum(len(n.votes) for n in journey.run(run).notes.values()) == 3
    assert a.get("/api/stand").json()["budget"] == 0
    page = a.get("/").text
    assert page.count('value="' + own + '"') == 0  # no vote button on one's own note
    assert "votes" not in a.get("/api/stand").json()["notes"][0]
    reveal_tallies(journey, run)
    assert "3 stemmen" not in b.get("/scherm").text and "1 stem" in b.get("/scherm").text


def test_a_work_form_without_a_vote_says_so_instead_of_dead_buttons(room):
    journey, _, app, _ = room
    socrates = journey.start_run("onderzoek-socrates")  # votes_per_person: 0
    b = phone(app, "Bert")
    stage(journey, "capture", socrates)
    post(b, "/api/notitie", text="Wat weet ik zeker?")
    a = phone(app, "Anna")
    stage(journey, "vote", socrates)
    reveal(journey, socrates)
    stand = a.get("/api/stand").json()
    assert stand["voting"] is False and stand["budget"] == 0
    page = a.get("/").text
    assert "Bij deze werkvorm wordt niet gestemd" in page
    assert "geen stemmen meer" not in page and 'action="/api/stem"' not in page
    assert "Wat weet ik zeker?" in page  # the notes are still there to read


def test_csrf_foreign_token_and_removed_person(room):
    journey, run, app, _ = room
    a = phone(app, "Anna")
    stage(journey, "capture", run)
    assert a.post("/api/notitie", data={"text": "x"}, headers=JSON).status_code == 403
    r = a.post("/api/notitie", data={"text": "x", "csrf": "fout"}, headers=JSON)
    assert r.status_code == 403 and "eigen pagina" in r.json()["error"]
    stranger = TestClient(app, cookies={COOKIE: "niet-van-ons"})
    r = stranger.post("/api/notitie", data={"text": "x", "csrf": "x"}, headers=JSON)
    assert r.status_code == 403
    assert stranger.get("/api/stand").status_code == 403
    assert "Doe mee" in stranger.get("/").text
    token = csrf(a)
    journey.refresh()
    journey.remove_person("anna")
    r = a.post("/api/notitie", data={"text": "x", "csrf": token}, headers=JSON)
    assert r.status_code == 403 and "deelnemerslijst" in r.json()["error"]
    assert a.get("/api/stand").status_code == 403
    assert "deelnemerslijst" in a.get("/").text


def test_body_size_and_post_rate_limits(room):
    journey, run, app, _ = room
    a = phone(app, "Anna")
    stage(journey, "capture", run)
    token = csrf(a)
    r = a.post("/api/notitie", data={"text": "x" * 9000, "csrf": token}, headers=JSON)
    assert r.status_code == 413 and "te veel tekst" in r.json()["error"]
    codes = [
        a.post("/api/notitie", data={"text": f"n{i}", "csrf": token}, headers=JSON).status_code
        for i in range(31)
    ]
    assert codes[:30] == [200] * 30 and codes[30] == 429


def test_hostile_text_is_escaped_everywhere(room):
    journey, run, app, _ = room
    hostile = '<script>alert(1)</script>" onmouseover="x'
    a = phone(app, hostile)
    stage(journey, "capture", run)
    assert post(a, "/api/notitie", text=hostile).status_code == 200
    reveal(journey, run)
    for page in (a.get("/").text, a.get("/scherm").text, a.get("/api/stand").json()["html"]):
        assert "<script>alert" not in page and '" onmouseover' not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_projector_shows_code_and_no_inline_script(room):
    journey, run, app, _ = room
    r = TestClient(app).get("/scherm")
    assert r.status_code == 200 and CODE in r.text and "<svg" in r.text
    assert re.findall(r"<script[^>]*>", r.text) == ['<script src="/static/sprintkit.js">']
    assert "style=" not in r.text and "http" not in r.text.replace("http://127.0.0.1:8765", "")
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    stage(journey, "capture", run)
    screen = TestClient(app).get("/scherm").text
    assert CODE not in screen and "Praktijksafari" in screen


@pytest.mark.slow
def test_real_server_process(tmp_path):
    import httpx

    path = tmp_path / "sessies.sqlite"
    journey, run = capturing_journey(path)
    port = free_port()
    args = ["serve", "molenwijk", "--store", str(path), "--code", CODE]
    with serve_process(*args, port=port) as (proc, first):
        assert first["url"] == f"http://127.0.0.1:{port}" and first["code"] == CODE
        assert first["join"].endswith(f"/join?code={CODE}") and first["pid"] == proc.pid
        with httpx.Client(base_url=first["url"], timeout=5) as client:
            r = client.post("/join", data={"code": CODE, "name": "Echt"})
            assert r.status_code == 303
            token = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text)[1]
            r = client.post("/api/notitie", data={"text": "Over echt HTTP", "csrf": token})
            assert r.status_code == 303
        journey.refresh()
        assert [n.text for n in journey.run(run).notes.values()] == ["Over echt HTTP"]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
        assert "gestopt" in proc.stdout.read()


def test_projector_steps_while_writing_questions_at_closing(room):
    journey, run, app, _ = room
    first_step = journey.spec(run).steps[0].nl
    stage(journey, "capture", run)
    assert first_step in TestClient(app).get("/scherm").text  # the instructions while writing
    stage(journey, "reveal", run)
    assert first_step not in TestClient(app).get("/scherm").text  # the notes take the screen
    stage(journey, "result", run)
    screen = TestClient(app).get("/scherm").text
    prompts = [f.prompts[1].nl for f in journey.method.key_factors if 1 in f.prompts]
    assert "Vragen bij het afronden" in screen and prompts
    assert all(str(escape(p)) in screen for p in prompts)  # as Jinja2 escapes them


def _counting(store, counts):
    """Count the store's reads and transactions (the real methods still do the work)."""
    for name in ("read", "transaction"):
        method = getattr(store, name)

        def counted(*args, _method=method, _name=name, **kwargs):
            counts[_name] = counts.get(_name, 0) + 1
            return _method(*args, **kwargs)

        setattr(store, name, counted)


def test_a_request_reads_the_store_once_and_a_command_only_in_its_transaction(room):
    journey, run, app, _ = room
    a = phone(app, "Anna")
    stage(journey, "capture", run)
    token = csrf(a)
    room_ = app.state.room
    counts: dict[str, int] = {}
    _counting(room_.journey.store, counts)
    stand = a.get("/api/stand").json()  # the stage, its run, the face, the budget: one read
    assert counts == {"read": 1} and stand["stage"] == "capture"
    counts.clear()
    r = a.post("/api/notitie", data={"text": "Donker pad", "csrf": token}, headers=JSON)
    assert r.status_code == 200
    assert counts == {"transaction": 1}  # checks and append caught up under the write lock
    counts.clear()
    stage(journey, "vote", run)  # another writer: the next request sees it
    r = a.post("/api/notitie", data={"text": "te laat", "csrf": token}, headers=JSON)
    assert r.status_code == 409 and counts == {"transaction": 1}
    assert len(room_.journey.run(run).notes) == 1


def test_the_page_looks_each_address_up_once_not_once_per_note(room):
    from starlette.routing import Route

    journey, run, app, _ = room
    a, b = phone(app, "Anna"), phone(app, "Bert")
    stage(journey, "capture", run)
    notes = [post(b, "/api/notitie", text=f"Bert {i}").json()["note"] for i in range(12)]
    stage(journey, "vote", run)
    server = next(r.endpoint.__self__ for r in app.routes if isinstance(r, Route))
    asked: list[str] = []
    lookup = server.url_path_for
    server.url_path_for = lambda name, **p: asked.append(name) or lookup(name, **p)
    server.urls.clear()
    html = a.get("/api/stand").json()["html"]
    assert html.count('action="/api/stem"') == len(notes)  # a vote form on every note
    assert asked == ["vote"]  # 12 forms, two addresses each: Starlette asked once
    assert a.get("/api/stand").json()["html"] == html and asked == ["vote"]  # remembered
