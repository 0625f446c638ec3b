"""The people views: the People grid, one person's faces and the unnamed faces."""

from __future__ import annotations

from .grid_model import PeopleModel
from .grid_view import PeopleView
from .person_view import PersonView
from .undo_bar import UndoBar
from .unnamed_view import UnnamedView

__all__ = [
    "PeopleModel",
    "PeopleView",
    "PersonView",
    "UndoBar",
    "UnnamedView",
]
