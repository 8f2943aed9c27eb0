"""Small builders of valid test data, shared by the test modules."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: The smallest valid casus.yaml (no actors, no demo input).
MINIMAL_CASUS = """\
schema_version: 1
id: proef
name: Proef
fictional: true
method: wijkaanpak
description: Een proefcasus.
area: {municipality: Testdorp, inhabitants: 100}
"""


def workform_data(slug: str = "x", **extra: Any) -> dict[str, Any]:
    """The plain data of a minimal valid work form (a one-column board in wijkaanpak sprint 1)."""
    return {
        "slug": slug,
        "name": {"nl": slug, "en": slug},
        "phases": [1],
        "description": "d",
        "yield": "y",
        "participants": "p",
        "group_size": {"min": 2, "max": 8},
        "duration_minutes": {"min": 30, "max": 60},
        "steps": ["s"],
        "source": {"title": "t"},
        "licence": "MIT",
        "canvas": {"kind": "board", "columns": [{"key": "a", "label": "A"}]},
        **extra,
    }


#: the ten people of the Nachtkwartier's working group (step 2 of its demo)
NACHTKWARTIER_MEMBERS = [
    "projectleider",
    "wijkagent",
    "khn_voorzitter",
    "clubeigenaar",
    "cafe_eigenaar",
    "snackbar_eigenaar",
    "restaurant_eigenaar",
    "brandveiligheid",
    "bewoner",
    "taxi_vertegenwoordiger",
]


def same_state_with_new_fields_empty(state: Any, before: dict[str, Any]) -> bool:
    """A refold equals a state saved earlier; fields added to the state since hold defaults."""
    from sprintkit.model.state import JourneyState

    now = state.model_dump(mode="json")
    empty = JourneyState(journey="-", casus="-", method="-").model_dump(mode="json")
    added = set(now) - set(before)
    assert all(now[key] == empty[key] for key in added), {k: now[k] for k in added}
    return _without_new_defaults({k: v for k, v in now.items() if k not in added}, before) == before


def _without_new_defaults(now: Any, before: Any) -> Any:
    """``now`` without keys that nested models gained since (a run's ``stand_in: false``)."""
    if isinstance(now, dict) and isinstance(before, dict):
        out = {}
        for key, value in now.items():
            if key not in before:
                assert value in (None, False, [], {}), (key, value)
                continue
            out[key] = _without_new_defaults(value, before[key])
        return out
    if isinstance(now, list) and isinstance(before, list) and len(now) == len(before):
        return [_without_new_defaults(a, b) for a, b in zip(now, before, strict=True)]
    return now


def free_port() -> int:
    """A free TCP port on loopback (for real server processes in tests)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def chromium_path() -> str | None:
    """Debian's chromium, or ``None`` when it is not installed (``make browser`` installs it)."""
    import shutil
    from pathlib import Path

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    return chromium if Path(chromium).exists() else None


def require_chromium() -> str:
    """Debian's chromium for the browser tests: skip without it, but fail under CI."""
    import os

    import pytest

    chromium = chromium_path()
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: `make test` should have installed it")
        pytest.skip("Debian chromium is not installed (run `make browser`)")
    return chromium


#: Chromium flags for the browser tests: no sandbox (containers), and nothing that phones home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch_chromium(playwright: Any) -> Any:
    """Debian's chromium driven by Playwright (no browser download), loopback only."""
    chromium = chromium_path() or require_chromium()  # a test skips without it
    return playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)


LAB_TOKEN = "sprintkit-test"


def copy_notebook(folder: Any, notebook: str, params: str) -> None:
    """Copy ``notebooks/<notebook>`` into ``folder`` with ``params`` added to its parameters."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    nb = json.loads((root / "notebooks" / notebook).read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
    cell["source"] = "".join(cell["source"]) + "\n" + params
    (Path(folder) / notebook).write_text(json.dumps(nb), encoding="utf-8")


def jupyterlab(folder: Any, notebook: str, params: str, settings: bool = False) -> Any:
    """Start JupyterLab on loopback over a copy of ``notebooks/<notebook>`` in ``folder``.

    ``params`` is added to the end of the notebook's parameters cell (so it overrides the
    defaults it names and keeps the others). ``settings`` starts JupyterLab with the
    repository's shipped lab settings (``make lab``: ``jupyter/settings``). A context manager
    yielding the base URL; the server is stopped on exit. Config and runtime files stay inside
    ``folder``.
    """
    import contextlib
    import os
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    import pytest

    @contextlib.contextmanager
    def running() -> Any:
        root = Path(__file__).resolve().parent.parent
        copy_notebook(folder, notebook, params)
        port = free_port()
        env = {
            **os.environ,
            "JUPYTER_CONFIG_DIR": str(Path(folder) / "cfg"),
            "JUPYTER_RUNTIME_DIR": str(Path(folder) / "rt"),
            "JUPYTER_PLATFORM_DIRS": "1",
        }
        if settings:  # as `make lab` starts it: a copy of the shipped settings
            import shutil

            shutil.copytree(root / "jupyter" / "settings", Path(folder) / "lab-settings")
            env["JUPYTERLAB_SETTINGS_DIR"] = str(Path(folder) / "lab-settings")
            env["JUPYTERLAB_WORKSPACES_DIR"] = str(Path(folder) / "workspaces")
            shutil.copytree(root / "jupyter" / "custom", Path(folder) / "cfg" / "custom")
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter",
                "lab",
                "--no-browser",
                "--ip=127.0.0.1",
                f"--port={port}",
                f"--IdentityProvider.token={LAB_TOKEN}",
                f"--ServerApp.root_dir={folder}",
                "--allow-root",
                "--LabApp.news_url=",
                "--LabApp.extension_manager=readonly",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                *(["--LabApp.custom_css=True"] if settings else []),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                try:
                    urllib.request.urlopen(f"{base}/api/status?token={LAB_TOKEN}", timeout=2)
                    break
                except OSError:
                    time.sleep(0.5)
            else:
                pytest.fail("JupyterLab did not start")
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

    return running()


def run_all_until_visible(page: Any, target: Any, failure_shot: Any, attempts: int = 4) -> None:
    """Run all cells until ``target`` shows; on a busy machine the first click can come early.

    Running the cells again is harmless: the notebook reopens the same journey.
    """
    import pytest
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(attempts):
        # a kernel that starts slowly on a busy machine makes JupyterLab ask which kernel to
        # use ("Select Kernel"): take the notebook's own, as a person would
        dialog = page.locator(".jp-Dialog .jp-mod-accept")
        if dialog.count():
            dialog.first.click()
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            target.wait_for(timeout=40_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    page.screenshot(path=str(failure_shot))
    pytest.fail(f"the notebook never showed its widgets after {attempts} runs; see {failure_shot}")


@contextmanager
def hang_guard(seconds: float = 10.0) -> Iterator[None]:
    """Fail with TimeoutError when the block runs longer than ``seconds`` (a hang, not a speed
    check: the bound is generous). SIGALRM, so main thread and Unix only, as pytest runs."""
    import signal

    def _raise(signum: int, frame: Any) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


#: A phone in the browser tests: a small mobile viewport with touch.
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def phone_writes(browser: Any, join: str, code: str, name: str, text: str, number: int) -> Any:
    """A phone joins the room at ``join`` with ``code`` and ``name`` and adds note ``text``.

    Returns ``(shown name, page)``: without a name the room calls it "Deelnemer N".
    """
    from playwright.sync_api import expect

    wait = 30_000
    page = browser.new_context(**PHONE).new_page()
    page.goto(join)
    page.locator("#code").fill(code)
    page.locator("#name").fill(name)
    page.get_by_role("button", name="Meedoen").click()
    shown = name or f"Deelnemer {number}"
    expect(page.get_by_text(f"Je doet mee als {shown}.")).to_be_visible(timeout=wait)
    page.locator("#text").fill(text)
    page.get_by_role("button", name="Notitie toevoegen").click()
    expect(page.locator("ul.notes li", has_text=text)).to_have_count(1, timeout=wait)
    return shown, page


def live_params(store: Any, casus: str = "molenwijk", lang: str = "nl") -> str:
    """The parameters cell of a sprint notebook run live on ``store`` (no demo, no output)."""
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "casus" / casus
    return f'casus = "{folder}"\ndemo = False\nlang = "{lang}"\nstore = "{store}"\nout = None\n'


def serve_process(*args: str, port: int, env: Any = None) -> Any:
    """``sprintkit <args> --port PORT`` as a real server process, ready to answer.

    A context manager yielding ``(process, first line)``: the contract's JSON line has been
    read and ``/scherm`` answers on loopback, under the path of the line's ``url`` (a server
    with ``--prefix`` answers only there; a hang guard of 20 s, not a timing). On exit a
    process still running gets SIGTERM (then SIGKILL), and its pipes are closed.
    """
    import contextlib
    import json
    import subprocess
    import sys
    import time
    import urllib.parse
    import urllib.request

    import pytest

    @contextlib.contextmanager
    def running() -> Any:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sprintkit.cli", *args, "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        try:
            first = json.loads(proc.stdout.readline())
            prefix = urllib.parse.urlsplit(first["url"]).path
            deadline = time.monotonic() + 20  # the first line comes before uvicorn listens
            while True:
                try:
                    ready = f"http://127.0.0.1:{port}{prefix}/scherm"
                    urllib.request.urlopen(ready, timeout=2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        pytest.fail("sprintkit serve did not start")
                    time.sleep(0.1)
            yield proc, first
        finally:
            terminate(proc)
            proc.communicate()

    return running()


def terminate(proc: Any, timeout: float = 10) -> None:
    """SIGTERM to a process still running, SIGKILL if it has not ended ``timeout`` s later."""
    import signal
    import subprocess

    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def capturing_journey(path: Any) -> tuple[Any, str]:
    """A Molenwijk journey in a new SQLite store at ``path``, its Praktijksafari capturing."""
    from sprintkit.store import SQLiteStore
    from sprintkit.workspace import start_journey

    journey = start_journey("molenwijk", store=SQLiteStore(path))
    run = journey.start_run("praktijksafari")
    journey.set_stage("capture", run)
    return journey, run


def execute_notebook(
    name: str, out: Any, parameters: dict[str, Any] | None = None, **extra: Any
) -> None:
    """Run ``notebooks/<name>`` headless under papermill into ``out`` (kernel over unix sockets)."""
    from pathlib import Path

    import papermill as pm

    from sprintkit._kernel import IPCKernelManager

    notebooks = Path(__file__).resolve().parent.parent / "notebooks"
    pm.execute_notebook(
        str(notebooks / name),
        str(out),
        parameters=parameters,
        cwd=str(notebooks),
        progress_bar=False,
        kernel_name="python3",
        kernel_manager_class=IPCKernelManager,
        **extra,
    )
