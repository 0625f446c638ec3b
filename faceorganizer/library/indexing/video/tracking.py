"""Face tracks: the detections of one person across the sampled frames of one shot become one track.

Between consecutive samples, each live track takes at most one new detection, greedily by cost (descriptor
distance minus box overlap): a detection continues a track if its box overlaps the track's last one (IoU at least
``min_iou``) and its descriptor is not far (``overlap_distance``), or, without overlap (a pan, a fast move, a
missed sample), if its descriptor is close (``max_distance``). A track unseen for ``max_gap`` seconds ends; a shot
change ends them all. When a shot ends, its tracks that never appear together and whose mean descriptors are
close (``merge_distance``) are one person lost for a while, and are merged (so that the same-photo rule, which
keeps the tracks of one shot apart, never splits one person). Tracks seen fewer than ``min_observations`` times
(or in all of a shorter shot's samples) are dropped as false detections. Pure: no frames, no networks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ....geometry import Box


@dataclass(frozen=True)
class TrackingOptions:
    """Thresholds of the association (descriptor distances are Euclidean, as face-api.js's; 0.6 = another person)."""

    min_iou: float = 0.3
    overlap_distance: float = 0.65
    max_distance: float = 0.5
    max_gap: float = 2.5
    merge_distance: float = 0.45
    min_observations: int = 2


@dataclass(frozen=True)
class Observation:
    """One detection in one sampled frame: its time, box (the frames' pixels), descriptor, how good a picture of
    the face it is (``quality``: larger is better; the track keeps its best) and the caller's handle ``ref``."""

    time: float
    box: Box
    descriptor: np.ndarray | None
    quality: float
    ref: int = 0


@dataclass
class Track:
    """The observations of one person in one shot, in time order."""

    shot: int
    observations: list[Observation] = field(default_factory=list)

    @property
    def start(self) -> float:
        return self.observations[0].time

    @property
    def end(self) -> float:
        return self.observations[-1].time

    @property
    def best(self) -> Observation:
        """The observation with the highest quality (the earliest among equals)."""
        return max(self.observations, key=lambda o: o.quality)

    def descriptor(self, last: int | None = None) -> np.ndarray | None:
        """The mean descriptor of the track (of its ``last`` observations when given), or None without any."""
        obs = self.observations if last is None else self.observations[-last:]
        vectors = [o.descriptor for o in obs if o.descriptor is not None]
        return None if not vectors else np.mean(vectors, axis=0)


def _distance(a: np.ndarray | None, b: np.ndarray | None) -> float | None:
    return None if a is None or b is None else float(np.linalg.norm(a - b))


class Tracker:
    """Feeds sampled frames in time order (``add``), told of shot changes (``cut``); ``finish`` gives the tracks."""

    def __init__(self, options: TrackingOptions | None = None) -> None:
        self.options = options or TrackingOptions()
        self.shot = 0
        self._live: list[Track] = []  # tracks of the current shot
        self._samples = 0  # samples of the current shot
        self._done: list[Track] = []

    def cut(self) -> None:
        """The next sample starts a new shot (a first call before any sample does nothing)."""
        if self._samples == 0 and not self._live:
            return
        self._close_shot()
        self.shot += 1

    def add(self, time: float, observations: list[Observation]) -> None:
        """The detections of the frame sampled at ``time``."""
        o = self.options
        self._samples += 1
        live = [t for t in self._live if time - t.end <= o.max_gap]
        pairs = []
        for ti, track in enumerate(live):
            last, mean = track.observations[-1], track.descriptor(last=5)
            for oi, obs in enumerate(observations):
                iou = last.box.iou(obs.box)
                dist = _distance(mean, obs.descriptor)
                if dist is None:
                    ok = iou >= o.min_iou
                else:
                    ok = (iou >= o.min_iou and dist <= o.overlap_distance) or dist <= o.max_distance
                if ok:
                    pairs.append(((dist if dist is not None else 0.5) - iou, ti, oi))
        used_t: set[int] = set()
        used_o: set[int] = set()
        for _, ti, oi in sorted(pairs):
            if ti not in used_t and oi not in used_o:
                live[ti].observations.append(observations[oi])
                used_t.add(ti)
                used_o.add(oi)
        for oi, obs in enumerate(observations):
            if oi not in used_o:
                self._live.append(Track(self.shot, [obs]))

    def finish(self) -> list[Track]:
        """Every track, by shot then start time (the tracker is then empty)."""
        self._close_shot()
        done, self._done = self._done, []
        return sorted(done, key=lambda t: (t.shot, t.start))

    def _close_shot(self) -> None:
        tracks = _merge_apart(self._live, self.options.merge_distance)
        least = min(self.options.min_observations, max(1, self._samples))
        self._done += [t for t in tracks if len(t.observations) >= least]
        self._live, self._samples = [], 0


def _merge_apart(tracks: list[Track], merge_distance: float) -> list[Track]:
    """Merge tracks of one shot that never share a sample and look alike, closest pairs first."""
    tracks = list(tracks)
    while True:
        best: tuple[float, int, int] | None = None
        for i in range(len(tracks)):
            for j in range(i + 1, len(tracks)):
                a, b = tracks[i], tracks[j]
                if {o.time for o in a.observations} & {o.time for o in b.observations}:
                    continue
                dist = _distance(a.descriptor(), b.descriptor())
                if dist is not None and dist <= merge_distance and (best is None or dist < best[0]):
                    best = (dist, i, j)
        if best is None:
            return tracks
        _, i, j = best
        merged = Track(tracks[i].shot, sorted(tracks[i].observations + tracks[j].observations, key=lambda o: o.time))
        tracks = [t for k, t in enumerate(tracks) if k not in (i, j)] + [merged]
