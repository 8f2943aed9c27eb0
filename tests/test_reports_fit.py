"""The one-A4 estimate of the ontwerpbrief, checked against the house template and a browser."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sprintkit import reports
from sprintkit.engine import Journey
from sprintkit.pagefit import HOUSE, FitPart, count_lines, estimate_fit, fit_warning
from sprintkit.store import SQLiteStore
from sprintkit.workspace import demo_journey, start_journey

CHROMIUM = Path("/usr/bin/chromium")


WORD = st.text(alphabet="abcdefgh", min_size=1, max_size=8)


@given(st.lists(st.lists(WORD, max_size=40), min_size=1, max_size=5), st.integers(8, 60))
def test_count_lines_matches_a_plain_word_wrap(paragraphs, width):
    import textwrap

    text = "\n".join(" ".join(words) for words in paragraphs)
    expected = sum(max(1, len(textwrap.wrap(" ".join(w), width))) for w in paragraphs)
    assert count_lines(text, width) == expected


def test_count_lines_breaks_words_longer_than_a_line():
    assert count_lines("a" * 25, 10) == 3
    assert count_lines("ab " + "c" * 20, 10) == 3


def test_estimate_uses_the_house_template():
    assert HOUSE.chars_per_line() == int(HOUSE.text_width_pt / (HOUSE.char_em * HOUSE.body_pt))
    one_line = estimate_fit([FitPart("Tijdspad", ("x",))])
    two_lines = estimate_fit([FitPart("Tijdspad", ("x " * HOUSE.chars_per_line(),))])
    assert two_lines.height_pt - one_line.height_pt == HOUSE.line_pt


def test_warning_names_the_longest_parts_first():
    parts = [
        FitPart("Tijdspad", ("kort",)),
        FitPart("Gevonden feiten over het probleem", tuple("feit " * 60 for _ in range(6))),
        FitPart("Toelichting op de eerdere sprints", ("woord " * 900,)),
    ]
    estimate = estimate_fit(parts)
    assert not estimate.fits and estimate.lines_over > 0
    warning = fit_warning(estimate)
    assert warning.startswith("De ontwerpbrief past niet op één A4 (ca. 1,")
    assert warning.index("'Toelichting op de eerdere sprints'") < warning.index("'Gevonden feiten")
    assert "Tijdspad" not in warning
    assert fit_warning(estimate, "en").startswith("The design brief does not fit on one A4 page")
    assert fit_warning(estimate_fit(parts[:1])) is None


def _long_brief() -> Journey:
    journey = start_journey("molenwijk", store=SQLiteStore(":memory:"), at_sprint=3, demo=True)
    facts = [f"Feit {i}: " + "meldingen en cijfers uit de wijk " * 6 for i in range(14)]
    journey.set_result("feiten", facts)
    journey.set_result("probleem", "Het probleem is groot. " * 60)
    return journey


def test_a_long_ontwerpbrief_gets_a_warning_naming_its_parts():
    report = reports.build_report(_long_brief(), "ontwerpbrief")
    estimate = reports.ontwerpbrief_fit(report)
    assert not estimate.fits and 1.0 < estimate.pages < 2.0
    warning = report.warnings[0]
    assert "'Gevonden feiten over het probleem' (ca. " in warning
    assert "'Wat is het probleem? (ontwerp van het probleem)' (ca. " in warning


def _printed_pages(html: str, tmp_path: Path) -> int:
    page, pdf = tmp_path / "brief.html", tmp_path / "brief.pdf"
    page.write_text(html, encoding="utf-8")
    args = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}", page.as_uri(),
    ]  # fmt: skip
    subprocess.run(args, capture_output=True, timeout=120, check=True)
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (apt install chromium)",
)
def test_the_estimate_agrees_with_a_printed_page(tmp_path):
    """Print the HTML (whose print stylesheet is the house template) and count the pages."""
    fits = reports.build_report(demo_journey("molenwijk"), "ontwerpbrief")
    assert reports.ontwerpbrief_fit(fits).fits
    assert _printed_pages(reports.render(fits, "html").content.decode(), tmp_path) == 1
    long = reports.build_report(_long_brief(), "ontwerpbrief")
    assert not reports.ontwerpbrief_fit(long).fits
    assert _printed_pages(reports.render(long, "html").content.decode(), tmp_path) == 2
