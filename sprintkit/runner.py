"""Run a casus' sprint notebooks headless, in order, into an output folder (``make demo``).

Each notebook is executed with papermill against one shared session store, so the seven
sprints form one journey: sprint N's result is the input of sprint N+1. The output folder gets
the executed notebooks, the figures, the journey export and (when available) the reports.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import _resources
from ._atomic_write import atomic_write, write_text
from .errors import MissingExtraError, SprintkitError
from .i18n import Message, fmt_number, t
from .loading import find_casus, load_casus, load_method
from .model import Casus, Method

__all__ = ["RunResult", "run_casus", "run_training", "notebook_plan", "TRAINING_NOTEBOOK"]

#: The one-day training's notebook template (``sprintkit run --training``).
TRAINING_NOTEBOOK = "trainingsdag.ipynb"


@dataclass
class RunResult:
    """What a run produced."""

    out: Path
    notebooks: list[Path] = field(default_factory=list)
    figures: list[Path] = field(default_factory=list)
    export: Path | None = None
    reports: list[Path] = field(default_factory=list)
    seconds: float = 0.0


def notebook_plan(method: Method, phases: int) -> list[tuple[str, str, dict[str, object]]]:
    """(template, output file, extra parameters) per phase, as the method's ``run:`` says."""
    if method.run is None:
        raise SprintkitError(Message("run.no_notebooks", method=method.id))
    return method.run.plan(phases)


def _progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def run_casus(
    casus: str | Path,
    out: str | Path,
    *,
    through: int | None = None,
    demo: bool = True,
    lang: str = "nl",
    progress: Callable[[str], None] | None = _progress,
) -> RunResult:
    """Execute the notebooks of ``casus`` for phases 1..``through`` into ``out/<casus id>``."""
    folder = find_casus(casus).resolve()
    case = load_casus(folder)
    method = load_method(case.method)
    last = through or len(method.phases)
    if not 1 <= last <= len(method.phases):
        raise SprintkitError(Message("run.bad_through", last=len(method.phases)))
    if demo:
        _check_demo_input(case, method, last)
    # Absolute: the notebooks run with the templates folder as their working directory.
    target = (Path(out) / case.id).resolve()
    (target / "figures").mkdir(parents=True, exist_ok=True)
    store = _fresh_store(target)
    result, started = RunResult(target), time.perf_counter()
    templates = _resources.builtin_dir("notebooks")
    plan = notebook_plan(method, last)
    with _shared_kernel(templates) as execute:
        for i, (name, output_name, extra) in enumerate(plan, 1):
            label = name + (f" ({method.phase_noun.nl} {i})" if extra else "")
            if progress:
                progress(f"[{i}/{len(plan)}] {label} ...")
            output = target / output_name
            params = {
                "casus": str(folder),
                "demo": demo,
                "lang": lang,
                "store": str(store),
                "out": str(target / "figures"),
                **extra,
            }
            execute(templates / name, output, params)
            result.notebooks.append(output)
    result.figures = sorted((target / "figures").glob("*.png"))

    def reports(journey: Any) -> list[Path]:
        from .reports import write_report

        written = []
        for report in journey.method.run.reports if journey.method.run else []:
            for fmt in ("html", "docx"):
                path = target / f"{report.file}.{fmt}"
                written.append(write_report(journey, report.kind, path, fmt, lang=lang).path)
        return written

    result.export, result.reports = _write_outputs(case, store, target, reports)
    return _done(result, started, progress, lang)


def run_training(
    casus: str | Path,
    out: str | Path,
    *,
    lang: str = "nl",
    progress: Callable[[str], None] | None = _progress,
) -> RunResult:
    """Execute the one-day training headless into ``out/<casus id>-training``.

    The training notebook plays the whole day from demo input (invented trainees with their
    own organisations, the skipped phases as stand-ins, 'Wie doet wat?'); the folder gets the
    executed notebook, the journey export, the cooperation report by own organisation and the
    'Wie doet wat?' report (HTML and DOCX).
    """
    from .reports.tvb import write_training_reports
    from .training import training_day

    folder = find_casus(casus).resolve()
    case = load_casus(folder)
    training_day(case)  # refused before a kernel starts when the casus has no training day
    target = (Path(out) / f"{case.id}-training").resolve()
    target.mkdir(parents=True, exist_ok=True)
    store = _fresh_store(target)
    result, started = RunResult(target), time.perf_counter()
    templates = _resources.builtin_dir("notebooks")
    if progress:
        progress(f"[1/1] {TRAINING_NOTEBOOK} ...")
    params = {"casus": str(folder), "demo": True, "lang": lang, "store": str(store), "out": None}
    output = target / TRAINING_NOTEBOOK
    with _shared_kernel(templates) as execute:
        execute(templates / TRAINING_NOTEBOOK, output, params)
    result.notebooks.append(output)
    result.export, result.reports = _write_outputs(
        case,
        store,
        target,
        lambda journey: write_training_reports(journey, target, ("html", "docx"), lang),
    )
    return _done(result, started, progress, lang)


def _fresh_store(target: Path) -> Path:
    """The session store of a run in ``target``, removed first: a fresh journey every run."""
    store = target / "session.sqlite"
    for stale in target.glob("session.sqlite*"):
        stale.unlink()
    return store


def _done(
    result: RunResult, started: float, progress: Callable[[str], None] | None, lang: str
) -> RunResult:
    result.seconds = time.perf_counter() - started
    if progress:
        seconds = fmt_number(round(result.seconds, 1), lang)
        progress(t("run.done", lang, seconds=seconds, target=result.out))
    return result


def _check_demo_input(case: Casus, method: Method, last: int) -> None:
    """Refuse, before any notebook runs, a demo run of phases the casus has no demo input for."""
    missing = [p.number for p in method.phases[:last] if p.number not in case.demo]
    if not missing:
        return
    noun = method.phase_noun
    if missing[0] == 1:
        raise SprintkitError(Message("failure.run.no_demo_first", casus=case.id, noun=noun))
    numbers = ", ".join(map(str, missing))
    raise SprintkitError(
        Message(
            "failure.run.no_demo", casus=case.id, noun=noun, numbers=numbers, last=missing[0] - 1
        )
    )


@contextmanager
def _shared_kernel(cwd: Path) -> Iterator[Callable[[Path, Path, dict[str, object]], None]]:
    """Execute notebooks one after the other in one kernel, so imports are paid once.

    Each notebook is parameterised by papermill (its ``parameters`` cell contract) and run top
    to bottom by nbclient; a failing cell stops the run with the notebook saved for inspection.
    """
    try:
        import papermill  # noqa: F401 - lazy: papermill pulls in jupyter
    except ImportError as exc:  # pragma: no cover - papermill is a core dependency
        raise MissingExtraError(Message("run.needs_papermill")) from exc
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from ._kernel import IPCKernelManager  # over unix sockets, not TCP: no warning, no port

    km = IPCKernelManager(kernel_name="python3")
    km.start_kernel(cwd=str(cwd))

    def execute(template: Path, output: Path, params: dict[str, object]) -> None:
        nb = parameterize_notebook(load_notebook_node(str(template)), params)
        client = NotebookClient(nb, km=km, timeout=600, resources={"metadata": {"path": str(cwd)}})
        try:
            client.execute()
        except CellExecutionError as exc:
            _write_notebook(nb, output)
            error = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
            raise SprintkitError(
                Message("run.notebook_failed", notebook=template.name, output=output, error=error)
            ) from None
        finally:
            # nbclient stops its kernel client only when it owns the kernel manager.
            if client.kc is not None:
                client.kc.stop_channels()
        _write_notebook(nb, output)

    try:
        yield execute
    finally:
        km.shutdown_kernel(now=True)


def _write_notebook(nb: Any, output: Path) -> None:
    import nbformat

    with atomic_write(output) as file:
        nbformat.write(nb, file)


def _write_outputs(
    case: Casus, store: Path, target: Path, reports: Callable[[Any], list[Path]]
) -> tuple[Path, list[Path]]:
    """The journey as JSON (only its owner may read it) and its ``reports``, from one open."""
    from .engine import exchange
    from .store import SQLiteStore
    from .workspace import open_journey

    export = target / "journey.json"
    with SQLiteStore(store) as backend:
        journey = open_journey(case, store=backend)
        data = exchange.export_journey(backend, journey.id)
        write_text(export, json.dumps(data, ensure_ascii=False, indent=1), private=True)
        return export, reports(journey)
