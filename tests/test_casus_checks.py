"""The semantic checks of a casus beyond its golden messages (tests/errors)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sprintkit.errors import CasusValidationError
from sprintkit.loading import load_casus
from sprintkit.model import Indicator

ERRORS = Path(__file__).parent / "errors"


def _copy(tmp_path: Path, case: str, change=lambda text: text) -> Path:
    source = ERRORS / case
    folder = tmp_path / case
    for path in source.rglob("*.yaml"):
        target = folder / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8")
        target.write_text(change(text) if path.name == "casus.yaml" else text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("written", "value"), [("1318", 1318.0), ("'1.318,0'", 1318.0), ("1.3180", 1.318)]
)
def test_the_explicit_ways_to_write_a_number_are_read(tmp_path, written, value):
    folder = _copy(tmp_path, "casus-thousands-separator", lambda t: t.replace("1.318", written))
    assert load_casus(folder).indicators[0].present.value == value


def test_a_dutch_decimal_comma_is_a_number():
    indicator = Indicator(
        id="b", name="Inbraken", environment="criminal", unit="per jaar", better="lower",
        past={"value": "5,4"}, present={"value": "1.318,5"},
    )  # fmt: skip
    assert (indicator.past.value, indicator.present.value) == (5.4, 1318.5)


def test_a_real_case_with_demo_input_says_so_with_purpose_practice(tmp_path):
    folder = _copy(
        tmp_path,
        "casus-demo-not-fictional",
        lambda t: t.replace("fictional: false", "fictional: false\npurpose: practice"),
    )
    assert load_casus(folder).purpose == "practice"


def test_a_training_case_that_is_fictional_loads(tmp_path):
    folder = _copy(
        tmp_path,
        "casus-training-not-fictional",
        lambda t: t.replace("fictional: false", "fictional: true"),
    )
    assert load_casus(folder).purpose == "training"


def test_this_year_is_not_the_future(tmp_path):
    from datetime import date

    year = date.today().year
    folder = _copy(
        tmp_path,
        "casus-future-years",
        lambda t: t.replace("2099", str(year)).replace("2019-2098", f"2019-{year}"),
    )
    assert load_casus(folder).indicators[0].present.year == year
    later = _copy(tmp_path / "later", "casus-future-years", lambda t: t.replace("2099", "2098"))
    with pytest.raises(CasusValidationError) as info:
        load_casus(later)
    assert [p.loc for p in info.value.problems] == [
        "indicators[0].present.year",
        "past_interventions[0].period",
    ]
