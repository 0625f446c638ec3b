"""`faceorganizer detect --detector mtcnn`: face-api.js's MTCNN (reference/*.legacy.pil-decoded.json, ``mtcnn``)."""

from __future__ import annotations

import json

from faceorganizer.cli import main


def _run(capsys, *args: str) -> tuple[int, dict]:
    code = main(["detect", "--json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_detector_mtcnn_is_faceapis_mtcnn(capsys, faceapi_path, load_json):
    path = faceapi_path("test-images", "faces.jpg")
    ref = load_json("reference", "test-images.legacy.pil-decoded.json")["faces.jpg"]["mtcnn"]["faces"]
    code, doc = _run(capsys, "--detector", "mtcnn", str(path))
    faces = doc["images"][0]["faces"]
    assert code == 0 and len(faces) == len(ref) == 6
    for face, want in zip(faces, ref, strict=True):  # both in face-api.js's order (stage 3's NMS)
        assert all(abs(face["box"][k] - want["detection"]["box"][k]) < 1e-3 for k in ("x", "y", "width", "height"))
        assert abs(face["score"] - want["detection"]["score"]) < 1e-4
        assert len(face["landmarks"]) == 68 and len(face["descriptor"]) == 128


def test_detector_mtcnn_options(capsys, faceapi_path):
    path = str(faceapi_path("test-images", "faces.jpg"))
    # --min-confidence raises MTCNN's final (O-Net) threshold: no face below it
    code, strict = _run(capsys, "--detector", "mtcnn", "--min-confidence", "0.999", path)
    assert code == 0 and all(f["score"] > 0.999 for f in strict["images"][0]["faces"])
    assert 0 < len(strict["images"][0]["faces"]) < 6
    assert main(["detect", "--detector", "mtcnn", "--input-size", "320", path]) == 2
    assert "--input-size applies to" in capsys.readouterr().err
    assert main(["detect", "--detector", "mtcnn", "--min-confidence", "1.5", path]) == 2
    assert "min_confidence" in capsys.readouterr().err
