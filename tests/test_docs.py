"""The guides a newcomer reads: the casus example is valid, and the README leads to them."""

from __future__ import annotations

import re
from pathlib import Path

from sprintkit.loading import load_casus
from sprintkit.model import ActorKind, OrganisationKind

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "casus.md").read_text(encoding="utf-8")


def test_the_complete_example_in_the_casus_guide_is_valid(tmp_path):
    (example,) = re.findall(r"```yaml\n(.*?)```", GUIDE, re.DOTALL)
    (tmp_path / "oefenwijk").mkdir()
    (tmp_path / "oefenwijk" / "casus.yaml").write_text(example, encoding="utf-8")
    casus = load_casus(tmp_path / "oefenwijk")
    assert casus.actors[0].glijbaan == {1: 1, 4: 2}
    assert casus.indicators[1].present.value == 1318


def test_the_casus_guide_names_every_kind():
    for kind in [*ActorKind, *OrganisationKind]:
        assert f"`{kind.value}`" in GUIDE, kind


def test_the_readme_leads_a_newcomer_to_the_guides():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = readme.split("## The notebooks")[0]  # what a newcomer reads before anything else
    for guide in ("docs/casus.md", "docs/journey-api.md", "docs/plugins.md", "docs/workforms.md"):
        assert f"]({guide})" in first, guide
        assert (ROOT / guide).is_file()
