"""Undo and redo of people operations, in the library: each user action undone exactly, later ones kept,
conflicts refused, and the history kept across a restart."""

from __future__ import annotations

import pytest

from faceorganizer.geometry import Box
from faceorganizer.library.catalog import Catalog
from faceorganizer.library.people import People, history


def _state(cat: Catalog) -> tuple:
    """Everything a people operation may change, to compare before and after."""
    people = cat.query("SELECT id, name, hidden, cover_face_id, face_count FROM people ORDER BY id")
    faces = cat.query("SELECT id, photo_id, x, y, width, height, person_id, state, source FROM faces ORDER BY id")
    decisions = cat.query("SELECT id, kind, face_id, person_id, other_person_id, value FROM decisions ORDER BY id")
    return tuple(tuple(map(tuple, rows)) for rows in (people, faces, decisions))


@pytest.fixture
def lib(tmp_path, add_faces):
    """Four unnamed clusters (5, 4, 3, 2 faces)."""
    cat = Catalog.open(tmp_path / "library.sqlite")
    add_faces(cat, tmp_path, [0] * 5 + [1] * 4 + [2] * 3 + [3] * 2)
    People(cat).recluster()
    yield cat
    cat.close()


def _person_of_size(cat: Catalog, n: int) -> int:
    return next(p.id for p in cat.people() if p.face_count == n)


def _photo_of(cat: Catalog, person_id: int) -> int:
    return cat.faces_of_person(person_id)[0].photo_id


OPERATIONS = {
    "name": lambda p, c: p.rename(_person_of_size(c, 5), "Ann"),
    "name into existing": lambda p, c: p.rename(_person_of_size(c, 4), c.person(_person_of_size(c, 5)).name),
    "merge": lambda p, c: p.merge(_person_of_size(c, 5), [_person_of_size(c, 4), _person_of_size(c, 2)]),
    "split to new": lambda p, c: p.split([f.id for f in c.faces_of_person(_person_of_size(c, 5))][:2]),
    "reject": lambda p, c: p.reject([f.id for f in c.faces_of_person(_person_of_size(c, 4))][:1]),
    "confirm": lambda p, c: p.confirm([f.id for f in c.faces_of_person(_person_of_size(c, 3))]),
    "hide": lambda p, c: p.hide(_person_of_size(c, 2)),
    "cover": lambda p, c: p.set_cover(_person_of_size(c, 3), c.faces_of_person(_person_of_size(c, 3))[-1].id),
    "add manual face": lambda p, c: p.add_manual_face(_photo_of(c, _person_of_size(c, 2)), Box(1, 1, 30, 30), "Bob"),
}


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_undo_puts_back_exactly_what_one_action_changed_and_redo_does_it_again(lib, operation):
    people = People(lib)
    lib.rename_person(_person_of_size(lib, 5), "Ann")  # a named person (not an action: nothing to undo)
    before = _state(lib)
    OPERATIONS[operation](people, lib)
    after = _state(lib)
    assert after != before
    undone = people.undo()
    assert _state(lib) == before, operation
    assert undone.undone
    people.redo()
    assert _state(lib) == after, operation


def test_undo_takes_back_only_the_last_action_and_keeps_the_earlier_ones(lib):
    people = People(lib)
    ann = _person_of_size(lib, 5)
    people.rename(ann, "Ann")
    kept = _state(lib)
    people.hide(_person_of_size(lib, 2))
    people.undo()
    assert _state(lib) == kept
    assert lib.person(ann).name == "Ann"
    assert [a.label for a in history.history(lib)][:2] == ["Hide a person", "Name Ann"]


def test_a_new_action_after_undo_ends_the_redo_list(lib):
    people = People(lib)
    people.rename(_person_of_size(lib, 5), "Ann")
    people.undo()
    people.rename(_person_of_size(lib, 4), "Bob")
    with pytest.raises(history.UndoError, match="nothing to redo"):
        people.redo()


def test_undo_refuses_when_a_later_change_touched_the_same_rows(lib):
    people = People(lib)
    face = lib.faces_of_person(_person_of_size(lib, 5))[0].id
    people.reject([face])
    # something that is not an action (another program, a re-clustering) changes the face afterwards
    lib.execute("UPDATE faces SET person_id = ? WHERE id = ?", (_person_of_size(lib, 2), face))
    before = _state(lib)
    with pytest.raises(history.UndoError, match=f"face {face} was changed since"):
        people.undo()
    assert _state(lib) == before  # refused as a whole: nothing half undone


def test_history_survives_a_restart(tmp_path, lib):
    People(lib).rename(_person_of_size(lib, 5), "Ann")
    path = lib.path
    lib.close()
    with Catalog.open(path) as again:
        action = People(again).undo()
        assert action.label == "Name Ann"
        assert all(p.name is None for p in again.people())


def test_nothing_to_undo(lib):
    with pytest.raises(history.UndoError, match="nothing to undo"):
        People(lib).undo()
