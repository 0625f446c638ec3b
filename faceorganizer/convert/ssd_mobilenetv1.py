"""Converts face-api.js's SSD MobileNetV1 face detector (ssd_mobilenetv1_model) to one ONNX graph."""

from __future__ import annotations

import numpy as np
import onnx

from .graph import GraphBuilder
from .manifest import WeightTensor

INPUT_SIZE = 512
NUM_ANCHORS = 5118

# face-api.js normalizes with these literals (SsdMobilenetv1.forwardInput): x * float32(1/127.5) - 1.
_SCALE = np.float32(0.007843137718737125)
_SHIFT = np.float32(1.0)
# tf.batchNorm epsilon of the depthwise layers (mobileNetV1.js), a float32 1e-3.
_BN_EPS = 0.0010000000474974513

# Manifest entries face-api.js never reads: TF graph shape / slice constants frozen with the model and
# the preprocessor's scalars (face-api.js hard-codes the same values, see _SCALE/_SHIFT above).
_UNUSED = {
    "Preprocessor/mul/x": "normalization scale; face-api.js uses the literal 0.007843137718737125",
    "Preprocessor/sub/y": "normalization shift; face-api.js uses the literal 1",
    "Preprocessor/ResizeImage/size": "512x512: NetInput.toBatchTensor(512) resizes outside the graph",
    "Postprocessor/Slice/begin": "class slice; outputLayer.js slices [0,0,1] itself",
    "Postprocessor/Slice/size": "class slice size (-1,-1,-1)",
    "Postprocessor/stack/1": "anchor count 5118 (shape constant)",
    "concat_1/axis": "concat axis 1 (shape constant)",
    "Prediction/BoxPredictor_0/strided_slice/stack": "batch-size slice (shape constant)",
    "Prediction/BoxPredictor_0/strided_slice/stack_1": "batch-size slice (shape constant)",
    "Prediction/BoxPredictor_0/stack/3": "box encoding size 4 (shape constant)",
    "Prediction/BoxPredictor_0/stack_1/2": "class count 3 (shape constant)",
    **{f"Prediction/BoxPredictor_{i}/stack_1/1": "anchors per level (shape constant)" for i in range(6)},
}

# Depthwise layers (1-based, as mobileNetV1.js getStridesForLayerIdx) that use stride 2.
_STRIDE2 = {2, 4, 6, 12}
# Extra SSD feature layers (predictionLayer.js): (index, kernel, stride).
_EXTRA = [(0, 1, 1), (1, 3, 2), (2, 1, 1), (3, 3, 2), (4, 1, 1), (5, 3, 2), (6, 1, 1), (7, 3, 2)]

DOC = """SSD MobileNetV1 face detector of face-api.js 0.22.2 (ssdMobilenetv1).

input  "input":  [N, 512, 512, 3] float32 RGB 0..255, the image padded bottom/right to a square and
                 resized to 512 with tf.image.resizeBilinear (NetInput.toBatchTensor(512, false)).
output "boxes":  [N, 5118, 4] float32 decoded boxes (ymin, xmin, ymax, xmax) relative to the padded
                 square, unclipped (outputLayer.js decodeBoxesLayer with the anchors Output/extra_dim).
output "scores": [N, 5118] float32 face scores, sigmoid of class logit 1.
Non-maximum suppression, minConfidence and maxResults are applied by the caller (face-api.js does
them outside the graph too).
"""


class _Ssd:
    """Emits the SSD graph node by node, tracking the spatial size for TF "SAME" padding."""

    def __init__(self, g: GraphBuilder) -> None:
        self.g = g
        self.clip_bounds = [g.const(np.float32(0), "zero"), g.const(np.float32(6), "six")]

    def relu6(self, x: str, prefix: str) -> str:
        """tf.clipByValue(x, 0, 6); onnxruntime fuses it into the preceding Conv."""
        return self.g.node("Clip", [x, *self.clip_bounds], name=f"{prefix}/relu6")

    def pointwise(self, x: str, hw: int, prefix: str, kernel: int, stride: int) -> tuple[str, int]:
        """pointwiseConvLayer.js: conv2d SAME + convolution_bn_offset (plain bias) + ReLU6."""
        g = self.g
        w = g.weight(f"{prefix}/weights", perm=(3, 2, 0, 1))
        b = g.weight(f"{prefix}/convolution_bn_offset")
        pads = g.tf_same_pads((hw, hw), kernel, stride)
        y = g.conv(x, w, b, kernel=kernel, stride=stride, pads=pads, name=f"{prefix}/conv")
        return self.relu6(y, prefix), -(-hw // stride)

    def depthwise(self, x: str, hw: int, prefix: str, stride: int) -> tuple[str, int]:
        """mobileNetV1.js depthwiseConvLayer: depthwise SAME + batch norm (eps 1e-3) + ReLU6, BN folded."""
        g = self.g
        gamma = g.values(f"{prefix}/BatchNorm/gamma").astype(np.float64)
        beta = g.values(f"{prefix}/BatchNorm/beta").astype(np.float64)
        mean = g.values(f"{prefix}/BatchNorm/moving_mean").astype(np.float64)
        var = g.values(f"{prefix}/BatchNorm/moving_variance").astype(np.float64)
        scale = gamma / np.sqrt(var + _BN_EPS)
        channels = scale.shape[0]
        w = g.weight(f"{prefix}/depthwise_weights", perm=(2, 3, 0, 1))
        # The scale multiplies the (uint8-dequantized) filter in-graph; onnxruntime folds it at load.
        bn_scale = g.const(scale.reshape(channels, 1, 1, 1), f"{prefix}/bn_scale")
        w = g.node("Mul", [w, bn_scale], name=f"{prefix}/fold")
        b = g.const(beta - mean * scale, f"{prefix}/bn_bias")
        pads = g.tf_same_pads((hw, hw), 3, stride)
        y = g.conv(x, w, b, kernel=3, stride=stride, pads=pads, group=channels, name=f"{prefix}/conv")
        return self.relu6(y, prefix), -(-hw // stride)

    def box_predictor(self, x: str, idx: int) -> tuple[str, str]:
        """boxPredictionLayer.js: 1x1 convs with bias -> [N, cells*anchors, 4] and [N, cells*anchors, 3]."""
        g = self.g
        out = []
        for kind, depth in (("BoxEncodingPredictor", 4), ("ClassPredictor", 3)):
            prefix = f"Prediction/BoxPredictor_{idx}/{kind}"
            w = g.weight(f"{prefix}/weights", perm=(3, 2, 0, 1))
            b = g.weight(f"{prefix}/biases")
            y = g.conv(x, w, b, kernel=1, name=f"{prefix}/conv")
            # tfjs flattens NHWC, so anchors are ordered (row, col, anchor of the cell)
            y = g.node("Transpose", [y], perm=[0, 2, 3, 1], name=f"{prefix}/nhwc")
            out.append(g.node("Reshape", [y, g.const_i64([0, -1, depth])], name=f"{prefix}/flat"))
        return out[0], out[1]


def _anchor_geometry(anchors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Anchor sizes (h, w) and centres (cy, cx) as float32, in the order outputLayer.js computes them."""
    a = anchors.reshape(-1, 4).astype(np.float32)
    sizes = np.stack([a[:, 2] - a[:, 0], a[:, 3] - a[:, 1]], axis=1)
    centers = a[:, :2] + sizes / np.float32(2)
    return sizes, centers


def _decode(g: GraphBuilder, enc: str) -> str:
    """outputLayer.js decodeBoxesLayer on [N, A, 4] encodings (ty, tx, th, tw) -> (ymin, xmin, ymax, xmax)."""
    sizes, centers = _anchor_geometry(g.values("Output/extra_dim"))
    size = g.const(sizes, "anchor_sizes")
    center = g.const(centers, "anchor_centers")
    axis2 = g.const_i64([2], "axis2")
    yx = g.node("Slice", [enc, g.const_i64([0]), g.const_i64([2]), axis2], name="decode/txy")
    hw = g.node("Slice", [enc, g.const_i64([2]), g.const_i64([4]), axis2], name="decode/thw")
    # add = enc/10 * size + center ; half = exp(enc/5) * size / 2 (same operations as tfjs)
    mid = g.node("Add", [g.node("Mul", [g.node("Div", [yx, g.const(np.float32(10), "ten")]), size]), center])
    scaled = g.node("Mul", [g.node("Exp", [g.node("Div", [hw, g.const(np.float32(5), "five")])]), size])
    half = g.node("Div", [scaled, g.const(np.float32(2), "two")], name="decode/half")
    lo = g.node("Sub", [mid, half], name="decode/min")
    hi = g.node("Add", [mid, half], name="decode/max")
    return g.node("Concat", [lo, hi], axis=2, name="decode/boxes")


def build(weights: dict[str, WeightTensor], net: str) -> onnx.ModelProto:
    """The full SSD (backbone, prediction layers, box decoding, sigmoid scores) as an ONNX model."""
    g = GraphBuilder(net, weights)
    ssd = _Ssd(g)
    x = g.input("input", ["N", INPUT_SIZE, INPUT_SIZE, 3])
    x = g.node("Transpose", [x], perm=[0, 3, 1, 2], name="nchw")
    x = g.node("Mul", [x, g.const(_SCALE, "norm_scale")], name="norm/mul")
    x = g.node("Sub", [x, g.const(_SHIFT, "norm_shift")], name="norm/sub")

    hw = INPUT_SIZE
    x, hw = ssd.pointwise(x, hw, "MobilenetV1/Conv2d_0_pointwise", kernel=3, stride=2)
    conv11 = None
    for idx in range(1, 14):
        x, hw = ssd.depthwise(x, hw, f"MobilenetV1/Conv2d_{idx}_depthwise", 2 if idx in _STRIDE2 else 1)
        x, hw = ssd.pointwise(x, hw, f"MobilenetV1/Conv2d_{idx}_pointwise", kernel=1, stride=1)
        if idx == 11:
            conv11 = x
    assert conv11 is not None

    features = [conv11, x]  # box predictors 0 (conv11, 32x32) and 1 (backbone out, 16x16)
    y = x
    for idx, kernel, stride in _EXTRA:
        y, hw = ssd.pointwise(y, hw, f"Prediction/Conv2d_{idx}_pointwise", kernel=kernel, stride=stride)
        if stride == 2:
            features.append(y)  # predictors 2..5 on conv1, conv3, conv5, conv7
    encs, classes = zip(*(ssd.box_predictor(f, i) for i, f in enumerate(features)), strict=True)
    enc = g.node("Concat", list(encs), axis=1, name="box_encodings")
    logits = g.node("Concat", list(classes), axis=1, name="class_logits")

    boxes = _decode(g, enc)
    face = g.node("Gather", [logits, g.const_i64(1, "face_class")], axis=2, name="face_logit")
    scores = g.node("Sigmoid", [face], name="face_score")
    g.output(boxes, "boxes", ["N", NUM_ANCHORS, 4])
    g.output(scores, "scores", ["N", NUM_ANCHORS])

    for key, literal in (("Preprocessor/mul/x", _SCALE), ("Preprocessor/sub/y", _SHIFT)):
        if key in weights and not np.allclose(weights[key].values(), literal, rtol=1e-6):
            raise ValueError(f"{net}: {key} = {weights[key].values()} differs from face-api.js's {literal}")
    unused = [k for k in g.unused_weights() if k not in _UNUSED]
    if unused:
        raise ValueError(f"{net}: manifest tensors not converted: {unused}")
    return g.model(DOC)
