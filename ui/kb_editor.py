"""A supervisor's article editor: Markdown on the left, the rendered article on the right
(placeholders filled, a moment after each key), draft or published, and the versions.

Every save is a new version; a draft is kept but operators do not find it. Choosing an
older version shows it in the preview, and "Restore" puts its text back in the editor (to
be saved as the newest version). A slug taken by another article is refused in words.
"""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.db.kb_models import ArticleStatus
from app.kb.articles import ID, fill, placeholders_in
from app.services.kb_admin import ArticleEdit, KnowledgeAdmin, VersionView, split_list
from app.services.knowledge import ArticleView
from ui import ticket_texts
from ui.bridge import GuiBridge

log = logging.getLogger(__name__)

PREVIEW_DELAY_MS = 250


class ArticleEditor(QDialog):
    saved = Signal(object)  # uuid.UUID of the article

    def __init__(
        self,
        admin: KnowledgeAdmin,
        placeholders: dict[str, str],
        bridge: GuiBridge,
        article: ArticleView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("articleEditor")
        self.admin, self._values, self._bridge = admin, placeholders, bridge
        self.article_id: uuid.UUID | None = article.id if article else None
        self._versions: list[VersionView] = []
        self._build()
        if article is not None:
            self.slug.setText(article.slug)
            self.slug.setReadOnly(True)
            self.language.setCurrentIndex(max(0, self.language.findData(article.language)))
            self.kind.setCurrentIndex(max(0, self.kind.findData(article.kind)))
            self.title_edit.setText(article.title)
            self.categories.setText(", ".join(article.categories))
            self.keywords.setText(", ".join(article.keywords))
            self.body.setPlainText(article.source)
            self.status.setCurrentIndex(max(0, self.status.findData(article.status.value)))
        self.refresh_versions()
        self.preview_now()
        self.resize(1100, 700)

    def _build(self) -> None:
        self.setWindowTitle(self.tr("Knowledge-base article"))
        self.slug = QLineEdit(self)
        self.slug.setObjectName("editorSlug")
        self.language = QComboBox(self)
        self.language.addItem("ru", "ru")
        self.language.addItem("en", "en")
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Article"), "article")
        self.kind.addItem(self.tr("Operator script"), "script")
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("editorTitle")
        self.categories = QLineEdit(self)
        self.categories.setPlaceholderText("sign_in, two_factor")
        self.keywords = QLineEdit(self)
        self.status = QComboBox(self)
        self.status.setObjectName("editorStatus")
        self.status.addItem(self.tr("Draft (operators do not see it)"), ArticleStatus.DRAFT.value)
        self.status.addItem(self.tr("Published"), ArticleStatus.PUBLISHED.value)
        form = QFormLayout()
        form.addRow(self.tr("Id"), self.slug)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Categories"), self.categories)
        form.addRow(self.tr("Keywords"), self.keywords)
        form.addRow(self.tr("Status"), self.status)
        self._build_middle(form)

    def _build_middle(self, form: QFormLayout) -> None:
        self.body = QPlainTextEdit(self)
        self.body.setObjectName("editorBody")
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("editorPreview")
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.body)
        split.addWidget(self.preview)
        self.versions = QListWidget(self)
        self.versions.setObjectName("editorVersions")
        self.versions.setMaximumWidth(220)
        self.versions.currentRowChanged.connect(self._version_chosen)
        self.restore_button = QPushButton(self.tr("Restore this version"), self)
        self.restore_button.clicked.connect(self._restore)
        side = QVBoxLayout()
        side.addWidget(QLabel(self.tr("Versions"), self))
        side.addWidget(self.versions, 1)
        side.addWidget(self.restore_button)
        middle = QHBoxLayout()
        middle.addWidget(split, 1)
        middle.addLayout(side)

        self.message = QLabel(self)
        self.message.setObjectName("editorMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(middle, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self._preview = QTimer(self)
        self._preview.setSingleShot(True)
        self._preview.setInterval(PREVIEW_DELAY_MS)
        self._preview.timeout.connect(self.preview_now)
        self.body.textChanged.connect(self._preview.start)

    def preview_now(self) -> None:
        self._preview.stop()
        self.preview.setMarkdown(fill(self.body.toPlainText(), self._values))

    def edit(self) -> ArticleEdit | None:
        """What the fields say, or None (and a message) when it cannot be saved."""
        slug = self.slug.text().strip()
        body = self.body.toPlainText()
        unknown = [name for name in placeholders_in(body) if name not in self._values]
        problem = ""
        if not ID.fullmatch(slug):
            problem = self.tr("The id is 3 to 100 small Latin letters, digits and hyphens.")
        elif not self.title_edit.text().strip() or not self.body.toPlainText().strip():
            problem = self.tr("An article needs a title and a text.")
        elif unknown:
            problem = self.tr(
                "{{%1}} is not a value the desk knows: operators would read “…”. Use one of"
                " the line and deadline placeholders."
            ).replace("%1", unknown[0])
        if problem:
            self.message.setText(problem)
            return None
        return ArticleEdit(
            slug,
            str(self.language.currentData()),
            str(self.kind.currentData()),
            self.title_edit.text().strip(),
            split_list(self.categories.text()),
            split_list(self.keywords.text()),
            self.body.toPlainText().strip(),
            ArticleStatus(self.status.currentData()),
        )

    def save(self) -> None:
        edit = self.edit()
        if edit is None:
            return
        future = self.admin.save(self.article_id, edit)
        self._bridge.when_done(future, self._saved, self._failed)

    def _saved(self, article_id: uuid.UUID) -> None:
        self.article_id = article_id
        self.slug.setReadOnly(True)
        self.refresh_versions()
        self.message.setText(
            self.tr("Saved as version %1.").replace("%1", str(self._versions[0].number))
        )
        self.saved.emit(article_id)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValueError):
            self.message.setText(self.tr("Another article already has this id in this language."))
        else:
            log.error("article not saved: %s", type(error).__name__)
            self.message.setText(self.tr("The article could not be saved; your text is kept."))

    def refresh_versions(self) -> None:
        self._versions = self.admin.versions(self.article_id) if self.article_id else []
        self.versions.clear()
        for version in self._versions:
            status = (
                self.tr("published")
                if version.status is ArticleStatus.PUBLISHED
                else self.tr("draft")
            )
            text = f"{version.number}. {ticket_texts.when(version.saved_at)} ({status})"
            QListWidgetItem(text, self.versions)
        self.restore_button.setEnabled(bool(self._versions))

    def _version_chosen(self, row: int) -> None:
        if 0 <= row < len(self._versions):
            self.preview.setMarkdown(fill(self._versions[row].body, self._values))

    def _restore(self) -> None:
        row = self.versions.currentRow()
        if 0 <= row < len(self._versions):
            self.title_edit.setText(self._versions[row].title)
            self.body.setPlainText(self._versions[row].body)
            self.message.setText(self.tr("Restored into the editor: save to keep it."))
