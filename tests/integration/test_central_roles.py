"""The central database's roles and row-level security on a real PostgreSQL: `central init`
is harmless twice; desks log in as people (over TCP, with passwords) and see and write only
what their group allows: an operator's own calls and audit events, everyone's tickets and
ticket logs (which only grow), the knowledge base and reference data read-only, citizens
only through the exact look-up; the pusher's upsert works on an operator's own rows; a
supervisor reads everything and edits the knowledge base; bad logins and bad DSNs are
refused in one clear line."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import Column, Engine, MetaData, Table, Uuid, create_engine, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app.db.database import Database
from app.db.demo import seed_reference
from app.db.engine import head_revision, open_engine, sqlite_url
from app.db.kb_models import KbArticle, KbFavourite, KbVersion
from app.db.models import (
    AuditEvent,
    Base,
    CallDirection,
    CallRecord,
    Citizen,
    Department,
    OperatorRole,
)
from app.db.ticket_models import Ticket, TicketCall, TicketEvent
from app.db.types import new_id, reference_id, utcnow
from app.services.tickets import TicketService
from app.sync import central, central_sql, outbox
from app.sync.pull import pull_all
from app.sync.push import drain, upsert
from app.tickets.workflow import EventKind
from tests.central import PASSWORD, Hub
from tests.cli import run_desk

pytestmark = pytest.mark.service

SHARED_PHONE = "+79160000007"


def write(engine: Engine, model: Any, **values: Any) -> uuid.UUID:
    """Insert one row (the models' defaults fill the rest); returns its id."""
    values.setdefault("id", new_id())
    with engine.begin() as connection:
        connection.execute(insert(model.__table__).values(**values))
    return uuid.UUID(str(values["id"]))


def call(engine: Engine, operator_id: uuid.UUID | None) -> uuid.UUID:
    return write(
        engine,
        CallRecord,
        sip_call_id=f"call-{uuid.uuid4().hex}",
        direction=CallDirection.INBOUND,
        offered_at=utcnow(),
        operator_id=operator_id,
    )


def ticket(engine: Engine, operator_id: uuid.UUID | None) -> uuid.UUID:
    return write(engine, Ticket, number=uuid.uuid4().hex[:12], operator_id=operator_id)


def event(engine: Engine, ticket_id: uuid.UUID, operator_id: uuid.UUID | None) -> uuid.UUID:
    return write(
        engine, TicketEvent, ticket_id=ticket_id, kind=EventKind.COMMENT, operator_id=operator_id
    )


def article(engine: Engine) -> uuid.UUID:
    return write(engine, KbArticle, slug=uuid.uuid4().hex, language="ru", title="Т", body="Б")


def ids(engine: Engine, model: Any) -> set[uuid.UUID]:
    with engine.connect() as connection:
        return set(connection.scalars(select(model.__table__.c.id)))


def scalar(engine: Engine, query: str, **params: Any) -> Any:
    with engine.begin() as connection:
        return connection.execute(text(query), params).scalar()


def refused(caught: pytest.ExceptionInfo[DBAPIError], why: str) -> None:
    assert isinstance(caught.value.orig, psycopg.errors.InsufficientPrivilege)
    assert why in str(caught.value.orig)


def test_every_table_of_the_models_is_classified() -> None:
    assert central.unclassified() == []
    assert set(Base.metadata.tables) <= set(central.KIND_OF)
    # The central change log is read by everyone who pulls; the local tables by nobody.
    assert central.KIND_OF["sync_changes"] is central.Kind.CHANGE_LOG
    assert central.KIND_OF["sync_state"] is central.Kind.LOCAL

    mystery = MetaData()
    Table("mystery", mystery, Column("id", Uuid, primary_key=True))
    assert central.unclassified(mystery) == ["mystery"]
    nothing = central.plan(mystery)[0]
    assert nothing.kind is None and dict(nothing.access) == {}


def test_a_kind_that_needs_an_operator_column_refuses_a_table_without_one() -> None:
    odd = MetaData()
    Table("call_records", odd, Column("id", Uuid, primary_key=True))  # no operator_id
    with pytest.raises(ValueError, match="call_records is classified 'own rows'"):
        central.plan(odd)


def test_an_unclassified_table_gets_no_grant(pg_url: str) -> None:
    metadata = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(metadata)
    Table("mystery", metadata, Column("id", Uuid, primary_key=True))
    admin = open_engine(pg_url)
    central.init(pg_url)
    with admin.begin() as connection:
        connection.execute(text("CREATE TABLE mystery (id uuid PRIMARY KEY)"))
        connection.execute(text("GRANT SELECT ON mystery TO hotline_operator"))  # by hand, stale

    report = central.init(pg_url, metadata=metadata)

    assert report.unclassified == ("mystery",)
    for group in central.GROUPS:
        assert not scalar(admin, "SELECT has_table_privilege(:g, 'mystery', 'SELECT')", g=group)
    assert scalar(admin, "SELECT relrowsecurity FROM pg_class WHERE relname = 'mystery'")
    admin.dispose()


def _layout(engine: Engine) -> Any:
    """Everything init sets up, to compare one run with another."""
    with engine.connect() as connection:
        policies = connection.execute(
            text(
                "SELECT tablename, policyname, cmd, roles::text, qual, with_check FROM pg_policies"
                " ORDER BY 1, 2"
            )
        ).all()
        grants = connection.execute(
            text(
                "SELECT grantee, table_name, privilege_type FROM information_schema."
                "role_table_grants WHERE grantee LIKE 'hotline%' ORDER BY 1, 2, 3"
            )
        ).all()
        secured = connection.execute(
            text("SELECT relname FROM pg_class WHERE relrowsecurity ORDER BY 1")
        ).all()
    return policies, grants, secured


def test_init_twice_is_harmless_and_repairs_what_was_lost(pg_url: str) -> None:
    first = central.init(pg_url)
    admin = open_engine(pg_url)
    layout = _layout(admin)
    assert first.revision_before is None and first.revision == head_revision()
    assert set(first.local) == {"sync_outbox", "sync_state", "ticket_counters"}
    assert first.unclassified == ()

    second = central.init(pg_url)

    assert second.groups_created == ()
    assert (second.revision_before, second.revision) == (head_revision(), head_revision())
    assert (second.tables, second.policies) == (first.tables, first.policies)
    assert _layout(admin) == layout
    assert len(layout[0]) == first.policies
    for group in central.GROUPS:
        assert (
            scalar(admin, "SELECT rolcanlogin FROM pg_roles WHERE rolname = :g", g=group) is False
        )

    # A migration that rebuilds a table loses its grants and policies: init brings them back.
    with admin.begin() as connection:
        connection.execute(text("DROP POLICY hotline_operator_select ON call_records"))
        connection.execute(text("REVOKE ALL ON tickets FROM hotline_operator"))
        connection.execute(text("ALTER TABLE citizens DISABLE ROW LEVEL SECURITY"))
    assert _layout(admin) != layout
    central.init(pg_url)
    assert _layout(admin) == layout
    admin.dispose()


def test_each_group_reads_exactly_the_tables_its_plan_gives(hub: Hub) -> None:
    people = {
        central.OPERATOR_GROUP: hub.person("anna"),
        central.SUPERVISOR_GROUP: hub.person("chief", OperatorRole.SUPERVISOR),
    }
    plans = central.plan()
    assert {p.table for p in plans} >= {"sync_changes", "sync_state", "sync_outbox"}
    for table_plan in plans:
        for group, person in people.items():
            may_read = "SELECT" in table_plan.access.get(group, {})
            query = f"SELECT count(*) FROM {table_plan.table}"  # noqa: S608 - the models' names
            if may_read:
                assert scalar(person.engine, query) >= 0
                continue
            with pytest.raises(DBAPIError) as caught:
                scalar(person.engine, query)
            refused(caught, f"permission denied for table {table_plan.table}")


def test_an_operator_sees_only_their_own_calls_and_audit_events(hub: Hub) -> None:
    anna, boris = hub.person("anna"), hub.person("boris")
    annas_call, boris_call = call(anna.engine, anna.id), call(boris.engine, boris.id)
    annas_audit = write(anna.engine, AuditEvent, action="lookup", operator_id=anna.id)
    write(boris.engine, AuditEvent, action="lookup", operator_id=boris.id)

    assert ids(anna.engine, CallRecord) == {annas_call}
    assert ids(anna.engine, AuditEvent) == {annas_audit}
    assert ids(hub.admin, CallRecord) == {annas_call, boris_call}
    # Not even by its key, and an update of it touches nothing.
    with anna.engine.begin() as connection:
        changed = connection.execute(
            CallRecord.__table__.update()
            .where(CallRecord.id == boris_call)
            .values(display_name="подделка")
        )
    assert changed.rowcount == 0
    assert (
        scalar(hub.admin, "SELECT display_name FROM call_records WHERE id = :id", id=boris_call)
        == ""
    )


def test_an_operator_cannot_write_in_another_operators_name(hub: Hub) -> None:
    anna, boris = hub.person("anna"), hub.person("boris")
    shared = ticket(anna.engine, None)

    for attempt in (
        lambda: call(anna.engine, boris.id),
        lambda: call(anna.engine, None),
        lambda: event(anna.engine, shared, boris.id),
        lambda: write(anna.engine, AuditEvent, action="x", operator_id=boris.id),
        lambda: ticket(anna.engine, boris.id),
        lambda: write(
            anna.engine, KbFavourite, article_id=article(hub.admin), operator_id=boris.id
        ),
    ):
        with pytest.raises(DBAPIError) as caught:
            attempt()
        refused(caught, "violates row-level security policy")

    assert ids(hub.admin, CallRecord) == set()
    assert ids(hub.admin, TicketEvent) == set()
    assert event(anna.engine, shared, anna.id) in ids(boris.engine, TicketEvent)
    assert ticket(anna.engine, anna.id) in ids(boris.engine, Ticket)


def test_citizens_are_found_only_by_exact_phone_or_snils(hub: Hub) -> None:
    for n in range(7):  # one phone shared by seven accounts (a family's landline)
        write(
            hub.admin,
            Citizen,
            full_name=f"Гражданин {n}",
            birth_date=date(1980, 1, n + 1),
            snils=f"100-200-30{n} 0{n}",
            phone=SHARED_PHONE,
        )
    write(
        hub.admin,
        Citizen,
        full_name="Петров Иван Сергеевич",
        birth_date=date(1979, 5, 4),
        snils="112-233-445 95",
        phone="+79161234567",
    )
    anna, chief = hub.person("anna"), hub.person("chief", OperatorRole.SUPERVISOR)

    with pytest.raises(DBAPIError) as caught:
        ids(anna.engine, Citizen)
    refused(caught, "permission denied for table citizens")

    def find(engine: Engine, phone: str | None, snils: str | None) -> list[str]:
        with engine.connect() as connection:
            query = text("SELECT full_name FROM hotline_find_citizens(:phone, :snils)")
            return list(connection.scalars(query, {"phone": phone, "snils": snils}))

    assert find(anna.engine, "+79161234567", None) == ["Петров Иван Сергеевич"]
    assert find(anna.engine, None, "112-233-445 95") == ["Петров Иван Сергеевич"]
    assert len(find(anna.engine, SHARED_PHONE, None)) == 5  # never more than five
    for wildcard in ("%", "+7916%", "", "79161234567", "+79161234567 "):
        assert find(anna.engine, wildcard, wildcard) == []
    assert find(anna.engine, None, None) == []
    assert len(ids(chief.engine, Citizen)) == 8  # a supervisor reads the table


def test_ticket_logs_only_grow_and_tickets_are_shared(hub: Hub) -> None:
    anna, boris = hub.person("anna"), hub.person("boris")
    shared = ticket(anna.engine, anna.id)
    logged = event(anna.engine, shared, anna.id)
    linked = write(anna.engine, TicketCall, ticket_id=shared, call_id=new_id())

    # Boris takes the ticket over on a call-back: he reads, locks and edits it.
    with boris.engine.begin() as connection:
        locked = connection.execute(
            select(Ticket.__table__).where(Ticket.id == shared).with_for_update()
        ).one()
        assert locked.operator_id == anna.id
        connection.execute(
            Ticket.__table__.update().where(Ticket.id == shared).values(description="перезвонил")
        )
    assert scalar(hub.admin, "SELECT description FROM tickets WHERE id = :id", id=shared) == (
        "перезвонил"
    )

    for engine in (anna.engine, boris.engine):
        for table, row in ((TicketEvent.__table__, logged), (TicketCall.__table__, linked)):
            with pytest.raises(DBAPIError) as caught, engine.begin() as connection:
                connection.execute(table.update().where(table.c.id == row).values(version=2))
            refused(caught, "violates row-level security policy")
            with pytest.raises(DBAPIError) as caught, engine.begin() as connection:
                connection.execute(table.delete().where(table.c.id == row))
            refused(caught, "permission denied")
    with pytest.raises(DBAPIError) as caught, anna.engine.begin() as connection:
        connection.execute(Ticket.__table__.delete().where(Ticket.id == shared))
    refused(caught, "permission denied for table tickets")
    assert scalar(hub.admin, "SELECT version FROM ticket_events WHERE id = :id", id=logged) == 1


def test_operators_read_the_kb_and_reference_data_but_cannot_write_them(hub: Hub) -> None:
    anna = hub.person("anna")
    shown = article(hub.admin)
    assert shown in ids(anna.engine, KbArticle)
    assert len(ids(anna.engine, Department)) > 0

    for attempt in (
        lambda: article(anna.engine),
        lambda: write(anna.engine, Department, code="x", name_ru="x", name_en="x"),
    ):
        with pytest.raises(DBAPIError) as caught:
            attempt()
        refused(caught, "permission denied for table")
    with pytest.raises(DBAPIError) as caught, anna.engine.begin() as connection:
        connection.execute(Department.__table__.update().values(contact="hacked"))
    refused(caught, "permission denied for table departments")

    # Favourites are hers alone: she keeps, unkeeps and sees only her own.
    mine = write(anna.engine, KbFavourite, article_id=shown, operator_id=anna.id)
    other = hub.person("boris")
    write(other.engine, KbFavourite, article_id=shown, operator_id=other.id)
    assert ids(anna.engine, KbFavourite) == {mine}
    with anna.engine.begin() as connection:
        gone = connection.execute(KbFavourite.__table__.delete())
    assert gone.rowcount == 1
    assert len(ids(hub.admin, KbFavourite)) == 1


def test_a_supervisor_reads_everything_and_edits_the_kb(hub: Hub) -> None:
    anna, boris = hub.person("anna"), hub.person("boris")
    chief = hub.person("chief", OperatorRole.SUPERVISOR)
    calls = {call(anna.engine, anna.id), call(boris.engine, boris.id)}
    audits = {write(anna.engine, AuditEvent, action="x", operator_id=anna.id)}
    shown = article(hub.admin)

    assert ids(chief.engine, CallRecord) == calls
    assert ids(chief.engine, AuditEvent) == audits
    with chief.engine.begin() as connection:
        connection.execute(
            KbArticle.__table__.update().where(KbArticle.id == shown).values(body="новое")
        )
        connection.execute(
            insert(KbVersion.__table__).values(
                id=new_id(),
                article_id=shown,
                number=2,
                title="Т",
                body="новое",
                status="published",
                operator_id=chief.id,
            )
        )
        connection.execute(Department.__table__.update().values(contact="8-800"))
    assert scalar(anna.engine, "SELECT body FROM kb_articles WHERE id = :id", id=shown) == "новое"
    assert scalar(hub.admin, "SELECT count(*) FROM kb_versions") == 1
    assert scalar(anna.engine, "SELECT count(*) FROM sync_changes") > 0  # what a pull reads
    assert scalar(chief.engine, "SELECT count(*) FROM sync_changes") > 0


def test_the_pushers_upsert_works_for_an_operator_on_their_own_rows(hub: Hub) -> None:
    anna, boris = hub.person("anna"), hub.person("boris")
    calls = CallRecord.__table__
    rows = [
        {
            "id": new_id(),
            "sip_call_id": f"c{n}",
            "direction": CallDirection.INBOUND,
            "offered_at": utcnow(),
            "operator_id": anna.id,
            "version": 1,
        }
        for n in range(3)
    ]
    shared = new_id()
    ticket_row = {"id": shared, "number": "042-000001-1", "version": 1, "operator_id": None}
    event_row = {"id": new_id(), "ticket_id": shared, "kind": EventKind.CREATED, "version": 1}
    event_row["operator_id"] = anna.id

    for _attempt in range(2):  # the second push is the same batch after a lost reply
        with anna.engine.begin() as connection:
            upsert(connection, calls, rows)
            upsert(connection, Ticket.__table__, [ticket_row])
            upsert(connection, TicketEvent.__table__, [event_row])
    newer = {**rows[0], "version": 2, "display_name": "Иван"}
    with anna.engine.begin() as connection:
        upsert(connection, calls, [newer])
        upsert(connection, Ticket.__table__, [{**ticket_row, "version": 2, "service": "ЕПГУ"}])

    assert ids(anna.engine, CallRecord) == {row["id"] for row in rows}
    name = "SELECT display_name FROM call_records WHERE id = :id"
    assert scalar(hub.admin, name, id=rows[0]["id"]) == "Иван"
    assert scalar(hub.admin, "SELECT service FROM tickets WHERE id = :id", id=shared) == "ЕПГУ"
    # Boris's desk may edit the shared ticket the same way, but not push Anna's call as his.
    with boris.engine.begin() as connection:
        upsert(connection, Ticket.__table__, [{**ticket_row, "version": 3, "service": "ФНС"}])
    for engine, row in (
        (boris.engine, {**rows[1], "version": 5}),  # her row, which he cannot even see
        (boris.engine, {**rows[1], "id": new_id(), "sip_call_id": "x"}),  # in her name
        (anna.engine, {**event_row, "version": 2}),  # an event changed after the fact
    ):
        table = TicketEvent.__table__ if "ticket_id" in row else calls
        with pytest.raises(DBAPIError) as caught, engine.begin() as connection:
            upsert(connection, table, [row])
        refused(caught, "row-level security")


def test_desks_signed_in_as_operators_sync_through_the_policies(hub: Hub, tmp_path: Path) -> None:
    anna, boris = hub.person("anna"), hub.person("boris")
    desks = {}
    for person in (anna, boris):
        desk = Database.open(sqlite_url(tmp_path / f"{person.login}.sqlite3").render_as_string())
        desk.write_now(seed_reference)
        desk.operator_id = person.id
        pull_all(desk, person.engine)  # their own operators row comes down first
        desks[person.login] = desk
    try:
        tickets = TicketService(desks[anna.login], 7)
        draft = tickets.open_draft().result(10)
        tickets.save_draft(draft.id, {"description": "не приходит смс"}).result(10)
        tickets.comment(draft.id, "перезвонить").result(10)
        drain(desks[anna.login], anna.engine, operator=anna.id)
        assert desks[anna.login].read(outbox.pending) == 0

        # Boris takes the call-back: the ticket comes down, he adds to it, it goes up.
        pull_all(desks[boris.login], boris.engine)
        taken = TicketService(desks[boris.login], 8)
        taken.comment(draft.id, "перезвонил, решено").result(10)
        drain(desks[boris.login], boris.engine, operator=boris.id)
        assert desks[boris.login].read(outbox.pending) == 0
    finally:
        for desk in desks.values():
            desk.close()
    authors = "SELECT array_agg(DISTINCT operator_id) FROM ticket_events WHERE ticket_id = :id"
    assert set(scalar(hub.admin, authors, id=draft.id)) == {anna.id, boris.id}


def test_identity_is_the_login_not_the_current_role(hub: Hub) -> None:
    anna, boris = hub.person("anna"), hub.person("boris")
    with anna.engine.begin() as connection:
        connection.execute(text("SET LOCAL ROLE hotline_operator"))
        assert connection.scalar(text("SELECT hotline_operator_id()")) == anna.id
    with pytest.raises(DBAPIError) as caught, anna.engine.begin() as connection:
        connection.execute(text(f'SET ROLE "{boris.login}"'))
    refused(caught, "permission denied")

    # A login in the group but with no operators row (or an inactive one) is nobody.
    stray = f"stray_{uuid.uuid4().hex[:8]}"
    hub.roles.append(stray)
    with hub.admin.begin() as connection:
        connection.execute(text(f'CREATE ROLE "{stray}" LOGIN IN ROLE hotline_operator'))
        connection.execute(
            text("UPDATE operators SET is_active = false WHERE id = :id"), {"id": boris.id}
        )
    shared = ticket(anna.engine, None)
    for login in (stray, boris.login):
        engine = hub.login(login)
        assert scalar(engine, "SELECT hotline_operator_id()") is None
        for attempt in (
            lambda nobody: call(nobody, None),
            lambda nobody: ticket(nobody, None),
            lambda nobody: write(nobody, TicketCall, ticket_id=shared, call_id=new_id()),
        ):
            with pytest.raises(DBAPIError) as caught:
                attempt(engine)
            refused(caught, "row-level security")
        with pytest.raises(DBAPIError) as caught, engine.begin() as connection:
            connection.execute(Ticket.__table__.update().values(description="x"))
        refused(caught, "row-level security")
        assert shared in ids(engine, Ticket)  # shared data stays readable
        engine.dispose()

    definer = scalar(
        hub.admin,
        "SELECT bool_and(prosecdef AND provolatile = 's' AND proconfig::text LIKE"
        " '%search_path=%') FROM pg_proc WHERE proname IN"
        " ('hotline_operator_id', 'hotline_find_citizens')",
    )
    assert definer is True
    # Every function init makes: a definer with its search path, for both groups, not PUBLIC.
    for function in central_sql.FUNCTIONS:
        signature = function.format(schema=sql.Identifier("public")).as_string(None)
        safe = (
            "SELECT prosecdef AND proconfig::text LIKE '%search_path=%' FROM pg_proc"
            " WHERE oid = CAST(:f AS regprocedure)"
        )
        assert scalar(hub.admin, safe, f=signature) is True
        may = "SELECT has_function_privilege(:who, CAST(:f AS regprocedure), 'EXECUTE')"
        assert scalar(hub.admin, may, who="public", f=signature) is False
        for group in central.GROUPS:
            assert scalar(hub.admin, may, who=group, f=signature) is True
    volatile = (
        "SELECT bool_and(provolatile = 'v') FROM pg_proc"
        " WHERE proname IN ('hotline_take_slot', 'hotline_free_slot')"
    )
    assert scalar(hub.admin, volatile) is True


@pytest.mark.parametrize(
    "login", ["Anna", "an", "1anna", "anna-b", "anna b", "аня", "a" * 64, "pg_anna", "hotline_x"]
)
def test_a_bad_login_is_refused_with_a_clear_message(hub: Hub, login: str) -> None:
    with pytest.raises(ValueError, match="is not allowed"):
        central.add_operator(hub.url, login, "Анна", "operator", PASSWORD)
    count = "SELECT count(*) FROM pg_roles WHERE rolname = :login"
    assert scalar(hub.admin, count, login=login) == 0


def test_an_existing_role_that_is_not_a_hotline_login_is_left_alone(hub: Hub) -> None:
    with pytest.raises(central.CentralError, match="postgres exists and is not a hotline login"):
        central.add_operator(hub.url, "postgres", "Захватчик", "operator", PASSWORD)
    assert scalar(hub.admin, "SELECT rolsuper FROM pg_roles WHERE rolname = 'postgres'")
    assert scalar(hub.admin, "SELECT count(*) FROM operators WHERE login = 'postgres'") == 0


def test_a_role_changes_group_when_made_supervisor(hub: Hub) -> None:
    anna = hub.person("anna")
    report = central.add_operator(hub.url, anna.login, "Анна Ивановна", "supervisor", PASSWORD)
    assert not report.created and report.operator_id == anna.id
    fresh = hub.login(anna.login)
    assert len(ids(fresh, CallRecord)) == 0
    in_group = "SELECT pg_has_role(:login, :group, 'MEMBER')"
    assert scalar(hub.admin, in_group, login=anna.login, group="hotline_supervisor") is True
    assert scalar(hub.admin, in_group, login=anna.login, group="hotline_operator") is False
    row = "SELECT role || ' ' || full_name || ' ' || version FROM operators WHERE id = :id"
    assert scalar(hub.admin, row, id=anna.id) == "supervisor Анна Ивановна 2"
    central.set_password(hub.url, anna.login, "another one")
    fresh.dispose()


def test_only_a_role_that_may_create_roles_can_init(hub: Hub) -> None:
    anna = hub.person("anna")
    as_anna = make_url(hub.url).set(username=anna.login, password=PASSWORD)
    with pytest.raises(central.CentralError, match=f"{anna.login} may not create roles"):
        central.init(as_anna.render_as_string(hide_password=False))


def test_cli_central_init_on_a_fresh_database_says_what_it_did(pg_url: str, tmp_path: Path) -> None:
    result = run_desk(tmp_path, "central", "init", "--dsn", pg_url)

    assert result.returncode == 0, result.stderr
    assert f"empty -> {head_revision()}" in result.stdout
    assert "policies" in result.stdout and "hotline_find_citizens" in result.stdout
    login = f"cli_{uuid.uuid4().hex[:8]}"
    secret = "s3cret-pass-phrase"
    added = run_desk(
        tmp_path,
        "central",
        "add-operator",
        "--dsn",
        pg_url,
        "--login",
        login,
        "--name",
        "Клим",
        "--role",
        "operator",
        HOTLINE_NEW_PASSWORD=secret,
    )
    assert added.returncode == 0, added.stderr
    assert f"added {login} (operator)" in added.stdout
    assert secret not in added.stdout + added.stderr
    engine = create_engine(make_url(pg_url).set(username=login, password=secret))
    try:
        assert scalar(engine, "SELECT hotline_operator_id()") == reference_id("operator", login)
    finally:
        engine.dispose()
        with open_engine(pg_url).begin() as connection:
            connection.execute(text(f'DROP ROLE "{login}"'))


def test_cli_errors_are_one_line_and_never_show_a_password(pg_url: str, tmp_path: Path) -> None:
    port = make_url(pg_url).port
    unreachable = "postgresql://admin:hunter2secret@127.0.0.1:1/hotline"
    for dsn, expected in (
        ("not a url", "not a database URL"),
        ("sqlite:///x.db", "must be a PostgreSQL URL"),
        (unreachable, "cannot connect to postgresql+psycopg://admin:***@127.0.0.1:1/hotline"),
        (f"postgresql://nobody_here:hunter2secret@127.0.0.1:{port}/x", "cannot connect"),
    ):
        result = run_desk(tmp_path, "central", "init", "--dsn", dsn)
        assert result.returncode == 1, (dsn, result.stdout)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
        assert expected in lines[0]
        assert "hunter2secret" not in result.stdout + result.stderr
