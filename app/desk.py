"""The assembled core of one running desk: directories, settings, secrets, database, services.

Both front ends (the command line and the Qt window) start from :func:`open_desk`
so they see the same files and the same rules.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import dataclass

from sqlalchemy import Connection, Engine
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import URL

from app.db import encryption
from app.db.database import Database
from app.db.demo import seed_reference
from app.db.demo_applications import seed_applications, seed_mfc
from app.db.demo_citizens import seed_citizens
from app.db.engine import sqlite_url
from app.db.models import Operator
from app.domain.clock import utc_now
from app.kb.articles import ArticleProblem
from app.paths import AppDirs
from app.portal.inbox import RequestStore
from app.secrets import KeyringUnavailable, SecretName, SecretStore
from app.services.application_changes import ApplicationChanges
from app.services.applications import ApplicationService
from app.services.audit import AuditLog
from app.services.back_office import BackOffice
from app.services.call_summaries import CallSummaries
from app.services.calls import CallLog
from app.services.kb_admin import KnowledgeAdmin
from app.services.knowledge import KnowledgeBase
from app.services.portal_inbox import Policy as InboxPolicy
from app.services.portal_inbox import PortalInbox, hours_for
from app.services.portal_store import LocalRequests, local_profile
from app.services.portal_tickets import RequestTickets
from app.services.presence import Presence, desk_operator
from app.services.reference import ReferenceService
from app.services.ticket_attachments import AttachmentService
from app.services.ticket_history import TicketHistory
from app.services.tickets import TicketService
from app.services.verification import VerificationService
from app.settings import DatabaseMode, Options, Settings
from app.sync import signin
from app.sync.appointments import CentralSlots
from app.sync.citizens import CentralCitizens
from app.sync.connection import central_url, open_central
from app.sync.portal_requests import CentralRequests
from app.sync.worker import Link, SyncStatus, SyncWorker
from app.tickets.attachments import AttachmentStore
from app.tickets.numbers import default_desk_number
from app.verification.session import Level, Policy
from app.verification.sms_codes import CodeKeeper
from app.verification.sms_gateway import HttpSmsGateway, OutboxSmsGateway, SmsGateway

log = logging.getLogger(__name__)


@dataclass
class Desk:
    dirs: AppDirs
    settings: Settings
    secrets: SecretStore
    database: Database
    reference: ReferenceService
    audit: AuditLog
    calls: CallLog
    verification: VerificationService
    sms: CodeKeeper
    sms_gateway: SmsGateway
    tickets: TicketService
    ticket_history: TicketHistory
    attachments: AttachmentService
    kb: KnowledgeBase
    kb_admin: KnowledgeAdmin
    applications: ApplicationService
    application_changes: ApplicationChanges
    back_office: BackOffice
    call_summaries: CallSummaries
    presence: Presence
    #: Portal requests: the server's on a central desk, the desk file's otherwise.
    portal: RequestStore
    #: The central sync (None on the embedded database); started by the front end.
    sync: SyncWorker | None = None

    @property
    def is_central(self) -> bool:
        return self.sync is not None

    @property
    def can_edit_knowledge(self) -> bool:
        """Supervisors edit the knowledge base."""
        return self.is_supervisor

    @property
    def report_engine(self) -> Engine:
        """Where a supervisor's reports are counted: the central database (everyone's calls)
        on a central desk, the desk's own file on the embedded one."""
        return self.sync.central if self.sync is not None else self.database.engine

    @property
    def is_supervisor(self) -> bool:
        """Supervisors edit the knowledge base and read the reports. The operator named in
        the settings has the role the operators table gives; without one, the embedded
        desk's single local profile is (nobody else can)."""
        login = self.settings.get(Options.OPERATOR_LOGIN)
        if self.is_central:  # the central account signed in; the server checks it too
            login = self.settings.get(Options.DB_USER)
            if not login:
                return False
        elif not login:
            return True
        role = next((o.role for o in self.reference.operators() if o.login == login), "")
        return role == "supervisor"

    def portal_inbox(self) -> PortalInbox:
        """The inbox of portal requests for whoever works at this desk now: the operator
        signed in or named in the settings; on the embedded desk without one, its local
        profile, offered every request."""
        operator = desk_operator(self.database, self.settings)()
        everything = False
        if operator is None and not self.is_central:
            operator, everything = self.database.write_now(local_profile), True
        return PortalInbox(
            self.portal,
            hours_for(self.reference.lines()),
            InboxPolicy.of(self.settings),
            operator_id=operator,
            supervisor=self.is_supervisor,
            everything=everything,
        )

    def request_tickets(self, inbox: PortalInbox) -> RequestTickets:
        """Turns claimed requests into tickets in the name of the inbox's operator."""
        operator = inbox.operator_id
        return RequestTickets(
            TicketService(self.database, self.tickets.desk, operator),
            self.ticket_history,
            AttachmentService(self.database, AttachmentStore.in_data_dir(self.dirs.data), operator),
            self.reference.categories(),
        )

    def close(self) -> None:
        self.presence.close()  # offline on the wallboard, before the last push
        if self.sync is not None:
            self.sync.stop()
        self.back_office.close()  # a booking under way on the server is recorded first
        if self.verification.directory is not None:
            try:
                self.verification.directory.forget()  # no citizen outlives the desk's run
            except Exception:  # closing goes on; the next start forgets them too
                log.exception("cached citizens could not be removed")
        self.database.close()


def local_url(dirs: AppDirs, settings: Settings, store: SecretStore, convert: bool = True) -> str:
    """The desk's own database file: plain on the embedded desk; encrypted on a central
    one (its key in the keyring; a plain file is converted once, unless ``convert`` is
    off and then it is read as it is). Without a keyring a central desk's file stays
    plain, and the log says so."""
    path = dirs.database_file
    if settings.get(Options.DB_MODE) is DatabaseMode.CENTRAL:
        key = encryption.desk_key(store)
        if key is not None and not (encryption.is_plain(path) and not convert):
            if encryption.is_plain(path):
                encryption.encrypt_in_place(path, key)
            return encryption.encrypted_url(path, key).render_as_string(hide_password=False)
    return sqlite_url(path).render_as_string()


def open_database(dirs: AppDirs, seed_demo: bool = True, url: str | None = None) -> Database:
    """The desk's local database, created, migrated and (demo) seeded on first start."""
    database = Database.open(url or sqlite_url(dirs.database_file).render_as_string())
    if seed_demo:
        database.write_now(seed_reference)
        database.write_now(seed_citizens)
        database.write_now(seed_applications)
        database.write_now(seed_mfc)
    return database


def open_desk(dirs: AppDirs | None = None, secrets: SecretStore | None = None) -> Desk:
    dirs = (dirs or AppDirs.default()).ensure()
    settings = Settings.load(dirs.settings_file)
    store = secrets or SecretStore()
    central = settings.get(Options.DB_MODE) is DatabaseMode.CENTRAL
    # With a central database, reference data and articles come down from it, and demo
    # citizens have no place on a desk that serves real ones.
    database = open_database(dirs, seed_demo=not central, url=local_url(dirs, settings, store))
    log.info("desk opened on %s", dirs.database_file.name)
    audit = AuditLog(database)
    gateway = sms_gateway(settings, store, dirs)
    kb = KnowledgeBase(database)
    kb_admin = KnowledgeAdmin(database, kb)
    sync = central_sync(settings, store, database, kb_admin, dirs) if central else None
    directory = None
    slots = None
    if sync is None:
        seed_knowledge(kb_admin)
    else:
        kb_admin.reindex_articles([]).result()  # the index exists before the first pull
        directory = CentralCitizens(sync.central, database)
        directory.forget()  # a case left by a crash: its citizens go
        slots = CentralSlots(sync.central)  # MFC slots are booked on the server
    return Desk(
        dirs=dirs,
        settings=settings,
        secrets=store,
        database=database,
        reference=ReferenceService(database),
        audit=audit,
        calls=CallLog(database),
        verification=VerificationService(
            database,
            audit,
            Policy.from_settings(
                settings.get(Options.VERIFICATION_FAILURES_PER_DAY),
                settings.get(Options.VERIFICATION_ANSWER_AND_CODE),
            ),
            directory=directory,
        ),
        sms=CodeKeeper(gateway),
        sms_gateway=gateway,
        tickets=TicketService(database, desk_number(settings)),
        ticket_history=TicketHistory(database),
        attachments=AttachmentService(database, AttachmentStore.in_data_dir(dirs.data)),
        kb=kb,
        kb_admin=kb_admin,
        applications=ApplicationService(
            database, audit, detail_level(settings), directory=directory
        ),
        application_changes=ApplicationChanges(database, audit),
        back_office=BackOffice(database, audit, slots=slots),
        call_summaries=CallSummaries(database),
        presence=Presence(database, desk_operator(database, settings)),
        portal=CentralRequests(sync.central) if sync is not None else LocalRequests(database),
        sync=sync,
    )


def central_sync(
    settings: Settings,
    secrets: SecretStore,
    database: Database,
    kb_admin: KnowledgeAdmin,
    dirs: AppDirs,
) -> SyncWorker:
    """The sync with the central database the settings name (not started). The operator
    signed in (the database user) is named on the rows this desk creates, from the first
    minute: the server gave their row at sign-in, and it is put here until the pull
    brings the real one (a login that is no operator, an administrator, names nobody)."""
    login = settings.get(Options.DB_USER)
    try:
        password = secrets.get(SecretName.CENTRAL_DB_PASSWORD, login)
    except KeyringUnavailable:
        password = None  # the connection is refused; the status bar says why
    unusable = ""
    try:
        url = central_url(settings, password)
    except ValueError as exc:  # no host set: the status bar says so instead of syncing
        log.error("central database not usable: %s", exc)
        unusable = "no central database host is set (Settings, Database)"
        url = URL.create("postgresql+psycopg")  # never connected to: the worker knows why
    worker = SyncWorker(database, open_central(url), unusable=unusable)
    operator = signin.signed_in_operator(signin.card_path(dirs.data), login)
    if operator is not None:
        database.write_unchecked(lambda c: _placeholder_operator(c, login, operator)).result()
        database.operator_id = uuid.UUID(operator["id"])

    follow_articles(worker, kb_admin)
    return worker


def follow_articles(worker: SyncWorker, kb_admin: KnowledgeAdmin) -> list[Future[int]]:
    """Keep the search index in step with the articles that come down. The ids are
    gathered while a pull runs and indexed once it is caught up, so a large first pull is
    not slowed by indexing between its pages (it is the same work, after). Returns the list
    the queued re-indexes are added to (to wait on them)."""
    waiting: set[uuid.UUID] = set()
    queued: list[Future[int]] = []

    def pulled(tables: Mapping[str, frozenset[uuid.UUID]]) -> None:
        waiting.update(tables.get("kb_articles", ()))

    def caught_up(status: SyncStatus) -> None:
        if status.link is Link.ONLINE and waiting:
            ids = list(waiting)
            waiting.clear()
            queued.append(kb_admin.reindex_articles(ids))

    worker.on_pulled(pulled)  # both on the worker's thread, one after the other
    worker.on_status(caught_up)
    return queued


def _placeholder_operator(connection: Connection, login: str, row: dict[str, str]) -> None:
    """The signed-in operator's row until the pull brings it (version 0: any pulled
    version replaces it; operators never go up, so it is never sent)."""
    now = utc_now()
    connection.execute(
        sqlite_insert(Operator)
        .values(
            id=uuid.UUID(row["id"]),
            login=login,
            full_name=row.get("full_name", login),
            role=row.get("role", "operator"),
            languages="ru",
            is_active=True,
            created_at=now,
            updated_at=now,
            version=0,
        )
        .on_conflict_do_nothing()
    )


def detail_level(settings: Settings) -> Level:
    """The verification level the settings ask for application details (partial if unset
    or not a level one can ask for)."""
    try:
        level = Level(settings.get(Options.APPLICATIONS_DETAIL_LEVEL))
    except ValueError:
        return Level.PARTIAL
    return level if level is not Level.NONE else Level.PARTIAL


def seed_knowledge(admin: KnowledgeAdmin) -> None:
    """The shipped articles that are missing go in; a broken shipped file is logged, and the
    desk starts anyway with what it has."""
    try:
        added = admin.seed()
    except ArticleProblem as problem:
        log.error("the shipped knowledge base was not loaded: %s", problem)
        return
    if added:
        log.info("knowledge base: %d articles added", added)


def desk_number(settings: Settings) -> int:
    """The ticket desk number: the one assigned, else one derived from this installation's id
    (made and saved on first use). A derived number is unique only by luck: the central
    registry (issue 8) or the administrator must assign one before desks go live."""
    assigned = settings.get(Options.TICKETS_DESK_NUMBER)
    if assigned:
        return assigned
    installation = settings.get(Options.TICKETS_INSTALLATION_ID)
    if not installation:
        installation = str(uuid.uuid4())
        settings.set(Options.TICKETS_INSTALLATION_ID, installation)
        try:
            settings.save()
        except OSError as exc:
            log.warning("the installation id could not be saved: %s", exc.strerror)
    return default_desk_number(installation)


def sms_gateway(settings: Settings, secrets: SecretStore, dirs: AppDirs) -> SmsGateway:
    """The HTTP gateway the settings name (its token from the keyring), else the demo outbox:
    codes go to ``<data>/sms-outbox.jsonl``, where a tester reads them."""
    url = settings.get(Options.SMS_GATEWAY_URL)
    if not url:
        return OutboxSmsGateway(dirs.data / "sms-outbox.jsonl")
    try:
        token = secrets.get(SecretName.SMS_GATEWAY_TOKEN, url) or ""
    except KeyringUnavailable:
        token = ""
    try:
        return HttpSmsGateway(url, token)
    except ValueError as exc:  # a URL the gateway refuses (plain http off loopback...)
        log.error("SMS gateway setting refused (%s); codes go to the demo outbox", exc)
        return OutboxSmsGateway(dirs.data / "sms-outbox.jsonl")
