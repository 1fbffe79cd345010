"""The one way work from other threads reaches the GUI thread (Picard's ``to_main``).

Engine, sync and database threads call :meth:`GuiBridge.post` with a closure;
the bridge runs it on the GUI thread. :meth:`GuiBridge.when_done` does the same
for a :class:`~concurrent.futures.Future`, delivering its result *or* its error.
Nothing else in ui/ touches a widget from another thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot
from shiboken6 import isValid

log = logging.getLogger(__name__)

T = TypeVar("T")


class GuiBridge(QObject):
    """Lives in the GUI thread; ``posted`` carries a closure across threads (queued)."""

    posted = Signal(object)  # a zero-argument callable to run on the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.posted.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def post(self, work: Callable[[], Any]) -> None:
        """Run ``work`` on the GUI thread soon; safe to call from any thread."""
        self.posted.emit(work)

    def when_done(
        self,
        future: Future[T],
        on_result: Callable[[T], Any],
        on_error: Callable[[BaseException], Any] | None = None,
        owner: QObject | None = None,
    ) -> None:
        """Deliver the future's result (or error) on the GUI thread; not at all when the
        ``owner`` widget has been deleted meanwhile (a window closed while a server was
        being asked)."""

        def gone() -> bool:
            return owner is not None and not isValid(owner)

        def finished(done: Future[T]) -> None:
            error = done.exception()
            if error is None:
                result = done.result()
                self.post(lambda: gone() or on_result(result))
            elif on_error is not None:
                self.post(lambda: gone() or on_error(error))
            else:
                log.error("background work failed", exc_info=error)

        future.add_done_callback(finished)

    @Slot(object)
    def _run(self, work: Callable[[], Any]) -> None:
        try:
            work()
        except Exception:
            log.exception("work posted to the GUI thread failed")
            raise
