"""A small ONNX graph builder shared by the converters: initializers, nodes, TF-style padding.

Weights that face-api.js stores uint8-quantized stay uint8 in the ONNX file; the graph dequantizes
them with constant Cast/Mul/Add/Cast nodes that onnxruntime folds once when the session is created, so
files stay as small as the tfjs shards and inference runs on float32.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from .manifest import WeightTensor

OPSET = 17
PRODUCER = "faceorganizer.convert"


def same_pads(size: int, kernel: int, stride: int) -> tuple[int, int]:
    """TF "SAME" padding (before, after) along one axis: the odd extra pixel goes after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


class GraphBuilder:
    """Accumulates nodes and initializers with unique names; ``model()`` returns the checked ModelProto."""

    def __init__(self, name: str, weights: dict[str, WeightTensor] | None = None) -> None:
        self.name = name
        self.weights = weights or {}
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self.inputs: list[onnx.ValueInfoProto] = []
        self.outputs: list[onnx.ValueInfoProto] = []
        self._names: set[str] = set()
        self._used_weights: set[str] = set()

    # -- names -------------------------------------------------------------------------------
    def unique(self, base: str) -> str:
        name, i = base, 1
        while name in self._names:
            i += 1
            name = f"{base}_{i}"
        self._names.add(name)
        return name

    # -- graph ends ----------------------------------------------------------------------------
    def input(self, name: str, shape: Sequence[int | str], elem: int = TensorProto.FLOAT) -> str:
        self._names.add(name)
        self.inputs.append(helper.make_tensor_value_info(name, elem, list(shape)))
        return name

    def output(self, value: str, name: str, shape: Sequence[int | str] | None = None) -> str:
        """Expose ``value`` as graph output ``name`` (through an Identity when the names differ)."""
        if value != name:
            self.nodes.append(helper.make_node("Identity", [value], [name], name=self.unique(f"{name}/out")))
            self._names.add(name)
        self.outputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, shape))
        return name

    # -- constants -------------------------------------------------------------------------------
    def const(self, value: np.ndarray | float | Sequence[float], name: str = "const", dtype=np.float32) -> str:
        arr = np.asarray(value, dtype=dtype)
        tname = self.unique(name)
        self.initializers.append(numpy_helper.from_array(arr, tname))
        return tname

    def const_i64(self, value: Sequence[int] | int, name: str = "shape") -> str:
        return self.const(np.asarray(value, dtype=np.int64), name, dtype=np.int64)

    def weight(self, key: str, perm: Sequence[int] | None = None, reshape: Sequence[int] | None = None) -> str:
        """Manifest tensor ``key`` (float32), transposed by ``perm`` and/or reshaped, as a graph value.

        Quantized tensors are written as uint8 and dequantized in-graph (``q * scale + min``, as tfjs).
        """
        w = self.weights[key]
        self._used_weights.add(key)
        stored = w.stored if w.quantized else w.values()
        if perm is not None:
            stored = np.transpose(stored, perm)
        if reshape is not None:
            stored = stored.reshape(reshape)
        stored = np.ascontiguousarray(stored)
        if not w.quantized:
            return self.const(stored.astype(np.float32), key)
        assert w.scale is not None and w.minimum is not None
        # In float64, rounded to float32 once, as tfjs does (JS numbers are doubles).
        q = self.const(stored, f"{key}/q", dtype=np.uint8)
        f = self.node("Cast", [q], to=TensorProto.DOUBLE, name=f"{key}/cast")
        f = self.node("Mul", [f, self.const(w.scale, f"{key}/scale", dtype=np.float64)], name=f"{key}/mul")
        f = self.node("Add", [f, self.const(w.minimum, f"{key}/min", dtype=np.float64)], name=f"{key}/add")
        return self.node("Cast", [f], to=TensorProto.FLOAT, name=f"{key}/deq")

    def values(self, key: str) -> np.ndarray:
        """Manifest tensor ``key`` dequantized as numpy (for small tensors folded at build time)."""
        self._used_weights.add(key)
        return self.weights[key].values()

    def unused_weights(self) -> list[str]:
        """Manifest tensors no node consumed: a converter that leaves any out has probably a bug."""
        return [k for k in self.weights if k not in self._used_weights]

    # -- nodes ----------------------------------------------------------------------------------
    def node(self, op: str, inputs: Sequence[str], name: str | None = None, n_out: int = 1, **attrs) -> str:
        """Append one node; returns its (first) output name."""
        base = self.unique(name or op)
        outs = [base] + [self.unique(f"{base}:{i}") for i in range(1, n_out)]
        self.nodes.append(helper.make_node(op, list(inputs), outs, name=base, **attrs))
        return outs[0]

    def conv(
        self,
        x: str,
        w: str,
        b: str | None,
        *,
        kernel: int,
        stride: int = 1,
        pads: Sequence[int] = (0, 0, 0, 0),
        group: int = 1,
        name: str = "conv",
    ) -> str:
        """NCHW convolution; ``pads`` is ONNX order (top, left, bottom, right)."""
        ins = [x, w] + ([b] if b is not None else [])
        return self.node(
            "Conv",
            ins,
            name=name,
            kernel_shape=[kernel, kernel],
            strides=[stride, stride],
            pads=list(pads),
            group=group,
        )

    def tf_same_pads(self, in_hw: tuple[int, int], kernel: int, stride: int) -> list[int]:
        """ONNX pads (top, left, bottom, right) equal to TF "SAME" for a fixed input size."""
        top, bottom = same_pads(in_hw[0], kernel, stride)
        left, right = same_pads(in_hw[1], kernel, stride)
        return [top, left, bottom, right]

    # -- result ---------------------------------------------------------------------------------
    def model(self, doc: str = "") -> onnx.ModelProto:
        graph = helper.make_graph(self.nodes, self.name, self.inputs, self.outputs, self.initializers)
        model = helper.make_model(
            graph,
            producer_name=PRODUCER,
            opset_imports=[helper.make_opsetid("", OPSET)],
            doc_string=doc,
        )
        model.ir_version = 8
        onnx.checker.check_model(model, full_check=True)
        return model
