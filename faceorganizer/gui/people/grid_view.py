"""The People view: a grid of people with a search box, inline rename (F2 or click a selected name),
merge of several selected people, hide/unhide, and "show hidden" for the people tucked away."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QSize, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..icon_grid import icon_grid
from ..images import CROP_SIZE
from ..services import LibraryService, PersonItem
from .grid_model import PERSON_ID_ROLE, PeopleModel


class PeopleView(QWidget):
    """``person_activated(person_id)`` when a person is opened (double-click or Enter)."""

    person_activated = Signal(int)

    def __init__(self, model: PeopleModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit(placeholderText="Search people")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.merge_button = QPushButton("Merge")
        self.merge_button.setToolTip("Merge the selected people into one (the one with most faces keeps its name)")
        self.merge_button.clicked.connect(lambda: self.merge_selected())  # not `checked` as `confirm`
        self.hide_button = QPushButton("Hide")
        self.hide_button.setToolTip("Hide the selected people (strangers); show them again with 'Show hidden'")
        self.hide_button.clicked.connect(self.toggle_hidden_selected)
        self.show_hidden = QCheckBox("Show hidden")
        self.show_hidden.toggled.connect(model.set_show_hidden)
        bar = QHBoxLayout()
        for w in (self.search, self.merge_button, self.hide_button, self.show_hidden):
            bar.addWidget(w)
        self.grid = icon_grid(self.proxy, CROP_SIZE, QSize(CROP_SIZE + 40, CROP_SIZE + 56), multi_select=True)
        self.grid.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.grid.activated.connect(lambda index: self.person_activated.emit(int(index.data(PERSON_ID_ROLE))))
        self.grid.selectionModel().selectionChanged.connect(self._update_buttons)
        model.modelReset.connect(self._update_buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.grid)
        self._update_buttons()

    def selected(self) -> list[PersonItem]:
        rows = sorted(self.proxy.mapToSource(i).row() for i in self.grid.selectionModel().selectedIndexes())
        return [self.model.person(r) for r in rows]

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.merge_button.setEnabled(len(chosen) >= 2)
        self.hide_button.setEnabled(bool(chosen))
        self.hide_button.setText("Unhide" if chosen and all(p.hidden for p in chosen) else "Hide")
        hidden = self.model.hidden_count
        self.show_hidden.setText(f"Show hidden ({hidden})" if hidden else "Show hidden")

    def merge_selected(self, confirm: bool = True) -> None:
        chosen = self.selected()
        if len(chosen) < 2:
            return
        keep = min(chosen, key=lambda p: (p.name is None, -p.face_count, p.id))
        others = [p for p in chosen if p.id != keep.id]
        if confirm:
            text = f"Merge {len(others)} other people into {keep.label}? Their faces become {keep.label}'s."
            if QMessageBox.question(self, "Merge people", text) != QMessageBox.StandardButton.Yes:
                return
        self.model.library.write(lambda lib: lib.merge([keep.id, *(p.id for p in others)]))

    def toggle_hidden_selected(self) -> None:
        chosen = self.selected()
        hide = not all(p.hidden for p in chosen)
        for p in chosen:
            self.model.library.write(partial(_set_hidden, person_id=p.id, hide=hide))


def _set_hidden(lib: LibraryService, person_id: int, hide: bool) -> None:
    lib.hide(person_id, hide)
