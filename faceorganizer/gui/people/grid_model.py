"""The People grid's Qt model: one row per person (cover crop, name or "Unnamed", face count). Covers
are looked up and cropped lazily on worker threads when a row is first painted (so a library of
thousands of people opens at once), renames written through the write pool."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap

from ..images import CropCache, placeholder
from ..services import LibraryService, PersonItem, Reloads
from ..tasks import Task

PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PERSON_ROLE = Qt.ItemDataRole.UserRole + 2
#: setData role: the name given makes another person of that name, not a merge into the one called so.
NEW_PERSON_ROLE = Qt.ItemDataRole.UserRole + 3
Index = QModelIndex | QPersistentModelIndex


class PeopleModel(QAbstractListModel):
    """People of the library (see :func:`services.sort_people` for the order); ``show_hidden`` off
    tucks hidden people away. ``loaded`` is emitted after each reload; ``renamed(person_id)`` when the user
    names a person here (the name shows at once; the write follows on the write thread)."""

    loaded = Signal()
    renamed = Signal(int)

    def __init__(self, library: LibraryService, cache: CropCache | None = None) -> None:
        super().__init__()
        self.library = library
        self.cache = cache or CropCache()
        self.show_hidden = False
        self._all: list[PersonItem] = []
        self._rows: list[PersonItem] = []
        self._pending: set[int] = set()
        self._covers: dict[int, tuple | None] = {}  # person id -> (cover face, path), None: has none
        self._covers_wanted: set[int] = set()  # asked for by painted rows, not yet requested
        self._covers_loading = 0  # cover batches on worker threads
        self._held = False  # a name is being typed: reloads wait (a reset would close the editor)
        self._held_people: list[PersonItem] | None = None
        self._placeholder = placeholder()
        self._reloads = Reloads()
        library.changed.connect(self.reload)

    # -- loading -------------------------------------------------------------------------------

    def reload(self) -> Task:
        return self.library.read(lambda lib: lib.people(covers=False), self._reloads(self._loaded))

    def _loaded(self, people: list[PersonItem] | None, error: BaseException | None) -> None:
        if error is not None:
            raise error
        if self._held:
            self._held_people = people or []
            return
        self._all = people or []
        self._covers = {}  # a merge or a new cover face may have changed them
        self._apply()
        self.loaded.emit()

    def hold(self, held: bool) -> None:
        """While held (a name is being typed), reloads are kept and applied when released."""
        self._held = held
        if not held and self._held_people is not None:
            people, self._held_people = self._held_people, None
            self._loaded(people, None)

    def set_show_hidden(self, show: bool) -> None:
        self.show_hidden = show
        self._apply()

    def _apply(self) -> None:
        self.beginResetModel()
        self._rows = [p for p in self._all if self.show_hidden or not p.hidden]
        self.endResetModel()

    def person(self, row: int) -> PersonItem:
        """The person of ``row``, with their cover face once it has been looked up."""
        return self._with_cover(self._rows[row])

    def _with_cover(self, p: PersonItem) -> PersonItem:
        cover = self._covers.get(p.id)
        return dataclasses.replace(p, cover=cover[0], cover_path=cover[1]) if cover else p

    @property
    def pending(self) -> int:
        """Covers being looked up and face crops being made."""
        return len(self._pending) + len(self._covers_wanted) + self._covers_loading

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
            label = self.tr("{name} (hidden)").format(name=p.label) if p.hidden else p.label
            return label + "\n" + self.tr("%n face(s)", "", p.face_count)
        if role == Qt.ItemDataRole.EditRole:
            return p.name or ""
        if role == Qt.ItemDataRole.DecorationRole:
            return QIcon(self._crop(p))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("{name}: %n face(s) (F2 to rename)", "", p.face_count).format(name=p.label)
        if role == PERSON_ID_ROLE:
            return p.id
        if role == PERSON_ROLE:
            return self._with_cover(p)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.isValid() else base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role not in (Qt.ItemDataRole.EditRole, NEW_PERSON_ROLE) or not index.isValid():
            return False
        new_person = role == NEW_PERSON_ROLE
        p = self._rows[index.row()]
        name = " ".join(str(value).split()) or None
        if name == p.name:
            return False
        named = dataclasses.replace(p, name=name)
        self._rows[index.row()] = named
        self._all = [named if q.id == p.id else q for q in self._all]
        self.dataChanged.emit(index, index)
        self._held_people = None  # older than this name; the write's own reload follows
        self.renamed.emit(p.id)
        self.library.write(lambda lib: lib.rename(p.id, name, new_person))  # `changed` reloads the grid
        return True

    def cover_pixmaps(self, people: list[PersonItem]) -> list[QPixmap]:
        """The cover crops of these people as shown in the grid (a grey square until a crop is made)."""
        return [self._crop(p) for p in people]

    def names(self) -> list[str]:
        """Every person's name, for completion."""
        return sorted({p.name for p in self._all if p.name}, key=str.casefold)

    def row_of(self, person_id: int) -> int | None:
        """The row showing ``person_id``, if it is shown."""
        return next((row for row, p in enumerate(self._rows) if p.id == person_id), None)

    # -- crops ---------------------------------------------------------------------------------

    def _crop(self, p: PersonItem) -> QPixmap:
        if p.id not in self._covers:
            self._want_cover(p.id)
            return self._placeholder
        p = self._with_cover(p)
        if p.cover is None or p.cover_path is None:
            return self._placeholder
        image = self.cache.crop(
            p.cover.id, p.cover_path, p.cover.box, self.library.runner, self._cropped, p.cover.frame_time
        )
        if image is not None:
            return QPixmap.fromImage(image)
        self._pending.add(p.cover.id)
        return self._placeholder

    def _want_cover(self, person_id: int) -> None:
        """Collect the rows painted in this pass; one batch lookup follows on a worker thread."""
        if not self._covers_wanted:
            QTimer.singleShot(0, self._request_covers)
        self._covers_wanted.add(person_id)

    def _request_covers(self) -> None:
        ids = sorted(self._covers_wanted - self._covers.keys())
        self._covers_wanted.clear()
        if ids:
            self._covers_loading += 1
            self.library.read(lambda lib: lib.covers(ids), lambda found, err: self._covers_found(ids, found))

    def _covers_found(self, ids: list[int], found: dict | None) -> None:
        self._covers_loading -= 1
        found = found or {}
        for pid in ids:
            self._covers[pid] = found.get(pid)
        wanted = set(ids)
        for row, p in enumerate(self._rows):
            if p.id in wanted:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def _cropped(self, face_id: int, _image: QImage) -> None:
        """A cover crop is in the cache: repaint the rows showing it."""
        self._pending.discard(face_id)
        for row, p in enumerate(self._rows):
            cover = self._covers.get(p.id)
            if cover is not None and cover[0].id == face_id:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])
