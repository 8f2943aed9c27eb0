"""Located, plain-language errors for every kind of mistake, all reported at once."""

from __future__ import annotations

import pytest
from factories import MINIMAL_CASUS as MINIMAL

from sprintkit._yaml import parse_yaml
from sprintkit.errors import CasusValidationError, FileValidationError, NotFoundError
from sprintkit.loading import find_casus, load_casus, load_method, load_workform


def test_positions_point_at_values_and_keys():
    data, pos, problems = parse_yaml("a:\n  - x: 1\n    y: [2, 3]\n", "f.yaml")
    assert problems == []
    assert data == {"a": [{"x": 1, "y": [2, 3]}]}
    assert pos.find(("a", 0, "y", 1)) == (3, 12)
    assert pos.find(("a", 0, "y"), prefer_key=True) == (3, 5)
    assert pos.find(("a", 0, "missing")) == (2, 5)


def test_duplicate_keys_are_reported_with_both_lines():
    _, _, problems = parse_yaml("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert [(p.line, p.col, p.loc) for p in problems] == [(3, 1, "a")]
    assert problems[0].message == "sleutel 'a' staat er twee keer (eerst op regel 1)"
    _, _, problems = parse_yaml("a: 1\nb: 2\na: 3\n", "f.yaml", "en")
    assert problems[0].message == "key 'a' appears twice (first on line 1)"


def test_syntax_error_is_located(write):
    path = write("wf.yaml", "slug: x\nname: [a, b\nphases: [1]\n")
    with pytest.raises(FileValidationError) as info:
        load_workform(path)
    (problem,) = info.value.problems
    assert (problem.line, problem.col) == (2, 7)  # the '[' that is never closed
    assert problem.message == "de '[' wordt nergens gesloten"


def test_tab_indentation_is_explained(write):
    path = write("wf.yaml", "steps:\n\t- een\n")
    with pytest.raises(FileValidationError) as info:
        load_workform(path, lang="en")
    assert info.value.problems[0].message == "a tab is used for indentation; use spaces"


def test_all_problems_of_a_casus_come_at_once(write):
    path = write(
        "c/casus.yaml",
        MINIMAL
        + """\
organisations:
  - {id: gem, name: Gemeente, kind: municipality}
actors:
  - {id: a1, name: Ans, kind: bewoner}
  - {id: a2, name: Bo, kind: resident, organisaton: gem}
""",
    )
    with pytest.raises(CasusValidationError) as info:
        load_casus(path.parent, lang="en")
    lines = [p.format() for p in info.value.problems]
    assert len(lines) == 2
    assert lines[0].endswith(
        "actors[0].kind  must be one of resident, entrepreneur, youth, "
        "professional, ex_offender, official, administrator, police, horeca, "
        "housing, social_work, youth_work, enforcement, facilitator or other; "
        "did you mean 'resident'? (got: 'bewoner')"
    )
    assert ":11:" in lines[0]
    assert lines[1].endswith("actors[1].organisaton  unknown field; did you mean 'organisation'?")


def test_messages_are_dutch_by_default(write):
    path = write("c/casus.yaml", MINIMAL.replace("inhabitants: 100", "inhabitants: -1"))
    with pytest.raises(CasusValidationError) as info:
        load_casus(path.parent)
    assert "moet minstens 0 zijn (nu: -1)" in str(info.value)


def test_references_are_checked_with_suggestions(write):
    path = write(
        "c/casus.yaml",
        MINIMAL
        + """\
organisations:
  - {id: gemeente, name: Gemeente, kind: municipality}
actors:
  - {id: a1, name: Ans, kind: resident, organisation: gemeentee}
  - {id: a1, name: Bo, kind: resident}
indicators:
  - {id: cohesie, name: Cohesie, environment: social, unit: score, better: higher,
     present: {value: 5}}
interventions:
  - id: fitness
    name: Fitness
    environment: physical
    owner: nobody
    effects: [{indicator: cohesi, sign: positive}]
""",
    )
    with pytest.raises(CasusValidationError) as info:
        load_casus(path.parent, lang="en")
    messages = {p.loc: p.message for p in info.value.problems}
    assert messages["actors[0].organisation"] == (
        "unknown organisation 'gemeentee'; did you mean 'gemeente'?"
    )
    assert messages["actors[1].id"] == "id 'a1' is used twice"
    assert messages["interventions[0].owner"].startswith("unknown actor or organisation 'nobody'")
    assert messages["interventions[0].effects[0].indicator"].endswith("did you mean 'cohesie'?")


def test_demo_input_is_checked_against_the_sprint_result(write):
    casus = write(
        "c/casus.yaml",
        MINIMAL
        + """\
actors:
  - {id: ans, name: Ans, kind: resident}
""",
    )
    write(
        "c/demo/sprint-3.yaml",
        """\
phase: 3
key_factor_notes: {betrokkenheid: ok, sleutel: x}
result:
  probleem: Te weinig licht.
  betrokkenen: [ans, piet]
  akkoord: {ans: false}
""",
    )
    with pytest.raises(CasusValidationError) as info:
        load_casus(casus.parent, lang="en")
    text = str(info.value)
    assert "key_factor_notes.sleutel  unknown key factor 'sleutel'" in text
    assert "result.betrokkenen[1]  unknown actor or organisation 'piet'" in text
    assert (
        "result  the demo result is incomplete; not filled in: feiten, eerdere_sprints, tijdspad, "
        "impact, begeleiders" in text
    )
    assert "result.akkoord.ans  'ans' has not approved" in text
    assert "result.akkoord  'piet' has not approved" in text
    assert "demo/sprint-3.yaml:" in text


def test_unknown_casus_and_method_suggest_names():
    with pytest.raises(NotFoundError, match="bedoel je 'molenwijk'"):
        find_casus("molenwjk")
    with pytest.raises(NotFoundError, match="bedoel je 'wijkaanpak'"):
        load_method("wijkaanpakk")


def test_casus_can_be_named_by_folder_file_or_id(molenwijk):
    folder = find_casus("molenwijk")
    assert find_casus(folder) == folder
    assert find_casus(folder / "casus.yaml") == folder
    assert molenwijk.root == folder


@pytest.mark.parametrize("text", ["~\n", "null\n", "&a\n"])
def test_a_file_that_is_only_null_is_a_problem_not_an_empty_error(text, write):
    # found by tests/test_fuzz_loaders.py: it raised a FileValidationError without problems
    path = write("wf.yaml", text)
    with pytest.raises(FileValidationError) as info:
        load_workform(path, lang="en")
    (problem,) = info.value.problems
    assert (problem.line, problem.message) == (1, "the top level must be a mapping (key: value)")


def test_non_utf8_file_is_a_clear_problem(tmp_path):
    path = tmp_path / "wf.yaml"
    path.write_bytes(b"name: caf\xc3\xa9\nslug: caf\xe9\n")
    with pytest.raises(FileValidationError, match="geen UTF-8-tekst") as info:
        load_workform(path)
    (problem,) = info.value.problems
    assert (problem.line, problem.col) == (2, 10)  # the byte itself, counted in characters
    with pytest.raises(FileValidationError, match="not UTF-8 text"):
        load_workform(path, lang="en")


def test_demo_runs_are_checked_against_their_canvas(write):
    casus = write("c/casus.yaml", MINIMAL + "actors:\n  - {id: ans, name: Ans, kind: resident}\n")
    write(
        "c/demo/sprint-2.yaml",
        """\
phase: 2
runs:
  - workform: empathiekaart
    content:
      subject: Ans
      fields: {denken_voelen: [bang], ruiken: [x]}
  - workform: empathiekaart
    notes: [{text: x, author: ans}]
    content: {subject: Ans, fields: {}}
  - workform: toon-me-je-leven
    content: {subject: Ans, steps: []}
  - workform: onderzoek-socrates
    notes: [{text: x, author: piet, column: nergens, votes: [ans]}]
result:
  harde_informatie: [a, b]
  zachte_informatie: [a, b]
  aangescherpte_pijnpunten: [a, b]
  probleemstelling: p
""",
    )
    with pytest.raises(CasusValidationError) as info:
        load_casus(casus.parent, lang="en")
    messages = {p.loc: p.message for p in info.value.problems}
    assert messages["runs[0].content.fields.ruiken"].startswith("unknown canvas field 'ruiken'")
    assert messages["runs[1].notes"].startswith("'notes' belong on a board")
    assert messages["runs[2].content.steps"] == "must not be empty"
    assert messages["runs[3].notes[0].author"].startswith("unknown actor 'piet'")
    assert messages["runs[3].notes[0].column"].startswith("unknown column 'nergens'")
    assert messages["runs[3].workform"] == (
        "work form 'onderzoek-socrates' does not belong to phase 2 (it belongs to 1)"
    )
    assert len(messages) == 6


def test_casus_is_parsed_once_but_every_caller_gets_its_own_copy(tmp_path):
    import shutil

    from sprintkit import loading

    folder = tmp_path / "c"
    shutil.copytree(loading.find_casus("nachtkwartier"), folder)
    first = load_casus(folder)
    first.actors.clear()
    second = load_casus(folder)
    assert second.actors and second is not first
    text = (folder / "casus.yaml").read_text(encoding="utf-8")
    (folder / "casus.yaml").write_text(
        text.replace("name: Nachtkwartier", "name: Anders", 1), encoding="utf-8"
    )
    assert load_casus(folder).name == "Anders"  # an edited file is read again
