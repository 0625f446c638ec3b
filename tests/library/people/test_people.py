"""People operations and automatic clustering / matching on a synthetic catalog: every user decision
survives re-clustering, ids stay stable, and each operation is one transaction with its decision logged."""

from __future__ import annotations

import pytest

from faceorganizer.geometry import Box
from faceorganizer.library.catalog import Catalog
from faceorganizer.library.people import People, PeopleError, PeopleParams


@pytest.fixture
def cat(tmp_path):
    with Catalog.open(tmp_path / "lib.sqlite") as catalog:
        yield catalog


def members(cat: Catalog) -> dict[int | None, set[int]]:
    out: dict[int | None, set[int]] = {}
    for p in cat.people():
        out[p.id] = {f.id for f in cat.faces_of_person(p.id, limit=1000)}
    out[None] = {f.id for f in cat.faces_of_person(None, limit=1000)}
    return out


def person_of(cat: Catalog, face_id: int) -> int | None:
    return cat.face(face_id).person_id


def test_recluster_makes_unnamed_people_and_tucks_away_small_clusters(cat, tmp_path, add_faces):
    ids = add_faces(cat, tmp_path, [0, 0, 0, 1, 1, 1, 1, 2])  # group 2 has a single face
    result = People(cat).recluster()
    assert result.people_created == 2
    groups = members(cat)
    assert sorted(map(sorted, (v for k, v in groups.items() if k is not None))) == [ids[:3], ids[3:7]]
    assert groups[None] == {ids[7]}  # below min_cluster_size: unassigned, not lost
    assert all(p.name is None and not p.hidden for p in cat.people())
    assert {cat.face(i).state for i in ids} == {"auto"}


def test_min_cluster_size_is_a_library_setting(cat, tmp_path, add_faces):
    add_faces(cat, tmp_path, [0, 0, 0, 1, 1])
    cat.set_setting("people.min_cluster_size", 3)
    People(cat).recluster()
    assert [p.face_count for p in cat.people()] == [3]


def test_noop_recluster_keeps_ids_and_new_faces_join_existing_people(cat, tmp_path, add_faces):
    add_faces(cat, tmp_path, [0, 0, 0, 1, 1, 1])
    people = People(cat)
    people.recluster()
    before = members(cat)
    again = people.recluster()
    assert (again.faces_changed, again.people_created, again.people_removed) == (0, 0, 0)
    assert members(cat) == before
    new = add_faces(cat, tmp_path, [1, 0, 3, 3], start=100)
    people.recluster()
    after = members(cat)
    for pid, faces in before.items():
        if pid is not None:
            assert faces <= after[pid]  # same ids, same faces, plus the newcomers
    assert person_of(cat, new[0]) == person_of(cat, next(iter(before[person_of(cat, new[0])])))
    assert len(cat.people()) == 3  # the two faces of group 3 became a new person


def test_reclustering_keeps_every_user_decision(cat, tmp_path, add_faces):
    """The key complaint: names, confirmations, rejections, merges and hides survive re-clustering."""
    a = add_faces(cat, tmp_path, [0] * 5 + [1] * 4 + [2] * 3 + [3] * 3)
    people = People(cat)
    people.recluster()
    ann, bob, stranger, fourth = (person_of(cat, a[i]) for i in (0, 5, 9, 12))
    assert len({ann, bob, stranger, fourth}) == 4
    people.name(ann, "Ann")
    people.confirm([a[5]])
    people.reject([a[6]])  # "not this person": a[6] leaves bob for good
    people.hide(stranger)
    people.merge(ann, [fourth])  # the user says group 3 is Ann too
    people.split([a[1]], None)  # and a[1] is someone else (confirmed, new unnamed person)
    split_to = person_of(cat, a[1])
    snapshot = {i: (person_of(cat, i), cat.face(i).state) for i in a}

    add_faces(cat, tmp_path, [1, 2, 0], start=100)  # new photos arrive
    for _ in range(2):
        people.update()
        people.recluster(PeopleParams(threshold=0.9, min_cluster_size=1))  # even with other settings
        people.recluster()
    assert cat.person(ann).name == "Ann" and cat.person(fourth) is None
    assert cat.person(stranger).hidden
    for i in a:
        pid, state = snapshot[i]
        if i == a[6]:
            assert person_of(cat, i) != bob  # never goes back
        elif cat.person(pid).name or state == "confirmed" or i in (a[9], a[10], a[11]):
            assert (person_of(cat, i), cat.face(i).state) == (pid, state), i
    assert cat.face(a[5]).state == "confirmed" and person_of(cat, a[5]) == bob
    assert person_of(cat, a[1]) == split_to and cat.face(a[1]).state == "confirmed"
    kinds = [d.kind for d in cat.decisions()]
    assert kinds == ["name", "confirm", "reject", "hide", "merge", "split"]


def test_assign_new_faces_auto_suggested_child_and_rejection(cat, tmp_path, add_faces):
    named = add_faces(cat, tmp_path, [0, 0, 0])
    people = People(cat)
    people.recluster()
    ann = people.name(person_of(cat, named[0]), "Ann")
    close, child, rejected = add_faces(cat, tmp_path, [0], start=10) + \
        add_faces(cat, tmp_path, [0], start=11, age=8.0) + add_faces(cat, tmp_path, [0], start=12)  # fmt: skip
    far = add_faces(cat, tmp_path, [1], start=13)[0]
    people.assign_new_faces()
    people.reject([rejected])
    result = people.assign_new_faces()
    assert (person_of(cat, close), cat.face(close).state) == (ann, "auto")
    assert (person_of(cat, child), cat.face(child).state) == (ann, "suggested")  # children: never auto
    assert person_of(cat, rejected) is None and person_of(cat, far) is None
    assert result.faces_changed == 0  # nothing left to change: a second pass is a no-op
    people.recluster()
    assert person_of(cat, rejected) is None  # not even via clustering


def test_suggested_faces_weigh_by_distance(cat, tmp_path, add_faces, group_descriptor):
    add_faces(cat, tmp_path, [0, 0])
    people = People(cat)
    people.recluster()
    ann = people.name(cat.people()[0].id, "Ann")
    people.confirm([f.id for f in cat.faces_of_person(ann)])
    photo = cat.add_photo(None, str(tmp_path / "x.jpg"), 1, 1)
    from faceorganizer.library.catalog import FaceData, PhotoInfo

    far_ish = group_descriptor(0, 50, spread=0.53)  # farther than auto (0.5) from Ann, nearer than suggest (0.6)
    (fid,) = cat.store_indexed(photo, PhotoInfo(1, 1, "x", 200, 200),
                               [FaceData(Box(0, 0, 50, 50), descriptor=far_ish)]).face_ids  # fmt: skip
    people.assign_new_faces()
    assert (person_of(cat, fid), cat.face(fid).state) == (ann, "suggested")


def test_naming_with_an_existing_name_joins_that_person(cat, tmp_path, add_faces):
    a = add_faces(cat, tmp_path, [0, 0, 1, 1])
    people = People(cat)
    people.recluster()
    first, second = person_of(cat, a[0]), person_of(cat, a[2])
    people.name(first, "Ann")
    assert people.name(second, "  ann ") == first  # case and spacing do not matter
    assert cat.person(second) is None and cat.person(first).face_count == 4
    with pytest.raises(PeopleError, match="empty"):
        people.name(first, "  ")
    assert people.rename(first, None) == first and cat.person(first).name is None


def test_merge_many_repoints_rejections_and_keeps_rejected_faces_out(cat, tmp_path, add_faces):
    a = add_faces(cat, tmp_path, [0, 0, 1, 1, 2, 2])
    people = People(cat)
    people.recluster()
    p0, p1, p2 = (person_of(cat, a[i]) for i in (0, 2, 4))
    people.reject([a[0]])  # a[0] is not p0
    people.split([a[0]], p1)  # it is p1 (confirmed)
    people.reject([a[3]])  # a[3] is not p1
    cat.assign_faces([a[3]], p2)  # (clustering put it with p2 meanwhile)
    people.name(p2, "Raj")
    people.merge(p1, [p2, p0, p1])
    assert cat.person(p1).name == "Raj"  # an unnamed target takes a source's name
    assert cat.person(p0) is None and cat.person(p2) is None
    assert person_of(cat, a[3]) is None  # rejected from the target: stays out
    assert {f.id for f in cat.faces_of_person(p1)} == {a[0], a[1], a[2], a[4], a[5]}
    assert people.rejections([a[0]]) == {a[0]: {p1}}  # "not p0" now reads "not p1"
    merges = cat.decisions(kind="merge")
    assert [(d.person_id, d.other_person_id) for d in merges] == [(p1, p2), (p1, p0)]


def test_reject_of_a_face_of_no_one_dismisses_it(cat, tmp_path, add_faces):
    a = add_faces(cat, tmp_path, [0, 0, 0])
    people = People(cat)
    people.reject([a[0]])
    people.update()
    assert cat.face(a[0]).state == "rejected" and person_of(cat, a[0]) is None
    assert cat.person(person_of(cat, a[1])).face_count == 2


def test_cover_hide_manual_face_and_errors(cat, tmp_path, add_faces):
    a = add_faces(cat, tmp_path, [0, 0, 1, 1])
    people = People(cat)
    people.recluster()
    p0, p1 = person_of(cat, a[0]), person_of(cat, a[2])
    people.set_cover(p0, a[1])
    assert cat.person(p0).cover_face_id == a[1]
    with pytest.raises(PeopleError, match="not a face of person"):
        people.set_cover(p0, a[2])
    people.reject([a[1]])
    assert cat.person(p0).cover_face_id is None  # the cover left with its face
    people.hide(p1)
    people.unhide(p1)
    assert not cat.person(p1).hidden
    photo = cat.face(a[0]).photo_id
    face = people.add_manual_face(photo, Box(100, 100, 40, 40), "Zoe")
    zoe = people.person_named("zoe")
    assert zoe is not None and (person_of(cat, face), cat.face(face).state, cat.face(face).source) == (
        zoe.id, "confirmed", "manual")  # fmt: skip
    people.update()
    assert person_of(cat, face) == zoe.id
    with pytest.raises(PeopleError, match="no person"):
        people.hide(9999)
    with pytest.raises(PeopleError, match="belongs to no person"):
        people.confirm([a[1]])
    kinds = [d.kind for d in cat.decisions()]
    assert kinds == ["cover", "reject", "hide", "unhide", "name", "manual_face"]


def test_an_operation_that_fails_changes_nothing(cat, tmp_path, add_faces):
    a = add_faces(cat, tmp_path, [0, 0, 1, 1])
    people = People(cat)
    people.recluster()
    before = members(cat)
    with pytest.raises(PeopleError, match="no face"):
        people.split([a[0], a[1], 12345])
    with pytest.raises(PeopleError, match="no person"):
        people.merge(person_of(cat, a[0]), [person_of(cat, a[2]), 777])
    assert members(cat) == before and cat.decisions() == []


def test_name_face_names_its_cluster_or_moves_it(cat, tmp_path, add_faces):
    a = add_faces(cat, tmp_path, [0, 0, 1])
    people = People(cat)
    people.recluster()
    ann = people.name_face(a[0], "Ann")
    assert ann == person_of(cat, a[1]) and cat.face(a[0]).state == "confirmed"
    assert people.name_face(a[2], "Ann") == ann  # a face of no one joins Ann, confirmed
    assert cat.person(ann).face_count == 3
