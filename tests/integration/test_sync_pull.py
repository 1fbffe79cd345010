"""Pulling from a real PostgreSQL: what changed centrally comes down in pages, exactly once,
without echoing back up; a change committed late with a lower sequence number is not
skipped (the snapshot horizon); deletions come down as tombstones; a desk's own unsent
edit is never overwritten by a pull."""

from __future__ import annotations

import uuid
from functools import partial

import pytest
from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.kb_models import ArticleStatus, KbArticle
from app.db.models import Department, Operator, TicketCategory
from app.db.ticket_models import Ticket, TicketEvent
from app.db.types import utcnow
from app.desk import follow_articles
from app.services.kb_admin import KnowledgeAdmin
from app.services.knowledge import KnowledgeBase
from app.services.tickets import TicketService
from app.sync import outbox
from app.sync.pull import load_cursor, pull_all, pull_once
from app.sync.push import drain
from app.sync.worker import Link, SyncWorker
from tests.integration.conftest import DeskFactory, type_tickets

pytestmark = pytest.mark.service


def rows(database: Database, model: type[object]) -> int:
    query = select(func.count()).select_from(model)
    return database.read(lambda s: int(s.scalar(query) or 0))


def add_department(session: Session, code: str) -> uuid.UUID:
    row = Department(code=code, name_ru=f"Отдел {code}", name_en=f"Department {code}")
    session.add(row)
    session.flush()
    return row.id


def department_codes(database: Database) -> set[str]:
    return set(database.read(lambda s: list(s.scalars(select(Department.code)))))


def test_a_fresh_desk_gets_everything_in_pages_once_and_sends_nothing_back(
    central: Database, new_desk: DeskFactory
) -> None:
    author = new_desk("author")
    type_tickets(author, 25, desk_number=3)
    drain(author, central.engine)

    fresh = new_desk("fresh", seeded=False)  # nothing local: reference data comes down too
    pages: list[tuple[int, int]] = []
    applied = pull_all(fresh, central.engine, page=20, progress=lambda r: pages.append(r.progress))

    expected = sum(rows(central, m) for m in (Operator, Department, TicketCategory))
    assert rows(fresh, Ticket) == 25
    assert rows(fresh, TicketEvent) == 25
    assert rows(fresh, Operator) + rows(fresh, Department) + rows(fresh, TicketCategory) == expected
    assert len(pages) > 3  # it came in pages, each reported for the progress bar
    read, total = pages[-2]
    assert 0 < read <= total
    assert fresh.read(outbox.pending) == 0  # what came down is not sent back up
    assert applied >= 50 + expected
    assert pull_all(fresh, central.engine) == 0  # a second pull finds nothing new


def test_a_change_committed_late_with_a_lower_number_is_not_skipped(
    central: Database, local: Database
) -> None:
    pull_all(local, central.engine)
    with central.engine.connect() as slow:
        slow_tx = slow.begin()
        # The slow transaction writes first, so its row takes the lower sequence number...
        slow.execute(
            insert(Department).values(
                id=uuid.uuid4(),
                code="slow",
                name_ru="Медленный",
                name_en="Slow",
                contact="",
                extension="",
                created_at=utcnow(),
                updated_at=utcnow(),
                version=1,
            )
        )
        # ...a quick one takes a higher number and commits while the slow one is open.
        central.write_now(lambda s: add_department(s, "quick"))
        pull_all(local, central.engine)
        assert "slow" not in department_codes(local)
        slow_tx.commit()

    pull_all(local, central.engine)
    assert {"slow", "quick"} <= department_codes(local)
    seqs: dict[str, int] = central.read(
        lambda s: dict(
            s.execute(
                text(
                    "SELECT d.code, c.seq FROM sync_changes c JOIN departments d ON d.id = c.row_id"
                    " WHERE d.code IN ('slow', 'quick')"
                )
            ).all()
        )
    )
    assert seqs["slow"] < seqs["quick"]  # the case a plain sequence cursor would have lost


def test_deletions_come_down_as_tombstones(central: Database, local: Database) -> None:
    gone = central.write_now(lambda s: add_department(s, "temporary"))
    retired = central.write_now(lambda s: add_department(s, "retired"))
    pull_all(local, central.engine)
    assert {"temporary", "retired"} <= department_codes(local)

    central.write_now(lambda s: s.execute(delete(Department).where(Department.id == gone)))

    def retire(session: Session) -> None:
        session.get_one(Department, retired).deleted_at = utcnow()

    central.write_now(retire)
    pull_all(local, central.engine)
    assert "temporary" not in department_codes(local)
    kept = local.read(lambda s: s.get_one(Department, retired).deleted_at)
    assert kept is not None  # a soft delete is the row itself, marked


def test_a_pull_never_overwrites_an_edit_still_waiting_to_go_up(
    central: Database, local: Database
) -> None:
    service = TicketService(local, 5)
    draft = service.open_draft().result(10)
    service.save_draft(draft.id, {"description": "набрано на месте"}).result(10)
    drain(local, central.engine)
    pull_all(local, central.engine)

    def edit_centrally(session: Session) -> None:
        session.get_one(Ticket, draft.id).description = "изменено в центре"

    central.write_now(edit_centrally)
    service.save_draft(draft.id, {"description": "ещё не отправлено"}).result(10)
    pull_all(local, central.engine)
    assert local.read(lambda s: s.get_one(Ticket, draft.id).description) == "ещё не отправлено"
    assert local.read(outbox.pending) == 1


def test_a_desk_restarted_mid_pull_resumes_from_its_cursor(
    central: Database, new_desk: DeskFactory, tmp_path: object
) -> None:
    for n in range(30):
        central.write_now(partial(add_department, code=f"d{n:02}"))
    local = new_desk("restarted")
    first = pull_once(local, central.engine, page=20)
    assert not first.caught_up
    url = local.engine.url.render_as_string()
    local.close()  # the desk stops with a window half read

    again = Database.open(url)
    try:
        cursor = again.read(load_cursor)
        assert cursor.after == first.cursor.after and cursor.high == first.cursor.high
        pull_all(again, central.engine, page=20)
        assert {f"d{n:02}" for n in range(30)} <= department_codes(again)
        assert rows(again, Department) == rows(central, Department)
    finally:
        again.close()


def test_an_article_that_comes_down_is_found_by_the_search(
    central: Database, local: Database
) -> None:
    def publish(session: Session) -> None:
        session.add(
            KbArticle(
                slug="gosposhlina-skidka",
                language="ru",
                title="Скидка на госпошлину при оплате через портал",
                body="При оплате госпошлины на портале действует скидка тридцать процентов.",
                status=ArticleStatus.PUBLISHED,
            )
        )

    central.write_now(publish)
    kb = KnowledgeBase(local)
    worker = SyncWorker(local, central.engine)
    queued = follow_articles(worker, KnowledgeAdmin(local, kb))
    assert kb.search("скидка госпошлина").hits == []
    assert worker.run_once().link is Link.ONLINE
    for future in queued:  # indexed once the pull was caught up
        future.result(30)
    titles = [hit.article.title for hit in kb.search("скидку на госпошлину").hits]
    assert titles == ["Скидка на госпошлину при оплате через портал"]
