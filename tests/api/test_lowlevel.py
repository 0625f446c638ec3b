"""face-api.js's low-level API (fo.ssd_mobilenetv1, fo.detect_face_landmarks, ...) and fo.nets with
load_from_disk, against face-api.js's own outputs (whole image = face for the face nets)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

import faceorganizer as fo
from faceorganizer.nets import NetRegistry
from faceorganizer.nets.session import models_dir

# PNG face crops: lossless, so face-api.js (pngjs) saw exactly Pillow's pixels
CROPS = ("face1.png", "face2.png", "face_rectangular.png")
NET_NAMES = (
    "ssd_mobilenetv1",
    "tiny_face_detector",
    "tiny_yolov2",
    "face_landmark_68",
    "face_landmark_68_tiny",
    "face_recognition",
    "face_expression",
    "age_gender",
)


@pytest.fixture(scope="module")
def whole(load_json, pil_rgb):
    """``whole(name)``: face-api.js's face for a face crop of test-images taken whole (its pixels checked)."""

    def face(name: str) -> dict:
        entry = load_json("reference", "test-images.whole.json")[name]
        pixels = pil_rgb("test-images", name)
        assert hashlib.sha1(pixels.tobytes()).hexdigest() == entry["image"]["rgbSha1"], name
        return entry["whole"]["faces"][0]

    return face


def _mean_dist(a, b) -> float:
    return float(np.linalg.norm(np.asarray(a) - np.asarray(b), axis=1).mean())


def test_face_nets_on_one_image_match_faceapi(whole, faceapi_path, pil_rgb, parity):
    """Each call on one face image (a path here) gives face-api.js's result for that image."""
    for name in CROPS:
        ref, path = whole(name), faceapi_path("test-images", name)
        h, w = pil_rgb("test-images", name).shape[:2]
        lm = fo.detect_face_landmarks(path)
        assert isinstance(lm, fo.FaceLandmarks68)
        assert (lm.image_width, lm.image_height, lm.shift) == (w, h, fo.Point(0.0, 0.0))
        assert _mean_dist(lm.positions, ref["landmarks"]) <= parity.tolerance["landmarks"]
        assert _mean_dist(fo.detect_face_landmarks_tiny(path).positions, ref["landmarksTiny"]) <= 1e-3
        desc = fo.compute_face_descriptor(path)
        assert desc.shape == (128,) and desc.dtype == np.float32
        assert np.linalg.norm(desc - ref["descriptor"]) <= parity.tolerance["descriptor"]
        expr = fo.recognize_face_expressions(path)
        assert isinstance(expr, fo.FaceExpressions)
        assert max(abs(expr[k] - v) for k, v in ref["expressions"].items()) <= parity.tolerance["expressions"]
        ag = fo.predict_age_and_gender(path)
        assert abs(ag.age - ref["age"]) <= parity.tolerance["age"]
        assert ag.gender == ref["gender"] and ag.gender == fo.Gender(ref["gender"])
        assert abs(ag.gender_probability - ref["genderProbability"]) <= parity.tolerance["gender_probability"]


def test_face_nets_on_a_list_return_a_list_in_order(whole, pil_rgb, parity):
    refs = [whole(n) for n in CROPS]
    faces = [Image.fromarray(pil_rgb("test-images", n)) for n in CROPS]  # PIL images, one batch
    for lm, ref in zip(fo.detect_face_landmarks(faces), refs, strict=True):
        assert _mean_dist(lm.positions, ref["landmarks"]) <= parity.tolerance["landmarks"]
    for d, ref in zip(fo.compute_face_descriptor(faces), refs, strict=True):
        assert np.linalg.norm(d - ref["descriptor"]) <= parity.tolerance["descriptor"]
    for e, ref in zip(fo.recognize_face_expressions(faces), refs, strict=True):
        assert e.dominant == max(ref["expressions"], key=ref["expressions"].get)
    assert [ag.gender for ag in fo.predict_age_and_gender(faces)] == [r["gender"] for r in refs]
    # an N x H x W x 3 array is a batch too
    stacked = np.stack([pil_rgb("test-images", n) for n in CROPS[:2]])
    batch = fo.detect_face_landmarks_tiny(stacked)
    assert isinstance(batch, list) and len(batch) == 2
    assert _mean_dist(batch[1].positions, refs[1]["landmarksTiny"]) <= 1e-3


def test_detectors_match_faceapi(load_json, pil_rgb, parity, faceapi_extra):
    img = pil_rgb("test-images", "faces.jpg")
    ref = load_json("reference", "test-images.pil-decoded.json")["faces.jpg"]["ssd"]["faces"]
    dets = fo.ssd_mobilenetv1(img, fo.SsdMobilenetv1Options(min_confidence=0.5))
    assert all(isinstance(d, fo.FaceDetection) for d in dets)
    assert len(dets) == len(parity.match_faces(ref, [_Face(d) for d in dets])) == len(ref)
    assert fo.locate_faces is fo.ssd_mobilenetv1 and fo.detect_landmarks is fo.detect_face_landmarks
    tiny320 = faceapi_extra["test-images/faces.jpg"]["tiny320"]["faces"]
    white = pil_rgb("test-images", "white.png")
    found, none = fo.tiny_face_detector([img, white], fo.TinyFaceDetectorOptions(input_size=320))
    assert none == []
    pairs = parity.match_faces(tiny320, [_Face(d) for d in found])
    assert len(found) == len(pairs) == len(tiny320)
    for rf, f in pairs:
        assert abs(rf["detection"]["score"] - f.score) <= parity.tolerance["score"]


class _Face:
    """A detection seen as a face result by parity.match_faces."""

    def __init__(self, d):
        self.box, self.score = d.box, d.score


def test_detector_options_must_match_the_detector():
    img = np.zeros((32, 32, 3), np.uint8)
    with pytest.raises(ValueError, match="SsdMobilenetv1Options"):
        fo.ssd_mobilenetv1(img, fo.TinyFaceDetectorOptions())
    with pytest.raises(ValueError, match="TinyFaceDetectorOptions"):
        fo.tiny_face_detector(img, fo.SsdMobilenetv1Options())
    with pytest.raises(ValueError, match="TinyYolov2Options"):
        fo.tiny_yolov2(img, fo.TinyFaceDetectorOptions())


def test_nets_registry_has_every_faceapi_net():
    assert isinstance(fo.nets, NetRegistry)
    for name in NET_NAMES:
        net = getattr(fo.nets, name)
        assert net is getattr(fo.nets, name), "one shared instance per net"
        assert net.net_name == name
        assert callable(net.load_from_disk) and isinstance(net.is_loaded, bool)


def test_load_from_disk_onnx_file_and_faceapi_weights_folder(faceapi_path, pil_rgb):
    weights = faceapi_path("weights")
    face = [pil_rgb("test-images", "face1.png")]
    bundled = NetRegistry().face_landmark_68_tiny
    want = bundled.predict(face)

    nets = NetRegistry()
    assert not nets.face_landmark_68_tiny.is_loaded
    nets.face_landmark_68_tiny.load_from_disk(weights)  # manifest + shards, converted in memory
    assert nets.face_landmark_68_tiny.is_loaded
    np.testing.assert_array_equal(nets.face_landmark_68_tiny.predict(face), want)

    manifest = NetRegistry().face_landmark_68_tiny
    manifest.load_from_disk(weights / "face_landmark_68_tiny_model-weights_manifest.json")
    np.testing.assert_array_equal(manifest.predict(face), want)

    onnx_file = NetRegistry().face_landmark_68_tiny
    onnx_file.load_from_disk(models_dir() / "face_landmark_68_tiny.onnx")
    np.testing.assert_array_equal(onnx_file.predict(face), want)


def test_load_from_disk_uses_the_given_weights(tmp_path, faceapi_path, pil_rgb):
    """Retrained weights: a copy of the folder with changed values gives other landmarks."""
    src = faceapi_path("weights")
    shutil.copy(src / "face_landmark_68_tiny_model-weights_manifest.json", tmp_path)
    data = bytearray((src / "face_landmark_68_tiny_model.bin").read_bytes())
    data[: len(data) // 2] = bytes(len(data) // 2)  # zero the first half of the quantized weights
    (tmp_path / "face_landmark_68_tiny_model.bin").write_bytes(bytes(data))
    face = [pil_rgb("test-images", "face1.png")]
    net = NetRegistry().face_landmark_68_tiny
    net.load_from_disk(tmp_path)
    assert np.abs(net.predict(face) - NetRegistry().face_landmark_68_tiny.predict(face)).max() > 1.0


def test_load_from_disk_errors(tmp_path, monkeypatch, faceapi_path):
    net = NetRegistry().face_expression
    with pytest.raises(FileNotFoundError, match="no such ONNX file"):
        net.load_from_disk(tmp_path / "missing.onnx")
    with pytest.raises(ValueError, match="face_expression_model-weights_manifest.json"):
        net.load_from_disk(faceapi_path("weights", "age_gender_model-weights_manifest.json"))
    with pytest.raises(ValueError, match="no weights manifest"):
        net.load_from_disk(tmp_path)  # an empty folder
    # without the onnx package a weights folder cannot be converted: say what to install
    monkeypatch.setitem(sys.modules, "onnx", None)
    monkeypatch.delitem(sys.modules, "faceorganizer.convert.build", raising=False)
    with pytest.raises(ImportError, match=r"pip install faceorganizer\[convert\]"):
        net.load_from_disk(tmp_path)
    assert not net.is_loaded


def test_import_is_lazy_and_nets_stays_the_registry():
    """`import faceorganizer` loads no onnxruntime; importing the nets subpackage keeps fo.nets the registry."""
    code = (
        "import sys, faceorganizer as fo\n"
        "assert 'onnxruntime' not in sys.modules and 'faceorganizer.api' not in sys.modules\n"
        "import faceorganizer.nets.base\n"
        "from faceorganizer.nets import NetRegistry\n"
        "assert isinstance(fo.nets, NetRegistry) and not fo.nets.age_gender.is_loaded\n"
        "assert callable(fo.detect_all_faces) and 'detect_all_faces' in dir(fo)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    with pytest.raises(AttributeError, match="no attribute 'detect_all_face'"):
        fo.detect_all_face  # noqa: B018
