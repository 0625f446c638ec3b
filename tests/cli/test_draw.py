"""`faceorganizer draw`: boxes, landmarks and text drawn where face-api.js found the faces; clear errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PIL import Image

from faceorganizer.cli import main

BLUE, MAGENTA = (0, 0, 255), (255, 0, 255)


def edge_pixels(box: dict) -> list[tuple[int, int]]:
    """(x, y) of the pixels on a box's outline; a 2 px stroke always covers the pixel each edge lies in."""
    left, top = math.floor(box["x"]), math.floor(box["y"])
    right, bottom = math.floor(box["x"] + box["width"]), math.floor(box["y"] + box["height"])
    xs, ys = range(left, right + 1), range(top, bottom + 1)
    return [(x, y) for x in xs for y in (top, bottom)] + [(x, y) for y in ys for x in (left, right)]


def test_boxes_are_drawn_where_face_api_js_found_the_faces(
    tmp_path, capsys, reference_test_images_pil, faceapi_path, pil_rgb
):
    src = faceapi_path("test-images", "faces.jpg")
    out = tmp_path / "boxes.png"
    assert main(["draw", str(src), "-o", str(out)]) == 0
    assert "6 face(s)" in capsys.readouterr().out
    original = pil_rgb("test-images", "faces.jpg")  # no EXIF rotation in this file
    with Image.open(out) as im:
        assert im.format == "PNG" and im.size == (original.shape[1], original.shape[0])
        drawn = np.asarray(im.convert("RGB"))
    faces = reference_test_images_pil["faces.jpg"]["ssd"]["faces"]
    assert len(faces) == 6
    for face in faces:
        box = face["detection"]["box"]
        edge = edge_pixels(box)
        blue = sum(tuple(drawn[y, x]) == BLUE for x, y in edge)
        assert blue >= 0.95 * len(edge)  # labels of other faces may hide a few
        cx, cy = int(box["x"] + box["width"] / 2), int(box["y"] + box["height"] / 2)
        assert np.array_equal(drawn[cy - 5 : cy + 5, cx - 5 : cx + 5], original[cy - 5 : cy + 5, cx - 5 : cx + 5])


def test_landmarks_expressions_age_gender(tmp_path, reference_test_images_pil, faceapi_path, pil_rgb):
    src = faceapi_path("test-images", "faces.jpg")
    out = tmp_path / "all.png"
    assert main(["draw", str(src), "-o", str(out), "--landmarks", "--expressions", "--age-gender"]) == 0
    original = pil_rgb("test-images", "faces.jpg").astype(int)
    with Image.open(out) as im:
        drawn = np.asarray(im.convert("RGB")).astype(int)
    for face in reference_test_images_pil["faces.jpg"]["ssd"]["faces"]:
        # radius-2 magenta dots cover the pixel of each of face-api.js's landmark positions
        dots = [tuple(drawn[int(y), int(x)]) == MAGENTA for x, y in face["landmarks"]]
        assert sum(dots) >= 0.95 * len(dots)
        # the text fields hang below the box: expression lines then "NN years" / "gender (p)"
        box = face["detection"]["box"]
        x0, y0 = math.ceil(box["x"]) + 1, math.ceil(box["y"] + box["height"]) + 2
        below = np.abs(drawn[y0 : y0 + 40, x0 : x0 + 40] - original[y0 : y0 + 40, x0 : x0 + 40]).mean()
        assert below > 20


def test_jpeg_output_by_suffix(tmp_path, faceapi_path):
    src = faceapi_path("test-images", "face1.png")
    out = tmp_path / "face.jpeg"
    assert main(["draw", str(src), "-o", str(out), "--detector", "tiny"]) == 0
    with Image.open(out) as im, Image.open(src) as original:
        assert im.format == "JPEG" and im.size == original.size


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["missing.jpg", "-o", "out.png"], 1, "no such file"),
        (["notes.jpg", "-o", "out.png"], 1, "not an image"),
        (["notes.jpg", "-o", "out.unknown"], 2, "format"),
        (["notes.jpg", "-o", "out.png", "--min-confidence", "2"], 2, "confidence"),
    ],
)
def test_bad_input_exits_with_a_message(tmp_path, capsys, monkeypatch, args, code, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.jpg").write_text("not a photo")
    assert main(["draw", *args]) == code
    err = capsys.readouterr().err
    assert err.startswith("faceorganizer draw: ") and message in err
    assert not (tmp_path / args[2]).exists()
