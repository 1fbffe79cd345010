"""The knowledge base's core: Russian word forms meet, slang and abbreviations survive,
whatever is typed is data (never FTS5 syntax), typos are corrected and said, articles
show today's line hours, bad files are refused whole, drafts stay out of search, every
save is a version."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import sqlite_url
from app.db.kb_models import ArticleStatus
from app.db.models import Line
from app.db.types import reference_id
from app.kb.articles import ArticleProblem, ProblemKind, fill, parse
from app.kb.normalise import Normaliser
from app.kb.snippets import as_text
from app.services.kb_admin import ArticleEdit, KnowledgeAdmin
from app.services.knowledge import KnowledgeBase

ARTICLE = """---
id: {slug}
language: ru
kind: article
title: {title}
categories: sign_in
keywords: пароль, вход
---
{body}
"""


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    database = Database.open(
        sqlite_url(tmp_path_factory.mktemp("kb") / "desk.sqlite3").render_as_string()
    )
    database.write_now(seed_reference)
    kb = KnowledgeBase(database)
    KnowledgeAdmin(database, kb).seed()
    yield kb
    database.close()


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[tuple[Database, KnowledgeBase, KnowledgeAdmin]]:
    database = Database.open(sqlite_url(tmp_path / "desk.sqlite3").render_as_string())
    database.write_now(seed_reference)
    kb = KnowledgeBase(database)
    yield database, kb, KnowledgeAdmin(database, kb)
    database.close()


def write(folder: Path, slug: str, title: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.md"
    path.write_text(ARTICLE.format(slug=slug, title=title, body=body), encoding="utf-8")
    return path


# normalisation -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("кандидат", "кандидаты"),
        ("заблокировали учётку", "блокировка учетной записи"),
        ("Госуслугах", "портал"),
        ("ЛК", "личный кабинет"),
        ("СНИЛСа", "снилс"),
        ("ёлка", "елка"),
        ("смску", "SMS"),
    ],
)
def test_word_forms_slang_and_abbreviations_meet(one: str, other: str) -> None:
    ru = Normaliser("ru")
    assert ru.terms(one) == ru.terms(other)


def test_english_is_stemmed_and_function_words_dropped() -> None:
    en = Normaliser("en")
    assert en.terms("Locked out of the accounts") == en.terms("lock out account")
    assert Normaliser("ru").terms("не приходит") == ["приходить"]


# search ------------------------------------------------------------------------------------
def test_a_word_form_finds_the_article_with_the_title_first(shipped: KnowledgeBase) -> None:
    hits = shipped.search("заблокировали учетку", "ru").hits
    assert hits[0].article.slug in {"account-locked-unlock", "account-block-on-request"}


def test_a_typo_is_corrected_and_the_operator_is_told(shipped: KnowledgeBase) -> None:
    outcome = shipped.search("пороль не подходит", "ru")
    assert ("пороль", "пароль") in outcome.corrections
    assert outcome.hits[0].article.slug == "sign-in-password-refused"


def test_the_last_word_matches_while_it_is_being_typed(shipped: KnowledgeBase) -> None:
    hits = shipped.search("двойное спис", "ru").hits
    assert hits[0].article.slug == "tech-double-charge"


def test_snippets_mark_the_words_that_matched(shipped: KnowledgeBase) -> None:
    hit = shipped.search("двойное списание", "ru").hits[0]
    assert "«списани" in as_text(hit.snippet) or "«списан" in as_text(hit.snippet)


@pytest.mark.parametrize(
    "query",
    ['"', "AND OR NOT", "NEAR(a b)", "*", "^пароль", "(((", "-", "пароль*", "a:b", "🙂" * 50,
     "x" * 2000, "'; DROP TABLE kb_articles; --", "\x00\x01", "пароль OR NOT вход", "𗀀"],
)  # fmt: skip
def test_fts_syntax_is_only_ever_data(shipped: KnowledgeBase, query: str) -> None:
    shipped.search(query, "ru")  # results or nothing, never an error


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300), st.sampled_from(["ru", "en"]))
def test_any_text_at_all_searches_without_error(
    shipped: KnowledgeBase, query: str, language: str
) -> None:
    outcome = shipped.search(query, language, 5)
    assert len(outcome.hits) <= 5


# articles, placeholders and editing ----------------------------------------------------------
def test_an_article_shows_the_hours_the_database_has_now(
    empty: tuple[Database, KnowledgeBase, KnowledgeAdmin], tmp_path: Path
) -> None:
    database, kb, admin = empty
    write(tmp_path / "kb", "line-hours", "Часы работы", "Линия работает {{line.domestic.hours}}.")
    admin.import_directory(tmp_path / "kb")
    article = kb.articles("ru")[0]
    assert kb.article(article.id).body == "Линия работает 08:00–22:00 МСК."

    def earlier(session: Session) -> None:
        session.get_one(Line, reference_id("line", "domestic")).closes_at = time(20, 0)

    database.write_now(earlier)
    assert kb.article(article.id).body == "Линия работает 08:00–20:00 МСК."


def test_the_shipped_articles_never_state_an_hour_or_a_line_number(
    shipped: KnowledgeBase,
) -> None:
    for language in ("ru", "en"):
        for summary in shipped.articles(language):
            source = shipped.article(summary.id).source
            for fact in ("8:00", "22:00", "20:00", "21:00", "555-35-35", "+7 800"):
                assert fact not in source, (summary.slug, fact)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("no front matter", ProblemKind.NO_FRONT_MATTER),
        ("---\nid: x1y\nlanguage: ru\nkind: article\n---\nbody", ProblemKind.MISSING_KEY),
        ("---\nid: Bad Id\nlanguage: ru\nkind: article\ntitle: T\n---\nb", ProblemKind.BAD_ID),
        ("---\nid: abc\nlanguage: de\nkind: article\ntitle: T\n---\nb", ProblemKind.BAD_LANGUAGE),
        ("---\nid: abc\nlanguage: ru\nkind: poem\ntitle: T\n---\nb", ProblemKind.BAD_KIND),
        ("---\nid: abc\nlanguage: ru\nkind: article\ntitle: T\n---\n  ", ProblemKind.EMPTY_BODY),
    ],
)
def test_an_invalid_document_is_refused_with_its_reason(text: str, kind: ProblemKind) -> None:
    with pytest.raises(ArticleProblem) as problem:
        parse(text, "x.md")
    assert problem.value.kind is kind


def test_one_bad_file_and_the_import_changes_nothing(
    empty: tuple[Database, KnowledgeBase, KnowledgeAdmin], tmp_path: Path
) -> None:
    _database, kb, admin = empty
    folder = tmp_path / "kb"
    write(folder, "good-one", "Хорошая статья", "Пароль не подходит: проверьте раскладку.")
    write(folder, "bad-one", "Плохая", "Звоните {{line.mars.phone}}.")
    with pytest.raises(ArticleProblem) as problem:
        admin.import_directory(folder)
    assert problem.value.kind is ProblemKind.UNKNOWN_PLACEHOLDER
    assert kb.articles("ru") == []
    assert fill("{{line.mars.phone}}", {}) == "…"


def test_a_draft_is_not_found_until_published_and_each_save_is_a_version(
    empty: tuple[Database, KnowledgeBase, KnowledgeAdmin],
) -> None:
    _database, kb, admin = empty
    edit = ArticleEdit(
        "captcha-help", "ru", "article", "Капча не проходит", ("registration",), ("капча",),
        "Попросите обновить картинку с капчей.", ArticleStatus.DRAFT,
    )  # fmt: skip
    article_id = admin.save(None, edit).result(10)
    assert kb.search("капча", "ru").hits == []

    published = ArticleEdit(*[*edit.__dict__.values()][:-1], ArticleStatus.PUBLISHED)
    admin.save(article_id, published).result(10)
    assert [h.article.slug for h in kb.search("капчу", "ru").hits] == ["captcha-help"]
    assert [(v.number, v.status) for v in admin.versions(article_id)] == [
        (2, ArticleStatus.PUBLISHED),
        (1, ArticleStatus.DRAFT),
    ]


def test_favourites_are_kept_and_dropped(shipped: KnowledgeBase) -> None:
    article = shipped.articles("ru")[0]
    shipped.set_favourite(article.id, True).result(10)
    assert [a.id for a in shipped.favourites()] == [article.id]
    shipped.set_favourite(article.id, False).result(10)
    assert shipped.favourites() == []


def test_suggestions_follow_the_ticket_category_then_its_words(shipped: KnowledgeBase) -> None:
    slugs = [a.slug for a in shipped.suggestions("technical.double_charge", "", "ru")]
    assert "tech-double-charge" in slugs
    by_words = [a.slug for a in shipped.suggestions("", "не приходит смс при регистрации")]
    assert by_words[0] == "registration-sms-not-arriving"


def test_an_english_article_gives_moscow_time_in_english(shipped: KnowledgeBase) -> None:
    article = next(a for a in shipped.articles("en") if a.slug == "line-calling-from-abroad")
    body = shipped.article(article.id).body
    assert "09:00–21:00 MSK" in body and "МСК" not in body


def test_a_draft_is_hidden_from_operators_even_as_a_favourite(
    empty: tuple[Database, KnowledgeBase, KnowledgeAdmin],
) -> None:
    _database, kb, admin = empty
    edit = ArticleEdit(
        "vpn-help", "ru", "article", "VPN мешает входу", (), (), "Отключите VPN.",
        ArticleStatus.PUBLISHED,
    )  # fmt: skip
    article_id = admin.save(None, edit).result(10)
    kb.set_favourite(article_id, True).result(10)
    admin.save(article_id, ArticleEdit(**{**vars(edit), "status": ArticleStatus.DRAFT})).result(10)
    assert kb.favourites() == []
    with pytest.raises(LookupError):
        kb.article(article_id)
    assert kb.article(article_id, include_drafts=True).status is ArticleStatus.DRAFT
    assert [a.slug for a in kb.drafts("ru")] == ["vpn-help"]
