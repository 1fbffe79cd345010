"""Crash handling: an uncaught exception, in the main thread or any other, is written to a crash
file (personal data masked), logged, and handed to an optional notifier (the GUI's dialog)."""

from __future__ import annotations

import itertools
import logging
import os
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType

import app
from app.logs import mask_personal_data

__all__ = ["CrashReport", "install_crash_handler", "uninstall_crash_handler"]

log = logging.getLogger(__name__)

_ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
_ThreadHook = Callable[[threading.ExceptHookArgs], object]


@dataclass(frozen=True)
class CrashReport:
    """One uncaught exception, as handed to the notifier. Every text in it is already masked.

    ``path`` is the crash file, or ``None`` when it could not be written (the error is logged).
    ``is_main_thread`` tells a GUI notifier whether it may show a dialog right away.
    """

    path: Path | None
    exc_type: str
    message: str
    thread_name: str
    is_main_thread: bool


@dataclass
class _Installed:
    crash_dir: Path
    notify: Callable[[CrashReport], None] | None
    previous_excepthook: _ExceptHook
    previous_threading_hook: _ThreadHook


_lock = threading.Lock()
_installed: _Installed | None = None
_counter = itertools.count(1)


def install_crash_handler(
    crash_dir: Path, notify: Callable[[CrashReport], None] | None = None
) -> None:
    """Install the hooks for uncaught exceptions (``sys.excepthook``, ``threading.excepthook``).

    Calling it again changes the directory and the notifier but keeps the hooks that were there
    before the first call, which :func:`uninstall_crash_handler` puts back.
    """
    global _installed  # noqa: PLW0603 - the hooks themselves are process-wide
    with _lock:
        if _installed is None:
            _installed = _Installed(crash_dir, notify, sys.excepthook, threading.excepthook)
        else:
            _installed.crash_dir = crash_dir
            _installed.notify = notify
        sys.excepthook = _sys_hook
        threading.excepthook = _threading_hook


def uninstall_crash_handler() -> None:
    """Put back the hooks that were installed before :func:`install_crash_handler`.

    A hook someone else installed after ours is left in place.
    """
    global _installed  # noqa: PLW0603 - the hooks themselves are process-wide
    with _lock:
        if _installed is None:
            return
        if sys.excepthook is _sys_hook:
            sys.excepthook = _installed.previous_excepthook
        if threading.excepthook is _threading_hook:
            threading.excepthook = _installed.previous_threading_hook
        _installed = None


def _sys_hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    installed = _installed
    if installed is None or issubclass(exc_type, KeyboardInterrupt):
        (installed.previous_excepthook if installed else sys.__excepthook__)(exc_type, exc, tb)
        return
    # Qt calls sys.excepthook for an exception in a slot, in whatever thread the slot ran.
    current = threading.current_thread()
    is_main = current is threading.main_thread()
    _handle(installed, exc_type, exc, tb, thread_name=current.name, is_main_thread=is_main)


def _threading_hook(args: threading.ExceptHookArgs) -> None:
    installed = _installed
    if installed is None or issubclass(args.exc_type, KeyboardInterrupt | SystemExit):
        # The default hook ignores SystemExit silently; keep that behaviour.
        (installed.previous_threading_hook if installed else threading.__excepthook__)(args)
        return
    thread = args.thread if args.thread is not None else threading.current_thread()
    exc = args.exc_value if args.exc_value is not None else args.exc_type()
    is_main = thread is threading.main_thread()
    _handle(
        installed,
        args.exc_type,
        exc,
        args.exc_traceback,
        thread_name=thread.name,
        is_main_thread=is_main,
    )


def _type_name(exc_type: type[BaseException]) -> str:
    module = exc_type.__module__
    if module in ("builtins", "__main__"):
        return exc_type.__qualname__
    return f"{module}.{exc_type.__qualname__}"


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)
    except Exception:  # noqa: BLE001 - a broken __str__ must not stop the crash report
        return f"<unprintable {type(exc).__name__}>"


def _handle(
    installed: _Installed,
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    *,
    thread_name: str,
    is_main_thread: bool,
) -> None:
    type_name = _type_name(exc_type)
    message = mask_personal_data(_safe_str(exc))
    masked_tb = mask_personal_data("".join(traceback.format_exception(exc_type, exc, tb)))
    path = _write_crash_file(installed.crash_dir, type_name, message, masked_tb, thread_name)
    # Masked text as an argument, not exc_info: logging's last-resort handler does not mask.
    log.critical(
        "Uncaught %s in thread %s; crash report: %s\n%s",
        type_name,
        thread_name,
        path if path is not None else "not written",
        masked_tb.rstrip("\n"),
    )
    if installed.notify is None:
        return
    report = CrashReport(path, type_name, message, thread_name, is_main_thread)
    try:
        installed.notify(report)
    except Exception as error:  # noqa: BLE001 - a broken notifier must not lose the crash
        log.error(
            "The crash notifier failed: %s",
            mask_personal_data("".join(traceback.format_exception(error))).rstrip("\n"),
        )


def _crash_text(type_name: str, message: str, masked_tb: str, thread_name: str) -> str:
    lines = [
        "Hotline Desk crash report",
        f"Time: {datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"Version: {app.__version__}",
        f"Python: {sys.version.replace(chr(10), ' ')} ({platform.python_implementation()})",
        f"Platform: {platform.platform()}",
        f"Process: {os.getpid()}",
        f"Thread: {thread_name}",
        f"Exception: {type_name}: {message}",
        "",
        masked_tb.rstrip("\n"),
        "",
    ]
    # The header holds no personal data, but one pass over the whole text costs nothing.
    return mask_personal_data("\n".join(lines))


def _write_crash_file(
    crash_dir: Path, type_name: str, message: str, masked_tb: str, thread_name: str
) -> Path | None:
    text = _crash_text(type_name, message, masked_tb, thread_name)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        crash_dir.mkdir(parents=True, exist_ok=True)
        while True:
            path = crash_dir / f"crash-{stamp}-{os.getpid()}-{next(_counter)}.txt"
            try:
                with path.open("x", encoding="utf-8") as file:
                    file.write(text)
            except FileExistsError:
                continue
            return path
    except OSError as error:
        log.error("Could not write a crash report to %s: %s", crash_dir, error)
        return None
