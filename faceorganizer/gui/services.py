"""The app's one door to the library: blocking calls for worker threads, ``read``/``write`` to run them
off the UI thread, and a ``changed`` signal after every write so views reload."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from ..api.matching import FaceMatcher
from ..geometry import Box
from ..library.catalog import Catalog, Face, LibraryStats, Person, Root
from ..library.metadata import export_xmp, import_xmp
from ..library.metadata.exchange import ExportSummary, ImportSummary
from ..library.people import People, PersonFace, PhotoFaces, browse, history, review, search
from .i18n import Texts
from .tasks import Done, Task, TaskRunner

T = TypeVar("T")
PersonTexts = Texts("PersonTexts")  # a person's label


@dataclass(frozen=True)
class PersonItem:
    """A person as the People grid shows them."""

    id: int
    name: str | None
    hidden: bool
    face_count: int
    cover: Face | None = None
    cover_path: str | None = None

    @property
    def label(self) -> str:
        """The name, or "Unnamed" (translated)."""
        return self.name or PersonTexts.tr("Unnamed")

    @property
    def distinct_label(self) -> str:
        """The name, or for an unnamed person one told apart from the others: "Unnamed #12 · 5 faces"."""
        return self.name or PersonTexts.tr("Unnamed #{id} · %n face(s)", "", self.face_count).format(id=self.id)


def sort_people(items: Sequence[PersonItem]) -> list[PersonItem]:
    """Visible before hidden, named before unnamed, then by face count (most first), then name and id."""
    return sorted(items, key=lambda p: (p.hidden, p.name is None, -p.face_count, (p.name or "").casefold(), p.id))


class Reloads:
    """A view's reloads, which replace each other: their results are applied in the order they were asked for.
    Reads run two at a time, so an earlier one may end last; its result, older than one already applied, is
    dropped (else a reload begun before a merge could put the merged person back on screen until the next change)."""

    def __init__(self) -> None:
        self._asked = 0
        self._applied = 0

    def __call__(self, on_done: Done) -> Done:
        """``on_done`` for the reload about to be asked for, called only if no later reload was applied first."""
        self._asked += 1
        serial = self._asked

        def done(result: Any, error: BaseException | None) -> object:
            if serial < self._applied:
                return None
            self._applied = serial
            return on_done(result, error)

        return done


class LibraryService(QObject):
    """The library at ``path``. Blocking methods open their own connection (one per call: safe on any
    thread); call them through :meth:`read` / :meth:`write` from the UI."""

    changed = Signal()

    def __init__(self, path: str | os.PathLike[str], runner: TaskRunner) -> None:
        super().__init__()
        self.path = Path(path)
        self.runner = runner

    # -- running off the UI thread -------------------------------------------------------------

    def read(self, func: Callable[[LibraryService], T], on_done: Done | None = None) -> Task:
        return self.runner.run_task(lambda: func(self), on_done)

    def write(self, func: Callable[[LibraryService], T], on_done: Done | None = None) -> Task:
        """Run a change on the single write thread; ``changed`` is emitted after it (also on error)."""

        def done(result: Any, error: BaseException | None) -> None:
            self.changed.emit()
            if on_done is not None:
                on_done(result, error)

        return self.runner.run_task(lambda: func(self), done, write=True)

    def catalog(self) -> Catalog:
        """A connection for changes (read-only, with the reason, if the library file or media is read-only)."""
        return Catalog.open(self.path, read_only="auto")

    def reader(self) -> Catalog:
        """A read-only connection: it never waits for a scan's write (nor blocks one); a new library is created."""
        return Catalog.open(self.path, read_only=True) if self.path.exists() else self.catalog()

    # -- blocking calls (worker threads) -------------------------------------------------------

    def roots(self) -> list[Root]:
        with self.reader() as cat:
            return cat.roots()

    def add_root(self, folder: str) -> Root:
        with self.catalog() as cat:
            return cat.add_root(folder)

    def remove_root(self, root_id: int) -> None:
        with self.catalog() as cat:
            cat.remove_root(root_id)

    def stats(self) -> LibraryStats:
        with self.reader() as cat:
            return cat.stats()

    def people(self, covers: bool = True) -> list[PersonItem]:
        """People with faces or a name; ``covers=False`` leaves their cover faces out (finding every
        cover takes seconds on a large library: the People grid asks :meth:`covers` for the rows it shows)."""
        with self.reader() as cat:
            people = [p for p in cat.people() if p.face_count > 0 or p.name]
            found = browse.cover_faces(cat, [p.id for p in people]) if covers else {}
        items = []
        for p in people:
            face, path = found.get(p.id, (None, None))
            items.append(PersonItem(p.id, p.name, p.hidden, p.face_count, face, path))
        return sort_people(items)

    def covers(self, person_ids: Sequence[int]) -> dict[int, tuple[Face, str]]:
        """Person id -> (cover face, photo path) for these people."""
        with self.reader() as cat:
            return browse.cover_faces(cat, person_ids)

    def rename(self, person_id: int, name: str | None, new_person: bool = False) -> int:
        """Name a person (``new_person``: another person of that name, not a merge into the one called so)."""
        with self.catalog() as cat:
            return People(cat).rename(person_id, name, new_person)

    def name_people(self, person_ids: Sequence[int], name: str, new_person: bool = False) -> int:
        """Name several people at once: they become one person of that name."""
        with self.catalog() as cat:
            return People(cat).name_together(person_ids, name, new_person)

    def merge(self, person_ids: Sequence[int]) -> int:
        """Merge people into the first of ``person_ids`` (the caller puts the one to keep first)."""
        with self.catalog() as cat:
            return People(cat).merge(person_ids[0], list(person_ids[1:]))

    def undo(self) -> history.Action:
        """Take back the latest people operation (raises history.UndoError: nothing to undo, conflict)."""
        with self.catalog() as cat:
            return People(cat).undo()

    def redo(self) -> history.Action:
        with self.catalog() as cat:
            return People(cat).redo()

    def last_action(self) -> history.Action | None:
        """The latest people operation, undone or not (for "Named Ann · Undo")."""
        with self.reader() as cat:
            actions = history.history(cat, 1)
        return actions[0] if actions else None

    def hide(self, person_id: int, hidden: bool = True) -> None:
        with self.catalog() as cat:
            People(cat).hide(person_id, hidden)

    def photo(self, photo_id: int) -> PhotoFaces | None:
        with self.reader() as cat:
            return browse.photo_faces(cat, photo_id)

    def busiest_photo(self) -> int | None:
        with self.reader() as cat:
            return browse.busiest_photo(cat)

    def photo_ids(self) -> list[int]:
        with self.reader() as cat:
            return browse.photo_ids(cat)

    def photo_groups(self, by: str) -> list[browse.PhotoGroup]:
        """The months (``by="month"``) or folders (``"folder"``) that have photos, with their counts."""
        with self.reader() as cat:
            return browse.photo_months(cat) if by == "month" else browse.photo_folders(cat)

    def browse_photos(self, *, month: str | None = None, folder: str | None = None) -> list[browse.BrowsedPhoto]:
        with self.reader() as cat:
            return browse.browse_photos(cat, month=month, folder=folder)

    def unnamed_faces(self, limit: int = 200) -> list[search.FaceHit]:
        with self.reader() as cat:
            return search.unnamed_faces(cat, limit=limit)

    # -- a person's faces and the user's decisions on them (people_ops.py) ----------------------

    def person_faces(self, person_id: int) -> tuple[Person | None, list[PersonFace]]:
        """The person (None if gone) and their faces, most similar first."""
        with self.reader() as cat:
            return cat.person(person_id), browse.person_faces(cat, person_id)

    def faces(self, face_ids: Sequence[int]) -> dict[int, Face]:
        """Face id -> the face, for those of ``face_ids`` the library still has (a list of faces told by id
        alone, such as an XMP import's conflicts, needs their boxes for their crops)."""
        with self.reader() as cat:
            return {face.id: face for face in map(cat.face, face_ids) if face is not None}

    def person_names(self) -> list[str]:
        with self.reader() as cat:
            return sorted((p.name for p in cat.people() if p.name), key=str.casefold)

    def confirm_faces(self, face_ids: Sequence[int]) -> None:
        with self.catalog() as cat:
            People(cat).confirm(face_ids)

    def reject_faces(self, face_ids: Sequence[int]) -> None:
        with self.catalog() as cat:
            People(cat).reject(face_ids)

    def move_faces(self, face_ids: Sequence[int], to_person_id: int | None) -> int:
        """Split the faces off to ``to_person_id`` (None: a new person); that person's id."""
        with self.catalog() as cat:
            return People(cat).split(face_ids, to_person_id)

    def set_cover(self, person_id: int, face_id: int) -> None:
        with self.catalog() as cat:
            People(cat).set_cover(person_id, face_id)

    def name_face(self, face_id: int, name: str) -> int:
        with self.catalog() as cat:
            return People(cat).name_face(face_id, name)

    def name_faces(self, face_ids: Sequence[int], name: str) -> int:
        with self.catalog() as cat:
            return People(cat).name_faces(face_ids, name)

    # -- review mode ---------------------------------------------------------------------------

    def review_queue(self, skip: Collection[tuple[str, int]] = ()) -> list[review.Question]:
        with self.reader() as cat:
            return review.review_queue(cat, skip=skip)

    def not_person(self, face_ids: Sequence[int], person_id: int) -> None:
        with self.catalog() as cat:
            People(cat).not_person(face_ids, person_id)

    def set_aside(self, face_ids: Sequence[int]) -> None:
        """Tuck faces away as strangers'."""
        with self.catalog() as cat:
            People(cat).set_aside(face_ids)

    def add_manual_face(self, photo_id: int, box: Box, name: str | None) -> int:
        with self.catalog() as cat:
            return People(cat).add_manual_face(photo_id, box, name or None)

    def delete_manual_face(self, face_id: int) -> None:
        with self.catalog() as cat:
            People(cat).delete_manual_face(face_id)

    def face_matcher(self) -> FaceMatcher | None:
        """The named people as a FaceMatcher (None: no one named yet), for the Camera window to name faces."""
        with self.reader() as cat:
            return People(cat).face_matcher()

    # -- XMP exchange with other tools (File > Import / Export names) ----------------------------

    def import_names_from_xmp(self) -> ImportSummary:
        """Take the names other tools (digiKam, Lightroom, Picasa) tagged in the XMP of every indexed photo,
        as `faceorganizer import-xmp` does; the user's own decisions win (see library.metadata.exchange)."""
        with self.catalog() as cat:
            return import_xmp(cat)

    def export_names_to_xmp(self) -> ExportSummary:
        """Write people's names as ``photo.jpg.xmp`` sidecars next to every indexed photo with faces, as
        `faceorganizer export-xmp` does (photos themselves are never modified)."""
        with self.catalog() as cat:
            return export_xmp(cat)
