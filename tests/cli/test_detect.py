"""`faceorganizer detect --json`: the documented JSON shape, errors per image, displayed coordinates."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from PIL import Image

from faceorganizer.cli import main


def _run(capsys, *args: str) -> tuple[int, dict]:
    code = main(["detect", "--json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_json_shape_and_values(capsys, faceapi_path):
    path = faceapi_path("test-images", "faces.jpg")
    code, doc = _run(capsys, str(path))
    assert code == 0
    (image,) = doc["images"]
    assert image["path"] == str(path.resolve()) and image["error"] is None
    assert (image["width"], image["height"]) == (710, 473)
    assert len(image["faces"]) == 6
    face = image["faces"][0]
    assert set(face) >= {"box", "score", "landmarks", "aligned_box", "expressions", "age", "gender",
                         "gender_probability", "descriptor"}  # fmt: skip
    assert set(face["box"]) == {"x", "y", "width", "height"}
    assert len(face["landmarks"]) == 68 and all(len(p) == 2 for p in face["landmarks"])
    assert set(face["expressions"]) == {"neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"}
    assert face["gender"] in ("male", "female") and len(face["descriptor"]) == 128


def test_bad_inputs_get_errors_and_the_rest_still_runs(capsys, tmp_path, faceapi_path):
    good = tmp_path / "good.png"
    shutil.copy(faceapi_path("test-images", "face1.png"), good)
    (tmp_path / "empty.jpg").write_bytes(b"")
    (tmp_path / "notes.jpg").write_text("not a photo")
    code, doc = _run(capsys, str(tmp_path / "missing.jpg"), str(tmp_path))
    assert code == 1
    by_name = {json_path.rsplit("/", 1)[-1]: im for im in doc["images"] for json_path in [im["path"]]}
    assert "no such file" in by_name["missing.jpg"]["error"]
    assert "empty file" in by_name["empty.jpg"]["error"]
    assert "not an image" in by_name["notes.jpg"]["error"]
    assert by_name["good.png"]["error"] is None


def test_invalid_options_exit_2(capsys):
    assert main(["detect", "--detector", "tiny", "--input-size", "100", "x.jpg"]) == 2
    assert "multiple of 32" in capsys.readouterr().err
    assert main(["detect", "--input-size", "320", "x.jpg"]) == 2  # SSD would silently ignore it
    assert "--input-size applies to --detector tiny and yolo only" in capsys.readouterr().err


def test_detector_yolo_is_faceapis_tiny_yolov2(capsys, faceapi_path, load_json):
    """``--detector yolo``: face-api.js's TinyYolov2 (reference/*.legacy.pil-decoded.json), ``--input-size`` too."""
    path = faceapi_path("test-images", "faces.jpg")
    ref = load_json("reference", "test-images.legacy.pil-decoded.json")["faces.jpg"]["yolo"]["faces"]
    code, doc = _run(capsys, "--detector", "yolo", str(path))
    faces = doc["images"][0]["faces"]
    assert code == 0 and len(faces) == len(ref) == 6
    for face, want in zip(faces, ref, strict=True):  # both in face-api.js's NMS order
        assert all(abs(face["box"][k] - want["detection"]["box"][k]) < 1e-3 for k in ("x", "y", "width", "height"))
        assert abs(face["score"] - want["detection"]["score"]) < 1e-4 and abs(face["age"] - want["age"]) < 1e-3
    code, small = _run(capsys, "--detector", "yolo", "--input-size", "320", str(path))
    assert code == 0 and small["images"][0]["faces"] and small["images"][0]["faces"][0]["box"] != faces[0]["box"]
    assert main(["detect", "--detector", "yolo", "--input-size", "100", str(path)]) == 2
    assert "multiple of 32" in capsys.readouterr().err
    assert main(["detect", "--detector", "yolo", "--min-confidence", "1.5", str(path)]) == 2
    assert "score_threshold" in capsys.readouterr().err


def test_a_folder_without_images_says_so(capsys, tmp_path):
    (tmp_path / "notes.txt").write_text("no photos here")
    assert main(["detect", str(tmp_path)]) == 0
    out = capsys.readouterr()
    assert out.out == "" and out.err == f"faceorganizer detect: no images in {tmp_path}\n"
    assert main(["detect", "--json", str(tmp_path)]) == 0
    assert json.loads(capsys.readouterr().out) == {"images": []}


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_exif_rotated_copy_gives_same_faces_in_displayed_coordinates(capsys, tmp_path, orientation, pil_rgb):
    shown = pil_rgb("test-images", "faces.jpg")
    stored = {3: np.rot90(shown, 2), 6: np.rot90(shown, 1), 8: np.rot90(shown, -1)}[orientation]
    exif = Image.Exif()
    exif[0x0112] = orientation
    rotated = tmp_path / f"rot{orientation}.png"
    Image.fromarray(np.ascontiguousarray(stored)).save(rotated, exif=exif.tobytes())
    upright = tmp_path / "upright.png"
    Image.fromarray(shown).save(upright)
    _, doc = _run(capsys, str(upright), str(rotated))
    a, b = doc["images"]
    assert (b["width"], b["height"]) == (a["width"], a["height"]) == (710, 473)
    assert len(a["faces"]) == len(b["faces"]) == 6
    for fa, fb in zip(a["faces"], b["faces"]):
        for k in ("x", "y", "width", "height"):
            assert fb["box"][k] == pytest.approx(fa["box"][k], abs=1e-3)
        assert np.abs(np.array(fa["landmarks"]) - np.array(fb["landmarks"])).max() < 1e-3
