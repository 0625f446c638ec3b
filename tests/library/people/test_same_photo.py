"""The same-photo rule: clustering and automatic assignment never put two faces of one photo in one person
(look-alikes standing together); the user still may, by hand."""

from __future__ import annotations

from faceorganizer.geometry import Box
from faceorganizer.library.catalog import Catalog, FaceData, PhotoInfo
from faceorganizer.library.people import People


def _group_photo(cat: Catalog, folder, n: int, descriptors) -> list[int]:
    """A photo ``gN.jpg`` with one face per descriptor, left to right."""
    pid = cat.add_photo(None, str(folder / f"g{n}.jpg"), 1, 1)
    faces = [
        FaceData(Box(10 + 100 * i, 20, 80, 90), score=0.9, descriptor=d, age=30.0) for i, d in enumerate(descriptors)
    ]
    return cat.store_indexed(pid, PhotoInfo(1, 1, f"g{n}", 800, 200), faces).face_ids


def test_look_alikes_in_one_photo_never_share_a_cluster(tmp_path, add_faces, group_descriptor):
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        add_faces(cat, tmp_path, [0] * 4)  # one person, four portraits
        # two group photos where two faces of "group 0" stand together: look-alikes, as close as the portraits
        pairs = [_group_photo(cat, tmp_path, n, [group_descriptor(0, 50 + 2 * n), group_descriptor(0, 51 + 2 * n)])
                 for n in range(2)]  # fmt: skip
        People(cat).recluster()
        for pair in pairs:
            people = [cat.face(f).person_id for f in pair]
            assert people[0] != people[1] or people[0] is None, f"two faces of one photo in person {people[0]}"
        # the portraits still make one person, and one face of each group photo joins it
        big = max(cat.people(), key=lambda p: p.face_count)
        assert big.face_count == 4 + 2
        assert all(sum(cat.face(f).person_id == big.id for f in pair) == 1 for pair in pairs)


def test_matching_makes_a_second_face_of_a_photo_a_suggestion_at_most(tmp_path, add_faces, group_descriptor):
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        ids = add_faces(cat, tmp_path, [0] * 3)
        people = People(cat)
        people.recluster()
        ann = people.rename(cat.face(ids[0]).person_id, "Ann")
        people.confirm(ids)
        pair = _group_photo(cat, tmp_path, 0, [group_descriptor(0, 60), group_descriptor(0, 61)])
        people.update()
        states = sorted((cat.face(f).person_id, cat.face(f).state) for f in pair)
        assert states.count((ann, "auto")) <= 1
        assert [s for s in states if s[0] == ann] and all(s[1] in ("auto", "suggested") for s in states if s[0] == ann)
        # by hand the user may still say both are Ann
        people.split(pair, ann)
        assert {cat.face(f).person_id for f in pair} == {ann}
