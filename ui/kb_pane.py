"""The knowledge-base pane beside the case: search as you type, the article, favourites,
the operator scripts, suggestions for the ticket on screen, and the lines' hours.

Searching runs on a worker thread a moment after the last key (typing never waits for
it); a reply to an older query than the one on screen is dropped. In the search field the
arrows move through the results and Enter opens one; Esc goes back from an article. An
article is rendered from Markdown with its placeholders filled; links to other articles
open them. With nothing typed and a ticket open, the list shows what suits the ticket.
"""

from __future__ import annotations

import html
import logging
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import utc_now
from app.kb.snippets import Piece
from app.services.knowledge import ArticleSummary, ArticleView, KnowledgeBase, SearchOutcome
from app.services.reference import LineInfo
from ui.bridge import GuiBridge

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 120
RESULTS = 10


def snippet_html(pieces: list[Piece]) -> str:
    return "".join(
        f"<b>{html.escape(text)}</b>" if hit else html.escape(text) for text, hit in pieces
    )


class KnowledgePane(QWidget):
    reference_requested = Signal(object)  # ArticleSummary, for the ticket on screen
    edit_requested = Signal(object)  # ArticleView, or None for a new article

    def __init__(self, kb: KnowledgeBase, bridge: GuiBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("knowledgePane")
        self.kb, self._bridge = kb, bridge
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kb-search")
        self._asked = 0  # the newest query sent; older replies are dropped
        self._lines: list[LineInfo] = []
        self._language = "ru"
        self._suggested: list[ArticleSummary] = []
        self.article: ArticleView | None = None
        self.can_edit = False
        self._closed = False
        self._shown = 0  # the query whose results are on screen
        self._has_articles = True
        self._open_when: int | None = None  # open the first hit of this query on arrival
        self._build()
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(SEARCH_DELAY_MS)
        self._delay.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _text: self._delay.start())
        self.search.installEventFilter(self)
        self.retranslate_ui()
        self.refresh_lists()
        self._worker.submit(self._warm_up)  # the dictionaries load while the operator reads

    def _warm_up(self) -> None:
        try:
            self.kb.warm_up()
        except Exception as error:  # noqa: BLE001 - a cold first search is not worth a crash
            log.warning("knowledge base not warmed up: %s", type(error).__name__)

    def _build(self) -> None:
        self.title = QLabel(self)
        self.title.setObjectName("knowledgeTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.search = QLineEdit(self)
        self.search.setObjectName("knowledgeSearch")
        self.search.setClearButtonEnabled(True)
        self.language = QComboBox(self)
        self.language.setObjectName("knowledgeLanguage")
        self.language.addItem("RU", "ru")
        self.language.addItem("EN", "en")
        self.language.currentIndexChanged.connect(lambda _i: self._language_changed())
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.language)
        self.correction = QLabel(self)
        self.correction.setObjectName("knowledgeCorrection")
        self.correction.setWordWrap(True)
        self.correction.hide()
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("knowledgeEmptyLabel")
        self.empty_label.setWordWrap(True)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("knowledgeTabs")
        self.results = self._list("knowledgeResults")
        self.favourites = self._list("knowledgeFavourites")
        self.scripts = self._list("knowledgeScripts")
        self.drafts = self._list("knowledgeDrafts")  # a supervisor's unpublished articles
        for widget in (self.results, self.favourites, self.scripts, self.drafts):
            self.tabs.addTab(widget, "")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self._article_page())

        self.hours_box = QGroupBox(self)
        self.hours_box.setObjectName("lineHoursBox")
        self.hours_label = QLabel(self.hours_box)
        self.hours_label.setObjectName("lineHoursLabel")
        self.hours_label.setWordWrap(True)
        QVBoxLayout(self.hours_box).addWidget(self.hours_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(row)
        layout.addWidget(self.correction)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.hours_box)

    def _list(self, name: str) -> QListWidget:
        widget = QListWidget(self)
        widget.setObjectName(name)
        widget.setWordWrap(True)
        widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widget.itemActivated.connect(self._activated)
        return widget

    def _article_page(self) -> QWidget:
        page = QWidget(self)
        self.article_title = QLabel(page)
        self.article_title.setObjectName("knowledgeArticleTitle")
        self.article_title.setWordWrap(True)
        self.article_title.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.viewer = QTextBrowser(page)
        self.viewer.setObjectName("knowledgeArticle")
        self.viewer.setOpenLinks(False)
        self.viewer.anchorClicked.connect(self._link)
        self.back_button = QPushButton(page)
        self.back_button.clicked.connect(self.back)
        self.favourite_button = QPushButton(page)
        self.favourite_button.setObjectName("knowledgeFavouriteButton")
        self.favourite_button.setCheckable(True)
        self.favourite_button.clicked.connect(self._favourite)
        self.insert_button = QPushButton(page)
        self.insert_button.setObjectName("knowledgeInsertButton")
        self.insert_button.clicked.connect(self._insert)
        self.edit_button = QPushButton(page)
        self.edit_button.setObjectName("knowledgeEditButton")
        self.edit_button.clicked.connect(lambda: self.edit_requested.emit(self.article))
        buttons = QHBoxLayout()
        for button in (self.back_button, self.favourite_button, self.insert_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.article_title)
        column.addWidget(self.viewer, 1)
        column.addLayout(buttons)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), page)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.back)
        return page

    # searching ------------------------------------------------------------------------------
    @property
    def search_language(self) -> str:
        return str(self.language.currentData())

    def set_search_language(self, language: str) -> None:
        """The caller's language (the line's X-Language), so English callers get English."""
        index = self.language.findData(language if language in ("ru", "en") else "ru")
        if index != self.language.currentIndex():
            self.language.setCurrentIndex(index)

    def _language_changed(self) -> None:
        self.refresh_lists()
        self.run_search()

    def run_search(self) -> None:
        self._delay.stop()
        query = self.search.text()
        self._asked += 1
        asked = self._asked
        if not query.strip():
            self._show_hits(None, asked)
            return
        if self._closed:
            return
        future = self._worker.submit(self.kb.search, query, self.search_language, RESULTS)
        self._bridge.when_done(
            future,
            lambda outcome: self._show_hits(outcome, asked),
            lambda error: log.error("knowledge-base search failed: %s", type(error).__name__),
        )

    def _show_hits(self, outcome: SearchOutcome | None, asked: int) -> None:
        if asked != self._asked:
            return  # a newer query is on its way
        self._shown = asked
        self.results.clear()
        if outcome is not None:  # what the operator typed: its results come to the front
            self.stack.setCurrentIndex(0)
            self.tabs.setCurrentWidget(self.results)
        if outcome is None:  # suggestions refresh the list where it is, never the view
            self.correction.hide()
            for article in self._suggested:
                self._add(self.results, article, self.tr("suggested for this ticket"))
            self.empty_label.setText(
                self.tr("Type a few words of the caller's question: articles follow your typing.")
            )
            self.empty_label.setVisible(not self._suggested and self._has_articles)
            return
        if outcome.corrections:
            words = ", ".join(f"{typed} → {used}" for typed, used in outcome.corrections)
            self.correction.setText(self.tr("Showing results for: %1").replace("%1", words))
        self.correction.setVisible(bool(outcome.corrections))
        for hit in outcome.hits:
            self._add(self.results, hit.article, snippet_html(hit.snippet), rich=True)
        self.empty_label.setText(self.tr("Nothing found: try other words."))
        self.empty_label.setVisible(not outcome.hits)
        if outcome.hits:
            self.results.setCurrentRow(0)
            if self._open_when == asked:  # Enter was pressed before this reply came
                self._activated(self.results.item(0))
        self._open_when = None

    def _add(
        self, widget: QListWidget, article: ArticleSummary, detail: str = "", rich: bool = False
    ) -> None:
        item = QListWidgetItem(widget)
        item.setData(Qt.ItemDataRole.UserRole, str(article.id))
        text = f"<b>{html.escape(article.title)}</b>"
        if detail:
            body = detail if rich else html.escape(detail)
            text += f"<br><small>{body}</small>"
        label = QLabel(text, widget)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setContentsMargins(4, 3, 4, 3)
        item.setToolTip(article.title)
        width = max(120, widget.viewport().width() - 6)
        item.setSizeHint(QSize(width, label.heightForWidth(width) + 2))
        widget.setItemWidget(item, label)

    def suggest_for(self, category: str, text: str) -> None:
        """Articles for the ticket on screen, looked up off the GUI thread."""
        if self._closed:
            return
        future = self._worker.submit(self.kb.suggestions, category, text, self.search_language)
        self._bridge.when_done(
            future,
            self.suggest,
            lambda error: log.error("suggestions failed: %s", type(error).__name__),
        )

    def suggest(self, articles: list[ArticleSummary]) -> None:
        """What suits the ticket on screen; shown while nothing is typed."""
        self._suggested = articles
        if not self.search.text().strip() and self.stack.currentIndex() == 0:
            self._show_hits(None, self._asked)

    def refresh_lists(self) -> None:
        language = self.search_language
        self.favourites.clear()
        for article in self.kb.favourites():
            if article.language == language:
                self._add(self.favourites, article)
        self.scripts.clear()
        for article in self.kb.scripts(language):
            self._add(self.scripts, article)
        self.drafts.clear()
        if self.can_edit:
            for article in self.kb.drafts(language):
                self._add(self.drafts, article)
        self.tabs.setTabVisible(3, self.can_edit)
        self._has_articles = bool(self.kb.articles(language))
        if not self._has_articles:
            self.empty_label.setText(
                self.tr("The knowledge base is empty: ask an administrator to import articles.")
            )
            self.empty_label.setVisible(True)
        elif not self.search.text().strip():
            self._show_hits(None, self._asked)

    # reading --------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and self._search_key(event.key())
        ):
            return True
        return super().eventFilter(watched, event)

    def _search_key(self, key: int) -> bool:
        """Arrows move through the results, Enter opens the one chosen."""
        rows = self.results.count()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and rows:
            step = 1 if key == Qt.Key.Key_Down else -1
            self.results.setCurrentRow(max(0, min(rows - 1, self.results.currentRow() + step)))
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._delay.isActive():
                self.run_search()
            if self._shown != self._asked:  # the list is an older query's: open on reply
                self._open_when = self._asked
                return True
            item = self.results.currentItem() or self.results.item(0)
            if item is not None:
                self._activated(item)
            return True
        return False

    def _activated(self, item: QListWidgetItem) -> None:
        value = item.data(Qt.ItemDataRole.UserRole)
        if value:
            self.open_article(uuid.UUID(str(value)))

    def open_article(self, article_id: uuid.UUID) -> None:
        try:
            article = self.kb.article(article_id, include_drafts=self.can_edit)
        except LookupError:
            return
        self.article = article
        self.article_title.setText(article.title)
        self.viewer.setMarkdown(article.body)
        self.favourite_button.setChecked(article.id in {a.id for a in self.kb.favourites()})
        self.edit_button.setVisible(self.can_edit)
        self.stack.setCurrentIndex(1)
        self.viewer.setFocus(Qt.FocusReason.OtherFocusReason)
        self._favourite_text()

    def _link(self, url: QUrl) -> None:
        """kb:<id> opens that article in the same language."""
        if url.scheme() != "kb" or self.article is None:
            return
        slug = url.path()
        for article in self.kb.articles(self.article.language):  # scripts included
            if article.slug == slug:
                self.open_article(article.id)
                return

    def back(self) -> None:
        self.stack.setCurrentIndex(0)
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def _favourite(self) -> None:
        if self.article is not None:
            future = self.kb.set_favourite(self.article.id, self.favourite_button.isChecked())
            self._favourite_text()
            self._bridge.when_done(
                future,
                lambda _none: self.refresh_lists(),
                lambda error: log.error("favourite not saved: %s", type(error).__name__),
            )

    def _favourite_text(self) -> None:
        on = self.favourite_button.isChecked()
        self.favourite_button.setText(self.tr("★ Favourite") if on else self.tr("☆ Favourite"))

    def _insert(self) -> None:
        if self.article is not None:
            self.reference_requested.emit(self.article)

    # lines and texts ------------------------------------------------------------------------
    def show_lines(self, lines: list[LineInfo], language: str, now: datetime | None = None) -> None:
        self._lines = lines
        self._language = language
        moment = now or utc_now()
        rows = []
        for line in lines:
            state = self.tr("open") if line.is_open(moment) else self.tr("closed")
            hours = f"{line.opens_at:%H:%M}–{line.closes_at:%H:%M}"
            rows.append(
                self.tr("%1, %2: %3 MSK, %4")
                .replace("%1", line.name(language))
                .replace("%2", line.phone_number)
                .replace("%3", hours)
                .replace("%4", state)
            )
        self.hours_label.setText("\n".join(rows) if rows else self.tr("No lines configured"))

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Knowledge base"))
        self.search.setPlaceholderText(self.tr("Search articles (Ctrl+K)"))
        self.tabs.setTabText(0, self.tr("Results"))
        self.tabs.setTabText(1, self.tr("Favourites"))
        self.tabs.setTabText(2, self.tr("Scripts"))
        self.tabs.setTabText(3, self.tr("Drafts"))
        self.back_button.setText(self.tr("← Back (Esc)"))
        self.insert_button.setText(self.tr("Insert into the ticket"))
        self.edit_button.setText(self.tr("Edit…"))
        self.language.setToolTip(self.tr("Language of the articles"))
        self.hours_box.setTitle(self.tr("Line hours"))
        self._favourite_text()
        self.show_lines(self._lines, self._language)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def close_worker(self) -> None:
        self._closed = True
        self._worker.shutdown(wait=False, cancel_futures=True)
