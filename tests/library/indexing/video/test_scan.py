"""Scanning videos: generated at test time (coloured shots with stand-in networks; people photos and group photos,
panned and cut into shots, with the real networks), each person in a shot is one face track, tracks join people as
photos' faces do, bad videos are recorded errors and the scan goes on, video files are never written."""

from __future__ import annotations

import hashlib
import shutil

import numpy as np
import pytest

from faceorganizer.api.analyze import analyze
from faceorganizer.api.options import SsdMobilenetv1Options
from faceorganizer.library.catalog import Catalog
from faceorganizer.library.indexing import IndexOptions, scan
from faceorganizer.library.people import People

from .conftest import Shot, broken_videos, pan_frames, plain, write_video

RED, GREEN, BLUE = (200, 40, 40), (40, 200, 40), (40, 40, 200)


def _digest(paths) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def test_a_scan_indexes_videos_as_one_face_per_shot_and_bad_ones_are_errors(tmp_path, fake_video_nets, plain_image):
    folder = tmp_path / "media"
    folder.mkdir()
    video = write_video(folder / "clip.mp4", [Shot(plain(RED), 3.0, 1.0), Shot(plain(GREEN), 2.0, 1.0)])
    other = write_video(folder / "other.webm", [Shot(plain(BLUE), 2.0, 1.0)])
    photo = plain_image(folder / "photo.jpg")
    bad = broken_videos(folder, video)
    (folder / "clip.mp4.txt").write_text("not picked up")
    before = _digest([video, other, *bad])
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        summary = scan(cat, [folder], IndexOptions(workers=1))
        assert summary.seen == 6 and summary.indexed == 3
        errors = {e.path.rsplit("/", 1)[1]: e.error for e in summary.errors}
        assert set(errors) == {"cut.mp4", "empty.mp4", "notes.mov"}
        assert "empty file (0 bytes)" in errors["empty.mp4"]
        assert "not a readable video" in errors["cut.mp4"] and "not a readable video" in errors["notes.mov"]
        for path in bad:
            row = cat.photo_by_path(str(path))
            assert row.status == "error" and row.error == errors[path.name]

        clip = cat.photo_by_path(str(video))
        assert (clip.status, clip.media, clip.width, clip.height) == ("indexed", "video", 640, 360)
        assert clip.duration == pytest.approx(5.0, abs=0.11) and clip.is_video
        faces = cat.faces_of_photo(clip.id)
        assert [(f.shot, f.track_start, f.source) for f in faces] == [(0, 0.0, "detector"), (1, 3.0, "detector")]
        assert faces[0].track_end >= 2.5 and faces[1].track_end >= 4.5
        assert all(f.track_start <= f.frame_time <= f.track_end for f in faces)
        assert faces[0].box.width == pytest.approx(320) and faces[0].descriptor.shape == (128,)
        assert cat.photo_by_path(str(photo)).media == "photo"
        assert [f.shot for f in cat.faces_of_photo(cat.photo_by_path(str(photo)).id)] == [None]
        assert [f.shot for f in cat.faces_of_photo(cat.photo_by_path(str(other)).id)] == [0]
        # far fewer frames analysed than decoded: 5 s at 10 fps, sampled at about 2 per second plus keyframes
        assert fake_video_nets.calls < 25

        calls = fake_video_nets.calls
        again = scan(cat, [folder])
        assert (again.indexed, again.unchanged, fake_video_nets.calls) == (0, 6, calls)  # the errors too
        ids = [f.id for f in faces]
        video.touch()  # touched, same bytes: no model work
        assert scan(cat, [folder]).unchanged == 6 and fake_video_nets.calls == calls
        again = scan(cat, [folder], retry_errors=True)
        assert len(again.errors) == 3 and again.seen == 6
        assert [f.id for f in cat.faces_of_photo(clip.id)] == ids
    assert _digest([video, other, *bad]) == before  # never written


def test_reindexing_a_changed_video_keeps_the_tracks_decisions(tmp_path, fake_video_nets):
    folder = tmp_path / "media"
    folder.mkdir()
    video = write_video(folder / "clip.mkv", [Shot(plain(RED), 2.0, 1.0), Shot(plain(GREEN), 2.0, 1.0)])
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        scan(cat, [folder])
        clip = cat.photo_by_path(str(video))
        first, second = cat.faces_of_photo(clip.id)
        ann = cat.create_person("Ann")
        cat.assign_faces([first.id], ann, "confirmed")
        write_video(video, [Shot(plain(RED), 2.0, 1.0), Shot(plain(BLUE), 2.0, 1.0)])  # the second shot re-cut
        assert scan(cat, [folder]).indexed == 1
        now = cat.faces_of_photo(clip.id)
        kept = next(f for f in now if f.id == first.id)
        assert (kept.person_id, kept.state, kept.shot) == (ann, "confirmed", 0)
        assert len(now) == 2


def test_a_video_frame_for_a_face_crop(tmp_path, fake_video_nets):
    from faceorganizer.imaging import crop
    from faceorganizer.library.indexing.video.decode import video_frame

    folder = tmp_path / "media"
    folder.mkdir()
    video = write_video(folder / "clip.mov", [Shot(plain(RED), 1.0, 1.0), Shot(plain(BLUE), 1.0, 1.0)])
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        scan(cat, [folder])
        faces = cat.faces_of_photo(cat.photo_by_path(str(video)).id)
    second = faces[-1]
    face = crop(video_frame(video, second.frame_time), second.box)
    assert face.shape[:2] == (round(second.box.height), round(second.box.width))
    assert np.abs(face.reshape(-1, 3).mean(axis=0) - BLUE).max() < 12


# --- with the real networks and the reference data's people ------------------------------------------------


@pytest.fixture
def media(tmp_path, picture, faceapi_path):
    """Photos of Amy and Sheldon, a video of shots of them (Amy, Sheldon, Amy again, panned) and a video of a
    group photo (The Big Bang Theory cast), the broken videos beside them."""
    folder = tmp_path / "media"
    folder.mkdir()
    for who in ("amy", "sheldon"):
        for i in (1, 2, 3):
            shutil.copy(faceapi_path("people-photos", who, f"{who}{i}.jpg"), folder / f"{who}{i}.jpg")
    people = write_video(
        folder / "people.mp4",
        [
            Shot(picture("people-photos", "amy", "amy4.jpg"), 3.0, 1.1),
            Shot(picture("people-photos", "sheldon", "sheldon4.jpg"), 3.0, 1.1),
            Shot(picture("people-photos", "amy", "amy5.jpg"), 3.0, 1.1),
        ],
    )
    cast = picture("examples", "bbt1.jpg")
    group = write_video(folder / "group.m4v", [Shot(cast, 4.0, 1.05)], (960, 540))
    return folder, people, group, broken_videos(folder, people), cast


def test_real_people_in_videos_are_one_track_per_shot_and_named_with_their_photos(tmp_path, media):
    folder, people_video, group_video, bad, cast = media
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        summary = scan(cat, [folder])
        assert summary.indexed == 6 + 2 and len(summary.errors) == len(bad) == 3
        clip = cat.photo_by_path(str(people_video))
        tracks = cat.faces_of_photo(clip.id)
        assert [t.shot for t in tracks] == [0, 1, 2]  # one person per shot: one track each, not one face per frame
        for t, (lo, hi) in zip(tracks, [(0, 3), (3, 6), (6, 9)]):
            assert lo - 0.01 <= t.track_start <= t.frame_time <= t.track_end <= hi
            assert t.track_end - t.track_start >= 1.0

        group = cat.photo_by_path(str(group_video))
        group_tracks = cat.faces_of_photo(group.id)
        assert {t.shot for t in group_tracks} == {0}
        # every person of the group is one track: as many as the faces in a frame of the middle of the shot
        middle = pan_frames(Shot(cast, 4.0, 1.05), (960, 540), 10)[20]
        assert len(group_tracks) == len(analyze(middle, SsdMobilenetv1Options()))

        # naming the person of Amy's photos names her video tracks too (the same-photo rule is per shot: two)
        people = People(cat)
        amy_photo = cat.faces_of_photo(cat.photo_by_path(str(folder / "amy1.jpg")).id)[0]
        assert amy_photo.person_id is not None
        people.name(amy_photo.person_id, "Amy")
        people.update()
        amy = cat.face(amy_photo.id).person_id
        tracks = cat.faces_of_photo(clip.id)
        assert [t.person_id == amy for t in tracks] == [True, False, True]
        sheldon_photo = cat.faces_of_photo(cat.photo_by_path(str(folder / "sheldon1.jpg")).id)[0]
        assert tracks[1].person_id == cat.face(sheldon_photo.id).person_id is not None


def test_people_json_gives_a_video_face_its_frame_time(tmp_path, fake_video_nets, plain_image, capsys):
    import json

    from faceorganizer.cli import main

    folder = tmp_path / "media"
    folder.mkdir()
    video = write_video(folder / "clip.avi", [Shot(plain(RED), 2.0, 1.0)])
    plain_image(folder / "photo.jpg")
    library = tmp_path / "lib.sqlite"
    with Catalog.open(library) as cat:
        scan(cat, [folder])
    assert main(["people", "--json", "--library", str(library)]) == 0
    faces = [f for p in json.loads(capsys.readouterr().out) for f in p["faces"]]
    by_photo = {f["photo"]: f for f in faces}
    assert 0 <= by_photo[str(video)]["time"] <= 2.0 and "time" not in by_photo[str(folder / "photo.jpg")]


def test_a_stop_during_a_video_leaves_it_pending_and_the_next_scan_indexes_it(tmp_path, fake_video_nets, monkeypatch):
    import threading

    from faceorganizer.library.indexing import Indexer, scan_folders
    from faceorganizer.library.indexing.video import analyze as video_analysis

    folder = tmp_path / "media"
    folder.mkdir()
    video = write_video(folder / "clip.mp4", [Shot(plain(RED), 4.0, 1.0)])
    stop = threading.Event()

    def stopping(*args, **kwargs):
        stop.set()  # the user presses Stop while the video's samples are analysed
        return fake_video_nets(*args, **kwargs)

    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        scan_folders(cat, [folder])
        with monkeypatch.context() as m:
            m.setattr(video_analysis, "analyze", stopping)
            result = Indexer(cat, IndexOptions(workers=1), cancel=stop).run()
        assert result.indexed == 0 and not result.errors
        assert cat.photo_by_path(str(video)).status == "pending"
        assert scan(cat, [folder]).indexed == 1 and cat.photo_by_path(str(video)).status == "indexed"


def test_status_counts_the_videos_among_the_librarys_items(tmp_path, fake_video_nets, plain_image, capsys):
    """``status``: a video is one of the library's items, and said to be a video (issue 17)."""
    from faceorganizer.cli import main

    folder = tmp_path / "media"
    folder.mkdir()
    write_video(folder / "clip.mp4", [Shot(plain(RED), 1.0, 1.0)])
    plain_image(folder / "photo.jpg")
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        scan(cat, [folder], IndexOptions(workers=1))
        stats = cat.stats()
    assert (stats.photos, stats.videos) == (2, 1) and stats.to_json()["videos"] == 1
    assert main(["status", "--library", str(tmp_path / "lib.sqlite")]) == 0
    assert "videos:  1 of them" in capsys.readouterr().out
