"""`faceorganizer camera --source FILE --no-window --json` (issue 17.4): the live loop headless on a video at
its frame rate, one JSON line per analysed frame (time, faces with box, name, expression), then a line with
the frames per second measured and the frames dropped; names come from the library's named people."""

from __future__ import annotations

import json

import pytest

from faceorganizer.cli import main


def _lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


@pytest.fixture(autouse=True)
def no_default_library(monkeypatch, tmp_path):
    """The default library is one that does not exist (never the user's own)."""
    monkeypatch.delenv("FACEORGANIZER_LIBRARY", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


def test_headless_json_prints_each_analysed_frame_then_the_rate(capsys, face_video, tmp_path):
    empty = tmp_path / "none.sqlite"  # no library there: every face is unknown, nothing is created
    code = main(["camera", "--source", str(face_video), "--no-window", "--json", "--library", str(empty)])
    captured = capsys.readouterr()
    assert code == 1 and "no library" in captured.err  # a library asked for by name must exist
    assert not empty.exists()
    code = main(["camera", "--source", str(face_video), "--no-window", "--json"])
    lines = _lines(capsys.readouterr().out)
    frames, summary = lines[:-1], lines[-1]
    assert code == 0 and not (tmp_path / "xdg").exists()  # no default library: none is made
    assert summary["frames"] == 50 and summary["analysed"] == len(frames) and summary["source_fps"] == 25
    assert summary["analysed"] + summary["dropped"] == 50 and summary["analysed"] >= 25
    assert 10 < summary["fps"] <= 27  # paced at the video's 25 fps: never faster than its source
    times = [f["time"] for f in frames]
    assert times == sorted(times) and times[-1] == pytest.approx(1.96, abs=0.05)
    found = [f for f in frames if f["faces"]]
    assert len(found) >= 0.9 * len(frames)
    xs = [f["faces"][0]["box"]["x"] for f in found]
    assert xs[-1] - xs[0] > 200  # the face moves across the frame, and its box with it
    for face in (f["faces"][0] for f in found):
        assert face["name"] == "unknown" and face["expression"] and {"x", "y", "width", "height"} <= set(face["box"])


def test_the_library_s_people_name_the_faces(capsys, grace_library, face_video):
    code = main(["camera", "--source", str(face_video), "--no-window", "--json", "--library", str(grace_library)])
    lines = _lines(capsys.readouterr().out)
    assert code == 0
    names = [face["name"] for line in lines[:-1] for face in line["faces"]]
    assert names and names.count("Grace") >= 0.9 * len(names)
    assert all(face["distance"] < 0.6 for line in lines[:-1] for face in line["faces"] if face["name"] == "Grace")


def test_another_person_stays_unknown(capsys, grace_library, write_face_video, tmp_path):
    video = write_face_video(tmp_path / "astronaut.mp4", photo="astronaut.jpg", seconds=1.0)
    assert main(["camera", "--source", str(video), "--no-window", "--json", "--library", str(grace_library)]) == 0
    faces = [face for line in _lines(capsys.readouterr().out)[:-1] for face in line["faces"]]
    assert faces and all(face["name"] == "unknown" for face in faces)


def test_text_output_and_bad_sources(capsys, face_video, tmp_path):
    assert main(["camera", "--source", str(face_video), "--no-window", "--library", str(tmp_path / "x")]) == 1
    capsys.readouterr()
    assert main(["camera", "--source", str(face_video), "--no-window"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "unknown (" in out[0] and "frames per second analysed" in out[-1] and "of 50 frames" in out[-1]
    assert main(["camera", "--no-window", "--json"]) == 1
    assert "--no-window needs --source" in capsys.readouterr().err
    assert main(["camera", "--source", str(tmp_path / "missing.mp4"), "--no-window"]) == 1
    assert "no such file" in capsys.readouterr().err
    (tmp_path / "notes.mp4").write_text("not a video")
    assert main(["camera", "--source", str(tmp_path / "notes.mp4"), "--no-window", "--json"]) == 1
    assert "not a video" in capsys.readouterr().err
    assert main(["camera", "--source", str(face_video), "--no-window", "--input-size", "300"]) == 2
    assert "multiple of 32" in capsys.readouterr().err
