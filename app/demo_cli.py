"""`hotline-desk demo …`: demo data for the embedded desk.

- `report-month`: a month of demo calls, tickets and operator states, so a newcomer's
  Reports view has something to show;
- `portal-request`: what the portal writes when a citizen leaves a request in the personal
  account: with no options, the three first demo requests (once) and the demo MFCs' queue
  load, published afresh; with `--text`, one more request (its topic, language, files and
  callback window as given).

`make run` runs `report-month` and `portal-request` before the window opens; running them
again adds nothing. They are commands of their own and not part of every start: the
desk's tests and a fresh desk begin with an empty history, and a central desk never gets
demo data.
"""

from __future__ import annotations

import argparse
import sys
from datetime import time
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from app.db.database import Database
from app.db.demo_applications import publish_demo_queues
from app.db.demo_portal import DemoRequest, RequestRefused, add_request, seed_portal_requests
from app.db.demo_reports import seed_report_month
from app.db.engine import failure_reason
from app.desk import open_desk


def _window(text: str) -> tuple[time, time]:
    try:
        start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a window like 18:00-20:00: {text}") from None
    if end <= start:
        raise argparse.ArgumentTypeError(f"the window ends before it starts: {text}")
    return start, end


def add_parser(commands: Any) -> None:
    demo = commands.add_parser("demo", help="demo data for the embedded desk")
    actions = demo.add_subparsers(dest="demo_command", metavar="WHAT", required=True)
    actions.add_parser("report-month", help="a month of calls and tickets for the reports")
    request = actions.add_parser(
        "portal-request", help="a citizen's request from the portal (the first three once)"
    )
    request.add_argument("--text", help="what the citizen wrote (one more request)")
    request.add_argument("--topic", default="other", help="a ticket category's code")
    request.add_argument("--language", default="ru")
    request.add_argument("--phone", default="", help="the demo citizen's phone (+7…)")
    request.add_argument("--window", type=_window, help="callback window, Moscow: 18:00-20:00")
    request.add_argument("--file", type=Path, action="append", default=[], help="attach a file")
    request.add_argument(
        "--url",
        help="write into this database as the portal would (the central one, e.g."
        " postgresql+psycopg://portal@host/hotline) instead of the embedded desk's file",
    )


def _error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)  # noqa: T201 - this command's output
    return 2


def run(args: argparse.Namespace) -> int:
    if args.demo_command == "portal-request" and args.url:
        return _portal_request_at(args.url, args)
    desk = open_desk()
    try:
        if desk.is_central:
            return _error("a desk on the central database gets no demo data")
        if args.demo_command == "portal-request":
            return _portal_request(desk.database, args)
        added = desk.database.write_now(seed_report_month)
        print(f"demo month: {added} rows added" if added else "demo month: already there")  # noqa: T201
        return 0
    finally:
        desk.close()


def _portal_request_at(url: str, args: argparse.Namespace) -> int:
    """The portal's side on a central database: one request (``--text``) from one of its
    citizens (``--phone``), as the portal would write it."""
    if args.text is None:
        return _error("with --url, say what the citizen wrote (--text)")
    try:
        database = Database.open(url, migrate=False)  # the portal writes; it never migrates
    except ArgumentError as exc:
        return _error(f"not a database URL: {exc}")
    try:
        return _portal_request(database, args)
    except SQLAlchemyError as exc:
        return _error(f"the database cannot be written: {failure_reason(exc, make_url(url))}")
    finally:
        database.close()


def _portal_request(database: Any, args: argparse.Namespace) -> int:
    if args.text is None:
        database.write_now(publish_demo_queues)  # the demo MFCs' queues, fresh on every start
        numbers = database.write_now(seed_portal_requests)
        print(  # noqa: T201
            f"portal requests received: {', '.join(numbers)}"
            if numbers
            else "portal requests: already there"
        )
        return 0
    request = DemoRequest(args.topic, args.language, args.text.strip(), 0, args.window)
    if not request.text:
        return _error("a request needs some text")
    try:
        number = database.write_now(
            lambda session: add_request(session, request, phone=args.phone, extra=tuple(args.file))
        )
    except RequestRefused as refusal:
        return _error(str(refusal))
    print(f"portal request received: {number}")  # noqa: T201
    return 0
