"""The one way the app lays out thumbnails: a static, wrapping icon grid (people, faces, photos)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QSize
from PySide6.QtWidgets import QAbstractItemView, QListView


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
