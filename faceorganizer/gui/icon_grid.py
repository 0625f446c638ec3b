"""The one way the app lays out thumbnails: a static, wrapping icon grid (people, faces, photos)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyledItemDelegate, QStyleOptionViewItem, QWidget


def icon_grid(model: QAbstractItemModel, icon: int, cell: QSize, *, multi_select: bool = False) -> QListView:
    """A QListView in icon mode over ``model``: ``icon`` px thumbnails in ``cell``-sized cells."""
    grid = QListView()
    grid.setModel(model)
    grid.setViewMode(QListView.ViewMode.IconMode)
    grid.setResizeMode(QListView.ResizeMode.Adjust)
    grid.setMovement(QListView.Movement.Static)
    grid.setUniformItemSizes(True)
    grid.setIconSize(QSize(icon, icon))
    grid.setGridSize(cell)
    grid.setWordWrap(True)
    grid.setSpacing(8)
    if multi_select:
        grid.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    return grid


class NameUnderThumbnail(QStyledItemDelegate):
    """Draws a result as its thumbnail centred in a ``thumb`` px square (so names line up whatever the photo's
    shape) and the file name under it on one line, elided in the middle to the thumbnail's width (the start and
    the extension stay readable; the whole path is the tooltip): every cell then needs the same size, which the
    grid's cell holds."""

    def __init__(self, thumb: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.thumb = thumb

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText
        option.decorationSize = QSize(self.thumb, self.thumb)
        option.text = option.fontMetrics.elidedText(option.text, Qt.TextElideMode.ElideMiddle, self.thumb)
