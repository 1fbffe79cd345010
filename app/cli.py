"""The `hotline-desk` command (also `python -m app`): the window, self-test, database upkeep and
the knowledge base (app/kb_cli.py)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points
from pathlib import Path

from app import APP_NAME, __version__, central_cli, demo_cli, kb_cli, report_cli, sync_cli
from app.click_to_call import is_link
from app.crash import install_crash_handler
from app.db.engine import (
    DatabaseUnavailable,
    current_revision,
    head_revision,
    open_engine,
    safe_url,
    upgrade,
)
from app.desk import local_url
from app.launch import LaunchOptions
from app.logs import setup_logging
from app.paths import AppDirs
from app.secrets import SecretStore
from app.selftest import Status, format_report, run_checks
from app.settings import Settings

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=APP_NAME,
        description="Operator desk and softphone for the portal support hotline.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--screenshot", type=Path, metavar="FILE.png", help="render the main window to a PNG, exit"
    )
    parser.add_argument(
        "--no-crash-dialog", action="store_true", help="write crash files but show no dialog"
    )
    parser.add_argument("--language", choices=("ru", "en"), help="interface language for this run")
    parser.add_argument(
        "--demo-call", action="store_true", help="a simulated caller rings the desk (no PBX needed)"
    )
    parser.add_argument(
        "--dial",
        metavar="LINK",
        help="a tel: or sip: link to call (asked first); hands it to"
        " the running desk if there is one",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="also log to the terminal")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "self-test", help="check every part the desk needs; exit 1 if one is broken"
    )
    kb_cli.add_parser(commands)
    central_cli.add_parser(commands)
    sync_cli.add_parser(commands)
    report_cli.add_parser(commands)
    demo_cli.add_parser(commands)
    db = commands.add_parser("db", help="database upkeep")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    for name, text in (
        ("upgrade", "migrate to the latest schema"),
        ("status", "show the revision"),
    ):
        action = db_commands.add_parser(name, help=text)
        action.add_argument(
            "--url", help="a database URL instead of the embedded SQLite file (e.g. PostgreSQL)"
        )
    return parser


def _self_test(dirs: AppDirs) -> int:
    checks = run_checks(dirs, SecretStore())
    print(f"{APP_NAME} {__version__} self-test")  # noqa: T201 - this command's output is the report
    print(format_report(checks))  # noqa: T201
    return 1 if any(check.status is Status.FAILED for check in checks) else 0


def _db(dirs: AppDirs, action: str, url: str | None) -> int:
    target = url or local_url(dirs, Settings.load(dirs.settings_file), SecretStore())
    engine = open_engine(target)
    try:
        if action == "upgrade":
            before = current_revision(engine)
            after = upgrade(engine)
            print(f"{safe_url(target)}: {before or 'empty'} -> {after}")  # noqa: T201
        else:
            now, head = current_revision(engine), head_revision()
            state = "latest" if now == head else f"latest is {head}"
            print(f"{safe_url(target)}: {now or 'empty'} ({state})")  # noqa: T201
    except DatabaseUnavailable as exc:
        print(f"error: the database {exc.url} cannot be used: {exc.reason}", file=sys.stderr)  # noqa: T201
        return 1
    finally:
        engine.dispose()
    return 0


def _frontend() -> Callable[[LaunchOptions], int]:
    for entry in entry_points(group="hotline_desk.frontends", name="gui"):
        frontend: Callable[[LaunchOptions], int] = entry.load()
        return frontend
    raise SystemExit(
        "error: the Qt front end is not installed; install the project with 'pip install -e .'"
    )


#: The commands with a module of their own: name -> run(args).
COMMANDS = {
    "kb": kb_cli.run,
    "central": central_cli.run,
    "sync": sync_cli.run,
    "report": report_cli.run,
    "demo": demo_cli.run,
}


def _links_as_options(argv: Sequence[str]) -> list[str]:
    """A bare link (``hotline-desk tel:+7…``, as a browser or the desktop hands it) as
    ``--dial LINK``."""
    found: list[str] = []
    for arg in argv:
        found += ["--dial", arg] if is_link(arg) else [arg]
    return found


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = _parser().parse_args(_links_as_options(argv))
    dirs = AppDirs.default().ensure()
    setup_logging(dirs.log, console=args.verbose)
    log.info("%s %s starting (%s)", APP_NAME, __version__, args.command or "window")
    if args.command == "self-test":
        return _self_test(dirs)
    if args.command == "db":
        return _db(dirs, args.db_command, args.url)
    if args.command in COMMANDS:
        return COMMANDS[args.command](args)
    options = LaunchOptions(
        screenshot=args.screenshot,
        crash_dialog=not args.no_crash_dialog,
        language=args.language,
        demo_call=args.demo_call,
        dial=args.dial,
    )
    install_crash_handler(dirs.crash_dir)
    return _frontend()(options)
