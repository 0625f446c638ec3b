"""The same-photo rule in videos applies per shot: two face tracks of one shot are two people (look-alikes side by
side), while the tracks of one person in different shots of a video join one person, in clustering and matching."""

from __future__ import annotations

from faceorganizer.geometry import Box
from faceorganizer.library.catalog import Catalog, FaceData, PhotoInfo
from faceorganizer.library.people import People


def _video(cat: Catalog, folder, shots: list[list]) -> list[list[int]]:
    """A video with one face track per descriptor in each shot (3 s a shot); the face ids, shot by shot."""
    vid = cat.add_photo(None, str(folder / "clip.mp4"), 1, 1)
    faces = [
        FaceData(
            Box(10 + 100 * i, 20, 80, 90),
            score=0.9,
            descriptor=d,
            age=30.0,
            frame_time=3 * s + 1.0,
            track_start=3.0 * s,
            track_end=3.0 * s + 2.5,
            shot=s,
        )  # fmt: skip
        for s, descriptors in enumerate(shots)
        for i, d in enumerate(descriptors)
    ]
    info = PhotoInfo(1, 1, "v", 640, 360, media="video", duration=3.0 * len(shots))
    ids = iter(cat.store_indexed(vid, info, faces).face_ids)
    return [[next(ids) for _ in descriptors] for descriptors in shots]


def test_one_person_in_several_shots_is_one_person_look_alikes_in_one_shot_are_not(
    tmp_path, add_faces, group_descriptor
):
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        add_faces(cat, tmp_path, [0] * 3)  # one person's portraits
        d = group_descriptor
        shots = _video(cat, tmp_path, [[d(0, 40)], [d(0, 41), d(0, 42)], [d(0, 43)]])  # shot 1: look-alikes
        People(cat).recluster()
        person = {f: cat.face(f).person_id for shot in shots for f in shot}
        lone = [person[shots[0][0]], person[shots[2][0]]]
        assert lone[0] is not None and lone[0] == lone[1]  # shots 0 and 2 of one video: one person
        pair = [person[f] for f in shots[1]]
        assert pair.count(lone[0]) == 1  # one of the look-alikes of shot 1 is them, the other not


def test_matching_a_named_person_takes_one_track_per_shot(tmp_path, add_faces, group_descriptor):
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        ids = add_faces(cat, tmp_path, [0] * 3)
        people = People(cat)
        people.recluster()
        people.name(cat.face(ids[0]).person_id, "Ann")
        d = group_descriptor
        shots = _video(cat, tmp_path, [[d(0, 60), d(0, 61)], [d(0, 62)]])
        people.update()
        ann = cat.face(ids[0]).person_id
        first = [cat.face(f) for f in shots[0]]
        assert sorted(f.state for f in first if f.person_id == ann) == ["auto", "suggested"]
        assert (cat.face(shots[1][0]).person_id, cat.face(shots[1][0]).state) == (ann, "auto")
