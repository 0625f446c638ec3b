"""TinyYolov2 (face-api.js's legacy ``nets.tinyYolov2``, separable convs) against face-api.js's own detections on
the same pixels (reference/*.legacy.pil-decoded.json, pipeline ``yolo``), and TinyYolov2Options as face-api.js
validates them."""

from __future__ import annotations

import numpy as np
import pytest

from faceorganizer.api.options import TinyFaceDetectorOptions, TinyYolov2Options
from faceorganizer.nets import registry
from faceorganizer.nets.tiny_yolov2 import BOX_ANCHORS_SEPARABLE, TinyYolov2

# The Tiny Face Detector's parity bounds (tests/nets/test_tiny_face_detector.py). Measured here over the 37
# faces of both legacy reference sets: max box error 8.8e-5 px, max score error 7e-7.
BOX_TOL_PX = 0.05
SCORE_TOL = 1e-4

LEGACY_SETS = [("test-images.legacy.pil-decoded.json", "test-images"), ("examples.legacy.pil-decoded.json", "examples")]


@pytest.fixture(scope="module")
def net() -> TinyYolov2:
    return TinyYolov2()  # the model ships in models/: a missing one is a failure, not a skip


def _box(det) -> tuple[float, float, float, float]:
    return (det.box.x, det.box.y, det.box.width, det.box.height)


@pytest.mark.parametrize("refname,folder", LEGACY_SETS, ids=[folder for _, folder in LEGACY_SETS])
def test_detections_match_faceapi(net, refname, folder, load_json, pil_rgb):
    """Same faces, same order (face-api.js's NMS order), boxes and scores within the Tiny Face Detector's bounds;
    the images face-api.js finds nothing in (most 150 px crops) give nothing here either."""
    ref = {key: entry["yolo"]["faces"] for key, entry in load_json("reference", refname).items() if key[0] != "_"}
    want = {key: [(*(f["detection"]["box"][k] for k in ("x", "y", "width", "height")), f["detection"]["score"])
                  for f in faces] for key, faces in ref.items()}  # fmt: skip
    got = {}
    for key in ref:
        image = pil_rgb(folder, *key.split("/"))
        found = net.detect(image, input_size=416, score_threshold=0.5)
        assert all((d.image_width, d.image_height) == (image.shape[1], image.shape[0]) for d in found)
        got[key] = [(*_box(d), d.score) for d in found]
    assert {k: len(v) for k, v in got.items()} == {k: len(v) for k, v in want.items()}
    errors = np.abs(np.array(sum(got.values(), [])) - np.array(sum(want.values(), [])))
    assert len(errors) > 0
    assert errors[:, :4].max() < BOX_TOL_PX and errors[:, 4].max() < SCORE_TOL, errors.max(axis=0)


def test_low_level_call_and_registry_give_the_same_faces(net, pil_rgb):
    import faceorganizer as fo

    image = pil_rgb("test-images", "faces.jpg")
    mine = net.detect(image)
    assert fo.nets.tiny_yolov2 is registry().tiny_yolov2 and isinstance(fo.nets.tiny_yolov2, TinyYolov2)
    assert [_box(d) for d in fo.tiny_yolov2(image)] == [_box(d) for d in mine]
    assert [_box(d) for d in fo.tiny_yolov2(image, TinyYolov2Options())] == [_box(d) for d in mine]
    batch = fo.tiny_yolov2([image, pil_rgb("test-images", "white.png")], TinyYolov2Options(input_size=320))
    assert len(batch) == 2 and batch[1] == [] and len(batch[0]) > 0
    with pytest.raises(ValueError, match="options must be TinyYolov2Options"):
        fo.tiny_yolov2(image, TinyFaceDetectorOptions())  # each low-level call takes its own options type


def test_batch_equals_single(net, pil_rgb):
    images = [pil_rgb("test-images", n) for n in ("faces.jpg", "surprised.jpg", "face_rectangular.png")]
    for image, dets in zip(images, net.detect_batch(images), strict=True):
        single = net.detect(image)
        assert [d.score for d in dets] == pytest.approx([d.score for d in single], abs=1e-5)
        np.testing.assert_allclose([_box(d) for d in dets], [_box(d) for d in single], atol=1e-3)
    assert net.detect_batch([]) == []


def test_uses_the_separable_anchors(net):
    assert net.anchors == BOX_ANCHORS_SEPARABLE == ((1.603231, 2.094468), (6.041143, 7.080126),
        (2.882459, 3.518061), (4.266906, 5.178857), (9.041765, 10.66308))  # fmt: skip


@pytest.mark.parametrize("size", [32, 320, 608])
def test_graph_takes_every_multiple_of_32(net, size):
    (grid,) = net.run(np.zeros((1, size, size, 3), dtype=np.float32))
    assert grid.shape == (1, size // 32, size // 32, 5, 5)


# ----- TinyYolov2Options: face-api.js 0.22.2's rules (tinyYolov2/TinyYolov2Options.js) ------------------------
# inputSize: a number divisible by 32; scoreThreshold: a number strictly between 0 and 1. face-api.js replaces a
# falsy value by its default (0 -> 416, 0 -> 0.5) and lets -32 through to fail in the net: here those raise.


def test_options_defaults_are_faceapis():
    assert TinyYolov2Options() == TinyYolov2Options(input_size=416, score_threshold=0.5)
    assert TinyYolov2Options() != TinyFaceDetectorOptions()  # distinct detectors, although validated alike
    assert not isinstance(TinyYolov2Options(), TinyFaceDetectorOptions)
    assert not isinstance(TinyFaceDetectorOptions(), TinyYolov2Options)


@pytest.mark.parametrize("size", [32, 224, 320, 416, 608, 1024])
@pytest.mark.parametrize("threshold", [0.01, 0.5, 0.99])
def test_options_faceapi_accepts(size, threshold):
    opts = TinyYolov2Options(input_size=size, score_threshold=threshold)
    assert (opts.input_size, opts.score_threshold) == (size, threshold)


@pytest.mark.parametrize("size", [100, 415, "416", 416.0, None, True, 0, -32])
def test_options_reject_input_sizes(size):
    with pytest.raises(ValueError, match="input_size must be a positive multiple of 32"):
        TinyYolov2Options(input_size=size)


@pytest.mark.parametrize("threshold", [1, 1.0, -0.5, 1.5, "0.5", None, 0, 0.0])
def test_options_reject_score_thresholds(threshold):
    with pytest.raises(ValueError, match="score_threshold must be a number strictly between 0 and 1"):
        TinyYolov2Options(score_threshold=threshold)


def test_load_from_disk_converts_faceapis_weights_to_the_bundled_graph(faceapi_path, pil_rgb):
    """``fo.nets.tiny_yolov2.load_from_disk(weights folder)`` (face-api.js's loadFromDisk) gives the bundled model."""
    pytest.importorskip("onnx", reason="converting weights needs the onnx package (pip install .[convert])")
    from faceorganizer.nets import NetRegistry

    image = pil_rgb("test-images", "faces.jpg")
    converted = NetRegistry().tiny_yolov2
    converted.load_from_disk(faceapi_path("weights"))
    assert [_box(d) for d in converted.detect(image)] == [_box(d) for d in TinyYolov2().detect(image)]
