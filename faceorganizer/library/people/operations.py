"""The user's operations on people (name, merge, split, reject, confirm, hide, cover, manual faces): each
runs in one transaction and logs its decision, which re-clustering and matching then respect.

Meaning of a rejection: ``reject`` of a face that belongs to person P takes it out of P and records
"this face is not P" (a ``reject`` decision with ``person_id`` P); the face is free again (state
``auto``, no person) and may be clustered or matched to anyone *but* P, forever (merges carry the
rejection over to the merged person). ``reject`` of a face that belongs to no one dismisses it
(state ``rejected``, no person: a stranger, a poster, not a face): it is never clustered or matched.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from ...geometry import Box
from ..catalog import Catalog, CatalogError, Face, Person, clean_name, json_list
from . import history

F = TypeVar("F", bound=Callable[..., Any])


def action(label: Callable[..., str]) -> Callable[[F], F]:
    """Makes the operation one undoable user action, labelled ``label(*args)`` ("Name Ann")."""

    def wrap(operation: F) -> F:
        @functools.wraps(operation)
        def run(self: PeopleOps, *args: Any, **kwargs: Any) -> Any:
            with history.recording(self.catalog, label(*args, **kwargs)):
                return operation(self, *args, **kwargs)

        return run  # type: ignore[return-value]

    return wrap


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' if n != 1 else ''}"


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


class PeopleError(CatalogError):
    """An operation on people cannot be done as asked (unknown person or face, empty name, ...)."""


class PeopleOps:
    """User operations on the people of one catalog (see :class:`faceorganizer.library.people.People`)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    # -- lookups -------------------------------------------------------------------------------

    def person(self, person_id: int) -> Person:
        person = self.catalog.person(person_id)
        if person is None:
            raise PeopleError(f"no person with id {person_id}")
        return person

    def face(self, face_id: int) -> Face:
        face = self.catalog.face(face_id)
        if face is None:
            raise PeopleError(f"no face with id {face_id}")
        return face

    def person_named(self, name: str) -> Person | None:
        """The person called ``name`` (case-insensitive; the oldest if several)."""
        pid = self.catalog.scalar("SELECT id FROM people WHERE name = ? COLLATE NOCASE ORDER BY id LIMIT 1", (name,))
        return None if pid is None else self.catalog.person(pid)

    def rejections(self, face_ids: Iterable[int] | None = None) -> dict[int, set[int]]:
        """Face id -> the people the user said it is not (``reject`` decisions naming a person)."""
        sql = "SELECT face_id, person_id FROM decisions WHERE kind = 'reject' AND person_id IS NOT NULL"
        params: list = []
        if face_ids is not None:
            sql += " AND face_id IN (SELECT value FROM json_each(?))"
            params.append(json_list(list(face_ids)))
        out: dict[int, set[int]] = {}
        for face_id, person_id in self.catalog.query(sql, params):
            out.setdefault(face_id, set()).add(person_id)
        return out

    # -- naming --------------------------------------------------------------------------------

    @action(lambda person_id, name, new_person=False: f"Name {name}")
    def name(self, person_id: int, name: str, new_person: bool = False) -> int:
        """Name a person; returns the id of the person that now carries the name.

        If another person already has that name (case-insensitive), this person is *merged into*
        that one: naming a cluster "Ann" when Ann exists means "these faces are Ann too" (Ann keeps
        her id, cover and hidden flag). ``new_person=True`` says "another Ann": the two keep apart,
        both called Ann (the app asks which the user means before naming so).
        """
        name = _clean(name)
        with self.catalog.transaction():
            self.person(person_id)
            other = None if new_person else self.person_named(name)
            self.catalog.record_decision("name", person_id=person_id, value=name)
            if other is not None and other.id != person_id:
                return self.merge(other.id, [person_id])
            self.catalog.rename_person(person_id, name)
        return person_id

    @action(lambda person_ids, name, new_person=False: f"Name {_people(len(person_ids))} {name}")
    def name_together(self, person_ids: Sequence[int], name: str, new_person: bool = False) -> int:
        """Name several people at once: they are one person, ``name`` (merged into the person already called
        so unless ``new_person``; else into the first of ``person_ids``). Returns that person's id."""
        ids = list(dict.fromkeys(person_ids))
        if not ids:
            raise PeopleError("name: no people given")
        with self.catalog.transaction():
            keep = ids[0]
            if len(ids) > 1:
                self.merge(keep, ids[1:])
            return self.name(keep, name, new_person)

    @action(lambda person_id, name, new_person=False: f"Name {name}" if name and name.strip() else "Remove a name")
    def rename(self, person_id: int, name: str | None, new_person: bool = False) -> int:
        """Like :meth:`name`; ``None`` (or "") makes the person an unnamed cluster again."""
        if name is not None and name.strip():
            return self.name(person_id, name, new_person)
        with self.catalog.transaction():
            self.person(person_id)
            self.catalog.rename_person(person_id, None)
            self.catalog.record_decision("name", person_id=person_id, value=None)
        return person_id

    @action(lambda face_id, name: f"Name a face {name}")
    def name_face(self, face_id: int, name: str) -> int:
        """Say "this face is ``name``": names the face's unnamed person (confirming the face), or moves the
        face (confirmed) to the person of that name, created if needed. Returns that person's id."""
        name = _clean(name)
        with self.catalog.transaction():
            face = self.face(face_id)
            current = None if face.person_id is None else self.person(face.person_id)
            if current is not None and (current.name is None or current.name.casefold() == name.casefold()):
                pid = self.name(current.id, name)
                self.confirm([face_id])
                return pid
            target = self.person_named(name)
            pid = target.id if target is not None else self._new_person(name)
            return self.split([face_id], pid)

    def _new_person(self, name: str | None = None) -> int:
        """A new person whose id was never used, not even by a deleted person the decision log
        still names (SQLite would otherwise reuse the highest id after a delete)."""
        pid = self._next_person_id()
        self.catalog.execute("INSERT INTO people (id, name, hidden, created_at) VALUES (?, ?, 0, ?)",
                             (pid, name, time.time()))  # fmt: skip
        if name is not None:
            self.catalog.record_decision("name", person_id=pid, value=name)
        return pid

    def _next_person_id(self) -> int:
        """The id :meth:`_new_person` gives (above every id of ``people`` and of the decision log); ids above
        it are free too, for as long as the current transaction holds the write lock."""
        return int(self.catalog.scalar(
            "SELECT max(coalesce((SELECT max(id) FROM people), 0), coalesce((SELECT max(max(coalesce(person_id, 0), "
            "coalesce(other_person_id, 0))) FROM decisions), 0)) + 1"
        ))  # fmt: skip

    # -- merging and splitting -----------------------------------------------------------------

    @action(lambda target_id, source_ids: f"Merge {_people(len(source_ids) + 1)}")
    def merge(self, target_id: int, source_ids: Sequence[int]) -> int:
        """Merge many people into ``target_id`` at once; returns ``target_id``.

        Their faces (states kept) move to the target and the sources are deleted; rejections of a
        source ("face is not S") now name the target. A non-confirmed face the user once rejected
        from the target does not move in: it becomes unassigned. An unnamed target takes the first
        source name, and the first source cover when it has none.
        """
        sources = [s for s in dict.fromkeys(source_ids) if s != target_id]
        if not sources:
            raise PeopleError(f"nothing to merge: cannot merge person {target_id} into themselves")
        with self.catalog.transaction():
            target = self.person(target_id)
            name, cover = target.name, target.cover_face_id
            for source in [self.person(s) for s in sources]:
                self.catalog.execute(
                    "UPDATE faces SET person_id = NULL, state = 'auto' WHERE person_id = ? AND state != 'confirmed' "
                    "AND id IN (SELECT face_id FROM decisions WHERE kind = 'reject' AND person_id = ?)",
                    (source.id, target_id),
                )
                self.catalog.execute("UPDATE faces SET person_id = ? WHERE person_id = ?", (target_id, source.id))
                self.catalog.execute(
                    "UPDATE decisions SET person_id = ? WHERE kind = 'reject' AND person_id = ?", (target_id, source.id)
                )
                self.catalog.record_decision("merge", person_id=target_id, other_person_id=source.id, value=source.name)
                name = name or source.name
                cover = cover or source.cover_face_id
                self.catalog.execute("DELETE FROM people WHERE id = ?", (source.id,))
            self.catalog.rename_person(target_id, name)
            self.catalog.set_cover_face(target_id, cover)
        return target_id

    @action(lambda face_ids, to_person_id=None: f"Move {_count(len(face_ids), 'face')}")
    def split(self, face_ids: Sequence[int], to_person_id: int | None = None) -> int:
        """Move the chosen faces (confirmed) to another person, or to a new unnamed person when
        ``to_person_id`` is None; returns that person's id."""
        if not face_ids:
            raise PeopleError("split: no faces given")
        with self.catalog.transaction():
            faces = [self.face(f) for f in dict.fromkeys(face_ids)]
            target = self._new_person() if to_person_id is None else self.person(to_person_id).id
            for face in faces:
                self._drop_cover(face)
                self.catalog.execute(
                    "UPDATE faces SET person_id = ?, state = 'confirmed' WHERE id = ?", (target, face.id)
                )
                self.catalog.record_decision("split", face_id=face.id, person_id=target, other_person_id=face.person_id)
        return target

    # -- per-face decisions --------------------------------------------------------------------

    @action(lambda face_ids: f"Not this person: {_count(len(face_ids), 'face')}")
    def reject(self, face_ids: Sequence[int]) -> None:
        """Say "not this person": each face leaves its person for good (see the module docstring); a
        face of no one is dismissed."""
        with self.catalog.transaction():
            for face in [self.face(f) for f in dict.fromkeys(face_ids)]:
                self._drop_cover(face)
                state = "rejected" if face.person_id is None else "auto"
                self.catalog.execute("UPDATE faces SET person_id = NULL, state = ? WHERE id = ?", (state, face.id))
                self.catalog.record_decision("reject", face_id=face.id, person_id=face.person_id)

    @action(lambda face_ids, name: f"Name {_count(len(face_ids), 'face')} {name}")
    def name_faces(self, face_ids: Sequence[int], name: str) -> int:
        """Say "these faces are ``name``": all of them move (confirmed) to the person of that name, created if
        needed; one face of an unnamed person names that person, as :meth:`name_face`. Returns the person's id."""
        ids = list(dict.fromkeys(face_ids))
        if not ids:
            raise PeopleError("name: no faces given")
        if len(ids) == 1:
            return self.name_face(ids[0], name)
        name = _clean(name)
        with self.catalog.transaction():
            for f in ids:
                self.face(f)
            target = self.person_named(name)
            pid = target.id if target is not None else self._new_person(name)
            return self.split(ids, pid)

    @action(lambda face_ids, person_id: f"Not this person: {_count(len(face_ids), 'face')}")
    def not_person(self, face_ids: Sequence[int], person_id: int) -> None:
        """Say "these faces are not ``person_id``" (a review's No to "Is this Ann?"): faces of that person leave
        them as :meth:`reject` does; faces of someone else stay where they are, and none of them is ever matched
        to or suggested as that person again."""
        with self.catalog.transaction():
            self.person(person_id)
            faces = [self.face(f) for f in dict.fromkeys(face_ids)]
            theirs = [f.id for f in faces if f.person_id == person_id]
            if theirs:
                self.reject(theirs)
            for face in faces:
                if face.person_id != person_id:
                    self.catalog.record_decision("reject", face_id=face.id, person_id=person_id)

    @action(lambda face_ids: f"Strangers: {_count(len(face_ids), 'face')}")
    def set_aside(self, face_ids: Sequence[int]) -> None:
        """Tuck faces away as strangers' (someone in the background, a poster, a face too small to tell): each
        leaves its person (noted as "not them", like :meth:`reject`) and is dismissed, so it is never clustered,
        matched or suggested again; an unnamed person left with no face goes. Undo brings them back."""
        with self.catalog.transaction():
            faces = [self.face(f) for f in dict.fromkeys(face_ids)]
            for face in faces:
                self._drop_cover(face)
                self.catalog.execute("UPDATE faces SET person_id = NULL, state = 'rejected' WHERE id = ?", (face.id,))
                self.catalog.record_decision("reject", face_id=face.id, person_id=face.person_id)
            emptied = sorted({f.person_id for f in faces if f.person_id is not None})
            self.catalog.execute(
                "DELETE FROM people WHERE id IN (SELECT value FROM json_each(?)) AND name IS NULL AND face_count = 0",
                (json_list(emptied),),
            )

    @action(lambda face_ids: f"Confirm {_count(len(face_ids), 'face')}")
    def confirm(self, face_ids: Sequence[int]) -> None:
        """Say "yes, this is them": the faces keep their person (a suggestion becomes a fact) and are
        never moved by re-clustering or matching."""
        with self.catalog.transaction():
            for face in [self.face(f) for f in dict.fromkeys(face_ids)]:
                if face.person_id is None:
                    raise PeopleError(f"face {face.id} belongs to no person: move it to one (split) instead")
                self.catalog.execute("UPDATE faces SET state = 'confirmed' WHERE id = ?", (face.id,))
                self.catalog.record_decision("confirm", face_id=face.id, person_id=face.person_id)

    # -- people's display ----------------------------------------------------------------------

    @action(lambda person_id, hidden=True: "Hide a person" if hidden else "Show a person")
    def hide(self, person_id: int, hidden: bool = True) -> None:
        """Hide (ignore) a person, e.g. a stranger; their faces stay theirs, so they stay out of sight."""
        with self.catalog.transaction():
            self.person(person_id)
            self.catalog.set_person_hidden(person_id, hidden)
            self.catalog.record_decision("hide" if hidden else "unhide", person_id=person_id)

    def unhide(self, person_id: int) -> None:
        self.hide(person_id, False)

    @action(lambda person_id, face_id: "Set a cover")
    def set_cover(self, person_id: int, face_id: int) -> None:
        with self.catalog.transaction():
            self.person(person_id)
            if self.face(face_id).person_id != person_id:
                raise PeopleError(f"face {face_id} is not a face of person {person_id}")
            self.catalog.set_cover_face(person_id, face_id)
            self.catalog.record_decision("cover", face_id=face_id, person_id=person_id)

    @action(lambda photo_id, box, name=None: f"Add a face{' of ' + name if name else ''}")
    def add_manual_face(self, photo_id: int, box: Box, name: str | None = None) -> int:
        """A face box the user drew (displayed pixels) where detection failed, confirmed as ``name``
        (the person of that name, created if needed) or unassigned; returns the face id."""
        with self.catalog.transaction():
            if self.catalog.photo(photo_id) is None:
                raise PeopleError(f"no photo with id {photo_id}")
            if box.width <= 0 or box.height <= 0:
                raise PeopleError(f"a face box needs a positive size, got {box}")
            pid = None
            if name is not None:
                found = self.person_named(_clean(name))
                pid = found.id if found is not None else self._new_person(_clean(name))
            return self.catalog.add_manual_face(photo_id, box, pid)

    @action(lambda face_id: "Delete a drawn face")
    def delete_manual_face(self, face_id: int) -> None:
        """Delete a face the user drew (detector faces are rejected, not deleted: a re-scan would find them
        again); its person's cover moves on, and a person left with no face stays (named) or goes (unnamed)."""
        with self.catalog.transaction():
            face = self.face(face_id)
            if face.source != "manual":
                raise PeopleError(f"face {face_id} was found by the detector: reject it instead of deleting it")
            self._drop_cover(face)
            self.catalog.execute("DELETE FROM faces WHERE id = ?", (face_id,))
            if face.person_id is not None:
                self.catalog.execute(
                    "DELETE FROM people WHERE id = ? AND name IS NULL AND face_count = 0", (face.person_id,)
                )

    # -- undo and redo -------------------------------------------------------------------------

    def undo(self) -> history.Action:
        """Take back the latest action (see :mod:`history`); raises history.UndoError."""
        return history.undo(self.catalog)

    def redo(self) -> history.Action:
        """Do the latest undone action again; raises history.UndoError."""
        return history.redo(self.catalog)

    def _drop_cover(self, face: Face) -> None:
        if face.person_id is not None:
            self.catalog.execute(
                "UPDATE people SET cover_face_id = NULL WHERE id = ? AND cover_face_id = ?", (face.person_id, face.id)
            )


def _clean(name: str) -> str:
    """The name as stored (see catalog.clean_name); an empty one is an error."""
    cleaned = clean_name(name or "")
    if not cleaned:
        raise PeopleError("a name cannot be empty")
    return cleaned
