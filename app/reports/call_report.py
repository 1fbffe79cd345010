"""A report's call figures in two statements: the period, the period before (the tiles'
change) and every row of the period (by the report's grain, hour of the day, operator, line
and language) in one over the calls, the staffed time in one over the state spans.

Both count from fine groups, a Moscow day's calls summed by hour, operator, line and
language, and each day's staffed seconds per operator. A finished day whose groups the
report cache holds (app/reports/cache.py) is read from there; every other day (today, or a
day not cached yet) is grouped from the call records and spans themselves, by the same
sums. ``Split`` says which days are which; without one every day is counted live, which
is what ``call_figures`` and ``calls_by`` (app/reports/calls.py) count, figure by figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import CTE

from app.db.models import CallRecord
from app.db.report_models import OperatorStateSpan, report_call_groups, report_staffed
from app.db.types import UtcDateTime
from app.domain.clock import utc_now
from app.reports.calls import (
    _COUNTS,
    STAFFED,
    CallFigures,
    _columns,
    _figures,
    _unindexed,
    filter_where,
)
from app.reports.period import DEFAULTS, Filters, Period, Split, Thresholds
from app.reports.sql import Grain, epoch, key_text, moscow_bucket
from app.reports.tickets import materialized

#: The keys of ``CallReport``'s rows, in its order: by time, then by who took the call.
_ROWS = ("over_time", "hours", "operators", "lines", "languages")
_BY_TIME = ("over_time", "hours")


def settings_key(thresholds: Thresholds) -> str:
    """What cached call sums depend on: the service-level and short-abandon thresholds."""
    return f"sl{thresholds.service_level_seconds}/sa{thresholds.short_abandon_seconds}"


@dataclass(frozen=True)
class CallReport:
    """A report's call figures: the period and the period before, and the period by the
    report's grain, by hour of the day, operator, line and language."""

    figures: CallFigures
    before: CallFigures
    over_time: list[tuple[str, CallFigures]]
    hours: list[tuple[str, CallFigures]]
    operators: list[tuple[str, CallFigures]]
    lines: list[tuple[str, CallFigures]]
    languages: list[tuple[str, CallFigures]]


def day_groups(runs: Sequence[Period], thresholds: Thresholds) -> Select[Any]:
    """The calls of ``runs`` summed by Moscow day, week, month and hour, operator, line and
    language: the fine groups a report counts from (and the report cache stores)."""
    c = CallRecord
    keys = {
        "day": moscow_bucket(c.offered_at, Grain.DAY),
        "week": moscow_bucket(c.offered_at, Grain.WEEK),
        "month": moscow_bucket(c.offered_at, Grain.MONTH),
        "hour": moscow_bucket(c.offered_at, Grain.HOUR),
        "operator_id": c.operator_id,
        "line_id": c.line_id,
        "language": c.language,
    }
    ranges = [and_(c.offered_at >= a, c.offered_at < b) for a, b in (r.bounds() for r in runs)]
    labelled: list[Any] = [expression.label(name) for name, expression in keys.items()]
    return (
        select(*labelled, *_columns(thresholds))
        .where(or_(*ranges), c.deleted_at.is_(None))
        .group_by(*keys.values())
    )


def _fine(filters: Filters, grain: Grain, thresholds: Thresholds, split: Split) -> CTE:
    """The fine groups of the period and the period before, cached and live alike."""
    over = {Grain.DAY: "day", Grain.WEEK: "week", Grain.MONTH: "month", Grain.HOUR: "hour"}
    parts: list[Select[Any]] = []

    def pick(source: Any) -> Select[Any]:
        return select(
            source.c.day,
            source.c[over[grain]].label("over_time"),
            source.c.hour.label("hours"),
            source.c.operator_id.label("operators"),
            source.c.line_id.label("lines"),
            source.c.language.label("languages"),
            *[source.c[name] for name in _COUNTS],
        ).where(*filter_where(filters, source.c))

    if split.cached:
        g = report_call_groups
        days = [g.c.day.between(r.start.isoformat(), r.end.isoformat()) for r in split.cached]
        parts.append(pick(g).where(g.c.settings == settings_key(thresholds), or_(*days)))
    if split.live:
        parts.append(pick(day_groups(split.live, thresholds).subquery("live")))
    return (union_all(*parts) if len(parts) > 1 else parts[0]).cte("fine")


def _report_query(
    filters: Filters, grain: Grain, thresholds: Thresholds, split: Split
) -> Select[Any]:
    """One statement for every call figure of a report, each row told by ``part``: 0 the
    totals (``now`` 1 for the period, 0 for the period before), 1-5 the rows in ``_ROWS``'
    order. The period's fine groups are summed twice more, by time (grain and hour of the
    day: a month, some 430 groups) and by who took them (operator, line and language: some
    130); every total and row of the period is a sum of those. The period before is one
    sum. Small groupings sort and hash cheaply: summing each row straight from the fine
    groups (19,000 for a month's 80,000 calls) was slower on both databases."""
    fine = _fine(filters, grain, thresholds, split)
    now = fine.c.day >= filters.period.start.isoformat()
    sums = [func.coalesce(func.sum(fine.c[n]), 0).label(n) for n in _COUNTS]

    def coarse(name: str, by: Sequence[str]) -> CTE:
        keys = [fine.c[key] for key in by]
        return select(*keys, *sums).where(now).group_by(*keys).cte(name)

    by_time = coarse("by_time", _BY_TIME)
    by_who = coarse("by_who", _ROWS[len(_BY_TIME) :])

    def row(part: int, flag: int, key: str | None) -> list[ColumnElement[Any]]:
        """``part`` and ``now``, then the keys: ``key`` from its groups, None others."""
        columns: list[ColumnElement[Any]] = [
            literal_column(str(part)).label("part"),
            literal_column(str(flag)).label("now"),
        ]
        for name in _ROWS:
            if name == key:
                columns.append((by_time if name in _BY_TIME else by_who).c[name])
            else:
                columns.append(cast(null(), fine.c[name].type).label(name))
        return columns

    def rows(part: int, key: str | None) -> Select[Any]:
        groups = by_time if key is None or key in _BY_TIME else by_who
        total = [func.coalesce(func.sum(groups.c[n]), 0).label(n) for n in _COUNTS]
        query = select(*row(part, 1, key), *total)
        return query if key is None else query.group_by(groups.c[key])

    before = select(*row(0, 0, None), *sums).where(~now)
    parts = union_all(
        rows(0, None), before, *[rows(part, key) for part, key in enumerate(_ROWS, 1)]
    ).subquery("parts")
    return select(parts).order_by(*[parts.c[name] for name in ("part", "now", *_ROWS)])


def _days(days: Sequence[date], now: datetime) -> list[tuple[str, datetime, datetime]]:
    """Each day's name and bounds, for the days that have begun by ``now``."""
    rows = [(d.isoformat(), *Period(d, d).bounds()) for d in days]
    return [(day, first, after) for day, first, after in rows if first < now]


def staffed_by_day(days: Sequence[date], now: datetime, operator: Any = None) -> Select[Any]:
    """Staffed seconds (Ready, in a call, after-call work) by Moscow day and operator, each
    state span clipped to each of ``days`` it covers; a span still open counts until
    ``now``. Days that have not begun by ``now`` are left out.

    The spans reaching into the days are read once (a materialised CTE). Those that begin
    and end on one day, nearly all, are summed by that day; only those crossing midnight
    or still open are joined to the list of days and clipped. Joining every span to the
    days let SQLite loop over the days and read every later span again for each (10 s for
    two months of the benchmark's spans, against 1 s)."""
    rows = _days(days, now) or [("", now, now)]  # none: an empty range finds no span
    s = OperatorStateSpan
    first_at, after_at = min(r[1] for r in rows), max(r[2] for r in rows)
    where = [
        s.state.in_(STAFFED),
        s.started_at < after_at,
        or_(s.ended_at > first_at, s.ended_at.is_(None)),
        s.deleted_at.is_(None),
    ]
    if operator is not None:
        where.append(s.operator_id == operator)
    spans = materialized(
        select(
            moscow_bucket(s.started_at, Grain.DAY).label("first_day"),
            moscow_bucket(s.ended_at, Grain.DAY).label("last_day"),
            _unindexed(s.operator_id.expression).label("operator_id"),
            s.started_at,
            s.ended_at,
        )
        .where(*where)
        .cte("spans")
    )
    p = spans.c
    one_day = and_(p.ended_at.is_not(None), p.first_day == p.last_day)
    within = select(
        p.first_day.label("day"),
        p.operator_id,
        (epoch(p.ended_at) - epoch(p.started_at)).label("seconds"),
    ).where(one_day, p.first_day.in_([r[0] for r in rows]))
    crossing = materialized(select(spans).where(~one_day).cte("crossing"))  # a few
    p = crossing.c
    d = union_all(
        *[
            select(
                literal(day, String(10)).label("day"),
                literal(first, UtcDateTime()).label("first"),
                literal(after, UtcDateTime()).label("after"),
            )
            for day, first, after in rows
        ]
    ).subquery("days")  # not VALUES: SQLite cannot name a VALUES list's columns
    ended = func.coalesce(p.ended_at, literal(now, UtcDateTime()))
    start = case((p.started_at < d.c.first, d.c.first), else_=p.started_at)
    last = case((ended > d.c.after, d.c.after), else_=ended)
    last_day = func.coalesce(p.last_day, "9999-12-31")
    across = (
        select(d.c.day, p.operator_id, (epoch(last) - epoch(start)).label("seconds"))
        .select_from(crossing)
        .join(d, and_(d.c.day >= p.first_day, d.c.day <= last_day))
    )
    pieces = union_all(within, across).subquery("pieces")
    return select(
        pieces.c.day, pieces.c.operator_id, func.sum(pieces.c.seconds).label("seconds")
    ).group_by(pieces.c.day, pieces.c.operator_id)


@dataclass(frozen=True)
class Staffed:
    """Staffed seconds (docs/kpi.md, occupancy)."""

    now: float  # the period
    before: float  # the period before
    operators: dict[str, float]  # by operator, the period


def staffed_with_before(
    connection: Connection,
    filters: Filters,
    split: Split | None = None,
    now: datetime | None = None,
) -> Staffed:
    """Staffed time of the period, of the period before, and of the period by operator, in
    one statement: per day and operator (cached or live), per operator, then the totals as
    the sums of those rows. ``split`` says which days the cache holds (None: none)."""
    split = split or Split.of(filters.with_before())
    parts: list[Select[Any]] = []
    if split.cached:
        r = report_staffed
        days = [r.c.day.between(p.start.isoformat(), p.end.isoformat()) for p in split.cached]
        cached = select(r.c.day, r.c.operator_id, r.c.seconds).where(or_(*days))
        if filters.operator_id is not None:
            cached = cached.where(r.c.operator_id == filters.operator_id)
        parts.append(cached)
    if split.live:
        live = staffed_by_day(split.days(live=True), now or utc_now(), filters.operator_id)
        parts.append(select(live.subquery("live")))
    by_day = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("by_day")
    in_now = by_day.c.day >= filters.period.start.isoformat()
    per_operator = (
        select(
            by_day.c.operator_id,
            func.coalesce(func.sum(case((in_now, by_day.c.seconds))), 0).label("now"),
            func.coalesce(func.sum(case((~in_now, by_day.c.seconds))), 0).label("before"),
        )
        .group_by(by_day.c.operator_id)
        .cte("per_operator")
    )
    o = per_operator.c
    query = union_all(
        select(o.operator_id, o.now, o.before),
        select(
            cast(null(), o.operator_id.type),
            func.coalesce(func.sum(o.now), 0),
            func.coalesce(func.sum(o.before), 0),
        ),
    )
    total = previous = 0.0
    operators: dict[str, float] = {}
    for key, seconds, seconds_before in connection.execute(query):
        if key is None:  # the totals (a span always has its operator)
            total, previous = float(seconds), float(seconds_before)
        else:
            operators[key_text(key)] = float(seconds)
    return Staffed(total, previous, operators)


def calls_report(
    connection: Connection,
    filters: Filters,
    grain: Grain,
    thresholds: Thresholds = DEFAULTS,
    *,
    calls: Split | None = None,
    spans: Split | None = None,
    now: datetime | None = None,
) -> CallReport:
    """Everything ``CallReport`` holds in two statements instead of a statement per total
    and grouping. The figures and rows are the same, in the same order, as
    ``call_figures`` and ``calls_by`` give them. ``calls`` and ``spans`` say which days
    the cache holds (None: none)."""
    calls = calls or Split.of(filters.with_before())
    staffed = staffed_with_before(connection, filters, spans, now)
    figures = CallFigures(staffed_seconds=staffed.now)
    before = CallFigures(staffed_seconds=staffed.before)
    rows: dict[str, list[tuple[str, CallFigures]]] = {name: [] for name in _ROWS}
    for row in connection.execute(_report_query(filters, grain, thresholds, calls)):
        if row.part == 0:
            if row.now:
                figures = _figures(row, staffed.now)
            else:
                before = _figures(row, staffed.before)
            continue
        name = _ROWS[row.part - 1]
        key = key_text(getattr(row, name))
        staffed_seconds = staffed.operators.get(key, 0.0) if name == "operators" else 0.0
        rows[name].append((key, _figures(row, staffed_seconds)))
    return CallReport(figures, before, **rows)
