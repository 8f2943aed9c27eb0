"""Every shipped casus and work form loads; new files are tested with no new test."""

from __future__ import annotations

from pathlib import Path

import pytest

from sprintkit import catalogue
from sprintkit.loading import load_casus, load_workform
from sprintkit.model import ActorKind, Environment

ROOT = Path(__file__).resolve().parent.parent
CASUS = sorted(p.parent for p in (ROOT / "casus").glob("*/casus.yaml"))
WORKFORMS = sorted((ROOT / "workforms").glob("*.yaml"))
SHIPPED_YAML = [*CASUS, *WORKFORMS, *sorted((ROOT / "sprintkit" / "methods").glob("*.yaml"))]


def test_there_is_data_to_test():
    assert len(CASUS) >= 2
    assert len(WORKFORMS) >= 18


@pytest.mark.parametrize("folder", CASUS, ids=lambda p: p.name)
def test_casus_loads(folder):
    casus = load_casus(folder)
    assert casus.id == folder.name
    assert casus.actors and casus.indicators


@pytest.mark.parametrize("path", WORKFORMS, ids=lambda p: p.stem)
def test_workform_loads_and_is_registered(path):
    spec = load_workform(path)
    assert catalogue.get(spec.slug) == spec
    assert spec.name.en and spec.description.en and all(s.en for s in spec.steps)


@pytest.mark.parametrize("path", SHIPPED_YAML, ids=lambda p: p.name if p.is_file() else p.stem)
def test_shipped_yaml_points_editors_at_its_schema(path):
    path = path / "casus.yaml" if path.is_dir() else path
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    schema = (path.parent / first.split("$schema=")[1]).resolve()
    assert schema.is_file(), schema


def test_molenwijk_is_rich_enough_for_training(molenwijk):
    assert molenwijk.fictional
    assert any(w in molenwijk.description.nl.lower() for w in ("fictie", "verzonnen"))
    assert len(molenwijk.actors) >= 15
    assert {a.kind for a in molenwijk.actors} == set(ActorKind)
    assert any(a.kind == ActorKind.EX_OFFENDER and a.pseudonym for a in molenwijk.actors)
    for env in Environment:
        inds = [i for i in molenwijk.indicators if i.environment == env]
        assert len(inds) >= 3, env
        assert all(i.past is not None for i in inds), env
    assert all(1 in a.glijbaan for a in molenwijk.actors)
    assert len(molenwijk.structures) >= 3 and len(molenwijk.past_interventions) >= 3
    assert all(p.lessons for p in molenwijk.past_interventions)


def test_molenwijk_interventions_cross_environments(molenwijk):
    env_of = {i.id: i.environment for i in molenwijk.indicators}
    crossing = [
        iv
        for iv in molenwijk.interventions
        if any((e.environment or env_of[e.indicator]) != iv.environment for e in iv.effects)
    ]
    assert len(crossing) >= 6
    fitness = next(iv for iv in molenwijk.interventions if "fitness" in iv.id)
    assert fitness.environment == Environment.PHYSICAL
    assert any(
        e.sign == "positive" and env_of.get(e.indicator) == Environment.SOCIAL
        for e in fitness.effects
    )


def test_kvu_case_has_a_working_group():
    casus = load_casus("nachtkwartier")
    assert casus.method == "kvu" and casus.area.kind == "nightlife_area"
    kinds = {o.kind for o in casus.organisations}
    assert {"municipality", "police", "horeca_association", "business"} <= kinds
    assert any("werkgroep" in s.name.lower() for s in casus.structures)
