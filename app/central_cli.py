"""`hotline-desk central …`: setting up the central PostgreSQL database (app/sync/central.py).

``central init --dsn DSN`` migrates the database and (again) creates the group roles,
grants, row-level security policies and functions; run it after every upgrade.
``central add-operator --dsn DSN --login L --name "…" --role operator|supervisor`` makes a
login for a person; ``central set-password --dsn DSN --login L`` changes its password. The
password is asked for twice, or taken from HOTLINE_NEW_PASSWORD (for scripts). The DSN is a
URL (``postgresql://admin@host:5432/hotline?sslmode=verify-full``); keep its password in
~/.pgpass or PGPASSWORD rather than on the command line. Errors are one line, exit code 1,
and never show a password.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from app.db.models import OperatorRole
from app.sync import central
from app.sync.central_sql import function_names

PASSWORD_ENV = "HOTLINE_NEW_PASSWORD"  # noqa: S105 - the variable's name, not a password


def add_parser(commands: Any) -> None:
    parser = commands.add_parser("central", help="the central database: roles, operators")
    actions = parser.add_subparsers(dest="central_command", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init", help="migrate, then create roles, grants and row-level security (idempotent)"
    )
    add = actions.add_parser("add-operator", help="a login for a person (or bring one up to date)")
    password = actions.add_parser("set-password", help="change a login's password")
    for action in (init, add, password):
        action.add_argument("--dsn", required=True, help="postgresql://admin@host:5432/dbname")
    for action in (add, password):
        action.add_argument("--login", required=True, help="the PostgreSQL role name")
    add.add_argument("--name", required=True, help="the person's full name")
    add.add_argument("--role", required=True, choices=[role.value for role in OperatorRole])


def run(args: argparse.Namespace) -> int:
    try:
        if args.central_command == "init":
            _print_init(central.init(args.dsn))
        elif args.central_command == "add-operator":
            central.check_login(args.login)  # before asking for a password
            report = central.add_operator(
                args.dsn, args.login, args.name, args.role, _new_password(args.login)
            )
            done = "added" if report.created else "updated"
            print(f"{done} {report.login} ({report.role.value}), operator id {report.operator_id}")  # noqa: T201
        else:
            central.check_login(args.login)
            central.set_password(args.dsn, args.login, _new_password(args.login))
            print(f"password of {args.login} changed")  # noqa: T201
    except (central.CentralError, ValueError) as problem:
        print(f"error: {problem}", file=sys.stderr)  # noqa: T201
        return 1
    return 0


def _new_password(login: str) -> str:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    try:
        first = getpass.getpass(f"New password for {login}: ")
        again = getpass.getpass("The same again: ")
    except EOFError:
        raise ValueError(f"no password: type it in a terminal or set {PASSWORD_ENV}") from None
    if first != again:
        raise ValueError("the two passwords differ")
    return first


def _print_init(report: central.InitReport) -> None:
    lines = [
        f"{report.url}: schema {report.revision_before or 'empty'} -> {report.revision}",
        "group roles: "
        + (f"created {', '.join(report.groups_created)}" if report.groups_created else "present"),
        "functions: " + ", ".join(function_names()),
        f"grants and row-level security: {len(report.tables)} tables in schema "
        f"{report.schema}, {report.policies} policies",
        f"local only, no grants: {', '.join(report.local) or 'none'}",
    ]
    if report.unclassified:
        lines.append(f"warning: not classified, no grants: {', '.join(report.unclassified)}")
    print("\n".join(lines))  # noqa: T201 - this command's output is the report
