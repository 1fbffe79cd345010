"""The central PostgreSQL database's roles, grants and row-level security (issue 8).

``init(dsn)`` migrates the database and then, idempotently, makes it safe for desks to log
in as people: two NOLOGIN group roles (``hotline_operator``, ``hotline_supervisor``), the
grants each has on each table, row-level security policies, and the SECURITY DEFINER
functions of :mod:`app.sync.central_sql`: ``hotline_operator_id()`` (who is logged in), the
online look-ups of a caller and their applications (operators never read ``citizens``
directly), and MFC appointments (free slots, a citizen's, taking and freeing one).
``add_operator`` makes a LOGIN role for a person, in the right group, with an
``operators`` row; ``set_password`` changes its password.

What each group may do comes from :data:`KIND_OF` (which kind each table is) and
:data:`ACCESS` (what each kind allows each group), applied to every table in
``Base.metadata``, so a table added later is covered as soon as it is classified; one
that is not gets no grant at all (and a test fails). Identity is ``session_user``, never
SET ROLE or a session variable, so everything holds through PgBouncer in transaction mode.
docs/central.md has the resulting table.
"""

from __future__ import annotations

import enum
import logging
import re
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import MetaData
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from app.db.engine import DatabaseUnavailable, current_revision, open_engine, safe_url, upgrade
from app.db.models import Base, OperatorRole
from app.db.types import reference_id
from app.sync import central_sql as q

log = logging.getLogger(__name__)

OPERATOR_GROUP = "hotline_operator"
SUPERVISOR_GROUP = "hotline_supervisor"
GROUPS = (OPERATOR_GROUP, SUPERVISOR_GROUP)
GROUP_OF = {OperatorRole.OPERATOR: OPERATOR_GROUP, OperatorRole.SUPERVISOR: SUPERVISOR_GROUP}

LOGIN_PATTERN = re.compile(r"[a-z][a-z0-9_]{2,62}")
COMMANDS = ("SELECT", "INSERT", "UPDATE", "DELETE")


class CentralError(RuntimeError):
    """The central database cannot be set up; the message is one line, without a password."""


class Kind(enum.StrEnum):
    """What a table holds, as far as who may touch it is concerned."""

    REFERENCE = "reference data"
    KNOWLEDGE = "knowledge base"
    FAVOURITES = "own favourites"
    TICKETS = "tickets"
    TICKET_EVENTS = "ticket log (append-only)"
    TICKET_ATTACHMENTS = "ticket attachments"
    TICKET_CALLS = "ticket calls"
    OWN_ROWS = "own rows"
    CITIZENS = "citizens"
    CHANGE_LOG = "change log"
    REPORT_CACHE = "report cache"
    LOCAL = "local only"


#: Every table the desk knows, by kind. A table missing here gets no grant (and
#: tests/integration/test_central_roles.py fails); names not (yet) in the models are allowed.
KIND_OF: Mapping[str, Kind] = {
    "operators": Kind.REFERENCE,
    "departments": Kind.REFERENCE,
    "lines": Kind.REFERENCE,
    "ticket_categories": Kind.REFERENCE,
    "kb_articles": Kind.KNOWLEDGE,
    "kb_versions": Kind.KNOWLEDGE,
    "kb_favourites": Kind.FAVOURITES,
    "tickets": Kind.TICKETS,
    "ticket_events": Kind.TICKET_EVENTS,
    "ticket_attachments": Kind.TICKET_ATTACHMENTS,
    "ticket_calls": Kind.TICKET_CALLS,
    "call_records": Kind.OWN_ROWS,
    "audit_events": Kind.OWN_ROWS,
    "account_requests": Kind.OWN_ROWS,
    "citizens": Kind.CITIZENS,
    "portal_services": Kind.REFERENCE,
    "application_reasons": Kind.REFERENCE,
    # A citizen's applications are theirs: looked up during the call, never listed.
    "applications": Kind.CITIZENS,
    "application_steps": Kind.CITIZENS,
    "mfc_offices": Kind.REFERENCE,
    # Portal requests stay on the server: desks list, claim and call back through the
    # hotline_*request* functions (app/sync/portal_requests.py); supervisors read them.
    "portal_requests": Kind.CITIZENS,
    "portal_request_files": Kind.CITIZENS,
    "operator_skills": Kind.REFERENCE,
    # Appointment slots are booked online through the server's functions
    # (app/sync/appointments.py); only supervisors read the table itself.
    "mfc_slots": Kind.CITIZENS,
    # Published by each desk for supervisors (the wallboard, occupancy) and for the portal
    # (the caller's own record of the call); each operator writes only their own.
    "operator_presence": Kind.OWN_ROWS,
    "operator_state_spans": Kind.OWN_ROWS,
    "call_summaries": Kind.OWN_ROWS,
    # Supervisors' reports cache finished days (app/reports/cache.py); the days' versions
    # are bumped by SECURITY DEFINER triggers when anyone's calls or spans are written.
    "report_days": Kind.REPORT_CACHE,
    "report_built": Kind.REPORT_CACHE,
    "report_call_groups": Kind.REPORT_CACHE,
    "report_staffed": Kind.REPORT_CACHE,
    "sync_changes": Kind.CHANGE_LOG,  # written only by its SECURITY DEFINER trigger
    "sync_outbox": Kind.LOCAL,
    "sync_state": Kind.LOCAL,
    "ticket_counters": Kind.LOCAL,
}


@dataclass(frozen=True)
class Rule:
    """A policy's expressions: ``using`` for rows read, updated or deleted; ``check`` for
    rows written. ``{me}`` stands for the caller's operators.id."""

    using: str | None = None
    check: str | None = None


EVERY = "true"
#: Every write needs an identity: a login without an active operators row writes nothing.
SOMEONE = "{me} IS NOT NULL"
OWN = "operator_id = {me}"
OWN_OR_UNASSIGNED = "{me} IS NOT NULL AND (operator_id IS NULL OR operator_id = {me})"
#: UPDATE is granted (the pusher's INSERT … ON CONFLICT DO UPDATE needs the privilege even
#: when it changes nothing) but no row may ever be updated: it fails loudly.
REFUSED = "false"

#: A group's access to a table: command -> policy. A command left out is not granted.
Access = Mapping[str, Rule]

READ: Access = {"SELECT": Rule(EVERY)}
ALL: Access = {
    "SELECT": Rule(EVERY),
    "INSERT": Rule(check=SOMEONE),
    "UPDATE": Rule(EVERY, SOMEONE),
    "DELETE": Rule(SOMEONE),
}
OWN_ONLY: Access = {"SELECT": Rule(OWN), "INSERT": Rule(check=OWN), "UPDATE": Rule(OWN, OWN)}
READ_ALL_WRITE_OWN: Access = {**OWN_ONLY, "SELECT": Rule(EVERY)}


def _append_only(insert: str) -> Access:
    return {"SELECT": Rule(EVERY), "INSERT": Rule(check=insert), "UPDATE": Rule(EVERY, REFUSED)}


ACCESS: Mapping[Kind, Mapping[str, Access]] = {
    Kind.REFERENCE: {OPERATOR_GROUP: READ, SUPERVISOR_GROUP: ALL},
    Kind.KNOWLEDGE: {OPERATOR_GROUP: READ, SUPERVISOR_GROUP: ALL},
    Kind.FAVOURITES: {
        OPERATOR_GROUP: {**OWN_ONLY, "DELETE": Rule(OWN)},
        SUPERVISOR_GROUP: {**READ_ALL_WRITE_OWN, "DELETE": Rule(OWN)},
    },
    Kind.TICKETS: {
        OPERATOR_GROUP: {
            "SELECT": Rule(EVERY),  # call-backs need other operators' tickets
            "INSERT": Rule(check=OWN_OR_UNASSIGNED),
            "UPDATE": Rule(EVERY, SOMEONE),  # a ticket taken over on a call-back
        },
        SUPERVISOR_GROUP: ALL,
    },
    Kind.TICKET_EVENTS: {group: _append_only(OWN) for group in GROUPS},
    Kind.TICKET_ATTACHMENTS: {
        OPERATOR_GROUP: _append_only(OWN),
        SUPERVISOR_GROUP: {**ALL, "INSERT": Rule(check=OWN)},
    },
    Kind.TICKET_CALLS: {OPERATOR_GROUP: _append_only(SOMEONE), SUPERVISOR_GROUP: ALL},
    Kind.OWN_ROWS: {OPERATOR_GROUP: OWN_ONLY, SUPERVISOR_GROUP: READ_ALL_WRITE_OWN},
    Kind.CITIZENS: {SUPERVISOR_GROUP: READ},  # operators: through the hotline_ functions
    Kind.CHANGE_LOG: {group: READ for group in GROUPS},
    Kind.REPORT_CACHE: {SUPERVISOR_GROUP: ALL},  # everyone's calls summed: not for operators
    Kind.LOCAL: {},
}


@dataclass(frozen=True)
class TablePlan:
    table: str
    kind: Kind | None  # None: not classified, so no grant
    access: Mapping[str, Access] = field(default_factory=dict)  # group -> access


def plan(metadata: MetaData = Base.metadata) -> list[TablePlan]:
    """What every table of ``metadata`` gets. Raises ValueError when a table's kind needs a
    column the table lacks (a table filed under the wrong kind)."""
    plans = []
    for name in sorted(metadata.tables):
        kind = KIND_OF.get(name)
        if kind is None:
            plans.append(TablePlan(name, None))
            continue
        access = ACCESS[kind]
        texts = [f"{r.using} {r.check}" for rules in access.values() for r in rules.values()]
        needs_owner = any("operator_id" in text for text in texts)
        if needs_owner and "operator_id" not in metadata.tables[name].columns:
            raise ValueError(f"{name} is classified '{kind}' but has no operator_id")
        plans.append(TablePlan(name, kind, access))
    return plans


def unclassified(metadata: MetaData = Base.metadata) -> list[str]:
    return [p.table for p in plan(metadata) if p.kind is None]


@dataclass(frozen=True)
class InitReport:
    url: str  # without the password
    revision_before: str | None  # None: the database was empty
    revision: str
    schema: str
    groups_created: tuple[str, ...]
    tables: Mapping[str, Kind]  # tables given grants and policies
    policies: int
    local: tuple[str, ...]  # tables with no grant on purpose
    unclassified: tuple[str, ...]  # tables with no grant because nobody said what they are


@dataclass(frozen=True)
class OperatorReport:
    login: str
    role: OperatorRole
    operator_id: uuid.UUID
    created: bool  # False: the login existed and was brought up to date


def check_login(login: str) -> str:
    """The login if it can name a PostgreSQL role for a person; ValueError saying why not."""
    if not LOGIN_PATTERN.fullmatch(login):
        raise ValueError(
            f"login {login!r} is not allowed: 3 to 63 characters, lower-case Latin letters, "
            "digits and '_', starting with a letter"
        )
    if login.startswith("pg_") or login.startswith("hotline_"):
        raise ValueError(f"login {login!r} is not allowed: 'pg_' and 'hotline_' are reserved")
    return login


def init(dsn: str, metadata: MetaData = Base.metadata) -> InitReport:
    """Migrate the database at ``dsn``, then (again) set up roles, grants and policies for
    the tables of ``metadata`` (the models'; tests pass a copy with a table added)."""
    url = _url(dsn)
    with _session(url) as conn:
        _require_role_admin(conn)
    before, after = _migrate(url)
    with _session(url) as conn, conn.transaction():
        conn.execute(q.LOCK)
        schema = _schema(conn)
        created = _ensure_groups(conn)
        _schema_rights(conn, schema)
        _functions(conn, schema)
        tables, policies, local, missing = _tables(conn, schema, metadata)
    report = InitReport(
        safe_url(url), before, after, schema, created, tables, policies, local, missing
    )
    log.info("central init %s: at %s, %d policies", report.url, after, policies)
    return report


def add_operator(
    dsn: str, login: str, full_name: str, role: OperatorRole | str, password: str
) -> OperatorReport:
    """A LOGIN role for a person in the group of ``role``, and their operators row; run again
    it changes the name, role and password. Never logs or shows the password."""
    check_login(login)
    role = OperatorRole(role)
    if not full_name.strip() or not password:
        raise ValueError("the full name or the password is empty")
    url = _url(dsn)
    with _session(url) as conn, conn.transaction():
        _require_role_admin(conn)
        conn.execute(q.LOCK)
        schema = _schema(conn)
        if any(conn.execute(q.ROLE, (group,)).fetchone() is None for group in GROUPS):
            raise CentralError("the hotline group roles are missing: run 'central init' first")
        created = _own_role(conn, login) is None
        verifier = _verifier(conn, login, password)
        statement = q.CREATE_LOGIN if created else q.SET_PASSWORD
        conn.execute(statement.format(login=sql.Identifier(login), verifier=verifier))
        for group in GROUPS:
            template = q.JOIN_GROUP if group == GROUP_OF[role] else q.LEAVE_GROUP
            conn.execute(template.format(group=sql.Identifier(group), login=sql.Identifier(login)))
        values = {
            "id": reference_id("operator", login),  # the key seed_reference gives this login
            "login": login,
            "full_name": full_name.strip(),
            "role": role.value,
        }
        conn.execute(q.UPSERT_OPERATOR.format(schema=sql.Identifier(schema)), values)
        row = conn.execute(
            q.OPERATOR_BY_LOGIN.format(schema=sql.Identifier(schema)), (login,)
        ).fetchone()
        assert row is not None
    log.info("central operator %s (%s) %s", login, role.value, "added" if created else "updated")
    return OperatorReport(login, role, row[0], created)


def set_password(dsn: str, login: str, password: str) -> None:
    """Change the password of a login add_operator made."""
    check_login(login)
    if not password:
        raise ValueError("the password is empty")
    url = _url(dsn)
    with _session(url) as conn, conn.transaction():
        _require_role_admin(conn)
        if _own_role(conn, login) is None:
            raise CentralError(f"there is no login {login}: add it with add-operator")
        verifier = _verifier(conn, login, password)
        conn.execute(q.SET_PASSWORD.format(login=sql.Identifier(login), verifier=verifier))
    log.info("central password of %s changed", login)


# --- connections and errors ------------------------------------------------------------------


def _url(dsn: str) -> URL:
    try:
        url = make_url(dsn)
    except ArgumentError:
        raise CentralError(
            "the DSN is not a database URL (expected postgresql://user@host:5432/dbname)"
        ) from None
    if url.drivername not in ("postgresql", "postgresql+psycopg"):
        raise CentralError(f"the DSN must be a PostgreSQL URL, not {url.drivername}://…")
    if not url.database:
        raise CentralError("the DSN names no database (…/dbname at its end)")
    return url.set(drivername="postgresql+psycopg")


def _connect_args(url: URL) -> dict[str, Any]:
    """libpq keywords for ``url``; its query (sslmode, sslrootcert…) goes along."""
    args: dict[str, Any] = url.translate_connect_args(username="user", database="dbname")
    args.update({key: value for key, value in url.query.items() if isinstance(value, str)})
    args.setdefault("connect_timeout", 10)
    return args


def _first_line(exc: BaseException, url: URL) -> str:
    lines = str(exc).strip().splitlines()
    text = lines[0].strip() if lines else type(exc).__name__
    if url.password:
        text = text.replace(str(url.password), "***")
    return text


@contextmanager
def _session(url: URL) -> Iterator[psycopg.Connection[Any]]:
    """A connection as the administrator; every driver error becomes a one-line CentralError."""
    where = safe_url(url)
    try:
        conn = psycopg.connect(**_connect_args(url))
    except psycopg.Error as exc:
        raise CentralError(f"cannot connect to {where}: {_first_line(exc, url)}") from exc
    try:
        with conn:
            yield conn
    except psycopg.Error as exc:
        raise CentralError(f"{where}: {_first_line(exc, url)}") from exc


def _migrate(url: URL) -> tuple[str | None, str]:
    engine = open_engine(url)
    try:
        before = current_revision(engine)
        return before, upgrade(engine)
    except DatabaseUnavailable as exc:
        raise CentralError(f"migrating {exc.url} failed: {exc.reason}") from exc
    finally:
        engine.dispose()


def _require_role_admin(conn: psycopg.Connection[Any]) -> None:
    row = conn.execute(q.ADMIN_RIGHTS).fetchone()
    if row is None or not (row[1] or row[2]):
        user = row[0] if row else "this user"
        raise CentralError(
            f"{user} may not create roles: connect as a superuser or a role with CREATEROLE"
        )


def _schema(conn: psycopg.Connection[Any]) -> str:
    row = conn.execute(q.TABLE_SCHEMA).fetchone()
    if row is None or row[0] is None:
        raise CentralError("the database has no operators table: run 'central init' first")
    return str(row[0])


def _verifier(conn: psycopg.Connection[Any], login: str, password: str) -> sql.Literal:
    """The SCRAM verifier, made here, so the password itself never reaches the server (or
    its statement log)."""
    hashed = conn.pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256")
    return sql.Literal(hashed.decode())


# --- roles -----------------------------------------------------------------------------------


def _ensure_groups(conn: psycopg.Connection[Any]) -> tuple[str, ...]:
    created = []
    for group in GROUPS:
        row = conn.execute(q.ROLE, (group,)).fetchone()
        if row is None:
            conn.execute(q.CREATE_GROUP.format(role=sql.Identifier(group)))
            created.append(group)
            continue
        can_login, powerful = row
        if powerful:
            raise CentralError(
                f"role {group} exists with superuser-like rights: remove them by hand first"
            )
        if can_login:
            conn.execute(q.MAKE_NOLOGIN.format(role=sql.Identifier(group)))
    return tuple(created)


def _own_role(conn: psycopg.Connection[Any], login: str) -> str | None:
    """The hotline group ``login`` is in; None when no such role exists. A role that exists
    but is not a hotline login (an administrator, an application) is refused."""
    row = conn.execute(q.ROLE, (login,)).fetchone()
    if row is None:
        return None
    groups = [r[0] for r in conn.execute(q.MEMBER_OF, (login, list(GROUPS)))]
    if row[1] or not groups:
        raise CentralError(f"role {login} exists and is not a hotline login: choose another login")
    return str(groups[0])


# --- grants, functions and policies ------------------------------------------------------------


def _groups_sql() -> sql.Composed:
    return sql.SQL(", ").join(sql.Identifier(group) for group in GROUPS)


def _schema_rights(conn: psycopg.Connection[Any], schema: str) -> None:
    ident = sql.Identifier(schema)
    (public_may_create,) = conn.execute(q.PUBLIC_MAY_CREATE, (schema,)).fetchone() or (False,)
    if public_may_create:
        conn.execute(q.REVOKE_PUBLIC_CREATE.format(schema=ident))
    conn.execute(q.SCHEMA_USAGE.format(schema=ident, groups=_groups_sql()))


def _functions(conn: psycopg.Connection[Any], schema: str) -> None:
    ident = sql.Identifier(schema)
    for definition in q.DEFINITIONS:
        conn.execute(definition.format(schema=ident))
    for function in q.FUNCTIONS:
        name = function.format(schema=ident)
        conn.execute(q.REVOKE_FUNCTION.format(function=name))
        conn.execute(q.GRANT_FUNCTION.format(function=name, groups=_groups_sql()))


def _expression(text: str, schema: str) -> sql.Composed:
    me = sql.SQL("(SELECT {}.hotline_operator_id())").format(sql.Identifier(schema))
    return sql.SQL(text).format(me=me)


def _tables(
    conn: psycopg.Connection[Any], schema: str, metadata: MetaData
) -> tuple[dict[str, Kind], int, tuple[str, ...], tuple[str, ...]]:
    """Grants, RLS and policies for every table of the models that the database has."""
    ident = sql.Identifier(schema)
    present = {row[0] for row in conn.execute(q.TABLES_IN_SCHEMA, (schema,))}
    conn.execute(q.REVOKE_TABLES.format(schema=ident, groups=_groups_sql()))
    conn.execute(q.REVOKE_SEQUENCES.format(schema=ident, groups=_groups_sql()))
    tables: dict[str, Kind] = {}
    local: list[str] = []
    missing: list[str] = []
    policies = 0
    for table_plan in plan(metadata):
        if table_plan.table not in present:
            continue
        table = sql.Identifier(table_plan.table)
        names = {"schema": ident, "table": table}
        conn.execute(q.ENABLE_RLS.format(**names))  # no policy: nobody but the owner
        for group in GROUPS:
            for command in COMMANDS:
                name = sql.Identifier(f"{group}_{command.lower()}")
                conn.execute(q.DROP_POLICY.format(name=name, **names))
        if table_plan.kind is None:
            missing.append(table_plan.table)
            log.warning("table %s is not classified: no grant", table_plan.table)
            continue
        if not table_plan.access:
            local.append(table_plan.table)
            continue
        tables[table_plan.table] = table_plan.kind
        for group, access in table_plan.access.items():
            policies += _grant(conn, schema, table_plan.table, group, access)
    return tables, policies, tuple(local), tuple(missing)


def _grant(
    conn: psycopg.Connection[Any], schema: str, table: str, group: str, access: Access
) -> int:
    names = {"schema": sql.Identifier(schema), "table": sql.Identifier(table)}
    commands = sql.SQL(", ").join(sql.SQL(command) for command in COMMANDS if command in access)
    conn.execute(q.GRANT.format(commands=commands, group=sql.Identifier(group), **names))
    for command in COMMANDS:
        rule = access.get(command)
        if rule is None:
            continue
        name = sql.Identifier(f"{group}_{command.lower()}")
        parts = [
            q.CREATE_POLICY.format(
                name=name, command=sql.SQL(command), group=sql.Identifier(group), **names
            )
        ]
        if rule.using is not None:
            parts.append(sql.SQL("USING ({})").format(_expression(rule.using, schema)))
        if rule.check is not None:
            parts.append(sql.SQL("WITH CHECK ({})").format(_expression(rule.check, schema)))
        conn.execute(sql.SQL(" ").join(parts))
    return len(access)
