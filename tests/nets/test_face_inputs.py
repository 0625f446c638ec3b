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
