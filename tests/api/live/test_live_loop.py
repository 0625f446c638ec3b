"""The live loop (issue 17.3/17.4): frames are analysed one at a time on a worker, newer frames replace a
waiting one (dropped, never queued), every face gets a box, landmarks, expression, age/gender and a name when
a FaceMatcher knows the person; video files are read with PyAV at their frame rate."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from faceorganizer.api.live import FrameAnalyzer, FrameResult, LiveLoop, VideoError, VideoFile, write_video
from faceorganizer.api.matching import FaceMatcher, LabeledFaceDescriptors


class SlowAnalyzer:
    """Takes ``seconds`` per frame and remembers the times of the frames it saw."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.seen: list[float] = []
        self.threads: set[str] = set()

    def __call__(self, pixels: np.ndarray, at: float) -> FrameResult:
        time.sleep(self.seconds)
        self.seen.append(at)
        self.threads.add(threading.current_thread().name)
        return FrameResult(at, pixels.shape[1], pixels.shape[0], [], self.seconds)


def test_frames_arriving_while_busy_are_dropped_not_queued():
    analyzer = SlowAnalyzer(0.05)
    results: list[FrameResult] = []
    loop: LiveLoop = LiveLoop(analyzer, results.append)
    frame = np.zeros((4, 4, 3), np.uint8)
    kept, submit_time = [], 0.0
    for i in range(40):  # 200 fps into a 20 fps analysis
        began = time.perf_counter()
        kept.append(loop.submit(frame, i * 0.005))
        submit_time = max(submit_time, time.perf_counter() - began)
        time.sleep(0.005)
    stats = loop.close(drain=True)
    assert submit_time < 0.02, "submit waited for the analysis"
    assert stats.submitted == 40 and stats.analysed + stats.dropped == 40
    assert stats.dropped >= 25 and stats.analysed == len(results) == len(analyzer.seen) >= 3
    assert analyzer.seen == sorted(analyzer.seen) and analyzer.seen[-1] == pytest.approx(39 * 0.005)  # the newest
    assert sum(not k for k in kept) <= stats.dropped
    assert analyzer.threads == {"faceorganizer-live"}  # never the caller's thread


def test_a_fast_analysis_drops_nothing_and_measures_the_rate():
    analyzer = SlowAnalyzer(0.001)
    loop: LiveLoop = LiveLoop(analyzer)
    for i in range(20):
        loop.submit(np.zeros((4, 4, 3), np.uint8), i / 50)
        time.sleep(0.02)  # a 50 fps source
    stats = loop.close(drain=True)
    assert (stats.analysed, stats.dropped) == (20, 0)
    assert 20 < stats.fps < 80 and stats.mean_analysis_ms >= 1


def test_a_failing_frame_is_reported_and_the_loop_goes_on():
    errors: list[BaseException] = []
    calls = []

    def analyzer(pixels, at):
        calls.append(at)
        if at == 0:
            raise ValueError("bad frame")
        return FrameResult(at, 4, 4)

    loop: LiveLoop = LiveLoop(analyzer, on_error=errors.append)
    loop.submit(np.zeros((4, 4, 3), np.uint8), 0)
    loop.wait_idle(5)
    loop.submit(np.zeros((4, 4, 3), np.uint8), 1)
    stats = loop.close(drain=True)
    assert calls == [0, 1] and [str(e) for e in errors] == ["bad frame"] and stats.analysed == 1


@pytest.fixture(scope="module")
def portrait_frame():
    return next(iter(_frames(1)))


def _frames(count):
    from importlib import resources

    from PIL import Image

    photo = Image.open(str(resources.files("faceorganizer.samples") / "grace_hopper.jpg")).convert("RGB")
    photo = photo.resize((307, 360))
    for _ in range(count):
        frame = np.full((480, 640, 3), 96, np.uint8)
        frame[60:420, 160:467] = np.asarray(photo)
        yield frame


def test_a_frame_gets_box_landmarks_expression_age_gender_and_no_name_without_people(portrait_frame):
    result = FrameAnalyzer()(portrait_frame, 1.5)
    assert (result.time, result.width, result.height) == (1.5, 640, 480) and len(result.faces) == 1
    face = result.faces[0]
    assert 160 <= face.box.x < face.box.right <= 467 and 60 <= face.box.y < face.box.bottom <= 420
    assert face.landmarks is not None and face.landmarks.shape == (68, 2)
    assert face.expression in {"neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"}
    assert face.age is not None and 30 < face.age < 100 and face.gender in {"male", "female"}
    assert face.name is None and face.distance is None  # no matcher: no descriptor computed, "unknown"
    line = result.to_json()
    assert line["time"] == 1.5 and line["faces"][0]["name"] == "unknown"
    assert set(line["faces"][0]) >= {"box", "score", "name", "expression", "age", "gender"}


def test_the_matcher_names_a_known_face_and_leaves_a_stranger_unknown(portrait_frame):
    from faceorganizer.api.analyze import analyze

    descriptor = analyze(portrait_frame)[0].descriptor
    grace = FaceMatcher([LabeledFaceDescriptors("Grace", [descriptor])])
    face = FrameAnalyzer(matcher=grace)(portrait_frame).faces[0]
    assert face.name == "Grace" and face.distance is not None and face.distance < 0.4
    stranger = FaceMatcher([LabeledFaceDescriptors("Someone", [np.full(128, 0.2, np.float32)])])
    face = FrameAnalyzer(matcher=stranger)(portrait_frame).faces[0]
    assert face.name is None and face.distance is not None and face.distance >= 0.6


def test_a_video_file_is_read_at_its_frame_rate(tmp_path, portrait_frame):
    path = tmp_path / "clip.mp4"
    assert write_video(path, [portrait_frame] * 10, fps=20) == 10
    with VideoFile(path) as video:
        assert video.frame_rate == 20 and video.size == (640, 480)
        began = time.perf_counter()
        frames = list(video.play())
        took = time.perf_counter() - began
    assert len(frames) == 10 and [round(at, 3) for _, at in frames] == [i / 20 for i in range(10)]
    assert frames[0][0].shape == (480, 640, 3) and frames[0][0].dtype == np.uint8
    assert 0.4 <= took < 2.0  # 10 frames at 20 fps: 0.45 s from the first to the last


def test_a_file_that_is_no_video_is_a_clear_error(tmp_path):
    with pytest.raises(VideoError, match="no such file"):
        VideoFile(tmp_path / "missing.mp4")
    (tmp_path / "notes.mp4").write_text("not a video")
    with pytest.raises(VideoError, match="not a video"):
        VideoFile(tmp_path / "notes.mp4")
    from PIL import Image

    Image.new("RGB", (8, 8)).save(tmp_path / "still.png")  # FFmpeg opens an image as a one-frame video
    with VideoFile(tmp_path / "still.png") as video:
        assert len(list(video.frames())) == 1
