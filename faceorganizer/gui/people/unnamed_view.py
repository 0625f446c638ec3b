"""Unnamed faces: crops of the faces nobody named yet (first page), made on worker threads. Every cell has its
final size from the start (a grey placeholder of the crop's size, a fixed grid): a cell measured before its crop
arrived stayed a 62x14 px strip showing only the top of the face."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ...library.people import FaceHit
from ..images import CropCache, placeholder
from ..services import LibraryService, Reloads

FACE_ROLE = Qt.ItemDataRole.UserRole + 1
ICON = 96  # px, the crops' side as shown
CELL = QSize(ICON + 24, ICON + 40)  # the crop and a line or two of caption


class UnnamedView(QWidget):
    def __init__(self, library: LibraryService, cache: CropCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library, self.cache = library, cache
        self.caption = QLabel()
        self.grid = QListWidget()
        self.grid.setViewMode(QListWidget.ViewMode.IconMode)
        self.grid.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.grid.setMovement(QListWidget.Movement.Static)
        self.grid.setIconSize(QSize(ICON, ICON))
        self.grid.setGridSize(CELL)
        self.grid.setWordWrap(True)
        self.grid.setUniformItemSizes(True)
        self._placeholder = placeholder(ICON)  # until the crop arrives: the cell is measured with it
        self._items: dict[int, QListWidgetItem] = {}  # face id -> its cell, for the crops as they arrive
        self._pending: set[int] = set()
        self._reloads = Reloads()
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.grid)

    @property
    def pending(self) -> int:
        """Face crops being made for the cells shown."""
        return len(self._pending)

    def reload(self) -> None:
        self.library.read(lambda lib: lib.unnamed_faces(), self._reloads(self._loaded))

    def _loaded(self, hits: list[FaceHit] | None, error: BaseException | None) -> None:
        self.grid.clear()
        self._items.clear()
        hits = hits or []
        self.caption.setText(
            self.tr("%n face(s) nobody named yet", "", len(hits)) if hits else self.tr("Every face has a name.")
        )
        for hit in hits:
            item = QListWidgetItem(hit.person_name or self.tr("Unnamed"))
            item.setData(FACE_ROLE, hit.face.id)
            self._items[hit.face.id] = item
            cached = self.cache.crop(
                hit.face.id, hit.photo_path, hit.face.box, self.library.runner, self._cropped, hit.face.frame_time
            )
            if cached is not None:
                item.setIcon(QIcon(QPixmap.fromImage(cached)))
            else:
                item.setIcon(QIcon(self._placeholder))
                self._pending.add(hit.face.id)
            self.grid.addItem(item)

    def _cropped(self, face_id: int, image: QImage) -> None:
        """A crop is in the cache: show it in its cell, if the grid still has it (a reload drops the cells)."""
        self._pending.discard(face_id)
        item = self._items.get(face_id)
        if item is not None:
            item.setIcon(QIcon(QPixmap.fromImage(image)))
