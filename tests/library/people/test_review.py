"""The review queue (suggestions, then unnamed people biggest first, then the stranger bucket) and the answers
it takes: yes, no, a name, "a stranger"; each answer stored at once, undoable, and never asked again."""

from __future__ import annotations

import pytest

from faceorganizer.geometry import Box
from faceorganizer.library.catalog import Catalog, FaceData, PhotoInfo
from faceorganizer.library.people import People, PeopleError, history
from faceorganizer.library.people.review import ReviewParams, review_queue


def _tiny_face(cat: Catalog, folder, n: int, descriptor) -> int:
    """A face of 20x20 px: too small to tell."""
    pid = cat.add_photo(None, str(folder / f"t{n}.jpg"), 1, 1)
    face = FaceData(Box(5, 5, 20, 20), score=0.9, descriptor=descriptor, age=30.0)
    return cat.store_indexed(pid, PhotoInfo(1, 1, f"t{n}", 200, 200), [face]).face_ids[0]


@pytest.fixture
def lib(tmp_path, add_faces, group_descriptor):
    """Ann (group 0, named, 4 faces) with 2 children's faces only suggested as her; unnamed people of 3 (group 1)
    and 2 (group 2) faces; a face seen once (group 3); a tiny face of group 1."""
    cat = Catalog.open(tmp_path / "lib.sqlite")
    ids = add_faces(cat, tmp_path, [0] * 4 + [1] * 3 + [2] * 2)
    people = People(cat)
    people.recluster()
    ann = people.rename(cat.face(ids[0]).person_id, "Ann")
    suggested = add_faces(cat, tmp_path, [0, 0], start=20, age=5.0)  # children: suggested at most
    single = add_faces(cat, tmp_path, [3], start=30)
    tiny = _tiny_face(cat, tmp_path, 0, group_descriptor(1, 40))
    people.update()
    yield cat, people, {"ids": ids, "ann": ann, "suggested": suggested, "single": single[0], "tiny": tiny}
    cat.close()


def test_the_queue_asks_suggestions_then_unnamed_people_biggest_first_then_strangers(lib):
    cat, _, f = lib
    queue = review_queue(cat)
    kinds = [q.kind for q in queue]
    assert kinds == ["suggestion", "suggestion", "person", "person", "strangers"]
    assert [q.faces[0].face_id for q in queue[:2]] == f["suggested"]
    assert {q.guess_name for q in queue[:2]} == {"Ann"}
    assert [q.face_count for q in queue[2:4]] == [3, 2]
    assert queue[2].person_id == cat.face(f["ids"][4]).person_id
    assert {x.face_id for x in queue[4].faces} == {f["single"], f["tiny"]}
    # the tiny face is in the bucket, not in its person's strip
    assert f["tiny"] not in {x.face_id for x in queue[2].faces}


def test_yes_and_no_are_stored_and_a_no_is_never_asked_again(lib):
    cat, people, f = lib
    yes, no = f["suggested"]
    people.confirm([yes])
    people.not_person([no], f["ann"])
    assert cat.face(yes).state == "confirmed" and cat.face(yes).person_id == f["ann"]
    assert cat.face(no).person_id != f["ann"]
    people.update()  # matching runs again: the face said not to be Ann is not suggested as her again
    assert cat.face(no).person_id != f["ann"]
    assert [q for q in review_queue(cat) if q.kind == "suggestion"] == []


def test_a_guess_for_an_unnamed_person_and_no_to_it(lib):
    cat, people, f = lib
    group1 = f["ids"][4:7]
    rest = cat.face(group1[1]).person_id
    bea = people.split([group1[0]])  # one face of group 1 becomes Bea: the two left are guessed as Bea
    people.rename(bea, "Bea")
    question = next(q for q in review_queue(cat) if q.kind == "person" and q.person_id == rest)
    assert (question.guess_id, question.guess_name) == (bea, "Bea")
    assert all(q.guess_id is None for q in review_queue(cat) if q.kind == "person" and q.person_id != rest)
    people.not_person([x.face_id for x in question.faces], bea)
    again = next(q for q in review_queue(cat) if q.kind == "person" and q.person_id == rest)
    assert again.guess_id is None
    assert {cat.face(x).person_id for x in group1[1:]} == {rest}  # No moved nobody
    people.update()
    assert {cat.face(x).person_id for x in group1[1:]} == {rest}  # nor does matching make them Bea


def test_strangers_are_tucked_away_with_one_answer_and_never_come_back(lib):
    cat, people, f = lib
    bucket = review_queue(cat)[-1]
    people.set_aside([x.face_id for x in bucket.faces])
    for face_id in (f["single"], f["tiny"]):
        assert cat.face(face_id).state == "rejected" and cat.face(face_id).person_id is None
    people.update()
    people.recluster()
    assert all(q.kind != "strangers" for q in review_queue(cat))
    assert cat.face(f["tiny"]).state == "rejected"
    people.undo()
    assert cat.face(f["single"]).state != "rejected"
    assert review_queue(cat)[-1].kind == "strangers"


def test_skipped_questions_stay_out_of_the_next_load(lib):
    cat, _, _ = lib
    queue = review_queue(cat)
    again = review_queue(cat, skip={queue[0].key, queue[2].key, ("strangers", 0)})
    assert [q.key for q in again] == [queue[1].key, queue[3].key]


def test_hidden_people_and_poor_faces_are_not_asked_about(lib):
    cat, people, f = lib
    for q in review_queue(cat):
        if q.kind == "person":
            people.hide(q.person_id)
    assert [q.kind for q in review_queue(cat)] == ["suggestion", "suggestion", "strangers"]
    strict = ReviewParams(min_size=100)  # every face is "tiny" now: no person has two good faces
    assert [q.kind for q in review_queue(cat, strict)] == ["strangers"]


def test_another_person_with_the_same_name_when_asked_for(lib):
    cat, people, f = lib
    other = cat.face(f["ids"][7]).person_id
    assert people.name(other, "Ann", new_person=True) == other
    assert sorted(p.id for p in cat.people() if p.name == "Ann") == sorted([f["ann"], other])
    people.undo()
    assert cat.person(other).name is None


def test_several_people_and_several_faces_named_at_once(lib):
    cat, people, f = lib
    p1, p2 = cat.face(f["ids"][4]).person_id, cat.face(f["ids"][7]).person_id
    kept = people.name_together([p1, p2], "Cleo")
    assert cat.person(kept).name == "Cleo" and cat.person(kept).face_count == 3 + 1 + 2  # the tiny face too
    assert history.history(cat, 1)[0].label == "Name 2 people Cleo"
    people.undo()
    assert cat.person(p1).name is None and cat.person(p2) is not None
    moved = people.name_faces([f["ids"][4], f["ids"][7]], "Dan")
    assert {cat.face(i).person_id for i in (f["ids"][4], f["ids"][7])} == {moved}
    assert cat.person(moved).name == "Dan"
    with pytest.raises(PeopleError):
        people.name_faces([], "Dan")
