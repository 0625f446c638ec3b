"""The MTCNN chain (detect_all_faces(image, MtcnnOptions()) + landmarks, expressions, age/gender, descriptors)
against face-api.js 0.22.2 on the same pixels (reference/*.legacy.pil-decoded.json, pipeline ``mtcnn``), and
face-api.js's own global-API MTCNN expectations (EXPECTATIONS.md, "MTCNN on test-images/faces.jpg").

face-api.js's MTCNN accepts only canvases, so its reference chain ran on a (skia) canvas, and for a canvas
face-api.js cuts faces with extractFaces (box floored, then clipped) and makes every net's input with
imageToSquare's drawImage (then fromPixels), not with padToSquare and tf.image.resizeBilinear as for tensors.
analyze_faces reproduces that path for MtcnnOptions (``canvas_input``), so every field must meet the same
tolerances as the other pipelines' parity tests (tests/api/test_pipeline_parity.py, ``parity.tolerance``).
Measured on the 77 faces of both sets: boxes equal; landmarks mean <= 7.3e-6 px (worst point 3.2e-5 px);
descriptors <= 1.1e-6; expressions <= 1.5e-6; ages <= 1.2e-5 years; aligned rects <= 2.6e-5 px; descriptor
rects equal. On the tensor path the same detections gave landmarks 0.29 px (median) and descriptors 0.047.
"""

from __future__ import annotations

import numpy as np
import pytest

from faceorganizer.api.analyze import Stages, analyze, analyze_faces, canvas_input, detect
from faceorganizer.api.options import (
    MtcnnOptions,
    SmallFacesOptions,
    SsdMobilenetv1Options,
    TinyFaceDetectorOptions,
    TinyYolov2Options,
)
from faceorganizer.api.tasks import detect_all_faces, detect_single_face

LEGACY_SETS = [("test-images.legacy.pil-decoded.json", "test-images"), ("examples.legacy.pil-decoded.json", "examples")]
# face-api.js's rects of a face, and ours
RECTS = {"aligned_box": "alignedRect", "descriptor_box": "descriptorRect"}


def _deviations(parity, rf: dict, face) -> dict[str, float]:
    """parity.face_deviations plus the aligned and descriptor rects (px, worst coordinate)."""
    dev = parity.face_deviations(rf, face)
    for ours, theirs in RECTS.items():
        box = getattr(face, ours)
        dev[ours] = max(abs(rf[theirs][k] - getattr(box, k)) for k in ("x", "y", "width", "height"))
    return dev


@pytest.fixture(scope="module")
def chain_results(load_json, pil_rgb, parity):
    """(image key, face-api.js's face, ours) for every face of both reference sets; counts checked per image."""
    pairs = []
    for ref_file, folder in LEGACY_SETS:
        for key, entry in load_json("reference", ref_file).items():
            if key.startswith("_"):
                continue
            mine = analyze(pil_rgb(folder, *key.split("/")), MtcnnOptions(), Stages())
            ref_faces = entry["mtcnn"]["faces"]
            assert len(mine) == len(ref_faces), f"{key}: {len(mine)} faces, face-api.js found {len(ref_faces)}"
            matched = parity.match_faces(ref_faces, mine)
            assert len(matched) == len(ref_faces), f"{key}: some faces do not overlap face-api.js's"
            pairs += [(key, rf, face) for rf, face in matched]
    assert len(pairs) > 50
    return pairs


def test_every_field_matches_faceapi(chain_results, parity):
    """Detections and every downstream field of every face within the pipeline parity tolerances."""
    for key, rf, face in chain_results:
        for what, value in _deviations(parity, rf, face).items():
            assert value <= parity.tolerance[what], f"{key} face at {rf['detection']['box']}: {what} off by {value}"


def test_only_mtcnn_chains_take_the_canvas_path():
    assert canvas_input(MtcnnOptions()) and canvas_input(MtcnnOptions(min_face_size=40))
    for options in (
        None,
        SsdMobilenetv1Options(),
        TinyFaceDetectorOptions(),
        TinyYolov2Options(),
        SmallFacesOptions(),
    ):
        assert not canvas_input(options)


def test_the_canvas_path_is_what_matches(load_json, pil_rgb, parity):
    """The same MTCNN detections through the tensor path (face-api.js's for every other detector) are off by
    face-api.js's canvas resampling: the canvas switch, not the detector, makes the fields match."""
    image = pil_rgb("test-images", "faces.jpg")
    ref_faces = load_json("reference", "test-images.legacy.pil-decoded.json")["faces.jpg"]["mtcnn"]["faces"]
    detections = detect(image, MtcnnOptions())
    canvas = parity.match_faces(ref_faces, analyze_faces(image, detections, canvas=True))
    tensor = parity.match_faces(ref_faces, analyze_faces(image, detections, canvas=False))
    assert len(canvas) == len(tensor) == len(ref_faces) == 6
    for (rf, on_canvas), (_, on_tensor) in zip(canvas, tensor, strict=True):
        # measured on the tensor path: descriptors 0.022 to 0.073 away (a 112 px face's landmarks agree: both
        # paths pass a crop of the net's input size through unchanged)
        assert parity.face_deviations(rf, on_canvas)["descriptor"] <= parity.tolerance["descriptor"]
        assert parity.face_deviations(rf, on_tensor)["descriptor"] > 100 * parity.tolerance["descriptor"]


def test_task_api_takes_the_canvas_path(pil_rgb, load_json, parity):
    """detect_all_faces(...).with_...() with MtcnnOptions gives analyze()'s faces (the same canvas switch)."""
    image = pil_rgb("test-images", "faces.jpg")
    ref_faces = load_json("reference", "test-images.legacy.pil-decoded.json")["faces.jpg"]["mtcnn"]["faces"]
    task = detect_all_faces(image, MtcnnOptions()).with_face_landmarks().with_face_expressions().with_age_and_gender()
    faces = task.with_face_descriptors().run()
    pairs = parity.match_faces(ref_faces, faces)
    assert len(pairs) == len(ref_faces) == len(faces)
    for rf, face in pairs:
        for what, value in _deviations(parity, rf, face).items():
            assert value <= parity.tolerance[what], f"faces.jpg face at {rf['detection']['box']}: {what} off by {value}"


def _nearest(points: list[np.ndarray], target: np.ndarray) -> np.ndarray:
    return min(points, key=lambda p: float(np.abs(p - target).mean()))


def test_faceapi_global_api_expectations(pil_rgb, load_json):
    """EXPECTATIONS.md, MTCNN global API: detectAllFaces gives the 6 faces (score 0.01, box 10 px); with
    landmarks, 68 points within 6 px of facesFaceLandmarkPositions.json (the matching face); descriptors within
    0.2 of facesFaceDescriptors.json; detectSingleFace the same for one face."""
    image = pil_rgb("test-images", "faces.jpg")
    boxes = [(70, 21, 112, 112), (36, 250, 133, 132), (221, 43, 112, 111), (247, 231, 106, 107),
             (566, 67, 104, 104), (451, 176, 122, 122)]  # fmt: skip
    want_landmarks = [
        np.array([[p["x"], p["y"]] for p in face]) for face in load_json("test-data", "facesFaceLandmarkPositions.json")
    ]
    want_descriptors = [np.asarray(d) for d in load_json("test-data", "facesFaceDescriptors.json")]

    detections = detect_all_faces(image, MtcnnOptions(min_face_size=20)).run()
    assert len(detections) == 6
    for det in detections:
        box = np.array([det.box.x, det.box.y, det.box.width, det.box.height])
        assert min(np.abs(box - b).max() for b in boxes) <= 10
        assert det.score >= 0.99 - 0.01

    faces = detect_all_faces(image, MtcnnOptions(min_face_size=20)).with_face_landmarks().with_face_descriptors().run()
    assert len(faces) == 6
    for face in faces:
        want = _nearest(want_landmarks, face.landmarks.positions)
        assert np.abs(face.landmarks.positions - want).max() <= 6
        index = next(i for i, w in enumerate(want_landmarks) if w is want)
        assert np.linalg.norm(face.descriptor - want_descriptors[index]) < 0.2

    single = (
        detect_single_face(image, MtcnnOptions(min_face_size=20)).with_face_landmarks().with_face_descriptor().run()
    )
    assert single is not None and single.score == max(f.score for f in faces)
    want = _nearest(want_landmarks, single.landmarks.positions)
    assert np.abs(single.landmarks.positions - want).max() <= 6
