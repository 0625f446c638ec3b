"""The TinyYolov2Base converter (tinyFaceDetector and tinyYolov2): its graphs compute what face-api.js's
``forwardInput`` / ``runMobilenet`` compute, written out again here in numpy from the manifests' tensors."""

from __future__ import annotations

import numpy as np
import pytest

from faceorganizer.convert import CONVERTERS
from faceorganizer.nets.session import create_session

onnx = pytest.importorskip("onnx", reason="the converter needs the onnx package (pip install .[convert])")

MEAN_RGB = np.array([117.001, 114.697, 97.404])  # tinyYolov2/const.js MEAN_RGB_SEPARABLE = tinyFaceDetector's


def _leaky(x: np.ndarray) -> np.ndarray:
    """face-api.js tinyYolov2/leaky.js: relu(x - 0.1x) + 0.1x."""
    low = x * 0.1
    return np.maximum(x - low, 0.0) + low


def _depthwise3x3(padded: np.ndarray, filters: np.ndarray) -> np.ndarray:
    """VALID 3x3 depthwise conv of NHWC ``padded`` with [3, 3, C] filters."""
    h, w = padded.shape[1] - 2, padded.shape[2] - 2
    return sum(padded[:, i : i + h, j : j + w, :] * filters[i, j] for i in range(3) for j in range(3))


def _conv3x3_valid(x: np.ndarray, filters: np.ndarray) -> np.ndarray:
    """VALID 3x3 conv of NHWC ``x`` with [3, 3, in, out] filters."""
    h, w = x.shape[1] - 2, x.shape[2] - 2
    return sum(x[:, i : i + h, j : j + w, :] @ filters[i, j] for i in range(3) for j in range(3))


def _separable(x: np.ndarray, t, prefix: str) -> np.ndarray:
    """tinyYolov2/depthwiseSeparableConv.js: pad 1, depthwise, pointwise, + bias, leaky."""
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    out = _depthwise3x3(padded, t(f"{prefix}/depthwise_filter")[:, :, :, 0])
    return _leaky(out @ t(f"{prefix}/pointwise_filter")[0, 0] + t(f"{prefix}/bias"))


def _max_pool_same(x: np.ndarray, stride: int) -> np.ndarray:
    """tf.maxPool(x, [2, 2], [stride, stride], 'same'): the odd extra cell padded at the bottom/right."""
    n = x.shape[1]
    out = -(-n // stride)
    total = max((out - 1) * stride + 2 - n, 0)
    before, after = total // 2, total - total // 2
    padded = np.pad(x, ((0, 0), (before, after), (before, after), (0, 0)), constant_values=-np.inf)
    windows = [padded[:, i : i + (out - 1) * stride + 1 : stride, j : j + (out - 1) * stride + 1 : stride, :]
               for i in range(2) for j in range(2)]  # fmt: skip
    return np.max(windows, axis=0)


def _faceapi_forward(x: np.ndarray, t, first_layer_conv2d: bool, layers: int) -> np.ndarray:
    """TinyYolov2Base.forwardInput + runMobilenet on an NHWC batch already padded and resized."""
    x = (x - MEAN_RGB) / 256.0
    if first_layer_conv2d:  # isFirstLayerConv2d: convLayer(x, conv0, 'valid', false) then leaky
        out = _leaky(_conv3x3_valid(x, t("conv0/filters")) + t("conv0/bias"))
    else:
        out = _separable(x, t, "conv0")
    for i, stride in enumerate((2, 2, 2, 2, 2, 1)):
        out = _max_pool_same(out, stride)
        if i < 5:
            out = _separable(out, t, f"conv{i + 1}")
    for i in range(6, layers):
        out = _separable(out, t, f"conv{i}")
    head = out @ t("conv8/filters")[0, 0] + t("conv8/bias")
    return head.reshape(*head.shape[:3], 5, 5)


@pytest.mark.parametrize(
    "net,first_layer_conv2d,layers",
    [("tiny_yolov2", False, 8), ("tiny_face_detector", True, 6)],
)
@pytest.mark.parametrize("size", [64, 96])  # 32k for an even and an odd k: the pools' pads must not depend on it
def test_graph_computes_faceapis_forward(net, first_layer_conv2d, layers, size, faceapi_path):
    from faceorganizer.convert.build import build_model, serialize
    from faceorganizer.convert.manifest import read_weights

    weights = read_weights(faceapi_path("weights"), CONVERTERS[net][1])

    def tensor(name: str) -> np.ndarray:
        return weights[name].values().astype(np.float64)

    x = np.random.default_rng(size).integers(0, 256, (2, size, size, 3)).astype(np.float32)
    want = _faceapi_forward(x.astype(np.float64), tensor, first_layer_conv2d, layers)
    (got,) = create_session(serialize(build_model(net, faceapi_path("weights")))).run(None, {"input": x})
    assert got.shape == want.shape == (2, size // 32, size // 32, 5, 5)
    np.testing.assert_allclose(got, want, atol=1e-5 * np.abs(want).max())  # measured: 5e-7 of it


def test_tiny_yolov2_graph_normalizes_before_its_padded_first_conv(faceapi_path):
    """conv0 of tinyYolov2 is zero-padded: the mean is subtracted in the graph, not folded into the weights."""
    from faceorganizer.convert.build import build_model

    graph = build_model("tiny_yolov2", faceapi_path("weights")).graph
    ops = [n.op_type for n in graph.node]
    assert ops[:3] == ["Transpose", "Sub", "Mul"]
    assert ops.count("MaxPool") == 6 and ops.count("LeakyRelu") == 8  # conv0..conv7, no batch norm
    pools = [list(a.ints) for n in graph.node if n.op_type == "MaxPool" for a in n.attribute if a.name == "pads"]
    assert pools == [[0, 0, 0, 0]] * 5 + [[0, 0, 1, 1]]
