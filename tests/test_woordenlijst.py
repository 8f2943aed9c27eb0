"""The house words of docs/woordenlijst.md: no Dutch string uses a word the list rules out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sprintkit.i18n import catalog

ROOT = Path(__file__).resolve().parent.parent
WOORDENLIJST = ROOT / "docs" / "woordenlijst.md"
NONE = {"", "—", "-"}


def table(heading: str) -> list[list[str]]:
    """The rows of the Markdown table under ``## heading`` (header and rule left out)."""
    section = WOORDENLIJST.read_text(encoding="utf-8").split(f"\n## {heading}\n", 1)[1]
    section = section.split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    cells = [[c.strip().strip("`") for c in row.strip("|").split("|")] for row in rows]
    return cells[2:]  # header row, then |---|


def banned() -> dict[str, str]:
    """Word (lower case) -> the house term to use instead."""
    words: dict[str, str] = {}
    for term, _meaning, avoid in table("Huiswoorden"):
        for word in avoid.split(","):
            if word.strip() not in NONE:
                words[word.strip().lower()] = term
    return words


def exceptions() -> set[tuple[str, str]]:
    """(catalogue key, word) pairs that may use a banned word."""
    return {(key, word.lower()) for key, word, _why in table("Uitzonderingen")}


def plain(text: str) -> str:
    """``text`` without what is not prose: placeholders, CLI commands, options, U+ codes."""
    return re.sub(r"\{\w+\}|sprintkit \w+( \w+)?|--[\w-]+|U\+", " ", text)


def uses(word: str, text: str) -> bool:
    """Whether ``text`` holds ``word`` as a whole word (not in 'klantreis' or 'werkvorm-run')."""
    pattern = rf"(?<![\w-]){re.escape(word)}(?![\w-])"
    return re.search(pattern, plain(text), re.IGNORECASE) is not None


def dutch_texts():
    for key, entry in sorted(catalog().items()):
        nl = entry["nl"]
        for text in nl.values() if isinstance(nl, dict) else [nl]:
            yield key, text


def test_the_list_is_a_table_of_terms_meanings_and_words_not_used():
    rows = table("Huiswoorden")
    assert len(rows) >= 20
    assert all(len(row) == 3 and row[0] and len(row[1]) > 20 for row in rows), rows
    terms = {row[0] for row in rows}
    assert {"traject", "werkvorm", "sleutelfactor", "koppelvlak", "begeleider"} <= terms
    words = banned()
    assert {"reis", "journey", "facilitator", "sticky notes", "quick wins", "u"} <= set(words)
    assert words["reis"] == "traject" and words["baseline"] == "nulmeting"
    assert not set(words) & {t.lower() for t in terms}, "a house word is also ruled out"


def test_the_word_match_sees_whole_words_only():
    assert uses("reis", "De reis van de wijk")
    assert uses("sticky notes", "Plak de Sticky Notes op het bord")
    assert uses("u", "Kiest u een werkvorm?")
    assert not uses("reis", "De klantreis van een bewoner")
    assert not uses("run", "werkvorm-run 'r1' is al gestart")
    assert not uses("journey", "start er een met 'sprintkit journey start' of --journey")
    assert not uses("u", "een stuurteken (U+{code})")  # a code point, not a pronoun


def test_every_house_term_is_used_in_the_dutch_catalogue():
    """The list describes the words sprintkit shows, not words nobody reads."""
    text = " ".join(text for _key, text in dutch_texts()).lower()
    missing = [term for term, _m, _a in table("Huiswoorden") if term.lower() not in text]
    assert missing == []


@pytest.mark.parametrize("word", sorted(banned()))
def test_no_dutch_string_uses_a_word_the_list_rules_out(word):
    allowed = {key for key, w in exceptions() if w == word}
    found = [(key, text) for key, text in dutch_texts() if key not in allowed and uses(word, text)]
    assert found == [], f"use '{banned()[word]}' instead of '{word}' (docs/woordenlijst.md)"


def test_every_exception_is_still_needed():
    texts = dict(dutch_texts())
    stale = [(key, w) for key, w in exceptions() if key not in texts or not uses(w, texts[key])]
    assert stale == []


def test_no_dutch_string_exclaims():
    """'Opgeslagen.' not 'Opgeslagen!' (a leading '! let op' is a symbol, not an exclamation)."""
    assert [(key, text) for key, text in dutch_texts() if re.search(r"\w!", text)] == []
