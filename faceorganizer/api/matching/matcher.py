"""face-api.js's FaceMatcher, LabeledFaceDescriptors, FaceMatch and euclideanDistance: same semantics and
JSON, plus batched matching and a nearest-descriptor strategy served by FAISS."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

import numpy as np

from .index import MeanSearch, NearestSearch, exact_distances

Strategy = Literal["mean", "nearest"]
_QUERY_CHUNK = 512


def euclidean_distance(a: Any, b: Any) -> float:
    """Euclidean distance of two equally long vectors, computed like face-api.js (float64, summed in order)."""
    va, vb = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if va.ndim != 1 or vb.ndim != 1:
        raise ValueError(f"euclidean_distance expects two 1-D vectors, got shapes {va.shape} and {vb.shape}")
    if len(va) != len(vb):
        raise ValueError(f"euclidean_distance: lengths differ ({len(va)} != {len(vb)})")
    return float(exact_distances(va[None, :], vb)[0]) if len(va) else 0.0


def js_number(x: float) -> str:
    """``x`` as JavaScript's Number#toString writes it (JSON.stringify too): 1 not 1.0, 0.00005 not 5e-05."""
    x = float(x)
    if not math.isfinite(x):
        return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")
    if x == 0:
        return "0"
    _, digit_tuple, exp = Decimal(repr(abs(x))).as_tuple()  # repr: the shortest round-trip digits, as in JS
    digits = "".join(map(str, digit_tuple)).lstrip("0")
    k, n = len(digits.rstrip("0")), len(digits) + int(exp)  # value = 0.digits * 10**n
    digits, sign = digits[:k], "-" if x < 0 else ""
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * -n + digits
    mantissa = digits[0] + ("." + digits[1:] if k > 1 else "")
    return f"{sign}{mantissa}e{'+' if n > 0 else '-'}{abs(n - 1)}"


def _js_stringify(value: Any) -> str:
    """JSON.stringify of plain data (dicts, lists, strings, numbers), byte for byte."""
    if isinstance(value, dict):
        return (
            "{"
            + ",".join(f"{json.dumps(str(k), ensure_ascii=False)}:{_js_stringify(v)}" for k, v in value.items())
            + "}"
        )
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(map(_js_stringify, value)) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return js_number(value) if math.isfinite(value) else "null"


def _json_number(x: float) -> int | float:
    """Integral values as int, so json.dumps writes 1 like JSON.stringify rather than 1.0."""
    return int(x) if x.is_integer() and abs(x) < 1e21 else x


@dataclass(frozen=True)
class FaceMatch:
    """A match: the reference label (or "unknown") and the distance to it."""

    label: str
    distance: float

    def to_string(self, with_distance: bool = True) -> str:
        """face-api.js's toString: the distance floored (not rounded) to 2 decimals, e.g. "ann (0.41)"."""
        return f"{self.label} ({js_number(math.floor(self.distance * 100) / 100)})" if with_distance else self.label

    def __str__(self) -> str:
        return self.to_string()


def _descriptor_array(descriptors: Any, what: str) -> np.ndarray:
    """A validated read-only float32 (n, D) copy (face-api.js keeps Float32Arrays) of a sequence of 1-D
    descriptors: converted in one go, checked row by row (for the error message) only when that fails."""
    if isinstance(descriptors, np.ndarray) and descriptors.ndim == 1:
        raise ValueError(f"{what}: expected a sequence of descriptors, got one 1-D array (wrap it in a list)")
    if isinstance(descriptors, (str, bytes)) or not isinstance(descriptors, (Sequence, np.ndarray)):
        raise ValueError(f"{what}: expected a sequence of 1-D descriptors, got {type(descriptors).__name__}")
    try:
        rows = np.array(descriptors, dtype=np.float32)
    except (TypeError, ValueError):  # ragged or not numeric: the row by row checks say which and where
        rows = None
    if rows is None or rows.ndim != 2 or not rows.size or not np.isfinite(rows).all():
        rows = np.stack(_check_rows(descriptors, what))
    rows.flags.writeable = False
    return rows


def _check_rows(descriptors: Any, what: str) -> list[np.ndarray]:
    """The descriptors one by one as float32 vectors, or ValueError naming the first bad one."""
    rows: list[np.ndarray] = []
    for i, d in enumerate(descriptors):
        try:
            row = np.array(d, dtype=np.float32)
        except (TypeError, ValueError) as e:
            raise ValueError(f"{what}: descriptor #{i} is not numeric ({e})") from None
        if row.ndim != 1 or not len(row):
            raise ValueError(f"{what}: descriptor #{i} must be a non-empty 1-D vector, got shape {row.shape}")
        if not np.isfinite(row).all():
            raise ValueError(f"{what}: descriptor #{i} has non-finite values")
        if rows and len(row) != len(rows[0]):
            raise ValueError(f"{what}: descriptor #{i} has length {len(row)}, expected {len(rows[0])}")
        rows.append(row)
    if not rows:
        raise ValueError(f"{what}: expected at least one descriptor")
    return rows


class LabeledFaceDescriptors:
    """One person's reference descriptors under a label (face-api.js's LabeledFaceDescriptors)."""

    def __init__(self, label: str, descriptors: Sequence[Any] | np.ndarray) -> None:
        if not isinstance(label, str) or not label:
            raise ValueError(f"LabeledFaceDescriptors: label must be a non-empty string, got {label!r}")
        self._label = label
        self._rows = _descriptor_array(descriptors, f"LabeledFaceDescriptors {label!r}")

    @property
    def label(self) -> str:
        return self._label

    @property
    def descriptors(self) -> list[np.ndarray]:
        """The descriptors as read-only float32 vectors."""
        return list(self._rows)

    @property
    def array(self) -> np.ndarray:
        """All the descriptors as one read-only (n, D) float32 array."""
        return self._rows

    def to_json(self) -> dict[str, Any]:
        """face-api.js's toJSON: {"label": ..., "descriptors": [[...], ...]} (float32 values as numbers)."""
        return {"label": self._label, "descriptors": [[_json_number(v) for v in d.tolist()] for d in self._rows]}

    @classmethod
    def from_json(cls, data: dict[str, Any] | str) -> LabeledFaceDescriptors:
        data = json.loads(data) if isinstance(data, str) else data
        if not isinstance(data, dict) or "label" not in data or "descriptors" not in data:
            raise ValueError("LabeledFaceDescriptors.from_json expects {'label': ..., 'descriptors': [...]}")
        return cls(data["label"], data["descriptors"])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LabeledFaceDescriptors):
            return NotImplemented
        return self._label == other._label and np.array_equal(self._rows, other._rows)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LabeledFaceDescriptors({self._label!r}, {len(self._rows)} descriptors)"


def _is_vector(x: Any) -> bool:
    if isinstance(x, np.ndarray):
        return x.ndim == 1
    return isinstance(x, (list, tuple)) and bool(x) and all(isinstance(v, (int, float, np.number)) for v in x)


def _labeled_sets(reference: Any) -> list[LabeledFaceDescriptors]:
    """face-api.js's constructor inputs: labeled sets, descriptors or faces with a descriptor ("person N")."""
    if _is_vector(reference) or not isinstance(reference, (list, tuple, np.ndarray)):
        reference = [reference]
    if not len(reference):
        raise ValueError("FaceMatcher: expected at least one reference")
    out, count = [], 0
    for i, item in enumerate(reference):
        if isinstance(item, LabeledFaceDescriptors):
            out.append(item)
            continue
        if not _is_vector(item):
            if getattr(item, "descriptor", None) is None:
                raise ValueError(
                    f"FaceMatcher: reference #{i} must be LabeledFaceDescriptors, a 1-D descriptor or a face "
                    f"result with a descriptor (compute descriptors first), got {type(item).__name__}"
                )
            item = item.descriptor
        count += 1
        out.append(LabeledFaceDescriptors(f"person {count}", [item]))
    if len({ld.array.shape[1] for ld in out}) > 1:
        raise ValueError("FaceMatcher: reference descriptors have different lengths")
    return out


class FaceMatcher:
    """Labels query descriptors by their reference sets (face-api.js's FaceMatcher).

    ``strategy="mean"`` (face-api.js): the label whose descriptors have the smallest mean distance.
    ``strategy="nearest"``: the label of the single nearest reference descriptor, from a FAISS index;
    certified equal to brute force up to 32,768 descriptors, an IVF search over the labels beyond
    (see faiss_index.NearestSearch). Either way a distance >= ``distance_threshold`` gives "unknown",
    and ties go to the later reference, as face-api.js's reduce does. Distances are face-api.js's
    (float64, squares summed in order), bit for bit.
    """

    def __init__(self, reference: Any, distance_threshold: float = 0.6, strategy: Strategy = "mean") -> None:
        if isinstance(distance_threshold, bool) or not isinstance(distance_threshold, (int, float, np.number)):
            raise ValueError(f"FaceMatcher: distance_threshold must be a number, got {distance_threshold!r}")
        if not math.isfinite(distance_threshold) or distance_threshold < 0:
            raise ValueError(f"FaceMatcher: distance_threshold must be finite and >= 0, got {distance_threshold!r}")
        if strategy not in ("mean", "nearest"):
            raise ValueError(f"FaceMatcher: strategy must be 'mean' or 'nearest', got {strategy!r}")
        self._threshold, self._strategy = float(distance_threshold), strategy
        self._labeled = _labeled_sets(reference)
        refs = np.ascontiguousarray(np.concatenate([ld.array for ld in self._labeled]))
        lengths = np.array([len(ld.array) for ld in self._labeled], dtype=np.int64)
        self._dim = refs.shape[1]
        if strategy == "mean":
            self._search: MeanSearch | NearestSearch = MeanSearch(refs, lengths)
        else:
            self._search = NearestSearch(refs, lengths)
            self._group_of_row = np.repeat(np.arange(len(lengths)), lengths)

    @property
    def labeled_descriptors(self) -> list[LabeledFaceDescriptors]:
        return list(self._labeled)

    @property
    def distance_threshold(self) -> float:
        return self._threshold

    @property
    def strategy(self) -> str:
        return self._strategy

    def match_descriptor(self, descriptor: Any) -> FaceMatch:
        """The best label and its distance, whatever the threshold (face-api.js's matchDescriptor)."""
        return self._best(self._queries([descriptor]))[0]

    def find_best_match(self, descriptor: Any) -> FaceMatch:
        """The best label, or "unknown" when its distance is >= the threshold (face-api.js's findBestMatch)."""
        return self.match_many([descriptor])[0]

    def match_many(self, descriptors: Any) -> list[FaceMatch]:
        """find_best_match for many descriptors (an (N, D) array or a sequence), computed in batches."""
        return [
            m if m.distance < self._threshold else FaceMatch("unknown", m.distance)
            for m in self._best(self._queries(descriptors))
        ]

    def _best(self, queries: np.ndarray) -> list[FaceMatch]:
        out = []
        for a in range(0, len(queries), _QUERY_CHUNK):
            index, dist = self._search.search(queries[a : a + _QUERY_CHUNK])
            groups = index if self._strategy == "mean" else self._group_of_row[index]
            out += [FaceMatch(self._labeled[g].label, d) for g, d in zip(groups.tolist(), dist.tolist())]
        return out

    def _queries(self, descriptors: Any) -> np.ndarray:
        items = [getattr(d, "descriptor", d) if not _is_vector(d) else d for d in descriptors]
        if any(d is None for d in items):
            raise ValueError("FaceMatcher: a query face has no descriptor (compute descriptors first)")
        try:
            q = np.array(items, dtype=np.float64).reshape(len(items), -1) if items else np.empty((0, self._dim))
        except (TypeError, ValueError) as e:
            raise ValueError(
                f"FaceMatcher: query descriptors must be numeric vectors of length {self._dim} ({e})"
            ) from None
        if q.shape[1] != self._dim or (items and np.ndim(items[0]) != 1):
            raise ValueError(f"FaceMatcher: query descriptors must have length {self._dim}, got shape {q.shape}")
        if not np.isfinite(q).all():
            raise ValueError("FaceMatcher: query descriptors have non-finite values")
        return q

    def to_json(self) -> dict[str, Any]:
        """face-api.js's toJSON: {"distanceThreshold": ..., "labeledDescriptors": [...]}."""
        return {
            "distanceThreshold": _json_number(self._threshold),
            "labeledDescriptors": [ld.to_json() for ld in self._labeled],
        }

    def to_json_string(self) -> str:
        """JSON.stringify(faceMatcher) byte for byte (numbers written as JavaScript writes them)."""
        return _js_stringify(self.to_json())

    @classmethod
    def from_json(cls, data: dict[str, Any] | str, strategy: Strategy = "mean") -> FaceMatcher:
        data = json.loads(data) if isinstance(data, str) else data
        if not isinstance(data, dict) or "labeledDescriptors" not in data or "distanceThreshold" not in data:
            raise ValueError("FaceMatcher.from_json expects {'distanceThreshold': ..., 'labeledDescriptors': [...]}")
        sets = [LabeledFaceDescriptors.from_json(ld) for ld in data["labeledDescriptors"]]
        return cls(sets, data["distanceThreshold"], strategy)

    def __repr__(self) -> str:
        return (
            f"FaceMatcher({len(self._labeled)} labels, distance_threshold={self._threshold}, "
            f"strategy={self._strategy!r})"
        )
