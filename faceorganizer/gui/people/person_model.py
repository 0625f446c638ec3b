"""The Person view's Qt model (one row per face of the person: crop made lazily on a worker thread when
first shown, photo name as caption, suggestions highlighted) and the delegate drawing the one-click
"Confirm" badge on suggested faces."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QMouseEvent, QPainter, QPixmap
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from ...library.catalog import Person
from ...library.people import PersonFace
from ..i18n import QT_TRANSLATE_NOOP
from ..images import CropCache, placeholder
from ..services import LibraryService, Reloads

FACE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SUGGESTED_ROLE = Qt.ItemDataRole.UserRole + 2
SUGGESTED_COLOR = QColor("#ffd54f")
BADGE_TEXT = QT_TRANSLATE_NOOP("ConfirmBadgeDelegate", "✓ Confirm")
Index = QModelIndex | QPersistentModelIndex


class PersonFacesModel(QAbstractListModel):
    """The faces of one person, most similar first (browse.person_faces). ``loaded`` after each reload."""

    loaded = Signal()

    def __init__(self, library: LibraryService, cache: CropCache | None = None) -> None:
        super().__init__()
        self.library = library
        self.cache = cache or CropCache()
        self.person_id: int | None = None
        self.person: Person | None = None
        self.rows: list[PersonFace] = []
        self._pending: set[int] = set()
        self._placeholder = placeholder()
        self._reloads = Reloads()

    def set_person(self, person_id: int | None) -> None:
        if person_id != self.person_id:
            self.beginResetModel()
            self.person_id, self.person, self.rows = person_id, None, []
            self.endResetModel()
        self.reload()

    def reload(self) -> None:
        pid = self.person_id
        if pid is not None:
            self.library.read(lambda lib: lib.person_faces(pid), self._reloads(lambda r, e: self._loaded(pid, r, e)))

    def _loaded(self, pid: int, result: tuple | None, error: BaseException | None) -> None:
        if pid != self.person_id:  # another person was opened meanwhile
            return
        if error is not None:
            raise error
        person, rows = result if result is not None else (None, [])
        before = {r.face.id: i for i, r in enumerate(self.rows)}
        # the faces shown keep their places (confirming one changes the order the library gives, which
        # would move the grid under the cursor); new faces come after them, in the library's order
        rows = sorted(rows, key=lambda r: before.get(r.face.id, len(before)))
        if [r.face.id for r in rows] == list(before):
            self.person, self.rows = person, rows
            if rows:
                self.dataChanged.emit(self.index(0), self.index(len(rows) - 1))
        else:
            self.beginResetModel()
            self.person, self.rows = person, rows
            self.endResetModel()
        self.loaded.emit()

    @property
    def pending(self) -> int:
        """Face crops being made."""
        return len(self._pending)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        r = self.rows[index.row()]
        suggested = r.face.state == "suggested"
        if role == Qt.ItemDataRole.DisplayRole:
            return os.path.basename(r.photo_path) + ("\n" + self.tr("suggested") if suggested else "")
        if role == Qt.ItemDataRole.DecorationRole:
            return QIcon(self._crop(r))
        if role == Qt.ItemDataRole.ToolTipRole:
            distance = (
                "" if r.distance is None else self.tr(", distance {distance}").format(distance=f"{r.distance:.2f}")
            )
            return f"{r.photo_path}\n{r.face.state} ({r.face.source}){distance}"
        if role == Qt.ItemDataRole.BackgroundRole and suggested:
            return SUGGESTED_COLOR
        if role == FACE_ID_ROLE:
            return r.face.id
        if role == SUGGESTED_ROLE:
            return suggested
        return None

    def _crop(self, r: PersonFace) -> QPixmap:
        image = self.cache.crop(
            r.face.id, r.photo_path, r.face.box, self.library.runner, self._cropped, r.face.frame_time
        )
        if image is not None:
            return QPixmap.fromImage(image)
        self._pending.add(r.face.id)
        return self._placeholder

    def _cropped(self, face_id: int, _image: QImage) -> None:
        """A face's crop is in the cache: repaint its row."""
        self._pending.discard(face_id)
        for row, r in enumerate(self.rows):
            if r.face.id == face_id:
                self.dataChanged.emit(self.index(row), self.index(row), [Qt.ItemDataRole.DecorationRole])


class ConfirmBadgeDelegate(QStyledItemDelegate):
    """Draws a "✓ Confirm" badge over suggested faces; a click on it emits ``confirm(face_id)``."""

    confirm = Signal(int)

    @staticmethod
    def badge_rect(option_rect: QRect) -> QRect:
        return QRect(option_rect.x() + 4, option_rect.y() + 4, 76, 22)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        if index.data(SUGGESTED_ROLE):
            rect = self.badge_rect(option.rect)
            painter.save()
            painter.fillRect(rect, QColor("#2e7d32"))
            painter.setPen(QColor("white"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.tr(BADGE_TEXT))
            painter.restore()

    def editorEvent(self, event: QEvent, model, option: QStyleOptionViewItem, index: Index) -> bool:
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and index.data(SUGGESTED_ROLE)
            and self.badge_rect(option.rect).contains(event.position().toPoint())
        ):
            self.confirm.emit(int(index.data(FACE_ID_ROLE)))
            return True
        return super().editorEvent(event, model, option, index)
