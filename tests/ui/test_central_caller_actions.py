"""The caller card's MFC section on a central desk, against a real PostgreSQL after `central
init`: the appointment and the free slots are asked of the server off the GUI thread (the
card says it is asking, then shows them); a move goes to the server and comes back with a
number; with the server cut the card says so instead of freezing or showing nothing."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from app.services.audit import AuditLog
from app.services.verification import VerificationService
from app.verification.sms_codes import CodeKeeper
from app.verification.sms_gateway import OutboxSmsGateway
from tests.appointments import verified
from tests.central import Hub
from tests.integration.test_central_appointments import (
    CALLER,
    Seat,
    bring_down,
    on_server,
    seat,
    seats,
    seeded,
)
from tests.netcut import NetCut
from ui.bridge import GuiBridge
from ui.caller_actions import CallerActions
from ui.i18n import LanguageManager

pytestmark = pytest.mark.service
__all__ = ["seats", "seeded"]


def card_for(olga: Seat, tmp_path: Path, qtbot: QtBot) -> CallerActions:
    verification = VerificationService(olga.desk, AuditLog(olga.desk), directory=olga.directory)
    actions = CallerActions(
        olga.office,
        verification,
        CodeKeeper(OutboxSmsGateway(tmp_path / "outbox.jsonl")),
        GuiBridge(),
        lambda _title, _text: True,
        english=lambda: False,
    )
    qtbot.addWidget(actions)
    return actions


def test_the_card_books_through_the_server_and_says_when_it_cannot(
    qtbot: QtBot,
    languages: LanguageManager,
    seeded: Hub,
    seats: list[Seat],
    tmp_path: Path,
) -> None:
    port = make_url(seeded.url).port
    assert port is not None
    relay = NetCut(port)
    try:
        olga = seat(seats, seeded, tmp_path, "olga", relay)
        bring_down(seeded, olga, CALLER)
        actions = card_for(olga, tmp_path, qtbot)
        actions.show_session(verified(CALLER))
        assert actions.appointment_label.text() == "Запрос к центральной базе…"
        qtbot.waitUntil(
            lambda: actions.appointment_label.text().startswith(
                "Запись в МФЦ: МФЦ района Тверской"
            ),
            timeout=10000,
        )
        assert actions.slots.count() > 0 and actions.cancel_button.isEnabled()

        old = actions.held
        new = actions.slots.item(0).data(Qt.ItemDataRole.UserRole)
        qtbot.keyClick(actions.move_button, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: actions.result_label.text().startswith("Готово"), timeout=10000)
        assert old is not None and on_server(seeded, old.id)[0] is None
        assert str(on_server(seeded, uuid.UUID(new))[0]) == str(CALLER)

        relay.cut()
        actions.show_session(actions.session)
        qtbot.waitUntil(
            lambda: actions.appointment_label.text().startswith("Центральная база не отвечает"),
            timeout=15000,
        )
        assert actions.slots.count() == 0 and not actions.move_button.isEnabled()
    finally:
        relay.close()
