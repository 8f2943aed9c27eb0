"""The phone faces of the canvas kinds: consent round, A/B comparison, perspectives grid."""

from __future__ import annotations

import json
import warnings

import pytest

pytest.importorskip("starlette")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from markupsafe import escape  # noqa: E402
from test_serve import CODE, JSON, csrf, phone, post, stage  # noqa: E402

from sprintkit.canvas import canvas_kind  # noqa: E402
from sprintkit.serve import make_app  # noqa: E402
from sprintkit.store import SQLiteStore  # noqa: E402
from sprintkit.workspace import start_journey  # noqa: E402

HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def room(tmp_path):
    """Opens a new Molenwijk journey with a run of ``slug`` in ``phase``, and its app.

    Each journey's store is closed when the test ends.
    """
    journeys = []

    def open_room(slug, phase):
        path = tmp_path / "sessies.sqlite"
        journey = start_journey("molenwijk", store=SQLiteStore(path))
        journeys.append(journey)
        run = journey.start_run(slug, phase)
        return journey, run, make_app("molenwijk", path, journey.id, code=CODE)

    yield open_room
    for journey in journeys:
        journey.store.close()


def _events(journey, kind):
    journey.refresh()
    return [e for e in journey.store.read(journey.id) if e.kind == kind]


@pytest.fixture
def consent(room):
    journey, run, app = room("samen-beslissen", 3)
    journey.canvas_op(run, "proposal_set", {"text": "Meer licht bij de tunnel"})
    return journey, run, app


def test_consent_round_from_the_phone(consent):
    journey, run, app = consent
    a, b = phone(app, "Anna"), phone(app, "Bert")
    assert "Wacht op de begeleider" in a.get("/api/stand").json()["html"]
    stage(journey, "capture", run)
    html = a.get("/api/stand").json()["html"]
    assert "Meer licht bij de tunnel" in html and "Kan ermee leven" in html
    r = post(b, "/api/canvas", answer="object", text="")
    assert r.status_code == 409 and "'tekst' is verplicht" in r.json()["error"]
    assert post(a, "/api/canvas", answer="live_with").status_code == 200
    assert post(b, "/api/canvas", answer="object", text=HOSTILE).status_code == 200
    assert post(a, "/api/canvas", answer="maybe").json()["error"].startswith("Kies 'Akkoord'")
    anna, bert = a.get("/api/stand").json()["me"], b.get("/api/stand").json()["me"]
    [consented] = _events(journey, "consent_given")
    [objected] = _events(journey, "objection_recorded")
    assert consented.author == anna and objected.author == bert
    seen_a, seen_b = a.get("/api/stand").json(), b.get("/api/stand").json()
    assert seen_a["phone"]["consent"] and not seen_a["phone"]["objections"]
    assert HOSTILE not in seen_a["html"]  # Anna never sees Bert's objection
    assert HOSTILE not in seen_b["html"] and "&lt;script&gt;" in seen_b["html"]
    assert HOSTILE not in b.get("/").text
    token_a, token_b = csrf(a), csrf(b)
    r = post(a, "/api/canvas", answer="agree", csrf=token_b)  # another device's token
    assert r.status_code == 403
    stage(journey, "result", run)
    assert "Volg het scherm" in a.get("/api/stand").json()["html"]
    r = a.post("/api/canvas", data={"answer": "agree", "csrf": token_a}, headers=JSON)
    assert r.status_code == 409 and "volg het scherm" in r.json()["error"]


def test_ab_comparison_choice_and_counts_after_reveal(room):
    journey, run, app = room("ab-testen", 6)
    a, b = phone(app, "Anna"), phone(app, "Bert")
    stage(journey, "capture", run)
    assert post(a, "/api/canvas", variant="a", text=HOSTILE).status_code == 200
    assert post(b, "/api/canvas", variant="b", text="rustiger").status_code == 200
    assert post(b, "/api/canvas", variant="a", text="toch A").status_code == 200
    r = post(a, "/api/canvas", variant="c")
    assert r.status_code == 409 and "'a' of 'b'" in r.json()["error"]
    events = _events(journey, "choice_made")
    anna = a.get("/api/stand").json()["me"]
    assert events[0].author == anna and events[0].payload["variant"] == "a"
    seen = b.get("/api/stand").json()
    assert seen["phone"]["counts"] is None and seen["phone"]["mine"]["text"] == "toch A"
    assert HOSTILE not in a.get("/api/stand").json()["html"]
    stage(journey, "reveal", run)
    seen = a.get("/api/stand").json()
    assert seen["phone"]["counts"] == {"a": 2, "b": 0} and "2 keuzes" in seen["html"]
    logic = canvas_kind("ab_comparison")
    state = journey.state.runs[run]
    assert "choices" not in logic.content(state)
    assert sorted(p for p, _ in logic.contributions(state)) == sorted(
        [anna, b.get("/api/stand").json()["me"]]
    )


def test_perspectives_grid_cell_from_the_phone(room):
    journey, run, app = room("kijk-door-de-bril", 4)
    journey.canvas_op(run, "idea_added", {"idea": "Buurtbankje"})
    a = phone(app, "Anna")
    stage(journey, "capture", run)
    html = a.get("/api/stand").json()["html"]
    assert "jongeren" in html and '<option value="Buurtbankje">' in html
    r = post(a, "/api/canvas", perspective="alien", idea="Buurtbankje", text="x")
    assert r.status_code == 409 and "onbekend perspectief 'alien'" in r.json()["error"]
    r = post(a, "/api/canvas", perspective="youth", idea="Geen idee", text="x")
    assert r.status_code == 409 and "Geen idee" in r.json()["error"]
    r = post(a, "/api/canvas", perspective="youth", idea="Buurtbankje", text=HOSTILE)
    assert r.status_code == 200
    [cell] = _events(journey, "cell_set")
    assert cell.author == a.get("/api/stand").json()["me"]
    assert journey.state.runs[run].content["cells"] == {"youth|Buurtbankje": HOSTILE}
    assert HOSTILE not in a.get("/").text


def test_kinds_without_a_phone_face_say_follow_the_screen(room):
    journey, run, app = room("kijk-door-de-bril", 4)
    a = phone(app, "Anna")
    stage(journey, "vote", run)  # the grid answers only during capture
    assert "Volg het scherm" in a.get("/api/stand").json()["html"]
    assert [k for k in ("matrix", "fields_map", "journey") if canvas_kind(k).phone] == []


# -- the projector's view of each kind ------------------------------------------------------------
NAMES = ("Quirina", "Bartholomeus", "Cornelis", "Desideria")


def _screen(app):
    """The projector's page and its JSON part."""
    client = TestClient(app)
    return client.get("/scherm").text, client.get("/api/scherm").json()


def _nobody_named(journey, page, data):
    ids = [p.id for p in journey.people()]
    assert len(ids) >= 3
    shown = page + json.dumps(data)
    assert [n for n in (*NAMES, *ids) if n.lower() in shown.lower()] == []


def test_projector_consent_round_counts_then_reasons_without_names(consent):
    journey, run, app = consent
    a, b, c, d = (phone(app, name) for name in NAMES)
    stage(journey, "capture", run)
    assert post(a, "/api/canvas", answer="agree").status_code == 200
    assert post(b, "/api/canvas", answer="live_with").status_code == 200
    assert post(c, "/api/canvas", answer="object", text=HOSTILE).status_code == 200
    assert post(d, "/api/canvas", answer="object", text="Te duur").status_code == 200
    assert post(d, "/api/canvas", answer="agree").status_code == 200  # changed their mind
    assert [e.payload for e in _events(journey, "consent_given")][:2] == [
        {"answer": "agree"},
        {"answer": "live_with"},
    ]
    page, data = _screen(app)
    assert data["kind"] == "consent_round"
    face = data["face"]
    assert face["proposal"] == "Meer licht bij de tunnel"
    assert face["counts"] == {"agree": 2, "live_with": 1, "object": 1}
    assert face["objections"] is None  # the reasons wait for the facilitator
    assert "Meer licht bij de tunnel" in page
    for count, label in ((2, "Akkoord"), (1, "Kan ermee leven"), (1, "Bezwaar")):
        assert f'<span class="count">{count}</span> {label}' in page
    assert HOSTILE not in page and str(escape(HOSTILE)) not in page  # no reason yet
    assert "Te duur" not in page and "Te duur" not in json.dumps(data)
    _nobody_named(journey, page, data)
    stage(journey, "reveal", run)
    page, data = _screen(app)
    texts = [o["text"] for o in data["face"]["objections"]]
    assert texts == [HOSTILE, "Te duur"] and data["face"]["counts"]["object"] == 1
    assert HOSTILE not in page and str(escape(HOSTILE)) in page and "Te duur" in page
    _nobody_named(journey, page, data)
    journey.refresh()
    objection = next(iter(journey.state.runs[run].content["objections"]))
    journey.canvas_op(run, "objection_resolved", {"objection": objection})
    stage(journey, "result", run)
    page, data = _screen(app)
    assert data["face"]["objections"][0]["resolved"] and data["face"]["counts"]["object"] == 0
    assert "opgelost" in page and str(escape(HOSTILE)) in page and HOSTILE not in page
    english = TestClient(app).get("/scherm?lang=en").text
    assert "Can live with it" in english and "resolved" in english


def test_projector_ab_comparison_tally_and_reasons_after_the_reveal(room):
    journey, run, app = room("ab-testen", 6)
    journey.canvas_op(run, "variant_set", {"variant": "b", "text": "<b>lantaarn</b>"})
    a, b, c = (phone(app, name) for name in NAMES[:3])
    stage(journey, "capture", run)
    assert post(a, "/api/canvas", variant="a", text=HOSTILE).status_code == 200
    assert post(b, "/api/canvas", variant="b", text="rustiger").status_code == 200
    assert post(b, "/api/canvas", variant="a", text="toch A").status_code == 200
    assert post(c, "/api/canvas", variant="b", text="rustiger licht").status_code == 200
    page, data = _screen(app)
    face = data["face"]
    assert data["kind"] == "ab_comparison" and face["total"] == 3
    assert face["counts"] is None and face["reasons"] is None  # as on the phones
    assert "3 keuzes" in page and "toch A" not in page and "rustiger" not in page
    assert "&lt;b&gt;lantaarn&lt;/b&gt;" in page and "<b>lantaarn" not in page
    _nobody_named(journey, page, data)
    stage(journey, "reveal", run)
    page, data = _screen(app)
    face = data["face"]
    assert face["counts"] == {"a": 2, "b": 1}
    assert face["reasons"] == {"a": [HOSTILE, "toch A"], "b": ["rustiger licht"]}
    assert '<span class="count">2</span> Variant A' in page
    assert '<span class="count">1</span> Variant B' in page
    assert HOSTILE not in page and str(escape(HOSTILE)) in page and "toch A" in page
    _nobody_named(journey, page, data)


def test_projector_perspectives_grid_fills_as_cells_are_written(room):
    journey, run, app = room("kijk-door-de-bril", 4)
    for idea in ("Buurtbankje", "<i>Pleinfeest</i>"):
        journey.canvas_op(run, "idea_added", {"idea": idea})
    a, b, c = (phone(app, name) for name in NAMES[:3])
    stage(journey, "capture", run)
    page, data = _screen(app)
    assert data["steps"] and str(escape(data["steps"][0])) not in page  # the grid replaces them
    perspectives = [p["value"] for p in data["face"]["perspectives"]]
    assert data["kind"] == "perspectives_grid" and "youth" in perspectives
    assert [row["cells"] for row in data["face"]["rows"]] == [[""] * len(perspectives)] * 2
    first, second = perspectives[0], perspectives[1]
    assert post(a, "/api/canvas", perspective=first, idea="Buurtbankje", text=HOSTILE)
    assert post(b, "/api/canvas", perspective=second, idea="<i>Pleinfeest</i>", text="Leuk")
    page, data = _screen(app)
    rows = {row["idea"]: row["cells"] for row in data["face"]["rows"]}
    assert rows["Buurtbankje"][0] == HOSTILE and rows["<i>Pleinfeest</i>"][1] == "Leuk"
    assert f"<td>{escape(HOSTILE)}</td>" in page and HOSTILE not in page
    assert '<th scope="row">&lt;i&gt;Pleinfeest&lt;/i&gt;</th>' in page
    assert "<td>Leuk</td>" in page and "jongeren" in page
    _nobody_named(journey, page, data)


def test_projector_of_a_kind_without_a_view_shows_the_work_form_only(room):
    journey, run, app = room("ab-testen", 6)
    page, data = _screen(app)  # join stage: the QR code, nothing of the run
    assert "face" not in data and "<svg" in page
