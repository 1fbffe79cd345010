"""Words to index terms: the one pipeline for articles and queries, so both meet.

Russian: lower case, ё folded to е, function words dropped, every other word reduced to
its dictionary form with pymorphy3 (заблокировали → заблокировать, учётной → учётный), then
synonyms mapped to one canonical term (портал, ЕПГУ → госуслуги; ЛК → личный кабинет).
Abbreviations and names on the keep list stay as they are in any case and any inflection
(СНИЛСа → снилс, Госуслугах → госуслуги), because a dictionary would mangle them. English:
lower case and the Snowball stemmer (passwords → password, locked → lock). Numbers stay.
The synonym table is data (resources/kb/synonyms.txt): one group a line, the first word is
what the others become.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pymorphy3
import snowballstemmer

from app.paths import resource_path

#: Letters (any script) and digits; a hyphen or an apostrophe inside a word splits it.
WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: Kept whole, in lower case, whatever their inflection (and never lemmatised).
KEEP = frozenset(
    {
        "инн", "снилс", "епгу", "есиа", "мфц", "егрн", "окп", "лк", "смс", "sms", "эп",
        "кэп", "укэп", "нэп", "пэп", "фнс", "пфр", "сфр", "гибдд", "мвд", "фмс", "омс",
        "госуслуги", "госуслуга", "esia", "inn", "snils", "mfc", "gosuslugi",
    }
)  # fmt: skip
#: Parts of speech that carry no meaning for search (prepositions, conjunctions, particles,
#: interjections); "не" goes too: "не приходит" and "приходит" ask the same.
_FUNCTION_WORDS = frozenset({"PREP", "CONJ", "PRCL", "INTJ"})
WORD_CACHE = 200_000
_CYRILLIC = re.compile("[а-яё]+")
_ENGLISH_STOP = frozenset(
    {"a", "an", "the", "to", "of", "in", "on", "at", "for", "and", "or", "is", "are", "be",
     "my", "i", "it", "with", "from", "by", "do", "does", "not", "no", "can", "how", "what"}
)  # fmt: skip


def fold(word: str) -> str:
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=1)
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


class _Terms:
    """A word's term, remembered: plain dicts of str to str, which the garbage collector
    does not track (an lru_cache's 200,000 entries it would walk on every full collection,
    stalling the GUI thread while a large pull is indexed). Cleared when full."""

    LIMIT = 200_000

    def __init__(self, work: Callable[..., str]) -> None:
        self._work = work
        self._by_known: dict[frozenset[str], dict[str, str]] = {}

    def __call__(self, word: str, known: frozenset[str] = frozenset()) -> str:
        cache = self._by_known.setdefault(known, {})
        term = cache.get(word)
        if term is None:
            term = self._work(word, known) if known else self._work(word)
            if len(cache) >= self.LIMIT:
                cache.clear()
            cache[word] = term
        return term

    def cache_clear(self) -> None:
        self._by_known.clear()


def _russian_term(word: str, known: frozenset[str] = frozenset()) -> str:
    """One folded Russian word's term ('' for a function word). Of the dictionary's readings
    the first whose lemma is a ``known`` term wins (учётку: the noun учётка, not a verb the
    analyser guesses first); else the likeliest."""
    if word in KEEP or not _CYRILLIC.fullmatch(word):
        return word  # numbers, Latin (VPN, Chrome) and other scripts stay as typed
    parses = _morph().parse(word)
    if known:
        for parse in parses:
            if fold(parse.normal_form) in known:
                return fold(parse.normal_form)
    parse = parses[0]
    if parse.tag.POS in _FUNCTION_WORDS:
        return ""
    return fold(parse.normal_form)


def _english_term(word: str) -> str:
    if word in KEEP or word.isdigit():
        return word
    if word in _ENGLISH_STOP:
        return ""
    return str(_stemmer().stemWord(word))


russian_term = _Terms(_russian_term)
english_term = _Terms(_english_term)


@dataclass
class Synonyms:
    """Groups of terms that mean the same; each maps to the group's first term, which may
    be several words ('личный кабинет'). A variant ending in ``*`` matches words that
    start with it (учетк* for учётку, учётки, учёткой: slang the dictionary does not know)."""

    canonical: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    prefixes: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    longest: int = 1
    known: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: Path | None = None, language: str = "ru") -> Synonyms:
        source = path or resource_path("kb", "synonyms.txt")
        table = cls()
        if not source.exists():
            return table
        for raw in source.read_text(encoding="utf-8").splitlines():
            line = raw.split("#", 1)[0].strip()
            if line.startswith(f"{language}:"):
                table._add([part.strip() for part in line[len(language) + 1 :].split("=")])
        return table

    def _add(self, group: list[str]) -> None:
        head = tuple(_terms(group[0], self._language_of(group)))
        if not head:
            return
        known = set(self.known) | set(head)
        for variant in group[1:]:
            if variant.endswith("*") and len(variant) > 2:
                self.prefixes.append((fold(variant[:-1]), head))
                continue
            terms = tuple(_terms(variant, self._language_of(group)))
            if terms and terms != head:
                self.canonical[terms] = head
                self.longest = max(self.longest, len(terms))
                known.update(terms)
        self.known = frozenset(known)

    @staticmethod
    def _language_of(group: list[str]) -> str:
        return "en" if all(re.fullmatch(r"[a-z0-9 \-*]*", g.lower()) for g in group) else "ru"

    def prefixed(self, word: str) -> tuple[str, ...] | None:
        for prefix, head in self.prefixes:
            if word.startswith(prefix) and len(word) <= len(prefix) + 5:
                return head
        return None

    def apply(self, terms: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(terms):
            for size in range(min(self.longest, len(terms) - i), 0, -1):
                replacement = self.canonical.get(tuple(terms[i : i + size]))
                if replacement is not None:
                    out.extend(replacement)
                    i += size
                    break
            else:
                out.append(terms[i])
                i += 1
        return out


def words(text: str) -> Iterator[str]:
    """The folded words of a text, in order."""
    for match in WORD.finditer(text):
        yield fold(match.group())


def _terms(text: str, language: str) -> Iterator[str]:
    term = english_term if language == "en" else russian_term
    for word in words(text):
        value = term(word)
        if value:
            yield value


class Normaliser:
    """Text to terms for one language (``ru`` or ``en``)."""

    def __init__(self, language: str, synonyms: Synonyms | None = None) -> None:
        self.language = language
        self.synonyms = synonyms if synonyms is not None else Synonyms.load(language=language)
        self._words: dict[str, tuple[str, ...]] = {}

    def word_terms(self, word: str) -> tuple[str, ...]:
        """One folded word's terms, remembered (snippets ask for the same words again and
        again; the dictionary lookup and the synonym table cost microseconds each)."""
        found = self._words.get(word)
        if found is None:
            found = tuple(self.terms(word))
            if len(self._words) < WORD_CACHE:
                self._words[word] = found
        return found

    def term(self, word: str) -> str:
        """One folded word's term before synonyms ('' when it is a function word)."""
        if self.language == "en":
            return english_term(word)
        return russian_term(word, self.synonyms.known)

    def terms(self, text: str) -> list[str]:
        out: list[str] = []
        for word in words(text):
            slang = self.synonyms.prefixed(word)
            if slang is not None:
                out.extend(slang)
                continue
            term = self.term(word)
            if term:
                out.append(term)
        return self.synonyms.apply(out)

    def text(self, text: str) -> str:
        """The normalised text as the index stores it: terms joined by spaces."""
        return " ".join(self.terms(text))
