"""Converts face-api.js's ageGenderNet (TinyXception with 2 main blocks + age/gender FC heads) to ONNX.

Semantics follow face-api.js 0.22.2 (xception/TinyXception.js, ageGenderNet/AgeGenderNet.js):

- input 112x112 (padded to square *centred*, done by the caller), normalized as
  ``(x - [122.782, 117.001, 104.298]) / 256``;
- ``conv_in``: 3x3 stride-2 SAME conv + bias, ReLU (112 -> 56);
- reduction block: [ReLU] -> separable conv -> ReLU -> separable conv -> 3x3 stride-2 SAME max pool,
  plus a 1x1 stride-2 "expansion" conv of the block's *un-activated* input (entry block 0 skips the
  first ReLU): 56 -> 28 -> 14, and the exit block 14 -> 7;
- main block: three times (ReLU -> separable conv), plus the block input;
- exit: separable conv 256 -> 512, ReLU; a 7x7 stride-2 VALID average pool (= global mean on 7x7);
- heads: ``age = pooled @ W_age + b`` (a plain regression in years), ``gender = softmax(pooled @ W_g + b)``
  with index 0 = male (AgeGenderNet.predictAgeAndGender reads ``probMale = gender[0]``).

Every separable conv is a depthwise 3x3 SAME conv without bias, then a 1x1 pointwise conv with bias.
"""

from __future__ import annotations

import numpy as np
import onnx

from .graph import GraphBuilder
from .manifest import WeightTensor

INPUT_SIZE = 112
MEAN_RGB = (122.782, 117.001, 104.298)
NUM_MAIN_BLOCKS = 2

# tfjs layouts -> ONNX: depthwise [kh,kw,C,1] -> [C,1,kh,kw]; conv [kh,kw,in,out] -> [out,in,kh,kw]
_DW_PERM = (2, 3, 0, 1)
_CONV_PERM = (3, 2, 0, 1)


class _Builder:
    """Emits TinyXception layers into a GraphBuilder while tracking the spatial size for SAME padding."""

    def __init__(self, g: GraphBuilder) -> None:
        self.g = g
        self.size = INPUT_SIZE

    def relu(self, x: str, name: str) -> str:
        return self.g.node("Relu", [x], name=f"{name}/relu")

    def conv(self, x: str, prefix: str, kernel: int, stride: int) -> str:
        """tf.conv2d(x, filters, stride, 'same') + bias; updates the tracked size."""
        w = self.g.weight(f"{prefix}/filters", perm=_CONV_PERM)
        b = self.g.weight(f"{prefix}/bias")
        pads = self.g.tf_same_pads((self.size, self.size), kernel, stride)
        return self.g.conv(x, w, b, kernel=kernel, stride=stride, pads=pads, name=prefix)

    def separable(self, x: str, prefix: str) -> str:
        """tf.separableConv2d(x, depthwise, pointwise, 1, 'same') + bias."""
        dw_key = f"{prefix}/depthwise_filter"
        channels = self.g.weights[dw_key].shape[2]
        dw = self.g.weight(dw_key, perm=_DW_PERM)
        pads = self.g.tf_same_pads((self.size, self.size), 3, 1)
        out = self.g.conv(x, dw, None, kernel=3, pads=pads, group=channels, name=f"{prefix}/depthwise")
        pw = self.g.weight(f"{prefix}/pointwise_filter", perm=_CONV_PERM)
        b = self.g.weight(f"{prefix}/bias")
        return self.g.conv(out, pw, b, kernel=1, name=f"{prefix}/pointwise")

    def reduction_block(self, x: str, prefix: str, activate_input: bool = True) -> str:
        out = self.relu(x, f"{prefix}/in") if activate_input else x
        out = self.separable(out, f"{prefix}/separable_conv0")
        out = self.separable(self.relu(out, f"{prefix}/separable_conv0"), f"{prefix}/separable_conv1")
        pads = self.g.tf_same_pads((self.size, self.size), 3, 2)
        # ONNX MaxPool ignores padded cells, like TF's SAME max pool
        out = self.g.node("MaxPool", [out], name=f"{prefix}/maxpool", kernel_shape=[3, 3], strides=[2, 2], pads=pads)
        shortcut = self.conv(x, f"{prefix}/expansion_conv", kernel=1, stride=2)
        self.size = -(-self.size // 2)
        return self.g.node("Add", [out, shortcut], name=f"{prefix}/add")

    def main_block(self, x: str, prefix: str) -> str:
        out = x
        for i in range(3):
            out = self.separable(self.relu(out, f"{prefix}/separable_conv{i}/in"), f"{prefix}/separable_conv{i}")
        return self.g.node("Add", [out, x], name=f"{prefix}/add")


def build(weights: dict[str, WeightTensor], net: str) -> onnx.ModelProto:
    """ONNX graph: "input" [N,112,112,3] RGB 0..255 -> "age" [N] years, "gender" [N,2] softmax (0 = male)."""
    g = GraphBuilder(net, weights)
    b = _Builder(g)
    x = g.input("input", ["N", INPUT_SIZE, INPUT_SIZE, 3])
    x = g.node("Transpose", [x], name="to_nchw", perm=[0, 3, 1, 2])
    x = g.node("Sub", [x, g.const(np.reshape(MEAN_RGB, (1, 3, 1, 1)), "mean_rgb")], name="sub_mean")
    x = g.node("Mul", [x, g.const(np.float32(1.0 / 256.0), "inv_256")], name="scale")  # exact: power of 2

    x = b.relu(b.conv(x, "entry_flow/conv_in", kernel=3, stride=2), "entry_flow/conv_in")
    b.size = -(-INPUT_SIZE // 2)
    x = b.reduction_block(x, "entry_flow/reduction_block_0", activate_input=False)
    x = b.reduction_block(x, "entry_flow/reduction_block_1")
    for i in range(NUM_MAIN_BLOCKS):
        x = b.main_block(x, f"middle_flow/main_block_{i}")
    x = b.reduction_block(x, "exit_flow/reduction_block")
    x = b.relu(b.separable(x, "exit_flow/separable_conv"), "exit_flow/separable_conv")
    if b.size != 7:
        raise ValueError(f"{net}: bottleneck is {b.size}x{b.size}, expected 7x7")

    # tf.avgPool(7x7, stride 2, VALID) on a 7x7 map is the global mean
    pooled = g.node("GlobalAveragePool", [x], name="avgpool")
    pooled = g.node("Flatten", [pooled], name="flatten", axis=1)

    age = g.node("Gemm", [pooled, g.weight("fc/age/weights"), g.weight("fc/age/bias")], name="fc/age")
    age = g.node("Reshape", [age, g.const_i64([-1], "age_shape")], name="fc/age/as1d")
    gender = g.node("Gemm", [pooled, g.weight("fc/gender/weights"), g.weight("fc/gender/bias")], name="fc/gender")
    gender = g.node("Softmax", [gender], name="fc/gender/softmax", axis=1)
    g.output(age, "age", ["N"])
    g.output(gender, "gender", ["N", 2])

    unused = g.unused_weights()
    if unused:
        raise ValueError(f"{net}: manifest tensors not used by the graph: {unused}")
    return g.model(doc="face-api.js ageGenderNet: age [N] in years, gender [N,2] softmax (index 0 = male)")
