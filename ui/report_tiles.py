"""The KPI tiles at the top of the Reports view: each figure in large type, its name, and
its change against the period before in green (better) or red (worse)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from app.reports.report import Tile
from ui import report_texts as words

GOOD, BAD = "color: #1b7f3a;", "color: #b00020;"
PER_ROW = 7


class TileView(QFrame):
    def __init__(self, key: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(f"tile_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel(self)
        self.value.setStyleSheet("font-size: 20pt; font-weight: bold;")
        self.name = QLabel(self)
        self.name.setWordWrap(True)
        self.change = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        for label in (self.value, self.name, self.change):
            layout.addWidget(label)

    def show_tile(self, tile: Tile, name: str) -> None:
        self.value.setText(words.value(tile.unit, tile.value))
        self.name.setText(name)
        self.change.setText(words.change(tile))
        good = words.is_good(tile)
        self.change.setStyleSheet("" if good is None else GOOD if good else BAD)
        self.change.setToolTip(
            self.tr("The period before: %1").replace("%1", words.value(tile.unit, tile.before))
        )


class ReportTiles(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportTiles")
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.tiles: dict[str, TileView] = {}

    def show_tiles(self, tiles: list[Tile]) -> None:
        names = words.names()
        for index, tile in enumerate(tiles):
            view = self.tiles.get(tile.key)
            if view is None:
                view = self.tiles[tile.key] = TileView(tile.key, self)
                self.grid.addWidget(view, index // PER_ROW, index % PER_ROW)
            view.show_tile(tile, names.get(tile.key, tile.key))
