"""Which frames are sampled: a few per second, keyframes, a burst after a cut, bounded per video; and cuts."""

from __future__ import annotations

import numpy as np
import pytest

from faceorganizer.library.indexing.video.sampling import Sampler, SamplingOptions, is_cut, signature


def _run(sampler: Sampler, seconds: float, fps: float = 30.0, keys: set[int] = frozenset()) -> list[float]:
    return [i / fps for i in range(int(seconds * fps)) if sampler.wants(i / fps, i in keys)]


def test_regular_samples_a_few_per_second():
    taken = _run(Sampler(SamplingOptions(fps=2.0, keyframes=False), 10.0), 10.0)
    assert len(taken) == 20
    assert np.allclose(np.diff(taken), 0.5, atol=1 / 30)


def test_keyframes_are_sampled_and_stand_for_the_regular_sample_due_next():
    sampler = Sampler(SamplingOptions(fps=1.0, max_samples=8, regular_share=0.75), 4.0)
    taken = _run(sampler, 4.0, keys={0, 45, 50, 62, 100})
    # 1.5 s: half an interval before the sample due at 2.0, it is that sample; 1.67 s: too soon after it; 2.07 s:
    # an extra keyframe (the budget allows 2 by then); 3.33 s: an extra too
    assert [round(t, 2) for t in taken] == [0.0, 1.0, 1.5, 2.07, 3.0, 3.33]
    assert sampler.extra == 2


def test_what_is_due_before_a_time():
    sampler = Sampler(SamplingOptions(fps=2.0, keyframes=False), 10.0)
    assert sampler.wants(0.0) and not sampler.due_before(0.4) and sampler.due_before(0.6)
    sampler.cut(0.0)  # a burst at 0.15, 0.3, 0.45
    assert sampler.due_before(0.2)


def test_a_cut_brings_a_burst_of_samples():
    sampler = Sampler(SamplingOptions(fps=1.0, keyframes=False, burst=3, burst_interval=0.1), 5.0)
    taken = []
    for i in range(150):
        t = i / 30
        if sampler.wants(t):
            taken.append(t)
            if i == 60:
                sampler.cut(t)
    assert [round(t, 2) for t in taken] == [0.0, 1.0, 2.0, 2.1, 2.2, 2.3, 3.0, 4.0]


def test_samples_per_video_are_bounded_however_long():
    options = SamplingOptions(fps=2.0, max_samples=100)
    sampler = Sampler(options, 3600.0)
    taken = _run(sampler, 3600.0, fps=5.0, keys=set(range(0, 18000, 10)))  # an hour, a keyframe every 2 s
    assert len(taken) == sampler.taken == 100
    assert taken[-1] > 2000  # spread over the video, not the first 100 frames
    unknown = Sampler(options, None)
    assert len(_run(unknown, 600.0, fps=5.0)) == 100


def test_cuts_are_colour_changes_not_motion():
    rng = np.random.default_rng(0)
    scene = rng.integers(0, 256, (360, 640, 3), dtype=np.uint8)
    scene[:, :320] //= 4  # a dark left half
    panned = np.roll(scene, 40, axis=1)
    other = (255 - scene[::-1]).copy()
    other[:180] = [200, 30, 30]
    a, b, c = signature(scene), signature(panned), signature(other)
    assert not is_cut(None, a, 0.4)
    assert not is_cut(a, b, 0.4)
    assert is_cut(a, c, 0.4)


def test_options_are_checked():
    with pytest.raises(ValueError):
        SamplingOptions(fps=0)
    assert SamplingOptions(fps=2.0, max_samples=100).interval(600.0) == 8.0


def test_the_cut_detector_adapts_to_how_much_a_shot_moves():
    from faceorganizer.library.indexing.video.sampling import CutDetector

    rng = np.random.default_rng(1)
    base = rng.integers(0, 256, (90, 160, 3), dtype=np.uint8)
    base[:, :80] //= 3

    def steady(i: int) -> np.ndarray:  # a steady shot: the same scene, slightly noisy
        return np.clip(base.astype(int) + rng.integers(-4, 5, base.shape), 0, 255).astype(np.uint8)

    similar = (base.astype(int) * 0.8 + 30).astype(np.uint8)  # a cut to a scene of similar colours
    detect = CutDetector()
    assert [detect(steady(i)) for i in range(8)] == [False] * 8
    assert detect(similar)  # far more different than the steady shot's samples, though below 0.4
    assert not detect(similar)
