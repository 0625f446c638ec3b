"""ageGenderNet: face-api.js's own expectations and exact parity with its outputs on PNG face crops."""

from __future__ import annotations

import numpy as np
import pytest

from faceorganizer.nets.age_gender import AgeGender, AgeGenderNet, to_prediction

# Measured against face-api.js 0.22.2 on all 44 PNG crops: max |age error| 3e-5 years, max
# |genderProbability error| 1.5e-6 (float32 rounding only); asserted with margin.
AGE_TOL = 1e-3
PROB_TOL = 1e-5

# EXPECTATIONS.md: ageGenderNet on face crops (age range, gender, minimum genderProbability)
EXPECTED = {
    "angry_cropped.jpg": ((36, 42), "male", 0.9),
    "surprised_cropped.jpg": ((24, 28), "female", 0.8),
}


@pytest.fixture(scope="module")
def net() -> AgeGenderNet:
    return AgeGenderNet()


def _check_expected(name: str, result: AgeGender) -> None:
    (lo, hi), gender, min_prob = EXPECTED[name]
    assert lo <= result.age <= hi, (name, result)
    assert result.gender == gender, (name, result)
    assert result.gender_probability >= min_prob, (name, result)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_expectations_single(net: AgeGenderNet, name: str, pil_rgb) -> None:
    (result,) = net.predict([pil_rgb("test-images", name)])
    _check_expected(name, result)


def test_expectations_batched(net: AgeGenderNet, pil_rgb) -> None:
    names = sorted(EXPECTED)
    faces = [pil_rgb("test-images", n) for n in names]
    batched = net.predict(faces)
    assert len(batched) == len(names)
    for name, face, result in zip(names, faces, batched, strict=True):
        _check_expected(name, result)
        (single,) = net.predict([face])
        assert single.gender == result.gender
        assert abs(single.age - result.age) < AGE_TOL
        assert abs(single.gender_probability - result.gender_probability) < PROB_TOL


def _png_references(reference: dict, folder: str) -> list[tuple[str, dict]]:
    out = []
    for key, entry in reference.items():
        if key == "_meta" or not key.endswith(".png"):
            continue
        (face,) = entry["whole"]["faces"]
        out.append((f"{folder}/{key}", face))
    return out


def test_parity_with_faceapi_on_png_crops(
    net: AgeGenderNet, reference_examples_whole: dict, reference_test_images_whole: dict, pil_rgb
) -> None:
    """Whole PNG image = face crop, as face-api.js's reference: same pixels, so outputs must agree."""
    refs = _png_references(reference_examples_whole, "examples") + _png_references(
        reference_test_images_whole, "test-images"
    )
    assert len(refs) >= 40
    # includes face_rectangular.png (178x122): checks the centred padding to square
    faces = [pil_rgb(*path.split("/")) for path, _ in refs]
    results = net.predict(faces)  # all crops in one batch
    age_err = np.array([abs(r.age - ref["age"]) for r, (_, ref) in zip(results, refs, strict=True)])
    prob_err = np.array(
        [abs(r.gender_probability - ref["genderProbability"]) for r, (_, ref) in zip(results, refs, strict=True)]
    )
    for result, (path, ref) in zip(results, refs, strict=True):
        assert result.gender == ref["gender"], path
    worst = refs[int(age_err.argmax())][0]
    assert age_err.max() < AGE_TOL, f"max age error {age_err.max():.2e} ({worst})"
    assert prob_err.max() < PROB_TOL, f"max genderProbability error {prob_err.max():.2e}"


def test_gender_mapping_follows_faceapi() -> None:
    """Softmax index 0 is male; exactly 0.5 counts as female (face-api.js tests probMale > 0.5)."""
    assert to_prediction(30.0, 0.8) == AgeGender(30.0, "male", 0.8)
    female = to_prediction(30.0, 0.25)
    assert female.gender == "female" and female.gender_probability == pytest.approx(0.75)
    assert to_prediction(30.0, 0.5).gender == "female"


def test_empty_batch(net: AgeGenderNet) -> None:
    assert net.predict([]) == []
