"""A whole central desk against a real PostgreSQL after `central init`: an operator signs
in as their own role, types a ticket before anything has come down, and the sync pushes it
under the server's row-level security with nothing refused, named as them."""

from __future__ import annotations

from pathlib import Path

import pytest
from keyring.backends import fail
from sqlalchemy import select
from sqlalchemy.engine import make_url

from app.db.database import Database
from app.db.models import Operator
from app.db.ticket_models import Ticket, TicketEvent
from app.desk import open_desk
from app.paths import HOME_ENV, AppDirs
from app.secrets import SecretStore
from app.settings import DatabaseMode, Options, Settings, SslMode
from app.sync import bulk, signin
from app.sync.worker import Link
from tests.central import PASSWORD, Hub

pytestmark = pytest.mark.service


def test_a_signed_in_operator_works_at_once_and_syncs_under_the_servers_rules(
    hub: Hub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = hub.person("anna")
    monkeypatch.setattr(bulk, "BULK_ROWS", 1)  # the COPY path, as after an outage
    monkeypatch.setenv(HOME_ENV, str(tmp_path))
    dirs = AppDirs.default().ensure()
    url = make_url(hub.url)
    settings = Settings.load(dirs.settings_file)
    settings.set(Options.DB_MODE, DatabaseMode.CENTRAL)
    settings.set(Options.DB_HOST, str(url.host))
    settings.set(Options.DB_PORT, int(url.port or 5432))
    settings.set(Options.DB_NAME, str(url.database))
    settings.set(Options.DB_SSLMODE, SslMode.DISABLE)
    store = SecretStore(backend=fail.Keyring())
    done = signin.sign_in(settings, store, signin.card_path(dirs.data), anna.login, PASSWORD)
    assert done.online

    desk = open_desk(dirs, secrets=store)
    try:
        assert desk.database.operator_id == anna.id  # before any pull
        draft = desk.tickets.open_draft().result(10)
        desk.tickets.save_draft(draft.id, {"description": "не приходит код"}).result(10)
        assert desk.sync is not None
        status = desk.sync.run_once()
        assert (status.link, status.pending, status.refused) == (Link.ONLINE, 0, 0)
        placeholder = desk.database.read(lambda s: s.get_one(Operator, anna.id))
        assert placeholder.version >= 1  # the pull replaced the sign-in's placeholder
    finally:
        desk.close()

    central = Database.open(hub.url)
    try:
        owner = central.read(lambda s: s.get_one(Ticket, draft.id).operator_id)
        authors = central.read(
            lambda s: set(
                s.scalars(select(TicketEvent.operator_id).where(TicketEvent.ticket_id == draft.id))
            )
        )
    finally:
        central.close()
    assert owner == anna.id and authors == {anna.id}
