"""The main window the operator lives in: call strip, case tabs, knowledge base, status bar."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QEvent, QLocale, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QSplitter, QVBoxLayout, QWidget

from app import APP_TITLE, __version__
from app.desk import Desk
from app.domain.states import OperatorState, RegistrationState, StorageState
from app.domain.validators import normalise_phone
from app.secrets import KeyringUnavailable, SecretName
from app.services.applications import ApplicationView
from app.services.knowledge import ArticleView
from app.services.tickets import TicketView
from app.settings import DatabaseMode, Language, Options, SipMode
from app.verification.session import Level
from ui.actions import set_texts, window_action
from ui.application_change import ApplicationChange
from ui.application_panel import ApplicationPanel
from ui.bridge import GuiBridge
from ui.call_controller import CallController
from ui.call_panel import CallPanel
from ui.click_to_call import ClickToCall
from ui.dialogs import DialogService
from ui.kb_editor import ArticleEditor
from ui.kb_pane import KnowledgePane
from ui.phone import Phone
from ui.portal_desk import PortalDesk
from ui.presence_feed import PresenceFeed
from ui.reports_window import ReportsWindow
from ui.settings_dialog import SettingsDialog
from ui.skills_dialog import SkillsDialog
from ui.status_bar import DeskStatusBar
from ui.sync_status import SyncControl
from ui.ticket_desk import TicketDesk
from ui.verification_panel import VerificationPanel
from ui.workspace import Workspace

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Built from an opened :class:`~app.desk.Desk`; owns no data of its own."""

    def __init__(
        self,
        desk: Desk,
        bridge: GuiBridge,
        apply_language: Callable[[Language], object],
        dialogs: DialogService | None = None,
        phone: Phone | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.desk = desk
        self.bridge = bridge
        self.dialogs = dialogs or DialogService()
        self.phone = phone
        self._phone_config = phone.config() if phone else None
        self.restart_after_call = False
        self._apply_language = apply_language
        self.calls = CallController(self, phone)
        self.call_actions = self.calls.actions
        self._build_actions()

        self.call_panel = CallPanel(self.call_actions, self.calls.dial_action, self)
        self.workspace = Workspace(self)
        self.verification = VerificationPanel(
            desk.verification,
            desk.sms,
            bridge,
            self.workspace,
        )
        self.workspace.use_verification(self.verification)
        self.knowledge = KnowledgePane(desk.kb, bridge, self)
        self.knowledge.can_edit = desk.can_edit_knowledge
        self.knowledge.refresh_lists()  # the drafts tab, for those who edit
        self.knowledge.edit_requested.connect(self.edit_article)
        self.tickets = TicketDesk(self)
        self._build_applications()
        self.verification.level_changed.connect(self._verification_level)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(self.workspace)
        splitter.addWidget(self.knowledge)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        central = QWidget(self)
        central.setObjectName("centralWidget")
        layout = QVBoxLayout(central)
        layout.addWidget(self.call_panel)
        layout.addWidget(self.tickets.banner)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self._build_status_bar()
        self._build_inbox()

        self.workspace.history_table.cellDoubleClicked.connect(self._call_back)
        self.workspace.call_opened.connect(self._open_call)
        self.workspace.calls_filter.textChanged.connect(lambda _text: self.refresh_history())
        self._build_menus()
        self.calls.attach()
        # After the call controller: a hang-up then publishes after-call work in one write.
        self.presence_feed = PresenceFeed(desk.presence, self.status, phone, bridge, self)
        self.retranslate_ui()
        self.refresh()
        self.refresh_history()
        self.tickets.recover_drafts()
        self.resize(1280, 800)

    # actions and menus ----------------------------------------------------------------------
    def _build_actions(self) -> None:
        self.ready_action = window_action(self, "readyAction", "F5")
        self.not_ready_action = window_action(self, "notReadyAction", "F6")
        self.after_call_action = window_action(self, "afterCallWorkAction", "F7")
        self.ready_action.triggered.connect(lambda: self.set_operator_state(OperatorState.READY))
        self.not_ready_action.triggered.connect(
            lambda: self.set_operator_state(OperatorState.NOT_READY)
        )
        self.after_call_action.triggered.connect(
            lambda: self.set_operator_state(OperatorState.AFTER_CALL_WORK)
        )
        self.search_action = window_action(self, "searchAction", "Ctrl+K")
        self.search_action.triggered.connect(self._focus_search)
        self.tab_actions = []
        for number in range(5):
            action = window_action(self, f"showTab{number + 1}Action", f"Alt+{number + 1}")
            action.triggered.connect(lambda _=False, n=number: self.workspace.setCurrentIndex(n))
            self.tab_actions.append(action)
        self.settings_action = window_action(self, "settingsAction", "Ctrl+,")
        self.settings_action.triggered.connect(self.open_settings)
        self.quit_action = window_action(self, "quitAction", QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.new_article_action = window_action(self, "newArticleAction")
        self.new_article_action.triggered.connect(lambda: self.edit_article(None))
        self.about_action = window_action(self, "aboutAction", "F1")
        self.about_action.triggered.connect(self._about)
        self.reports_action = window_action(self, "reportsAction", "Ctrl+Shift+R")
        self.reports_action.triggered.connect(self.open_reports)
        self.reports_action.setEnabled(self.desk.is_supervisor)
        self.skills_action = window_action(self, "skillsAction")
        self.skills_action.triggered.connect(self.open_skills)
        self.skills_action.setEnabled(self.desk.is_supervisor)
        self.reports: ReportsWindow | None = None

    def _build_status_bar(self) -> None:
        self.status = DeskStatusBar(self)
        self.setStatusBar(self.status)
        self.status.operator_state_chosen.connect(self._operator_state_chosen)
        self.status.show_registration(RegistrationState.UNAVAILABLE)
        self.status.show_storage(StorageState.EMBEDDED, str(self.desk.dirs.database_file))
        self.sync: SyncControl | None = None
        if self.desk.sync is not None:
            indicator = self.status.use_central()
            self.sync = SyncControl(self.desk.sync, self.bridge, indicator, self, self._pulled)

    def _verification_level(self, level: str) -> None:
        self.call_panel.show_verification(self.verification.level_label.text(), level == "full")
        card = self.verification.card
        if card is not None and level in ("partial", "full"):
            self.tickets.citizen_verified(card.id, card.full_name)
            self.applications.verified_as(card.id, Level(level), self.verification.session)
        self.tickets.actions.show_session(self.verification.session)

    # applications ---------------------------------------------------------------------------
    def _build_applications(self) -> None:
        self.applications = ApplicationPanel(
            self.desk.applications,
            self.bridge,
            self._escalate_application,
            lambda: self.desk.settings.get(Options.LANGUAGE) is Language.ENGLISH,
            self.workspace,
        )
        self.workspace.use_application(self.applications)
        self.applications.attach_change(
            ApplicationChange(
                self.desk.application_changes,
                self.desk.sms,
                self.bridge,
                lambda title, text: self.dialogs.confirm(self, title, text),
                self.applications,
            )
        )
        self.applications.guidance_requested.connect(self._open_guidance)
        self.applications.add_to_ticket.connect(self._application_to_ticket)
        self._application_work = ThreadPoolExecutor(1, thread_name_prefix="application")

    def _escalate_application(self, view: ApplicationView) -> Future[TicketView]:
        """A late application to its department, as a ticket (off the GUI thread)."""
        call = self.phone.current() if self.phone else None
        number = call.number if call else ""
        return self._application_work.submit(
            self.desk.applications.escalate,
            view,
            self.desk.tickets,
            call.id if call else None,
            number,
        )

    def _open_guidance(self, slug: str) -> None:
        language = self.desk.settings.get(Options.LANGUAGE).value
        article_id = self.desk.kb.find_slug(slug, language)
        if article_id is not None:
            self.knowledge.open_article(article_id)

    def _application_to_ticket(self, view: ApplicationView) -> None:
        if self.tickets.add_application(view):
            self.workspace.setCurrentWidget(self.workspace.ticket_page)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.setObjectName("menuBar")
        self.desk_menu = bar.addMenu("")
        self.desk_menu.setObjectName("deskMenu")
        self.desk_menu.addAction(self.settings_action)
        if self.sync is not None:
            self.desk_menu.addAction(self.sync.sync_now_action)
        if self.desk.can_edit_knowledge:
            self.desk_menu.addAction(self.new_article_action)
        self.desk_menu.addSeparator()
        self.desk_menu.addAction(self.quit_action)
        self.call_menu = bar.addMenu("")
        self.call_menu.setObjectName("callMenu")
        for action in self.call_actions:
            self.call_menu.addAction(action)
        self.call_menu.addSeparator()
        self.call_menu.addAction(self.calls.dial_action)
        self.call_menu.addAction(self.calls.demo_action)
        self.call_menu.addAction(self.calls.verify_action)
        self.state_menu = bar.addMenu("")
        self.state_menu.setObjectName("stateMenu")
        for action in (self.ready_action, self.not_ready_action, self.after_call_action):
            self.state_menu.addAction(action)
        self.view_menu = bar.addMenu("")
        self.view_menu.setObjectName("viewMenu")
        self.view_menu.addAction(self.search_action)
        if self.desk.is_supervisor:  # operators never see the supervisor's reports
            self.view_menu.addAction(self.reports_action)
            self.view_menu.addAction(self.skills_action)
        for action in self.tab_actions:
            self.view_menu.addAction(action)
        self.help_menu = bar.addMenu("")
        self.help_menu.setObjectName("helpMenu")
        self.help_menu.addAction(self.about_action)

    # behaviour ------------------------------------------------------------------------------
    def start_sync(self) -> None:
        """Begin syncing with the central database (a desk that has one)."""
        if self.sync is not None:
            self.sync.start()

    def _pulled(self, tables: frozenset[str]) -> None:
        """Rows came down from the central database: show them."""
        if tables & {"tickets", "ticket_events", "ticket_calls"}:
            self.refresh_history()
        if "kb_articles" in tables:
            self.knowledge.refresh_lists()
        if tables & {"lines", "operators", "departments", "ticket_categories"}:
            self.refresh()

    def refresh(self) -> None:
        """Reload what the window shows from the desk's services."""
        language = QLocale().name()[:2]  # the language shown now (--language may override)
        self.knowledge.show_lines(self.desk.reference.lines(), language)

    def refresh_history(self) -> None:
        """The latest calls, or with a phone number typed in the filter, that caller's."""
        typed = self.workspace.calls_filter.text().strip()
        number = normalise_phone(typed) if typed else None
        if typed and number is None:
            self._history = []
        else:
            self._history = (
                self.desk.calls.history_for(number) if number else self.desk.calls.recent()
            )
        self.workspace.show_calls(self._history)

    def _open_call(self, row: int) -> None:
        if not 0 <= row < len(self._history):
            return
        ticket = self.desk.ticket_history.for_call(self._history[row].id)
        if ticket is None:
            self.status.showMessage(self.tr("No ticket was opened for that call."), 10000)
            return
        self.tickets.open_ticket(ticket.id)

    def _call_back(self, row: int, _column: int) -> None:
        if 0 <= row < len(self._history) and self._history[row].caller_number:
            self.calls.dial(self._history[row].caller_number)

    def _focus_search(self) -> None:
        self.knowledge.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.knowledge.search.selectAll()

    def _build_inbox(self) -> None:
        self.portal = PortalDesk(self)
        self.inbox = self.portal.inbox
        self.links = ClickToCall(self)  # what later launches ask: come forward, call a link

    def open_skills(self) -> SkillsDialog | None:
        return self.portal.open_skills()

    def set_operator_state(self, state: OperatorState) -> None:
        old = self.status.operator_state()
        if state is OperatorState.READY and not self.tickets.may_go_ready:
            self.tickets.refuse_ready()  # after-call work first: the wrap-up code
            return
        self.status.show_operator_state(state)
        if self.phone is not None:
            self.phone.set_ready(state is OperatorState.READY)
        if old is state:
            return
        self.inbox.refresh()  # Ready is what lets requests be offered
        try:
            future = self.desk.audit.record(
                "operator_state", details={"from": old.value, "to": state.value}
            )
        except RuntimeError:  # the database is closed: the desk is shutting down
            log.error("operator state not recorded: the database is closed")
            return
        self.bridge.when_done(
            future,
            lambda _id: log.info("operator state %s -> %s", old.value, state.value),
            self._write_failed,
        )

    def _operator_state_chosen(self, value: str) -> None:
        self.set_operator_state(OperatorState(value))

    def _write_failed(self, error: BaseException) -> None:
        log.error("could not record to the database: %s", type(error).__name__)
        self.dialogs.error(
            self,
            self.tr("Database error"),
            self.tr(
                "The change could not be saved to the local database. Your work on screen"
                " is kept; try again, and tell your administrator if it repeats."
            ),
            details=type(error).__name__,
        )

    def open_settings(self) -> SettingsDialog:
        self._phone_config = self.phone.config() if self.phone else None
        dialog = SettingsDialog(
            self.desk.settings,
            self.desk.secrets,
            self.desk.dirs.database_file,
            self._apply_language,
            self,
            headset=self.phone.sound.headset if self.phone and self.phone.sound else None,
            hotkeys=self.calls.hotkeys,
        )
        dialog.accepted.connect(lambda: self._settings_saved(dialog))
        dialog.open()
        return dialog

    def _settings_saved(self, dialog: SettingsDialog) -> None:
        self.refresh()
        if self.calls.audio is not None:
            self.calls.audio.apply(self.desk.settings)
        self.calls.hotkeys.apply(self.desk.settings)
        self.calls.headset.apply(self.desk.settings)
        self.apply_phone_settings()
        if dialog.notice:
            self.status.showMessage(dialog.notice, 15000)
            self.dialogs.information(self, self.tr("Passwords"), dialog.notice)

    def apply_phone_settings(self) -> None:
        """Restart the phone with changed SIP settings - at once when idle, else after the call."""
        if self.phone is None or self.phone.config() == self._phone_config:
            return
        if self.phone.calls:
            self.status.showMessage(
                self.tr("The new SIP settings take effect when the call ends."), 15000
            )
            self.restart_after_call = True
            return
        self._phone_config = self.phone.config()
        self.phone.restart()

    def ask_missing_secrets(self) -> None:
        """Without a keyring, ask for the passwords the configured accounts need, for this run."""
        s = self.desk.settings
        needed = []
        if s.get(Options.SIP_MODE) is SipMode.REGISTRAR and s.get(Options.SIP_USERNAME):
            needed.append(
                (SecretName.SIP_PASSWORD, s.get(Options.SIP_USERNAME), self.tr("SIP password"))
            )
        if s.get(Options.DB_MODE) is DatabaseMode.CENTRAL and s.get(Options.DB_USER):
            needed.append(
                (
                    SecretName.CENTRAL_DB_PASSWORD,
                    s.get(Options.DB_USER),
                    self.tr("Central database password"),
                )
            )
        for name, account, title in needed:
            if not self._keyring_missing(name, account):
                continue  # stored, or a keyring without it: the settings dialog asks for it
            value = self.dialogs.ask_password(
                self,
                title,
                self.tr(
                    "No system keyring was found, so the password for %1 cannot be remembered."
                    " Enter it for this session; it is kept only until the desk is closed."
                ).replace("%1", account),
            )
            if value:
                self.desk.secrets.keep_for_session(name, value, account)

    def _keyring_missing(self, name: SecretName, account: str) -> bool:
        try:
            self.desk.secrets.get(name, account)
        except KeyringUnavailable:
            return True
        return False

    def edit_article(self, article: ArticleView | None) -> ArticleEditor:
        """A supervisor edits an article (or writes a new one, with None)."""
        editor = ArticleEditor(
            self.desk.kb_admin,
            self.desk.kb.placeholders(article.language if article else "ru"),
            self.bridge,
            article,
            self,
        )
        editor.saved.connect(self._article_saved)
        editor.open()
        return editor

    def _article_saved(self, article_id: uuid.UUID) -> None:
        self.knowledge.refresh_lists()
        if self.knowledge.article is not None and self.knowledge.article.id == article_id:
            self.knowledge.open_article(article_id)

    def open_reports(self) -> None:
        """The supervisor's reports and wallboard (Ctrl+Shift+R), in a window of their own."""
        if not self.desk.is_supervisor:
            return
        if self.reports is None:
            self.reports = ReportsWindow(self.desk, self.bridge, self.dialogs, parent=self)
            self.reports.view.ticket_chosen.connect(self._open_reported_ticket)
        self.reports.show()
        self.reports.raise_()
        self.reports.view.refresh()

    def _open_reported_ticket(self, number: str) -> None:
        found = self.desk.ticket_history.find_number(number)
        if found is not None:
            self.tickets.open_ticket(found.id)
            self.activateWindow()

    def _about(self) -> None:
        self.dialogs.information(
            self,
            self.tr("About %1").replace("%1", APP_TITLE),
            self.tr("%1 %2: the operator desk of the portal support hotline.")
            .replace("%1", APP_TITLE)
            .replace("%2", __version__),
        )

    # texts ----------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Hotline Desk — operator"))
        self.calls.retranslate_ui()
        texts = {
            self.ready_action: self.tr("Ready"),
            self.not_ready_action: self.tr("Not ready"),
            self.after_call_action: self.tr("After-call work"),
            self.search_action: self.tr("Search the knowledge base"),
            self.settings_action: self.tr("Settings…"),
            self.new_article_action: self.tr("New knowledge-base article…"),
            self.reports_action: self.tr("Reports and wallboard…"),
            self.skills_action: self.tr("Operators' skills…"),
            self.quit_action: self.tr("Quit"),
            self.about_action: self.tr("About"),
        }
        if self.sync is not None:
            texts[self.sync.sync_now_action] = self.tr("Sync now")
        set_texts(texts)
        for action, text in zip(
            self.tab_actions,
            (
                self.tr("Verification"),
                self.tr("Ticket"),
                self.tr("History"),
                self.tr("Application"),
                self.tr("Portal requests"),
            ),
            strict=True,
        ):
            action.setText(text)
        self.desk_menu.setTitle(self.tr("&Desk"))
        self.call_menu.setTitle(self.tr("&Call"))
        self.state_menu.setTitle(self.tr("&Status"))
        self.view_menu.setTitle(self.tr("&View"))
        self.help_menu.setTitle(self.tr("&Help"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            self.refresh()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        log.info("main window closed")
        self.presence_feed.close()
        self.tickets.close()
        self.knowledge.close_worker()
        self.portal.close()
        self._application_work.shutdown(wait=True)  # an escalation being written finishes
        super().closeEvent(event)
