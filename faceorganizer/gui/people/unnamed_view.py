"""Unnamed faces: crops of the faces nobody named yet (first page), made on worker threads. Every cell has its
final size from the start (a grey placeholder of the crop's size, a fixed grid): a cell measured before its crop
arrived stayed a 62x14 px strip showing only the top of the face."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ...library.people import FaceHit
from ..images import CROP_SIZE, CropCache, face_crop
from ..services import LibraryService

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
        self._placeholder = QPixmap(ICON, ICON)  # until the crop arrives: the cell is measured with it
        self._placeholder.fill(QColor("#d0d4da"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.grid)

    def reload(self) -> None:
        self.library.read(lambda lib: lib.unnamed_faces(), self._loaded)

    def _loaded(self, hits: list[FaceHit] | None, error: BaseException | None) -> None:
        self.grid.clear()
        hits = hits or []
        self.caption.setText(f"{len(hits)} faces nobody named yet" if hits else "Every face has a name.")
        for hit in hits:
            item = QListWidgetItem(hit.person_name or "Unnamed")
            item.setData(FACE_ROLE, hit.face.id)
            cached = self.cache.get(hit.face.id)
            if cached is not None:
                item.setIcon(QIcon(QPixmap.fromImage(cached)))
            else:
                item.setIcon(QIcon(self._placeholder))
                face_id, path, box = hit.face.id, hit.photo_path, hit.face.box
                crop = partial(face_crop, path, box, CROP_SIZE, ratio=self.cache.ratio)
                self.library.runner.run_task(crop, partial(self._cropped, item, face_id))
            self.grid.addItem(item)

    def _cropped(self, item: QListWidgetItem, face_id: int, image, _error: BaseException | None = None) -> None:
        if image is None:
            return
        self.cache.put(face_id, image)
        if self.grid.row(item) >= 0:
            item.setIcon(QIcon(QPixmap.fromImage(image)))
