"""Every face-crop net checks its inputs the same way (nets.base.check_faces): bad crops, clear errors."""

from __future__ import annotations

import numpy as np
import pytest

from faceorganizer.nets import registry

FACE_NETS = ["face_landmark_68", "face_landmark_68_tiny", "face_recognition", "face_expression", "age_gender"]
BAD_CROPS = {
    "2-D": np.zeros((10, 10), np.uint8),
    "4 channels": np.zeros((10, 10, 4), np.uint8),
    "no rows": np.zeros((0, 10, 3), np.uint8),
    "no columns": np.zeros((10, 0, 3), np.uint8),
    "nested list": [[1, 2, 3]],
}


@pytest.mark.parametrize("name", FACE_NETS)
@pytest.mark.parametrize("bad", BAD_CROPS.values(), ids=BAD_CROPS.keys())
def test_bad_crop_raises_naming_the_face(name, bad):
    with pytest.raises(ValueError, match="face 0"):
        getattr(registry(), name).predict([bad])


@pytest.mark.parametrize("name", FACE_NETS)
def test_one_array_instead_of_a_list_raises(name):
    with pytest.raises(ValueError, match="sequence"):
        getattr(registry(), name).predict(np.zeros((112, 112, 3), np.uint8))


def _values(result) -> np.ndarray:
    """A net's predictions as one float array (age/gender predictions as (age, probability) rows)."""
    if isinstance(result, list):
        return np.array([(p.age, p.gender_probability) for p in result])
    return np.asarray(result, dtype=np.float64)


@pytest.mark.parametrize("name", FACE_NETS)
def test_canvas_input_switch(name):
    """``canvas=True`` (face-api.js's canvas input, the MTCNN chain) changes only the resampling: a square crop of
    the net's input size reaches the net unchanged on both paths; another crop is resampled differently."""
    net = getattr(registry(), name)
    size = 150 if name == "face_recognition" else 112
    rng = np.random.default_rng(0)
    square = rng.integers(0, 256, (size, size, 3), dtype=np.uint8)
    np.testing.assert_array_equal(_values(net.predict([square], canvas=True)), _values(net.predict([square])))
    other = rng.integers(0, 256, (90, 70, 3), dtype=np.uint8)
    assert not np.array_equal(_values(net.predict([other], canvas=True)), _values(net.predict([other])))
