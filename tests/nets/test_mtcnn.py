"""MTCNN (face-api.js's legacy ``nets.mtcnn``) against face-api.js: its own mtcnn.forward test cases
(EXPECTATIONS.md, "MTCNN on test-images/faces.jpg") and its outputs on the same pixels
(reference/*.legacy.pil-decoded.json, pipeline ``mtcnn_raw``: box, score, 5 landmarks)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from faceorganizer.nets.mtcnn import (
    CELL_SIZE,
    Mtcnn,
    MtcnnResult,
    _nms,
    check_options,
    extract_patches,
    patch_regions,
    pyramid_scales,
)

LEGACY_SETS = [("test-images.legacy.pil-decoded.json", "test-images"), ("examples.legacy.pil-decoded.json", "examples")]
# The same pixels in and, with the patches resampled in skia's own fixed point (preprocess.draw_image), the same
# arithmetic: every face within the pipeline parity tolerances (tests/api/conftest.py). Measured on the 77 faces
# of both sets: boxes equal, scores within 1.2e-7, 5-point landmarks within 2.2e-5 px (median 1.0e-5). (The
# float bilinear approximation of drawImage before left one face of bbt1.jpg 2 px and a landmark 3.4 px off.)
BOX_TOL_PX, LANDMARK_TOL_PX, SCORE_TOL = 1e-3, 1e-3, 1e-4
MIN_AGREEING = 1.0

# EXPECTATIONS.md: face-api.js's expected boxes of faces.jpg (x, y, width, height)
EXPECTED_BOXES = [(70, 21, 112, 112), (36, 250, 133, 132), (221, 43, 112, 111), (247, 231, 106, 107),
                  (566, 67, 104, 104), (451, 176, 122, 122)]  # fmt: skip
# its four mtcnn.forward cases: options -> (scores of the sorted faces, score delta, box delta, landmark delta)
FORWARD_CASES = {
    "minFaceSize 20": (dict(min_face_size=20), [1.0, 1.0, 1.0, 1.0, 0.99, 0.99], 0.01, 10, 10),
    "minFaceSize 80": (dict(min_face_size=80), [1.0, 1.0, 1.0, 1.0, 1.0, 0.99], 0.01, 15, 15),
    "all options": (
        dict(max_num_scales=10, scale_factor=0.8, score_thresholds=[0.8, 0.8, 0.9], min_face_size=20),
        [1.0, 1.0, 1.0, 0.99, 1.0, 1.0],
        0.01,
        15,
        20,
    ),
    "scaleSteps": (dict(scale_steps=[0.6, 0.4, 0.2, 0.15, 0.1, 0.08, 0.02]), [1.0] * 6, 0.01, 15, 15),
}


@pytest.fixture(scope="module")
def net() -> Mtcnn:
    return Mtcnn()  # the models ship in models/: a missing one is a failure, not a skip


def _origin_distance(x: float, y: float) -> float:
    return math.hypot(x, y)


def _box(result: MtcnnResult) -> np.ndarray:
    b = result.box
    return np.array([b.x, b.y, b.width, b.height])


def _agreement(net: Mtcnn, pil_rgb, load_json) -> tuple[int, int, list[str], list[float]]:
    """(faces face-api.js found, faces we match within the bounds, what was off, landmark errors)."""
    total, agreeing, off, landmark_errors = 0, 0, [], []
    for ref_file, folder in LEGACY_SETS:
        for key, entry in load_json("reference", ref_file).items():
            if key == "_meta":
                continue
            found = net.forward(pil_rgb(folder, *key.split("/")))
            faces = entry["mtcnn_raw"]["faces"]
            assert len(found) == len(faces), f"{key}: {len(found)} faces, face-api.js found {len(faces)}"
            for face in faces:
                total += 1
                b = face["detection"]["box"]
                want = np.array([b["x"], b["y"], b["width"], b["height"]])
                best = min(found, key=lambda r: float(np.abs(_box(r) - want).max()))
                box_err = float(np.abs(_box(best) - want).max())
                lm_err = float(np.abs(best.landmarks.positions - np.array(face["landmarks5"])).max())
                score_err = abs(best.score - face["detection"]["score"])
                landmark_errors.append(lm_err)
                if box_err <= BOX_TOL_PX and lm_err <= LANDMARK_TOL_PX and score_err <= SCORE_TOL:
                    agreeing += 1
                else:
                    off.append(f"{key}: box {box_err:.1f} px, landmarks {lm_err:.1f} px, score {score_err:.3f}")
    return total, agreeing, off, landmark_errors


def test_parity_with_faceapi_mtcnn_raw(net, pil_rgb, load_json):
    total, agreeing, off, landmark_errors = _agreement(net, pil_rgb, load_json)
    assert total > 50
    assert agreeing / total >= MIN_AGREEING, off
    assert float(np.median(landmark_errors)) < 1e-4


@pytest.mark.parametrize("case", sorted(FORWARD_CASES))
def test_faceapi_forward_expectations(net, case, pil_rgb, load_json):
    options, scores, score_delta, box_delta, landmark_delta = FORWARD_CASES[case]
    found = net.forward(pil_rgb("test-images", "faces.jpg"), **options)
    assert len(found) == 6
    found = sorted(found, key=lambda r: _origin_distance(r.box.x, r.box.y))
    boxes = sorted(EXPECTED_BOXES, key=lambda b: _origin_distance(b[0], b[1]))
    points = sorted(
        load_json("test-data", "mtcnnFaceLandmarkPositions.json"), key=lambda p: _origin_distance(p[0]["x"], p[0]["y"])
    )
    for result, box, pts, score in zip(found, boxes, points, scores, strict=True):
        assert abs(result.score - score) <= score_delta
        assert np.abs(_box(result) - box).max() <= box_delta, (result.box, box)
        want = np.array([[p["x"], p["y"]] for p in pts])
        assert np.abs(result.landmarks.positions - want).max() <= landmark_delta


def test_results_are_face_api_shaped(net, pil_rgb):
    image = pil_rgb("test-images", "faces.jpg")
    for r in net.forward(image):
        assert (r.detection.image_width, r.detection.image_height) == (image.shape[1], image.shape[0])
        lm = r.landmarks
        assert lm.positions.shape == (5, 2)
        # the box's size before face-api.js's relative round trip (112 vs 112.00000000000001)
        assert (lm.image_width, lm.image_height) == pytest.approx((r.box.width, r.box.height), abs=1e-9)
        assert (lm.shift.x, lm.shift.y) == (r.box.x, r.box.y)
        # eyes above the mouth corners, left eye left of the right eye, all near the box
        assert lm.positions[0, 0] < lm.positions[1, 0] and lm.positions[:2, 1].max() < lm.positions[3:, 1].min()
        assert np.all((lm.relative_positions > -0.1) & (lm.relative_positions < 1.1))
        np.testing.assert_allclose(lm.shift_by(0, 0).positions, lm.positions - (r.box.x, r.box.y))


def test_no_face_on_white(net, pil_rgb):
    assert net.forward(pil_rgb("test-images", "white.png")) == []


def test_stages_run_batched(net, pil_rgb):
    """One P-Net run per pyramid level, one R-Net and one O-Net run for all patches."""
    image = pil_rgb("test-images", "faces.jpg")
    before = [s.run_count for s in net.stages]
    net.forward(image)
    runs = [s.run_count - b for s, b in zip(net.stages, before, strict=True)]
    assert runs == [len(pyramid_scales(*image.shape[:2])), 1, 1]


def test_load_from_disk_converts_faceapi_weights(net, faceapi_path, pil_rgb):
    pytest.importorskip("onnx", reason="converting face-api.js weights needs the onnx package")
    other = Mtcnn()
    other.load_from_disk(faceapi_path("weights"))
    assert other.is_loaded
    image = pil_rgb("test-images", "faces.jpg")
    ours, theirs = net.forward(image), other.forward(image)
    assert [_box(r).tolist() for r in ours] == [_box(r).tolist() for r in theirs]
    with pytest.raises(FileNotFoundError):
        other.load_from_disk(faceapi_path("weights") / "no-such-model.onnx")


# --- the parts, without the models ------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(min_face_size=-1), "min_face_size"),
        (dict(min_face_size="20"), "min_face_size"),
        (dict(scale_factor=1.0), "scale_factor"),
        (dict(scale_factor=0), "scale_factor"),
        (dict(max_num_scales=0), "max_num_scales"),
        (dict(max_num_scales=2.5), "max_num_scales"),
        (dict(score_thresholds=[0.6, 0.7]), "score_thresholds"),
        (dict(score_thresholds=[0.6, 0.7, "x"]), "score_thresholds"),
        (dict(scale_steps=[0.5, "x"]), "scale_steps"),
        (dict(scale_steps=0.5), "scale_steps"),
    ],
)
def test_options_are_validated_like_faceapi(kwargs, message):
    args = dict(
        min_face_size=20, scale_factor=0.709, max_num_scales=10, score_thresholds=(0.6, 0.7, 0.7), scale_steps=None
    )
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        check_options(**args)


def test_options_defaults_pass():
    assert check_options(20, 0.709, 10, [0.6, 0.7, 0.7], None) == (20.0, 0.709, 10, (0.6, 0.7, 0.7), None)


def test_pyramid_follows_pyramid_down():
    # faces.jpg with the defaults: 12/20 * 0.709^k for k = 0..9 (while 283.8 * 0.709^k >= 12); the last level
    # (floor(473 * 0.0272) = 12 px) is not larger than a cell, so 9 remain
    scales = pyramid_scales(473, 710)
    assert scales[0] == pytest.approx(0.6) and len(scales) == 9
    assert all(b / a == pytest.approx(0.709) for a, b in zip(scales, scales[1:], strict=False))
    few = pyramid_scales(473, 710, max_num_scales=3)
    assert few == scales[:3]
    # levels of 12 px or less are dropped (face-api.js keeps min(floor(h*s), floor(w*s)) > CELL_SIZE)
    steps = pyramid_scales(100, 200, scale_steps=[0.5, 0.13, 0.12, 0.05])
    assert steps == [0.5, 0.13]
    assert all(min(math.floor(100 * s), math.floor(200 * s)) > CELL_SIZE for s in steps)


def test_nms_order_and_overlap_kinds():
    boxes = np.array([[0, 0, 10, 10], [1, 1, 10, 10], [0, 0, 4, 4], [50, 50, 10, 10]], dtype=np.float64)
    scores = np.array([0.9, 0.95, 0.8, 0.95])
    # equal scores: the later index first (face-api.js sorts ascending, stable, and pops from the end)
    assert _nms(boxes, scores, 0.5) == [3, 1, 2]  # box 0 overlaps 1 by IoU 0.68; box 2 by 0.15
    # intersection over the smaller box: box 2 lies inside box 1's area by 9/16
    assert _nms(boxes, scores, 0.5, min_area=True) == [3, 1]


def test_patches_sample_pixel_centres_without_antialiasing():
    ramp = np.tile(np.arange(0, 240, 5, dtype=np.uint8)[None, :, None], (48, 1, 3))  # 48 x 48, 5 per column
    same = extract_patches(ramp, np.array([[0, 0, 48, 48]]), 48)
    np.testing.assert_array_equal(same[0], ramp)
    half = extract_patches(ramp, np.array([[0, 0, 48, 48]]), 24)
    # column j of the 24-px patch samples source column 2j + 0.5: the mean of two neighbours, rounded
    np.testing.assert_array_equal(half[0, 0, :, 0], np.floor(ramp[0, 0::2, 0] + 2.5 + 0.5))


def test_patch_regions_are_pad_at_borders():
    boxes = np.array([[10, 20, 30, 30], [-5, -5, 20, 20], [90, 40, 30, 30]], dtype=np.float64)
    regions = patch_regions(boxes, height=60, width=100)
    # from one pixel above-left of the box to its bottom/right edge, clamped to the image
    assert regions.tolist() == [[9, 19, 31, 31], [0, 0, 15, 15], [89, 39, 11, 21]]


def test_tiny_and_bad_images(net):
    # no pyramid level larger than a 12 px cell: no face, no run
    assert net.forward(np.zeros((12, 400, 3), np.uint8)) == []
    assert net.detect(np.full((1, 1, 3), 255, np.uint8)) == []
    with pytest.raises(ValueError, match="HxWx3"):
        net.forward(np.zeros((40, 40), np.uint8))
    with pytest.raises(ValueError, match="uint8"):
        net.forward(np.zeros((40, 40, 3), np.float32))
    with pytest.raises(ValueError, match="min_face_size"):
        net.forward(np.zeros((40, 40, 3), np.uint8), min_face_size=0)


def test_detect_gives_forwards_detections(net, pil_rgb):
    image = pil_rgb("test-images", "faces.jpg")
    assert net.detect(image, min_face_size=80) == [r.detection for r in net.forward(image, min_face_size=80)]
    assert net.detect_batch([image, image[:100, :100]]) == [net.detect(image), net.detect(image[:100, :100])]
