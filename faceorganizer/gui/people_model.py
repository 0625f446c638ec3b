"""The People grid's Qt model: one row per person (cover crop, name or "Unnamed", face count), crops
made lazily on worker threads when a row is first shown, renames written through the write pool."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap

from .images import CROP_SIZE, CropCache, face_crop
from .services import LibraryService, PersonItem

PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PERSON_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex


class PeopleModel(QAbstractListModel):
    """People of the library (see :func:`services.sort_people` for the order); ``show_hidden`` off
    tucks hidden people away. ``loaded`` is emitted after each reload."""

    loaded = Signal()

    def __init__(self, library: LibraryService, cache: CropCache | None = None) -> None:
        super().__init__()
        self.library = library
        self.cache = cache or CropCache()
        self.show_hidden = False
        self._all: list[PersonItem] = []
        self._rows: list[PersonItem] = []
        self._pending: set[int] = set()
        self._placeholder = QPixmap(CROP_SIZE, CROP_SIZE)
        self._placeholder.fill(QColor("#d0d4da"))
        library.changed.connect(self.reload)

    # -- loading -------------------------------------------------------------------------------

    def reload(self) -> None:
        self.library.read(LibraryService.people, self._loaded)

    def _loaded(self, people: list[PersonItem] | None, error: BaseException | None) -> None:
        if error is not None:
            raise error
        self._all = people or []
        self._apply()
        self.loaded.emit()

    def set_show_hidden(self, show: bool) -> None:
        self.show_hidden = show
        self._apply()

    def _apply(self) -> None:
        self.beginResetModel()
        self._rows = [p for p in self._all if self.show_hidden or not p.hidden]
        self.endResetModel()

    def person(self, row: int) -> PersonItem:
        return self._rows[row]

    @property
    def pending(self) -> int:
        """Face crops being made."""
        return len(self._pending)

    @property
    def hidden_count(self) -> int:
        return sum(p.hidden for p in self._all)

    # -- Qt model API --------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        p = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            faces = "1 face" if p.face_count == 1 else f"{p.face_count} faces"
            return f"{p.label}{' (hidden)' if p.hidden else ''}\n{faces}"
        if role == Qt.ItemDataRole.EditRole:
            return p.name or ""
        if role == Qt.ItemDataRole.DecorationRole:
            return QIcon(self._crop(p))
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{p.label}: {p.face_count} faces (F2 to rename)"
        if role == PERSON_ID_ROLE:
            return p.id
        if role == PERSON_ROLE:
            return p
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.isValid() else base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        p = self._rows[index.row()]
        name = str(value).strip() or None
        if name == p.name:
            return False
        self.library.write(lambda lib: lib.rename(p.id, name))  # `changed` reloads the grid
        return True

    # -- crops ---------------------------------------------------------------------------------

    def _crop(self, p: PersonItem) -> QPixmap:
        if p.cover is None or p.cover_path is None:
            return self._placeholder
        image = self.cache.get(p.cover.id)
        if image is not None:
            return QPixmap.fromImage(image)
        if p.cover.id not in self._pending:
            self._pending.add(p.cover.id)
            face, path = p.cover, p.cover_path
            self.library.runner.run_task(
                lambda: face_crop(path, face.box), lambda img, err: self._cropped(face.id, img)
            )
        return self._placeholder

    def _cropped(self, face_id: int, image: QImage | None) -> None:
        self._pending.discard(face_id)
        if image is None:  # unreadable photo: keep the placeholder rather than retrying on every repaint
            image = self._placeholder.toImage()
        self.cache.put(face_id, image)
        for row, p in enumerate(self._rows):
            if p.cover is not None and p.cover.id == face_id:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])
