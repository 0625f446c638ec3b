"""`faceorganizer scan` and `status`: the stable JSON shapes, exit codes, text output, library location."""

from __future__ import annotations

import json
import sys

import pytest

from faceorganizer.cli import main
from faceorganizer.library.catalog import Catalog


def _json(capsys, *args: str) -> tuple[int, dict]:
    code = main([*args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_scan_json_shape_with_per_file_errors_still_exits_0(tmp_path, capsys, fake_nets, plain_image):
    fake_nets.faces_per_image = 2
    photos = tmp_path / "photos"
    plain_image(photos / "a.jpg", seed=1)
    plain_image(photos / "b.png", seed=2, fmt="PNG")
    (photos / "broken.jpg").write_text("nope")
    lib = str(tmp_path / "lib.sqlite")
    code, doc = _json(capsys, "scan", str(photos), "--library", lib)
    assert code == 0
    assert set(doc) == {"seen", "indexed", "unchanged", "faces", "errors"}
    assert (doc["seen"], doc["indexed"], doc["unchanged"], doc["faces"]) == (3, 2, 0, 4)
    assert doc["errors"] == [{"path": str(photos / "broken.jpg"), "error": "not an image (unrecognized format)"}]

    code, again = _json(capsys, "scan", "--library", lib)  # no folder: all of the library's folders
    assert code == 0 and (again["seen"], again["indexed"], again["unchanged"], again["errors"]) == (3, 0, 3, [])

    code, status = _json(capsys, "status", "--library", lib)
    assert code == 0 and status == {
        "photos": 3,
        "videos": 0,
        "copies": 0,
        "faces": 4,
        "people": 0,
        "errors": 1,
        "pending": 0,
    }
    with Catalog.open(lib) as cat:  # status agrees with the catalog itself
        assert cat.stats().faces == len([f for p in cat.photos() for f in cat.faces_of_photo(p.id)])


def test_scan_text_summary_and_status_text(tmp_path, capsys, fake_nets, plain_image):
    plain_image(tmp_path / "photos" / "a.jpg")
    (tmp_path / "photos" / "bad.jpg").write_bytes(b"")
    lib = str(tmp_path / "lib.sqlite")
    assert main(["scan", str(tmp_path / "photos"), "--library", lib]) == 0
    out = capsys.readouterr().out
    assert "2 photos seen: 1 indexed, 0 unchanged, 1 faces found, 1 errors" in out
    assert f"{tmp_path / 'photos' / 'bad.jpg'}: empty file (0 bytes), not an image" in out
    assert main(["status", "--library", lib]) == 0
    out = capsys.readouterr().out
    assert "photos:  2 (0 pending, 1 with errors, 0 missing)" in out and "faces:   1" in out


def test_scan_exit_codes_when_it_cannot_run(tmp_path, capsys):
    lib = tmp_path / "lib.sqlite"
    assert main(["scan", str(tmp_path / "nowhere"), "--library", str(lib)]) == 1
    assert "no such folder" in capsys.readouterr().err and not lib.exists()
    assert main(["scan", "--library", str(lib)]) == 1
    assert "no folders given" in capsys.readouterr().err
    assert main(["status", "--library", str(tmp_path / "absent.sqlite")]) == 1
    assert "no library at" in capsys.readouterr().err
    (tmp_path / "other.sqlite").write_bytes(b"garbage" * 300)
    assert main(["scan", str(tmp_path), "--library", str(tmp_path / "other.sqlite")]) == 1
    assert "not an SQLite database" in capsys.readouterr().err
    assert main(["scan", str(tmp_path), "--library", str(lib), "--input-size", "320"]) == 2  # SSD ignores it
    assert "--input-size applies to --detector tiny and yolo only" in capsys.readouterr().err


@pytest.mark.skipif(sys.platform != "linux", reason="XDG data folder is the Linux convention")
def test_library_defaults_to_the_environment_then_the_user_data_folder(
    tmp_path, capsys, monkeypatch, fake_nets, plain_image
):
    plain_image(tmp_path / "photos" / "a.jpg")
    monkeypatch.setenv("FACEORGANIZER_LIBRARY", str(tmp_path / "env.sqlite"))
    assert main(["scan", str(tmp_path / "photos"), "--json"]) == 0
    assert (tmp_path / "env.sqlite").exists()
    monkeypatch.delenv("FACEORGANIZER_LIBRARY")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    capsys.readouterr()
    assert main(["scan", str(tmp_path / "photos"), "--json"]) == 0
    assert (tmp_path / "xdg" / "faceorganizer" / "library.sqlite").exists()
