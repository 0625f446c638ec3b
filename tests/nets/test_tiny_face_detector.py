"""Tiny Face Detector against face-api.js: its own test expectations and its outputs on the same pixels."""

from __future__ import annotations

import math

import numpy as np
import pytest

from faceorganizer.geometry import Detection
from faceorganizer.nets.tiny_face_detector import TinyFaceDetector

# Measured on the 36 faces of test-images + examples (pil-decoded, inputSize 416): max box error
# 0.0011 px, max score error 3.6e-6. The bounds leave room for other CPUs' float summation order.
BOX_TOL_PX = 0.05
SCORE_TOL = 1e-4

# EXPECTATIONS.md, "Detection on test-images/faces.jpg": face-api.js's expectedTinyFaceDetectorBoxes
# (source order); its test sorts them by distance of the top-left corner to the origin, and the score
# lists are indexed in that *sorted* order.
EXPECTED_BOXES = [
    (29, 264, 139, 137),
    (224, 240, 147, 128),
    (547, 81, 136, 114),
    (214, 53, 124, 119),
    (430, 183, 162, 143),
    (54, 33, 134, 114),
]
EXPECTED = {  # input_size -> (scores of the sorted boxes, score delta, box delta px)
    320: ([0.77, 0.75, 0.88, 0.77, 0.83, 0.85], 0.05, 40),
    416: ([0.7, 0.82, 0.93, 0.86, 0.79, 0.84], 0.05, 5),
}


@pytest.fixture(scope="module")
def net() -> TinyFaceDetector:
    return TinyFaceDetector()  # the model ships in models/: a missing one is a failure, not a skip


def _by_origin_distance(x: float, y: float) -> float:
    return math.hypot(x, y)


def _assert_parity(net: TinyFaceDetector, pil_rgb, folder: str, reference: dict) -> tuple[float, float]:
    """Every image's tiny detections vs face-api.js's (same order: NMS, by descending score)."""
    max_box, max_score = 0.0, 0.0
    for key, entry in reference.items():
        if key == "_meta":
            continue
        faces = entry["tiny"]["faces"]
        image = pil_rgb(folder, *key.split("/"))
        dets = net.detect(image, input_size=416, score_threshold=0.5)
        assert len(dets) == len(faces), f"{key}: {len(dets)} faces, face-api.js found {len(faces)}"
        for det, face in zip(dets, faces, strict=True):
            ref_box = face["detection"]["box"]
            got = (det.box.x, det.box.y, det.box.width, det.box.height)
            want = (ref_box["x"], ref_box["y"], ref_box["width"], ref_box["height"])
            max_box = max(max_box, float(np.max(np.abs(np.subtract(got, want)))))
            max_score = max(max_score, abs(det.score - face["detection"]["score"]))
            assert (det.image_width, det.image_height) == (image.shape[1], image.shape[0])
        assert max_box < BOX_TOL_PX, f"{key}: box error {max_box:.4f} px"
        assert max_score < SCORE_TOL, f"{key}: score error {max_score:.2e}"
    return max_box, max_score


def test_parity_test_images(net, reference_test_images_pil, pil_rgb):
    _assert_parity(net, pil_rgb, "test-images", reference_test_images_pil)


def test_parity_examples(net, reference_examples_pil, pil_rgb):
    _assert_parity(net, pil_rgb, "examples", reference_examples_pil)


@pytest.mark.parametrize("input_size", sorted(EXPECTED))
def test_faces_jpg_expectations(net, input_size, pil_rgb):
    scores, score_delta, box_delta = EXPECTED[input_size]
    dets = net.detect(pil_rgb("test-images", "faces.jpg"), input_size=input_size)
    assert len(dets) == 6
    dets = sorted(dets, key=lambda d: _by_origin_distance(d.box.x, d.box.y))
    boxes = sorted(EXPECTED_BOXES, key=lambda b: _by_origin_distance(b[0], b[1]))
    for det, box, score in zip(dets, boxes, scores, strict=True):
        assert abs(det.score - score) < score_delta
        got = (det.box.x, det.box.y, det.box.width, det.box.height)
        assert np.max(np.abs(np.subtract(got, box))) < box_delta, (got, box)


def test_white_image_has_no_face(net, faceapi_path, pil_rgb):
    faceapi_path("test-images", "white.png")
    assert net.detect(pil_rgb("test-images", "white.png")) == []


def test_batch_equals_single(net, pil_rgb):
    images = [pil_rgb("test-images", name) for name in ("faces.jpg", "angry.jpg", "surprised.jpg", "white.png")]
    batched = net.detect_batch(images, input_size=416)
    assert len(batched) == len(images)
    for image, dets in zip(images, batched, strict=True):
        single = net.detect(image, input_size=416)
        assert len(dets) == len(single)
        for a, b in zip(dets, single, strict=True):
            assert isinstance(a, Detection)
            assert abs(a.score - b.score) < 1e-5
            np.testing.assert_allclose(
                [a.box.x, a.box.y, a.box.width, a.box.height],
                [b.box.x, b.box.y, b.box.width, b.box.height],
                atol=1e-3,
            )
    assert net.detect_batch([]) == []


@pytest.mark.parametrize("size", [32, 224, 512, 608])
def test_graph_accepts_any_multiple_of_32(net, size):
    (grid,) = net.run(np.zeros((2, size, size, 3), dtype=np.float32))
    assert grid.shape == (2, size // 32, size // 32, 5, 5)


@pytest.mark.parametrize("bad", [0, -32, 100, 415, 416.0, True, "416"])
def test_rejects_bad_input_size(net, bad):
    with pytest.raises(ValueError, match="input_size"):
        net.detect(np.zeros((10, 10, 3), dtype=np.uint8), input_size=bad)


@pytest.mark.parametrize("bad", [0, 1, -0.5, 1.5, "x"])
def test_rejects_bad_score_threshold(net, bad):
    with pytest.raises(ValueError, match="score_threshold"):
        net.detect(np.zeros((10, 10, 3), dtype=np.uint8), score_threshold=bad)


@pytest.mark.parametrize(
    "image",
    [
        np.zeros((10, 10), np.uint8),
        np.zeros((10, 10, 4), np.uint8),
        np.zeros((0, 10, 3), np.uint8),
        np.zeros((10, 10, 3), np.float32),
        [[0, 0, 0]],
    ],
)
def test_rejects_bad_image(net, image):
    with pytest.raises(ValueError, match="image 0"):
        net.detect(image)
