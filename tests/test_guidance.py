"""What the sources offer the facilitator: in the method data, and shown where it helps.

Each item the CCV sources give beyond the phases (the KVU project leader's eight tasks, the
process facilitator, the contact phase, the representation of streets, squares and
crowd-pullers; the four environments, key factor 2's questions, the earlier approaches and their
lessons, sprint 4's reminder that something new is not always needed, the glijbaan's author) is
checked twice: that the method file holds it, and that a face shows it (the phase header, the key
factor panel, the glijbaan board, ``sprintkit handreiking``, ``sprintkit info``, the reports).
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from sprintkit import reports
from sprintkit.cli import main
from sprintkit.errors import FileValidationError
from sprintkit.loading import load_casus, load_method
from sprintkit.model import Method
from sprintkit.reports.guidance import phase_guidance, topic_blocks
from sprintkit.reports.render_plain import render_plain
from sprintkit.store import SQLiteStore
from sprintkit.summary import casus_summary
from sprintkit.workspace import demo_journey, start_journey

pytest.importorskip("ipywidgets")

from sprintkit.widgets import (  # noqa: E402
    GlijbaanBoard,
    Workshop,
    make_key_factor_panel,
    make_sprint_header,
    open_sprint,
)
from sprintkit.widgets.app import static_html  # noqa: E402

TASKS = (
    "De activiteiten coördineren en bewaken.",
    "De voortgang rapporteren en met iedereen afstemmen.",
    "Het project uitvoeren.",
    "De informatie over het project verzorgen, samen met de afdeling communicatie.",
    "Het budget beheren.",
    "Aanspreekpunt zijn.",
    "Rapporteren aan het college van B en W en aan de gemeenteraad.",
    "Een projectsecretaris aanstellen.",
)
KF2_QUESTION = "Hoe groot was de rol van elke speler, zoals de wijkmanager, de wijkagent"


@pytest.fixture(scope="module")
def kvu_method():
    return load_method("kvu")


@pytest.fixture(scope="module")
def wijk_method():
    return load_method("wijkaanpak")


def _ws(casus: str, phase: int = 1, lang: str = "nl") -> Workshop:
    journey = start_journey(casus, store=SQLiteStore(":memory:"))
    for number in range(1, phase):
        journey.emit("phase_closed", {"result": {}}, phase=number)
    return Workshop(journey, lang)


def _item(method: Method, key: str):
    return next(g for g in method.guidance if g.key == key)


def _cli(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


# -- in the data -------------------------------------------------------------------------------
def test_the_kvu_data_holds_the_project_leaders_eight_tasks(kvu_method):
    leader = _item(kvu_method, "projectleider")
    assert tuple(p.nl for p in leader.points) == TASKS
    assert all(p.en for p in leader.points) and len({p.en for p in leader.points}) == 8
    assert "technisch voorzitter" in leader.text.nl and leader.shows == "project_leader"
    assert leader.provenance == "source" and "1b" in (leader.source or "")


def test_the_kvu_data_holds_the_process_facilitators_role(kvu_method):
    facilitator = _item(kvu_method, "procesbegeleider")
    text = " ".join([facilitator.text.nl, *(p.nl for p in facilitator.points)])
    for part in ("onafhankelijke", "coachende", "KVU-systeem", "projectleider", "knelpunten"):
        assert part in text
    assert facilitator.phases == [2, 4] and facilitator.shows == "facilitators"


def test_the_kvu_data_holds_the_contact_phase_advice(kvu_method):
    contact = _item(kvu_method, "contact-leggen")
    points = " ".join(p.nl for p in contact.points)
    for part in (
        "burgemeester",
        "politiechef",
        "resultaten van KVU's elders",
        "regioadviseur van KHN",
        "horecavereniging",
        "handhaver",
        "partner",
        "openingstijden",
    ):
        assert part in points
    assert "regie" in contact.text.nl and contact.phases == [2]


def test_the_kvu_data_holds_the_representation_of_streets_and_crowd_pullers(kvu_method):
    item = _item(kvu_method, "vertegenwoordiging")
    assert "horecastraten en -pleinen" in item.text.nl and "publiekstrekkers" in item.text.nl
    assert "crowd-pullers" in item.text.en and item.shows == "streets"


def test_the_wijkaanpak_data_holds_environments_key_factor_2_and_the_glijbaan_credit(wijk_method):
    assert [e.environment.value for e in wijk_method.environments] == [
        "social",
        "physical",
        "institutional",
        "criminal",
    ]
    by_env = {e.environment.value: e for e in wijk_method.environments}
    assert "vertrouwen in instanties" in by_env["social"].covers.nl
    assert "situationele preventie" in by_env["physical"].covers.nl
    assert "wijkwensen" in by_env["social"].questions[0].nl
    assert "wat kunnen zij nog meer betekenen" in by_env["institutional"].questions[0].nl
    assert all(e.provenance == "source" for e in wijk_method.environments)
    factor = wijk_method.key_factors[1]
    assert len(factor.questions) == 5 and factor.shows == "past_interventions"
    assert any(KF2_QUESTION in q.nl for q in factor.questions)
    assert wijk_method.key_factors[3].shows == "environments"
    assert wijk_method.glijbaan_credit is not None
    assert "Karin de Galan" in wijk_method.glijbaan_credit.nl
    assert "Karin de Galan" in wijk_method.glijbaan_credit.en


def test_sprint_4_reminds_that_something_new_is_not_always_needed(wijk_method):
    assert [g.key for g in wijk_method.guidance_for(4)] == ["niet-altijd-nieuw"]
    item = wijk_method.guidance_for(4)[0]
    assert "niet altijd nodig" in item.text.nl and item.shows == "reusable"
    assert all(wijk_method.guidance_for(n) == [] for n in (1, 2, 3, 5, 6, 7))


def test_guidance_naming_an_unknown_phase_is_refused(wijk_method):
    data = wijk_method.model_dump(mode="json")
    data["guidance"][0]["phases"] = [9]
    with pytest.raises(ValidationError) as caught:
        Method.model_validate(data)
    assert caught.value.errors()[0]["type"] == "guidance_unknown_phase"


def test_a_method_file_with_guidance_for_a_missing_phase_reads_in_dutch(tmp_path, wijk_method):
    import yaml

    from sprintkit.loading import load_method as load

    data = wijk_method.model_dump(mode="json", exclude_defaults=True)
    data["guidance"][0]["phases"] = [8]
    path = tmp_path / "methode.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FileValidationError) as caught:
        load(path, "nl")
    assert "handreiking 'niet-altijd-nieuw' noemt fase 8, die niet bestaat" in caught.value.format()


# -- shown: the phase header --------------------------------------------------------------------
def test_kvu_step_2_header_shows_roles_contact_advice_and_representation():
    html = make_sprint_header(_ws("nachtkwartier", 2), 2).value
    assert all(task in html for task in TASKS)
    assert "Marloes Tiemens (Gemeente Ravenswaarde)" in html  # who leads in this case
    assert "Noor Lagerweij (Bureau Tussenruimte)" in html  # the facilitator in this case
    assert "politiechef" in html and "ruimere openingstijden" in html
    assert "publiekstrekkers" in html
    assert "Brouwersgang: Dewi Kartosen, Truus Bakels" in html
    assert "Restaurant Lindenhof (restaurant): Annelies van Dorp" in html
    assert "Handreiking uit de bronnen" in html


def test_guidance_shows_only_in_the_steps_it_names():
    assert "projectsecretaris" not in make_sprint_header(_ws("nachtkwartier"), 1).value
    step4 = make_sprint_header(_ws("nachtkwartier", 4), 4).value
    assert "De procesbegeleider" in step4 and "projectsecretaris" not in step4


def test_the_kvu_header_speaks_english():
    html = make_sprint_header(_ws("nachtkwartier", 2, "en"), 2).value
    assert "Appoint a project secretary." in html and "Guidance from the sources" in html
    assert "nobody in the working group names this place" not in html  # every street named


def test_sprint_4_header_lists_the_reusable_earlier_approaches_only():
    html = make_sprint_header(_ws("molenwijk", 4), 4).value
    assert "Niet altijd iets nieuws" in html
    assert "Jongerenruimte De Kap" in html and "Zomer in de Molenwijk" in html
    assert "Cameraproject Spoordijktunnel" not in html  # the case says it is not reusable
    assert "Niet altijd iets nieuws" not in make_sprint_header(_ws("molenwijk", 3), 3).value


def test_the_header_marks_inferred_guidance_from_the_data():
    ws = _ws("molenwijk", 4)
    method = ws.journey.method
    changed = method.model_copy(deep=True)
    changed.guidance[0].provenance = "inferred"
    mark = "afgeleid, niet uit een CCV-bron"
    before = make_sprint_header(ws, 4).value.count(mark)  # sprint 4's result is inferred too
    ws.journey.method = changed
    assert make_sprint_header(ws, 4).value.count(mark) > before
    ws.journey.method = method
    assert make_sprint_header(ws, 4).value.count(mark) == before


def test_moving_guidance_in_the_data_moves_it_on_screen(wijk_method):
    casus = load_casus("molenwijk")
    changed = wijk_method.model_copy(deep=True)
    changed.guidance[0].phases = [2]
    assert [title for title, _ in phase_guidance(casus, changed, 2, "nl")] == [
        "Niet altijd iets nieuws"
    ]
    assert phase_guidance(casus, changed, 4, "nl") == []


def test_streets_nobody_names_are_said_so():
    casus = load_casus("nachtkwartier")
    casus.area.streets.append("Veerstraat")
    text = render_plain(topic_blocks("streets", casus, load_method("kvu"), "nl"))
    assert "Veerstraat: niemand in de werkgroep noemt deze plek" in text


# -- shown: key factors, environments, glijbaan ---------------------------------------------------
def test_key_factor_panel_shows_factor_2_questions_lessons_and_the_environments():
    panel = make_key_factor_panel(_ws("molenwijk"), 1)
    html = static_html(panel)
    assert KF2_QUESTION in html and "Vragen uit de bron" in html
    assert "Camera&#39;s zonder live toezicht en zonder opvolging schrikken nauwelijks af." in html
    assert "Sluiten zonder alternatief verplaatst de overlast naar de openbare ruimte." in html
    assert "situationele preventie" in html
    assert "wat kunnen zij nog meer betekenen?" in html


def test_static_key_factors_and_glijbaan_show_the_same(tmp_path):
    app = open_sprint("molenwijk", 1, store=tmp_path / "s.sqlite", demo=True)
    key_factors = app.key_factors().data
    assert KF2_QUESTION in key_factors and "situationele preventie" in key_factors
    assert "Karin de Galan" in app.glijbaan().data


def test_glijbaan_board_credits_its_author():
    board = GlijbaanBoard(_ws("molenwijk"), 1)
    assert "ontwikkeld door Karin de Galan" in static_html(board)
    english = GlijbaanBoard(_ws("molenwijk", lang="en"), 1)
    assert "developed by Karin de Galan" in static_html(english)


# -- shown: the CLI -----------------------------------------------------------------------------
def test_cli_handreiking_for_the_kvu(capsys):
    code, out = _cli(capsys, "handreiking", "nachtkwartier", "--phase", "2")
    assert code == 0
    assert all(task in out for task in TASKS)
    assert "De procesbegeleider" in out and "Contact leggen" in out and "publiekstrekkers" in out
    assert "Bron: CCV, KVU stap 2 Initiatief (1a Contact leggen)" in out


def test_cli_handreiking_for_the_wijkaanpak_in_english(capsys):
    code, out = _cli(capsys, "--lang", "en", "handreiking", "molenwijk")
    assert code == 0
    assert "Sprint 4: Devise interventions · Not always something new" in out
    assert "Key factor 2: Learning from earlier approaches" in out
    assert "Was the approach aimed at a particular target group?" in out
    assert "measures that prevent crime (situational prevention)" in out
    assert "developed by Karin de Galan" in out


def test_cli_handreiking_refuses_an_unknown_phase(capsys):
    code, out = _cli(capsys, "handreiking", "molenwijk", "--phase", "9")
    assert code == 1 and "Fase 9 bestaat niet" in out and "Traceback" not in out


def test_cli_info_shows_lessons_reusability_and_what_each_environment_covers(capsys):
    code, out = _cli(capsys, "info", "molenwijk")
    assert code == 0
    assert "Jongerenruimte De Kap (2017-2022, herbruikbaar)" in out
    assert "les: Afspraken over beheer en herstel moeten vooraf op papier staan." in out
    assert "fysieke omgeving: De inrichting en uitstraling van de wijk" in out
    kvu = casus_summary(load_casus("nachtkwartier"), "nl")
    assert "les: Spreek vooraf af wie de voortgang bewaakt" in kvu


# -- shown: the reports -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo():
    return demo_journey("molenwijk")


def test_the_sprint_report_credits_the_glijbaan_model(demo):
    report = reports.build_report(demo, "sprint", phase=1)
    assert any("Karin de Galan" in text for text in report.texts())
    english = reports.build_report(demo, "sprint", phase=1, lang="en")
    assert any("developed by Karin de Galan" in text for text in english.texts())


def test_the_journey_report_has_the_disclaimer_the_lessons_and_the_credit(demo):
    report = reports.build_report(demo, "journey")
    headings = [s.heading for s in report.sections]
    assert "Eerdere aanpakken in deze casus en wat ervan geleerd is" in headings
    texts = list(report.texts())
    assert any("Gelijkenis met bestaande wijken" in text for text in texts)
    assert "Het buurtbeheerbedrijf werkte goed en kan opnieuw worden opgestart." in texts
    assert any("Karin de Galan" in text for text in texts)
