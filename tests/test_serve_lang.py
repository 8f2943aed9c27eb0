"""The participant page and the projector in Dutch and in English, per room and per device."""

from __future__ import annotations

import html
import re
import string
import warnings

import pytest

pytest.importorskip("starlette")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from test_serve import CODE, JSON, csrf, post, stage  # noqa: E402

from sprintkit.i18n import catalog  # noqa: E402
from sprintkit.kinds.board.actions import reveal, reveal_tallies  # noqa: E402
from sprintkit.serve import make_app  # noqa: E402
from sprintkit.serve.app import LANG_COOKIE  # noqa: E402
from sprintkit.store import SQLiteStore  # noqa: E402
from sprintkit.workspace import start_journey  # noqa: E402

#: the strings of the participant page and the projector
SERVE_KEYS = sorted(k for k in catalog() if k.split(".")[0] in ("serve", "serve_kinds"))
OTHER = {"nl": "en", "en": "nl"}


def _forms(text) -> list[str]:
    return list(text.values()) if isinstance(text, dict) else [text]


def _pieces(text) -> set[str]:
    """The fixed words of a catalogue text: its parts between placeholders, 4+ letters."""
    out = set()
    for form in _forms(text):
        for literal, *_ in string.Formatter().parse(form):
            piece = literal.strip(" .:,;·()-")
            if sum(c.isalpha() for c in piece) >= 4:
                out.add(piece)
    return out


def _found(piece: str, text: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(piece) + r"(?!\w)", text) is not None


def _own_texts(lang: str) -> str:
    return "\n".join(f for k in SERVE_KEYS for f in _forms(catalog()[k][lang]))


def foreign_pieces(lang: str) -> set[str]:
    """The other language's serve strings that a page in ``lang`` must not contain.

    A piece that is also a word of ``lang``'s own strings (a text the same in both languages)
    is left out: it may rightly be on the page.
    """
    own = _own_texts(lang)
    pieces = {p for k in SERVE_KEYS for p in _pieces(catalog()[k][OTHER[lang]])}
    return {p for p in pieces if not _found(p, own)}


def visible(page: str) -> str:
    """What a person reads on a page: the text between tags and the aria labels."""
    labels = " ".join(re.findall(r'aria-label="([^"]*)"', page))
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + labels)


def assert_only(lang: str, pages: dict[str, str]) -> None:
    forbidden = foreign_pieces(lang)
    assert len(forbidden) > 40, "the check would prove little"
    for where, page in pages.items():
        text = visible(page)
        wrong = sorted(p for p in forbidden if _found(p, text))
        assert wrong == [], (lang, where, wrong)


@pytest.fixture
def room(tmp_path):
    """One journey with a board run and a run of each kind with a projector view."""
    path = tmp_path / "sessies.sqlite"
    journey = start_journey("molenwijk", store=SQLiteStore(path))
    runs = {
        "board": journey.start_run("praktijksafari"),
        "consent": journey.start_run("samen-beslissen", 3),
        "ab": journey.start_run("ab-testen", 6),
        "grid": journey.start_run("kijk-door-de-bril", 4),
    }
    journey.canvas_op(runs["consent"], "proposal_set", {"text": "Lampen 24/7"})
    journey.canvas_op(runs["grid"], "idea_added", {"idea": "Bankje 7"})
    yield journey, runs, tmp_path
    journey.store.close()


def joined(app, lang: str | None, name: str) -> TestClient:
    """A phone that opened the join page (with ``?lang=``, when given) and joined."""
    client = TestClient(app)
    r = client.get("/join", params={"code": CODE, **({"lang": lang} if lang else {})})
    assert r.status_code == 200
    r = client.post("/join", data={"code": CODE, "name": name}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return client


def walk(journey, runs, app, phones: dict[str, TestClient], screens: dict[str, str]):
    """Every stage of every run: each phone's page and each projector, by language."""
    seen: dict[str, dict[str, str]] = {"nl": {}, "en": {}}

    def look(label: str) -> None:
        for lang, client in phones.items():
            seen[lang][f"phone {label}"] = client.get("/").text
            seen[lang][f"stand {label}"] = client.get("/api/stand").json()["html"]
        for lang, query in screens.items():
            seen[lang][f"screen {label}"] = TestClient(app).get("/scherm" + query).text

    look("join")
    board = runs["board"]
    stage(journey, "capture", board)
    for lang, client in phones.items():
        assert post(client, "/api/notitie", text=f"Lampen {lang}").status_code == 200
    look("board capture")
    stage(journey, "reveal", board)
    reveal(journey, board)
    look("board reveal")
    stage(journey, "vote", board)
    look("board vote")
    reveal_tallies(journey, board)
    look("board tallies")
    stage(journey, "result", board)
    look("board result")
    for kind, answer in (
        ("consent", {"answer": "object", "text": "Te fel 9"}),
        ("ab", {"variant": "a", "text": "Rustig 5"}),
        ("grid", {"perspective": "youth", "idea": "Bankje 7", "text": "Prima 3"}),
    ):
        stage(journey, "capture", runs[kind])
        for client in phones.values():
            post(client, "/api/canvas", **answer)
        look(f"{kind} capture")
        stage(journey, "reveal", runs[kind])
        look(f"{kind} reveal")
    return seen


def test_phones_and_projectors_in_each_language_show_only_their_strings(room):
    journey, runs, tmp_path = room
    app = make_app("molenwijk", tmp_path / "sessies.sqlite", journey.id, code=CODE)
    nl_join, en_join = TestClient(app).get("/join"), TestClient(app).get("/join?lang=en")
    assert '<html lang="nl">' in nl_join.text and '<html lang="en">' in en_join.text
    assert "Doe mee met de sessie" in nl_join.text and "Join the session" in en_join.text
    assert f"{LANG_COOKIE}=en" in en_join.headers["set-cookie"]
    assert "SameSite=strict" in en_join.headers["set-cookie"]
    assert "set-cookie" not in nl_join.headers  # nothing chosen, nothing kept
    wrong = {
        lang: TestClient(app).post(f"/join?lang={lang}", data={"code": "ZZZZ-ZZZZ"}).text
        for lang in ("nl", "en")
    }
    phones = {"nl": joined(app, None, "Anna"), "en": joined(app, "en", "")}
    assert phones["en"].get("/api/stand").json()["lang"] == "en"
    assert "You take part as Participant 2." in phones["en"].get("/").text
    seen = walk(journey, runs, app, phones, {"nl": "", "en": "?lang=en"})
    for lang in ("nl", "en"):
        seen[lang] |= {"join": (nl_join, en_join)[lang == "en"].text, "wrong code": wrong[lang]}
        assert_only(lang, seen[lang])
        assert all(
            f'<html lang="{lang}">' in page for k, page in seen[lang].items() if "stand" not in k
        )
    # data texts in the page's language too (the work form's name, its steps, the grid)
    assert "Practice safari" in seen["en"]["screen board capture"]
    assert "Praktijksafari" in seen["nl"]["screen board capture"]
    step = journey.spec(runs["board"]).steps[0]
    assert html.escape(step.en, quote=False) in seen["en"]["screen board capture"]
    assert "young people" in seen["en"]["screen grid capture"]
    assert "jongeren" in seen["nl"]["screen grid capture"]
    assert "young people" in seen["en"]["phone grid capture"]
    # the projector's script polls in its own language
    assert 'data-api="/api/scherm?lang=en"' in seen["en"]["screen join"]
    assert 'data-api="/api/scherm"' in seen["nl"]["screen join"]
    grid = journey.spec(runs["grid"]).name
    assert TestClient(app).get("/api/scherm?lang=en").json()["workform"] == grid.en != grid.nl


def test_the_room_language_is_the_default_and_a_phone_may_switch(room):
    journey, runs, tmp_path = room
    app = make_app("molenwijk", tmp_path / "sessies.sqlite", journey.id, code=CODE, lang="en")
    screen = TestClient(app).get("/scherm").text
    assert '<html lang="en">' in screen and "Join the session" in screen
    assert "Doe mee met de sessie" in TestClient(app).get("/scherm?lang=nl").text
    phone = joined(app, None, "Anna")
    page = phone.get("/").text
    assert "You take part as Anna." in page and '<a href="/?lang=nl"' in page
    assert '<html lang="nl">' in phone.get("/?lang=nl").text  # the link: Dutch from now on
    assert phone.cookies.get(LANG_COOKIE) == "nl"
    assert "Je doet mee als Anna." in phone.get("/").text
    assert phone.get("/api/stand").json()["lang"] == "nl"
    assert "Join the session" in TestClient(app).get("/join?lang=fr").text  # unknown: the room's
    with pytest.raises(ValueError):
        make_app("molenwijk", tmp_path / "sessies.sqlite", journey.id, lang="de")


def test_refusals_come_in_the_devices_language(room):
    journey, runs, tmp_path = room
    app = make_app("molenwijk", tmp_path / "sessies.sqlite", journey.id, code=CODE)
    nl, en = joined(app, None, "Anna"), joined(app, "en", "Bert")
    stage(journey, "capture", runs["board"])
    # 403: a form that did not come from the device's own page
    for client, words in ((nl, "eigen pagina"), (en, "your own page")):
        r = client.post("/api/notitie", data={"text": "x", "csrf": "fout"}, headers=JSON)
        assert r.status_code == 403 and words in r.json()["error"]
    # 413: too much text at once
    for client, words in ((nl, "te veel tekst"), (en, "too much text")):
        r = client.post("/api/notitie", data={"text": "x" * 9000, "csrf": csrf(client)})
        assert r.status_code == 413 and words in r.json()["error"]
    # 409: the engine's own refusal (a vote outside the vote stage), worded per device
    for client, words in ((nl, "niet gestemd"), (en, "no voting")):
        r = post(client, "/api/stem", note="n1")
        assert r.status_code == 409 and words in r.json()["error"]
    r = post(en, "/api/canvas", answer="agree")  # not the consent run's stage
    assert (
        r.status_code == 409 and r.json()["error"] == "That is not possible now: follow the screen."
    )
    # 429: too many messages in a minute
    token = csrf(en)
    codes = [
        en.post("/api/notitie", data={"text": f"n{i}", "csrf": token}, headers=JSON)
        for i in range(32)
    ]
    assert codes[-1].status_code == 429 and "Slow down" in codes[-1].json()["error"]
    # a removed person's device: refused in its own language, as JSON and as a page
    journey.refresh()
    journey.remove_person(en.get("/api/stand").json()["me"])
    r = en.get("/api/stand")
    assert r.status_code == 403 and "no longer on the participant list" in r.json()["error"]
    page = en.get("/").text
    assert '<html lang="en">' in page and "no longer on the participant list" in page


@pytest.mark.slow
def test_sprintkit_serve_follows_the_global_lang(room):
    """``sprintkit --lang en serve``: an English room, its first line says so, its log too."""
    import signal

    import httpx
    from factories import free_port, serve_process

    journey, _, tmp_path = room
    port = free_port()
    args = ["--lang", "en", "serve", "molenwijk", "--store", str(tmp_path / "sessies.sqlite")]
    with serve_process(*args, "--code", CODE, port=port) as (proc, first):
        assert first["lang"] == "en"
        assert proc.stdout.readline().startswith("The participant page runs at")
        page = httpx.get(f"{first['url']}/join", timeout=5).text
        assert '<html lang="en">' in page and "Join the session" in page
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
        assert "The participant page has stopped." in proc.stdout.read()
