"""The central server's functions for portal requests (issue 11), made by ``central init``
with the others of app/sync/central_sql.py. Operators never read ``portal_requests``: they
list what is offered to them, claim one (a compare-and-set: of two operators claiming at
once, one gets it), read the files of what they hold, and record call-back attempts and the
ticket it became. Supervisors also list every unclaimed request (the escalated are among
them) and may claim any. All SECURITY DEFINER, for someone with an identity only.
"""

from __future__ import annotations

from psycopg import sql
from sqlalchemy.dialects import postgresql

from app.db.portal_models import PortalRequest

#: The columns the list functions return: the request's, then how many files it has.
COLUMNS = [column.name for column in PortalRequest.__table__.columns]
_RETURNS = ", ".join(
    f"{column.name} {column.type.compile(dialect=postgresql.dialect())}"
    for column in PortalRequest.__table__.columns
)
_LISTED = ", ".join(f"r.{name}" for name in COLUMNS)

#: The operator asking, and whether they are a supervisor.
_ME = "(SELECT o FROM {schema}.operators AS o WHERE o.id = {schema}.hotline_operator_id())"
_SUPERVISOR = (
    "EXISTS (SELECT 1 FROM {schema}.operators AS s"
    " WHERE s.id = {schema}.hotline_operator_id() AND s.role = 'supervisor')"
)
#: Unclaimed and on one of the operator's topics (the category or its parent), in one of
#: their languages.
_OFFERED_TO_ME = """
    r.operator_id IS NULL AND r.status = 'received' AND r.deleted_at IS NULL
    AND r.language = ANY (string_to_array(replace(({me}).languages, ' ', ''), ','))
    AND EXISTS (
        SELECT 1 FROM {schema}.operator_skills AS k
        LEFT JOIN {schema}.ticket_categories AS c ON c.id = r.category_id
        WHERE k.operator_id = {schema}.hotline_operator_id() AND k.deleted_at IS NULL
          AND k.category_id IN (r.category_id, c.parent_id))
"""


def _listing(name: str, where: str, args: str = "") -> sql.SQL:
    body = f"""
CREATE OR REPLACE FUNCTION {{schema}}.{name}({args})
    RETURNS TABLE ({_RETURNS}, files bigint)
    LANGUAGE sql STABLE SECURITY DEFINER ROWS 50
    SET search_path = {{schema}}, pg_temp
AS $body$
    SELECT {_LISTED},
        (SELECT count(*) FROM {{schema}}.portal_request_files AS f
         WHERE f.request_id = r.id AND f.deleted_at IS NULL)
    FROM {{schema}}.portal_requests AS r
    WHERE {{schema}}.hotline_operator_id() IS NOT NULL AND ({where})
    ORDER BY r.created_at, r.id
    LIMIT 500
$body$
"""  # noqa: S608 - fixed names
    return sql.SQL(body.replace("{me}", _ME))


OFFERED = _listing("hotline_offered_requests", _OFFERED_TO_ME)
UNCLAIMED = _listing(
    "hotline_unclaimed_requests",
    f"{_SUPERVISOR} AND r.operator_id IS NULL AND r.status = 'received' AND r.deleted_at IS NULL",
)
MINE = _listing(
    "hotline_my_requests",
    "r.operator_id = {schema}.hotline_operator_id() AND r.status IN ('taken', 'call_attempted')",
)
ONE = _listing(
    "hotline_request",
    f"r.id = $1 AND (r.operator_id = {{schema}}.hotline_operator_id() OR {_SUPERVISOR})",
    "request uuid",
)

CLAIM = sql.SQL(
    f"""
CREATE OR REPLACE FUNCTION {{schema}}.hotline_claim_request(request uuid)
    RETURNS boolean
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = {{schema}}, pg_temp
AS $body$
    WITH taken AS (
        UPDATE {{schema}}.portal_requests AS r
        SET operator_id = {{schema}}.hotline_operator_id(), status = 'taken',
            claimed_at = now(), version = r.version + 1, updated_at = now()
        WHERE {{schema}}.hotline_operator_id() IS NOT NULL
          AND r.id = $1
          AND r.operator_id IS NULL AND r.status = 'received' AND r.deleted_at IS NULL
          AND ({_SUPERVISOR} OR ({_OFFERED_TO_ME.replace("{me}", _ME)}))
        RETURNING r.id
    )
    SELECT count(*) = 1 FROM taken
$body$
"""  # noqa: S608 - fixed names
)
FILES = sql.SQL(
    f"""
CREATE OR REPLACE FUNCTION {{schema}}.hotline_request_files(request uuid)
    RETURNS SETOF {{schema}}.portal_request_files
    LANGUAGE sql STABLE SECURITY DEFINER ROWS 10
    SET search_path = {{schema}}, pg_temp
AS $body$
    SELECT f.* FROM {{schema}}.portal_request_files AS f
    JOIN {{schema}}.portal_requests AS r ON r.id = f.request_id
    WHERE {{schema}}.hotline_operator_id() IS NOT NULL
      AND f.request_id = $1 AND f.deleted_at IS NULL
      AND (r.operator_id = {{schema}}.hotline_operator_id() OR {_SUPERVISOR})
    ORDER BY f.created_at, f.file_name
$body$
"""  # noqa: S608 - fixed names
)
#: A call-back was tried: one more attempt, when, and when the next is due.
ATTEMPT = sql.SQL(
    """
CREATE OR REPLACE FUNCTION {schema}.hotline_request_attempt(
    request uuid, at timestamptz, next_at timestamptz)
    RETURNS boolean
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = {schema}, pg_temp
AS $body$
    WITH tried AS (
        UPDATE {schema}.portal_requests AS r
        SET attempts = r.attempts + 1, last_attempt_at = $2, next_attempt_at = $3,
            status = CASE WHEN r.status = 'resolved' THEN r.status ELSE 'call_attempted' END,
            version = r.version + 1, updated_at = now()
        WHERE r.id = $1 AND r.operator_id = {schema}.hotline_operator_id()
        RETURNING r.id
    )
    SELECT count(*) = 1 FROM tried
$body$
"""
)
TICKET = sql.SQL(
    """
CREATE OR REPLACE FUNCTION {schema}.hotline_request_ticket(request uuid, ticket uuid)
    RETURNS boolean
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = {schema}, pg_temp
AS $body$
    WITH linked AS (
        UPDATE {schema}.portal_requests AS r
        SET ticket_id = $2, version = r.version + 1, updated_at = now()
        WHERE r.id = $1 AND r.operator_id = {schema}.hotline_operator_id()
        RETURNING r.id
    )
    SELECT count(*) = 1 FROM linked
$body$
"""
)

DEFINITIONS = (OFFERED, UNCLAIMED, MINE, ONE, CLAIM, FILES, ATTEMPT, TICKET)
FUNCTIONS = (
    sql.SQL("{schema}.hotline_offered_requests()"),
    sql.SQL("{schema}.hotline_unclaimed_requests()"),
    sql.SQL("{schema}.hotline_my_requests()"),
    sql.SQL("{schema}.hotline_request(uuid)"),
    sql.SQL("{schema}.hotline_claim_request(uuid)"),
    sql.SQL("{schema}.hotline_request_files(uuid)"),
    sql.SQL("{schema}.hotline_request_attempt(uuid, timestamptz, timestamptz)"),
    sql.SQL("{schema}.hotline_request_ticket(uuid, uuid)"),
)
