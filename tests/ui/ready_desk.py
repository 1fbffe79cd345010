"""The real desk (``hotline-desk``'s own main), Ready for calls from the start.

An operator starts Not ready and chooses Ready; a test in another process cannot click,
so this entry point does that one step and nothing else:
``python -m tests.ui.ready_desk [hotline-desk options]``.
"""

from __future__ import annotations

import sys

import ui.main_window
from app.cli import main
from app.domain.states import OperatorState


class ReadyWindow(ui.main_window.MainWindow):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.set_operator_state(OperatorState.READY)


if __name__ == "__main__":
    ui.main_window.MainWindow = ReadyWindow  # type: ignore[misc]
    sys.exit(main(sys.argv[1:]))
