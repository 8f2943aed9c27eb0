"""Every YAML read is bounded: size, values after alias expansion, depth, tags; on both loaders.

The same files go through libyaml (``CSafeLoader``) and PyYAML's pure-Python loader (forced with
``sprintkit._yaml.USE_LIBYAML``); both must give the same data, positions and messages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from factories import MINIMAL_CASUS, hang_guard
from test_messages import english_words

from sprintkit import _yaml, _yaml_limits
from sprintkit._yaml import MAX_BYTES, MAX_DEPTH, parse_yaml
from sprintkit.cli import main
from sprintkit.errors import FileValidationError
from sprintkit.i18n import catalog, t
from sprintkit.loading import load_casus, load_workform

ROOT = Path(__file__).resolve().parent.parent
LOADERS = ["libyaml", "python"]


@pytest.fixture(params=LOADERS)
def loader(request, monkeypatch):
    """Run the test once with libyaml and once with the pure-Python loader."""
    if request.param == "libyaml" and not yaml.__with_libyaml__:
        pytest.skip("PyYAML was built without libyaml")
    monkeypatch.setattr(_yaml, "USE_LIBYAML", request.param == "libyaml")
    return request.param


def both(text: str, lang: str = "nl"):
    """parse_yaml's answer with libyaml and with the pure-Python loader."""
    answers = []
    for use in (True, False):
        _yaml.USE_LIBYAML = use
        try:
            answers.append(parse_yaml(text, "f.yaml", lang))
        finally:
            _yaml.USE_LIBYAML = yaml.__with_libyaml__
    return answers


def bomb(levels: int = 9) -> str:
    """A "billion laughs": ``levels`` anchors, each a list of nine aliases of the one before."""
    lines = ['lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


# -- alias bombs, one per kind of file, through `sprintkit validate` -------------------------
#: kind -> (the folder or file to validate, the bomb's file, other files it needs)
KINDS = {
    "casus": ("c", "c/casus.yaml", {}),
    "workform": ("workforms/bom.yaml", "workforms/bom.yaml", {}),
    "demo": ("c", "c/demo/sprint-1.yaml", {"c/casus.yaml": MINIMAL_CASUS}),
    "measure": ("maatregelen/bom.yaml", "maatregelen/bom.yaml", {}),
    "casus_workform": ("c", "c/workforms/bom.yaml", {"c/casus.yaml": MINIMAL_CASUS}),
    "method": ("methods/bom.yaml", "methods/bom.yaml", {}),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_an_alias_bomb_is_refused_at_its_anchor(kind, loader, write, tmp_path, monkeypatch, capsys):
    target, bomb_file, others = KINDS[kind]
    for relative, text in others.items():
        write(relative, text)
    write(bomb_file, bomb())
    monkeypatch.chdir(tmp_path)
    with hang_guard(10):  # 9**9 values if it were expanded: it must not be
        assert main(["validate", target]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    # lol5 is the first level whose expansion (9**6 lists) passes 200,000 values on its own
    line = bomb().splitlines().index(next(x for x in bomb().splitlines() if "&l5" in x)) + 1
    assert f"{bomb_file}:{line}:7  dit anker (&) wordt via aliassen (*) zo vaak herhaald" in err
    assert "meer dan 200.000 waarden" in err


def test_an_alias_bomb_of_any_size_is_never_expanded(loader):
    with hang_guard(10):  # 9**40 values once expanded
        data, _, (problem,) = parse_yaml(bomb(40), "f.yaml", "en")
    assert data is None
    assert (problem.line, problem.col) == (6, 7)
    assert problem.message.startswith("this anchor (&) is repeated through aliases (*)")
    assert "more than 200,000 values" in problem.message


def test_a_merge_key_bomb_is_refused(loader):
    # each level merges the one before twice: the pairs double, 2**40 of them at the end
    text = "m0: &m0 {a: 1, b: 2}\n" + "".join(
        f"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}], k{i}: 1}}\n" for i in range(1, 41)
    )
    with hang_guard(10):
        data, _, (problem,) = parse_yaml(text, "f.yaml")
    assert data is None
    assert "zo vaak herhaald" in problem.message
    assert problem.line > 1


def test_a_value_that_contains_itself_is_refused(loader):
    for text in ("a: &a [1, *a]\n", "a: &a {b: *a}\n", "a: &a {<<: *a}\n"):
        data, _, (problem,) = parse_yaml(text, "f.yaml", "en")
        assert data is None
        assert (problem.line, problem.col) == (1, 4)
        assert problem.message.startswith("this value contains itself through an alias (*)")


def test_aliases_within_the_limits_still_work(loader):
    text = "a: &x {p: 1, q: [1, 2]}\nb: *x\nc: {<<: *x, p: 3}\nd: {<<: [{p: 4, r: 5}, *x]}\n"
    data, positions, problems = parse_yaml(text, "f.yaml")
    assert problems == []
    assert data["b"] == {"p": 1, "q": [1, 2]}
    assert data["c"] == {"p": 3, "q": [1, 2]}  # its own key wins over the merged one
    assert data["d"] == {"p": 4, "r": 5, "q": [1, 2]}  # the first merged mapping wins
    assert positions.find(("b", "q", 1)) == (1, 21)  # an alias points at its anchor's values
    assert positions.find(("c", "q"), prefer_key=True) == (1, 14)


def test_a_large_file_without_aliases_is_refused_at_the_value_past_the_limit(loader, monkeypatch):
    monkeypatch.setattr(_yaml_limits, "MAX_NODES", 5000)  # the same rule, a smaller file
    text = "a: [" + ", ".join("1" for _ in range(5000)) + "]\n"
    data, _, (problem,) = parse_yaml(text, "f.yaml")
    assert data is None
    # the mapping, its key, the list: the 4,998th number is the 5,001st value
    assert (problem.line, problem.col) == (1, 5 + 3 * (5000 - 3))
    assert problem.message.startswith("het bestand bevat meer dan 5.000 waarden")


# -- depth -----------------------------------------------------------------------------------
def nested(levels: int) -> str:
    return "a: " + "[" * levels + "1" + "]" * levels + "\n"


def test_a_too_deep_file_is_refused_at_the_first_level_too_many(loader, write, tmp_path, capsys):
    path = write("workforms/diep.yaml", nested(MAX_DEPTH))
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    # the mapping is level 1, the first '[' (column 4) level 2: the 64th '[' is level 65
    assert f"diep.yaml:1:{4 + MAX_DEPTH - 1}  hier zitten meer dan 64 lijsten" in err
    _, _, problems = parse_yaml(nested(MAX_DEPTH - 2), "f.yaml")
    assert problems == []  # the mapping, 62 lists and the number: 64 levels
    _, _, (problem,) = parse_yaml(nested(MAX_DEPTH - 1), "f.yaml")
    assert (problem.line, problem.col) == (1, 4 + MAX_DEPTH - 1)  # the number, at level 65


@pytest.mark.parametrize("levels", [200, 1500, 100_000])
def test_very_deep_files_are_refused_without_a_recursion_error(levels, loader):
    with hang_guard(10):
        data, _, (problem,) = parse_yaml(nested(levels), "f.yaml", "en")
    assert data is None
    assert problem.message.startswith("more than 64 lists or mappings are nested here")
    assert problem.line == 1 and problem.col > 1


def test_depth_through_an_alias_counts(loader):
    text = "a: &a " + nested(40)[3:] + "b: " + "[" * 30 + "*a" + "]" * 30 + "\n"
    data, _, (problem,) = parse_yaml(text, "f.yaml")
    assert data is None
    assert problem.line == 1  # inside the anchored value, where the 65th level begins
    assert "meer dan 64 lijsten" in problem.message


# -- tags ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/name:os.system",
        "!foo",
        "!<tag:example.com,2024:x>",
        "!!binary",
        "!!set",
        "!!omap",
    ],
)
def test_a_foreign_tag_is_refused_where_it_stands(tag, loader, write, tmp_path, capsys):
    marker = tmp_path / "touched"
    value = f"{tag} ['touch {marker}']" if "apply" in tag else f"{tag} {{a: 1}}"
    path = write("workforms/tag.yaml", f"slug: tag\nname:\n  nl: {value}\n")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    shown = tag.replace("!<tag:example.com,2024:x>", "tag:example.com,2024:x")
    assert f"tag.yaml:3:7  de tag '{shown}' wordt niet gelezen" in err
    assert "Traceback" not in err
    assert not marker.exists()


def test_standard_tags_and_plain_values_are_read(loader):
    text = "a: !!str 5\nb: !!int '7'\nc: !!float 1\nd: =\ne: <<\nf: !!null ''\ng: 2024-05-01\n"
    data, _, problems = parse_yaml(text, "f.yaml")
    assert problems == []
    assert data == {"a": "5", "b": 7, "c": 1.0, "d": "=", "e": "<<", "f": None, "g": data["g"]}
    assert str(data["g"]) == "2024-05-01"


@pytest.mark.parametrize(
    ("value", "kind"),
    [("2024-13-45", "datum"), ("!!int abc", "getal"), ("!!bool misschien", "ja/nee-waarde")],
)
def test_a_value_python_cannot_hold_is_a_located_problem(value, kind, loader):
    data, _, (problem,) = parse_yaml(f"a: 1\nb: {value}\n", "f.yaml")
    assert data is None
    assert (problem.line, problem.col) == (2, 4)
    assert f"is als {kind} niet te lezen" in problem.message


def test_an_int_of_5000_digits_is_a_problem_not_a_crash(loader):
    data, _, (problem,) = parse_yaml("a: " + "9" * 5000 + "\n", "f.yaml")
    assert data is None
    assert "niet te lezen" in problem.message


def test_a_key_that_is_a_list_is_located(loader):
    data, _, (problem,) = parse_yaml("a: 1\n? [x, y]\n: 2\n", "f.yaml", "en")
    assert data == {"a": 1}
    assert (problem.line, problem.col, problem.message) == (2, 3, "a key must be plain text")


# -- size and characters ---------------------------------------------------------------------
def test_an_oversize_file_is_refused_before_it_is_read(write, capsys):
    path = write("workforms/groot.yaml", "slug: groot\n# " + "x" * MAX_BYTES + "\n")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "groot.yaml  het bestand is te groot (1.001 kB; hoogstens 1.000 kB wordt gelezen)" in err
    with pytest.raises(FileValidationError, match="too large"):
        load_workform(path, lang="en")


def test_a_control_character_is_located(loader):
    data, _, (problem,) = parse_yaml("a: 1\nb: x\x07y\n", "f.yaml")
    assert data is None
    assert (problem.line, problem.col) == (2, 5)
    assert "stuurteken (U+0007)" in problem.message


# -- both loaders agree ----------------------------------------------------------------------
def shipped_files() -> list[Path]:
    folders = ("casus", "workforms", "sprintkit/methods")
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.y*ml"))


def test_both_loaders_give_the_same_data_and_positions_for_every_shipped_file():
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML was built without libyaml")
    files = shipped_files()
    assert len(files) > 50 and any("maatregelen" in str(p) for p in files)
    for path in files:
        (c_data, c_pos, c_problems), (py_data, py_pos, py_problems) = both(path.read_text())
        assert c_problems == py_problems == [], path
        assert c_data == py_data, path
        assert c_pos.values == py_pos.values and c_pos.keys == py_pos.keys, path
        assert len(c_pos.values) > 10, path


SYNTAX = {
    "tab": ("a:\n\tb: 1\n", 2, 1, "hier wordt met een tab ingesprongen; spring in met spaties"),
    "tab in text": ("a:\n  b: x\n\tc\n", 3, 1, "hier wordt met een tab ingesprongen"),
    "unclosed list": ("a: [1, 2\nb: 3\n", 1, 4, "de '[' wordt nergens gesloten"),
    "unclosed mapping": ("a: {x: 1\nb: 3\n", 1, 4, "de '{' wordt nergens gesloten"),
    "colon": ("a: b: c\n", 1, 5, "een ':' op een plek waar die niet mag staan"),
    "no colon": ("a:\n  b: 1\n  c\n  d: 2\n", 4, 3, "verwacht 'sleutel: waarde'"),
    "indent": ("a: 1\n- b\n", 2, 1, "deze regel past niet bij de inspringing"),
    "dedent": ("a:\n  b: 1\n c: 2\n", 3, 2, "deze regel past niet bij de inspringing"),
    "alias": ("a: *x\n", 1, 4, "deze alias (*) verwijst naar een anker (&) dat er (nog) niet is"),
    "anchor": ("a: &x 1\nb: &x 2\n", 2, 4, "dezelfde naam als een eerder anker (op regel 1)"),
    "quote": ("a: 'abc\nb: 1\n", 1, 4, "het aanhalingsteken wordt nergens gesloten"),
    "escape": ('a: "\\q"\n', 1, 4, "een '\\' tussen dubbele aanhalingstekens"),
    "at": ("a: @x\n", 1, 4, "een waarde kan niet met '@' beginnen"),
    "backtick": ("a: `x\n", 1, 4, "een waarde kan niet met '`' beginnen"),
    "documents": ("a: 1\n---\nb: 2\n", 2, 1, "meer dan één document"),
}


@pytest.mark.parametrize("case", sorted(SYNTAX))
def test_syntax_errors_read_the_same_on_both_loaders(case):
    text, line, col, words = SYNTAX[case]
    answers = both(text) if yaml.__with_libyaml__ else both(text)[1:]
    for data, _, problems in answers:
        assert data is None
        assert [(p.line, p.col) for p in problems] == [(line, col)], case
        assert words in problems[0].message, problems[0].message
        assert not english_words(problems[0].message), problems[0].message


def test_the_golden_broken_files_read_the_same_on_both_loaders():
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML was built without libyaml")
    broken = sorted((ROOT / "tests" / "errors").rglob("*.yaml"))
    assert len(broken) > 20
    for path in broken:
        c, py = both(path.read_text(), "en")
        assert c[0] == py[0] and c[2] == py[2], path


def test_yaml_messages_are_dutch_with_english_on_request():
    keys = [k for k in catalog() if k.startswith("yaml.") and not k.startswith("yaml.kind.")]
    assert len(keys) >= 20
    for key in keys:
        values = {"limit": "64", "size": "3", "tag": "!x", "value": "v", "kind": "getal"}
        values |= {"key": "k", "first": 1, "code": "U+0000", "char": "@", "problem": "p"}
        nl, en = t(key, "nl", **values), t(key, "en", **values)
        assert not english_words(nl), (key, nl)
        assert en != nl, key


def test_load_casus_refuses_a_bomb_in_its_demo_input(write, loader):
    casus = write("c/casus.yaml", MINIMAL_CASUS)
    write("c/demo/sprint-1.yaml", "phase: 1\n" + bomb())
    with pytest.raises(FileValidationError) as info:
        load_casus(casus.parent)
    (problem,) = info.value.problems
    assert problem.path.endswith("sprint-1.yaml") and problem.line == 7
