"""Mutated shipped files never crash a loader: it returns, or raises located problems.

Each example copies a shipped file (into a fresh folder, so no cache sees an older version),
applies a few random mutations (delete or duplicate a line, change a value's type, add anchors
and aliases, add tags, insert random bytes, truncate), and loads it through the public loader
of its kind and through ``validate_path`` (what ``sprintkit validate`` does). Derandomised and
without an example database, so every run tries the same files.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from factories import hang_guard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sprintkit.errors import FileValidationError, SprintkitError
from sprintkit.kvu.measures import load_measures
from sprintkit.loading import load_casus, load_method, load_workform
from sprintkit.validate_paths import validate_path

ROOT = Path(__file__).resolve().parent.parent
WORKFORMS = sorted((ROOT / "workforms").glob("*.yaml"))
MEASURES = sorted((ROOT / "workforms" / "maatregelen").glob("*.yaml"))
METHODS = sorted((ROOT / "sprintkit" / "methods").glob("*.yaml"))
MOLENWIJK = ROOT / "casus" / "molenwijk"
NACHTKWARTIER = ROOT / "casus" / "nachtkwartier"

#: about 40 s in all on this machine: a casus load (~0.1 s) costs ten times a single file's
FUZZ = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
FUZZ_CASUS = settings(FUZZ, max_examples=100)

#: values of another type (or no valid value at all) for "key: value" and "- item" lines
VALUES = [
    "[]", "{}", "42", "-1", "3.5", "~", "ja", "true", "''", "x", "[a, b]", "{a: 1}",
    "2024-13-45", "2024-05-01", "1e999", ".nan", "9" * 60, "=", "<<", "*nope", "@x", "'open",
    "[1, 2", "a: b", "{<<: 5}", "- a", "!!int x", "|",
]  # fmt: skip
TAGS = [
    "!!python/object/apply:os.system", "!foo", "!!binary", "!!set", "!!omap", "!!str",
    "!!int", "!!float", "!!bool", "!!timestamp", "!!null", "!!map", "!!seq", "!",
]  # fmt: skip
INDEX = st.integers(min_value=0, max_value=2**16)
MUTATION = st.one_of(
    st.tuples(st.just("delete"), INDEX),
    st.tuples(st.just("duplicate"), INDEX),
    st.tuples(st.just("value"), INDEX, st.sampled_from(VALUES)),
    st.tuples(st.just("alias"), INDEX, INDEX),
    st.tuples(st.just("tag"), INDEX, st.sampled_from(TAGS)),
    st.tuples(st.just("bytes"), INDEX, st.binary(min_size=1, max_size=6)),
    st.tuples(st.just("truncate"), INDEX),
)
MUTATIONS = st.lists(MUTATION, min_size=1, max_size=4)


def _set_value(line: bytes, value: bytes) -> bytes:
    """``line`` with its value replaced (a "key: value" or "- item" line), else unchanged."""
    if b": " in line or line.rstrip().endswith(b":"):
        key = line.split(b":", 1)[0]
        return key + b": " + value
    if line.lstrip().startswith(b"- "):
        return line[: line.index(b"- ") + 2] + value
    return line


def mutate(data: bytes, mutations: list[tuple]) -> bytes:
    for kind, where, *extra in mutations:
        lines = data.split(b"\n")
        i = where % len(lines)
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "value":
            lines[i] = _set_value(lines[i], extra[0].encode())
        elif kind == "alias":  # an anchor on one value, an alias to it on another
            j = extra[0] % len(lines)
            anchored = _set_value(lines[i], b"&fz " + lines[i].split(b": ", 1)[-1])
            lines[i] = anchored if anchored != lines[i] else lines[i] + b" &fz"
            lines[j] = _set_value(lines[j], b"*fz")
        elif kind == "tag":
            value = lines[i].split(b": ", 1)[-1] if b": " in lines[i] else b""
            lines[i] = _set_value(lines[i], extra[0].encode() + b" " + value)
        elif kind == "bytes":
            at = where % (len(data) + 1)
            data = data[:at] + extra[0] + data[at:]
            continue
        elif kind == "truncate":
            data = data[: where % (len(data) + 1)]
            continue
        data = b"\n".join(lines)
    return data


def assert_located(exc: SprintkitError) -> None:
    """Every problem names a file that exists and says something; other errors say something."""
    if isinstance(exc, FileValidationError):
        assert exc.problems, exc
        for problem in exc.problems:
            assert Path(problem.path).is_file(), problem
            assert problem.message.strip(), problem
            assert problem.line >= 0 and problem.col >= 0, problem
            assert problem.format().startswith(problem.path)
    else:
        assert exc.text().strip()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def _load_and_validate(load, target: Path) -> None:
    """``load(target)`` returns or raises located problems; ``validate_path`` agrees."""
    with hang_guard(10):
        try:
            load(target)
            raised = False
        except SprintkitError as exc:
            assert_located(exc)
            raised = isinstance(exc, FileValidationError)
        problems = validate_path(target)
    for problem in problems:
        assert Path(problem.path).is_file(), problem
    if raised:
        assert problems, "the loader refused what validate_path accepts"


def _fresh(workdir: Path) -> Path:
    return Path(tempfile.mkdtemp(dir=workdir))


@given(source=st.sampled_from(WORKFORMS), mutations=MUTATIONS)
@FUZZ
def test_work_form_file(workdir, source, mutations):
    target = _fresh(workdir) / "workforms" / source.name
    target.parent.mkdir()
    target.write_bytes(mutate(source.read_bytes(), mutations))
    _load_and_validate(load_workform, target)


@given(source=st.sampled_from(MEASURES), mutations=MUTATIONS)
@FUZZ
def test_measure_file(workdir, source, mutations):
    folder = _fresh(workdir) / "maatregelen"
    folder.mkdir()
    (folder / source.name).write_bytes(mutate(source.read_bytes(), mutations))
    _load_and_validate(load_measures, folder)


@given(source=st.sampled_from(METHODS), mutations=MUTATIONS)
@FUZZ
def test_method_file(workdir, source, mutations):
    target = _fresh(workdir) / "methods" / source.name
    target.parent.mkdir()
    target.write_bytes(mutate(source.read_bytes(), mutations))
    _load_and_validate(load_method, target)


def _casus_copy(workdir: Path, casus: Path) -> Path:
    folder = _fresh(workdir) / casus.name
    shutil.copytree(casus, folder)
    return folder


@given(casus=st.sampled_from([MOLENWIJK, NACHTKWARTIER]), mutations=MUTATIONS)
@FUZZ_CASUS
def test_casus_file(workdir, casus, mutations):
    folder = _casus_copy(workdir, casus)
    path = folder / "casus.yaml"
    path.write_bytes(mutate(path.read_bytes(), mutations))
    _load_and_validate(load_casus, folder)


@given(casus=st.sampled_from([MOLENWIJK, NACHTKWARTIER]), phase=INDEX, mutations=MUTATIONS)
@FUZZ_CASUS
def test_demo_file(workdir, casus, phase, mutations):
    folder = _casus_copy(workdir, casus)
    demos = sorted((folder / "demo").glob("*.yaml"))
    path = demos[phase % len(demos)]
    path.write_bytes(mutate(path.read_bytes(), mutations))
    _load_and_validate(load_casus, folder)


@given(source=st.sampled_from(WORKFORMS), mutations=MUTATIONS)
@FUZZ_CASUS
def test_casus_own_work_form(workdir, source, mutations):
    folder = _casus_copy(workdir, MOLENWIJK)
    (folder / "workforms").mkdir()
    (folder / "workforms" / source.name).write_bytes(mutate(source.read_bytes(), mutations))
    _load_and_validate(load_casus, folder)


def test_the_mutations_change_files_in_every_way():
    """The fuzzer's own check: each mutation kind really changes a shipped file."""
    data = (MOLENWIJK / "casus.yaml").read_bytes()
    examples = [
        ("delete", 3),
        ("duplicate", 3),
        ("value", 3, "[]"),
        ("alias", 3, 5),
        ("tag", 3, "!foo"),
        ("bytes", 10, b"\xff\x00"),
        ("truncate", 100),
    ]
    for mutation in examples:
        assert mutate(data, [mutation]) != data, mutation
    assert b"&fz" in mutate(data, [("alias", 3, 5)]) and b"*fz" in mutate(data, [("alias", 3, 5)])
