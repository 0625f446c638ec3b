"""Converts face-api.js's faceRecognitionNet (ResNet-34-like, dlib weights) to ONNX: 150x150 face -> 128-d.

Semantics, from face-api.js 0.22.2 ``faceRecognitionNet/*.js``:

- input: the batch is padded to square (centred) and resized to 150 outside the graph; the graph
  subtracts the mean RGB (122.782, 117.001, 104.298) and divides by 256 (not 255);
- every "conv layer" is conv + bias, then a per-channel "scale" layer (``x * weights + biases``),
  then (except the second conv of a residual block) ReLU. The scale layer folds into the conv:
  ``W' = W * s`` and ``b' = b * s + b2``, computed in-graph from the stored uint8 weights so the
  file stays small; onnxruntime folds the constant subgraph when the session is created;
- stem: 7x7 stride-2 VALID conv (150 -> 72), 3x3 stride-2 VALID max pool (72 -> 35);
- residual block: 3x3 SAME conv + ReLU, 3x3 SAME conv, add the input, ReLU;
- down block: 3x3 stride-2 VALID conv + ReLU, 3x3 SAME conv; the shortcut is a 2x2 stride-2 VALID
  average pool, zero-padded on channels when the block widens. When the conv branch comes out
  smaller than the pool (8 -> 3 vs 4, 4 -> 1 vs 2) it is zero-padded by one row at the bottom and
  one column at the right, after its scale layer; then add, ReLU. Spatial sizes:
  35 -> 17 -> 8 -> 4 -> 2;
- head: mean over H, W, then ``x @ fc`` with fc [256, 128] as stored; no L2 normalization.
"""

from __future__ import annotations

import numpy as np
import onnx

from .graph import GraphBuilder
from .manifest import WeightTensor

INPUT_SIZE = 150
MEAN_RGB = (122.782, 117.001, 104.298)
NORM_DIVISOR = 256.0
DESCRIPTOR_SIZE = 128

# (block name, is a down block); order as FaceRecognitionNet.forwardInput
BLOCKS: tuple[tuple[str, bool], ...] = (
    ("conv32_1", False),
    ("conv32_2", False),
    ("conv32_3", False),
    ("conv64_down", True),
    ("conv64_1", False),
    ("conv64_2", False),
    ("conv64_3", False),
    ("conv128_down", True),
    ("conv128_1", False),
    ("conv128_2", False),
    ("conv256_down", True),
    ("conv256_1", False),
    ("conv256_2", False),
    ("conv256_down_out", True),
)


def _valid(size: int, kernel: int, stride: int) -> int:
    return (size - kernel) // stride + 1


class _Builder:
    """Emits face-api.js's layer types into a GraphBuilder."""

    def __init__(self, g: GraphBuilder) -> None:
        self.g = g

    def conv_layer(self, x: str, prefix: str, *, stride: int, valid: bool, relu: bool) -> str:
        """face-api.js convLayer: conv + bias, scale layer folded in, optional ReLU."""
        g = self.g
        shape = g.weights[f"{prefix}/conv/filters"].shape  # [kh, kw, in, out]
        kernel, out_ch = shape[0], shape[3]
        w = g.weight(f"{prefix}/conv/filters", perm=(3, 2, 0, 1))
        b = g.weight(f"{prefix}/conv/bias")
        s = g.weight(f"{prefix}/scale/weights")
        b2 = g.weight(f"{prefix}/scale/biases")
        s4 = g.node("Reshape", [s, g.const_i64([out_ch, 1, 1, 1], f"{prefix}/scale/shape")], name=f"{prefix}/s4")
        w = g.node("Mul", [w, s4], name=f"{prefix}/w_scaled")
        b = g.node("Add", [g.node("Mul", [b, s], name=f"{prefix}/b_scaled"), b2], name=f"{prefix}/b_folded")
        pad = 0 if valid else kernel // 2  # stride-1 SAME with an odd kernel is symmetric
        out = g.conv(x, w, b, kernel=kernel, stride=stride, pads=[pad] * 4, name=f"{prefix}/conv")
        return g.node("Relu", [out], name=f"{prefix}/relu") if relu else out

    def residual(self, x: str, name: str) -> str:
        out = self.conv_layer(x, f"{name}/conv1", stride=1, valid=False, relu=True)
        out = self.conv_layer(out, f"{name}/conv2", stride=1, valid=False, relu=False)
        return self.g.node("Relu", [self.g.node("Add", [out, x], name=f"{name}/add")], name=f"{name}/relu")

    def residual_down(self, x: str, name: str, size: int, in_ch: int) -> tuple[str, int]:
        """Down block on a ``size``x``size`` input with ``in_ch`` channels; returns (value, new size)."""
        g = self.g
        out_ch = g.weights[f"{name}/conv2/conv/filters"].shape[3]
        out = self.conv_layer(x, f"{name}/conv1", stride=2, valid=True, relu=True)
        out = self.conv_layer(out, f"{name}/conv2", stride=1, valid=False, relu=False)
        conv_size, pool_size = _valid(size, 3, 2), _valid(size, 2, 2)
        pooled = g.node("AveragePool", [x], name=f"{name}/pool", kernel_shape=[2, 2], strides=[2, 2])
        if conv_size != pool_size:
            # face-api.js appends exactly one zero row (bottom) and one zero column (right)
            if pool_size - conv_size != 1:
                raise ValueError(f"{name}: conv {conv_size} vs pool {pool_size} is not face-api.js's case")
            pads = g.const_i64([0, 0, 0, 0, 0, 0, 1, 1], f"{name}/spatial_pads")
            out = g.node("Pad", [out, pads], name=f"{name}/pad_spatial")
        if out_ch != in_ch:
            pads = g.const_i64([0, 0, 0, 0, 0, out_ch - in_ch, 0, 0], f"{name}/channel_pads")
            pooled = g.node("Pad", [pooled, pads], name=f"{name}/pad_channels")
        added = g.node("Add", [pooled, out], name=f"{name}/add")
        return g.node("Relu", [added], name=f"{name}/relu"), pool_size


def build(weights: dict[str, WeightTensor], net: str = "face_recognition") -> onnx.ModelProto:
    """ONNX graph: "input" [N,150,150,3] RGB 0..255 (padded, resized) -> "descriptor" [N,128]."""
    g = GraphBuilder(net, weights)
    b = _Builder(g)
    x = g.input("input", ["N", INPUT_SIZE, INPUT_SIZE, 3])
    x = g.node("Transpose", [x], name="to_nchw", perm=[0, 3, 1, 2])
    mean = g.const(np.asarray(MEAN_RGB, dtype=np.float32).reshape(1, 3, 1, 1), "mean_rgb")
    x = g.node("Sub", [x, mean], name="sub_mean")
    x = g.node("Div", [x, g.const(np.float32(NORM_DIVISOR), "divisor")], name="normalize")

    x = b.conv_layer(x, "conv32_down", stride=2, valid=True, relu=True)
    size = _valid(INPUT_SIZE, 7, 2)
    x = g.node("MaxPool", [x], name="max_pool", kernel_shape=[3, 3], strides=[2, 2])
    size = _valid(size, 3, 2)
    channels = weights["conv32_down/conv/filters"].shape[3]
    for name, down in BLOCKS:
        if down:
            x, size = b.residual_down(x, name, size, channels)
            channels = weights[f"{name}/conv2/conv/filters"].shape[3]
        else:
            x = b.residual(x, name)

    x = g.node("ReduceMean", [x], name="global_avg", axes=[2, 3], keepdims=0)
    x = g.node("MatMul", [x, g.weight("fc")], name="fc")
    g.output(x, "descriptor", ["N", DESCRIPTOR_SIZE])

    unused = g.unused_weights()
    if unused:
        raise ValueError(f"{net}: manifest tensors not used by the graph: {unused}")
    return g.model(
        "face-api.js faceRecognitionNet: input [N,150,150,3] RGB 0..255, centred-padded to square and "
        "resized to 150 (tfjs bilinear); output descriptor [N,128] (not L2-normalized)."
    )
