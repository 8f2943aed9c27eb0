"""The one-day training: own organisations on the roster, stand-in runs, the cooperation report
by own organisation, 'Wie doet wat?', the ranking option, and an anonymised report naming nobody.
"""

from __future__ import annotations

import re
import shutil

import pytest

from sprintkit.catalogue import load_workform
from sprintkit.errors import CasusValidationError, SprintkitError
from sprintkit.i18n import t
from sprintkit.loading import load_casus
from sprintkit.reports import build_report, render
from sprintkit.reports.context import ReportContext
from sprintkit.reports.render_text import render_markdown
from sprintkit.reports.tvb import tvb_report, write_training_reports
from sprintkit.store import SQLiteStore
from sprintkit.training import (
    add_trainees,
    closing_run,
    in_training,
    play_day,
    skip_phases,
    training_day,
)
from sprintkit.workform_text import workform_text
from sprintkit.workspace import play_demo, start_journey

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


def _journey(casus="molenwijk"):
    return start_journey(casus, store=SQLiteStore(":memory:"), label="training")


@pytest.fixture(scope="module")
def day_journey():
    journey = _journey()
    play_day(journey, training_day(journey.casus))
    return journey


def _md(journey, **options):
    anonymise = options.pop("anonymise", False)
    report = build_report(journey, "cooperation", anonymise=anonymise, options=options)
    return render_markdown(report, "r")[0]


def _section(md: str, heading: str) -> str:
    start = md.index(f"## {heading}")
    end = md.find("\n## ", start + 3)
    return md[start : end if end > 0 else None]


# -- the roster -------------------------------------------------------------------------
def test_a_trainee_has_an_own_organisation_and_kind_beside_the_role_played():
    journey = _journey()
    ident = journey.add_person(
        "Ilse", own_organisation="Gemeente Oosterwolde", own_kind="gemeente", plays="Petra Smit"
    )
    person = journey.person(ident)
    assert (person.own_organisation, person.own_kind, person.plays) == (
        "Gemeente Oosterwolde",
        "municipality",
        "petra_smit",
    )
    assert person.trainee and in_training(journey)
    journey.edit_person(ident, own_kind="Woningcorporatie", own_organisation="Woonstede")
    assert journey.person(ident).own_kind == "housing_corporation"
    journey.refresh()
    assert journey.person(ident).own_organisation == "Woonstede"


def test_an_unknown_kind_is_refused_in_dutch_with_the_choices():
    journey = _journey()
    with pytest.raises(SprintkitError, match="'bakkerij' is geen soort organisatie; kies uit: "):
        journey.add_person("Ilse", own_kind="bakkerij")
    assert journey.people() == [] and not in_training(journey)


# -- the day ----------------------------------------------------------------------------
def test_the_day_holds_its_own_phases_and_skips_the_others_as_stand_ins(day_journey):
    state = day_journey.state
    assert [n for n in range(1, 8) if state.phase(n).status == "closed"] == [1, 2, 3, 4, 5]
    stand_ins = {r.phase for r in state.runs.values() if r.stand_in}
    live = {r.phase for r in state.runs.values() if not r.stand_in}
    assert stand_ins == {2, 3} and live == {1, 4, 5}
    closing = [r for r in state.runs.values() if r.workform == "wie-doet-wat"]
    assert len(closing) == 1 and closing[0].phase == 5 and len(closing[0].notes) == 24
    trainees = [p for p in day_journey.people() if p.trainee]
    assert len(trainees) == 8
    authors = {n.author for n in closing[0].notes.values()}
    assert authors == {p.id for p in trainees}  # every note is a trainee's, on the roster


def test_skipping_waits_for_the_days_earlier_phase_and_runs_again_safely():
    journey = _journey()
    day = training_day(journey.casus)
    assert skip_phases(journey, day) == []  # sprint 1 is still open: phases close in order
    play_demo(journey, 1)
    assert skip_phases(journey, day) == [2, 3]
    assert skip_phases(journey, day) == []
    assert all(r.stand_in for r in journey.state.runs.values() if r.phase in (2, 3))
    assert not any(r.stand_in for r in journey.state.runs.values() if r.phase == 1)
    journey.refresh()
    assert {r.phase for r in journey.state.runs.values() if r.stand_in} == {2, 3}


def test_the_closing_run_needs_its_phase_open():
    journey = _journey()
    day = training_day(journey.casus)
    for number in range(1, 6):
        play_demo(journey, number)
    assert closing_run(journey, day) is None  # sprint 5 closed before 'Wie doet wat?' began


def test_a_casus_without_a_training_day_is_refused_in_dutch():
    with pytest.raises(SprintkitError, match="nachtkwartier heeft geen trainingsdag"):
        training_day(load_casus("nachtkwartier"))


def test_a_trainee_playing_an_unknown_actor_is_a_located_problem(tmp_path):
    folder = tmp_path / "molenwijk"
    shutil.copytree(ROOT / "casus" / "molenwijk", folder)
    path = folder / "training.yaml"
    path.write_text(path.read_text("utf-8").replace("plays: petra_smit", "plays: petra"), "utf-8")
    with pytest.raises(CasusValidationError) as caught:
        load_casus(folder)
    text = str(caught.value)
    assert "training.yaml" in text and "trainees[0].plays" in text and "'petra'" in text


def test_the_closing_work_form_is_marked_as_our_own():
    spec = load_workform(ROOT / "workforms" / "wie-doet-wat.yaml")
    assert spec.provenance == "own"
    assert [c.key for c in spec.canvas.columns] == [
        "taken",
        "verantwoordelijkheden",
        "bevoegdheden",
        "geleerd",
        "bellen",
    ]
    assert "een eigen werkvorm van sprintkit, niet uit een CCV-bron" in workform_text(spec)
    assert "not from a CCV source" in workform_text(spec, "en")
    assert "Herkomst" not in workform_text(load_workform(ROOT / "workforms" / "rollenspel.yaml"))


# -- the cooperation report --------------------------------------------------------------
def test_the_report_counts_own_organisations_not_casus_ones(day_journey):
    md = _md(day_journey)
    own = {t.own_organisation for t in training_day(day_journey.casus).trainees}
    participation = _section(md, "Wie deed mee in welke sessie")
    assert "In de training: 8 personen uit 5 eigen organisaties." in participation
    assert all(f"| {org} |" in participation for org in own)
    assert "Gemeente Veenstede" not in participation  # the casus' organisations are roles here
    header = next(line for line in participation.splitlines() if "Eigen organisatie" in line)
    assert header.split("|")[2:5] == [" S1 ", " S4 ", " S5 "]  # the stand-ins do not count
    assert "4 sessies kwamen uit de oefeninvoer en tellen niet mee." in participation
    roles = _section(md, "Wie speelde wie")
    assert "| Nadia Boukhari | Woonstichting Kantelhof | woningcorporatie | Erik Janssen" in roles
    assert "8 van de 8 deelnemers speelden een rol van een ander soort organisatie" in roles
    sessions = _section(md, "Samen in sessies")
    assert "Zo vormden 5 eigen organisaties samen 10 tweetallen." in sessions
    assert "![Eigen organisaties die in dezelfde sessies werkten" in sessions
    assert "- Gemeente Dorrestede en Woonstichting Kantelhof: 5 sessies samen" in sessions


def test_the_ranking_is_off_by_default_in_a_training_and_on_by_option(day_journey):
    default = _section(_md(day_journey), "Wie droeg bij")
    assert "staat uit (zet hem aan met --ranking)" in default
    assert "Ilona Verbrugge" not in default
    ranked = _section(_md(day_journey, ranking=True), "Wie droeg bij")
    assert "| Ilona Verbrugge | Gemeente Dorrestede |" in ranked


def test_outside_a_training_the_ranking_stays_on_and_can_be_turned_off():
    from sprintkit.workspace import demo_journey

    journey = demo_journey("molenwijk", through=2)
    assert "| Tom Hendriks | Gemeente Veenstede |" in _section(_md(journey), "Wie droeg bij")
    off = _section(_md(journey, ranking=False), "Wie droeg bij")
    assert "staat uit" in off and "Tom Hendriks" not in off
    assert "Wie speelde wie" not in _md(journey)


def test_wie_doet_wat_groups_the_notes_by_column_with_name_and_own_organisation(day_journey):
    md = render_markdown(tvb_report(ReportContext.of(day_journey)), "t")[0]
    headings = re.findall(r"^## (.+)$", md, re.MULTILINE)
    assert headings == [
        "Waarom dit verslag",
        "Taken",
        "Verantwoordelijkheden",
        "Bevoegdheden",
        "Wat ik leerde van de anderen",
        "Wie ik ga bellen",
    ]
    assert "een eigen werkvorm van sprintkit, niet uit een CCV-bron" in md
    bellen = md[md.index("## Wie ik ga bellen") :]
    assert bellen.count("\n- ") == 8
    assert "om de overlastmeldingen voortaan samen te bekijken. (Ilona Verbrugge, Gemeente" in md
    assert "### Wie ik ga bellen" in _md(day_journey)  # the same blocks in the debrief


def test_a_personal_note_never_reaches_wie_doet_wat(day_journey):
    journey = _journey()
    day = training_day(journey.casus)
    add_trainees(journey, day)
    for number in range(1, 5):
        play_demo(journey, number)
    run = closing_run(journey, day)
    payload = {"text": "Mijn eigen zorg", "column": "geleerd", "personal": True}
    journey.canvas_op(run, "note_added", payload, "ilona")
    assert journey.run(run).notes  # stored, but never shown
    md = render_markdown(tvb_report(ReportContext.of(journey)), "t")[0]
    assert "Mijn eigen zorg" not in md


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_the_anonymised_training_report_names_nobody(day_journey, fmt):
    day = training_day(day_journey.casus)
    text = _rendered_text(day_journey, fmt)
    for trainee in day.trainees:
        first = trainee.name.split()[0]
        assert not re.search(rf"\b{re.escape(first)}\b", text), trainee.name
        assert trainee.own_organisation not in text
    for distinctive in ("Dorrestede", "Kantelhof", "Spoorzicht", "Brughaven", "Hoogvaart"):
        assert distinctive not in text
    for actor in day_journey.casus.actors:
        assert actor.name not in text
    HIDDEN = t("report.coop.org_removed", "nl")  # what an own organisation's name becomes
    assert "Gemeente (naam verborgen)" in text and HIDDEN.strip("[]") in text


def _rendered_text(journey, fmt):
    ctx = ReportContext.of(journey, anonymise=True)
    parts = []
    for report in (build_report(ctx, "cooperation"), tvb_report(ctx)):
        content = render(report, fmt).content
        if fmt == "docx":
            import io

            from docx import Document

            doc = Document(io.BytesIO(content))
            cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
            parts.append("\n".join([p.text for p in doc.paragraphs] + cells))
        else:
            parts.append(content.decode("utf-8"))
    return "\n".join(parts)


def test_the_training_reports_are_written_private(day_journey, tmp_path):
    written = write_training_reports(day_journey, tmp_path, ("html", "md"))
    names = sorted(p.name for p in written)
    assert names == [
        "samenwerking-training.html",
        "samenwerking-training.md",
        "wie-doet-wat.html",
        "wie-doet-wat.md",
    ]
    assert all(p.stat().st_mode & 0o077 == 0 for p in written)
    assert "Gemeente Dorrestede" in (tmp_path / "samenwerking-training.html").read_text("utf-8")


def test_the_cli_report_takes_the_ranking_option(tmp_path, capsys):
    from sprintkit.cli import main

    store = tmp_path / "s.sqlite"
    journey = start_journey("molenwijk", store=SQLiteStore(store))
    play_day(journey, training_day(journey.casus))
    journey.store.close()
    out = tmp_path / "coop.md"
    args = ["report", "molenwijk", "--kind", "cooperation", "--store", str(store), "--out"]
    assert main([*args, str(out), "--ranking"]) == 0
    assert "| Ilona Verbrugge | Gemeente Dorrestede |" in out.read_text("utf-8")
    assert main([*args, str(out)]) == 0
    assert "Ilona Verbrugge | Gemeente Dorrestede" not in _section(
        out.read_text("utf-8"), "Wie droeg bij"
    )
