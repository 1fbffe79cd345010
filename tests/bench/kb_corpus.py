"""The knowledge-base benchmark's data (tests/bench/test_bench_kb.py): generated articles
and the SQLite file they are indexed in, built once and kept.

The corpus is generated from the shipped Russian articles (resources/kb/ru): each article
takes most of its sentences, list items and headings from one shipped article (its topic)
and the rest from any, a varied title (a qualifier, sometimes a region), a few of its
keywords and its categories, 150-250 words of body. A real knowledge base of that size also
has a long tail of rare words (names, places, products) that 50 articles cannot give, and
the vocabulary's size is what typo correction searches: each article also names a few words
drawn, Zipf-like, from ~20,000 lemmas of the pymorphy3 dictionary. The 75 shipped articles
are seeded as at first start. Rows go into kb_articles in bulk; the index is then built by
the real ``KnowledgeAdmin.reindex()``, timed apart from the insert.

Each file is built once (2-4 minutes) and kept in the temp directory under a key made of
the migration head, this builder's version and the size; KB_BENCH_DIR puts the files
elsewhere.
"""

from __future__ import annotations

import json
import os
import random
import re
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

import pymorphy3

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import head_revision, sqlite_url
from app.kb import index
from app.kb.articles import ArticleText, read_file
from app.kb.normalise import WORD
from app.kb.snippets import plain
from app.paths import resource_path
from app.services.kb_admin import KnowledgeAdmin
from app.services.knowledge import KnowledgeBase
from tests.bench.conftest import NOTES

#: 2: one FTS5 table per language and the key table (daf9209), built by the real reindex.
BUILDER_VERSION = 3  # 3: the titles-and-keywords table
SEED = 20261126

_QUALIFIERS = (
    "", "", "", ": частые вопросы", ": для юридических лиц", ": для индивидуальных "
    "предпринимателей", ": для иностранных граждан", ": если звонит представитель",
    " в мобильном приложении", ": памятка оператору", ": пошагово", ": сложные случаи",
    ": для пенсионеров", ": для родителей несовершеннолетних", ": после смены фамилии",
)  # fmt: skip
_REGIONS = (
    "Москва", "Санкт-Петербург", "Московская область", "Тверская область", "Республика "
    "Татарстан", "Краснодарский край", "Новосибирская область", "Свердловская область",
    "Республика Башкортостан", "Нижегородская область", "Ростовская область", "Самарская "
    "область", "Челябинская область", "Пермский край", "Воронежская область", "Волгоградская "
    "область", "Красноярский край", "Саратовская область", "Тюменская область", "Омская "
    "область", "Иркутская область", "Приморский край", "Хабаровский край", "Калининградская "
    "область", "Ярославская область", "Владимирская область", "Республика Карелия",
    "Мурманская область", "Архангельская область", "Вологодская область", "Курская область",
    "Белгородская область", "Тульская область", "Рязанская область", "Калужская область",
    "Смоленская область", "Псковская область", "Ленинградская область", "Республика Саха",
)  # fmt: skip
_SENTENCE = re.compile(r"(?<=[.!?…»])\s+(?=[«(А-ЯЁA-Z0-9])")
_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+")
_TAIL_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"
_TAIL_SECOND = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
#: Names, places, abbreviations, organisations: not the kind of word the tail stands for.
_TAIL_SKIP = frozenset({"Geox", "Name", "Surn", "Patr", "Abbr", "Orgn", "Trad"})
_ARTICLE_COLUMNS = (
    "id, created_at, updated_at, version, deleted_at, slug, language, kind, title, categories,"
    " keywords, body, status, revision"
)


# the corpus -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Source:
    """A shipped article cut into the pieces generated articles are made of."""

    article: ArticleText
    headings: tuple[str, ...]
    sentences: tuple[str, ...]
    items: tuple[str, ...]  # list items and quoted phrases


def _sources() -> list[_Source]:
    out = []
    for path in sorted(resource_path("kb", "ru").glob("*.md")):
        article = read_file(path)
        headings: list[str] = []
        sentences: list[str] = []
        items: list[str] = []
        for raw in article.body.splitlines():
            line = raw.strip()
            if line.startswith("#"):
                headings.append(line.lstrip("#").strip())
            elif _ITEM.match(line):
                items.append(_ITEM.sub("", line))
            elif line.startswith(">"):
                items.append(line.lstrip("> ").strip())
            elif line:
                sentences += [s for s in _SENTENCE.split(line) if s]
        out.append(_Source(article, tuple(headings), tuple(sentences), tuple(items)))
    return out


def _tail_words() -> list[str]:
    """About 20,000 nouns and adjectives in their dictionary form (no names or places), in
    the dictionary's order: up to 80 for each two-letter start."""
    words = pymorphy3.MorphAnalyzer(lang="ru").dictionary
    seen: set[str] = set()
    out: list[str] = []
    for first in _TAIL_LETTERS:
        for second in _TAIL_SECOND:
            taken = 0
            for word, tag, normal, _para, _index in words.iter_known_words(first + second):
                if word != normal or len(word) < 5 or normal in seen or "-" in word:
                    continue
                if tag.POS not in ("NOUN", "ADJF") or _TAIL_SKIP & tag.grammemes:
                    continue
                seen.add(normal)
                out.append(normal)
                taken += 1
                if taken == 80:
                    break
    return out


def word_count(markdown: str) -> int:
    return len(WORD.findall(plain(markdown)))


class Corpus:
    """Generated articles, reproducible from the seed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.sources = _sources()
        self.sentences = [s for source in self.sources for s in source.sentences]
        self.items = [s for source in self.sources for s in source.items]
        self.headings = [s for source in self.sources for s in source.headings]
        tail = _tail_words()
        rng.shuffle(tail)  # rank in the Zipf law: not alphabetical
        self.tail = tail
        self.tail_weights = list(accumulate(1 / (rank + 1) for rank in range(len(tail))))

    def _pick(self, own: tuple[str, ...], every: list[str]) -> str:
        return self.rng.choice(own if own and self.rng.random() < 0.7 else every)

    def body(self, source: _Source) -> str:
        rng = self.rng
        target = rng.randint(150, 250)
        blocks = [" ".join(self._pick(source.sentences, self.sentences) for _ in range(2))]
        count = word_count(blocks[0])
        while count < target:
            heading = f"## {self._pick(source.headings, self.headings)}"
            numbered = rng.random() < 0.5
            lines = [heading]
            count += word_count(heading)
            for n in range(rng.randint(2, 5)):
                if rng.random() < 0.25:
                    line = self._pick(source.sentences, self.sentences)
                else:
                    item = self._pick(source.items, self.items)
                    line = f"{n + 1}. {item}" if numbered else f"- {item}"
                words = word_count(line)
                if count + words > 250 and count >= 150:
                    break
                lines.append(line)
                count += words
            blocks.append("\n".join(lines))
        tail = rng.choices(self.tail, cum_weights=self.tail_weights, k=rng.randint(4, 8))
        blocks.append("Также спрашивают: " + ", ".join(tail) + ".")
        return "\n\n".join(blocks)

    def rows(self, articles: int) -> Iterator[tuple[Any, ...]]:
        rng = self.rng
        start = datetime(2024, 1, 1, tzinfo=UTC)
        for n in range(articles):
            source = rng.choice(self.sources)
            shipped = source.article
            title = shipped.title + rng.choice(_QUALIFIERS)
            if rng.random() < 0.4:
                title += f" ({rng.choice(_REGIONS)})"
            keywords = rng.sample(shipped.keywords, min(len(shipped.keywords), rng.randint(3, 6)))
            if rng.random() < 0.3:
                keywords.append(rng.choice(rng.choice(self.sources).article.keywords))
            stamp = (start + timedelta(minutes=n)).strftime("%Y-%m-%d %H:%M:%S.%f")
            yield (
                uuid.UUID(int=rng.getrandbits(128)).hex,
                stamp,
                stamp,
                1,
                None,
                f"{shipped.slug}-{n}",
                "ru",
                shipped.kind,
                title,
                ", ".join(shipped.categories),
                ", ".join(keywords),
                self.body(source),
                "published",
                1,
            )


# the file -----------------------------------------------------------------------------------------
def _db_path(articles: int) -> Path:
    folder = Path(
        os.environ.get("KB_BENCH_DIR", Path(tempfile.gettempdir()) / "hotline-desk-bench")
    )
    return folder / f"kb-{head_revision()}-b{BUILDER_VERSION}-{articles}.sqlite3"


def _url(path: Path) -> str:
    return sqlite_url(path).render_as_string()


def table_bytes(path: Path) -> dict[str, int]:
    """Bytes on disk by table, its indexes counted in (an FTS5 table's shadow tables, such
    as kb_search_ru_content and kb_search_ru_data, are listed apart)."""
    raw = sqlite3.connect(path)
    try:
        rows = raw.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
        owners = dict(raw.execute("SELECT name, tbl_name FROM sqlite_master").fetchall())
    finally:
        raw.close()
    out: dict[str, int] = {}
    for name, size in rows:
        owner = owners.get(name, name)
        out[owner] = out.get(owner, 0) + int(size)
    return out


def index_bytes(tables: dict[str, int]) -> int:
    """The whole index: every language's FTS5 table with its shadow tables, the key table."""
    return sum(size for name, size in tables.items() if name.startswith(index.PREFIX))


def _raw_fts_seconds(path: Path) -> float:
    """The same articles' raw text into a plain FTS5 table of the same columns (no
    normalisation): what FTS5's own indexing costs. Built in a scratch file, then deleted."""
    scratch = path.with_suffix(".rawfts")
    scratch.unlink(missing_ok=True)
    raw = sqlite3.connect(scratch)
    try:
        raw.execute("ATTACH DATABASE ? AS desk", (str(path),))
        raw.execute(
            "CREATE VIRTUAL TABLE plain USING fts5(article_id UNINDEXED, title, keywords, body,"
            " tokenize = 'unicode61 remove_diacritics 0')"
        )
        started = time.perf_counter()
        with raw:
            raw.execute(
                "INSERT INTO plain SELECT id, title, keywords, body FROM desk.kb_articles"
                " WHERE status = 'published' AND deleted_at IS NULL"
            )
        return time.perf_counter() - started
    finally:
        raw.close()
        scratch.unlink(missing_ok=True)


def _insert(database: Database, rows: list[tuple[Any, ...]]) -> None:
    """The generated articles in one transaction, straight to the driver's executemany."""
    marks = ", ".join("?" * len(rows[0]))
    sql = f"INSERT INTO kb_articles ({_ARTICLE_COLUMNS}) VALUES ({marks})"  # noqa: S608
    database.write_now(lambda s: s.connection().exec_driver_sql(sql, rows))


def _build(path: Path, articles: int) -> dict[str, Any]:
    """Migrate, seed the reference data and the shipped articles through the app, insert
    the generated articles in one transaction, then build the index with the app's own
    ``KnowledgeAdmin.reindex()`` (linear since daf9209: nothing stubbed)."""
    building = path.with_suffix(".building")
    for stale in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        stale.unlink(missing_ok=True)
    figures: dict[str, Any] = {"articles": articles, "built": datetime.now(UTC).isoformat()}
    database = Database.open(_url(building))
    try:
        database.write_now(seed_reference)
        admin = KnowledgeAdmin(database, KnowledgeBase(database))
        figures["shipped"] = admin.seed()
        started = time.perf_counter()
        rows = list(Corpus(random.Random(SEED)).rows(articles))
        figures["generate_s"] = time.perf_counter() - started
        figures["body_words"] = statistics.mean(word_count(row[11]) for row in rows)
        started = time.perf_counter()
        _insert(database, rows)
        figures["insert_s"] = time.perf_counter() - started
        rows.clear()
        started = time.perf_counter()
        figures["indexed"] = admin.reindex()
        figures["index_s"] = time.perf_counter() - started
        database.write_now(lambda s: s.connection().exec_driver_sql("PRAGMA optimize"))
    finally:
        database.close()
    raw = sqlite3.connect(building)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    figures["raw_fts_s"] = _raw_fts_seconds(building)
    building.rename(path)
    return figures


def open_file(articles: int) -> tuple[Database, dict[str, Any]]:
    """The benchmark's database for this many generated articles (built when missing) and
    the build's figures, with the file's size and its bytes by table."""
    path = _db_path(articles)
    facts = path.with_suffix(".json")
    if not path.exists() or not facts.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        figures = _build(path, articles)
        figures["build_s"] = time.perf_counter() - started
        facts.write_text(json.dumps(figures, indent=1), encoding="utf-8")
        NOTES.append(f"kb bench file for {articles:,} articles built in {figures['build_s']:.0f} s")
    figures = json.loads(facts.read_text(encoding="utf-8"))
    figures["file_bytes"] = path.stat().st_size
    figures["tables"] = table_bytes(path)
    return Database.open(_url(path)), figures
