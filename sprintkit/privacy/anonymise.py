"""One anonymiser for every anonymised output: names, contact details and pseudonyms.

An :class:`Anonymiser` knows every person in play (the journey's roster, the casus' actors,
the working group's stand-ins, names typed as authors) and finds them in free text the way
people write them: full name, first name alone, surname alone with or without its
tussenvoegsel ("de Wit", "Wit"), a possessive ("Noors", "Kooistra's"), any case, without
accents ("Aydin" for "Aydın"), split over ``-``, ``_`` or ``.`` ("ria_brouwer"), parts of a
hyphenated name ("Jan" of "Hendrik-Jan"), and an initial before a surname ("R. Brouwer").
Each is replaced by the person's pseudonym. A capitalised word after a cue such as "buurman"
or "mevrouw" is a name nobody listed and becomes ``[naam]``. E-mail addresses, URLs, Dutch
phone numbers, postcodes and house numbers become typed placeholders (``[e-mail]``).

Pseudonyms are an HMAC of the person's key with a secret that is made for each anonymiser
(:mod:`secrets`) and never written anywhere, so nobody can re-identify a person by hashing
candidate names; within one anonymiser (one export, one report) a person keeps one pseudonym.

The module is pure: no files, no store. Phone numbers are recognised with ``phonenumbers``
(Google's libphonenumber), imported only when a text holds enough digits to be one.

Examples:
    >>> a = Anonymiser([("esther_de_wit", ["Esther de Wit"])], key=b"secret")
    >>> a.text("Esther zei dat de Wit's fiets weg is; mail esther@wit.nl of bel 06-12345678.")
    'deelnemer-6eaa6d28 zei dat deelnemer-6eaa6d28 fiets weg is; mail [e-mail] of bel [telefoon].'
    >>> a.text("buurman Gerrit woont op Molenstraat 12a, 1234 AB") == (
    ...     "buurman [naam] woont op Molenstraat [huisnummer], [postcode]")
    True
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .._fold import fold
from ..i18n import t
from ._words import ABBREVIATIONS, COMMON_WORDS, CUES, DETERMINERS, PARTICLES

__all__ = ["Anonymiser", "PREFIX", "name_tokens"]

#: what every pseudonym starts with
PREFIX = "deelnemer-"

_TOKEN = re.compile(r"[^\W_]+")
#: what may stand between two parts of one name: a space, -, _ or . (at most a few)
_JOIN = re.compile(r"[\s\-_.]{1,3}")
_POSSESSIVE = re.compile(r"['’]s?(?![^\W_])")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]]", re.IGNORECASE)
_POSTCODE = re.compile(r"(?<![\w])[1-9]\d{3}(?:\s?[A-Z]{2}|[a-z]{2})(?![\w])")
#: a street (a word ending in a street word) and its house number (with letter or addition)
_HOUSE = re.compile(
    r"(?<![\w])([^\W\d_]*(?:straat|laan|weg|plein|gracht|kade|singel|hof|pad|dijk|dreef|steeg"
    r"|plantsoen|park|erf|ring|baan|veld|wal|markt|dam)\s+)(\d{1,4}(?:\s?[a-zA-Z](?![\w]))?"
    r"(?:-\d{1,4})?)(?![\w])",
    re.IGNORECASE,
)
#: digits enough for a phone number: only then is ``phonenumbers`` asked
_PHONE_HINT = re.compile(r"(?:\+|\b0)\d(?:[\s\-.()]*\d){7,}")


def name_tokens(text: str) -> list[str]:
    """The comparable words of a name: folded (no accents), lower case, split on punctuation.

    Examples:
        >>> name_tokens("Kemal Aydın"), name_tokens("frank_van_der_linde")
        (['kemal', 'aydin'], ['frank', 'van', 'der', 'linde'])
    """
    return [m.group(0) for m in _TOKEN.finditer(fold(text).casefold())]


def _variants(name: str) -> Iterator[tuple[str, ...]]:
    """The word sequences that name a person.

    Full, first name, surname with and without tussenvoegsel, first name + surname, and each
    part of a hyphenated or double name.
    """
    words = name_tokens(name)
    if not words:
        return
    yield tuple(words)
    parts = name.split()
    first = name_tokens(parts[0]) if len(parts) > 1 else words
    rest = words[len(first) :]
    core = [w for w in rest if w not in PARTICLES]
    yield tuple(first)
    if rest:
        yield tuple(rest)
    if core:
        yield tuple(core)
        yield (*first, *core)
        if len(first) > 1:
            yield (first[-1], *core)
        if len(core) < len(rest):
            yield (first[-1], *rest)
    # a double surname ("van der Meulen-de Boer"): without its first particles, and each part
    # with its own particles ("de Boer"), so a part that is also a word still counts
    stripped = list(rest)
    while stripped and stripped[0] in PARTICLES:
        stripped.pop(0)
    if stripped and len(stripped) < len(rest):
        yield tuple(stripped)
    surname = " ".join(parts[1:]) if len(parts) > 1 else ""
    for part in surname.split("-"):
        tokens = name_tokens(part)
        if len(tokens) > 1 and any(w not in PARTICLES for w in tokens):
            yield tuple(tokens)
    # a hyphenated first name ("Hendrik-Jan") or a double surname: each part alone too
    for word in words:
        if word not in PARTICLES:
            yield (word,)


@dataclass(frozen=True)
class _Name:
    person: str
    words: tuple[str, ...]


class Anonymiser:
    """Pseudonyms for people and a scrubber for text, for one anonymised output.

    ``people`` are ``(key, names)`` pairs: the key a person is referred to by in the data
    (a roster or actor id, or a name typed as an author) and the names they were shown with.
    ``key`` is the secret of the pseudonyms (random when not given: one export, one secret).
    ``replacement`` replaces every found name with one fixed text instead of a pseudonym
    (erasure uses ``[vergeten]``). ``lang`` words the placeholders.
    """

    def __init__(
        self,
        people: Iterable[tuple[str, Iterable[str]]] = (),
        *,
        key: bytes | None = None,
        lang: str = "nl",
        replacement: str | None = None,
        contacts: bool = True,
    ):
        """Index every name variant of ``people`` (longest first when they overlap)."""
        self._key = key if key is not None else secrets.token_bytes(32)
        self._lang, self._replacement, self._contacts = lang, replacement, contacts
        self._pseudonyms: dict[str, str] = {}
        self._taken: set[str] = set()
        self._keys: set[str] = set()
        self._index: dict[str, list[_Name]] = {}
        self._by_text: dict[str, str] = {}
        for person, names in people:
            self.add(person, names)

    # -- people ---------------------------------------------------------------------------------
    def add(self, person: str, names: Iterable[str] = ()) -> None:
        """Make ``person`` known by its key and ``names`` (the key is a name too)."""
        self._keys.add(person)
        self._by_text.setdefault(person, person)
        for name in (*names, person):
            if not name:
                continue
            self._by_text.setdefault(name, person)
            self._by_text.setdefault(" ".join(name_tokens(name)), person)
            for words in _variants(name):
                if len(words) == 1 and (len(words[0]) < 2 or words[0].isdigit()):
                    continue
                entries = self._index.setdefault(words[0], [])
                if all(e.words != words for e in entries):  # the first person keeps a variant
                    entries.append(_Name(person, words))
                    entries.sort(key=lambda e: -len(e.words))

    def pseudonym(self, person: str) -> str:
        """The pseudonym of ``person`` in this output (the same every time it is asked)."""
        if self._replacement is not None:
            return self._replacement
        found = self._pseudonyms.get(person)
        if found is None:
            digest = hmac.new(self._key, person.encode(), hashlib.sha256).hexdigest()
            size = 8
            found = PREFIX + digest[:size]
            while found in self._taken:  # two people never share a pseudonym
                size += 2
                found = PREFIX + digest[:size]
            self._taken.add(found)
            self._pseudonyms[person] = found
        return found

    def who(self, value: str | None) -> str | None:
        """A reference to a person (an id or a typed name) as their pseudonym."""
        if value is None or value == "":
            return value
        person = self._by_text.get(value) or self._by_text.get(" ".join(name_tokens(value)))
        return self.pseudonym(person or value)

    def knows(self, value: str) -> bool:
        """Whether ``value`` is a person's key or one of their names."""
        return value in self._by_text or " ".join(name_tokens(value)) in self._by_text

    @property
    def people(self) -> frozenset[str]:
        """The keys of every known person."""
        return frozenset(self._keys)

    # -- text -----------------------------------------------------------------------------------
    def text(self, text: str) -> str:
        """``text`` with every name a pseudonym and every contact detail a placeholder."""
        if not text:
            return text
        if self._contacts:
            text = self._contact_details(text)
        return self._names(text)

    def value(self, value: Any, *, keys: bool = True) -> Any:
        """Every string in a JSON-like value scrubbed (dict keys too, unless ``keys=False``)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(v, keys=keys) for v in value]
        if isinstance(value, dict):
            return {
                (self.text(k) if keys and isinstance(k, str) else k): self.value(v, keys=keys)
                for k, v in value.items()
            }
        return value

    def placeholder(self, what: str) -> str:
        """A typed placeholder (``[e-mail]``, ``[naam]``) in this output's language."""
        return t(f"privacy.placeholder.{what}", self._lang)

    def _contact_details(self, text: str) -> str:
        if "@" in text:
            text = _EMAIL.sub(self.placeholder("email"), text)
        if "www" in text or "://" in text:
            text = _URL.sub(self.placeholder("url"), text)
        if _PHONE_HINT.search(text):
            text = _phones(text, self.placeholder("phone"))
        if any(c.isdigit() for c in text):
            text = _POSTCODE.sub(self.placeholder("postcode"), text)
            house = self.placeholder("house_number")
            text = _HOUSE.sub(lambda m: m.group(1) + house, text)
        return text

    def _names(self, text: str) -> str:
        tokens = list(_TOKEN.finditer(text))
        if not tokens:
            return text
        folded = [fold(m.group(0)).casefold() for m in tokens]
        out: list[str] = []
        done = 0  # text before this offset is in ``out``
        i = 0
        while i < len(tokens):
            found = self._match(text, tokens, folded, i)
            if found is None:
                i += 1
                continue
            start, end, last, replacement = found
            out += [text[done:start], replacement]
            done, i = end, last + 1
        out.append(text[done:])
        return "".join(out)

    def _match(
        self, text: str, tokens: list[re.Match[str]], folded: list[str], i: int
    ) -> tuple[int, int, int, str] | None:
        """The name starting at token ``i``: (start, end, last token, replacement)."""
        for entry in self._candidates(folded[i]):
            last = _fits(text, tokens, folded, i, entry.words)
            if last is None:
                continue
            if len(entry.words) == 1 and not self._is_name(tokens, folded, i, entry.words[0]):
                continue
            start, end = tokens[i].start(), tokens[last].end()
            start = _with_initial(text, start)
            tail = _POSSESSIVE.match(text, end)
            if tail and (tail.group(0) != "'" or folded[last].endswith("s")):
                end = tail.end()
            return start, end, last, self.pseudonym(entry.person)
        if folded[i] in CUES and i + 1 < len(tokens):
            return self._cued(text, tokens, folded, i + 1)
        return None

    def _candidates(self, word: str) -> list[_Name]:
        found = self._index.get(word, [])
        if word.endswith("s") and len(word) > 3:  # a possessive -s: "Noors", "Jans"
            stem = [e for e in self._index.get(word[:-1], []) if len(e.words) == 1]
            found = found + stem
        return found

    @staticmethod
    def _is_name(tokens: list[re.Match[str]], folded: list[str], i: int, word: str) -> bool:
        """Whether a one-word name is a name here, not an ordinary word ("roos", "post").

        Such a word counts only when capitalised and not after a lower-case article.
        """
        if word not in COMMON_WORDS and folded[i] not in COMMON_WORDS:
            return True
        if not tokens[i].group(0)[0].isupper():
            return False
        return not (i and folded[i - 1] in DETERMINERS and tokens[i - 1].group(0).islower())

    def _cued(
        self, text: str, tokens: list[re.Match[str]], folded: list[str], j: int
    ) -> tuple[int, int, int, str] | None:
        """After "buurman", "mevrouw" ...: capitalised words (and particles) are a name."""
        gap = text[tokens[j - 1].end() : tokens[j].start()]
        if gap != " " and not (gap in (". ", ".") and folded[j - 1] in ABBREVIATIONS):
            return None
        if any(
            _fits(text, tokens, folded, j, e.words) is not None for e in self._candidates(folded[j])
        ):
            return None  # a known person: their pseudonym, found at the next word
        last = None
        k = j
        while k < len(tokens):
            word = tokens[k].group(0)
            between = text[tokens[k - 1].end() : tokens[k].start()] if k > j else ""
            if k > j and not _JOIN.fullmatch(between):
                break
            if word[0].isupper() and folded[k] not in DETERMINERS:
                last = k
            elif folded[k] not in PARTICLES:
                break
            k += 1
        if last is None:
            return None
        end = tokens[last].end()
        tail = _POSSESSIVE.match(text, end)
        if tail and tail.group(0) != "'":
            end = tail.end()
        return tokens[j].start(), end, last, self._replacement or self.placeholder("name")


def _fits(
    text: str, tokens: list[re.Match[str]], folded: list[str], i: int, words: tuple[str, ...]
) -> int | None:
    """The index of the last token when ``words`` stand at token ``i`` (possessive allowed)."""
    last = i + len(words) - 1
    if last >= len(tokens):
        return None
    for k, word in enumerate(words):
        have = folded[i + k]
        if have != word and not (k == len(words) - 1 and have == word + "s"):
            return None
        if k and not _JOIN.fullmatch(text[tokens[i + k - 1].end() : tokens[i + k].start()]):
            return None
    return last


def _with_initial(text: str, start: int) -> int:
    """Move ``start`` back over an initial ("R. " of "R. Brouwer")."""
    before = text[max(0, start - 4) : start]
    found = re.search(r"(?<![^\W_])[A-Z]\.\s?$", before)
    return start - len(found.group(0)) if found else start


def _phones(text: str, placeholder: str) -> str:
    import phonenumbers  # lazy: its metadata loads on first use (~20 ms)

    spans = [(m.start, m.end) for m in phonenumbers.PhoneNumberMatcher(text, "NL", leniency=0)]
    # what libphonenumber declines but is plainly a Dutch number written out still goes
    spans += [(m.start(), m.end()) for m in _PHONE_HINT.finditer(text) if _dutch(m.group(0))]
    for start, end in sorted(_merge(spans), reverse=True):
        text = text[:start] + placeholder + text[end:]
    return text


def _dutch(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if candidate.startswith("+") or digits.startswith("00"):
        return 10 <= len(digits) <= 13
    return len(digits) == 10 and digits.startswith("0")


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


#: a callable turning a person reference into what an output shows (used by the exchange)
Who = Callable[[str | None], str | None]
