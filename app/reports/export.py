"""A report's table as CSV: what a supervisor opens in a spreadsheet.

Semicolons separate the columns and the file starts with a byte-order mark, so a Russian
spreadsheet opens it with its Cyrillic intact; shares are written as per cent and times
in seconds, rounded, with a decimal comma.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.reports.report import Table

#: Columns holding a share (0..1), written as per cent.
SHARES = frozenset(
    {"service_level", "abandonment_rate", "occupancy", "close_rate", "reopen_rate", "fcr"}
)


def cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        number = value * 100 if column in SHARES else value
        return f"{number:.1f}".replace(".", ",")
    return str(value)


def table_csv(table: Table, headers: Mapping[str, str] | None = None) -> str:
    """The table as CSV text; ``headers`` names the columns (their keys by default)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([(headers or {}).get(c, c) for c in table.columns])
    for row in table.rows:
        writer.writerow([cell(c, v) for c, v in zip(table.columns, row, strict=True)])
    return out.getvalue()


def write_csv(table: Table, path: Path, headers: Mapping[str, str] | None = None) -> None:
    path.write_text("\ufeff" + table_csv(table, headers), encoding="utf-8", newline="")
