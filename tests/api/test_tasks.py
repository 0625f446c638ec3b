"""fo.detect_all_faces / fo.detect_single_face: face-api.js's task classes, and every composition they
allow checked against face-api.js 0.22.2's own outputs on faces.jpg (same Pillow-decoded pixels)."""

from __future__ import annotations

import io
from functools import cache

import numpy as np
import pytest
from PIL import Image

import faceorganizer as fo
from faceorganizer.api import tasks
from faceorganizer.geometry import Box, Detection
from faceorganizer.imaging import ImageLoadError

TINY = fo.TinyFaceDetectorOptions(input_size=416, score_threshold=0.5)
SSD = fo.SsdMobilenetv1Options(min_confidence=0.5)
YOLO = fo.TinyYolov2Options(input_size=416, score_threshold=0.5)

# face-api.js 0.22.2 build/commonjs/globalApi/*.js: each task class's chain methods -> the class returned
FACEAPI_TASKS = {
    "DetectAllFacesTask": {
        "with_face_landmarks": "DetectAllFaceLandmarksTask",
        "with_face_expressions": "PredictAllFaceExpressionsTask",
        "with_age_and_gender": "PredictAllAgeAndGenderTask",
    },
    "DetectAllFaceLandmarksTask": {
        "with_face_expressions": "PredictAllFaceExpressionsWithFaceAlignmentTask",
        "with_age_and_gender": "PredictAllAgeAndGenderWithFaceAlignmentTask",
        "with_face_descriptors": "ComputeAllFaceDescriptorsTask",
    },
    "PredictAllFaceExpressionsTask": {"with_age_and_gender": "PredictAllAgeAndGenderTask"},
    "PredictAllAgeAndGenderTask": {"with_face_expressions": "PredictAllFaceExpressionsTask"},
    "PredictAllFaceExpressionsWithFaceAlignmentTask": {
        "with_age_and_gender": "PredictAllAgeAndGenderWithFaceAlignmentTask",
        "with_face_descriptors": "ComputeAllFaceDescriptorsTask",
    },
    "PredictAllAgeAndGenderWithFaceAlignmentTask": {
        "with_face_expressions": "PredictAllFaceExpressionsWithFaceAlignmentTask",
        "with_face_descriptors": "ComputeAllFaceDescriptorsTask",
    },
    "ComputeAllFaceDescriptorsTask": {
        "with_face_expressions": "PredictAllFaceExpressionsWithFaceAlignmentTask",
        "with_age_and_gender": "PredictAllAgeAndGenderWithFaceAlignmentTask",
    },
    "DetectSingleFaceTask": {
        "with_face_landmarks": "DetectSingleFaceLandmarksTask",
        "with_face_expressions": "PredictSingleFaceExpressionsTask",
        "with_age_and_gender": "PredictSingleAgeAndGenderTask",
    },
    "DetectSingleFaceLandmarksTask": {
        "with_face_expressions": "PredictSingleFaceExpressionsWithFaceAlignmentTask",
        "with_age_and_gender": "PredictSingleAgeAndGenderWithFaceAlignmentTask",
        "with_face_descriptor": "ComputeSingleFaceDescriptorTask",
    },
    "PredictSingleFaceExpressionsTask": {"with_age_and_gender": "PredictSingleAgeAndGenderTask"},
    "PredictSingleAgeAndGenderTask": {"with_face_expressions": "PredictSingleFaceExpressionsTask"},
    "PredictSingleFaceExpressionsWithFaceAlignmentTask": {
        "with_age_and_gender": "PredictSingleAgeAndGenderWithFaceAlignmentTask",
        "with_face_descriptor": "ComputeSingleFaceDescriptorTask",
    },
    "PredictSingleAgeAndGenderWithFaceAlignmentTask": {
        "with_face_expressions": "PredictSingleFaceExpressionsWithFaceAlignmentTask",
        "with_face_descriptor": "ComputeSingleFaceDescriptorTask",
    },
    "ComputeSingleFaceDescriptorTask": {
        "with_face_expressions": "PredictSingleFaceExpressionsWithFaceAlignmentTask",
        "with_age_and_gender": "PredictSingleAgeAndGenderWithFaceAlignmentTask",
    },
}
# face-api.js's "WithFaceAlignment" variants extend the unaligned classes
FACEAPI_BASES = {
    f"Predict{n}{what}WithFaceAlignmentTask": f"Predict{n}{what}Task"
    for n in ("All", "Single")
    for what in ("FaceExpressions", "AgeAndGender")
}
STAGE_OF = {
    "with_face_landmarks": "landmarks",
    "with_face_expressions": "expressions",
    "with_age_and_gender": "age",
    "with_face_descriptors": "descriptor",
    "with_face_descriptor": "descriptor",
}


def _chain_methods(task) -> list[str]:
    return sorted(m for m in dir(task) if m.startswith("with_"))


def _walk() -> dict[tuple[str, frozenset], tuple]:
    """The shortest chain to every distinct composition our task classes offer, from both entry points."""
    dummy = np.zeros((4, 4, 3), np.uint8)  # tasks are lazy: nothing runs while walking
    found: dict[tuple[str, frozenset], tuple] = {}
    for root, start in (("all", fo.detect_all_faces(dummy)), ("single", fo.detect_single_face(dummy))):
        queue: list[tuple[tuple, object]] = [((), start)]
        while queue:
            chain, task = queue.pop(0)
            key = (root, frozenset(chain))
            if key in found:
                continue
            found[key] = chain
            for method in _chain_methods(task):
                variants = [(method, False), (method, True)] if method == "with_face_landmarks" else [(method,)]
                for step in variants:
                    queue.append((chain + (step,), getattr(task, method)(*step[1:])))
    return found


COMPOSITIONS = _walk()


def _label(root: str, chain: tuple) -> str:
    parts = [STAGE_OF[s[0]] + ("(tiny)" if s[1:] == (True,) else "") for s in chain]
    return f"{root}:" + ("+".join(parts) or "detection")


def test_task_classes_mirror_faceapi():
    """Same classes, same chain methods, each returning the same class as in face-api.js."""
    dummy = np.zeros((4, 4, 3), np.uint8)
    reached: set[str] = set()
    queue = [fo.detect_all_faces(dummy), fo.detect_single_face(dummy)]
    while queue:
        task = queue.pop()
        name = type(task).__name__
        if name in reached:
            continue
        reached.add(name)
        assert _chain_methods(task) == sorted(FACEAPI_TASKS[name]), name
        for method, target in FACEAPI_TASKS[name].items():
            nxt = getattr(task, method)()
            assert type(nxt).__name__ == target, f"{name}.{method}"
            queue.append(nxt)
    assert reached == set(FACEAPI_TASKS)
    for sub, base in FACEAPI_BASES.items():
        assert issubclass(getattr(tasks, sub), getattr(tasks, base))


def test_every_readme_composition_is_offered():
    """The "Composition of Tasks" list of face-api.js's README, for all faces and single face."""
    readme = [(), ("landmarks",), ("expressions",), ("landmarks", "expressions"), ("age",), ("landmarks", "age")]
    readme += [("landmarks", "expressions", "descriptor"), ("landmarks", "age", "descriptor")]
    readme += [("landmarks", "expressions", "age", "descriptor")]
    offered = {(root, frozenset(STAGE_OF[s[0]] for s in chain)) for (root, _), chain in COMPOSITIONS.items()}
    for root in ("all", "single"):
        for comp in readme:
            assert (root, frozenset(comp)) in offered, (root, comp)
    # 1 detection + 3 unaligned + 2 landmark nets x 8 subsets of {expressions, age, descriptors}
    assert len(COMPOSITIONS) == 2 * (1 + 3 + 16)


@pytest.fixture(scope="module")
def faces_jpg(pil_rgb) -> np.ndarray:
    return pil_rgb("test-images", "faces.jpg")


@pytest.fixture(scope="module")
def reference(load_json, faceapi_extra):
    """``reference(name)``: face-api.js's faces on faces.jpg for one of its pipelines (reference/ or the extra
    fixture)."""

    @cache
    def faces(name: str) -> list[dict]:
        if name in ("ssd", "tiny", "ssd_lmtiny"):
            return load_json("reference", "test-images.pil-decoded.json")["faces.jpg"][name]["faces"]
        return faceapi_extra["test-images/faces.jpg"][name]["faces"]

    return faces


def _single(faces: list[dict]) -> list[dict]:
    """DetectSingleFaceTask's rule applied to face-api.js's own detections."""
    best = None
    for f in faces:
        if best is None or f["detection"]["score"] > best["detection"]["score"]:
            best = f
    return [] if best is None else [best]


def _plan(reference, root: str, stages: set[str], tiny_landmarks: bool) -> tuple[object, list[dict]]:
    """Detector options and face-api.js's faces to compare a composition with."""
    if tiny_landmarks:  # face-api.js ran the tiny landmark net after SSD (all faces) / Tiny (single face)
        return (SSD, reference("ssd_lmtiny")) if root == "all" else (TINY, reference("tiny_single_lmtiny"))
    name = "tiny_unaligned" if stages and "landmarks" not in stages else "tiny"
    faces = reference(name)
    return TINY, (_single(faces) if root == "single" else faces)


def _box_dev(ref: dict, box: Box) -> float:
    return max(abs(ref[k] - getattr(box, k)) for k in ("x", "y", "width", "height"))


def _check_against_nets(pixels: np.ndarray, face, tolerance: dict[str, float]) -> None:
    """Stages face-api.js's fixture lacks: they must equal the nets run on the face's aligned crops."""
    aligned, square = fo.extract_faces(pixels, [face.aligned_box, face.descriptor_box])
    if face.expressions is not None:
        want = fo.recognize_face_expressions(aligned)
        assert max(abs(want[k] - face.expressions[k]) for k in want) <= tolerance["expressions"]
    if face.age is not None:
        want = fo.predict_age_and_gender(aligned)
        assert abs(want.age - face.age) <= tolerance["age"] and want.gender == face.gender
    if face.descriptor is not None:
        want = fo.compute_face_descriptor(square)
        assert np.linalg.norm(want - face.descriptor) <= tolerance["descriptor"]


@pytest.mark.parametrize("key", list(COMPOSITIONS), ids=[_label(r, COMPOSITIONS[(r, c)]) for r, c in COMPOSITIONS])
def test_composition_matches_faceapi(key, faces_jpg, reference, parity):
    root, _ = key
    chain = COMPOSITIONS[key]
    stages = {STAGE_OF[s[0]] for s in chain}
    tiny_landmarks = ("with_face_landmarks", True) in chain
    options, ref_faces = _plan(reference, root, stages, tiny_landmarks)
    pixels = faces_jpg
    task = (fo.detect_all_faces if root == "all" else fo.detect_single_face)(pixels, options)
    for step in chain:
        task = getattr(task, step[0])(*step[1:])
    result = task.run()

    if root == "single":
        assert result is not None and not isinstance(result, list)
        mine = [result]
    else:
        assert isinstance(result, list)
        mine = result
    assert len(mine) == len(ref_faces)
    pairs = parity.match_faces(ref_faces, mine)
    assert len(pairs) == len(ref_faces), "faces do not overlap face-api.js's"
    for rf, face in pairs:
        if not stages:  # detections only: face-api.js's FaceDetection
            assert isinstance(face, Detection)
            assert _box_dev(rf["detection"]["box"], face.box) <= parity.tolerance["box"]
            assert abs(rf["detection"]["score"] - face.score) <= parity.tolerance["score"]
            continue
        assert isinstance(face, fo.FaceResult)
        computed = {
            "landmarks": face.landmarks,
            "expressions": face.expressions,
            "age": face.age,
            "descriptor": face.descriptor,
        }
        assert {k for k, v in computed.items() if v is not None} == stages
        assert (face.aligned_box is not None) == ("landmarks" in stages)
        dev = parity.face_deviations(rf, face)
        if "alignedRect" in rf:
            dev["aligned_box"] = _box_dev(rf["alignedRect"], face.aligned_box)
            dev["descriptor_box"] = _box_dev(rf["descriptorRect"], face.descriptor_box)
        for what, value in dev.items():
            assert value <= parity.tolerance[what], f"{what} off by {value}"
        if any(s in stages and s not in rf for s in ("expressions", "age", "descriptor")):
            _check_against_nets(pixels, face, parity.tolerance)


def test_single_face_rule_on_faceapi_outputs(reference):
    """face-api.js's detectSingleFace result is the highest-scoring face of its detectAllFaces."""
    ssd_single = reference("ssd_single")
    assert [f["detection"] for f in _single(reference("ssd"))] == [f["detection"] for f in ssd_single]


def test_highest_score_ties_keep_the_earlier_detection():
    dets = [Detection(Box(i, 0, 1, 1), s, 10, 10) for i, s in enumerate([0.5, 0.9, 0.7, 0.9])]
    assert tasks.highest_score(dets) is dets[1]
    assert tasks.highest_score([]) is None


def test_all_faces_shortcut_equals_landmarks_and_descriptors(faces_jpg, reference, parity):
    """face-api.js allFacesSsdMobilenetv1 = detectAllFaces(SSD).withFaceLandmarks().withFaceDescriptors()."""
    mine = fo.all_faces(faces_jpg, 0.5)
    ref = reference("ssd")
    pairs = parity.match_faces(ref, mine)
    assert len(mine) == len(ref) == len(pairs)
    for rf, face in pairs:
        assert face.expressions is None and face.age is None
        for what, value in parity.face_deviations(rf, face).items():
            assert value <= parity.tolerance[what], what


def test_tiny_yolov2_in_every_task_composition_matches_faceapi(faces_jpg, load_json, parity):
    """face-api.js's legacy ``yolo`` pipeline (reference/test-images.legacy.pil-decoded.json) through the tasks:
    detectAllFaces(img, TinyYolov2Options).withFaceLandmarks().withFaceExpressions().withAgeAndGender()
    .withFaceDescriptors(), and detectSingleFace with the same chain."""
    ref = load_json("reference", "test-images.legacy.pil-decoded.json")["faces.jpg"]["yolo"]["faces"]
    all_faces = fo.detect_all_faces(faces_jpg, YOLO).with_face_landmarks().with_face_expressions()
    mine = all_faces.with_age_and_gender().with_face_descriptors().run()
    single_task = fo.detect_single_face(faces_jpg, YOLO).with_face_landmarks().with_face_expressions()
    single = single_task.with_age_and_gender().with_face_descriptor().run()
    for want, got in ((ref, mine), (_single(ref), [single])):
        pairs = parity.match_faces(want, got)
        assert len(got) == len(want) == len(pairs) > 0
        for rf, face in pairs:
            dev = parity.face_deviations(rf, face)
            dev["aligned_box"] = _box_dev(rf["alignedRect"], face.aligned_box)
            dev["descriptor_box"] = _box_dev(rf["descriptorRect"], face.descriptor_box)
            assert set(dev) == set(parity.tolerance)  # every measure was compared
            for what, value in dev.items():
                assert value <= parity.tolerance[what], f"{what} off by {value}"
    detections = fo.detect_all_faces(faces_jpg, YOLO).run()
    assert [d.box for d in detections] == [f.box for f in mine]
    shortcut = fo.all_faces_tiny_yolov2(faces_jpg)  # allFacesTinyYolov2: landmarks and descriptors
    assert [f.box for f in shortcut] == [f.box for f in mine] and shortcut[0].expressions is None
    assert all(np.array_equal(a.descriptor, b.descriptor) for a, b in zip(shortcut, mine, strict=True))


@pytest.mark.parametrize("options", [SSD, TINY, YOLO], ids=["ssd", "tiny", "yolo"])
def test_no_face_on_white(options, pil_rgb):
    white = pil_rgb("test-images", "white.png")
    assert fo.detect_single_face(white, options).run() is None
    assert fo.detect_single_face(white, options).with_face_landmarks().with_face_descriptor().run() is None
    assert fo.detect_single_face(white, options).with_age_and_gender().run() is None
    assert fo.detect_all_faces(white, options).with_face_landmarks().with_face_expressions().run() == []


def _summary(faces: list) -> list[tuple]:
    return [(f.box, f.score, f.landmarks.positions.tobytes()) for f in faces]


def test_every_image_source_gives_the_same_result(tmp_path, faceapi_path, faces_jpg):
    path = faceapi_path("test-images", "faces.jpg")
    data = path.read_bytes()
    want = _summary(fo.detect_all_faces(faces_jpg, TINY).with_face_landmarks().run())
    assert len(want) == 6
    with Image.open(path) as im, path.open("rb") as fh:
        for source in (path, str(path), data, io.BytesIO(data), fh, im):
            got = fo.detect_all_faces(source, TINY).with_face_landmarks().run()
            assert _summary(got) == want, type(source).__name__


def test_paths_are_decoded_as_displayed(tmp_path, faces_jpg):
    """A photo stored rotated with EXIF orientation 6 gives the faces of the upright pixels."""
    upright = faces_jpg
    exif = Image.Exif()
    exif[0x0112] = 6  # displayed = stored rotated 90 degrees clockwise
    stored = tmp_path / "rotated.png"
    Image.fromarray(np.ascontiguousarray(np.rot90(upright))).save(stored, exif=exif)
    assert np.array_equal(fo.load_image(stored), upright)
    want = [(f.box, f.score) for f in fo.detect_all_faces(upright, TINY).run()]
    assert [(f.box, f.score) for f in fo.detect_all_faces(stored, TINY).run()] == want


def test_tasks_are_lazy_and_bad_images_fail_on_run(tmp_path):
    task = fo.detect_all_faces(tmp_path / "missing.jpg").with_face_landmarks()
    with pytest.raises(ImageLoadError, match="no such file"):
        task.run()
    with pytest.raises(ImageLoadError, match="not an image"):
        fo.detect_single_face(b"not an image").run()


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: fo.TinyFaceDetectorOptions(input_size=100), "multiple of 32"),
        (lambda: fo.TinyFaceDetectorOptions(input_size=-32), "multiple of 32"),
        (lambda: fo.TinyFaceDetectorOptions(input_size=416.0), "multiple of 32"),
        (lambda: fo.TinyFaceDetectorOptions(score_threshold=1.5), "score_threshold"),
        (lambda: fo.TinyFaceDetectorOptions(score_threshold=-0.1), "score_threshold"),
        (lambda: fo.SsdMobilenetv1Options(min_confidence=2), "min_confidence"),
        (lambda: fo.SsdMobilenetv1Options(min_confidence="high"), "min_confidence"),
        (lambda: fo.SsdMobilenetv1Options(max_results=0), "max_results"),
        (lambda: fo.detect_all_faces(np.zeros((4, 4, 3), np.uint8), {"minConfidence": 0.5}), "options must be"),
        (lambda: fo.detect_single_face(np.zeros((4, 4, 3), np.uint8), "tiny"), "options must be"),
    ],
)
def test_option_validation(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_defaults_are_faceapi_defaults():
    assert (fo.SsdMobilenetv1Options().min_confidence, fo.SsdMobilenetv1Options().max_results) == (0.5, 100)
    assert (fo.TinyFaceDetectorOptions().input_size, fo.TinyFaceDetectorOptions().score_threshold) == (416, 0.5)
    assert "SsdMobilenetv1Options" in repr(fo.detect_all_faces(np.zeros((4, 4, 3), np.uint8)))
