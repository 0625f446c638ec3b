"""Face tracks from synthetic detections: one person per shot becomes one track (moving, crossing, lost for a while,
after a cut), false one-sample detections are dropped."""

from __future__ import annotations

import numpy as np

from faceorganizer.geometry import Box
from faceorganizer.library.indexing.video.tracking import Observation, Tracker, TrackingOptions


def _person(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=128)
    return (v / np.linalg.norm(v)).astype(np.float32)


def _seen(person: np.ndarray, seed: int, spread: float = 0.15) -> np.ndarray:
    noise = np.random.default_rng(seed).normal(size=128)
    return (person + spread * noise / np.linalg.norm(noise)).astype(np.float32)


def _obs(t: float, x: float, desc, quality: float = 1.0, ref: int = 0, y: float = 50, size: float = 60) -> Observation:
    return Observation(t, Box(x, y, size, size), desc, quality, ref)


def test_two_people_moving_and_crossing_are_two_tracks():
    ann, bob = _person(1), _person(2)
    tracker = Tracker()
    for i in range(20):
        t = i * 0.5
        # they walk towards each other and cross at i = 10 (boxes overlap there)
        tracker.add(t, [_obs(t, 20 + 20 * i, _seen(ann, i)), _obs(t, 420 - 20 * i, _seen(bob, 100 + i))])
    tracks = tracker.finish()
    assert len(tracks) == 2
    for track, who in zip(sorted(tracks, key=lambda t: t.observations[0].box.x), (ann, bob)):
        assert len(track.observations) == 20
        assert all(np.linalg.norm(o.descriptor - who) < 0.3 for o in track.observations)
        assert (track.start, track.end, track.shot) == (0.0, 9.5, 0)


def test_a_fast_pan_without_overlap_still_continues_by_descriptor():
    ann = _person(3)
    tracker = Tracker()
    for i in range(6):
        tracker.add(i * 0.5, [_obs(i * 0.5, 10 + 150 * i, _seen(ann, i))])  # no box overlap between samples
    assert [len(t.observations) for t in tracker.finish()] == [6]


def test_a_person_lost_for_long_in_a_shot_is_still_one_track():
    ann, bob = _person(4), _person(5)
    tracker = Tracker(TrackingOptions(max_gap=1.0))
    for i in range(30):
        t = i * 0.5
        faces = [_obs(t, 300, _seen(bob, 200 + i))]
        if i < 5 or i > 20:  # ann walks out of the picture for 7.5 s and comes back elsewhere
            faces.append(_obs(t, 20 if i < 5 else 500, _seen(ann, i)))
        tracker.add(t, faces)
    tracks = tracker.finish()
    assert sorted(len(t.observations) for t in tracks) == [14, 30]


def test_a_cut_starts_new_tracks_even_for_the_same_person():
    ann = _person(6)
    tracker = Tracker()
    for i in range(4):
        tracker.add(i * 0.5, [_obs(i * 0.5, 100, _seen(ann, i))])
    tracker.cut()
    for i in range(4, 8):
        tracker.add(i * 0.5, [_obs(i * 0.5, 100, _seen(ann, i))])
    tracks = tracker.finish()
    assert [(t.shot, len(t.observations), t.start) for t in tracks] == [(0, 4, 0.0), (1, 4, 2.0)]


def test_a_one_sample_false_detection_is_dropped_and_the_best_frame_is_kept():
    ann, ghost = _person(7), _person(8)
    tracker = Tracker()
    for i in range(6):
        faces = [_obs(i * 0.5, 100, _seen(ann, i), quality=10 + (i == 3) * 5, ref=i)]
        if i == 2:
            faces.append(_obs(1.0, 400, ghost, ref=99))
        tracker.add(i * 0.5, faces)
    tracks = tracker.finish()
    assert len(tracks) == 1
    assert tracks[0].best.ref == 3 and tracks[0].best.time == 1.5


def test_a_short_shot_keeps_a_face_seen_once():
    tracker = Tracker()
    tracker.add(0.0, [_obs(0.0, 100, _person(9))])
    tracker.cut()
    tracker.add(0.5, [])
    tracker.add(1.0, [])
    assert [(t.shot, len(t.observations)) for t in tracker.finish()] == [(0, 1)]


def test_without_descriptors_boxes_alone_link_detections():
    tracker = Tracker()
    for i in range(5):
        tracker.add(i * 0.5, [_obs(i * 0.5, 100 + 5 * i, None), _obs(i * 0.5, 400 - 5 * i, None)])
    assert sorted(len(t.observations) for t in tracker.finish()) == [5, 5]
