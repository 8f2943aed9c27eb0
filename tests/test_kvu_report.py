"""The KVU progress and evaluation report (``voortgang``) and the intentieverklaring checklist."""

from __future__ import annotations

import pytest
from test_reports_support import docx_text, external_urls, headings, names_in, open_docx, scan

from sprintkit import reports
from sprintkit.cli import main
from sprintkit.errors import SprintkitError
from sprintkit.kvu import Kvu
from sprintkit.store import SQLiteStore
from sprintkit.workspace import start_journey

HOSTILE = "<script>alert('x')</script> Glasvrij plein"
HEADINGS_NL = [
    "Over dit verslag",
    "Succesfactoren",
    "Toets van de werkgroep",
    "Veiligheidsanalyse (nulmeting)",
    "Maatregelen",
    "Evaluatie",
    "Verbeterpunten",
    "Herkomst van de inhoud",
]
EMPTY = "(nog niet ingevuld)"


def fill(journey):
    """Scores, a baseline, three own measures through plan and progress, final measurements."""
    kvu = Kvu(journey)
    kvu.score("gedeelde-visie", 2, "Marloes Tiemens ziet een ander probleem dan Truus", phase=1)
    kvu.score("stabiliteit", 4, phase=1)
    kvu.score("gedeelde-visie", 4, "Nu eens", phase=4)
    kvu.baseline_from_casus(phase=3)
    post = kvu.select(name="Toezichtpunt Schippersplein", environment="criminal")
    glass = kvu.select(name=HOSTILE, environment="physical", category="beheer")
    taxi = kvu.select(name="Taxiregelaar", environment="physical", category="overlast")
    kvu.plan(
        post,
        owner="politie",
        deadline="2026-03-01",
        goal="Geweld per weekendnacht van 2,1 naar 1,5",
        budget=40000,
        gokit={"geld": "gemeente betaalt", "tijd": "elk weekend"},
    )
    kvu.plan(glass, owner="projectleider", deadline="2026-01-01", goal="Glas halveren; Kees telt")
    kvu.progress(post, "uitgevoerd")
    kvu.progress(glass, "vertraagd", "Wacht op de leverancier")
    kvu.drop(taxi, "Taxicentrale doet het zelf")
    kvu.measure("geweld_per_nacht", 1.4, "eindmeting")
    kvu.measure("zakkenrollerij", 58, "eindmeting")
    kvu.measure("drugsincidenten", 33, "tussenmeting")
    journey.set_result("verbeterpunten", ["Zakkenrollerij aanpakken (Marloes trekt)"], phase=7)
    journey.set_result("samenwerking", "Goed; Gerrit Wolters miste twee keer.", phase=7)
    return kvu


@pytest.fixture(scope="module")
def journey():
    journey = start_journey("nachtkwartier", store=SQLiteStore(":memory:"))
    fill(journey)
    return journey


@pytest.fixture(scope="module")
def report(journey):
    return reports.build_report(journey, "voortgang")


@pytest.fixture(scope="module")
def rendered(report):
    return {fmt: reports.render(report, fmt, stem="voortgang") for fmt in reports.FORMATS}


def section(report, heading):
    return next(s for s in report.sections if s.heading == heading)


def blocks_of(sec, kind):
    return [b for b in sec.blocks if type(b).__name__ == kind]


def test_sections_in_order(report):
    assert report.kind == "voortgang"
    assert report.title == "Voortgang en evaluatie KVU"
    assert report.subtitle == "Uitgaansgebied Nachtkwartier, gemeente Ravenswaarde"
    assert [s.heading for s in report.sections] == HEADINGS_NL
    assert ("Stand", "tussenstand, nu in Stap 1 Succesfactoren") in report.meta
    assert len(report.figures()) == 3


def test_success_factors_table_figure_and_warnings(report):
    sec = section(report, "Succesfactoren")
    table = blocks_of(sec, "Table")[0]
    assert table.header == ("Succesfactor", "stap 1", "stap 4", "Laatste toelichting")
    rows = {r[0]: r for r in table.rows}
    assert len(rows) == 9
    assert rows["Gedeelde visie"] == ("Gedeelde visie", "2/5", "4/5", "Nu eens")
    assert rows["Stabiliteit"][1:3] == ("4/5", "-")
    assert rows["Externe impuls"][1:] == ("-", "-", "-")
    figure = blocks_of(sec, "Figure")[0]
    assert "Succesfactoren per stap" in figure.labels and "geen score" in figure.labels
    warnings = blocks_of(sec, "Bullets")[0].items
    assert any("plan" in w and "budget" in w for w in warnings)  # one plan without a budget
    assert len(warnings) == len(set(warnings))


def test_working_group_checklist(journey, report):
    lines = Kvu(journey).working_group().lines
    sec = section(report, "Toets van de werkgroep")
    ccv, own = blocks_of(sec, "Table")
    assert ccv.header == own.header == ("Stand", "Toets", "Waarom")
    assert len(ccv.rows) + len(own.rows) == len(lines) > 0
    symbols = {"pass": "✓ in orde", "warn": "! let op", "fail": "✗ ontbreekt"}
    # the CCV's rules and sprintkit's rules of thumb in separate tables, never mixed
    ccv_lines = [line for line in lines if line.basis == "ccv"]
    for line, row in zip(ccv_lines, ccv.rows, strict=True):
        assert row == (symbols[line.status], line.text("nl"), line.why("nl"))
    own_lines = [line for line in lines if line.basis == "own"]
    assert {line.key for line in own_lines} == {"grootte", "aandeel", "verhouding"}
    for line, row in zip(own_lines, own.rows, strict=True):
        assert row[0] == symbols[line.status] and row[2] == line.why("nl")
        assert row[1].startswith("Vuistregel van sprintkit: ")
    leads = [b.text for b in blocks_of(sec, "Paragraph") if b.style == "lead"]
    assert leads == [
        "Samenstelling en criteria van het CCV",
        "Vuistregels van sprintkit (geen CCV-criteria)",
    ]
    assert "getoetst aan de criteria van het CCV" not in " ".join(report.texts())


def test_safety_analysis_baseline_and_sources(journey, report):
    sec = section(report, "Veiligheidsanalyse (nulmeting)")
    table = blocks_of(sec, "Table")[0]
    assert table.header == ("Indicator", "Waarde", "Eenheid", "Bron", "Datum")
    assert len(table.rows) == len(journey.casus.indicators) == 12
    violence = next(r for r in table.rows if r[0].startswith("Geweldsincidenten"))
    assert violence[1:4] == ("2,1", "gemiddeld aantal per weekendnacht", "Politiecijfers")
    texts = [b.text for b in blocks_of(sec, "Paragraph")]
    assert any(t.startswith("Gebruikte bronnen: Politiecijfers") for t in texts)
    _, missing = Kvu(journey).source_coverage()
    assert blocks_of(sec, "Bullets")[0].items == tuple(s.name.nl for s in missing)
    assert "Veiligheidsmonitor" in blocks_of(sec, "Bullets")[0].items


def test_measures_table_and_progress_matrix(report):
    sec = section(report, "Maatregelen")
    table = blocks_of(sec, "Table")[0]
    assert table.header == (
        "Maatregel",
        "Categorie",
        "Eigenaar",
        "Deadline",
        "Budget",
        "SMART-doel",
        "Stand",
        "GOKIT open",
    )
    rows = {r[0]: r for r in table.rows}
    assert rows["Toezichtpunt Schippersplein"] == (
        "Toezichtpunt Schippersplein",
        "Overig",
        "Politie, basisteam Waardenstreek",
        "1 maart 2026",
        "€ 40.000",
        "Geweld per weekendnacht van 2,1 naar 1,5",
        "uitgevoerd",
        "Organisatie, Kwaliteit, Informatie",
    )
    assert rows[HOSTILE][2] == "Marloes Tiemens" and rows[HOSTILE][6] == "vertraagd"
    assert rows[HOSTILE][4] == "-" and rows[HOSTILE][7].startswith("Geld, Organisatie")
    assert rows["Taxiregelaar"][5] == "(nog geen plan)" and rows["Taxiregelaar"][6] == "gestopt"
    counts = [b.text for b in blocks_of(sec, "Paragraph")]
    assert counts == ["Stand van de maatregelen: 1 vertraagd, 1 uitgevoerd, 1 gestopt."]
    figure = blocks_of(sec, "Figure")[0]
    assert {"uitgevoerd", "gestopt", "Marloes Tiemens", "Taxiregelaar"} <= set(figure.labels)


def test_evaluation_comparison_and_improvements(report):
    sec = section(report, "Evaluatie")
    table = blocks_of(sec, "Table")[0]
    rows = {r[0].split(" (")[0]: r for r in table.rows}
    violence = rows["Geweldsincidenten per weekendnacht in het Nachtkwartier"]
    assert violence[1:] == ("2,1", "-", "1,4 (eindmeting)", "-33%", "beter")
    assert rows["Aangiften van zakkenrollerij in het uitgaansgebied"][-1] == "slechter"
    drugs = rows["Incidenten met drugs en lachgas"]
    assert drugs[2:4] == ("33", "33 (tussenmeting)")
    texts = [b.text for b in blocks_of(sec, "Paragraph")]
    assert "2 beter, 1 slechter, 0 gelijk, 9 nog niet gemeten." in texts
    assert "Goed; Gerrit Wolters miste twee keer." in texts
    figure = blocks_of(sec, "Figure")[0]
    assert "2,1 → 1,4  (-33%)" in figure.labels and "nog niet gemeten" in figure.labels
    points = section(report, "Verbeterpunten")
    assert blocks_of(points, "Bullets")[0].items == ("Zakkenrollerij aanpakken (Marloes trekt)",)


def test_empty_journey_says_not_filled_in():
    journey = start_journey("nachtkwartier", store=SQLiteStore(":memory:"))
    report = reports.build_report(journey, "voortgang")
    assert [s.heading for s in report.sections] == HEADINGS_NL
    for heading in HEADINGS_NL[3:-1]:
        assert [b.text for b in section(report, heading).blocks] == [EMPTY], heading
    assert EMPTY in [b.text for b in blocks_of(section(report, "Succesfactoren"), "Paragraph")]
    assert report.figures() == []
    for fmt in reports.FORMATS:
        assert reports.render(report, fmt).content


def test_docx_headings_tables_and_figures(report, rendered):
    data = rendered["docx"].content
    doc = open_docx(data)
    assert doc.paragraphs[0].text == "Voortgang en evaluatie KVU"
    assert [text for _, text in headings(data)] == HEADINGS_NL
    assert len(doc.inline_shapes) == 3
    headers = [tuple(c.text for c in table.rows[0].cells) for table in doc.tables]
    assert ("Stand", "Toets", "Waarom") in headers
    measures = next(t for t in doc.tables if t.rows[0].cells[0].text == "Maatregel")
    assert len(measures.rows) == 1 + 3
    assert HOSTILE in [row.cells[0].text for row in measures.rows]
    text = docx_text(data)
    assert "€ 40.000" in text and "Veiligheidsmonitor" in text


def test_html_has_figures_inline_and_escapes_user_text(report, rendered):
    html = rendered["html"].content.decode("utf-8")
    page = scan(html)
    assert "script" not in page.tags
    assert "&lt;script&gt;alert(" in html and "<script>alert(" not in html
    images = [v for tag, _, v in page.urls if tag == "img"]
    assert len(images) == 3 and all(v.startswith("data:image/png;base64,") for v in images)
    assert external_urls(html) == []
    assert "default-src 'none'" in html
    assert HOSTILE in "".join(page.text)  # shown as text, exactly as typed


def test_markdown_has_figure_files(rendered):
    out = rendered["md"]
    text = out.content.decode("utf-8")
    assert sorted(out.files) == [f"voortgang-figuur-{n}.png" for n in (1, 2, 3)]
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "## Verbeterpunten" in text


def test_english_variant(journey):
    report = reports.build_report(journey, "voortgang", lang="en")
    assert report.title == "KVU progress and evaluation"
    assert [s.heading for s in report.sections] == [
        "About this report",
        "Success factors",
        "Working group check",
        "Safety analysis (baseline)",
        "Measures",
        "Evaluation",
        "Improvement points",
        "Where the content comes from",
    ]
    table = blocks_of(section(report, "Measures"), "Table")[0]
    assert table.header[0] == "Measure" and table.header[-1] == "GOKIT open"
    rows = {r[0]: r for r in table.rows}
    assert rows["Toezichtpunt Schippersplein"][3:5] == ("1 March 2026", "€40,000")
    assert rows["Toezichtpunt Schippersplein"][6] == "done"
    assert "stopped" in report.figures()[1].labels
    html = reports.render(report, "html").content.decode()
    assert '<html lang="en">' in html


def test_wijkaanpak_journey_is_a_clear_error():
    molenwijk = start_journey("molenwijk", store=SQLiteStore(":memory:"))
    with pytest.raises(SprintkitError, match="kent geen voortgangsverslag"):
        reports.build_report(molenwijk, "voortgang")


def test_anonymised_report_names_nobody(journey):
    casus = journey.casus
    plain = reports.build_report(journey, "voortgang")
    assert names_in("\n".join(plain.texts()), casus), "the check must see real names"
    report = reports.build_report(journey, "voortgang", anonymise=True)
    assert names_in("\n".join(report.texts()), casus) == []
    matrix = report.figures()[1]
    assert any(label.startswith("deelnemer-") for label in matrix.labels)
    for figure in report.figures():
        assert names_in("\n".join(figure.labels), casus) == []
    html = reports.render(report, "html").content.decode("utf-8")
    assert names_in(" ".join(scan(html).text), casus) == []
    md = reports.render(report, "md").content.decode("utf-8")
    assert names_in(md.replace("\\", ""), casus) == []
    assert names_in(docx_text(reports.render(report, "docx").content), casus) == []


def test_cli_writes_the_voortgang_report(tmp_path, capsys):
    store = tmp_path / "s.sqlite"
    journey = start_journey("nachtkwartier", store=store)
    fill(journey)
    out = tmp_path / "voortgang.docx"
    code = main(
        ["report", "nachtkwartier", "--kind", "voortgang", "--out", str(out)]
        + ["--store", str(store), "--journey", journey.id]
    )
    assert code == 0, capsys.readouterr().err
    assert [text for _, text in headings(out.read_bytes())] == HEADINGS_NL
    assert reports.kinds()[: len(reports.KINDS)] == list(reports.KINDS)


def test_demo_journey_played_to_step_7():
    try:
        from sprintkit.workspace import play_demo

        journey = start_journey(
            "nachtkwartier", store=SQLiteStore(":memory:"), at_sprint=7, demo=True
        )
        play_demo(journey, 7)
    except SprintkitError as exc:  # the demo input is being extended elsewhere
        pytest.skip(f"the nachtkwartier demo does not play through step 7 yet: {exc}")
    report = reports.build_report(journey, "voortgang")
    assert [s.heading for s in report.sections] == HEADINGS_NL
    assert ("Stand", "geëvalueerd (stap 7 afgerond)") in report.meta
    for heading in HEADINGS_NL[1:]:
        assert EMPTY not in [getattr(b, "text", None) for b in section(report, heading).blocks]
    assert len(report.figures()) == 3
    data = reports.render(report, "docx").content
    assert [text for _, text in headings(data)] == HEADINGS_NL


# -- the intentieverklaring gets the checklist -------------------------------------------------
def test_intentieverklaring_has_the_working_group_checklist():
    journey = start_journey("nachtkwartier", store=SQLiteStore(":memory:"))
    journey.set_result("partijen", ["gemeente", "politie", "khn"], phase=2)
    journey.set_result("werkgroep", ["projectleider", "teamchef", "khn_voorzitter"], phase=2)
    lines = Kvu(journey).working_group().lines
    report = reports.build_report(journey, "intentieverklaring")
    found = [(s.heading, s.level) for s in report.sections]
    at = found.index(("Werkgroep", 2))
    assert found[at + 1] == ("Toets van de werkgroep", 3)
    assert found[at + 2] == ("Ondertekening", 2)
    table = blocks_of(report.sections[at + 1], "Table")[0]
    ccv = [line for line in lines if line.basis == "ccv"]
    assert len(table.rows) == len(ccv) > 0
    assert [r[1] for r in table.rows] == [line.text("nl") for line in ccv]
    data = reports.render(report, "docx").content
    assert "Toets van de werkgroep" in [text for _, text in headings(data)]
    anonymous = reports.build_report(journey, "intentieverklaring", anonymise=True)
    checklist = next(s for s in anonymous.sections if s.heading == "Toets van de werkgroep")
    texts = [cell for row in blocks_of(checklist, "Table")[0].rows for cell in row]
    assert names_in("\n".join(texts), journey.casus) == []


def test_percentages_change_in_percentage_points_and_the_caution_is_stated():
    journey = start_journey("nachtkwartier", store=SQLiteStore(":memory:"), at_sprint=7, demo=True)
    report = reports.build_report(journey, "voortgang")
    evaluation = section(report, "Evaluatie")
    rows = {r[0].split(" (")[0]: r for r in blocks_of(evaluation, "Table")[0].rows}
    rules = rows["Horecazaken die zich aan de gezamenlijke huisregels hebben verbonden"]
    assert rules[1:3] == ("44", "84") and rules[4] == "+40 procentpunt"
    assert rows["Geweldsincidenten per weekendnacht in het Nachtkwartier"][4] == "-24%"
    texts = [b.text for b in blocks_of(evaluation, "Paragraph")]
    assert any("niet dat een maatregel die verandering veroorzaakt heeft" in x for x in texts)
