"""Graph code shared by the landmark and expression converters: face-api.js's dense-block feature extractors.

face-api.js (faceFeatureExtractor/) feeds a 112x112 face through dense blocks and a global average
pool; a fully connected layer (``fc/weights``, ``fc/bias``) follows. The full extractor has four
blocks of four convolutions (32, 64, 128, 256 channels), the tiny one three blocks of three (32, 64,
128). Each block halves the resolution with its first convolution (a plain 3x3 conv in the first
block, a depthwise separable one after) and sums its convolution outputs densely:

    out1 = relu(conv0(x))          out2 = sep1(out1)
    out3 = sep2(relu(out1 + out2)) out4 = sep3(relu(out1 + (out2 + out3)))
    block = relu(out1 + (out2 + (out3 + out4)))      (tiny: relu(out1 + (out2 + out3)))

tfjs nests the sums as written; this graph keeps a running sum instead
(((out1 + out2) + out3) + out4), which differs only in float rounding (landmarks move ~1e-5 px) but
lets onnxruntime fuse every Add into the pointwise convolution before it (10-25% faster in A/B runs).
Every convolution is TF "SAME"; the input is normalized as ``(x - meanRgb) / 255`` before the first.
"""

from __future__ import annotations

import numpy as np

from .graph import GraphBuilder

INPUT_SIZE = 112
MEAN_RGB = (122.782, 117.001, 104.298)
FULL_CHANNELS = (32, 64, 128, 256)
TINY_CHANNELS = (32, 64, 128)

# tfjs layout -> ONNX layout
_CONV_PERM = (3, 2, 0, 1)  # [kh, kw, in, out] -> [out, in, kh, kw]
_DEPTHWISE_PERM = (2, 3, 0, 1)  # [kh, kw, C, 1] -> [C, 1, kh, kw]


def _separable_conv(g: GraphBuilder, x: str, prefix: str, channels_in: int, size: int, stride: int) -> str:
    """tf.separableConv2d(SAME) + bias: 3x3 depthwise (no bias), then 1x1 pointwise with the bias."""
    pads = g.tf_same_pads((size, size), 3, stride)
    dw = g.weight(f"{prefix}/depthwise_filter", perm=_DEPTHWISE_PERM)
    x = g.conv(x, dw, None, kernel=3, stride=stride, pads=pads, group=channels_in, name=f"{prefix}/depthwise")
    pw = g.weight(f"{prefix}/pointwise_filter", perm=_CONV_PERM)
    return g.conv(x, pw, g.weight(f"{prefix}/bias"), kernel=1, name=f"{prefix}/pointwise")


def _dense_block(g: GraphBuilder, x: str, prefix: str, channels_in: int, size: int, n_convs: int) -> str:
    """One dense block (3 or 4 convolutions) on an NCHW ``size``x``size`` input; output is size/2."""
    if prefix == "dense0":
        pads = g.tf_same_pads((size, size), 3, 2)
        w = g.weight(f"{prefix}/conv0/filters", perm=_CONV_PERM)
        out1 = g.conv(x, w, g.weight(f"{prefix}/conv0/bias"), kernel=3, stride=2, pads=pads, name=f"{prefix}/conv0")
    else:
        out1 = _separable_conv(g, x, f"{prefix}/conv0", channels_in, size, 2)
    out1 = g.node("Relu", [out1], name=f"{prefix}/conv0/relu")
    size //= 2
    channels = g.weights[f"{prefix}/conv0/bias"].shape[0]
    total = out1
    for i in range(1, n_convs):
        conv_in = out1 if i == 1 else g.node("Relu", [total], name=f"{prefix}/in{i + 1}/relu")
        out = _separable_conv(g, conv_in, f"{prefix}/conv{i}", channels, size, 1)
        total = g.node("Add", [total, out], name=f"{prefix}/sum{i + 1}")
    return g.node("Relu", [total], name=f"{prefix}/out/relu")


def feature_extractor(g: GraphBuilder, nhwc_input: str, tiny: bool) -> str:
    """Normalize the NHWC 0..255 input and run the (tiny) extractor; returns pooled features [N, C]."""
    x = g.node("Transpose", [nhwc_input], name="to_nchw", perm=[0, 3, 1, 2])
    mean = g.const(np.reshape(MEAN_RGB, (3, 1, 1)), "mean_rgb")  # broadcast over NCHW
    x = g.node("Sub", [x, mean], name="normalize/sub")
    x = g.node("Div", [x, g.const(255.0, "normalize/255")], name="normalize/div")
    channels = TINY_CHANNELS if tiny else FULL_CHANNELS
    n_convs = 3 if tiny else 4
    size, channels_in = INPUT_SIZE, 3
    for i, c in enumerate(channels):
        x = _dense_block(g, x, f"dense{i}", channels_in, size, n_convs)
        size, channels_in = size // 2, c
    # tf.avgPool VALID with the window equal to the map (7x7 full, 14x14 tiny) is a global average
    x = g.node("GlobalAveragePool", [x], name="avg_pool")
    return g.node("Flatten", [x], name="flatten", axis=1)


def fully_connected(g: GraphBuilder, x: str) -> str:
    """face-api.js's fullyConnectedLayer: x @ fc/weights + fc/bias."""
    return g.node("Gemm", [x, g.weight("fc/weights"), g.weight("fc/bias")], name="fc")
