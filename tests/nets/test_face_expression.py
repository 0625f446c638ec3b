"""faceExpressionNet: face-api.js's own expectations and exact parity with its outputs on PNG face crops."""

from __future__ import annotations

import numpy as np
import pytest

from faceorganizer.nets.face_expression import FACE_EXPRESSION_LABELS, FaceExpressionNet

# Measured against face-api.js 0.22.2 on all 44 PNG crops: max |probability error| 3.3e-6 (float32
# rounding only); asserted with margin.
PROB_TOL = 1e-4
BATCH_TOL = 1e-5

# EXPECTATIONS.md: faceExpressionNet on face crops -> expression that must exceed 0.95
EXPECTED = {"angry_cropped.jpg": "angry", "surprised_cropped.jpg": "surprised"}


@pytest.fixture(scope="module")
def net() -> FaceExpressionNet:
    return FaceExpressionNet()


def test_labels_in_faceapi_order() -> None:
    assert FACE_EXPRESSION_LABELS == ("neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_expectations_single(net: FaceExpressionNet, name: str, pil_rgb) -> None:
    (probs,) = net.predict([pil_rgb("test-images", name)])
    assert probs.shape == (7,)
    assert probs[FACE_EXPRESSION_LABELS.index(EXPECTED[name])] > 0.95, dict(
        zip(FACE_EXPRESSION_LABELS, probs, strict=True)
    )


def test_expectations_batched(net: FaceExpressionNet, pil_rgb) -> None:
    names = sorted(EXPECTED)
    faces = [pil_rgb("test-images", n) for n in names]
    batched = net.predict(faces)
    assert batched.shape == (len(names), 7)
    for name, face, probs in zip(names, faces, batched, strict=True):
        assert probs[FACE_EXPRESSION_LABELS.index(EXPECTED[name])] > 0.95, name
        np.testing.assert_allclose(probs, net.predict([face])[0], atol=BATCH_TOL, err_msg=name)


def _png_references(reference: dict, folder: str) -> list[tuple[str, dict]]:
    return [
        (f"{folder}/{key}", entry["whole"]["faces"][0])
        for key, entry in reference.items()
        if key != "_meta" and key.endswith(".png")
    ]


def test_parity_with_faceapi_on_png_crops(
    net: FaceExpressionNet, reference_examples_whole: dict, reference_test_images_whole: dict, pil_rgb
) -> None:
    """Whole PNG image = face crop, as face-api.js's reference: same pixels, so probabilities must agree."""
    refs = _png_references(reference_examples_whole, "examples") + _png_references(
        reference_test_images_whole, "test-images"
    )
    assert len(refs) >= 40
    faces = [pil_rgb(*path.split("/")) for path, _ in refs]
    results = net.predict(faces)  # all crops in one batch
    expected = np.array([[ref["expressions"][label] for label in FACE_EXPRESSION_LABELS] for _, ref in refs])
    err = np.abs(results - expected)
    np.testing.assert_allclose(results.sum(axis=1), 1.0, atol=1e-5)
    worst = refs[int(err.max(axis=1).argmax())][0]
    assert err.max() < PROB_TOL, f"max probability error {err.max():.2e} ({worst})"


def test_empty_batch(net: FaceExpressionNet) -> None:
    assert net.predict([]).shape == (0, 7)
