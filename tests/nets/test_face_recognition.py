"""faceRecognitionNet: descriptors match face-api.js's own outputs and its test expectations."""

from __future__ import annotations

import numpy as np
import onnx
import pytest

from faceorganizer.nets.face_recognition import FaceRecognitionNet
from faceorganizer.nets.session import model_path

# face-api.js's own test: euclidean distance to test-data/faceDescriptor*.json below 0.1
EXPECTATION_TOLERANCE = 0.1
# vs reference/*.whole.json on identical pixels; measured here: max 1.6e-5, median 1.2e-5 (44 PNGs)
PARITY_TOLERANCE = 1e-4
# one face alone vs the same face in a batch: only float summation order may differ
BATCH_TOLERANCE = 1e-5

EXPECTATION_CASES = [
    ("face1.png", "faceDescriptor1.json"),
    ("face2.png", "faceDescriptor2.json"),
    ("face_rectangular.png", "faceDescriptorRect.json"),
]


@pytest.fixture(scope="module")
def net() -> FaceRecognitionNet:
    return FaceRecognitionNet()


def _whole_pngs(pil_rgb, reference: dict, folder: str) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(key, pixels, face-api.js descriptor) of every PNG entry (PNG pixels equal Pillow's exactly)."""
    out = []
    for key, entry in reference.items():
        if key == "_meta" or not key.endswith(".png"):
            continue
        (face,) = entry["whole"]["faces"]
        out.append((key, pil_rgb(folder, key), np.asarray(face["descriptor"], dtype=np.float32)))
    return out


def _distances(net: FaceRecognitionNet, cases: list[tuple[str, np.ndarray, np.ndarray]]) -> np.ndarray:
    got = net.predict([img for _, img, _ in cases])
    return np.linalg.norm(got - np.stack([ref for _, _, ref in cases]), axis=1)


@pytest.mark.parametrize(("image", "expected"), EXPECTATION_CASES)
def test_expectation_single(net: FaceRecognitionNet, image: str, expected: str, pil_rgb, load_json) -> None:
    got = net.predict([pil_rgb("test-images", image)])
    assert got.shape == (1, 128) and got.dtype == np.float32
    ref = np.asarray(load_json("test-data", expected), dtype=np.float32)
    assert np.linalg.norm(got[0] - ref) < EXPECTATION_TOLERANCE


def test_expectation_batched(net: FaceRecognitionNet, pil_rgb, load_json) -> None:
    got = net.predict([pil_rgb("test-images", image) for image, _ in EXPECTATION_CASES])
    refs = np.stack([np.asarray(load_json("test-data", e), dtype=np.float32) for _, e in EXPECTATION_CASES])
    assert got.shape == (3, 128)
    assert np.all(np.linalg.norm(got - refs, axis=1) < EXPECTATION_TOLERANCE)


def test_parity_examples_whole(net: FaceRecognitionNet, reference_examples_whole: dict, pil_rgb) -> None:
    cases = _whole_pngs(pil_rgb, reference_examples_whole, "examples")
    assert len(cases) == 40
    dist = _distances(net, cases)
    worst = cases[int(np.argmax(dist))][0]
    assert dist.max() < PARITY_TOLERANCE, f"max {dist.max():.2e} ({worst}), median {np.median(dist):.2e}"


def test_parity_test_images_whole(net: FaceRecognitionNet, reference_test_images_whole: dict, pil_rgb) -> None:
    # includes face_rectangular.png (122x178): checks centred padding + tfjs bilinear resize
    cases = _whole_pngs(pil_rgb, reference_test_images_whole, "test-images")
    assert {"face1.png", "face2.png", "face_rectangular.png"} <= {key for key, _, _ in cases}
    dist = _distances(net, cases)
    assert dist.max() < PARITY_TOLERANCE, dict(zip([k for k, _, _ in cases], dist.tolist(), strict=True))


def test_batched_equals_single(net: FaceRecognitionNet, pil_rgb) -> None:
    faces = [pil_rgb("test-images", image) for image, _ in EXPECTATION_CASES]
    batched = net.predict(faces)
    singles = np.concatenate([net.predict([face]) for face in faces])
    np.testing.assert_allclose(batched, singles, atol=BATCH_TOLERANCE, rtol=0)


def test_empty_batch(net: FaceRecognitionNet) -> None:
    got = net.predict([])
    assert got.shape == (0, 128) and got.dtype == np.float32


def test_model_keeps_quantized_weights_small() -> None:
    # the uint8 weights stay uint8 in the file: about the size of face-api.js's shard (6.4 MB)
    model = onnx.load(str(model_path(FaceRecognitionNet.model_file)))
    uint8_bytes = sum(len(t.raw_data) for t in model.graph.initializer if t.data_type == onnx.TensorProto.UINT8)
    assert uint8_bytes > 4_000_000
    assert model_path(FaceRecognitionNet.model_file).stat().st_size < 7_000_000
    (inp,) = model.graph.input
    (out,) = model.graph.output
    assert (inp.name, out.name) == ("input", "descriptor")
