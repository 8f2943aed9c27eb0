"""Every report kind for Molenwijk and the KVU case, in DOCX, HTML and Markdown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx.shared import Cm
from test_reports_support import docx_text, external_urls, headings, open_docx, scan

from sprintkit import reports
from sprintkit.cli import main
from sprintkit.errors import SprintkitError
from sprintkit.loading import load_method
from sprintkit.reports.safety import md_escape
from sprintkit.store import SQLiteStore
from sprintkit.workspace import demo_journey, start_journey

KINDS_MOLENWIJK = ("ontwerpbrief", "sprint", "journey", "cooperation")
KINDS_KVU = ("intentieverklaring", "sprint", "journey", "cooperation")


@pytest.fixture(scope="module")
def molenwijk():
    return demo_journey("molenwijk")


@pytest.fixture(scope="module")
def kvu():
    """A KVU journey standing at step 3: steps 1 and 2 played from demo and closed."""
    return start_journey("nachtkwartier", store=SQLiteStore(":memory:"), at_sprint=3, demo=True)


@pytest.fixture(scope="module")
def rendered(molenwijk, kvu):
    """Every kind in every format, rendered once: {(casus, kind, fmt): (report, Rendered)}."""
    out = {}
    for name, journey, kinds, phase in (
        ("molenwijk", molenwijk, KINDS_MOLENWIJK, 1),
        ("kvu", kvu, KINDS_KVU, 2),
    ):
        for kind in kinds:
            report = reports.build_report(journey, kind, phase=phase)
            for fmt in reports.FORMATS:
                out[(name, kind, fmt)] = (report, reports.render(report, fmt, stem=kind))
    return out


CASES = [("molenwijk", k) for k in KINDS_MOLENWIJK] + [("kvu", k) for k in KINDS_KVU]


@pytest.mark.parametrize(("casus", "kind"), CASES)
def test_docx_has_house_template_headings_and_page_numbers(rendered, casus, kind):
    report, out = rendered[(casus, kind, "docx")]
    doc = open_docx(out.content)
    section = doc.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.05)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.05)
    assert doc.styles["Normal"].font.name == "Arial"
    assert doc.paragraphs[0].style.name == "Title" and doc.paragraphs[0].text == report.title
    found = headings(out.content)
    assert [text for _, text in found] == [s.heading for s in report.sections]
    assert {style for style, _ in found} <= {"Heading 1", "Heading 2"}
    footer = section.footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and 'w:fldCharType="begin"' in footer
    assert len(doc.inline_shapes) == len(report.figures())
    assert doc.core_properties.title == report.title


def test_ontwerpbrief_has_the_seven_parts_in_order(rendered):
    report, out = rendered[("molenwijk", "ontwerpbrief", "docx")]
    spec = load_method("wijkaanpak").phase(3).result
    parts = [f.label.nl for f in spec.fields if f.key != spec.approval_field]
    assert len(parts) == 7
    assert [text for _, text in headings(out.content)] == parts
    text = docx_text(out.content)
    # approval status per party, in the parties part
    assert "Gemeente Veenstede" in text and "Akkoord" in text
    assert "akkoord: 10 van 10 betrokkenen" in report.subtitle
    assert report.compact and not report.warnings
    assert reports.ontwerpbrief_fit(report).fits


def test_figures_are_embedded_where_they_belong(rendered):
    counts = {
        kind: len(open_docx(rendered[("molenwijk", kind, "docx")][1].content).inline_shapes)
        for kind in KINDS_MOLENWIJK
    }
    assert counts["ontwerpbrief"] == 0
    assert counts["sprint"] == 2  # votes per cluster, glijbaan
    assert counts["journey"] == 2  # koppelvlakken map, glijbaan
    assert counts["cooperation"] == 2  # network of organisations, glijbaan levels
    journey = rendered[("molenwijk", "journey", "docx")][0]
    assert any("Koppelvlakkenkaart" in f.caption for f in journey.figures())


@pytest.mark.parametrize(("casus", "kind"), CASES)
def test_html_is_self_contained(rendered, casus, kind):
    report, out = rendered[(casus, kind, "html")]
    html = out.content.decode("utf-8")
    page = scan(html)
    assert external_urls(html) == []
    assert "script" not in page.tags and "link" not in page.tags and "iframe" not in page.tags
    images = [v for tag, name, v in page.urls if tag == "img"]
    assert len(images) == len(report.figures())
    assert all(v.startswith("data:image/png;base64,") for v in images)
    assert "@media print" in html and "size: A4" in html
    assert "default-src 'none'" in html  # CSP: no scripts, no outside requests
    assert report.title in "".join(page.text)


@pytest.mark.parametrize(("casus", "kind"), CASES)
def test_markdown_has_headings_and_figure_files(rendered, casus, kind):
    report, out = rendered[(casus, kind, "md")]
    text = out.content.decode("utf-8")
    assert text.startswith(f"# {md_escape(report.title)}\n")
    level2 = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert level2 == [md_escape(s.heading) for s in report.sections if s.level == 2]
    assert len(out.files) == len(report.figures())
    for name, png in out.files.items():
        assert png.startswith(b"\x89PNG") and f"]({name})" in text


def test_intentieverklaring_contents(rendered):
    report, out = rendered[("kvu", "intentieverklaring", "docx")]
    found = [text for _, text in headings(out.content)]
    for label in (
        "Belangen",
        "Afhankelijkheden",
        "Bijdragen",
        "Gemeenschappelijke doelen",
        "Visie op de aanpak",
        "Gemeenschappelijke probleemdefinitie",
        "Verantwoordelijkheden",
        "Ondertekening",
    ):
        assert label in found
    assert (
        found.index("Belangen")
        < found.index("Verantwoordelijkheden")
        < found.index("Ondertekening")
    )
    text = docx_text(out.content)
    assert "Marloes Tiemens" in text and "Gemeente Ravenswaarde" in text
    assert "Handtekening en datum" in text and "getekend" in text


def test_intentieverklaring_from_a_result_set_by_hand():
    """A KVU journey whose step 2 is filled through set_result (no demo input needed)."""
    journey = start_journey("nachtkwartier", store=SQLiteStore(":memory:"))
    journey.set_result("partijen", ["gemeente", "politie", "khn"], phase=2)
    journey.set_result("doel", "Samen het uitgaansgebied veiliger maken.", phase=2)
    journey.set_result("belangen", ["Rust voor bewoners", "Veilig personeel"], phase=2)
    journey.set_result("ondertekend", {"gemeente": True, "politie": False}, phase=2)
    report = reports.build_report(journey, "intentieverklaring")
    headings_ = [s.heading for s in report.sections]
    assert "Belangen" in headings_ and "Ondertekening" in headings_
    assert any("Nog niet ondertekend door" in w and "Politie" in w for w in report.warnings)
    assert any("concept" in w for w in report.warnings)
    text = reports.render(report, "md").content.decode()
    assert "Rust voor bewoners" in text and "nog niet" in text


def test_the_wrong_document_for_a_method_is_a_clear_error(molenwijk, kvu):
    with pytest.raises(SprintkitError, match="kent geen ontwerpbrief"):
        reports.build_report(kvu, "ontwerpbrief")
    with pytest.raises(SprintkitError, match="kent geen intentieverklaring"):
        reports.build_report(molenwijk, "intentieverklaring")
    with pytest.raises(SprintkitError, match="geen sprint 9"):
        reports.build_report(molenwijk, "sprint", phase=9)
    with pytest.raises(SprintkitError, match="Onbekend soort"):
        reports.build_report(molenwijk, "roadmap")


def test_sprint_report_contents(rendered, molenwijk):
    report, out = rendered[("molenwijk", "sprint", "docx")]
    found = [text for _, text in headings(out.content)]
    for label in ("Doel en leidende vragen", "Werkvormen", "Wat er is gemaakt", "Sleutelfactoren"):
        assert label in found
    assert "Onderzoek en praat als Socrates" in found and "Praktijksafari" in found
    assert found.index("Resultaat: Beeld van de pijn") < found.index("Pijnpunten")
    assert re.search(r"\(\d+ stemmen\)", docx_text(out.content))
    workforms = next(s for s in report.sections if s.heading == "Werkvormen").blocks[0]
    for run, row in zip(molenwijk.state.runs_of(1), workforms.rows, strict=True):
        planned = run.planned_minutes
        assert row[1] == str(planned) if planned is not None else "richttijd" in row[1]


def test_journey_report_contents(rendered):
    report, _ = rendered[("molenwijk", "journey", "md")]
    level2 = [s.heading for s in report.sections if s.level == 2]
    sprints = [h for h in level2 if h.startswith("Sprint ")]
    assert sprints == [f"Sprint {n} " + h.split(" ", 2)[2] for n, h in enumerate(sprints, 1)]
    assert len(sprints) == 7
    assert "Koppelvlakken tussen de vier omgevingen" in level2
    assert "Interventies en eigenaren" in level2 and "Open punten" in level2
    owners = next(s for s in report.sections if s.heading == "Interventies en eigenaren")
    table = owners.blocks[0]
    assert ("Plek 14: jongerenhuiskamer in Zwichtplein 14") in [r[0] for r in table.rows]
    assert "Rachid Benali" in [r[3] for r in table.rows]


def test_cooperation_report_contents(rendered):
    report, _ = rendered[("molenwijk", "cooperation", "html")]
    level2 = [s.heading for s in report.sections if s.level == 2]
    assert level2 == [
        "Waarom dit verslag",
        "Wie deed mee in welke sessie",
        "Wie droeg bij",
        "Samen aan interventies",
        "Betrokkenheid en beweging op de glijbaan",
        "Afspraken gemaakt en nagekomen",
        "Herkomst van de inhoud",
    ]
    texts = list(report.texts())
    assert any(re.match(r"Afspraken over interventies: \d+ nagekomen", t) for t in texts)
    network = report.figures()[0]
    assert "Gemeente Veenstede" in network.labels


def test_english_reports(molenwijk):
    report = reports.build_report(molenwijk, "ontwerpbrief", lang="en")
    assert report.title == "Design brief Molenwijk"
    assert report.sections[0].heading == "What is the problem? (design of the problem)"
    coop = reports.build_report(molenwijk, "cooperation", lang="en")
    assert coop.sections[0].heading == "Why this report"
    html = reports.render(coop, "html").content.decode()
    assert '<html lang="en">' in html and "Page" in html


def test_draft_ontwerpbrief_warns():
    journey = start_journey("molenwijk", store=SQLiteStore(":memory:"), at_sprint=3, demo=True)
    journey.set_result("probleem", "Te veel donkere plekken.")
    journey.set_result("betrokkenen", ["gemeente_veenstede", "politie_veenstede"])
    journey.set_result("akkoord", {"gemeente_veenstede": True})
    report = reports.build_report(journey, "ontwerpbrief")
    assert any("Nog niet akkoord: Politie, basisteam Veenstede" in w for w in report.warnings)
    assert any("concept" in w for w in report.warnings)
    assert "Concept" in report.subtitle
    html = reports.render(report, "html").content.decode()
    assert 'class="warnings screen-only"' in html


def test_cli_report_demo(tmp_path, capsys):
    out = tmp_path / "brief.docx"
    code = main(["report", "molenwijk", "--kind", "ontwerpbrief", "--out", str(out), "--demo"])
    captured = capsys.readouterr()
    assert code == 0 and out.exists() and "Verslag geschreven" in captured.out
    assert [t for _, t in headings(out.read_bytes())][0].startswith("Wat is het probleem?")
    md = tmp_path / "sprint.md"
    code = main(
        ["--lang", "en", "report", "molenwijk", "--kind", "sprint", "--sprint", "1"]
        + ["--format", "md", "--out", str(md), "--demo", "--anonymise"]
    )
    captured = capsys.readouterr()
    assert code == 0 and "Report written" in captured.out and "Figures beside it: 2" in captured.out
    assert sorted(p.name for p in tmp_path.glob("sprint-figure-*.png")) == [
        "sprint-figure-1.png",
        "sprint-figure-2.png",
    ]
    assert "Ria Brouwer" not in md.read_text(encoding="utf-8")


def test_cli_report_from_a_stored_journey(tmp_path, capsys):
    store = tmp_path / "s.sqlite"
    journey = start_journey("molenwijk", store=store, at_sprint=4, demo=True)
    out = tmp_path / "reis.html"
    code = main(
        ["report", "molenwijk", "--kind", "journey", "--out", str(out), "--store", str(store)]
        + ["--journey", journey.id]
    )
    assert code == 0, capsys.readouterr().err
    html = out.read_text(encoding="utf-8")
    assert "Sprint 3 Wijkwensen" in html and "Sprint 4 Interventies bedenken" in html
    assert external_urls(html) == []


def test_cli_report_errors(tmp_path, capsys):
    code = main(
        ["report", "molenwijk", "--kind", "sprint", "--out", str(tmp_path / "x.txt"), "--demo"]
    )
    assert code == 1 and "Onbekend formaat 'txt'" in capsys.readouterr().err
    code = main(["report", "molenwijk", "--kind", "nonsense", "--out", "x.md", "--demo"])
    assert code == 1
    assert "Onbekend soort verslag 'nonsense' (kies uit: ontwerpbrief" in capsys.readouterr().err


def test_templates_ship_inside_the_package():
    from importlib import resources

    folder = resources.files("sprintkit.reports") / "templates"
    names = {entry.name for entry in folder.iterdir()}
    assert {"report.html.j2", "_block.html.j2", "report.md.j2"} <= names


def test_write_report_writes_markdown_figures_beside_the_file(molenwijk, tmp_path):
    written = reports.write_report(molenwijk, "journey", tmp_path / "sub" / "reis.md")
    assert written.path.exists() and written.size == written.path.stat().st_size
    assert [p.name for p in written.files] == ["reis-figuur-1.png", "reis-figuur-2.png"]
    assert all(Path(p).read_bytes().startswith(b"\x89PNG") for p in written.files)
