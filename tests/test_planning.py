"""The agenda planner: properties over every phase, known sessions, reasons, errors and the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from factories import workform_data
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from sprintkit import catalogue
from sprintkit.cli import main
from sprintkit.errors import SprintkitError
from sprintkit.loading import load_method
from sprintkit.model import Range, WorkFormSpec
from sprintkit.model.agenda import Agenda
from sprintkit.planning import (
    BREAK_EVERY,
    BREAK_MINUTES,
    CLOSING_MINUTES,
    OPENING_MINUTES,
    PlanningError,
    plan_session,
    split_group,
)

ROOT = Path(__file__).resolve().parent.parent
MOLENWIJK = str(ROOT / "casus" / "molenwijk")
METHODS = {name: load_method(name) for name in ("wijkaanpak", "kvu")}
PHASES = [(name, p.number) for name, m in METHODS.items() for p in m.phases]


def _builtins():
    """The built-in catalogue only, so installed plugins cannot change the known cases."""
    return [e for e in catalogue.entries() if e.source == "builtin"]


BUILTIN = _builtins()


def _spec(slug: str, **extra) -> WorkFormSpec:
    return WorkFormSpec.model_validate(workform_data(slug, **extra))


def _workforms(agenda):
    return [item.slug for item in agenda.items if item.kind == "workform"]


def _assert_sound(agenda: Agenda, specs: dict[str, WorkFormSpec]) -> None:
    """Every promise the planner makes, checked on one agenda."""
    items = agenda.items
    assert agenda.planned_minutes == sum(i.planned_minutes for i in items) <= agenda.minutes
    assert items[0].kind == "opening" and items[-1].kind == "closing"
    assert items[0].start == 0
    for before, after in zip(items, items[1:], strict=False):
        assert after.start == before.end  # contiguous: no gaps, no overlaps
        assert not (before.kind == "break" and after.kind == "break")
    assert OPENING_MINUTES[0] <= items[0].planned_minutes <= OPENING_MINUTES[1]
    assert items[-1].planned_minutes == CLOSING_MINUTES
    since = 0
    for i, item in enumerate(items):
        if item.kind == "break":
            assert BREAK_MINUTES[0] <= item.planned_minutes <= BREAK_MINUTES[1]
            assert items[i - 1].kind == "workform"  # never straight after the opening
            assert since + items[i + 1].planned_minutes > BREAK_EVERY  # only when due
            since = 0
            continue
        if item.kind in ("workform", "closing") and items[i - 1].kind == "workform":
            # a break is planned exactly when the work would otherwise pass ~90 minutes
            assert since + item.planned_minutes <= BREAK_EVERY
        since += item.planned_minutes
        if item.kind == "workform":
            spec = specs[item.slug]
            assert spec.duration_minutes.min <= item.planned_minutes <= spec.duration_minutes.max
            assert sum(item.sub_groups) == agenda.group_size
            assert all(size in spec.group_size for size in item.sub_groups)
            assert max(item.sub_groups) - min(item.sub_groups) <= 1
            assert len(item.sub_groups) == 1 or spec.splittable
    planned = _workforms(agenda)
    assert len(planned) == len(set(planned))
    assert not set(planned) & {o.slug for o in agenda.left_out}


@settings(max_examples=300, deadline=None)
@given(
    phase=st.sampled_from(PHASES),
    group_size=st.integers(1, 60),
    minutes=st.integers(30, 480),
)
def test_agenda_never_exceeds_time_or_group_sizes(phase, group_size, minutes):
    method, number = phase
    agenda = plan_session(METHODS[method], number, group_size, minutes, BUILTIN)
    _assert_sound(agenda, {e.spec.slug: e.spec for e in BUILTIN})
    suitable = {e.spec.slug for e in BUILTIN if e.spec.method == method and number in e.spec.phases}
    assert set(_workforms(agenda)) | {o.slug for o in agenda.left_out} == suitable


_ranges = st.tuples(st.integers(1, 20), st.integers(0, 20)).map(lambda t: (t[0], t[0] + t[1]))


@st.composite
def _random_forms(draw):
    forms = []
    for i in range(draw(st.integers(0, 6))):
        people, span = draw(_ranges), draw(_ranges)
        forms.append(
            _spec(
                f"vorm-{i}",
                group_size={"min": people[0], "max": people[1]},
                duration_minutes={"min": 5 + span[0] * 5, "max": 5 + span[1] * 5},
                splittable=draw(st.booleans()),
            )
        )
    return forms


@settings(max_examples=300, deadline=None)
@given(forms=_random_forms(), group_size=st.integers(1, 60), minutes=st.integers(25, 480))
def test_random_work_forms_keep_every_promise(forms, group_size, minutes):
    agenda = plan_session(METHODS["wijkaanpak"], 1, group_size, minutes, forms)
    _assert_sound(agenda, {s.slug: s for s in forms})
    reasons = {o.slug: o.reason for o in agenda.left_out}
    assert reasons.pop("onderzoek-socrates") == reasons.pop("praktijksafari") == "not_installed"
    for spec in forms:
        sizes, code = split_group(group_size, spec.group_size, spec.splittable)
        if code is not None:
            assert reasons[spec.slug] == code
        elif spec.slug in reasons:
            assert reasons[spec.slug] == "time"


def test_split_group_finds_a_balanced_split_whenever_one_exists():
    for size in range(1, 80):
        for low in range(1, 12):
            for high in range(low, 16):
                sizes, code = split_group(size, Range(min=low, max=high), True)
                exists = any(low <= size // k and -(-size // k) <= high for k in range(1, size + 1))
                if code is None:
                    assert sum(sizes) == size and all(low <= s <= high for s in sizes)
                    assert len(sizes) == -(-size // high)  # as few sub-groups as possible
                else:
                    assert not exists
                    assert code == ("group_too_small" if size < low else "no_balanced_split")


def test_sprint_1_for_ten_people_has_both_molenwijk_forms_and_breaks():
    agenda = plan_session("wijkaanpak", 1, group_size=10, minutes=270, catalogue_entries=BUILTIN)
    assert _workforms(agenda) == ["onderzoek-socrates", "praktijksafari"]
    kinds = [item.kind for item in agenda.items]
    assert kinds == ["opening", "workform", "break", "workform", "break", "closing"]
    assert agenda.planned_minutes <= 270 and not agenda.left_out


def test_sprint_1_for_twelve_people_leaves_out_the_safari_with_a_dutch_reason():
    agenda = plan_session("wijkaanpak", 1, group_size=12, minutes=240, catalogue_entries=BUILTIN)
    assert _workforms(agenda) == ["onderzoek-socrates"]
    assert "break" in [item.kind for item in agenda.items]
    (left,) = agenda.left_out
    assert left.slug == "praktijksafari" and left.reason == "group_too_big"
    assert left.explanation.nl == (
        "groep te groot: 12 deelnemers, deze werkvorm is voor 5 tot 10 en kan niet in subgroepen"
    )
    assert "cannot be split" in left.explanation.en


def test_forty_people_split_where_allowed_and_leave_the_rest_out():
    agenda = plan_session("wijkaanpak", 3, group_size=40, minutes=240, catalogue_entries=BUILTIN)
    (journey,) = agenda.workforms()
    assert journey.slug == "klantreis" and journey.sub_groups == [10, 10, 10, 10]
    (left,) = agenda.left_out
    assert left.slug == "samen-beslissen" and left.reason == "group_too_big"
    assert left.explanation.nl.startswith("groep te groot: 40 deelnemers")


def test_too_small_a_group_gets_no_work_form_but_a_reason_each():
    agenda = plan_session("wijkaanpak", 1, group_size=2, minutes=180, catalogue_entries=BUILTIN)
    assert [item.kind for item in agenda.items] == ["opening", "closing"]
    assert {o.reason for o in agenda.left_out} == {"group_too_small"}
    assert "Geen enkele werkvorm past" in agenda.to_text()


def test_too_little_time_says_how_much_is_missing():
    agenda = plan_session("wijkaanpak", 1, group_size=8, minutes=120, catalogue_entries=BUILTIN)
    assert _workforms(agenda) == ["onderzoek-socrates"]
    (left,) = agenda.left_out
    assert left.reason == "time"
    assert left.explanation.nl == (
        "te weinig tijd: deze werkvorm duurt minstens 150 minuten (met pauzes) en "
        "er zijn nog 5 minuten vrij"
    )


def test_a_group_that_cannot_be_split_evenly_is_explained():
    form = _spec("buurtgesprek", group_size={"min": 5, "max": 8}, splittable=True)
    agenda = plan_session("wijkaanpak", 1, 9, 120, [form])
    assert agenda.left_out[-1].reason == "no_balanced_split"
    assert "niet evenwichtig te splitsen" in agenda.left_out[-1].explanation.nl


def test_suggested_forms_come_first_then_others_by_slug():
    extra = [_spec("zz-vorm"), _spec("aa-vorm"), _spec("ander", phases=[2])]
    entries = [*extra, *BUILTIN]
    agenda = plan_session("wijkaanpak", 1, 8, 480, entries)
    assert _workforms(agenda) == ["onderzoek-socrates", "praktijksafari", "aa-vorm", "zz-vorm"]


def test_a_missing_suggested_form_is_reported():
    agenda = plan_session("wijkaanpak", 2, 6, 240, [_spec("eigen", phases=[2])])
    assert _workforms(agenda) == ["eigen"]
    assert {o.slug: o.reason for o in agenda.left_out} == {
        "empathiekaart": "not_installed",
        "toon-me-je-leven": "not_installed",
    }


def test_a_casus_work_form_replaces_the_registered_one(molenwijk):
    molenwijk.local_workforms.append(
        _spec(
            "praktijksafari",
            group_size={"min": 5, "max": 15},
            duration_minutes={"min": 60, "max": 60},
        )
    )
    agenda = plan_session("wijkaanpak", 1, 12, 240, casus=molenwijk)
    safari = agenda.workforms()[1]
    assert (safari.slug, safari.planned_minutes, safari.source) == (
        "praktijksafari",
        60,
        "casus molenwijk",
    )
    assert agenda.casus == "Molenwijk"


def test_the_closing_checks_key_factors_or_success_factors():
    wijk = plan_session("wijkaanpak", 3, 8, 180, BUILTIN).items[-1]
    assert len(wijk.checks) == 6
    assert wijk.checks[-1].question.nl.startswith("Past de ontwerpbrief op één A4")
    kvu = plan_session("kvu", 1, 8, 180, BUILTIN).items[-1]
    assert len(kvu.checks) == 9 and kvu.title.nl == "Afsluiting met succesfactorcheck"


def test_planning_is_deterministic():
    extra = [_spec(f"vorm-{c}") for c in "dcba"]
    first = plan_session("wijkaanpak", 1, 8, 480, [*extra, *BUILTIN])
    again = plan_session("wijkaanpak", 1, 8, 480, [*BUILTIN, *reversed(extra)])
    assert first.model_dump() == again.model_dump()
    assert first == plan_session("wijkaanpak", 1, 8, 480, [*extra, *BUILTIN])


@pytest.mark.parametrize(
    ("args", "nl", "en"),
    [
        ((1, 0, 240), "de groep moet minstens 1 deelnemer hebben (nu 0)", "at least 1 participant"),
        ((1, 8, 20), "20 minuten is te kort", "20 minutes is too short"),
        ((8, 8, 240), "wijkaanpak heeft sprints 1 tot en met 7, niet 8", "has sprints 1 to 7"),
        ((0, 8, 240), "niet 0", "not 0"),
    ],
)
def test_impossible_input_is_a_clear_error(args, nl, en):
    with pytest.raises(PlanningError, match=re.escape(nl)) as info:
        plan_session("wijkaanpak", *args, BUILTIN)
    assert isinstance(info.value, SprintkitError)
    with pytest.raises(PlanningError, match=en):
        plan_session("wijkaanpak", *args, BUILTIN, lang="en")


def test_casus_and_method_must_agree(molenwijk):
    with pytest.raises(PlanningError, match="volgt de methode wijkaanpak, niet kvu"):
        plan_session("kvu", 1, 8, 240, casus=molenwijk)


def test_agenda_round_trips_and_records_actual_minutes():
    agenda = plan_session("kvu", 3, 20, 300, BUILTIN)
    again = Agenda.model_validate(json.loads(agenda.model_dump_json()))
    assert again == agenda
    agenda.items[1].actual_minutes = 130
    assert agenda.items[1].actual_minutes == 130
    with pytest.raises(ValidationError):
        agenda.items[1].actual_minutes = -5


def test_text_in_dutch_and_english():
    agenda = plan_session("wijkaanpak", 1, 12, 240, BUILTIN)
    nl = agenda.to_text()
    assert nl.startswith("Sprint 1: Zien en voelen\n12 deelnemers · 240 minuten beschikbaar")
    for expected in ("Opening", "Pauze", "hele groep (12)", "Weggelaten werkvormen:"):
        assert expected in nl
    en = agenda.to_text("en")
    for expected in ("See and feel", "Break", "whole group (12)", "Work forms left out:"):
        assert expected in en


# -- CLI ------------------------------------------------------------------------------------------


def _plan(*extra):
    return ["plan", "--casus", MOLENWIJK, "--sprint", "1", *extra]


def test_cli_prints_a_dutch_agenda(capsys):
    assert main(_plan("--group-size", "12", "--minutes", "240")) == 0
    out = capsys.readouterr().out
    assert out.startswith("Molenwijk · Sprint 1: Zien en voelen")
    for expected in (
        "Onderzoek en praat als Socrates",
        "Pauze",
        "sleutelfactorcheck",
        "groep te groot",
    ):
        assert expected in out


def test_cli_json_parses(capsys):
    assert main(_plan("--group-size", "12", "--minutes", "240", "--json")) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["planned_minutes"] <= 240
    assert [i["kind"] for i in data["items"]][0] == "opening"
    assert data["left_out"][0]["reason"] == "group_too_big"
    assert Agenda.model_validate(data).planned_minutes == data["planned_minutes"]


def test_cli_step_is_the_kvu_alias_and_english_works(capsys):
    args = ["--lang", "en", "plan", "--casus", "nachtkwartier", "--step", "3"]
    assert main([*args, "--group-size", "20", "--minutes", "300"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Nachtkwartier · Step 3: Safety analysis")
    assert "3 sub-groups in parallel (7, 7, 6)" in out and "success factor check" in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ("--group-size", "0", "--minutes", "240"),
            "de groep moet minstens 1 deelnemer hebben (nu 0)",
        ),
        (("--group-size", "8", "--minutes", "20"), "20 minuten is te kort"),
    ],
)
def test_cli_impossible_input_is_one_line_and_exit_1(capsys, extra, message):
    assert main(_plan(*extra)) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and message in err


def test_cli_unknown_sprint_and_usage_errors(capsys):
    args = ["plan", "--casus", MOLENWIJK, "--sprint", "9", "--group-size", "8", "--minutes", "240"]
    assert main(args) == 1
    assert capsys.readouterr().err.strip() == "wijkaanpak heeft sprints 1 tot en met 7, niet 9"
    assert main(["plan", "--casus", MOLENWIJK, "--sprint", "1"]) == 2  # missing options


def test_console_script_has_no_traceback():
    exe = Path(sys.executable).with_name("sprintkit")
    args = [str(exe), *_plan("--group-size", "12", "--minutes", "24")]
    out = subprocess.run(args, capture_output=True, text=True)
    assert out.returncode == 1
    assert out.stderr.strip() == (
        "24 minuten is te kort: opening en afsluiting vragen samen al 25 minuten"
    )
