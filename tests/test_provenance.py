"""Honesty about provenance: every face marks what is not from a CCV source, driven by the data.

The marks come from ``provenance`` in the method files (a phase, its result, a glijbaan level,
the working group's size and balance rules, the success-factor scale). Every report kind, in
every format, shows the marks of what it reports on; flipping a phase's provenance in a copy of
the method changes the report.
"""

from __future__ import annotations

import dataclasses
import html
import re

import pytest
from test_reports_support import docx_text

from sprintkit import reports
from sprintkit.loading import load_method
from sprintkit.provenance import level_marks, method_marks, phase_marks, rule_marks
from sprintkit.reports.context import ReportContext
from sprintkit.store import SQLiteStore
from sprintkit.workspace import demo_journey, start_journey

INFERRED = "afgeleid, niet uit een CCV-bron"
OWN = "vuistregel van sprintkit"


@pytest.fixture(scope="module")
def molenwijk():
    return demo_journey("molenwijk")


@pytest.fixture(scope="module")
def nachtkwartier():
    return start_journey("nachtkwartier", store=SQLiteStore(":memory:"), at_sprint=7, demo=True)


def plain(report, fmt: str) -> str:
    """The rendered report as plain text, whatever its format."""
    data = reports.render(report, fmt, stem="r").content
    if fmt == "docx":
        text = docx_text(data)
    elif fmt == "html":
        text = html.unescape(re.sub(r"<[^>]+>", " ", data.decode("utf-8")))
    else:
        text = data.decode("utf-8").replace("\\", "")
    return " ".join(text.split())


def expected(ctx: ReportContext, kind: str, phase: int | None):
    """The marks a report kind owes its reader: those of everything it reports on."""
    method = ctx.method
    if kind == "sprint":
        return phase_marks(method, phase) + (
            level_marks(method) if ctx.state.phase(phase).glijbaan else []
        )
    if kind == "ontwerpbrief":
        return phase_marks(method, ctx.phase_by_result("ontwerpbrief").number)
    if kind == "intentieverklaring":
        return phase_marks(method, ctx.phase_by_result("intentieverklaring").number) + rule_marks(
            method
        )
    if kind == "voortgang":
        return method_marks(method, levels=False)
    if kind == "cooperation":
        return method_marks(method, ctx.active_phases(), rules=False)
    return method_marks(method)  # journey


CASES = [
    ("molenwijk", "ontwerpbrief", None),
    ("molenwijk", "sprint", 1),
    ("molenwijk", "sprint", 4),
    ("molenwijk", "journey", None),
    ("molenwijk", "cooperation", None),
    ("nachtkwartier", "intentieverklaring", None),
    ("nachtkwartier", "voortgang", None),
    ("nachtkwartier", "sprint", 5),
    ("nachtkwartier", "journey", None),
    ("nachtkwartier", "cooperation", None),
]


@pytest.mark.parametrize(("casus", "kind", "phase"), CASES)
def test_every_report_kind_in_every_format_marks_what_is_not_from_the_source(
    request, casus, kind, phase
):
    journey = request.getfixturevalue(casus)
    ctx = ReportContext.of(journey)
    report = reports.build_report(ctx, kind, phase=phase)
    marks = expected(ctx, kind, phase)
    for fmt in reports.FORMATS:
        text = plain(report, fmt)
        for mark in marks:
            assert " ".join(mark.message.text("nl").split()) in text, (kind, fmt, mark.subject)


def test_the_inferred_parts_each_carry_their_mark():
    wijk, kvu = load_method("wijkaanpak"), load_method("kvu")
    subjects = {m.subject: m for m in method_marks(wijk)}
    # sprint 1: only its result is our reading, not the sprint itself
    assert "result:1" in subjects and "phase:1" not in subjects
    for n in (4, 5, 6, 7):
        assert {f"phase:{n}", f"result:{n}"} <= set(subjects)
    assert "level:3" in subjects and "level:1" not in subjects
    assert INFERRED in subjects["phase:4"].text("nl")
    kvu_subjects = {m.subject: m for m in method_marks(kvu)}
    for n in (5, 6):
        assert {f"phase:{n}", f"result:{n}"} <= set(kvu_subjects)
    for n in (1, 2, 3, 4, 7):
        assert f"phase:{n}" not in kvu_subjects
    group = kvu_subjects["rule:working_group"].text("nl")
    assert (
        OWN in group and "12" in group and "20" in group and "34%" in group and "2 tegen 1" in group
    )
    assert OWN in kvu_subjects["rule:scale"].text("nl") and "1 tot 5" in kvu_subjects[
        "rule:scale"
    ].text("nl")
    assert "sprintkit's rule of thumb" in kvu_subjects["rule:scale"].text("en")


def flipped(method, number, **changes):
    """A copy of ``method`` whose phase ``number`` has other provenance fields."""
    copy = method.model_copy(deep=True)
    phase = copy.phases[number - 1]
    result_changes = {k[7:]: v for k, v in changes.items() if k.startswith("result_")}
    phase_changes = {k: v for k, v in changes.items() if not k.startswith("result_")}
    if result_changes:
        phase.result = phase.result.model_copy(update=result_changes)
    copy.phases[number - 1] = phase.model_copy(update=phase_changes)
    return copy


def test_a_phase_that_changes_provenance_changes_the_reports(molenwijk):
    ctx = ReportContext.of(molenwijk)
    mark = "Sprint 2 Dit is er aan de hand: naam en doel zijn afgeleid, niet uit een CCV-bron."
    for kind in ("sprint", "journey"):
        before = reports.build_report(ctx, kind, phase=2)
        assert mark not in " ".join(before.texts())
        changed = dataclasses.replace(ctx, method=flipped(ctx.method, 2, provenance="inferred"))
        after = reports.build_report(changed, kind, phase=2)
        assert mark in " ".join(after.texts()), kind
        for fmt in reports.FORMATS:
            assert mark in plain(after, fmt), (kind, fmt)
    # and back: sprint 4 read from the source loses its marks
    source = dataclasses.replace(
        ctx, method=flipped(ctx.method, 4, provenance="source", result_provenance="source")
    )
    texts = " ".join(reports.build_report(source, "journey").texts())
    assert "Sprint 4 Interventies bedenken" in texts
    assert "Sprint 4 Interventies bedenken: naam en doel" not in texts
    assert "resultaat 'Ideeën voor interventies'" not in texts


def test_the_ontwerpbrief_marks_its_own_phase_only_when_it_is_inferred(molenwijk):
    ctx = ReportContext.of(molenwijk)
    brief = reports.build_report(ctx, "ontwerpbrief")
    assert INFERRED not in " ".join(brief.texts())  # sprint 3 is in the source
    changed = dataclasses.replace(ctx, method=flipped(ctx.method, 3, result_provenance="inferred"))
    text = " ".join(reports.build_report(changed, "ontwerpbrief").texts())
    assert "Sprint 3 Wijkwensen, resultaat 'Ontwerpbrief': afgeleid, niet uit een CCV-bron." in text


def test_a_glijbaan_level_that_changes_provenance_changes_the_report(molenwijk):
    ctx = ReportContext.of(molenwijk)
    method = ctx.method.model_copy(deep=True)
    method.glijbaan[2] = method.glijbaan[2].model_copy(update={"provenance": "source"})
    text = " ".join(
        reports.build_report(dataclasses.replace(ctx, method=method), "journey").texts()
    )
    assert "Glijbaan, niveau 3" not in text
    assert "Glijbaan, niveau 3 'Onderaan de glijbaan': afgeleid" in " ".join(
        reports.build_report(ctx, "journey").texts()
    )


def test_english_marks(molenwijk):
    report = reports.build_report(molenwijk, "journey", lang="en")
    text = " ".join(report.texts())
    assert (
        "Sprint 4 Devise interventions: name and goal are inferred, not from a CCV source." in text
    )
    assert INFERRED not in text


def test_sprint_header_marks_only_the_result_of_sprint_1(molenwijk):
    from sprintkit.widgets import Workshop
    from sprintkit.widgets.header import make_sprint_header

    ws = Workshop(molenwijk)
    one = make_sprint_header(ws, 1).value
    assert "resultaat &#x27;Beeld van de pijn&#x27;: afgeleid, niet uit een CCV-bron" in one
    assert "Sprint 1 Zien en voelen: naam en doel" not in one
    four = make_sprint_header(ws, 4).value
    assert "Sprint 4 Interventies bedenken: naam en doel zijn afgeleid" in four
    assert "Sprint 2" not in make_sprint_header(ws, 2).value.split("<h3>")[0].split("</h2>")[1]
