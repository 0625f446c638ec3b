"""`faceorganizer detect VIDEO --json`: per-track results with their times (and a clear error per bad video), next
to the images' results. Here rather than in tests/cli: it needs this folder's generated videos."""

from __future__ import annotations

import json

import pytest

from faceorganizer.cli import main

from .conftest import Shot, broken_videos, plain, write_video


def _run(capsys, *args: str) -> tuple[int, dict]:
    code = main(["detect", "--json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_detect_a_video_gives_its_tracks_with_times(capsys, tmp_path, picture):
    video = write_video(
        tmp_path / "people.mp4",
        [Shot(picture("people-photos", "raj", "raj1.jpg"), 2.0, 1.1), Shot(picture("examples", "bbt2.jpg"), 3.0, 1.05)],
    )
    code, doc = _run(capsys, str(video))
    assert code == 0 and doc["images"] == []
    (entry,) = doc["videos"]
    assert entry["path"] == str(video.resolve()) and entry["error"] is None
    assert (entry["width"], entry["height"], entry["shots"]) == (640, 360, 2)
    assert entry["duration"] == pytest.approx(5.0, abs=0.11) and 5 <= entry["samples"] <= 20
    tracks = entry["tracks"]
    assert [t["shot"] for t in tracks].count(0) == 1 and len(tracks) >= 3  # Raj alone, then the group
    for t in tracks:
        assert t["start"] <= t["time"] <= t["end"] and 0 <= t["start"] and t["end"] <= 5.0
        assert set(t) >= {"box", "score", "landmarks", "expressions", "age", "gender", "descriptor", "samples"}
        b = t["box"]
        assert 0 <= b["x"] and b["x"] + b["width"] <= 640.5 and b["y"] + b["height"] <= 360.5
    assert tracks[0]["end"] < 2.0 <= min(t["start"] for t in tracks[1:])

    assert main(["detect", str(video)]) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[0].endswith(f"{len(tracks)} face track(s) in 2 shot(s), 5.0 s") and text[1].startswith("  shot 0 ")


def test_detect_bad_videos_gives_an_error_each(capsys, tmp_path, fake_video_nets):
    good = write_video(tmp_path / "good.mkv", [Shot(plain((90, 90, 200)), 1.0, 1.0)])
    bad = broken_videos(tmp_path, good)
    code, doc = _run(capsys, str(good), *map(str, bad))
    assert code == 1
    assert [v["error"] is None for v in doc["videos"]] == [True, False, False, False]
    assert all(v["tracks"] == [] and "video" in v["error"] for v in doc["videos"][1:])
    assert len(doc["videos"][0]["tracks"]) == 1
