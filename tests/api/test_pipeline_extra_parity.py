"""Our pipeline agrees with face-api.js 0.22.2 on compositions the shared references do not cover.

tests/data/faceapi-extra.pil-decoded.json holds face-api.js's own outputs (written by
benchmarks/faceapi_outputs.py, see its "_meta") on the same Pillow-decoded pixels, for: expressions
and age/gender without landmarks (crops = detection boxes), detectSingleFace, the tiny landmark net
followed by descriptors, TinyFaceDetector at inputSize 320 and SSD at minConfidence 0.7. Same pixels
in, so the tolerances are those of test_pipeline_parity.py.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import pytest

from faceorganizer.api.analyze import Stages, analyze, analyze_faces, detect
from faceorganizer.api.options import SsdMobilenetv1Options, TinyFaceDetectorOptions
from faceorganizer.geometry import Box

#: committed, and read at collection time to list the cases (the faceapi_extra fixture holds the same)
FIXTURE = Path(__file__).resolve().parents[1] / "data" / "faceapi-extra.pil-decoded.json"

UNALIGNED = Stages(landmarks=False, descriptors=False)
# name -> (detector options, stages after detection or None for detections only, single face?)
PIPELINES = {
    "ssd_unaligned": (SsdMobilenetv1Options(min_confidence=0.5), UNALIGNED, False),
    "tiny_unaligned": (TinyFaceDetectorOptions(input_size=416, score_threshold=0.5), UNALIGNED, False),
    "ssd_single": (SsdMobilenetv1Options(), Stages(), True),
    "tiny_single_lmtiny": (
        TinyFaceDetectorOptions(),
        Stages(tiny_landmarks=True, expressions=False, age_gender=False),
        True,
    ),
    "tiny320": (TinyFaceDetectorOptions(input_size=320), None, False),
    "ssd_mc07": (SsdMobilenetv1Options(min_confidence=0.7), None, False),
}

# Which reference field says a stage ran, and our FaceResult attribute that must then be set.
COMPUTED = {"landmarks": "landmarks", "expressions": "expressions", "age": "age", "descriptor": "descriptor"}


@lru_cache(maxsize=1)
def _fixture() -> dict:
    return json.loads(FIXTURE.read_text())


@pytest.fixture(scope="module")
def pixels_of(pil_rgb):
    """``pixels_of(key)``: the image exactly as the fixture got it; fails loudly if this Pillow decodes it
    differently."""

    @cache
    def pixels(key: str) -> np.ndarray:
        pixels = pil_rgb(*key.split("/"))
        want = _fixture()[key]["image"]["rgbSha1"]
        got = hashlib.sha1(np.ascontiguousarray(pixels).tobytes()).hexdigest()
        assert got == want, (
            f"{key}: Pillow's pixels differ from the ones face-api.js was given "
            f"({_fixture()['_meta']['decoder']}); regenerate the fixture with benchmarks/faceapi_outputs.py"
        )
        return pixels

    return pixels


def single_face(faces: list) -> list:
    """face-api.js's detectSingleFace rule: the first detection (in detector order) with the highest score."""
    if not faces:
        return []
    best = faces[0]
    for f in faces[1:]:
        if f.score > best.score:  # strictly greater: ties keep the earlier detection, as face-api.js
            best = f
    return [best]


def _box_deviation(ref: dict, box: Box | None) -> float:
    if box is None:
        return float("inf")
    return max(abs(ref[k] - getattr(box, k)) for k in ("x", "y", "width", "height"))


def _cases():
    keys = [k for k in _fixture() if not k.startswith("_")]
    for pipeline in PIPELINES:
        for key in keys:
            yield pytest.param(pipeline, key, id=f"{pipeline}-{key}")


def test_fixture_documents_its_pipelines():
    meta = _fixture()["_meta"]
    assert meta["library"] == "face-api.js@0.22.2"
    assert set(meta["pipelines"]) == set(PIPELINES)


@pytest.mark.parametrize("pipeline,key", list(_cases()))
def test_pipeline_matches_faceapi(pipeline, key, pixels_of, parity):
    options, stages, single = PIPELINES[pipeline]
    pixels = pixels_of(key)
    ref_faces = _fixture()[key][pipeline]["faces"]
    if single:  # as face-api.js: pick the face among the detections, then run the nets on it alone
        mine = analyze_faces(pixels, single_face(detect(pixels, options)), stages)
    else:
        mine = detect(pixels, options) if stages is None else analyze(pixels, options, stages)
    assert len(mine) == len(ref_faces), f"{len(mine)} faces, face-api.js found {len(ref_faces)}"
    pairs = parity.match_faces(ref_faces, mine)
    assert len(pairs) == len(ref_faces), "some faces do not overlap face-api.js's"
    for rf, face in pairs:
        where = f"face at {rf['detection']['box']}"
        if stages is not None:
            for ref_field, attr in COMPUTED.items():
                computed = getattr(face, attr) is not None
                assert computed == (ref_field in rf), f"{where}: {attr} computed={computed}, face-api.js differs"
        dev = parity.face_deviations(rf, face)
        if "alignedRect" in rf:
            dev["aligned_box"] = _box_deviation(rf["alignedRect"], face.aligned_box)
        if "descriptorRect" in rf:
            dev["descriptor_box"] = _box_deviation(rf["descriptorRect"], face.descriptor_box)
        for what, value in dev.items():
            assert value <= parity.tolerance[what], f"{where}: {what} off by {value}"
