"""SSD MobileNetV1 detector vs face-api.js: its own test expectations and its outputs on the same pixels."""

from __future__ import annotations

import hashlib
import math

import numpy as np
import pytest

from faceorganizer.convert.manifest import WeightTensor, read_weights
from faceorganizer.geometry import Detection
from faceorganizer.nets.ssd_mobilenetv1 import SsdMobilenetv1, non_max_suppression

# Measured (see the report of this net): max box error 0.0012 px, max score error 2.2e-5 over all
# 39 faces of test-images + examples. The bounds leave ~10x room for other CPUs / onnxruntime builds.
BOX_TOL_PX = 0.02
SCORE_TOL = 2e-4

# EXPECTATIONS.md, "Detection on test-images/faces.jpg": boxes in source order, scores in sorted order.
EXPECTED_BOXES = [(48, 253, 104, 129), (260, 227, 76, 117), (466, 165, 88, 130), (234, 36, 84, 119),
                  (577, 65, 84, 105), (84, 14, 79, 132)]  # fmt: skip
EXPECTED = {
    0.7: (4, [-1, 0.81, 0.97, 0.88, 0.84, -1], 0.05, 4),
    0.5: (6, [0.54, 0.81, 0.97, 0.88, 0.84, 0.61], 0.05, 5),
}


@pytest.fixture(scope="module")
def net() -> SsdMobilenetv1:
    return SsdMobilenetv1()


def _origin_distance(box) -> float:
    """The face-api.js suite's sort key: distance of the box's top-left corner to (0, 0)."""
    return math.hypot(box[0], box[1])


def _as_tuple(d: Detection) -> tuple[float, float, float, float]:
    return (d.box.x, d.box.y, d.box.width, d.box.height)


@pytest.mark.parametrize("min_confidence", sorted(EXPECTED))
def test_faces_jpg_expectations(net: SsdMobilenetv1, min_confidence: float, pil_rgb) -> None:
    count, scores, score_delta, box_delta = EXPECTED[min_confidence]
    dets = net.detect(pil_rgb("test-images", "faces.jpg"), min_confidence=min_confidence)
    assert len(dets) == count
    expected = [
        (box, score)
        for box, score in zip(sorted(EXPECTED_BOXES, key=_origin_distance), scores, strict=True)
        if score != -1
    ]
    got = sorted(dets, key=lambda d: _origin_distance(_as_tuple(d)))
    for det, (box, score) in zip(got, expected, strict=True):
        assert abs(det.score - score) < score_delta
        assert np.max(np.abs(np.array(_as_tuple(det)) - box)) < box_delta


def test_white_image_has_no_face(net: SsdMobilenetv1, pil_rgb) -> None:
    assert net.detect(pil_rgb("test-images", "white.png")) == []


def _parity(net: SsdMobilenetv1, pil_rgb, reference: dict, folder: str) -> tuple[float, float]:
    """Every image of a *.pil-decoded.json: same faces, same order, boxes and scores within tolerance."""
    box_err = score_err = 0.0
    for key, entry in reference.items():
        if key == "_meta":
            continue
        image = pil_rgb(folder, key)
        assert hashlib.sha1(image.tobytes()).hexdigest() == entry["image"]["rgbSha1"], f"{key}: other pixels"
        expected = [face["detection"] for face in entry["ssd"]["faces"]]
        dets = net.detect(image, min_confidence=0.5)
        assert len(dets) == len(expected), key
        for det, exp in zip(dets, expected, strict=True):
            b = exp["box"]
            box_err = max(
                box_err,
                float(np.max(np.abs(np.array(_as_tuple(det)) - [b["x"], b["y"], b["width"], b["height"]]))),
            )
            score_err = max(score_err, abs(det.score - exp["score"]))
            assert (det.image_width, det.image_height) == (entry["image"]["width"], entry["image"]["height"])
    return box_err, score_err


def test_parity_test_images(net: SsdMobilenetv1, reference_test_images_pil: dict, pil_rgb) -> None:
    box_err, score_err = _parity(net, pil_rgb, reference_test_images_pil, "test-images")
    assert box_err < BOX_TOL_PX
    assert score_err < SCORE_TOL


def test_parity_examples(net: SsdMobilenetv1, reference_examples_pil: dict, pil_rgb) -> None:
    box_err, score_err = _parity(net, pil_rgb, reference_examples_pil, "examples")
    assert box_err < BOX_TOL_PX
    assert score_err < SCORE_TOL


def test_max_results_keeps_the_best(net: SsdMobilenetv1, reference_test_images_pil: dict, pil_rgb) -> None:
    expected = [f["detection"]["score"] for f in reference_test_images_pil["faces.jpg"]["ssd"]["faces"]][:2]
    dets = net.detect(pil_rgb("test-images", "faces.jpg"), max_results=2)
    assert [d.score for d in dets] == pytest.approx(expected, abs=SCORE_TOL)


def test_batch_equals_single(net: SsdMobilenetv1, pil_rgb) -> None:
    images = [pil_rgb("test-images", n) for n in ("faces.jpg", "angry.jpg", "white.png", "surprised_cropped.jpg")]
    batched = net.detect_batch(images)
    assert len(batched) == len(images)
    for image, dets in zip(images, batched, strict=True):
        single = net.detect(image)
        assert len(dets) == len(single)
        for a, b in zip(dets, single, strict=True):
            assert np.allclose(_as_tuple(a), _as_tuple(b), atol=1e-3)
            assert a.score == pytest.approx(b.score, abs=1e-5)


def test_nms_follows_face_api_js() -> None:
    """nonMaxSuppression.js: score must be > threshold; IoU exactly 0.5 does not suppress; ties keep order."""
    boxes = np.array([[0, 0, 1, 1], [0, 0, 1, 0.5], [0, 0.5, 1, 1], [0, 0, 0.9, 1], [2, 2, 3, 3]], np.float32)
    scores = np.array([0.9, 0.8, 0.8, 0.7, 0.5], np.float32)
    # box 1 and 2 have IoU 0.5 with box 0 (kept); box 3 has IoU 0.9 (suppressed); box 4 is not > 0.5.
    assert non_max_suppression(boxes, scores, 100, 0.5) == [0, 1, 2]
    assert non_max_suppression(boxes, scores, 2, 0.5) == [0, 1]


@pytest.mark.parametrize("kwargs", [{"min_confidence": 0}, {"min_confidence": 1.0}, {"max_results": 0}])
def test_bad_options(net: SsdMobilenetv1, kwargs: dict) -> None:
    with pytest.raises(ValueError):
        net.detect(np.zeros((8, 8, 3), np.uint8), **kwargs)


@pytest.mark.parametrize("shape", [(8, 8), (8, 8, 4), (0, 8, 3)])
def test_bad_image(net: SsdMobilenetv1, shape: tuple[int, ...]) -> None:
    with pytest.raises(ValueError):
        net.detect(np.zeros(shape, np.uint8))


def test_converter_rejects_unknown_tensors(faceapi_path) -> None:
    from faceorganizer.convert.ssd_mobilenetv1 import build

    weights = read_weights(faceapi_path("weights"), "ssd_mobilenetv1_model")
    weights["Extra/unknown"] = WeightTensor("Extra/unknown", (1,), "float32", np.zeros(1, np.float32))
    with pytest.raises(ValueError, match="Extra/unknown"):
        build(weights, "ssd_mobilenetv1")


def test_graph_io(net: SsdMobilenetv1) -> None:
    sess = net.session
    assert [(i.name, i.shape) for i in sess.get_inputs()] == [("input", ["N", 512, 512, 3])]
    assert [(o.name, o.shape) for o in sess.get_outputs()] == [
        ("boxes", ["N", 5118, 4]),
        ("scores", ["N", 5118]),
    ]
