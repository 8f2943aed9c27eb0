"""Hostile text stays text; a real browser runs nothing; anonymised reports name nobody."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from test_reports_support import docx_text, external_urls, names_in, open_docx, scan

from sprintkit import reports
from sprintkit.kinds.board.actions import add_note, reveal, vote
from sprintkit.loading import load_casus, load_method
from sprintkit.model.state import JourneyState, NoteState, PhaseState, RunState
from sprintkit.reports import ReportContext
from sprintkit.store import SQLiteStore
from sprintkit.workspace import demo_journey, start_journey

# Each payload would set a marker the test looks for, if it ever ran. The marker is built by
# concatenation, so the escaped text itself never contains it.
EFFECT = (
    "document.title='PWNED-'+'MARK';document.body.appendChild(document.createElement('x-'+'pwned'))"
)
SCRIPT = f"<script>{EFFECT}</script>"
IMG = f'<img src=x onerror="{EFFECT}">'
SVG = f'<svg onload="{EFFECT}"></svg>'
LINKS = (
    f'<a href="javascript:{EFFECT}">klik</a> [klik hier](javascript:alert(1)) javascript:alert(1)'
)
MATH = "kost $5 en $x^2$ of \\frac"
#: A piece as large as the store allows (64 KB of text per event), full of markup.
BIG_PIECE = (SCRIPT + IMG) * (60_000 // len(SCRIPT + IMG))

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "p", "h1", "h2", "h3",
    "table", "thead", "tbody", "tr", "th", "td", "colgroup", "col", "section", "ul", "li",
    "aside", "strong", "figure", "img", "figcaption", "footer",
}  # fmt: skip


@pytest.fixture(scope="module")
def hostile():
    """A Molenwijk journey whose notes, clusters and ontwerpbrief are full of hostile text."""
    journey = start_journey("molenwijk", store=SQLiteStore(":memory:"))
    run = journey.start_run("praktijksafari")
    notes = [
        add_note(journey, run, SCRIPT, author="ria_brouwer", cluster=IMG),
        add_note(journey, run, IMG, author="dani", cluster=IMG),
        add_note(journey, run, LINKS, author="noor", cluster=MATH),
        add_note(journey, run, SVG, author="jay"),
        add_note(journey, run, BIG_PIECE, author="marco", cluster=SCRIPT),
    ]
    reveal(journey, run)
    voters = ["esther_de_wit", "erik_janssen", "ria_brouwer", "dani", "jay"]
    for note, voter in zip(notes, voters, strict=True):
        vote(journey, run, note, voter)
    journey.set_glijbaan("ria_brouwer", 2, 1)
    journey.set_result("probleem", SCRIPT + " " + BIG_PIECE, phase=3)
    journey.set_result("feiten", [IMG, LINKS, SVG, MATH], phase=3)
    journey.set_result("tijdspad", LINKS, phase=3)
    journey.set_result("betrokkenen", ["gemeente_veenstede", "noor"], phase=3)
    journey.set_result("akkoord", {"gemeente_veenstede": True}, phase=3)
    idea = {"id": "licht", "name": IMG, "environment": "physical", "owner": "esther_de_wit",
            "organisations": ["gemeente_veenstede", "politie_veenstede"]}  # fmt: skip
    journey.set_result("ideeen", [idea], phase=4)
    return journey


HOSTILE_KINDS = [("ontwerpbrief", None), ("sprint", 1), ("journey", None), ("cooperation", None)]
#: Typed text each report shows: notes and the brief, or (journey report: only closed phases;
#: cooperation report: no quotes) the name of the intervention from sprint 4.
SHOWN = {"ontwerpbrief": SCRIPT, "sprint": SCRIPT, "journey": IMG, "cooperation": IMG}


@pytest.fixture(scope="module")
def hostile_rendered(hostile):
    out = {}
    for kind, phase in HOSTILE_KINDS:
        report = reports.build_report(hostile, kind, phase=phase)
        out[kind] = {fmt: reports.render(report, fmt) for fmt in reports.FORMATS}
    return out


def _assert_inert_html(html: str) -> None:
    page = scan(html)
    assert set(page.tags) <= ALLOWED_TAGS, set(page.tags) - ALLOWED_TAGS
    assert not [a for a in page.attrs if a[1].startswith("on")]
    assert not [a for a in page.attrs if a[1] == "href"]
    assert external_urls(html) == []
    assert "<script" not in html.lower() and "<svg" not in html.lower()
    assert "PWNED-MARK" not in html


@pytest.mark.parametrize(("kind", "phase"), HOSTILE_KINDS)
def test_hostile_text_is_escaped_in_html(hostile_rendered, kind, phase):
    html = hostile_rendered[kind]["html"].content.decode("utf-8")
    _assert_inert_html(html)
    assert SHOWN[kind] in "".join(scan(html).text)  # shown as the text that was typed


@pytest.mark.parametrize(("kind", "phase"), HOSTILE_KINDS)
def test_hostile_text_is_escaped_in_markdown(hostile_rendered, kind, phase):
    md = hostile_rendered[kind]["md"].content.decode("utf-8")
    assert "<script" not in md and "<img" not in md and "<a " not in md and "<svg" not in md
    assert not re.search(r"(?<!\\)\]\(javascript:", md)
    assert SHOWN[kind].replace("<", "&lt;").replace(">", "&gt;")[:20] in md


@pytest.mark.parametrize(("kind", "phase"), HOSTILE_KINDS)
def test_hostile_text_is_plain_text_in_docx(hostile_rendered, kind, phase):
    text = docx_text(hostile_rendered[kind]["docx"].content)
    assert SHOWN[kind] in text


def test_the_big_ontwerpbrief_warns_and_names_the_part_to_shorten(hostile):
    report = reports.build_report(hostile, "ontwerpbrief")
    warning = next(w for w in report.warnings if "past niet op één A4" in w)
    assert "Kort in: 'Wat is het probleem? (ontwerp van het probleem)' (ca. " in warning


def _mb_state() -> ReportContext:
    """A state built directly (not through the store) with 1 MB strings in it."""
    megabyte = (SCRIPT + IMG + LINKS + " ") * (1_048_576 // len(SCRIPT + IMG + LINKS + " ") + 1)
    assert len(megabyte) >= 1_048_576
    note = NoteState(id="n1", text=megabyte, author="ria_brouwer", cluster=IMG, votes=["dani"])
    run = RunState(id="r1", workform="onderzoek-socrates", phase=1, canvas="board",
                   notes={"n1": note})  # fmt: skip
    phase3 = PhaseState(number=3, result={"probleem": megabyte, "feiten": [megabyte[:5000]]})
    state = JourneyState(journey="j-mb", casus="molenwijk", method="wijkaanpak",
                         runs={"r1": run}, phases={3: phase3})  # fmt: skip
    return ReportContext(load_casus("molenwijk"), load_method("wijkaanpak"), state)


@pytest.mark.parametrize("kind", ["ontwerpbrief", "sprint"])
def test_a_megabyte_string_is_rendered_escaped(kind):
    ctx = _mb_state()
    report = reports.build_report(ctx, kind, phase=1)
    html = reports.render(report, "html").content.decode("utf-8")
    assert len(html) > 1_048_576
    _assert_inert_html(html)
    md = reports.render(report, "md").content.decode("utf-8")
    assert len(md) > 1_048_576 and "<script" not in md
    text = docx_text(reports.render(report, "docx").content)
    assert len(text) > 1_048_576
    if kind == "ontwerpbrief":
        assert any("past niet op één A4" in w for w in report.warnings)


def test_control_characters_are_stripped_for_docx():
    ctx = _mb_state()
    ctx.state.phases[3].result["probleem"] = "tunnel\x00 is\x07 donker\x1b[31m\ufffe en\ud800 leeg"
    report = reports.build_report(ctx, "ontwerpbrief")
    data = reports.render(report, "docx").content
    text = docx_text(data)
    assert "tunnel is donker[31m en leeg" in text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\ud800]", text)
    html = reports.render(report, "html").content.decode("utf-8", "replace")
    assert "\x00" not in html and "\x07" not in html


def test_figures_take_dollar_signs_literally(hostile):
    report = reports.build_report(hostile, "sprint", phase=1)
    (votes, _) = report.figures()
    assert any("$5" in label for label in votes.labels)


def test_templates_never_mark_text_safe():
    root = Path(reports.__file__).parent
    for path in [*root.glob("templates/*.j2"), *root.glob("*.py")]:
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b", source), path
        assert "Markup(" not in source and "autoescape false" not in source, path


# -- a real browser ---------------------------------------------------------------------------
CHROMIUM = Path("/usr/bin/chromium")


def _dump_dom(page: Path, profile: Path) -> str:
    args = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", f"--user-data-dir={profile}", "--virtual-time-budget=3000",
        "--dump-dom", page.as_uri(),
    ]  # fmt: skip
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (apt install chromium)",
)
def test_headless_chromium_runs_no_injected_script(hostile_rendered, tmp_path):
    # The harness can see a script that does run ...
    control = tmp_path / "control.html"
    control.write_text(f"<html><head><title>t</title></head><body>{SCRIPT}{IMG}</body></html>")
    dom = _dump_dom(control, tmp_path / "profile")
    assert "PWNED-MARK" in dom and "<x-pwned>" in dom
    for kind in ("sprint", "ontwerpbrief"):
        html = hostile_rendered[kind]["html"].content.decode("utf-8")
        # ... and the report runs none, with its Content-Security-Policy and without it.
        without_csp = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
        assert without_csp != html
        for name, page_html in (("with-csp", html), ("without-csp", without_csp)):
            page = tmp_path / f"{kind}-{name}.html"
            page.write_text(page_html, encoding="utf-8")
            dom = _dump_dom(page, tmp_path / "profile")
            assert "PWNED-MARK" not in dom and "<x-pwned" not in dom, (kind, name)
            assert "&lt;script&gt;document.title=" in dom


# -- anonymised mode ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def full_journeys():
    return {
        "molenwijk": demo_journey("molenwijk"),
        "nachtkwartier": demo_journey("nachtkwartier"),
    }


ANON_CASES = [
    ("molenwijk", "ontwerpbrief", None),
    ("molenwijk", "sprint", 1),
    ("molenwijk", "sprint", 3),
    ("molenwijk", "journey", None),
    ("molenwijk", "cooperation", None),
    ("nachtkwartier", "intentieverklaring", None),
    ("nachtkwartier", "sprint", 2),
    ("nachtkwartier", "journey", None),
    ("nachtkwartier", "cooperation", None),
]


@pytest.mark.parametrize(("casus", "kind", "phase"), ANON_CASES)
def test_anonymised_reports_name_nobody(full_journeys, casus, kind, phase):
    journey = full_journeys[casus]
    plain = reports.build_report(journey, kind, phase=phase)
    assert names_in("\n".join(plain.texts()), journey.casus), "the check must see real names"
    report = reports.build_report(journey, kind, phase=phase, anonymise=True)
    assert names_in("\n".join(report.texts()), journey.casus) == []
    for figure in report.figures():  # every text drawn in a figure, before it became pixels
        assert figure.labels and names_in("\n".join(figure.labels), journey.casus) == []
    html = reports.render(report, "html").content.decode("utf-8")
    assert names_in(" ".join(scan(html).text), journey.casus) == []
    md = reports.render(report, "md").content.decode("utf-8")
    assert names_in(md.replace("\\", ""), journey.casus) == []
    data = reports.render(report, "docx").content
    assert names_in(docx_text(data), journey.casus) == []
    assert open_docx(data).core_properties.title == report.title


def test_anonymised_glijbaan_figure_shows_pseudonyms(full_journeys):
    journey = full_journeys["molenwijk"]
    report = reports.build_report(journey, "journey", anonymise=True)
    glijbaan = report.figures()[1]
    assert any("deelnemer-" in label for label in glijbaan.labels)
    plain = reports.build_report(journey, "journey").figures()[1]
    assert any("Ria Brouwer" in label for label in plain.labels)


def test_anonymised_pseudonyms_cannot_be_recomputed_or_linked(full_journeys):
    import hashlib

    journey = full_journeys["molenwijk"]
    texts = ["\n".join(reports.build_report(journey, "cooperation", anonymise=True).texts())]
    texts.append("\n".join(reports.build_report(journey, "cooperation", anonymise=True).texts()))
    # the old, reversible pseudonym: sha256 of the journey id and the person
    old = hashlib.sha256(f"{journey.id}\x00ria_brouwer".encode()).hexdigest()[:6]
    assert all(f"deelnemer-{old}" not in text for text in texts)
    first, second = (set(re.findall(r"deelnemer-[0-9a-f]+", text)) for text in texts)
    assert first and second and not first & second  # two reports: no shared pseudonym
