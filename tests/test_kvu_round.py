"""The KVU as a cycle: a finished evaluation starts round 2 with baseline, measures and group."""

from __future__ import annotations

import pytest

from sprintkit.engine import Journey
from sprintkit.errors import SprintkitError
from sprintkit.kvu.ledger import kvu_state, round_of
from sprintkit.kvu.rounds import start_next_round
from sprintkit.store import SQLiteStore
from sprintkit.workspace import demo_journey, open_journey, start_journey


@pytest.fixture(scope="module")
def rounds():
    first = demo_journey("nachtkwartier")
    second, carried = start_next_round(first)
    return first, second, carried


def test_round_two_is_a_new_journey_linked_to_the_first(rounds):
    first, second, _ = rounds
    assert second.id != first.id and Journey.ids(first.store) == [first.id, second.id]
    assert round_of(second) == {"number": 2, "previous": first.id}
    assert round_of(first) == {"number": 1, "previous": None}
    assert [n for n in range(1, 8) if second.state.phase(n).status == "closed"] == []
    assert second.current_phase == 1


def test_the_baseline_is_the_latest_measurement_of_each_indicator(rounds):
    first, second, carried = rounds
    before = kvu_state(first)["measurements"]
    final = {m["indicator"]: m["value"] for m in before if m["moment"] == "eindmeting"}
    now = kvu_state(second)["measurements"]
    assert carried["baseline"] == len(now) == len({m["indicator"] for m in before})
    assert all(m["moment"] == "nulmeting" and m["phase"] == 3 for m in now)
    assert {m["indicator"]: m["value"] for m in now} == final  # every indicator had a final one
    assert all(m["note"].startswith("Overgenomen uit ronde 1 (eindmeting).") for m in now)


def test_the_measures_in_the_plan_carry_over_with_their_plan(rounds):
    first, second, carried = rounds
    old = kvu_state(first)["measures"]
    new = kvu_state(second)["measures"]
    kept = {k for k, m in old.items() if not m["dropped"]}
    assert set(new) == kept and carried["measures"] == len(kept)
    assert any(m["dropped"] for m in old.values())  # a dropped one stays behind
    for key in kept:
        assert new[key]["plan"]["owner"] == old[key]["plan"]["owner"]
        assert new[key]["plan"]["goal"] == old[key]["plan"]["goal"]
        assert new[key]["progress"] == [] and "Doorgeschoven uit ronde 1" in new[key]["reason"]
        assert new[key]["name"] == old[key]["name"]


def test_the_working_group_carries_over(rounds):
    first, second, carried = rounds
    assert kvu_state(second)["criteria"] == kvu_state(first)["criteria"]
    assert carried["criteria"] == len(kvu_state(first)["criteria"]) > 0
    assert [(p.id, p.name, p.organisation) for p in second.people()] == [
        (p.id, p.name, p.organisation) for p in first.people()
    ]


def test_round_two_survives_a_reopen_and_waits_for_its_own_evaluation(tmp_path):
    store = SQLiteStore(tmp_path / "s.sqlite")
    first = demo_journey("nachtkwartier", store=store)
    second, _ = start_next_round(first)
    again = open_journey("nachtkwartier", second.id, store=store)
    assert kvu_state(again) == kvu_state(second)
    with pytest.raises(SprintkitError, match=r"pas als stap 7 \(de evaluatie\) is afgerond"):
        start_next_round(again)
    with pytest.raises(SprintkitError, match="is al gekozen"):  # carried, not chosen again
        again.command("measure_selected", {"measure": "gezamenlijke-surveillance"}, phase=4)


def test_no_new_round_before_the_evaluation_or_outside_the_kvu(molenwijk):
    journey = demo_journey("nachtkwartier", through=6)
    with pytest.raises(SprintkitError, match="stap 7"):
        start_next_round(journey)
    assert Journey.ids(journey.store) == [journey.id]  # nothing was started
    with pytest.raises(SprintkitError, match="alleen de KVU begint een nieuwe ronde"):
        start_next_round(start_journey(molenwijk, store=SQLiteStore(":memory:")))


def test_the_cli_starts_the_next_round(tmp_path, capsys):
    from sprintkit.cli import main

    store = tmp_path / "s.sqlite"
    demo_journey("nachtkwartier", store=SQLiteStore(store)).store.close()
    assert main(["kvu", "nieuwe-ronde", "nachtkwartier", "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert "Ronde 2 is gestart als traject" in out
    assert "12 metingen als nulmeting en 6 maatregelen" in out
    with SQLiteStore(store) as backend:
        assert len(Journey.ids(backend)) == 2
