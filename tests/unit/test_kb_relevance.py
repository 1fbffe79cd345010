"""Relevance of the shipped knowledge base: realistic operator queries (other word forms,
colloquial words, typos, English) and the article(s) that must be among the first three.
The recall@3 figure is printed and must stay at 0.9 or above in each language."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import sqlite_url
from app.services.kb_admin import KnowledgeAdmin
from app.services.knowledge import KnowledgeBase

QUERIES = Path(__file__).resolve().parents[1] / "data" / "kb_queries"
TARGET = 0.9


def load_queries() -> list[dict[str, object]]:
    """Every set; each query remembers its file: blind.json was written from the titles
    alone (its author never saw an article's text), the others by the articles' authors."""
    queries: list[dict[str, object]] = []
    for path in sorted(QUERIES.glob("*.json")):
        queries += [dict(q, set=path.stem) for q in json.loads(path.read_text(encoding="utf-8"))]
    return queries


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    path = tmp_path_factory.mktemp("kb") / "desk.sqlite3"
    database = Database.open(sqlite_url(path).render_as_string())
    database.write_now(seed_reference)
    knowledge = KnowledgeBase(database)
    KnowledgeAdmin(database, knowledge).seed()
    yield knowledge
    database.close()


def test_the_relevance_set_is_large_and_names_real_articles(kb: KnowledgeBase) -> None:
    queries = load_queries()
    assert len(queries) >= 60
    slugs = {(a.slug, a.language) for lang in ("ru", "en") for a in kb.articles(lang)}
    slugs |= {(a.slug, a.language) for lang in ("ru", "en") for a in kb.scripts(lang)}
    for query in queries:
        for expected in query["expect"]:  # type: ignore[attr-defined]
            assert (expected, query["language"]) in slugs, query


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("blind", [False, True], ids=["all", "blind"])
def test_recall_at_three(kb: KnowledgeBase, language: str, blind: bool) -> None:
    queries = [
        q
        for q in load_queries()
        if q["language"] == language and (not blind or q["set"] == "blind")
    ]
    misses = []
    for query in queries:
        found = [hit.article.slug for hit in kb.search(str(query["query"]), language, 3).hits]
        if not set(found) & set(query["expect"]):  # type: ignore[arg-type]
            misses.append((query["query"], query["expect"], found))
    recall = 1 - len(misses) / len(queries)
    name = "blind" if blind else "all"
    print(f"\nrecall@3 ({language}, {name}): {recall:.3f} over {len(queries)} queries")  # noqa: T201
    for miss in misses:
        print("  missed:", *miss)  # noqa: T201
    assert recall >= TARGET
