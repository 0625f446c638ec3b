"""Converter for face-api.js's 68-point landmark nets: faceLandmark68Net (full) and faceLandmark68TinyNet."""

from __future__ import annotations

import onnx

from .feature_extractor import INPUT_SIZE, feature_extractor, fully_connected
from .graph import GraphBuilder
from .manifest import WeightTensor

_DOC = (
    "face-api.js {name}. Input 'input' [N,112,112,3] float32 RGB 0..255, the face crop zero-padded to a "
    "square (centred) and resized with tf.image.resizeBilinear. Output 'landmarks' [N,136]: the raw fc "
    "output, x0,y0,x1,y1,... relative to the padded 112x112 square (face-api.js un-pads them afterwards)."
)


def build(weights: dict[str, WeightTensor], net: str) -> onnx.ModelProto:
    """Build "face_landmark_68" (4 dense blocks, 256 features) or "face_landmark_68_tiny" (3 blocks, 128)."""
    if net not in ("face_landmark_68", "face_landmark_68_tiny"):
        raise ValueError(f"unknown landmark net {net!r}")
    tiny = net == "face_landmark_68_tiny"
    g = GraphBuilder(net, weights)
    x = g.input("input", ["N", INPUT_SIZE, INPUT_SIZE, 3])
    out = fully_connected(g, feature_extractor(g, x, tiny))
    g.output(out, "landmarks", ["N", 136])
    unused = g.unused_weights()
    if unused:
        raise ValueError(f"{net}: manifest tensors not used by the graph: {unused}")
    name = "faceLandmark68TinyNet" if tiny else "faceLandmark68Net"
    return g.model(_DOC.format(name=name))
