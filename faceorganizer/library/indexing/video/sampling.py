"""Which frames of a video the face pipeline sees: a few per second, every keyframe (encoders put them at cuts),
a short burst after a scene change, never more than ``max_samples`` per video (a long video's regular samples are
spaced out instead); and the scene-change test on the sampled frames (colour histograms: a pan or a moving person
keeps them, a cut to another scene does not). Pure: the decoder asks, this module answers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SamplingOptions:
    """How densely to sample. ``fps``: regular samples per second; ``burst`` samples ``burst_interval`` apart
    right after a scene change (a short shot still gets looked at closely); keyframes at least
    ``min_keyframe_gap`` after the previous sample; at most ``max_samples`` per video (regular samples are spaced
    so they take at most ``regular_share`` of it, leaving the rest to keyframes and bursts)."""

    fps: float = 2.0
    burst: int = 3
    burst_interval: float = 0.15
    keyframes: bool = True
    min_keyframe_gap: float = 0.25
    max_samples: int = 1200
    regular_share: float = 0.75
    cut_threshold: float = 0.4

    def __post_init__(self) -> None:
        if self.fps <= 0 or self.max_samples < 1 or not 0 < self.regular_share <= 1:
            raise ValueError("sampling needs fps > 0, max_samples >= 1 and 0 < regular_share <= 1")

    def interval(self, duration: float | None) -> float:
        """Seconds between regular samples of a video of ``duration`` seconds (None: unknown)."""
        base = 1.0 / self.fps
        if not duration:
            return base
        return max(base, duration / max(1.0, self.max_samples * self.regular_share))


class Sampler:
    """Decides frame by frame (in decoding order) whether a frame is sampled; ``cut()`` after a sampled frame
    that starts a new shot schedules the burst."""

    def __init__(self, options: SamplingOptions, duration: float | None) -> None:
        self.options = options
        self.interval = options.interval(duration)
        self.duration = duration
        self.taken = 0
        self.extra = 0  # keyframe and burst samples among ``taken``
        self._next_regular = 0.0
        self._last = -1e9
        self._burst: list[float] = []

    def wants(self, time: float, key_frame: bool = False) -> bool:
        """Whether the frame at ``time`` is sampled; if so it is counted. A keyframe up to half an interval before
        the next regular sample is that sample (so a video with frequent keyframes is sampled on them, and the
        decoder can skip the rest of their groups of pictures: decode.sampled_frames)."""
        o = self.options
        if self.taken >= o.max_samples:
            return False
        key = key_frame and o.keyframes and time - self._last >= o.min_keyframe_gap
        early_key = key and self._next_regular - self.interval / 2 <= time < self._next_regular
        regular = time >= self._next_regular or early_key
        take = regular
        if not take and self._extra_allowed(time):
            take = bool(self._burst and time >= self._burst[0]) or key
        if not take:
            return False
        self.taken += 1
        self.extra += not regular
        self._last = time
        self._burst = [t for t in self._burst if t > time]
        if early_key:  # it stands for the sample due next: the grid of regular samples is kept
            self._next_regular += self.interval
        elif regular:
            self._next_regular = max(self._next_regular + self.interval, time + self.interval / 2)
        return True

    def due_before(self, end: float) -> bool:
        """Whether a regular or burst sample falls before ``end`` (seconds): if not, no frame before ``end`` but a
        keyframe is wanted, and the decoder may skip to the next keyframe."""
        if self.taken >= self.options.max_samples:
            return False
        if self._next_regular < end:
            return True
        return bool(self._burst) and self._burst[0] < end and self._extra_allowed(self._burst[0])

    def _extra_allowed(self, time: float) -> bool:
        """Keyframes and bursts share what regular samples leave of the budget, spread over the video (so a
        video with a keyframe every frame or a cut every second still gets regular samples to its end)."""
        o = self.options
        budget = o.max_samples * (1.0 - o.regular_share)
        if self.duration:
            budget = budget * min(1.0, time / self.duration) + o.burst
        return self.extra < budget

    def cut(self, time: float) -> None:
        """The frame sampled at ``time`` starts a new shot: sample the next moments of it closely."""
        o = self.options
        self._burst = [time + o.burst_interval * (i + 1) for i in range(o.burst)]


def signature(pixels: np.ndarray, bins: int = 8) -> np.ndarray:
    """A frame's colour signature: the normalized joint histogram of its (subsampled) RGB pixels, bins^3 floats."""
    step = max(1, min(pixels.shape[0], pixels.shape[1]) // 90)
    small = pixels[::step, ::step].reshape(-1, 3).astype(np.int32) * bins // 256
    codes = (small[:, 0] * bins + small[:, 1]) * bins + small[:, 2]
    hist = np.bincount(codes, minlength=bins**3).astype(np.float32)
    return hist / max(1.0, float(hist.sum()))


def distance(before: np.ndarray, after: np.ndarray) -> float:
    """How different two frames' colours are (their ``signature``): half the L1 distance of the histograms, 0 (the
    same colours) to 1 (no colour in common)."""
    return float(np.abs(before - after).sum()) / 2.0


def is_cut(before: np.ndarray | None, after: np.ndarray, threshold: float) -> bool:
    """Whether two sampled frames (their ``signature``) belong to different shots: ``distance`` above
    ``threshold``."""
    return before is not None and distance(before, after) > threshold


class CutDetector:
    """Scene changes between consecutive samples, adapted to the video: a change is a cut when its ``distance`` is
    above ``factor`` times the median of the recent changes within shots (a steady shot's samples differ little,
    a shaky or busy one's more), and at least ``floor``; before ``warmup`` changes are known, above ``threshold``."""

    def __init__(self, threshold: float = 0.4, floor: float = 0.22, factor: float = 3.0, warmup: int = 3) -> None:
        self.threshold, self.floor, self.factor, self.warmup = threshold, floor, factor, warmup
        self._before: np.ndarray | None = None
        self._recent: list[float] = []

    def __call__(self, pixels: np.ndarray) -> bool:
        """Whether the frame sampled now (``pixels``) starts a new shot."""
        sig = signature(pixels)
        before, self._before = self._before, sig
        if before is None:
            return False
        d = distance(before, sig)
        if len(self._recent) < self.warmup:
            cut = d > self.threshold
        else:
            cut = d > max(self.floor, self.factor * float(np.median(self._recent)))
        if not cut:
            self._recent = self._recent[-19:] + [d]
        return cut
