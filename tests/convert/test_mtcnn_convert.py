"""convert/mtcnn.py: the three ONNX stages compute what face-api.js's MTCNN computes.

The graphs avoid transposing their input (kernels transposed instead), fold the BGR swap and the
normalization into conv1, and reorder fc1's rows. Here each stage is recomputed the way face-api.js writes it
(BGR, ``(x - 127.5) / 128``, the input transposed, tfjs layouts, TF SAME pools), in numpy straight from the
weights manifest, and compared with onnxruntime on random pixels.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

onnx = pytest.importorskip("onnx", reason="the converter needs the onnx package (pip install .[convert])")


@pytest.fixture(scope="module")
def weights(faceapi_path):
    from faceorganizer.convert.manifest import read_weights

    return {k: w.values().astype(np.float64) for k, w in read_weights(faceapi_path("weights"), "mtcnn_model").items()}


def _session(net: str, faceapi_path):
    from faceorganizer.convert.build import build_model, serialize
    from faceorganizer.nets.session import create_session

    return create_session(serialize(build_model(net, faceapi_path("weights"))), threads=1)


# --- face-api.js's layers in numpy, NHWC, tfjs layouts -------------------------------------------------


def _conv(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """tf.conv2d(x, w [kh, kw, in, out], 1, 'valid') + b."""
    kh, kw = w.shape[:2]
    win = sliding_window_view(x, (kh, kw), axis=(1, 2))  # [N, H', W', C, kh, kw]
    return np.einsum("nhwcij,ijco->nhwo", win, w) + b


def _max_pool(x: np.ndarray, k: int, same: bool) -> np.ndarray:
    """tf.maxPool(x, k, 2, 'same' | 'valid'): SAME pads at the end with -inf (TF's rule)."""
    if same:
        pads = []
        for size in x.shape[1:3]:
            out = -(-size // 2)
            pads.append(max((out - 1) * 2 + k - size, 0))
        x = np.pad(x, ((0, 0), (pads[0] // 2, pads[0] - pads[0] // 2), (pads[1] // 2, pads[1] - pads[1] // 2), (0, 0)),
                   constant_values=-np.inf)  # fmt: skip
    win = sliding_window_view(x, (k, k), axis=(1, 2))[:, ::2, ::2]
    return win.max(axis=(-2, -1))


def _prelu(x: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0) + alpha * np.minimum(x, 0)


def _softmax_face(logits: np.ndarray) -> np.ndarray:
    e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return (e / e.sum(axis=-1, keepdims=True))[..., 1]


def _faceapi_input(rgb: np.ndarray) -> np.ndarray:
    """bgrToRgbTensor (which reverses the channels), normalize, transpose([0, 2, 1, 3])."""
    return np.transpose((rgb[..., ::-1] - 127.5) * 0.0078125, (0, 2, 1, 3))


def _shared(x: np.ndarray, w: dict, p: str, pnet: bool) -> np.ndarray:
    x = _prelu(_conv(x, w[f"{p}/conv1/weights"], w[f"{p}/conv1/bias"]), w[f"{p}/prelu1_alpha"])
    x = _max_pool(x, 2 if pnet else 3, same=True)
    x = _prelu(_conv(x, w[f"{p}/conv2/weights"], w[f"{p}/conv2/bias"]), w[f"{p}/prelu2_alpha"])
    if not pnet:
        x = _max_pool(x, 3, same=False)
    return _prelu(_conv(x, w[f"{p}/conv3/weights"], w[f"{p}/conv3/bias"]), w[f"{p}/prelu3_alpha"])


def _fc(x: np.ndarray, w: dict, key: str) -> np.ndarray:
    return x @ w[f"{key}/weights"] + w[f"{key}/bias"]


# --- the comparisons -----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(31, 40), (48, 37)])  # odd and even sides: the SAME pool pads differ
def test_pnet_is_faceapis_pnet(weights, faceapi_path, size):
    rgb = np.random.default_rng(0).uniform(0, 255, (1, *size, 3))
    x = _shared(_faceapi_input(rgb), weights, "pnet", pnet=True)
    prob = _softmax_face(_conv(x, weights["pnet/conv4_1/weights"], weights["pnet/conv4_1/bias"]))[0]
    regions = _conv(x, weights["pnet/conv4_2/weights"], weights["pnet/conv4_2/bias"])[0]
    scores, got_regions = _session("mtcnn_pnet", faceapi_path).run(None, {"input": rgb.astype(np.float32)})
    # face-api.js's maps are transposed (image x first); the graph's are in the image's orientation
    np.testing.assert_allclose(scores[0], prob.T, atol=2e-5)
    np.testing.assert_allclose(got_regions[0], np.transpose(regions, (1, 0, 2)), atol=2e-4)


def test_rnet_is_faceapis_rnet(weights, faceapi_path):
    rgb = np.random.default_rng(1).integers(0, 256, (5, 24, 24, 3)).astype(np.float64)
    x = _shared(_faceapi_input(rgb), weights, "rnet", pnet=False)
    x = _prelu(_fc(x.reshape(len(x), -1), weights, "rnet/fc1"), weights["rnet/prelu4_alpha"])
    scores, regions = _session("mtcnn_rnet", faceapi_path).run(None, {"input": rgb.astype(np.float32)})
    np.testing.assert_allclose(scores, _softmax_face(_fc(x, weights, "rnet/fc2_1")), atol=2e-5)
    np.testing.assert_allclose(regions, _fc(x, weights, "rnet/fc2_2"), atol=2e-4)


def test_onet_is_faceapis_onet(weights, faceapi_path):
    rgb = np.random.default_rng(2).integers(0, 256, (3, 48, 48, 3)).astype(np.float64)
    x = _max_pool(_shared(_faceapi_input(rgb), weights, "onet", pnet=False), 2, same=True)
    x = _prelu(_conv(x, weights["onet/conv4/weights"], weights["onet/conv4/bias"]), weights["onet/prelu4_alpha"])
    x = _prelu(_fc(x.reshape(len(x), -1), weights, "onet/fc1"), weights["onet/prelu5_alpha"])
    scores, regions, points = _session("mtcnn_onet", faceapi_path).run(None, {"input": rgb.astype(np.float32)})
    np.testing.assert_allclose(scores, _softmax_face(_fc(x, weights, "onet/fc2_1")), atol=2e-5)
    np.testing.assert_allclose(regions, _fc(x, weights, "onet/fc2_2"), atol=2e-4)
    np.testing.assert_allclose(points, _fc(x, weights, "onet/fc2_3"), atol=2e-4)


def test_unknown_stage_is_refused(weights):
    from faceorganizer.convert.mtcnn import build

    with pytest.raises(ValueError, match="not an MTCNN stage"):
        build({}, "mtcnn")
