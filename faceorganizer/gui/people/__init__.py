"""The people views: the People grid, one person's faces, the unnamed faces, Review mode and the XMP sidecars'
conflicting names."""

from __future__ import annotations

from .conflicts_dialog import ConflictsButton, ConflictsDialog
from .grid_model import PeopleModel
from .grid_view import PeopleView
from .person_view import PersonView
from .review_view import ReviewView
from .undo_bar import UndoBar
from .unnamed_view import UnnamedView

__all__ = [
    "ConflictsButton",
    "ConflictsDialog",
    "PeopleModel",
    "PeopleView",
    "PersonView",
    "ReviewView",
    "UndoBar",
    "UnnamedView",
]
