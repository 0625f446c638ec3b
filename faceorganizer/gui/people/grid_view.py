"""The People view: a grid of people with a search box, naming from the keyboard (F2, or Enter on an unnamed
person; Enter stores the name and moves on to the next unnamed person, Esc cancels; existing names are
completed), merge of several selected people, hide/unhide, and "show hidden" for the people tucked away.
The grid keeps the person under the cursor across the reloads every write causes."""

from __future__ import annotations

from functools import partial
from typing import Literal

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QCompleter,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ..i18n import Texts
from ..icon_grid import icon_grid
from ..images import CROP_SIZE
from ..services import LibraryService, PersonItem
from .grid_model import NEW_PERSON_ROLE, PERSON_ID_ROLE, PeopleModel

PeopleTexts = Texts("PeopleTexts")  # the texts of this module's dialogs with counts (merge, name in use)

Index = QModelIndex | QPersistentModelIndex


class NameDelegate(QStyledItemDelegate):
    """Edits a person's name in a line edit that completes the library's existing names."""

    def __init__(self, model: PeopleModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        completer = QCompleter(self.model.names(), editor)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        editor.setCompleter(completer)
        editor.setPlaceholderText(self.tr("Name this person"))
        self.model.hold(True)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Fill the editor once: Qt refills it on every dataChanged of its row (a cover arriving while the
        user types), which would wipe what they typed."""
        if not editor.property("filled"):
            super().setEditorData(editor, index)
            editor.setProperty("filled", True)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Store the name; a name another person has asks first: merge into them, or another person so called."""
        name = " ".join(editor.text().split()) if isinstance(editor, QLineEdit) else ""
        current = index.data(Qt.ItemDataRole.EditRole) or ""
        other = next((n for n in self.model.names() if n.casefold() == name.casefold()), None)
        if other is not None and other.casefold() != current.casefold():
            answer = name_in_use(other, editor.window())
            if answer is None:
                return
            if answer == "new":  # "also called Ann": spelt as Ann is
                model.setData(index, other, NEW_PERSON_ROLE)
                return
        super().setModelData(editor, model, index)

    def destroyEditor(self, editor: QWidget, index: Index) -> None:
        super().destroyEditor(editor, index)
        QTimer.singleShot(0, partial(self.model.hold, False))  # after the view has closed the editor
        view = self.parent()
        if isinstance(view, QWidget):  # the keys go on to the grid (a question asked meanwhile took the focus)
            QTimer.singleShot(0, view.setFocus)


class PeopleView(QWidget):
    """``person_activated(person_id)`` when a person is opened (double-click or Enter)."""

    person_activated = Signal(int)

    def __init__(self, model: PeopleModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit(placeholderText=self.tr("Search people"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.merge_button = QPushButton(self.tr("Merge"))
        self.merge_button.setToolTip(
            self.tr("Merge the selected people into one (the one with most faces keeps its name)")
        )
        self.merge_button.clicked.connect(lambda: self.merge_selected())  # not `checked` as `confirm`
        self.name_button = QPushButton(self.tr("Name…"))
        self.name_button.setToolTip(self.tr("Name the selected people (F2); several selected become one person"))
        self.name_button.clicked.connect(self.name_selected)
        self.hide_button = QPushButton(self.tr("Hide"))
        self.hide_button.setToolTip(self.tr("Hide the selected people (strangers); show them again with 'Show hidden'"))
        self.hide_button.clicked.connect(self.toggle_hidden_selected)
        self.show_hidden = QCheckBox(self.tr("Show hidden"))
        self.show_hidden.toggled.connect(model.set_show_hidden)
        bar = QHBoxLayout()
        for w in (self.search, self.name_button, self.merge_button, self.hide_button, self.show_hidden):
            bar.addWidget(w)
        self.grid = icon_grid(self.proxy, CROP_SIZE, QSize(CROP_SIZE + 40, CROP_SIZE + 56), multi_select=True)
        self.grid.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.grid.setItemDelegate(NameDelegate(model, self.grid))
        self.grid.activated.connect(lambda index: self.person_activated.emit(int(index.data(PERSON_ID_ROLE))))
        self.grid.installEventFilter(self)
        self.grid.selectionModel().selectionChanged.connect(self._update_buttons)
        model.modelReset.connect(self._update_buttons)
        self._keep: int | None = None  # the person to be current after the next reload
        self.proxy.modelAboutToBeReset.connect(self._remember_current)
        self.proxy.modelReset.connect(self._restore_current)
        model.renamed.connect(self._advance_after_naming)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.grid)
        self._update_buttons()

    # -- the cursor and naming -------------------------------------------------------------------

    def current_person_id(self) -> int | None:
        index = self.grid.currentIndex()
        return int(index.data(PERSON_ID_ROLE)) if index.isValid() else None

    def set_current_person(self, person_id: int | None) -> bool:
        """Make ``person_id`` current and selected (False if it is not shown)."""
        row = None if person_id is None else self.model.row_of(person_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row))
        if not index.isValid():
            return False
        self.grid.setCurrentIndex(index)  # selects it alone, as a click would
        self.grid.scrollTo(index)
        return True

    def _remember_current(self) -> None:
        if self._keep is None:
            self._keep = self.current_person_id()

    def _restore_current(self) -> None:
        keep, self._keep = self._keep, None
        if not self.set_current_person(keep) and self.proxy.rowCount() and not self.grid.currentIndex().isValid():
            self.grid.setCurrentIndex(self.proxy.index(0, 0))

    def _advance_after_naming(self, person_id: int) -> None:
        """After naming ``person_id``, the next unnamed person (in grid order, wrapping) becomes current,
        now and after the reload the write causes."""
        rows = [int(self.proxy.index(r, 0).data(PERSON_ID_ROLE)) for r in range(self.proxy.rowCount())]
        if person_id not in rows:
            return
        start = rows.index(person_id)
        for pid in rows[start + 1 :] + rows[:start]:
            row = self.model.row_of(pid)
            if row is not None and self.model.person(row).name is None:
                self._keep = pid
                QTimer.singleShot(0, partial(self.set_current_person, pid))  # once the editor has closed
                return
        self._keep = person_id  # everyone is named: stay

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on an unnamed person starts naming it; on a named one, and Ctrl+Enter on anyone, it opens the
        person, as a double-click does."""
        if watched is self.grid and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            index = self.grid.currentIndex()
            if (
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier  # Ctrl+Enter always opens
                and index.isValid()
                and self.grid.state() != QAbstractItemView.State.EditingState
                and not index.data(Qt.ItemDataRole.EditRole)
            ):
                self.grid.edit(index)
                return True
        return super().eventFilter(watched, event)

    def selected(self) -> list[PersonItem]:
        rows = sorted(self.proxy.mapToSource(i).row() for i in self.grid.selectionModel().selectedIndexes())
        return [self.model.person(r) for r in rows]

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.merge_button.setEnabled(len(chosen) >= 2)
        self.name_button.setEnabled(bool(chosen))
        self.hide_button.setEnabled(bool(chosen))
        self.hide_button.setText(self.tr("Unhide") if chosen and all(p.hidden for p in chosen) else self.tr("Hide"))
        hidden = self.model.hidden_count
        self.show_hidden.setText(
            self.tr("Show hidden ({count})").format(count=hidden) if hidden else self.tr("Show hidden")
        )

    def merge_selected(self, confirm: bool = True) -> None:
        chosen = self.selected()
        if len(chosen) < 2:
            return
        keep = min(chosen, key=lambda p: (p.name is None, -p.face_count, p.id))
        others = [p for p in chosen if p.id != keep.id]
        if confirm:
            box = merge_question(keep, others, self.model.cover_pixmaps(chosen), self)
            if box.exec() != QMessageBox.StandardButton.Yes:
                return
        self.model.library.write(lambda lib: lib.merge([keep.id, *(p.id for p in others)]))

    def name_selected(self) -> None:
        """Name the selected people at once (F2 or "Name…" with several selected): they become one person."""
        chosen = self.selected()
        if len(chosen) == 1:
            self.set_current_person(chosen[0].id)
            self.grid.edit(self.grid.currentIndex())
            return
        if not chosen:
            return
        name = ask_name(self, self.tr("Name these %n people", "", len(chosen)), self.model.names())
        if not name:
            return
        other = next((n for n in self.model.names() if n.casefold() == name.casefold()), None)
        new_person = False
        if other is not None and all((p.name or "").casefold() != other.casefold() for p in chosen):
            answer = name_in_use(other, self.window(), len(chosen))
            if answer is None:
                return
            new_person, name = answer == "new", other
        keep = min(chosen, key=lambda p: (p.name is None, -p.face_count, p.id))
        ids = [keep.id, *(p.id for p in chosen if p.id != keep.id)]
        self._keep = keep.id
        self.model.library.write(lambda lib: lib.name_people(ids, name, new_person))

    def toggle_hidden_selected(self) -> None:
        chosen = self.selected()
        hide = not all(p.hidden for p in chosen)
        for p in chosen:
            self.model.library.write(partial(_set_hidden, person_id=p.id, hide=hide))


def _set_hidden(lib: LibraryService, person_id: int, hide: bool) -> None:
    lib.hide(person_id, hide)


def ask_name(parent: QWidget, title: str, names: list[str]) -> str | None:
    """A name typed in a small dialog that completes ``names`` (None: cancelled or empty)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(PeopleTexts.tr("Name:"))
    dialog.setTextValue("")
    editor = dialog.findChild(QLineEdit)
    if editor is not None:
        completer = QCompleter(names, editor)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        editor.setCompleter(completer)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return " ".join(dialog.textValue().split()) or None


def name_in_use(other: str, parent: QWidget, people: int = 1) -> Literal["merge", "new"] | None:
    """ "Ann already exists": merge into Ann, or a new person also called Ann (None: cancelled)."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("PeopleView", "Name in use"),
        PeopleTexts.tr("{name} already exists.").format(name=other),
        parent=parent,
    )
    box.setInformativeText(PeopleTexts.tr("Merge these %n people into {name} (their faces become {name}'s), or keep "
                                         "them apart as another person also called {name}? Ctrl+Z undoes either.",
                                         "", people).format(name=other))  # fmt: skip
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                           | QMessageBox.StandardButton.Cancel)  # fmt: skip
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    box.button(QMessageBox.StandardButton.Yes).setText(
        QCoreApplication.translate("PeopleView", "Merge into {name}").format(name=other)
    )
    box.button(QMessageBox.StandardButton.No).setText(
        QCoreApplication.translate("PeopleView", "A new person also called {name}").format(name=other)
    )
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Yes:
        return "merge"
    return "new" if answer == QMessageBox.StandardButton.No else None


def merge_question(keep: PersonItem, others: list[PersonItem], covers: list[QPixmap], parent: QWidget) -> QMessageBox:
    """ "Merge these 3 people into Ann?" with their faces side by side, and what becomes of them."""
    chosen = [keep, *others]
    total = sum(p.face_count for p in chosen)
    names = sorted({p.name for p in chosen if p.name}, key=str.casefold)
    if keep.name:
        text = PeopleTexts.tr("Merge %n people into {name}?", "", len(chosen)).format(name=keep.name)
        info = PeopleTexts.tr("All %n face(s) become {name}'s.", "", total).format(name=keep.name)
        if len(names) > 1:
            gone = ", ".join(n for n in names if n != keep.name)
            info += " " + PeopleTexts.tr("{names} will be gone.", "", len(names) - 1).format(names=gone)
    else:
        text = PeopleTexts.tr("Merge these %n unnamed people into one person?", "", len(chosen))
        info = PeopleTexts.tr("Their %n face(s) will be one unnamed person; name them afterwards.", "", total)
    box = QMessageBox(
        QMessageBox.Icon.Question, QCoreApplication.translate("PeopleView", "Merge people"), text, parent=parent
    )
    box.setInformativeText(info)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    box.button(QMessageBox.StandardButton.Yes).setText(QCoreApplication.translate("PeopleView", "Merge"))
    if covers:
        box.setIconPixmap(side_by_side(covers[:6], 64))
    return box


def side_by_side(pixmaps: list[QPixmap], size: int) -> QPixmap:
    """The pixmaps drawn ``size`` logical pixels square in a row, 4 px apart, at the finest device pixel ratio
    among them (sharp on a 2x screen)."""
    ratio = max((pm.devicePixelRatio() for pm in pixmaps), default=1.0)
    width = len(pixmaps) * (size + 4) - 4
    strip = QPixmap(max(1, round(width * ratio)), max(1, round(size * ratio)))
    strip.setDevicePixelRatio(ratio)
    strip.fill(Qt.GlobalColor.transparent)
    painter = QPainter(strip)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    for i, pm in enumerate(pixmaps):
        painter.drawPixmap(QRectF(i * (size + 4), 0, size, size), pm, QRectF(pm.rect()))
    painter.end()
    return strip
