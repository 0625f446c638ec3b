"""The people views: the People grid, one person's faces, the unnamed faces and Review mode."""

from __future__ import annotations

from .grid_model import PeopleModel
from .grid_view import PeopleView
from .person_view import PersonView
from .review_view import ReviewView
from .undo_bar import UndoBar
from .unnamed_view import UnnamedView

__all__ = [
    "PeopleModel",
    "PeopleView",
    "PersonView",
    "ReviewView",
    "UndoBar",
    "UnnamedView",
]
