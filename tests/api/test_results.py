"""Result types (Box, FaceLandmarks68, FaceExpressions, FaceResult) and resize_results / extract_faces,
checked against face-api.js 0.22.2's classes and its own alignedRect / descriptorRect outputs."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

import faceorganizer as fo
from faceorganizer.geometry import Box, Detection, Point

# face-api.js classes/FaceLandmarks68.js: getter -> positions.slice(start, end)
FACEAPI_CONTOURS = {
    "get_jaw_outline": (0, 17),
    "get_left_eye_brow": (17, 22),
    "get_right_eye_brow": (22, 27),
    "get_nose": (27, 36),
    "get_left_eye": (36, 42),
    "get_right_eye": (42, 48),
    "get_mouth": (48, 68),
}
SETS = (("test-images.pil-decoded.json", "test-images"), ("examples.pil-decoded.json", "examples"))


def test_contour_getters_slice_like_faceapi():
    pts = np.arange(136, dtype=np.float64).reshape(68, 2)
    lm = fo.FaceLandmarks68(pts, 100, 100)
    for getter, (start, end) in FACEAPI_CONTOURS.items():
        np.testing.assert_array_equal(getattr(lm, getter)(), pts[start:end], err_msg=getter)
    assert sum(end - start for start, end in FACEAPI_CONTOURS.values()) == 68


@pytest.fixture(scope="module")
def reference_faces(load_json) -> list[tuple[dict, dict]]:
    """(image info, face) for every face of face-api.js's landmark pipelines on the reference images."""
    out = []
    for refname, _ in SETS:
        for key, entry in load_json("reference", refname).items():
            if key.startswith("_"):
                continue
            for pipeline in ("ssd", "tiny", "ssd_lmtiny"):
                out += [(entry["image"], f) for f in entry[pipeline]["faces"]]
    return out


def _landmarks_of(image: dict, face: dict) -> fo.FaceLandmarks68:
    """face-api.js's FaceLandmarks68 of a face: absolute points, the landmark crop's size, its shift."""
    box = Box(**face["detection"]["box"])
    crop = box.clip(image["width"], image["height"])  # extractFaceTensors: clipped, floored
    return fo.FaceLandmarks68(np.asarray(face["landmarks"]), crop.width, crop.height, Point(box.x, box.y))


def _as_tuple(b) -> tuple:
    return (b["x"], b["y"], b["width"], b["height"]) if isinstance(b, dict) else (b.x, b.y, b.width, b.height)


def test_align_matches_faceapi_aligned_rect_and_descriptor_rect(reference_faces):
    faces = reference_faces
    assert len(faces) > 100
    for image, face in faces:
        lm = _landmarks_of(image, face)
        aligned = lm.align()  # min box of the points, padded by 0.2
        np.testing.assert_allclose(_as_tuple(aligned), _as_tuple(face["alignedRect"]), atol=1e-9)
        square = lm.align(use_dlib_alignment=True)  # dlib's face chip square, integers
        assert _as_tuple(square) == _as_tuple(face["descriptorRect"]), image["file"]


def test_align_padding_and_shift():
    pts = np.array([[10.0, 20.0]] * 60 + [[30.0, 60.0]] * 8)
    lm = fo.FaceLandmarks68(pts, 50, 80, Point(5, 7))
    assert _as_tuple(lm.align(min_box_padding=0.5)) == (5.0, 10.0, 30.0, 60.0)
    unshifted = lm.shift_by(0, 0)
    np.testing.assert_allclose(unshifted.positions, pts - (5, 7))
    np.testing.assert_allclose(unshifted.relative_positions, (pts - (5, 7)) / (50, 80))
    assert [p for p in lm.points[:1]] == [Point(10.0, 20.0)]


def test_expressions_sorted_and_dominant_like_faceapi(reference_faces):
    for _, face in reference_faces:
        if "expressions" not in face:
            continue
        expr = fo.FaceExpressions.from_probabilities(list(face["expressions"].values()))
        assert dict(expr) == face["expressions"]
        # asSortedArray: labels in FACE_EXPRESSION_LABELS order, stable sort by falling probability
        want = sorted(face["expressions"].items(), key=lambda kv: -kv[1])
        assert expr.as_sorted_list() == want
        assert expr.dominant == want[0][0]
    tie = fo.FaceExpressions.from_probabilities([0.1, 0.4, 0.4, 0.1, 0, 0, 0])
    assert tie.dominant == "happy"
    assert [k for k, _ in tie.as_sorted_list()] == [
        "happy",
        "sad",
        "neutral",
        "angry",
        "fearful",
        "disgusted",
        "surprised",
    ]
    with pytest.raises(ValueError):
        fo.FaceExpressions.from_probabilities([0.5, 0.5])


def test_box_derived_properties_rescale_clip():
    b = fo.Box(10.5, 20.25, 30.0, 40.5)
    assert fo.Rect is fo.Box
    assert (b.left, b.top, b.right, b.bottom, b.area) == (10.5, 20.25, 40.5, 60.75, 30.0 * 40.5)
    assert fo.Box.from_bounds(10.5, 20.25, 40.5, 60.75) == b
    assert _as_tuple(b.rescale(2)) == (21.0, 40.5, 60.0, 81.0)
    assert _as_tuple(b.rescale(0.5, 2)) == (5.25, 40.5, 15.0, 81.0)
    assert _as_tuple(b.shift(1, -1)) == (11.5, 19.25, 30.0, 40.5)
    assert _as_tuple(b.floor()) == (10, 20, 30, 40)
    # clipAtImageBorders: clip x/y at 0, right/bottom at the image size, then floor
    assert _as_tuple(fo.Box(-5.5, -2.0, 20.0, 10.0).clip(100, 100)) == (0, 0, 14, 8)
    assert _as_tuple(fo.Box(90.7, 95.2, 20.0, 10.0).clip(100, 100)) == (90, 95, 9, 4)
    assert b.as_dict() == {"x": 10.5, "y": 20.25, "width": 30.0, "height": 40.5}
    assert fo.Box(0, 0, 10, 10).iou(fo.Box(5, 0, 10, 10)) == pytest.approx(50 / 150)


def test_face_detection_relative_box_and_for_size():
    d = fo.FaceDetection(fo.Box(100, 50, 40, 20), 0.9, 400, 200)
    assert _as_tuple(d.relative_box) == (0.25, 0.25, 0.1, 0.1)
    r = d.for_size(800, 100)
    assert (_as_tuple(r.box), r.score, r.image_width, r.image_height) == ((200, 25, 80, 10), 0.9, 800, 100)


@pytest.fixture(scope="module")
def faces_jpg_result(pil_rgb) -> list:
    """Our faces (Tiny detector, landmarks, descriptors) on test-images/faces.jpg."""
    img = pil_rgb("test-images", "faces.jpg")
    return fo.detect_all_faces(img, fo.TinyFaceDetectorOptions()).with_face_landmarks().with_face_descriptors().run()


def test_face_result_fields_and_json_export(faces_jpg_result):
    faces = faces_jpg_result
    face = faces[0]
    assert face.box == face.detection.box and face.score == face.detection.score
    np.testing.assert_allclose(face.unshifted_landmarks.positions, face.landmarks.positions - (face.box.x, face.box.y))
    rect = face.aligned_rect
    assert isinstance(rect, fo.FaceDetection) and rect.box == face.aligned_box and rect.score == face.score
    assert (rect.image_width, rect.image_height) == (710, 473)

    doc = json.loads(json.dumps(face.to_json()))
    assert set(doc) == {"box", "score", "landmarks", "aligned_box", "descriptor_box", "descriptor"}
    assert doc["box"] == face.box.as_dict() and doc["score"] == face.score
    np.testing.assert_array_equal(doc["landmarks"], face.landmarks.positions)
    np.testing.assert_array_equal(np.asarray(doc["descriptor"], np.float32), face.descriptor)

    bare = fo.FaceResult(detection=face.detection)
    assert json.loads(json.dumps(bare.to_json())) == {"box": face.box.as_dict(), "score": face.score}
    full = fo.FaceResult(
        detection=face.detection,
        expressions=fo.FaceExpressions.from_probabilities([1, 0, 0, 0, 0, 0, 0]),
        age=31.5,
        gender=fo.Gender.FEMALE,
        gender_probability=0.75,
    )
    doc = json.loads(json.dumps(full.to_json()))
    assert (doc["age"], doc["gender"], doc["gender_probability"]) == (31.5, "female", 0.75)
    assert doc["expressions"]["neutral"] == 1


def test_resize_results_like_faceapi(faces_jpg_result):
    faces = faces_jpg_result
    size = (355, 946)  # half the width, twice the height
    resized = fo.resize_results(faces, size)
    assert isinstance(resized, list) and len(resized) == len(faces)
    for old, new in zip(faces, resized, strict=True):
        d = new.detection
        np.testing.assert_allclose(_as_tuple(d.box), _as_tuple(old.box.rescale(0.5, 2.0)), atol=1e-9)
        assert (d.score, d.image_width, d.image_height) == (old.score, 355, 946)
        # resizeResults: the crop-relative landmarks onto the resized box, then the aligned rect anew
        rel = (old.landmarks.positions - (old.box.x, old.box.y)) / (
            old.landmarks.image_width,
            old.landmarks.image_height,
        )
        want = rel * (d.box.width, d.box.height) + (d.box.x, d.box.y)
        np.testing.assert_allclose(new.landmarks.positions, want, atol=1e-9)
        assert (new.landmarks.image_width, new.landmarks.image_height) == (d.box.width, d.box.height)
        np.testing.assert_allclose(_as_tuple(new.aligned_box), _as_tuple(new.landmarks.align()), atol=1e-9)
        np.testing.assert_array_equal(new.descriptor, old.descriptor)
    assert fo.resize_results(None, size) is None
    det = faces[0].detection
    assert fo.resize_results(det, Image.new("RGB", size)) == det.for_size(*size)
    lm = fo.resize_results(faces[0].landmarks, size)  # FaceLandmarks.forSize: onto the whole size, shift 0
    np.testing.assert_allclose(lm.positions, faces[0].landmarks.relative_positions * size)
    only_box = fo.resize_results(fo.FaceResult(detection=det), size)
    assert only_box.landmarks is None and only_box.detection == det.for_size(*size)
    for bad in ((0, 10), (10, -1), (10.5, 10), "big", (1, 2, 3)):
        with pytest.raises(ValueError):
            fo.resize_results(faces, bad)


def test_extract_faces_clips_like_faceapi():
    pixels = np.random.default_rng(0).integers(0, 256, (60, 80, 3), dtype=np.uint8)
    inside, edge, floored = fo.extract_faces(
        pixels,
        [
            fo.Box(10, 5, 20, 30),
            fo.Box(-10, 50, 30, 30),  # clipped at the left and bottom borders
            Detection(fo.Box(10.6, 5.4, 20.9, 30.9), 0.9, 80, 60),  # detections are floored first
        ],
    )
    assert all(isinstance(im, Image.Image) and im.mode == "RGB" for im in (inside, edge, floored))
    np.testing.assert_array_equal(np.asarray(inside), pixels[5:35, 10:30])
    np.testing.assert_array_equal(np.asarray(edge), pixels[50:60, 0:20])
    np.testing.assert_array_equal(np.asarray(floored), pixels[5:35, 10:30])
    # a detection made on a 160x120 copy maps onto this image through its relative box
    (half,) = fo.extract_faces(pixels, [Detection(fo.Box(20, 10, 40, 60), 0.9, 160, 120)])
    np.testing.assert_array_equal(np.asarray(half), pixels[5:35, 10:30])
    with pytest.raises(ValueError, match="outside"):
        fo.extract_faces(pixels, [fo.Box(100, 100, 10, 10)])
    with pytest.raises(ValueError, match="expected a Box"):
        fo.extract_faces(pixels, [(0, 0, 10, 10)])
