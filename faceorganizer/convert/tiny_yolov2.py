"""Converts face-api.js's TinyYolov2Base detectors (separable convs) to ONNX: tinyFaceDetector and tinyYolov2.

Semantics follow face-api.js 0.22.2 (tinyYolov2/TinyYolov2Base.js ``forwardInput`` and ``runMobilenet``), with
the config of each net (``CONFIGS``): tinyFaceDetector/TinyFaceDetector.js (``isFirstLayerConv2d``, filter
sizes [3, 16, 32, 64, 128, 256, 512], so no conv6/conv7) and tinyYolov2/TinyYolov2.js
``new TinyYolov2(withSeparableConvs = true)`` (the default filter sizes [3, 16, ..., 1024, 1024]: conv0 is a
separable conv too, and conv6, conv7 exist). Both set ``meanRgb`` [117.001, 114.697, 97.404]:

- input S x S (S a multiple of 32; padded to square at the bottom/right and resized by the caller),
  normalized as ``(x - meanRgb) / 256``;
- ``conv0``: tinyFaceDetector: 3x3 VALID conv + bias, leaky (S -> S-2); tinyYolov2: a separable conv as below;
- ``conv1``..``conv5`` (..``conv7``): zero-pad 1 on every side, depthwise 3x3 (no bias), pointwise 1x1, + bias,
  leaky (no batch norm: the withSeparableConvs layout has none); conv1..conv5 are each preceded by a 2x2 max
  pool and conv5 is followed by one: stride 2 SAME after conv0..conv4, stride 1 SAME after conv5;
- ``conv8``: 1x1 VALID conv + bias, no activation -> 5 anchors x (tx, ty, tw, th, objectness) (one class
  and no ``withClassScores``: no class scores).

leaky(x) is ``relu(x - 0.1x) + 0.1x`` in face-api.js, which is LeakyRelu(alpha=0.1).

The SAME max pools pad only where the size is odd, and for any S = 32k the sizes have the same parity
(``_pool_pads`` works them out and checks this): tinyFaceDetector S-2 (even, no pad) -> S/2-1 (odd: pad
bottom/right by 1) -> S/4 -> S/8 -> S/16 -> S/32; tinyYolov2 S -> S/2 -> ... -> S/32, all even; the final 2x2
stride-1 pool always pads (0, 1). So one graph with fixed pads serves every multiple of 32 (face-api.js
accepts nothing else), with a symbolic spatial size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import onnx

from .graph import GraphBuilder, same_pads
from .manifest import WeightTensor

MEAN_RGB = (117.001, 114.697, 97.404)
NUM_ANCHORS = 5
BOX_ENCODING = 5  # tx, ty, tw, th, objectness (one class: no class scores)
LEAKY_ALPHA = 0.1

# tfjs layouts -> ONNX: depthwise [kh,kw,C,1] -> [C,1,kh,kw]; conv [kh,kw,in,out] -> [out,in,kh,kw]
_DW_PERM = (2, 3, 0, 1)
_CONV_PERM = (3, 2, 0, 1)

#: Strides of the 2x2 max pools after conv0..conv5 (runMobilenet).
_POOL_STRIDES = (2, 2, 2, 2, 2, 1)


@dataclass(frozen=True)
class Config:
    """The parts of a face-api.js TinyYolov2Base config that shape the graph."""

    #: ``isFirstLayerConv2d``: conv0 is a plain 3x3 VALID conv (else a padded separable conv)
    first_layer_conv2d: bool
    #: conv layers before the head: 6 (conv0..conv5, 7 filter sizes) or 8 (conv0..conv7, 9 filter sizes)
    layers: int
    #: the ONNX model's doc string
    doc: str


CONFIGS: dict[str, Config] = {
    "tiny_face_detector": Config(
        first_layer_conv2d=True,
        layers=6,
        doc="face-api.js tinyFaceDetector: input [N,S,S,3] (S multiple of 32) -> grid [N,S/32,S/32,5,5] "
        "raw (tx, ty, tw, th, objectness) per cell and anchor",
    ),
    "tiny_yolov2": Config(
        first_layer_conv2d=False,
        layers=8,
        doc="face-api.js tinyYolov2 (new TinyYolov2(withSeparableConvs=true)): input [N,S,S,3] (S multiple of 32) "
        "-> grid [N,S/32,S/32,5,5] raw (tx, ty, tw, th, objectness) per cell and anchor",
    ),
}


def _pool_pads(first_layer_conv2d: bool) -> list[tuple[int, int, int, int]]:
    """ONNX pads (top, left, bottom, right) of each max pool: TF "SAME", the same for every S = 32k."""

    def pads_for(side: int) -> list[tuple[int, int, int, int]]:
        size = side - 2 if first_layer_conv2d else side  # VALID 3x3 conv0, or padded separable conv0
        out = []
        for stride in _POOL_STRIDES:
            before, after = same_pads(size, 2, stride)
            out.append((before, before, after, after))
            size = -(-size // stride)
        return out

    pads = pads_for(32)
    if any(pads_for(32 * k) != pads for k in (2, 3, 13, 19)):
        raise AssertionError("max pool pads depend on the input size: the graph needs fixed sizes")
    return pads


def _leaky(g: GraphBuilder, x: str, name: str) -> str:
    return g.node("LeakyRelu", [x], name=f"{name}/leaky", alpha=LEAKY_ALPHA)


def _separable(g: GraphBuilder, x: str, prefix: str) -> str:
    """face-api.js tinyYolov2 depthwiseSeparableConv: pad 1, depthwise, pointwise, + bias, leaky."""
    dw_key = f"{prefix}/depthwise_filter"
    channels = g.weights[dw_key].shape[2]
    dw = g.weight(dw_key, perm=_DW_PERM)
    out = g.conv(x, dw, None, kernel=3, pads=(1, 1, 1, 1), group=channels, name=f"{prefix}/depthwise")
    pw = g.weight(f"{prefix}/pointwise_filter", perm=_CONV_PERM)
    out = g.conv(out, pw, g.weight(f"{prefix}/bias"), kernel=1, name=f"{prefix}/pointwise")
    return _leaky(g, out, prefix)


def _max_pool(g: GraphBuilder, x: str, index: int, pads: tuple[int, int, int, int]) -> str:
    stride = _POOL_STRIDES[index]
    # ONNX MaxPool ignores padded cells, like TF's SAME max pool (activations can be negative)
    return g.node(
        "MaxPool", [x], name=f"maxpool{index}", kernel_shape=[2, 2], strides=[stride, stride], pads=list(pads)
    )


def _normalizing_conv0(g: GraphBuilder) -> tuple[str, str]:
    """conv0's weight and bias with the input normalization folded in: conv0((x - mean) / 256).

    conv0 is VALID (no zero padding), so ``conv(x - mean, w) / 256 = conv(x, w / 256) - sum(w * mean) / 256``
    holds at every output pixel; this saves two full-image passes (3% of the run time). Both terms are
    constants onnxruntime folds at session creation; /256 is exact (a power of 2).
    """
    w = g.weight("conv0/filters", perm=_CONV_PERM)
    w = g.node("Mul", [w, g.const(np.float32(1.0 / 256.0), "inv_256")], name="conv0/filters/normalize")
    filters = g.values("conv0/filters").astype(np.float64)  # [kh, kw, 3, out]
    offset = -(filters * np.reshape(MEAN_RGB, (1, 1, 3, 1))).sum(axis=(0, 1, 2)) / 256.0
    b = g.node("Add", [g.weight("conv0/bias"), g.const(offset, "mean_offset")], name="conv0/bias/normalize")
    return w, b


def _normalized(g: GraphBuilder, x: str) -> str:
    """``(x - mean) / 256`` on the NCHW input: a padded conv0 sees zeros around the *normalized* image, so the
    normalization cannot fold into its weights."""
    x = g.node("Sub", [x, g.const(np.reshape(MEAN_RGB, (1, 3, 1, 1)), "mean_rgb")], name="normalize/mean")
    return g.node("Mul", [x, g.const(np.float32(1.0 / 256.0), "inv_256")], name="normalize/scale")


def build(weights: dict[str, WeightTensor], net: str) -> onnx.ModelProto:
    """ONNX graph: "input" [N,S,S,3] RGB 0..255 (S = 32k) -> "grid" [N,S/32,S/32,5,5] raw head output.

    ``grid[n, row, col, anchor]`` = (tx, ty, tw, th, objectness) before any sigmoid/exp, in the order
    face-api.js reshapes its output (``[numCells, numCells, numBoxes, 5]``).
    """
    config = CONFIGS[net]
    pools = _pool_pads(config.first_layer_conv2d)
    g = GraphBuilder(net, weights)
    x = g.input("input", ["N", "S", "S", 3])
    x = g.node("Transpose", [x], name="to_nchw", perm=[0, 3, 1, 2])
    if config.first_layer_conv2d:
        w0, b0 = _normalizing_conv0(g)
        x = _leaky(g, g.conv(x, w0, b0, kernel=3, name="conv0"), "conv0")
    else:
        x = _separable(g, _normalized(g, x), "conv0")
    x = _max_pool(g, x, 0, pools[0])
    for i in range(1, 6):
        x = _max_pool(g, _separable(g, x, f"conv{i}"), i, pools[i])
    for i in range(6, config.layers):
        x = _separable(g, x, f"conv{i}")

    head = g.conv(x, g.weight("conv8/filters", perm=_CONV_PERM), g.weight("conv8/bias"), kernel=1, name="conv8")
    if g.weights["conv8/filters"].shape[-1] != NUM_ANCHORS * BOX_ENCODING:
        raise ValueError(f"{net}: conv8 has {g.weights['conv8/filters'].shape[-1]} outputs, expected 25")
    head = g.node("Transpose", [head], name="to_nhwc", perm=[0, 2, 3, 1])
    head = g.node(
        "Reshape",
        [head, g.const_i64([0, 0, 0, NUM_ANCHORS, BOX_ENCODING], "grid_shape")],
        name="grid_reshape",
    )
    g.output(head, "grid", ["N", "G", "G", NUM_ANCHORS, BOX_ENCODING])

    unused = g.unused_weights()
    if unused:
        raise ValueError(f"{net}: manifest tensors not used by the graph: {unused}")
    return g.model(doc=config.doc)
