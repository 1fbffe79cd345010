"""Writing many rows centrally at COPY speed, with the same rule as the one-row upsert.

A push after an outage carries thousands of rows. Sent as ``INSERT … ON CONFLICT`` with
``executemany``, each row is one statement the server parses and plans (prepared
statements are off, for PgBouncer). Instead the rows are copied into a temporary table
that lives only for this transaction (``ON COMMIT DROP``: nothing is left on a pooled
connection), and one ``INSERT … SELECT … ON CONFLICT (id) DO UPDATE … WHERE version <
incoming`` moves them: the same outcome as app/sync/push.py's upsert, row for row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, column, select, table
from sqlalchemy.dialects.postgresql import insert as pg_insert

#: From how many rows a run goes through COPY (fewer: the plain upsert is cheaper).
BULK_ROWS = 200


def copy_upsert(connection: Connection, target: Table, rows: Sequence[dict[str, Any]]) -> None:
    dialect = connection.dialect
    names = [c.name for c in target.columns]
    processors = {
        c.name: c.type.dialect_impl(dialect).bind_processor(dialect) for c in target.columns
    }
    temporary = f"incoming_{target.name}"
    connection.exec_driver_sql(
        f'CREATE TEMPORARY TABLE "{temporary}" (LIKE "{target.name}" INCLUDING DEFAULTS)'
        " ON COMMIT DROP"
    )
    quoted = ", ".join(f'"{name}"' for name in names)
    raw = connection.connection.dbapi_connection
    assert raw is not None
    cursor = raw.cursor()
    with cursor, cursor.copy(f'COPY "{temporary}" ({quoted}) FROM STDIN') as copy:  # type: ignore[attr-defined]
        for row in rows:
            copy.write_row([_bound(processors[n], row[n]) for n in names])
    incoming = table(temporary, *(column(name) for name in names))
    statement = pg_insert(target).from_select(names, select(*incoming.columns))
    statement = statement.on_conflict_do_update(
        index_elements=[target.c.id],
        set_={name: statement.excluded[name] for name in names if name != "id"},
        where=target.c.version < statement.excluded.version,
    )
    connection.execute(statement)


def _bound(processor: Any, value: Any) -> Any:
    return processor(value) if processor is not None and value is not None else value
