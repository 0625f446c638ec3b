"""Converts face-api.js's MTCNN (P-Net, R-Net, O-Net of ``mtcnn_model``) to three ONNX graphs.

Semantics follow face-api.js 0.22.2 (mtcnn/sharedLayers.js, PNet.js, RNet.js, ONet.js, normalize.js,
bgrToRgbTensor.js, stage1.js, extractImagePatches.js):

- the nets see **BGR** pixels (``bgrToRgbTensor`` reverses tfjs's RGB channels) normalized as
  ``(x - 127.5) * 0.0078125``, and every input is **transposed** (height and width swapped:
  ``transpose([0, 2, 1, 3])``, the layout of the original Caffe MTCNN);
- shared layers: conv1 3x3 VALID + PReLU, max pool (P-Net 2x2, R/O-Net 3x3, stride 2, SAME), conv2 3x3
  VALID + PReLU, (R/O-Net: 3x3 stride-2 VALID max pool), conv3 VALID + PReLU (3x3; R-Net 2x2);
- P-Net: 1x1 convs ``conv4_1`` -> softmax (face probability = channel 1) and ``conv4_2`` -> 4 box offsets;
- R-Net: flatten, fc1 + PReLU, ``fc2_1`` -> softmax, ``fc2_2`` -> 4 box offsets;
- O-Net: a 2x2 stride-2 SAME max pool, conv4 2x2 VALID + PReLU, flatten, fc1 + PReLU, ``fc2_1`` softmax,
  ``fc2_2`` box offsets, ``fc2_3`` 10 landmark values (5 x, then 5 y, relative to the box).

prelu(x) is ``relu(x) - alpha * relu(-x)``, written here as ``relu(x) * (1 - alpha) + x * alpha``: the same
values (within 1e-6), and faster in onnxruntime than its PRelu op with a per-channel slope (measured side by
side on these graphs: P-Net 3-14%, R-Net 36-39%, O-Net 57% less time).

These graphs take the image as it is (NHWC RGB 0..255, not transposed) and produce outputs in the
image's own orientation. Instead of transposing the input, every conv kernel is transposed
([kh, kw, in, out] -> [out, in, kw, kh]): a conv of the transposed image is the transpose of a conv
with the transposed kernel, and the max pools are square with per-axis SAME padding, so they commute
with the transpose too. The flatten before fc1 is the only place the layout shows: fc1's rows are
permuted from tfjs's (x, y, channel) order of the transposed NHWC tensor to ONNX's (channel, y, x).
The BGR swap and the normalization are folded into conv1 (VALID, so exact at every output pixel).

The weights are float32 in face-api.js's manifest (2 MB for all three nets) and stay float32 here:
there is no quantization to keep, and these are the smallest of the bundled nets.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import onnx

from .graph import GraphBuilder
from .manifest import WeightTensor

#: CONVERTERS key -> the manifest's prefix of that stage's tensors
STAGES = {"mtcnn_pnet": "pnet", "mtcnn_rnet": "rnet", "mtcnn_onet": "onet"}
#: R-Net and O-Net input sizes (face-api.js extractImagePatches sizes)
RNET_SIZE = 24
ONET_SIZE = 48
NORM_MEAN = 127.5
NORM_SCALE = 0.0078125  # 1/128

# tfjs conv [kh, kw, in, out] of the transposed image -> ONNX [out, in, kw, kh] on the image itself
_CONV_PERM_T = (3, 2, 1, 0)


class _Stage:
    """Emits one stage's layers into a GraphBuilder, tracking the (square) spatial size when fixed."""

    def __init__(self, g: GraphBuilder, prefix: str, size: int | None) -> None:
        self.g = g
        self.prefix = prefix
        self.size = size
        #: NCHW feature maps until the flatten before fc1, [N, C] vectors after it
        self.spatial = True

    def _shrink(self, kernel: int, stride: int, same: bool) -> None:
        if self.size is not None:
            self.size = -(-self.size // stride) if same else (self.size - kernel) // stride + 1

    def prelu(self, x: str, key: str) -> str:
        """prelu with per-channel slopes a, as ``relu(x) * (1 - a) + x * a`` (see the module docstring)."""
        name = f"{self.prefix}/{key}"
        slope = self.g.values(name).astype(np.float64).reshape((-1, 1, 1) if self.spatial else (-1,))
        kept = self.g.node(
            "Mul", [self.g.node("Relu", [x], name=f"{name}/relu"), self.g.const(1 - slope, f"{name}/1-a")]
        )
        leak = self.g.node("Mul", [x, self.g.const(slope, name)], name=f"{name}/leak")
        return self.g.node("Add", [kept, leak], name=name)

    def conv(self, x: str, name: str, w: np.ndarray | None = None, b: np.ndarray | None = None) -> str:
        """A VALID conv of ``prefix/name`` (or of the given folded weight and bias)."""
        key = f"{self.prefix}/{name}"
        if w is None:
            wv = self.g.values(f"{key}/weights")
            w_name = self.g.const(np.transpose(wv, _CONV_PERM_T).astype(np.float32), f"{key}/weights")
            b_name = self.g.const(self.g.values(f"{key}/bias").astype(np.float32), f"{key}/bias")
        else:
            assert b is not None
            w_name, b_name = self.g.const(w, f"{key}/weights"), self.g.const(b, f"{key}/bias")
        kernel = int(self.g.weights[f"{key}/weights"].shape[0])
        self._shrink(kernel, 1, same=False)
        return self.g.conv(x, w_name, b_name, kernel=kernel, name=key)

    def max_pool(self, x: str, kernel: int, same: bool, index: int) -> str:
        """tf.maxPool(x, kernel, 2, 'same' | 'valid'); SAME pads at the end only (TF's rule)."""
        name = f"{self.prefix}/maxpool{index}"
        attrs: dict[str, Any] = {"kernel_shape": [kernel, kernel], "strides": [2, 2]}
        if same and self.size is None:
            attrs["auto_pad"] = "SAME_UPPER"  # dynamic size (P-Net): the odd extra pad at the bottom/right
        elif same:
            assert self.size is not None
            attrs["pads"] = self.g.tf_same_pads((self.size, self.size), kernel, 2)
        self._shrink(kernel, 2, same)
        return self.g.node("MaxPool", [x], name=name, **attrs)

    def fc(self, x: str, name: str, weights: np.ndarray | None = None) -> str:
        key = f"{self.prefix}/{name}"
        wv = self.g.values(f"{key}/weights") if weights is None else weights
        out = self.g.node("MatMul", [x, self.g.const(wv.astype(np.float32), f"{key}/weights")], name=f"{key}/matmul")
        bias = self.g.const(self.g.values(f"{key}/bias").astype(np.float32), f"{key}/bias")
        return self.g.node("Add", [out, bias], name=f"{key}/add")

    def face_probability(self, logits: str, axis: int) -> str:
        """softmax over the 2 classes, channel 1 (face) kept (tf.softmax after subtracting the max)."""
        prob = self.g.node("Softmax", [logits], name=f"{self.prefix}/softmax", axis=axis)
        start, end = self.g.const_i64([1], "one"), self.g.const_i64([2], "two")
        axes = self.g.const_i64([axis], "axis")
        face = self.g.node("Slice", [prob, start, end, axes], name=f"{self.prefix}/face")
        return self.g.node("Squeeze", [face, axes], name=f"{self.prefix}/face_squeeze")


def _normalizing_conv1(g: GraphBuilder, prefix: str) -> tuple[np.ndarray, np.ndarray]:
    """conv1's ONNX weight and bias with the BGR swap and ``(x - 127.5) / 128`` folded in.

    The graph's input channels are RGB, tfjs's BGR: channel i of ours is channel 2 - i of tfjs's.
    conv(x - m, w) / 128 = conv(x, w / 128) - sum(w) * m / 128 (VALID conv: no padded pixel ever enters).
    """
    w = g.values(f"{prefix}/conv1/weights").astype(np.float64)  # [kh, kw, in (BGR), out]
    b = g.values(f"{prefix}/conv1/bias").astype(np.float64)
    w = w[:, :, ::-1, :]  # BGR -> RGB input channels
    bias = b - (w * NORM_MEAN * NORM_SCALE).sum(axis=(0, 1, 2))
    weight = np.transpose(w * NORM_SCALE, _CONV_PERM_T)
    return np.ascontiguousarray(weight, dtype=np.float32), bias.astype(np.float32)


def _fc1_rows_for_nchw(fc1: np.ndarray, channels: int, size: int) -> np.ndarray:
    """fc1 [size*size*C, out] with rows reordered from tfjs's flatten of the transposed NHWC tensor
    (x, y, c) to the ONNX flatten of the untransposed NCHW tensor (c, y, x)."""
    out = fc1.shape[1]
    return np.ascontiguousarray(fc1.reshape(size, size, channels, out).transpose(2, 1, 0, 3).reshape(-1, out))


def _shared(st: _Stage, x: str, pnet: bool) -> str:
    """sharedLayers.js: conv1 -> prelu1 -> pool -> conv2 -> prelu2 -> (pool) -> conv3 -> prelu3."""
    w1, b1 = _normalizing_conv1(st.g, st.prefix)
    x = st.prelu(st.conv(x, "conv1", w1, b1), "prelu1_alpha")
    x = st.max_pool(x, 2 if pnet else 3, same=True, index=1)
    x = st.prelu(st.conv(x, "conv2"), "prelu2_alpha")
    if not pnet:
        x = st.max_pool(x, 3, same=False, index=2)
    return st.prelu(st.conv(x, "conv3"), "prelu3_alpha")


def _flatten_fc1(st: _Stage, x: str, channels: int) -> str:
    assert st.size is not None
    size = st.size
    flat = st.g.node("Flatten", [x], name=f"{st.prefix}/flatten", axis=1)
    fc1 = _fc1_rows_for_nchw(st.g.values(f"{st.prefix}/fc1/weights"), channels, size)
    st.spatial = False
    return st.fc(flat, "fc1", fc1)


def _build_pnet(g: GraphBuilder) -> None:
    st = _Stage(g, "pnet", None)
    x = g.node("Transpose", [g.input("input", ["N", "H", "W", 3])], name="to_nchw", perm=[0, 3, 1, 2])
    x = _shared(st, x, pnet=True)
    # softmax over 2 classes = sigmoid(logit1 - logit0): one 1x1 conv with the difference of conv4_1's two
    # filters, then Sigmoid (a Softmax over NCHW channels costs onnxruntime a transpose: 44 ms at 1152x768)
    w41, b41 = g.values("pnet/conv4_1/weights"), g.values("pnet/conv4_1/bias")
    w_diff = np.transpose(w41[..., 1:] - w41[..., :1], _CONV_PERM_T).astype(np.float32)
    logit = st.conv(x, "conv4_1", w_diff, (b41[1:] - b41[:1]).astype(np.float32))
    face = g.node("Sigmoid", [logit], name="pnet/face")
    scores = g.node("Squeeze", [face, g.const_i64([1], "axis")], name="pnet/face_squeeze")
    regions = g.node("Transpose", [st.conv(x, "conv4_2")], name="regions_nhwc", perm=[0, 2, 3, 1])
    g.output(scores, "scores", ["N", "h", "w"])
    g.output(regions, "regions", ["N", "h", "w", 4])


def _build_rnet(g: GraphBuilder) -> None:
    st = _Stage(g, "rnet", RNET_SIZE)
    x = g.node("Transpose", [g.input("input", ["N", RNET_SIZE, RNET_SIZE, 3])], name="to_nchw", perm=[0, 3, 1, 2])
    x = _shared(st, x, pnet=False)
    x = st.prelu(_flatten_fc1(st, x, int(g.weights["rnet/conv3/weights"].shape[3])), "prelu4_alpha")
    g.output(st.face_probability(st.fc(x, "fc2_1"), axis=1), "scores", ["N"])
    g.output(st.fc(x, "fc2_2"), "regions", ["N", 4])


def _build_onet(g: GraphBuilder) -> None:
    st = _Stage(g, "onet", ONET_SIZE)
    x = g.node("Transpose", [g.input("input", ["N", ONET_SIZE, ONET_SIZE, 3])], name="to_nchw", perm=[0, 3, 1, 2])
    x = _shared(st, x, pnet=False)
    x = st.max_pool(x, 2, same=True, index=3)
    x = st.prelu(st.conv(x, "conv4"), "prelu4_alpha")
    x = st.prelu(_flatten_fc1(st, x, int(g.weights["onet/conv4/weights"].shape[3])), "prelu5_alpha")
    g.output(st.face_probability(st.fc(x, "fc2_1"), axis=1), "scores", ["N"])
    g.output(st.fc(x, "fc2_2"), "regions", ["N", 4])
    g.output(st.fc(x, "fc2_3"), "points", ["N", 10])


_DOCS = {
    "mtcnn_pnet": "face-api.js MTCNN P-Net: input [N,H,W,3] RGB 0..255 (one pyramid level) -> scores [N,h,w] "
    "(face probability per 12x12 cell, stride 2) and regions [N,h,w,4] (box offsets), in image orientation",
    "mtcnn_rnet": "face-api.js MTCNN R-Net: input [N,24,24,3] RGB 0..255 patches -> scores [N], regions [N,4]",
    "mtcnn_onet": "face-api.js MTCNN O-Net: input [N,48,48,3] RGB 0..255 patches -> scores [N], regions [N,4], "
    "points [N,10] (5 x then 5 y, relative to the box)",
}


def build(weights: dict[str, WeightTensor], net: str) -> onnx.ModelProto:
    """The ONNX graph of one MTCNN stage (``net`` a key of STAGES) from the ``mtcnn_model`` manifest."""
    if net not in STAGES:
        raise ValueError(f"{net}: not an MTCNN stage (expected one of {sorted(STAGES)})")
    prefix = STAGES[net]
    g = GraphBuilder(net, {k: v for k, v in weights.items() if k.startswith(prefix + "/")})
    {"mtcnn_pnet": _build_pnet, "mtcnn_rnet": _build_rnet, "mtcnn_onet": _build_onet}[net](g)
    unused = g.unused_weights()
    if unused:
        raise ValueError(f"{net}: manifest tensors not used by the graph: {unused}")
    return g.model(doc=_DOCS[net])
