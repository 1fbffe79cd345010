"""`hotline-desk demo report-month`: a month of demo calls, tickets and operator states in the
embedded desk's database, so a newcomer's Reports view has something to show (`make run`
runs it before the window opens; running it again adds nothing).

It is a command of its own and not part of every start: the desk's tests and a fresh
desk begin with an empty call history, and a central desk never gets demo data.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.db.demo_reports import seed_report_month
from app.desk import open_desk


def add_parser(commands: Any) -> None:
    demo = commands.add_parser("demo", help="demo data for the embedded desk")
    actions = demo.add_subparsers(dest="demo_command", metavar="WHAT", required=True)
    actions.add_parser("report-month", help="a month of calls and tickets for the reports")


def run(_args: argparse.Namespace) -> int:
    desk = open_desk()
    try:
        if desk.is_central:
            print(  # noqa: T201 - this command's output is its report
                "error: a desk on the central database gets no demo data", file=sys.stderr
            )
            return 2
        added = desk.database.write_now(seed_report_month)
        print(f"demo month: {added} rows added" if added else "demo month: already there")  # noqa: T201
        return 0
    finally:
        desk.close()
