"""Small-face detection: faces down to ~20 px in large photos, which face-api.js's detectors miss.

SSD MobileNetV1 sees a photo through its 512x512 input, so a 4000x3000 photo is shrunk 7.8x and a 40 px
face becomes 5 px. The small-face mode runs SSD on the whole photo (kept only for faces large enough there),
on the 512-px tiles of a medium view (the photo at 896 px, see MEDIUM_VIEW) and on the overlapping 512-px
tiles of a fine view (the photo reduced so its long side is at most ``max_view_side``, 2048 px): each tile
goes through SSD at its own size, so a 40 px face of a 12 MP photo is a 20 px face in SSD's input. Boxes
touching a tile's inner edge belong to a face cut by that edge, which the neighbouring tile sees whole
(tiles overlap by more than the faces they are kept for); the rest are merged with the whole-photo boxes,
one box per face (see ``_same_face``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import numpy as np
from PIL import Image

from ..geometry import Box, Detection
from ..nets import NetRegistry, registry
from ..nets.face_recognition import INPUT_SIZE as DESCRIPTOR_INPUT
from .options import SmallFacesOptions

#: SSD's input side: a tile is this many pixels of the tile view, seen by SSD unscaled.
TILE = 512
#: Tiles overlap by this much (view pixels): every face up to this size lies wholly inside some tile.
OVERLAP = 128
#: Two boxes are one face when their IoU is above MERGE_IOU or the smaller lies mostly (CONTAINED) inside the
#: larger: the whole photo and a tile often box one face differently (a tall box and a square one), which
#: SSD's own NMS at IoU 0.5 keeps as two faces. The higher score is kept.
MERGE_IOU = 0.3
CONTAINED = 0.6
#: A box within this many view pixels of a tile's inner edge is cut by it.
EDGE = 8.0


def tile_origins(length: int, tile: int = TILE, overlap: int = OVERLAP) -> list[int]:
    """Start offsets of tiles of ``tile`` px covering ``length`` px, overlapping by at least ``overlap``."""
    if length <= tile:
        return [0]
    count = -(-(length - overlap) // (tile - overlap))
    step = (length - tile) / (count - 1)
    return [round(i * step) for i in range(count)]


def _tiles(width: int, height: int) -> Iterator[tuple[int, int, int, int]]:
    """(x, y, width, height) of each tile of a view of ``width`` x ``height``."""
    for y in tile_origins(height, TILE, OVERLAP):
        for x in tile_origins(width, TILE, OVERLAP):
            yield x, y, min(TILE, width), min(TILE, height)


def _same_face(a: Box, b: Box) -> bool:
    iw = max(0.0, min(a.right, b.right) - max(a.left, b.left))
    ih = max(0.0, min(a.bottom, b.bottom) - max(a.top, b.top))
    smaller = min(a.area, b.area)
    return a.iou(b) > MERGE_IOU or (smaller > 0 and iw * ih / smaller > CONTAINED)


def _merge(detections: list[Detection]) -> list[Detection]:
    """One detection per face, by falling score."""
    kept: list[Detection] = []
    for d in sorted(detections, key=lambda d: -d.score):
        if not any(_same_face(d.box, k.box) for k in kept):
            kept.append(d)
    return kept


def _cut(box: Box, tile: tuple[int, int, int, int], width: int, height: int) -> bool:
    """Whether ``box`` (tile pixels) touches an edge of ``tile`` that lies inside the view."""
    x, y, tw, th = tile
    return (
        (x > 0 and box.left <= EDGE)
        or (y > 0 and box.top <= EDGE)
        or (x + tw < width and box.right >= tw - EDGE)
        or (y + th < height and box.bottom >= th - EDGE)
    )


#: The medium pass: the photo seen at this long side (2x2 tiles at 4:3) finds the faces too small for the
#: whole-photo pass that the fine tiles see blurred (an enlarged or soft photo); only its boxes of at least
#: MEDIUM_MIN_FACE view pixels at MEDIUM_CONFIDENCE are kept (smaller ones there are mostly misplaced).
#: Measured on 12 MP composites (benchmarks/bench_small_faces.py): 60 px faces 96% found instead of 95%,
#: no more false boxes, 4 more SSD runs.
MEDIUM_VIEW = 2 * TILE - OVERLAP
MEDIUM_CONFIDENCE = 0.7
MEDIUM_MIN_FACE = 14.0

#: Tiles per SSD run: batched, and bounded (activations grow with the batch; larger batches measured no faster).
TILE_BATCH = 4


class Cancelled(Exception):
    """Raised between tile batches when the caller's ``cancel`` event is set (the photo is left undone)."""


def _tile_pass(
    ssd: Any,
    pixels: np.ndarray,
    side: int,
    confidence: float,
    max_results: int,
    min_face: float = 0.0,
    cancel: threading.Event | None = None,
) -> list[Detection]:
    """Faces SSD finds (at ``confidence``, at least ``min_face`` wide there) in the tiles of ``pixels`` seen
    with its long side at most ``side``, in its pixels."""
    h, w = pixels.shape[:2]
    scale = min(1.0, side / max(w, h))
    vw, vh = max(1, round(w * scale)), max(1, round(h * scale))
    view = (
        pixels
        if (vw, vh) == (w, h)
        else np.asarray(Image.fromarray(pixels).resize((vw, vh), Image.Resampling.BILINEAR))
    )
    sx, sy = w / vw, h / vh
    tiles = list(_tiles(vw, vh))
    found = []
    for start in range(0, len(tiles), TILE_BATCH):
        if cancel is not None and cancel.is_set():
            raise Cancelled("cancelled")
        batch = tiles[start : start + TILE_BATCH]
        parts = [view[y : y + th, x : x + tw] for x, y, tw, th in batch]
        results = ssd.detect_batch(parts, min_confidence=confidence, max_results=max_results)
        for tile, dets in zip(batch, results, strict=True):
            for d in dets:
                if d.box.width >= min_face and not _cut(d.box, tile, vw, vh):
                    box = d.box.shift(tile[0], tile[1]).rescale(sx, sy).clip(w, h)
                    found.append(Detection(box, d.score, w, h))
    return found


def detect_small_faces(
    pixels: np.ndarray,
    options: SmallFacesOptions | None = None,
    nets: NetRegistry | None = None,
    cancel: threading.Event | None = None,
) -> list[Detection]:
    """Every face of ``pixels`` (HxWx3 uint8) down to ~20 px, by falling score, in its pixels. ``cancel``
    set stops it between two batches of tiles (``Cancelled``): a photo takes 25 SSD runs, a scan's stop
    should not wait for them all."""
    options = options or SmallFacesOptions()
    nets = nets or registry()
    ssd = nets.ssd_mobilenetv1
    h, w = pixels.shape[:2]
    whole = ssd.detect(pixels, min_confidence=options.min_confidence, max_results=options.max_results)
    if max(w, h) <= TILE:  # SSD already sees it unscaled: tiles would add nothing
        return whole
    to_input = TILE / max(w, h)
    found = [d for d in whole if d.box.width * to_input >= options.whole_min_face]
    if max(w, h) > MEDIUM_VIEW:
        found += _tile_pass(ssd, pixels, MEDIUM_VIEW, MEDIUM_CONFIDENCE, options.max_results, MEDIUM_MIN_FACE, cancel)
    found += _tile_pass(ssd, pixels, options.max_view_side, options.tile_confidence, options.max_results, 0.0, cancel)
    return _merge(found)[: options.max_results]


def small_face_descriptors(net: Any, faces: list[np.ndarray]) -> list[np.ndarray]:
    """Descriptors of face crops (as the descriptor net takes them), small ones seen better: a crop smaller
    than the net's 150 px input is enlarged bicubic (the net itself would enlarge it bilinear) and described
    as the mean of its own descriptor and its mirror image's. Measured on 12 MP composites
    (benchmarks/bench_small_faces.py): faces of 40 px identified right 91% instead of 85%, 60 px 98% instead
    of 92%, 100 px 100% instead of 96%, none wrong."""
    batch: list[np.ndarray] = []
    owner: list[int] = []
    for i, face in enumerate(faces):
        h, w = face.shape[:2]
        if max(h, w) < DESCRIPTOR_INPUT:
            scale = DESCRIPTOR_INPUT / max(h, w)
            size = (max(1, round(w * scale)), max(1, round(h * scale)))
            big = np.asarray(Image.fromarray(np.ascontiguousarray(face)).resize(size, Image.Resampling.BICUBIC))
            batch += [big, np.ascontiguousarray(big[:, ::-1])]
            owner += [i, i]
        else:
            batch.append(face)
            owner.append(i)
    out = np.asarray(net.predict(batch), dtype=np.float32)
    owners = np.asarray(owner)
    return [out[owners == i].mean(axis=0) for i in range(len(faces))]
