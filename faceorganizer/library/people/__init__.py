"""People: faces clustered and matched into people, the user's operations on them, browsing and search."""

from __future__ import annotations

from .assignment import AssignmentParams
from .browse import PersonFace, PhotoFaces
from .operations import PeopleOps
from .search import FaceHit
from .updates import People, PeopleError, PeopleParams

__all__ = [
    "AssignmentParams",
    "FaceHit",
    "People",
    "PeopleError",
    "PeopleOps",
    "PeopleParams",
    "PersonFace",
    "PhotoFaces",
]
