"""Converter for face-api.js's faceExpressionNet: the full dense-block feature extractor, fc to 7, softmax."""

from __future__ import annotations

import onnx

from .feature_extractor import INPUT_SIZE, feature_extractor, fully_connected
from .graph import GraphBuilder
from .manifest import WeightTensor

_DOC = (
    "face-api.js faceExpressionNet. Input 'input' [N,112,112,3] float32 RGB 0..255, the face crop "
    "zero-padded to a square (centred) and resized with tf.image.resizeBilinear. Output 'expressions' "
    "[N,7]: softmax probabilities in the order neutral, happy, sad, angry, fearful, disgusted, surprised."
)


def build(weights: dict[str, WeightTensor], net: str = "face_expression") -> onnx.ModelProto:
    """Build the expression graph from the ``face_expression_model`` manifest tensors."""
    g = GraphBuilder(net, weights)
    x = g.input("input", ["N", INPUT_SIZE, INPUT_SIZE, 3])
    logits = fully_connected(g, feature_extractor(g, x, tiny=False))
    probs = g.node("Softmax", [logits], name="softmax", axis=1)
    g.output(probs, "expressions", ["N", 7])
    unused = g.unused_weights()
    if unused:
        raise ValueError(f"{net}: manifest tensors not used by the graph: {unused}")
    return g.model(_DOC)
