"""The few SQL expressions that differ between SQLite and PostgreSQL, written once.

Reports group and measure time in the database, never in Python: a timestamp's Moscow day,
week, month or hour as text (``moscow_bucket``) and a timestamp as seconds since the epoch
(``epoch``), so a difference of two is a duration in seconds on both. Moscow has kept
UTC+3 all year since 2014, so a fixed offset is exact; PostgreSQL is told the zone by name
all the same. On SQLite timestamps are stored naive in UTC (app/db/types.py).
"""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import Float, SQLColumnExpression, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class Grain(enum.StrEnum):
    """How report rows are grouped in time (Moscow time)."""

    HOUR = "hour"  # hour of the day, 00–23, over the whole range
    DAY = "day"
    WEEK = "week"  # weeks start on Monday; the label is that Monday
    MONTH = "month"


class moscow_bucket(FunctionElement[str]):  # noqa: N801 - reads as the SQL function it is
    """The Moscow hour ('09'), day ('2026-11-26'), week's Monday or month ('2026-11-01')."""

    type = String()
    inherit_cache = False  # the grain is not part of a cache key: never cached

    def __init__(self, moment: SQLColumnExpression[Any], grain: Grain) -> None:
        self.grain = grain
        super().__init__(moment)


class epoch(FunctionElement[float]):  # noqa: N801
    """Seconds since 1970 of a timestamp (a float)."""

    type = Float()
    inherit_cache = True


_SQLITE = {
    Grain.HOUR: "strftime('%H', {0}, '+3 hours')",
    Grain.DAY: "date({0}, '+3 hours')",
    Grain.WEEK: "date({0}, '+3 hours', '-6 days', 'weekday 1')",
    Grain.MONTH: "strftime('%Y-%m-01', {0}, '+3 hours')",
}
_POSTGRES = {
    Grain.HOUR: "to_char(({0}) AT TIME ZONE 'Europe/Moscow', 'HH24')",
    Grain.DAY: "to_char(({0}) AT TIME ZONE 'Europe/Moscow', 'YYYY-MM-DD')",
    Grain.WEEK: "to_char(date_trunc('week', ({0}) AT TIME ZONE 'Europe/Moscow'), 'YYYY-MM-DD')",
    Grain.MONTH: "to_char(date_trunc('month', ({0}) AT TIME ZONE 'Europe/Moscow'), 'YYYY-MM-DD')",
}


def _argument(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(next(iter(element.clauses)), **kw)


@compiles(moscow_bucket, "sqlite")
def _bucket_sqlite(element: moscow_bucket, compiler: SQLCompiler, **kw: Any) -> str:
    return _SQLITE[element.grain].format(_argument(element, compiler, **kw))


@compiles(moscow_bucket, "postgresql")
def _bucket_postgres(element: moscow_bucket, compiler: SQLCompiler, **kw: Any) -> str:
    return _POSTGRES[element.grain].format(_argument(element, compiler, **kw))


@compiles(epoch, "sqlite")
def _epoch_sqlite(element: epoch, compiler: SQLCompiler, **kw: Any) -> str:
    # julianday is a float of days: rounded to the millisecond, seconds come out exact.
    return f"round((julianday({_argument(element, compiler, **kw)}) - 2440587.5) * 86400.0, 3)"


@compiles(epoch, "postgresql")
def _epoch_postgres(element: epoch, compiler: SQLCompiler, **kw: Any) -> str:
    return f"extract(epoch from {_argument(element, compiler, **kw)})::float8"


class fold(FunctionElement[str]):  # noqa: N801
    """Text in lower case, Cyrillic included (SQLite's lower() folds only ASCII; the desk
    registers ``unicode_lower`` on its connections: app/db/engine.py)."""

    type = String()
    inherit_cache = True


@compiles(fold, "sqlite")
def _fold_sqlite(element: fold, compiler: SQLCompiler, **kw: Any) -> str:
    return f"unicode_lower({_argument(element, compiler, **kw)})"


@compiles(fold, "postgresql")
def _fold_postgres(element: fold, compiler: SQLCompiler, **kw: Any) -> str:
    return f"lower({_argument(element, compiler, **kw)})"


def key_text(key: Any) -> str:
    """A group's key as report rows name it: an id as its hex form, None as ''."""
    if key is None:
        return ""
    return key.hex if hasattr(key, "hex") and not isinstance(key, str) else str(key)
