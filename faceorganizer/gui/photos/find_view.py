"""Find photos: photos with all of / any of / only the people picked, optionally narrowed to photos with a
face of a given expression, age range and gender; results as thumbnails made lazily on worker threads, in fixed
cells with the file name on one line under the thumbnail (elided in the middle: a long name wrapped into more lines
than the cell holds was clipped)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...library.people import search
from ..i18n import QT_TRANSLATE_NOOP
from ..icon_grid import NameUnderThumbnail, icon_grid
from ..services import LibraryService, PersonItem
from ..tasks import Task
from .list_model import PHOTO_ID_ROLE, FoundPhoto, PhotoListModel

MODES = (("all", QT_TRANSLATE_NOOP("FiltersView", "All of")), ("any", QT_TRANSLATE_NOOP("FiltersView", "Any of")),
         ("only", QT_TRANSLATE_NOOP("FiltersView", "Only")))  # fmt: skip
#: The library's expression and gender names (face-api.js's classes) as the filters show them.
WORDS = {
    "neutral": QT_TRANSLATE_NOOP("FiltersView", "Neutral"),
    "happy": QT_TRANSLATE_NOOP("FiltersView", "Happy"),
    "sad": QT_TRANSLATE_NOOP("FiltersView", "Sad"),
    "angry": QT_TRANSLATE_NOOP("FiltersView", "Angry"),
    "fearful": QT_TRANSLATE_NOOP("FiltersView", "Fearful"),
    "disgusted": QT_TRANSLATE_NOOP("FiltersView", "Disgusted"),
    "surprised": QT_TRANSLATE_NOOP("FiltersView", "Surprised"),
    "male": QT_TRANSLATE_NOOP("FiltersView", "Male"),
    "female": QT_TRANSLATE_NOOP("FiltersView", "Female"),
}
PERSON_ROLE = Qt.ItemDataRole.UserRole + 1
#: Face hits read to find photos by expression / age / gender without people (enough for a page of results).
FACE_SCAN_LIMIT = 20_000


@dataclass(frozen=True)
class PhotoQuery:
    """What the Find page asks for; at least one person or one face criterion."""

    people: tuple[int, ...] = ()
    mode: str = "all"  # all | any | only
    expression: str | None = None
    age_range: search.AgeRange | None = None
    gender: str | None = None
    limit: int = 500

    @property
    def has_face_criteria(self) -> bool:
        return self.expression is not None or self.age_range is not None or self.gender is not None

    @property
    def empty(self) -> bool:
        return not self.people and not self.has_face_criteria


def find(lib: LibraryService, q: PhotoQuery) -> list[FoundPhoto]:
    """The photos matching ``q`` in display order (blocking: run it through ``LibraryService.read``).
    People select photos (``search.find_photos``); face criteria keep the photos that have such a face."""
    if q.empty:
        return []
    with lib.reader() as cat:
        faced: dict[int, str] | None = None
        if q.has_face_criteria:
            hits = search.faces_by(cat, expression=q.expression, age_range=q.age_range, gender=q.gender,
                                   limit=-1 if q.people else FACE_SCAN_LIMIT)  # fmt: skip
            faced = {h.face.photo_id: h.photo_path for h in hits}  # dict keeps the display order
        if not q.people:
            assert faced is not None
            return [FoundPhoto(pid, path) for pid, path in list(faced.items())[: q.limit]]
        ids = list(q.people)
        limit = -1 if faced is not None else q.limit
        if q.mode == "any":
            photos = search.find_photos(cat, any_of=ids, limit=limit)
        else:  # "all", or "only" these people
            photos = search.find_photos(cat, all_of=ids, only=q.mode == "only", limit=limit)
    found = [FoundPhoto(p.id, p.path) for p in photos if faced is None or p.id in faced]
    return found[: q.limit]


class FiltersView(QWidget):
    """The Find photos page. ``photo_activated(photo_id)`` when a result is opened; ``searched`` after
    each result list is shown."""

    photo_activated = Signal(int)
    searched = Signal()

    def __init__(self, library: LibraryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.people = QListWidget()
        self.people.setMaximumHeight(180)
        self.people.itemChanged.connect(lambda _item: self.search())
        self.mode = QComboBox()
        for key, text in MODES:
            self.mode.addItem(self.tr(text), key)
        self.mode.currentIndexChanged.connect(lambda _i: self.search())
        self.expression = QComboBox()
        self.expression.addItem(self.tr("Any expression"), None)
        for e in search.EXPRESSIONS:
            self.expression.addItem(self.tr(WORDS[e]) if e in WORDS else e.capitalize(), e)
        self.gender = QComboBox()
        self.gender.addItem(self.tr("Any gender"), None)
        for g in search.GENDERS:
            self.gender.addItem(self.tr(WORDS[g]) if g in WORDS else g.capitalize(), g)
        self.use_age = QCheckBox(self.tr("Age"))
        self.age_low, self.age_high = QSpinBox(), QSpinBox()
        for box, value in ((self.age_low, 0), (self.age_high, 100)):
            box.setRange(0, 120)
            box.setValue(value)
            box.valueChanged.connect(self._age_changed)
        for combo in (self.expression, self.gender):
            combo.currentIndexChanged.connect(lambda _i: self.search())
        self.use_age.toggled.connect(lambda _on: self.search())
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.clicked.connect(self.clear)
        age = QHBoxLayout()
        for w in (self.use_age, self.age_low, QLabel(self.tr("to")), self.age_high):
            age.addWidget(w)
        age.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("People"), self.people)
        form.addRow(self.tr("Photos with"), self.mode)
        form.addRow(self.tr("A face that is"), self.expression)
        form.addRow("", self.gender)
        form.addRow("", age)
        form.addRow("", self.clear_button)
        self.caption = QLabel(self.tr("Pick people (named people are listed) or a kind of face."))
        self.model = PhotoListModel(library)
        size = self.model.thumb_size
        self.results = icon_grid(self.model, size, QSize(size + 24, size + 40))
        self.results.setWordWrap(False)
        self.results.setItemDelegate(NameUnderThumbnail(size, self.results))
        self.results.activated.connect(lambda index: self.photo_activated.emit(int(index.data(PHOTO_ID_ROLE))))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.caption)
        layout.addWidget(self.results, 1)
        self._task: Task | None = None
        self._reloading = False
        library.changed.connect(self.reload)

    # -- the people to pick from ---------------------------------------------------------------

    def reload(self) -> None:
        """Re-read the named people (checks are kept) and search again."""
        self.library.read(lambda lib: lib.people(covers=False), self._people_loaded)

    def _people_loaded(self, people: list[PersonItem] | None, error: BaseException | None) -> None:
        if error is not None or people is None:
            self.caption.setText(self.tr("Cannot read the people: {error}").format(error=error))
            return
        checked = set(self.chosen_people())
        self._reloading = True
        self.people.clear()
        for p in people:
            if p.name and not p.hidden:
                item = QListWidgetItem(f"{p.name} ({p.face_count})")
                item.setData(PERSON_ROLE, p.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if p.id in checked else Qt.CheckState.Unchecked)
                self.people.addItem(item)
        self._reloading = False
        self.search()

    def chosen_people(self) -> list[int]:
        items = (self.people.item(i) for i in range(self.people.count()))
        return [int(it.data(PERSON_ROLE)) for it in items if it.checkState() == Qt.CheckState.Checked]

    def set_chosen(self, person_ids: list[int], mode: str = "all") -> None:
        """Check exactly ``person_ids`` and pick ``mode`` (one search follows)."""
        self._reloading = True
        for i in range(self.people.count()):
            it = self.people.item(i)
            on = int(it.data(PERSON_ROLE)) in person_ids
            it.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.mode.setCurrentIndex([k for k, _t in MODES].index(mode))
        self._reloading = False
        self.search()

    def clear(self) -> None:
        self._reloading = True
        for i in range(self.people.count()):
            self.people.item(i).setCheckState(Qt.CheckState.Unchecked)
        self.expression.setCurrentIndex(0)
        self.gender.setCurrentIndex(0)
        self.use_age.setChecked(False)
        self._reloading = False
        self.search()

    # -- searching -----------------------------------------------------------------------------

    def query(self) -> PhotoQuery:
        age = (self.age_low.value(), self.age_high.value()) if self.use_age.isChecked() else None
        return PhotoQuery(tuple(self.chosen_people()), self.mode.currentData(), self.expression.currentData(),
                          age, self.gender.currentData())  # fmt: skip

    def _age_changed(self, _value: int) -> None:
        if self.use_age.isChecked():
            self.search()

    def search(self) -> None:
        """Run the current query off the UI thread; a newer search cancels the one in flight."""
        if self._reloading:
            return
        q = self.query()
        if self._task is not None:
            self._task.cancel()
        low, high = q.age_range or (None, None)
        if low is not None and high is not None and low > high:
            self.caption.setText(self.tr("The age range is empty."))
            return
        self._task = self.library.read(lambda lib: find(lib, q), lambda r, e: self._found(q, r, e))

    def _found(self, q: PhotoQuery, photos: list[FoundPhoto] | None, error: BaseException | None) -> None:
        self._task = None
        if error is not None:
            self.caption.setText(self.tr("Cannot search: {error}").format(error=error))
            photos = []
        elif q.empty:
            self.caption.setText(self.tr("Pick people (named people are listed) or a kind of face."))
        else:
            n = len(photos or [])
            if not n:
                self.caption.setText(self.tr("No photo matches."))
            elif n >= q.limit:  # the first ``limit`` only: "200+ photos"
                self.caption.setText(self.tr("%n+ photo(s)", "", n))
            else:
                self.caption.setText(self.tr("%n photo(s)", "", n))
        self.model.set_photos(photos or [])
        self.searched.emit()
