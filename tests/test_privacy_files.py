"""Files only their owner may read, CSV cells that are never formulas, no control characters."""

from __future__ import annotations

import csv
import io
import os
import stat

from sprintkit import reports
from sprintkit.cli import main
from sprintkit.engine import exchange
from sprintkit.kinds.board.actions import add_note
from sprintkit.privacy import csv_cell, safe_text
from sprintkit.reports.render_plain import render_plain
from sprintkit.store import SQLiteStore
from sprintkit.workspace import start_journey
from tests.test_reports_support import docx_text


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_store_its_wal_and_exports_are_private(tmp_path, capsys):
    old = os.umask(0o022)  # an ordinary umask: files would be 0644 without care
    try:
        path = tmp_path / "nieuw" / "map" / "sessie.sqlite"
        j = start_journey("molenwijk", store=path)
        add_note(j, j.start_run("praktijksafari"), "Donker bij de tunnel", author="ria_brouwer")
        assert mode(path) == 0o600 and mode(f"{path}-wal") == 0o600
        assert mode(f"{path}-shm") == 0o600
        assert mode(path.parent) == 0o700 and mode(path.parent.parent) == 0o700
        for fmt, anonymise in (("json", []), ("json", ["--anoniem"]), ("notes-csv", [])):
            out = tmp_path / "uit" / f"export-{fmt}-{len(anonymise)}"
            args = ["journey", "export", "molenwijk", "--store", str(path), "--out", str(out)]
            assert main([*args, "--format", fmt, *anonymise]) == 0
            assert mode(out) == 0o600 and mode(out.parent) == 0o700
        named = reports.write_report(j, "sprint", tmp_path / "r.html", phase=1)
        shared = reports.write_report(j, "sprint", tmp_path / "a.html", phase=1, anonymise=True)
        assert mode(named.path) == 0o600 and mode(shared.path) == 0o644
    finally:
        os.umask(old)


HOSTILE = [
    '=HYPERLINK("http://evil.example","klik")',
    "+31 6 1234",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\x1b=1+1",
]


def test_csv_cells_never_start_a_formula(molenwijk):
    j = start_journey(molenwijk, store=SQLiteStore(":memory:"))
    run = j.start_run("praktijksafari")
    for text in HOSTILE:
        add_note(j, run, text.replace("\x1b", ""), author="ria_brouwer")
    for anonymiser in (None, exchange.state_anonymiser(j.casus, j.state)):
        rows = list(csv.DictReader(io.StringIO(exchange.notes_csv(j.state, anonymiser))))
        assert len(rows) == len(HOSTILE)
        for row in rows:
            assert row["text"].startswith("'") or row["text"].startswith("deelnemer-"), row
    for text in HOSTILE:
        assert str(csv_cell(text))[0] not in "=+-@\t\r", text
    assert csv_cell(5) == 5 and csv_cell("Donker") == "Donker"


SNEAKY = "Noor\u202egnp.exe zegt\u2066 hoi\u2069\x1b[2J\x1b]0;titel\x07 klaar\x9b31m"


def test_bidi_and_control_characters_reach_no_renderer():
    from sprintkit.reports.blocks import Paragraph, Report, Section

    bad = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068"]
    bad += ["\u2069", "\x1b", "\x07", "\x9b"]
    report = Report(kind="sprint", title="Verslag", lang="nl")
    report.sections.append(Section("Notities", [Paragraph(SNEAKY)]))
    shown = {
        "html": reports.render(report, "html").content.decode(),
        "md": reports.render(report, "md").content.decode(),
        "docx": docx_text(reports.render(report, "docx").content),
        "terminal": render_plain([Paragraph(SNEAKY)]),
        "safe_text": safe_text(SNEAKY),
    }
    for name, text in shown.items():
        assert "gnp.exe" in text, name  # the words stay ...
        assert not [c for c in bad if c in text], name  # ... their controls do not


def test_the_cli_prints_no_control_characters(tmp_path, capsys):
    path = tmp_path / "s.sqlite"
    j = start_journey("molenwijk", store=path, label="groep\u202eA")
    j.store.close()
    assert main(["journey", "status", "molenwijk", "--store", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\u202e" not in out and "groepA" in out
