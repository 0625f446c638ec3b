"""preprocess: the virtual padding gives exactly the padded-then-resized pixels, tfjs sampling."""

from __future__ import annotations

import numpy as np
import pytest

from faceorganizer.nets.preprocess import pad_and_resize, pad_to_square, resize_bilinear, square_padding


@pytest.mark.parametrize("shape", [(30, 50), (50, 30), (31, 50), (50, 31), (40, 40), (7, 300)])
@pytest.mark.parametrize("center", [False, True])
@pytest.mark.parametrize("size", [16, 40, 112, 150])
def test_pad_and_resize_equals_padding_then_resizing(shape, center, size):
    image = np.random.default_rng(0).integers(0, 256, shape + (3,), dtype=np.uint8)
    padded = pad_to_square(image, center)
    want = resize_bilinear(padded, (size, size)) if padded.shape[0] != size else padded.astype(np.float32)
    np.testing.assert_array_equal(pad_and_resize(image, size, center), want)


def test_square_padding_follows_padToSquare():
    assert square_padding(30, 50, center=False) == (50, 0, 0)
    assert square_padding(30, 50, center=True) == (50, 10, 0)
    assert square_padding(50, 31, center=True) == (50, 0, 9)  # diff 19: 10 appended (rounded up), 9 before


def test_resize_bilinear_is_tf_legacy_sampling():
    """Source coordinate = dest * in/out (no half-pixel offset): a 4 -> 2 resize samples pixels 0 and 2."""
    image = np.arange(16, dtype=np.float32).reshape(4, 4, 1)
    np.testing.assert_array_equal(resize_bilinear(image, (2, 2))[..., 0], [[0, 2], [8, 10]])
    up = resize_bilinear(np.array([[0.0, 10.0]], np.float32).reshape(1, 2, 1), (1, 4))[..., 0]
    np.testing.assert_allclose(up, [[0, 5, 10, 10]])
