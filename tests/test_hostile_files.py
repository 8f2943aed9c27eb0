"""Hostile and careless input: every failure is one Dutch message with exit 1, never a traceback.

Each case in ``CASES`` builds its files under ``tmp_path`` and names the command line that must
fail, with a piece of the message it must print. The scan tests run every case in-process
(and a few as a real ``python -m sprintkit``) and check: exit code 1, no "Traceback", no
English sentence in the Dutch default, English on request.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from test_messages import english_words

from sprintkit._atomic_write import atomic_write, write_text
from sprintkit.cli import main
from sprintkit.errors import PathError
from sprintkit.new_casus import case_id_for, copy_casus
from sprintkit.store import SQLiteStore, StoreDamaged, StoreNewer, StoreUnusable
from sprintkit.workspace import start_journey

ROOT = Path(__file__).resolve().parent.parent
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


# -- the hostile files ------------------------------------------------------------------------
def good_store(tmp_path: Path) -> Path:
    path = tmp_path / "good.sqlite"
    if not path.exists():
        start_journey("molenwijk", store=SQLiteStore(path)).store.close()
    return path


def _store_variant(tmp_path: Path, name: str, change: Callable[[Path], None]) -> Path:
    path = tmp_path / name
    path.write_bytes(good_store(tmp_path).read_bytes())
    change(path)
    return path


def random_store(tmp_path: Path) -> Path:
    path = tmp_path / "random.sqlite"
    path.write_bytes(os.urandom(8192))
    return path


def truncated_store(tmp_path: Path) -> Path:
    data = good_store(tmp_path).read_bytes()
    path = tmp_path / "truncated.sqlite"
    path.write_bytes(data[: len(data) // 3])
    return path


def _sql(statement: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        db = sqlite3.connect(path)
        db.execute(statement)
        db.commit()
        db.close()

    return change


def dropped_table_store(tmp_path: Path) -> Path:
    return _store_variant(tmp_path, "dropped.sqlite", _sql("DROP TABLE events"))


def newer_store(tmp_path: Path) -> Path:
    return _store_variant(tmp_path, "newer.sqlite", _sql("UPDATE schema_version SET version = 99"))


def folder_without_casus(tmp_path: Path) -> Path:
    folder = tmp_path / "leeg"
    (folder / "demo").mkdir(parents=True, exist_ok=True)
    return folder


def plain_file(tmp_path: Path) -> Path:
    path = tmp_path / "notities.txt"
    path.write_text("geen casus\n", encoding="utf-8")
    return path


def casus_without_demo_from(tmp_path: Path, phase: int) -> Path:
    folder = tmp_path / f"zonder-demo-{phase}"
    if not folder.exists():
        copy_casus("molenwijk", folder)
        for demo in (folder / "demo").glob("sprint-*.yaml"):
            if int(demo.stem.split("-")[1]) >= phase:
                demo.unlink()
    return folder


def source_with_symlink_loop(tmp_path: Path) -> Path:
    source = tmp_path / "bron"
    if not source.exists():
        copy_casus("molenwijk", source)
        (source / "demo" / "lus").symlink_to("../demo")  # demo/lus/lus/lus/...
        (source / "kring").symlink_to("kring")  # a link to itself
    return source


def out(tmp_path: Path, name: str = "uit.html") -> str:
    return str(tmp_path / "uit" / name)


T = Path
#: name -> (command line under tmp_path, a piece of the Dutch message)
CASES: dict[str, tuple[Callable[[T], list[str]], str]] = {
    "validate-no-casus-yaml": (
        lambda p: ["validate", str(folder_without_casus(p))],
        "staat geen casus.yaml",
    ),
    "info-no-casus-yaml": (lambda p: ["info", str(folder_without_casus(p))], "casus.yaml (met id"),
    "report-no-casus-yaml": (
        lambda p: ["report", str(folder_without_casus(p)), "--kind", "journey", "--out", out(p)],
        "staat geen casus.yaml",
    ),
    "run-no-casus-yaml": (
        lambda p: ["run", str(folder_without_casus(p)), "--out", str(p / "run")],
        "staat geen casus.yaml",
    ),
    "status-no-casus-yaml": (
        lambda p: ["journey", "status", str(folder_without_casus(p))],
        "staat geen casus.yaml",
    ),
    "info-file-for-folder": (lambda p: ["info", str(plain_file(p))], "is een bestand"),
    "info-missing-folder": (lambda p: ["info", str(p / "weg" / "casus")], "bestaat niet"),
    "validate-missing": (lambda p: ["validate", str(p / "weg")], "bestaat niet"),
    "status-random-store": (
        lambda p: ["journey", "status", "molenwijk", "--store", str(random_store(p))],
        "geen sessie-opslag van sprintkit",
    ),
    "status-truncated-store": (
        lambda p: ["journey", "status", "molenwijk", "--store", str(truncated_store(p))],
        "is beschadigd",
    ),
    "status-dropped-table": (
        lambda p: ["journey", "status", "molenwijk", "--store", str(dropped_table_store(p))],
        "mist de tabellen van sprintkit",
    ),
    "status-newer-store": (
        lambda p: ["journey", "status", "molenwijk", "--store", str(newer_store(p))],
        "Werk sprintkit bij",
    ),
    "status-store-is-folder": (
        lambda p: ["journey", "status", "molenwijk", "--store", str(p)],
        "--store verwacht een bestand",
    ),
    "report-truncated-store": (
        lambda p: [
            "report",
            "molenwijk",
            "--kind",
            "journey",
            "--out",
            out(p),
            "--store",
            str(truncated_store(p)),
        ],
        "is beschadigd",
    ),  # fmt: skip
    "export-random-store": (
        lambda p: [
            "journey",
            "export",
            "molenwijk",
            "--out",
            out(p, "reis.json"),
            "--store",
            str(random_store(p)),
        ],
        "geen sessie-opslag van sprintkit",
    ),  # fmt: skip
    "start-newer-store": (
        lambda p: ["journey", "start", "molenwijk", "--store", str(newer_store(p))],
        "nieuwere sprintkit",
    ),
    "export-onto-a-folder": (
        lambda p: [
            "journey",
            "export",
            "molenwijk",
            "--out",
            str(p),
            "--store",
            str(good_store(p)),
        ],
        "is een map; geef hier een bestand",
    ),  # fmt: skip
    "import-not-json": (
        lambda p: ["journey", "import", "molenwijk", str(plain_file(p)), "--store", str(p / "s")],
        "is geen JSON",
    ),
    "import-missing-file": (
        lambda p: ["journey", "import", "molenwijk", str(p / "weg.json"), "--store", str(p / "s")],
        "bestaat niet",
    ),
    "new-symlink-loop": (
        lambda p: ["new", str(p / "kopie"), "--from", str(source_with_symlink_loop(p))],
        "symbolische koppeling",
    ),
    "run-without-demo-input": (
        lambda p: ["run", str(casus_without_demo_from(p, 3)), "--out", str(p / "run")],
        "geen demo-invoer voor sprint 3, 4, 5, 6, 7",
    ),
    "run-without-any-demo-input": (
        lambda p: ["run", str(casus_without_demo_from(p, 1)), "--out", str(p / "run")],
        "geen demo-invoer voor sprint 1",
    ),
}


def run_case(name: str, tmp_path: Path, capsys, lang: str | None = None) -> tuple[int, str]:
    build, _ = CASES[name]
    argv = build(tmp_path)
    capsys.readouterr()
    code = main([*(["--lang", lang] if lang else []), *argv])
    captured = capsys.readouterr()
    return code, (captured.out + captured.err).replace(str(tmp_path), "TMP")


# -- the scan: every case, Dutch, exit 1, no traceback ----------------------------------------
@pytest.mark.parametrize("name", sorted(CASES))
def test_every_hostile_case_is_one_dutch_message_and_exit_1(name, tmp_path, capsys):
    code, text = run_case(name, tmp_path, capsys)
    assert code == 1, text
    assert "Traceback" not in text
    assert CASES[name][1] in text, text
    assert not english_words(text), (english_words(text), text)
    assert not (tmp_path / "log").exists(), "an expected failure is not an unexpected one"


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_hostile_case_speaks_english_on_request(name, tmp_path, capsys):
    code, text = run_case(name, tmp_path, capsys, lang="en")
    assert code == 1 and "Traceback" not in text
    assert english_words(text), text


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    ["status-truncated-store", "info-no-casus-yaml", "new-symlink-loop", "export-onto-a-folder"],
)
def test_as_a_real_process_too(name, tmp_path):
    argv = CASES[name][0](tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SPRINTKIT_LOG_DIR": str(tmp_path / "log")}
    env.pop("SPRINTKIT_LANG", None)
    done = subprocess.run(
        [sys.executable, "-m", "sprintkit", *argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    text = (done.stdout + done.stderr).replace(str(tmp_path), "TMP")
    assert done.returncode == 1, text
    assert "Traceback" not in text
    assert CASES[name][1] in text
    assert not english_words(text), text


# -- what the cases leave behind ---------------------------------------------------------------
def test_a_symlink_loop_leaves_no_folder_behind(tmp_path, capsys):
    code, text = run_case("new-symlink-loop", tmp_path, capsys)
    assert code == 1
    assert "lus" in text or "kring" in text  # the message names the link
    assert not (tmp_path / "kopie").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".kopie")] == []


def test_a_link_out_of_the_source_case_is_refused(tmp_path):
    source = tmp_path / "bron"
    copy_casus("molenwijk", source)
    secret = tmp_path / "geheim.yaml"
    secret.write_text("wachtwoord: 1234\n", encoding="utf-8")
    (source / "workforms").mkdir(exist_ok=True)
    (source / "workforms" / "geheim.yaml").symlink_to(secret)
    with pytest.raises(Exception, match="symbolische koppeling") as caught:
        copy_casus(source, tmp_path / "kopie")
    assert "workforms/geheim.yaml" in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bron", "geheim.yaml"]


def test_a_failed_copy_removes_its_hidden_folder(tmp_path, monkeypatch):
    import sprintkit.new_casus as new_casus

    def broken_load(path, *args):
        if ".tmp" in str(path):
            raise KeyboardInterrupt  # Ctrl-C halfway
        return real_load(path, *args)

    real_load = new_casus.load_casus
    monkeypatch.setattr(new_casus, "load_casus", broken_load)
    with pytest.raises(KeyboardInterrupt):
        copy_casus("molenwijk", tmp_path / "kopie")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Zuidoost-Ĳsselkwartier", "zuidoost-ijsselkwartier"),
        ("Café Überweg", "cafe-uberweg"),
        ("Straße am Øresund", "strasse-am-oresund"),
        ("Łódź centrum", "lodz-centrum"),
        ("Ærø / Œuvre", "aero-oeuvre"),
    ],
)
def test_non_ascii_names_become_readable_ids(name, expected):
    assert case_id_for(name) == expected


def test_new_with_a_non_ascii_folder_name(tmp_path, capsys):
    assert main(["new", str(tmp_path / "Zuidoost-Ĳsselkwartier")]) == 0
    assert "'zuidoost-ijsselkwartier'" in capsys.readouterr().out
    assert main(["new", str(tmp_path / "東京")]) == 1
    assert "--id" in capsys.readouterr().err
    assert not (tmp_path / "東京").exists()


# -- the store: failures mapped where they happen ----------------------------------------------
@pytest.mark.parametrize(
    ("make", "error", "key"),
    [
        (random_store, StoreDamaged, "failure.store.not_a_database"),
        (truncated_store, StoreDamaged, "failure.store.damaged"),
        (dropped_table_store, StoreDamaged, "failure.store.tables"),
        (newer_store, StoreNewer, "store.newer"),
    ],
)
def test_store_failures_are_typed_at_the_source(make, error, key, tmp_path):
    path = make(tmp_path)
    with pytest.raises(error) as caught:
        store = SQLiteStore(path, create=False)
        store.read(store.journeys()[0])
    assert caught.value.message.key == key
    assert str(path) in caught.value.text("nl")


def test_a_store_with_text_that_is_not_utf8_is_damaged(tmp_path):
    path = _store_variant(
        tmp_path, "bytes.sqlite", _sql("UPDATE events SET kind = CAST(x'ff00ff' AS TEXT)")
    )
    store = SQLiteStore(path, create=False)
    with pytest.raises(StoreDamaged):
        store.read(store.journeys()[0])


def test_the_newer_store_message_says_what_to_do(tmp_path):
    with pytest.raises(StoreNewer) as caught:
        SQLiteStore(newer_store(tmp_path))
    nl, en = caught.value.text("nl"), caught.value.text("en")
    assert "schema 99" in nl and "Werk sprintkit bij" in nl and "pip install --upgrade" in nl
    assert "Update sprintkit" in en


def test_a_folder_as_store_is_refused_and_nothing_is_made(tmp_path):
    with pytest.raises(StoreUnusable, match="is een map"):
        SQLiteStore(tmp_path)
    assert list(tmp_path.iterdir()) == []


# -- permissions (a root user reads everything: tested through a folder-for-file instead) ------
@pytest.mark.skipif(ROOT_USER, reason="root reads and writes every file")
def test_an_unreadable_casus_file_is_named(tmp_path, capsys):
    folder = tmp_path / "casus"
    copy_casus("molenwijk", folder)
    (folder / "casus.yaml").chmod(0)
    try:
        code, text = run_case_argv(["info", str(folder)], tmp_path, capsys)
    finally:
        (folder / "casus.yaml").chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert code == 1 and "Geen toegang tot" in text and "Traceback" not in text


@pytest.mark.skipif(ROOT_USER, reason="root reads and writes every file")
def test_an_unreadable_store_is_named(tmp_path, capsys):
    store = good_store(tmp_path)
    store.chmod(0)
    try:
        code, text = run_case_argv(
            ["journey", "status", "molenwijk", "--store", str(store)], tmp_path, capsys
        )
    finally:
        store.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert code == 1 and "Geen toegang tot de sessie-opslag" in text


@pytest.mark.skipif(ROOT_USER, reason="root reads and writes every file")
def test_an_unwritable_output_folder_is_named(tmp_path, capsys):
    folder = tmp_path / "dicht"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        argv = ["report", "molenwijk", "--demo", "--kind", "journey", "--out", str(folder / "r.md")]
        code, text = run_case_argv(argv, tmp_path, capsys)
    finally:
        folder.chmod(stat.S_IRWXU)
    assert code == 1 and "Geen toegang tot" in text
    assert list(folder.iterdir()) == []


def test_a_folder_where_a_file_belongs_is_named(tmp_path):
    with pytest.raises(PathError) as caught:
        write_text(tmp_path, "x")
    assert caught.value.message.key == "failure.path.is_folder"
    assert [p.name for p in tmp_path.iterdir()] == []


def run_case_argv(argv: list[str], tmp_path: Path, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(argv)
    captured = capsys.readouterr()
    return code, (captured.out + captured.err).replace(str(tmp_path), "TMP")


# -- unexpected errors and Ctrl-C --------------------------------------------------------------
def test_an_unexpected_error_names_the_log_file_with_the_traceback(tmp_path, capsys, monkeypatch):
    import sprintkit.summary

    def broken(*args, **kwargs):
        raise KeyError("kapotte sleutel")

    monkeypatch.setattr(sprintkit.summary, "casus_summary", broken)
    code, text = run_case_argv(["info", "molenwijk"], tmp_path, capsys)
    assert code == 1
    assert "Er ging iets mis dat sprintkit niet verwachtte (KeyError)" in text
    assert "Traceback" not in text and not english_words(text)
    logs = list((tmp_path / "log").glob("sprintkit-*.log"))
    assert len(logs) == 1 and f"TMP/log/{logs[0].name}" in text
    logged = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in logged and "kapotte sleutel" in logged and "sprintkit info" in logged
    assert stat.S_IMODE(logs[0].stat().st_mode) == 0o600


def test_a_second_failure_appends_to_the_same_log(tmp_path, capsys, monkeypatch):
    import sprintkit.summary

    monkeypatch.setattr(sprintkit.summary, "casus_summary", lambda *a: 1 / 0)
    assert main(["info", "molenwijk"]) == 1
    assert main(["--lang", "en", "info", "molenwijk"]) == 1
    err = capsys.readouterr().err
    assert "Something went wrong that sprintkit did not expect (ZeroDivisionError)" in err
    (log,) = (tmp_path / "log").glob("*.log")
    assert log.read_text(encoding="utf-8").count("ZeroDivisionError: division by zero") == 2


def test_a_log_folder_that_cannot_be_made_still_gives_a_message(tmp_path, capsys, monkeypatch):
    import sprintkit.summary

    blocked = tmp_path / "bestand"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("SPRINTKIT_LOG_DIR", str(blocked / "log"))  # under a file: cannot exist
    monkeypatch.setattr(sprintkit.summary, "casus_summary", lambda *a: {}["x"])
    code, text = run_case_argv(["info", "molenwijk"], tmp_path, capsys)
    assert code == 1 and "(KeyError)" in text and "konden niet worden bewaard" in text


def test_ctrl_c_exits_130_with_a_short_dutch_line(tmp_path, capsys, monkeypatch):
    import sprintkit.summary

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(sprintkit.summary, "casus_summary", interrupted)
    code, text = run_case_argv(["info", "molenwijk"], tmp_path, capsys)
    assert code == 130
    assert text.strip() == "Afgebroken. Wat al was opgeslagen, blijft bewaard."


# -- widgets: a button never shows a traceback --------------------------------------------------
def test_a_widget_button_shows_the_message_and_logs_the_traceback(tmp_path, monkeypatch):
    pytest.importorskip("ipywidgets")
    import sprintkit.kinds.board.widget as board_widget
    from sprintkit.widgets import Workshop, make_canvas

    journey = start_journey("molenwijk", store=SQLiteStore(":memory:"))
    ws = Workshop(journey, "nl")
    board = make_canvas(ws, journey.start_run("praktijksafari"))

    def broken(*args, **kwargs):
        raise KeyError("bord stuk")

    monkeypatch.setattr(board_widget, "add_note", broken)
    board.text.value, board.author.value = "Donker", "dani"
    board.add.click()
    pane = "".join(o.get("text", "") for o in ws.log.outputs)
    for shown in (board.status.value, pane):
        assert "Er ging iets mis dat sprintkit niet verwachtte (KeyError)" in shown
        assert "Traceback" not in shown
    (log,) = (tmp_path / "log").glob("*.log")
    assert str(log) in pane
    logged = log.read_text(encoding="utf-8")
    assert "Traceback" in logged and "bord stuk" in logged and "_add" in logged


def test_a_failed_poll_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    pytest.importorskip("ipywidgets")
    from sprintkit.widgets import Workshop

    journey = start_journey("molenwijk", store=SQLiteStore(":memory:"))
    ws = Workshop(journey, "nl")
    monkeypatch.setattr(journey.store, "last_seq", lambda j: {}["weg"])
    assert ws.poll_once() == 0
    pane = "".join(o.get("text", "") for o in ws.log.outputs)
    assert "Bijwerken vanuit de sessie is mislukt" in pane and "(KeyError)" in pane
    assert "Traceback" not in pane


# -- atomic outputs ----------------------------------------------------------------------------
def test_a_failing_writer_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "verslag.html"
    target.write_text("oud", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(target) as file:
        file.write("half nieuw")
        raise RuntimeError("renderen mislukt")
    assert target.read_text(encoding="utf-8") == "oud"
    assert [p.name for p in tmp_path.iterdir()] == ["verslag.html"]


def test_an_atomic_file_gets_ordinary_permissions(tmp_path):
    target = write_text(tmp_path / "nieuw.md", "x")
    assert stat.S_IMODE(target.stat().st_mode) & 0o044 == 0o044 & ~_umask()


def _umask() -> int:
    from sprintkit._atomic_write import umask

    return umask()


_FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from sprintkit.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kind", "name"),
    [("journey", "verslag.html"), ("journey", "verslag.docx"), ("journey", "verslag.md")],
)
def test_a_full_disk_leaves_the_old_report_whole(kind, name, tmp_path):
    target = tmp_path / name
    target.write_bytes(b"OUD")
    argv = ["report", "molenwijk", "--demo", "--kind", kind, "--out", str(target)]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SPRINTKIT_LOG_DIR": str(tmp_path / "log")}
    env.pop("SPRINTKIT_LANG", None)
    done = subprocess.run(
        [sys.executable, "-c", _FULL_DISK, "2048", *argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=180,
    )
    text = (done.stdout + done.stderr).replace(str(tmp_path), "TMP")
    assert done.returncode == 1, text
    assert "Traceback" not in text and not english_words(text), text
    # the report, or (Markdown) its first figure, which is written before the report
    assert re.search(r"TMP/verslag[-\w]*\.\w+ is niet geschreven", text), text
    assert target.read_bytes() == b"OUD"
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temp file, no figures


@pytest.mark.slow
def test_a_full_disk_during_export_leaves_nothing(tmp_path):
    store = tmp_path / "demo.sqlite"
    journey = start_journey("molenwijk", store=SQLiteStore(store), at_sprint=5, demo=True)
    journey.store.close()
    target = tmp_path / "uit" / "reis.json"
    argv = ["journey", "export", "molenwijk", "--store", str(store), "--out", str(target)]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SPRINTKIT_LOG_DIR": str(tmp_path / "log")}
    limit = 64 * 1024  # room for the store's shared-memory file (32 KiB), not for the export
    assert store.stat().st_size > limit  # the export (about 130 KiB) will not fit either
    done = subprocess.run(
        [sys.executable, "-c", _FULL_DISK, str(limit), *argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=180,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "niet geschreven" in done.stderr
    assert list((tmp_path / "uit").iterdir()) == []


def test_the_limit_trick_gives_efbig_here(tmp_path):
    """Guard for the guard: RLIMIT_FSIZE must make a write fail with EFBIG on this machine."""
    code = (
        "import resource, signal, errno\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))\n"
        f"file = open({str(tmp_path / 'x')!r}, 'wb')\n"
        "try:\n"
        "    file.write(b'x' * 1000)\n"
        "    file.flush()\n"
        "except OSError as exc:\n"
        "    print(errno.errorcode[exc.errno])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "EFBIG"


# -- notebooks: a sprintkit error in a cell reads as a message ----------------------------------
@pytest.fixture
def shell(monkeypatch):
    pytest.importorskip("ipywidgets")
    from IPython.core.interactiveshell import InteractiveShell

    from sprintkit.widgets import _notebook

    monkeypatch.setattr(_notebook, "_lang", ["nl"])
    shell = InteractiveShell.instance()
    assert _notebook.install(shell)
    yield shell
    InteractiveShell.clear_instance()


def test_a_sprintkit_error_in_a_cell_is_a_message(shell, capsys, tmp_path):
    result = shell.run_cell(
        f"from sprintkit.widgets import open_sprint\nopen_sprint({str(tmp_path)!r}, 1)"
    )
    text = capsys.readouterr().out.replace(str(tmp_path), "TMP")
    assert result.error_in_exec is not None  # the cell still fails (papermill sees it)
    assert "In TMP staat geen casus.yaml" in text and "Traceback" not in text


def test_an_unexpected_error_in_a_cell_names_the_log(shell, capsys, tmp_path):
    # a helper called with nonsense fails inside sprintkit (AttributeError on None)
    shell.run_cell("from sprintkit.summary import casus_summary\ncasus_summary(None, 'nl')")
    text = capsys.readouterr().out
    assert "(AttributeError)" in text and "Traceback" not in text
    (log,) = (tmp_path / "log").glob("*.log")
    assert str(log) in text and "Traceback" in log.read_text(encoding="utf-8")


def test_an_error_in_the_persons_own_code_keeps_its_traceback(shell, capsys):
    shell.run_cell("def mine():\n    return 1 / 0\nmine()")
    assert "ZeroDivisionError" in capsys.readouterr().out


def test_the_roster_matches_names_with_the_same_folding():
    from sprintkit.engine.roster import normalise, person_slug

    assert normalise("Łukasz Østergaard") == normalise("Lukasz Ostergaard")
    assert person_slug("Æsa Ĳzerman") == "aesa-ijzerman"
