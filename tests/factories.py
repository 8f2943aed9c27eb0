"""Small builders of valid test data, shared by the test modules."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


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
    return {k: v for k, v in now.items() if k not in added} == before


def free_port() -> int:
    """A free TCP port on loopback (for real server processes in tests)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def require_chromium() -> str:
    """Debian's chromium for the browser tests: skip without it, but fail under CI."""
    import os
    import shutil
    from pathlib import Path

    import pytest

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: `make test` should have installed it")
        pytest.skip("Debian chromium is not installed (run `make browser`)")
    return chromium


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
