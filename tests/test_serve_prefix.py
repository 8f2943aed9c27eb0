"""The participant server under a path prefix, as JupyterHub's proxy reaches it.

JupyterHub's proxy passes ``/services/NAME/...`` on whole: the server must answer there, every
address its pages name must carry the prefix, and nothing outside it is served.
"""

from __future__ import annotations

import re
import signal
import warnings

import pytest
from factories import capturing_journey, free_port, serve_process

pytest.importorskip("starlette")

with warnings.catch_warnings():  # starlette 1.x suggests httpx2; httpx works the same here
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from sprintkit.errors import SprintkitError  # noqa: E402
from sprintkit.kinds.board.actions import reveal  # noqa: E402
from sprintkit.serve import make_app  # noqa: E402
from sprintkit.serve.address import hub_prefix, normalise_prefix, public_address  # noqa: E402
from sprintkit.serve.app import COOKIE, LANG_COOKIE  # noqa: E402
from sprintkit.store import SQLiteStore  # noqa: E402
from sprintkit.workspace import start_journey  # noqa: E402

CODE = "ABCD-EFGH"
PREFIX = "/services/sprintkit-x"
PUBLIC = "https://hub.gemeente.nl/services/sprintkit-x"
JSON = {"accept": "application/json"}
#: every address a page names: links, scripts, styles, forms and the script's API addresses
ADDRESS = re.compile(r'(?:href|src|action|data-api)="([^"]+)"')


@pytest.fixture
def room(tmp_path):
    path = tmp_path / "sessies.sqlite"
    journey = start_journey("molenwijk", store=SQLiteStore(path))
    run = journey.start_run("praktijksafari")
    app = make_app("molenwijk", path, journey.id, code=CODE, base_url=PUBLIC, prefix=PREFIX + "/")
    yield journey, run, app
    journey.store.close()


def _joined(app, name="Ria"):
    client = TestClient(app)
    r = client.post(f"{PREFIX}/join", data={"code": CODE, "name": name}, follow_redirects=False)
    assert r.status_code == 303, r.text
    assert r.headers["location"] == f"{PREFIX}/"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and f"Path={PREFIX}/;" in cookie
    return client


def _addresses(html: str) -> list[str]:
    found = ADDRESS.findall(html.replace("&amp;", "&"))
    assert found, html[:300]
    return found


def _stage(journey, name, run=None):
    journey.refresh()
    journey.set_stage(name, run)


def test_every_address_a_page_names_is_under_the_prefix_and_answers(room):
    journey, run, app = room
    phone = _joined(app)
    _stage(journey, "capture", run)
    pages = {
        "join": TestClient(app).get(f"{PREFIX}/join?code={CODE}").text,
        "capture": phone.get(f"{PREFIX}/").text,
        "projector": TestClient(app).get(f"{PREFIX}/scherm").text,
    }
    fields = {"text": "Donkere tunnel", "csrf": _csrf(phone)}
    r = phone.post(f"{PREFIX}/api/notitie", data=fields, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"{PREFIX}/"
    other = _joined(app, "Bram")  # a note of someone else: the vote form shows
    r = other.post(f"{PREFIX}/api/notitie", data={"text": "Volle stalling", "csrf": _csrf(other)})
    assert r.status_code == 200
    reveal(journey, run)
    _stage(journey, "vote", run)
    pages["vote"] = phone.get(f"{PREFIX}/").text
    pages["vote_part"] = phone.get(f"{PREFIX}/api/stand").json()["html"]
    _stage(journey, "join")
    pages["projector_join"] = TestClient(app).get(f"{PREFIX}/scherm?lang=en").text
    named = {address for html in pages.values() for address in _addresses(html)}
    assert {f"{PREFIX}/api/notitie", f"{PREFIX}/api/stem", f"{PREFIX}/api/stand"} <= named
    assert f"{PREFIX}/static/sprintkit.js" in named
    for address in named:
        assert address.startswith(f"{PREFIX}/"), address
        if "/api/" not in address:  # pages, the language links and static files answer
            assert phone.get(address).status_code == 200, address
    # the projector's script polls its own API, with the language it was opened in
    assert f'data-api="{PREFIX}/api/scherm?lang=en"' in pages["projector_join"]
    # the QR code and the line under it name the public address with the prefix
    assert f"{PUBLIC}/join?code={CODE}" in pages["projector_join"]
    assert app.state.join_url == f"{PUBLIC}/join?code={CODE}"


def _csrf(client):
    stand = client.get(f"{PREFIX}/api/stand").json()
    return re.search(r'name="csrf" value="([^"]+)"', stand["html"])[1]


def test_nothing_outside_the_prefix_is_served(room):
    _, _, app = room
    client = _joined(app)  # joined: a device cookie would be sent if its path allowed
    for path in (
        "/",
        "/join",
        "/scherm",
        "/api/stand",
        "/static/sprintkit.css",
        "/services/sprintkit-y/",
        "/services/sprintkit-xy/join",
        "/services/",
    ):
        r = client.get(path)
        assert r.status_code == 404, path
        assert r.headers["x-frame-options"] == "DENY"  # the security headers on a 404 too
    assert client.post("/api/notitie", data={"text": "x"}).status_code == 404
    # the prefix itself without its slash: sent on to it
    r = client.get(PREFIX, follow_redirects=False)
    assert r.status_code in (307, 308) and r.headers["location"].endswith(f"{PREFIX}/")


def test_cookies_redirects_and_refusals_keep_to_the_prefix(room):
    journey, run, app = room
    r = TestClient(app).get(f"{PREFIX}/join?lang=en")
    assert f"{LANG_COOKIE}=en" in r.headers["set-cookie"]
    assert f"Path={PREFIX}/;" in r.headers["set-cookie"]
    stranger = TestClient(app)
    r = stranger.get(f"{PREFIX}/api/stand")  # not joined: the API answers JSON
    assert r.status_code == 403 and r.headers["content-type"] == "application/json"
    phone = _joined(app)
    _stage(journey, "capture", run)
    token = _csrf(phone)
    # a form without the page's script: a refusal comes back as the page with the message
    r = phone.post(f"{PREFIX}/api/stem", data={"note": "x", "csrf": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith(f"{PREFIX}/?fout=")
    r = phone.post(f"{PREFIX}/api/stem", data={"note": "x", "csrf": token}, headers=JSON)
    assert r.status_code == 409 and "stemd" in r.json()["error"]


def test_a_kinds_phone_face_posts_under_the_prefix(tmp_path):
    path = tmp_path / "sessies.sqlite"
    journey = start_journey("molenwijk", store=SQLiteStore(path))
    try:
        run = journey.start_run("samen-beslissen", 3)
        journey.canvas_op(run, "proposal_set", {"text": "Meer licht bij de tunnel"})
        journey.set_stage("capture", run)
        app = make_app("molenwijk", path, journey.id, code=CODE, prefix=PREFIX)
        phone = _joined(app)
        html = phone.get(f"{PREFIX}/").text
        assert f'action="{PREFIX}/api/canvas" data-api="{PREFIX}/api/canvas"' in html
        r = phone.post(
            f"{PREFIX}/api/canvas", data={"answer": "agree", "csrf": _csrf(phone)}, headers=JSON
        )
        assert r.status_code == 200, r.text
        journey.refresh()
        assert [e.kind for e in journey.store.read(journey.id)][-1] == "consent_given"
    finally:
        journey.store.close()


def test_without_a_prefix_every_address_is_at_the_root_as_before(tmp_path):
    path = tmp_path / "sessies.sqlite"
    journey = start_journey("molenwijk", store=SQLiteStore(path))
    try:
        app = make_app("molenwijk", path, journey.id, code=CODE)
        client = TestClient(app)
        r = client.post("/join", data={"code": CODE, "name": "Ria"}, follow_redirects=False)
        assert r.headers["location"] == "/" and "Path=/;" in r.headers["set-cookie"]
        named = set(_addresses(client.get("/").text))
        assert named == {"/static/sprintkit.css", "/static/sprintkit.js", "/api/stand", "/?lang=en"}
        assert app.state.join_url == f"http://127.0.0.1:8765/join?code={CODE}"
    finally:
        journey.store.close()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("/services/sprintkit-anna", "/services/sprintkit-anna"),
        ("services/sprintkit-anna/", "/services/sprintkit-anna"),
        (
            "/services/sprintkit-anna.de.vries@gemeente.nl/",
            "/services/sprintkit-anna.de.vries@gemeente.nl",
        ),
        ("", ""),
        ("/", ""),
        (None, ""),
    ],
)
def test_a_prefix_is_one_slash_in_front_and_none_behind(given, expected):
    assert normalise_prefix(given) == expected


@pytest.mark.parametrize(
    "bad", ["/services//x", "/services/../x", "/a b", "/x?y=1", "/x#y", "/%2e"]
)
def test_a_prefix_that_would_need_quoting_or_climbs_is_refused_in_dutch(bad):
    with pytest.raises(SprintkitError) as caught:
        normalise_prefix(bad)
    assert caught.value.text("nl").startswith(f"het pad {bad} kan niet")


def test_the_public_address_and_the_prefix_must_agree():
    assert public_address(None, "127.0.0.1", 8801, PREFIX) == f"http://127.0.0.1:8801{PREFIX}"
    assert public_address("https://hub.gemeente.nl", "127.0.0.1", 1, PREFIX) == PUBLIC
    assert public_address(PUBLIC + "/", "127.0.0.1", 1, PREFIX) == PUBLIC
    # without a prefix the address is taken as it is (a proxy that strips its own path)
    assert public_address("https://x.nl/deelnemen/", "h", 1, "") == "https://x.nl/deelnemen"
    with pytest.raises(SprintkitError) as caught:
        public_address("https://hub.gemeente.nl/deelnemen", "127.0.0.1", 1, PREFIX)
    assert "past niet bij het pad" in caught.value.text("nl")


def test_a_hub_prefix_is_taken_only_by_a_process_the_hub_started_as_a_service():
    # a facilitator's JupyterLab: the hub gives it its own prefix, not the participant server's
    assert (
        hub_prefix({"JUPYTERHUB_SERVICE_PREFIX": "/user/anna/", "JUPYTERHUB_USER": "anna"}) is None
    )
    service = {"JUPYTERHUB_SERVICE_NAME": "sprintkit-anna"}
    service["JUPYTERHUB_SERVICE_PREFIX"] = "/services/sprintkit-anna/"
    assert hub_prefix(service) == "/services/sprintkit-anna/"
    assert hub_prefix({}) is None


NOTES = {"Echt": "Onder het pad", "Ander": "Ook onder het pad"}


def _phone_writes(client, name, text):
    """Join through the join page's own form and add ``text`` through the phone page's form."""
    join = client.get(f"{PREFIX}/join?code={CODE}")
    action = re.search(r'<form method="post" action="([^"]+)"', join.text)[1]
    assert action == f"{PREFIX}/join"
    r = client.post(action, data={"code": CODE, "name": name})
    assert r.status_code == 303 and r.headers["location"] == f"{PREFIX}/"
    page = client.get(r.headers["location"]).text
    form = re.search(r'<form method="post" action="([^"]+)"', page)[1]
    token = re.search(r'name="csrf" value="([^"]+)"', page)[1]
    r = client.post(form, data={"text": text, "csrf": token})
    assert r.status_code == 303 and r.headers["location"] == f"{PREFIX}/"


@pytest.mark.slow
def test_a_real_server_process_under_a_prefix(tmp_path):
    """The real ``sprintkit serve --prefix``: a phone joins, writes and votes over HTTP."""
    import httpx

    path = tmp_path / "sessies.sqlite"
    journey, run = capturing_journey(path)
    port = free_port()
    args = ["serve", "molenwijk", "--store", str(path), "--code", CODE, "--prefix", PREFIX + "/"]
    try:
        with serve_process(*args, port=port) as (proc, first):
            base = f"http://127.0.0.1:{port}"
            assert first["url"] == base + PREFIX
            assert first["join"] == f"{base}{PREFIX}/join?code={CODE}"
            phones = [httpx.Client(base_url=base, timeout=5) for _ in range(2)]
            for outside in ("/", "/join", "/scherm", "/api/stand", "/static/sprintkit.js"):
                assert phones[0].get(outside).status_code == 404, outside
            for client, (name, text) in zip(phones, NOTES.items(), strict=True):
                _phone_writes(client, name, text)
            journey.refresh()
            notes = {n.text: n for n in journey.run(run).notes.values()}
            assert set(notes) == set(NOTES.values())  # the phones' notes reached the store
            reveal(journey, run)
            journey.set_stage("vote", run)
            page = phones[0].get(f"{PREFIX}/").text  # Echt votes on Ander's note
            vote = re.search(
                r'<form method="post" action="([^"]+)"[^>]*><input[^>]*'
                r'value="([^"]+)"><input type="hidden" name="note" value="([^"]+)">',
                page,
            )
            assert vote is not None and vote[1] == f"{PREFIX}/api/stem", page
            r = phones[0].post(vote[1], data={"csrf": vote[2], "note": vote[3]})
            assert r.status_code == 303 and r.headers["location"] == f"{PREFIX}/"
            for client in phones:
                client.close()
            journey.refresh()
            voted = journey.run(run).notes[notes[NOTES["Ander"]].id]
            assert len(voted.votes) == 1
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=10) == 0
    finally:
        journey.store.close()
