"""The SQL that app/sync/central.py runs on the central PostgreSQL database.

Kept apart so the rules in central.py read as Python. Every statement is a
``psycopg.sql.SQL`` template: identifiers (the schema, roles, tables, logins) go in through
``sql.Identifier`` and values through ``sql.Literal`` or bound parameters, never by string
formatting. ``{schema}`` is the schema the migrations created the tables in.
"""

from __future__ import annotations

from psycopg import sql

from app.sync import portal_sql

#: One init or add-operator at a time per database (roles are created check-then-act).
LOCK = sql.SQL("SELECT pg_advisory_xact_lock(hashtext('hotline-desk central'))")

ADMIN_RIGHTS = sql.SQL(
    "SELECT current_user, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user"
)

#: Where the migrations put the tables (the schema of ``operators``).
TABLE_SCHEMA = sql.SQL(
    "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE c.oid = to_regclass('operators')"
)

TABLES_IN_SCHEMA = sql.SQL("SELECT tablename FROM pg_tables WHERE schemaname = %s")

#: What a role is allowed beyond its grants; a hotline role must have none of it.
ROLE = sql.SQL(
    "SELECT rolcanlogin, rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication"
    " OR rolbypassrls FROM pg_roles WHERE rolname = %s"
)

#: The hotline groups a role is a member of.
MEMBER_OF = sql.SQL(
    "SELECT g.rolname FROM pg_auth_members m"
    " JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member"
    " WHERE r.rolname = %s AND g.rolname = ANY(%s)"
)

CREATE_GROUP = sql.SQL("CREATE ROLE {role} NOLOGIN")
MAKE_NOLOGIN = sql.SQL("ALTER ROLE {role} NOLOGIN")

CREATE_LOGIN = sql.SQL(
    "CREATE ROLE {login} LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION"
    " NOBYPASSRLS PASSWORD {verifier}"
)
SET_PASSWORD = sql.SQL("ALTER ROLE {login} LOGIN PASSWORD {verifier}")
JOIN_GROUP = sql.SQL("GRANT {group} TO {login}")
LEAVE_GROUP = sql.SQL("REVOKE {group} FROM {login}")

#: Old versions (before 15) let everyone create objects in ``public``; a definer function
#: is only safe when nobody can plant objects where it looks.
PUBLIC_MAY_CREATE = sql.SQL("SELECT has_schema_privilege('public', %s, 'CREATE')")
REVOKE_PUBLIC_CREATE = sql.SQL("REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC")
SCHEMA_USAGE = sql.SQL("GRANT USAGE ON SCHEMA {schema} TO {groups}")

REVOKE_TABLES = sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {groups}")
REVOKE_SEQUENCES = sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {groups}")
GRANT = sql.SQL("GRANT {commands} ON {schema}.{table} TO {group}")
ENABLE_RLS = sql.SQL("ALTER TABLE {schema}.{table} ENABLE ROW LEVEL SECURITY")
DROP_POLICY = sql.SQL("DROP POLICY IF EXISTS {name} ON {schema}.{table}")
CREATE_POLICY = sql.SQL("CREATE POLICY {name} ON {schema}.{table} FOR {command} TO {group}")

#: The operators.id of the person logged in, or NULL. ``session_user`` is the role that
#: logged in: SET ROLE does not change it, and it needs no per-session state, so it holds
#: through a pooler in transaction mode. Inactive and deleted operators have no identity.
OPERATOR_ID = sql.SQL(
    """
CREATE OR REPLACE FUNCTION {schema}.hotline_operator_id() RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = {schema}, pg_temp
AS $body$
    SELECT o.id FROM {schema}.operators AS o
    WHERE o.login = session_user::text AND o.is_active AND o.deleted_at IS NULL
$body$
"""
)

#: The first form of the look-up took phone and SNILS only: dropped before the new one.
DROP_OLD_FIND = sql.SQL("DROP FUNCTION IF EXISTS {schema}.hotline_find_citizens(text, text)")

#: The online look-up during a call: citizens are never pulled in bulk. Exact matches of a
#: phone (E.164), a SNILS, or a full name (in the canonical form the desks write) together
#: with the birth date; at most five rows, and only for someone with an identity.
FIND_CITIZENS = sql.SQL(
    """
CREATE OR REPLACE FUNCTION {schema}.hotline_find_citizens(
    phone text, snils text, full_name text DEFAULT NULL, birth date DEFAULT NULL)
    RETURNS SETOF {schema}.citizens
    LANGUAGE sql STABLE SECURITY DEFINER ROWS 5
    SET search_path = {schema}, pg_temp
AS $body$
    SELECT c.* FROM {schema}.citizens AS c
    WHERE {schema}.hotline_operator_id() IS NOT NULL
      AND c.deleted_at IS NULL
      AND ((nullif($1, '') IS NOT NULL AND c.phone = $1)
           OR (nullif($2, '') IS NOT NULL AND c.snils = $2)
           OR (nullif($3, '') IS NOT NULL AND $4 IS NOT NULL
               AND c.full_name = $3 AND c.birth_date = $4))
    ORDER BY c.full_name, c.id
    LIMIT 5
$body$
"""
)

#: A caller's applications during the call: the one with this number, or all of this
#: citizen's (the desk asks for those only once the caller is verified), at most twenty;
#: and an application's stage history. Never a listing of everyone's.
FIND_APPLICATIONS = sql.SQL(
    """
CREATE OR REPLACE FUNCTION {schema}.hotline_find_applications(number text, citizen uuid)
    RETURNS SETOF {schema}.applications
    LANGUAGE sql STABLE SECURITY DEFINER ROWS 20
    SET search_path = {schema}, pg_temp
AS $body$
    SELECT a.* FROM {schema}.applications AS a
    WHERE {schema}.hotline_operator_id() IS NOT NULL
      AND a.deleted_at IS NULL
      AND ((nullif($1, '') IS NOT NULL AND a.number = $1)
           OR ($2 IS NOT NULL AND a.citizen_id = $2))
    ORDER BY a.submitted_at DESC
    LIMIT 20
$body$
"""
)
APPLICATION_STEPS = sql.SQL(
    """
CREATE OR REPLACE FUNCTION {schema}.hotline_application_steps(application uuid)
    RETURNS SETOF {schema}.application_steps
    LANGUAGE sql STABLE SECURITY DEFINER ROWS 10
    SET search_path = {schema}, pg_temp
AS $body$
    SELECT s.* FROM {schema}.application_steps AS s
    WHERE {schema}.hotline_operator_id() IS NOT NULL AND s.application_id = $1
    ORDER BY s.at
$body$
"""
)

#: MFC appointments booked from a central desk (app/sync/appointments.py): operators never
#: read ``mfc_slots``. An office's free slots in a time window (from now on, at most 200);
#: a citizen's coming appointments; and the two compare-and-set writes, true when the row
#: changed: a slot taken only while it is free and offered (with an application, only one
#: of that citizen's), and freed only from the citizen who holds it.
FREE_SLOTS = sql.SQL(
    """
CREATE OR REPLACE FUNCTION {schema}.hotline_free_slots(
    office uuid, from_at timestamptz, till timestamptz)
    RETURNS SETOF {schema}.mfc_slots
    LANGUAGE sql STABLE SECURITY DEFINER ROWS 200
    SET search_path = {schema}, pg_temp
AS $body$
    SELECT s.* FROM {schema}.mfc_slots AS s
    WHERE {schema}.hotline_operator_id() IS NOT NULL
      AND s.office_id = $1
      AND s.citizen_id IS NULL
      AND s.deleted_at IS NULL
      AND s.starts_at >= greatest($2, now())
      AND s.starts_at < $3
    ORDER BY s.starts_at
    LIMIT 200
$body$
"""
)
APPOINTMENTS = sql.SQL(
    """
CREATE OR REPLACE FUNCTION {schema}.hotline_appointments(citizen uuid)
    RETURNS SETOF {schema}.mfc_slots
    LANGUAGE sql STABLE SECURITY DEFINER ROWS 5
    SET search_path = {schema}, pg_temp
AS $body$
    SELECT s.* FROM {schema}.mfc_slots AS s
    WHERE {schema}.hotline_operator_id() IS NOT NULL
      AND s.citizen_id = $1
      AND s.starts_at >= now()
    ORDER BY s.starts_at
    LIMIT 50
$body$
"""
)
TAKE_SLOT = sql.SQL(
    """
CREATE OR REPLACE FUNCTION {schema}.hotline_take_slot(
    slot uuid, citizen uuid, application uuid)
    RETURNS boolean
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = {schema}, pg_temp
AS $body$
    WITH taken AS (
        UPDATE {schema}.mfc_slots AS s
        SET citizen_id = $2, application_id = $3, version = s.version + 1,
            updated_at = now()
        WHERE {schema}.hotline_operator_id() IS NOT NULL
          AND $2 IS NOT NULL
          AND s.id = $1
          AND s.citizen_id IS NULL
          AND s.deleted_at IS NULL
          AND ($3 IS NULL OR EXISTS (
              SELECT 1 FROM {schema}.applications AS a
              WHERE a.id = $3 AND a.citizen_id = $2))
        RETURNING s.id
    )
    SELECT count(*) = 1 FROM taken
$body$
"""
)
FREE_SLOT = sql.SQL(
    """
CREATE OR REPLACE FUNCTION {schema}.hotline_free_slot(slot uuid, citizen uuid)
    RETURNS boolean
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = {schema}, pg_temp
AS $body$
    WITH freed AS (
        UPDATE {schema}.mfc_slots AS s
        SET citizen_id = NULL, application_id = NULL, version = s.version + 1,
            updated_at = now()
        WHERE {schema}.hotline_operator_id() IS NOT NULL
          AND s.id = $1
          AND s.citizen_id = $2
        RETURNING s.id
    )
    SELECT count(*) = 1 FROM freed
$body$
"""
)

#: Each function's definition, in the order ``central init`` (re)creates them.
DEFINITIONS = (
    OPERATOR_ID,
    DROP_OLD_FIND,
    FIND_CITIZENS,
    FIND_APPLICATIONS,
    APPLICATION_STEPS,
    FREE_SLOTS,
    APPOINTMENTS,
    TAKE_SLOT,
    FREE_SLOT,
    *portal_sql.DEFINITIONS,
)
#: The functions both groups may execute (PUBLIC may not).
FUNCTIONS = (
    sql.SQL("{schema}.hotline_operator_id()"),
    sql.SQL("{schema}.hotline_find_citizens(text, text, text, date)"),
    sql.SQL("{schema}.hotline_find_applications(text, uuid)"),
    sql.SQL("{schema}.hotline_application_steps(uuid)"),
    sql.SQL("{schema}.hotline_free_slots(uuid, timestamptz, timestamptz)"),
    sql.SQL("{schema}.hotline_appointments(uuid)"),
    sql.SQL("{schema}.hotline_take_slot(uuid, uuid, uuid)"),
    sql.SQL("{schema}.hotline_free_slot(uuid, uuid)"),
    *portal_sql.FUNCTIONS,
)
REVOKE_FUNCTION = sql.SQL("REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
GRANT_FUNCTION = sql.SQL("GRANT EXECUTE ON FUNCTION {function} TO {groups}")

#: The operators row of a login: added, or brought up to date (a new version only when
#: something changed, so a repeated add-operator is not a change for sync).
UPSERT_OPERATOR = sql.SQL(
    """
INSERT INTO {schema}.operators
    (id, created_at, updated_at, version, deleted_at, login, full_name, role, languages,
     is_active)
VALUES (%(id)s, now(), now(), 1, NULL, %(login)s, %(full_name)s, %(role)s, 'ru', true)
ON CONFLICT (login) DO UPDATE
    SET full_name = excluded.full_name, role = excluded.role, is_active = true,
        deleted_at = NULL, updated_at = now(), version = operators.version + 1
    WHERE (operators.full_name, operators.role, operators.is_active,
           operators.deleted_at IS NULL)
          IS DISTINCT FROM (excluded.full_name, excluded.role, true, true)
"""
)
OPERATOR_BY_LOGIN = sql.SQL("SELECT id FROM {schema}.operators WHERE login = %s")


def function_names() -> list[str]:
    """The functions as a report names them: ``hotline_free_slot(uuid, uuid)``."""
    return [f.as_string().removeprefix("{schema}.") for f in FUNCTIONS]
