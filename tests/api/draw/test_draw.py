"""fo.draw by pixels: face-api.js's box, text field, landmark and expression drawings on Pillow images."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PIL import Image

from faceorganizer.api.draw import (
    AnchorPosition,
    DrawBox,
    DrawFaceLandmarks,
    DrawTextField,
    age_gender_lines,
    draw_detections,
    draw_face_expressions,
    draw_face_landmarks,
    expression_lines,
    format_number,
    load_font,
    round_down,
)
from faceorganizer.api.landmarks import FaceLandmarks68
from faceorganizer.api.results import FaceExpressions, FaceResult
from faceorganizer.geometry import Box, Detection

BLUE, CYAN, MAGENTA, WHITE = (0, 0, 255), (0, 255, 255), (255, 0, 255), (255, 255, 255)
GRAY = 200  # face-api.js's default text background rgba(0, 0, 0, 0.5) over 200 gives 100


def noise(w: int = 160, h: int = 120, mode: str = "RGB") -> Image.Image:
    rng = np.random.default_rng(0)
    return Image.fromarray(rng.integers(0, 256, (h, w, len(mode)), dtype=np.uint8), mode)


def gray(w: int = 200, h: int = 160) -> Image.Image:
    return Image.new("RGB", (w, h), (GRAY,) * 3)


def changed(before: Image.Image, after: Image.Image) -> np.ndarray:
    return np.any(np.asarray(before) != np.asarray(after), axis=-1)


def bbox(mask: np.ndarray) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of the True pixels, exclusive right/bottom."""
    ys, xs = np.nonzero(mask)
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def field_size(lines: list[str], font_size: float = 14, padding: float = 4) -> tuple[float, float]:
    """face-api.js's measureWidth / measureHeight, with the bundled font."""
    font = load_font(None, font_size)
    return max((font.getlength(t) for t in lines), default=0) + 2 * padding, len(lines) * font_size + 2 * padding


def test_box_stroke_is_box_coloured_and_inside_untouched():
    img = noise()
    before = img.copy()
    DrawBox(Box(20, 30, 60, 40)).draw(img)  # default: 2 px rgba(0, 0, 255, 1), no label
    a = np.asarray(img)
    ring = np.zeros(a.shape[:2], bool)
    ring[29:71, 19:81] = True  # the 2 px stroke is centred on the edges: [x - 1, x + 1)
    ring[31:69, 21:79] = False
    assert np.all(a[ring] == BLUE)
    assert np.array_equal(changed(before, img), ring)  # inside and outside untouched


def test_box_float_coordinates_are_antialiased_by_coverage():
    img = Image.new("RGB", (60, 60), (0, 0, 0))
    DrawBox(Box(10.5, 10.5, 30, 30)).draw(img)  # left stroke covers [9.5, 11.5)
    a = np.asarray(img).astype(int)
    assert tuple(a[25, 10]) == BLUE  # fully covered
    assert tuple(a[25, 9]) == tuple(a[25, 11]) == (0, 0, 128)  # half covered -> half blended
    assert tuple(a[25, 12]) == (0, 0, 0)


def test_box_label_sits_on_top_left_in_box_colour():
    img = gray()
    box = Box(40, 60, 80, 50)
    DrawBox(box, label="0.97").draw(img)
    a = np.asarray(img)
    w, h = field_size(["0.97"])
    assert h == 22  # 14 px font + 2 x 4 px padding
    # face-api.js: anchor (x - lineWidth / 2, y), BOTTOM_LEFT, background = box colour
    label = a[60 - 22 : 60, 39 : 39 + math.floor(w)]
    assert tuple(label[0, 0]) == BLUE and tuple(label[-1, -1]) == BLUE
    assert (label[..., 0] >= 200).sum() > 10  # white text (anti-aliased) on blue
    assert tuple(a[60 - 23, 45]) == (GRAY,) * 3  # nothing above the field


def test_draw_detections_labels_scores_like_face_api_js():
    assert format_number(round_down(0.9734)) == "0.97"
    assert format_number(round_down(0.999)) == "0.99"  # face-api.js's round floors
    assert format_number(round_down(1.0)) == "1" and format_number(round_down(0.5)) == "0.5"
    with_score, without = gray(), gray()
    draw_detections(with_score, [Detection(Box(40, 60, 80, 50), 0.9734, 200, 160)])
    draw_detections(without, Box(40, 60, 80, 50))  # a bare box has no score, so no label
    expected = gray()
    DrawBox(Box(40, 60, 80, 50), label="0.97").draw(expected)
    assert np.array_equal(np.asarray(with_score), np.asarray(expected))
    assert bbox(changed(gray(), without)) == (39, 59, 121, 111)
    result = FaceResult(detection=Detection(Box(40, 60, 80, 50), 0.9734, 200, 160))
    from_result = gray()
    draw_detections(from_result, [result])
    assert np.array_equal(np.asarray(from_result), np.asarray(expected))


def test_text_field_background_at_anchor_and_font_colour_inside():
    img = gray()
    lines = ["Hello", "World (0.5)"]
    DrawTextField(lines, (50, 40)).draw(img)
    a = np.asarray(img)
    w, h = field_size(lines)
    assert bbox(changed(gray(), img)) == (50, 40, math.ceil(50 + w), math.ceil(40 + h))
    assert tuple(a[40, 50]) == (100, 100, 100)  # rgba(0, 0, 0, 0.5) over 200
    field = a[40 : 40 + int(h), 50 : 50 + int(w)]
    assert (field == WHITE).all(axis=-1).sum() > 20  # rgba(255, 255, 255, 1) text


@pytest.mark.parametrize(
    ("position", "left", "top"),
    [("TOP_LEFT", 100, 80), ("TOP_RIGHT", -1, 80), ("BOTTOM_LEFT", 100, -1), ("BOTTOM_RIGHT", -1, -1)],
)
def test_anchor_position_puts_that_corner_on_the_anchor(position, left, top):
    img = gray()
    field = DrawTextField(["anchor"], (100, 80), anchor_position=AnchorPosition(position), padding=5)
    field.draw(img)
    w, h = field.measure_width(), field.measure_height()
    x0 = 100 if left == 100 else 100 - w
    y0 = 80 if top == 80 else 80 - h
    assert bbox(changed(gray(), img)) == (math.floor(x0), math.floor(y0), math.ceil(x0 + w), math.ceil(y0 + h))


def test_text_field_is_moved_inside_the_image():
    img = gray()
    DrawTextField(["near the corner"], (190, 150)).draw(img)
    left, top, right, bottom = bbox(changed(gray(), img))
    assert (right, bottom) == (200, 160) and left < 190 and top < 150


def ring_landmarks() -> FaceLandmarks68:
    """68 points: each face-api.js contour group on its own circle (open groups on a half circle)."""
    groups = [(0, 17, False), (17, 22, False), (22, 27, False), (27, 36, False), (36, 42, True), (42, 48, True),
              (48, 68, True)]  # fmt: skip
    pts = np.zeros((68, 2))
    for g, (start, stop, closed) in enumerate(groups):
        n = stop - start
        cx, cy = 50 + 100 * (g % 3), 50 + 100 * (g // 3)
        angles = np.arange(n) * (2 * np.pi / n) if closed else np.linspace(0, np.pi, n)
        pts[start:stop] = np.c_[cx + 30 * np.cos(angles), cy + 30 * np.sin(angles)]
    return FaceLandmarks68(pts, 300, 300)


def test_landmark_contours_follow_face_api_js_grouping():
    lm = ring_landmarks()
    img = Image.new("RGB", (300, 300))
    DrawFaceLandmarks(lm, draw_points=False).draw(img)  # 1 px rgba(0, 255, 255, 1) lines
    a = np.asarray(img).astype(int)

    def near_line(p) -> bool:
        x, y = int(p[0]), int(p[1])
        patch = a[y - 1 : y + 2, x - 1 : x + 2]
        return bool(patch[..., 1].max() >= 128) and bool((patch[..., 0] == 0).all())  # cyan, anti-aliased

    pts = lm.positions
    for start, stop, closed in [(0, 17, 0), (17, 22, 0), (22, 27, 0), (27, 36, 0), (36, 42, 1), (42, 48, 1),
                                (48, 68, 1)]:  # fmt: skip
        assert all(near_line((pts[i] + pts[i + 1]) / 2) for i in range(start, stop - 1))
        closing = (pts[start] + pts[stop - 1]) / 2  # for open groups: the circle's centre, far from the arc
        assert near_line(closing) == bool(closed)
    assert not near_line((pts[16] + pts[17]) / 2)  # no line from one group to the next
    assert (a[..., 0] == 0).all()  # only line colour


def test_landmark_points_are_discs_in_point_colour():
    lm = ring_landmarks()
    img = Image.new("RGB", (300, 300))
    DrawFaceLandmarks(lm, draw_lines=False).draw(img)  # radius-2 discs rgba(255, 0, 255, 1)
    a = np.asarray(img)
    assert all(tuple(a[int(y), int(x)]) == MAGENTA for x, y in lm.positions)
    x, y = lm.positions[0]
    assert tuple(a[int(y), int(x) + 3]) == (0, 0, 0)  # radius 2: 3 px away is untouched


def test_draw_face_landmarks_accepts_results_and_rejects_missing_landmarks():
    lm = ring_landmarks()
    direct, from_result = Image.new("RGB", (300, 300)), Image.new("RGB", (300, 300))
    DrawFaceLandmarks(lm).draw(direct)
    draw_face_landmarks(from_result, [FaceResult(Detection(Box(0, 0, 9, 9), 0.9, 300, 300), landmarks=lm)])
    assert np.array_equal(np.asarray(direct), np.asarray(from_result))
    with pytest.raises(ValueError, match="landmarks"):
        draw_face_landmarks(from_result, FaceResult(Detection(Box(0, 0, 9, 9), 0.9, 300, 300)))


EXPRESSIONS = FaceExpressions.from_probabilities([0.02, 0.9, 0.06, 0.01, 0.005, 0.003, 0.002])


def test_age_gender_lines_like_face_api_js_example():
    # `${round(age, 0)} years`, `${gender} (${round(genderProbability)})` with face-api.js's flooring round
    assert age_gender_lines(32.97, "male", 0.9349) == ["32 years", "male (0.93)"]
    assert age_gender_lines(40.0, "female", 1.0) == ["40 years", "female (1)"]


def test_expression_lines_are_sorted_floored_and_filtered():
    assert expression_lines(EXPRESSIONS, 0.05) == ["happy (0.9)", "sad (0.06)"]
    assert expression_lines(EXPRESSIONS, 0.01) == ["happy (0.9)", "sad (0.06)", "neutral (0.02)"]  # strictly above


@pytest.mark.parametrize(("min_probability", "n_lines"), [(0.05, 2), (0.1, 1), (0.01, 3)])
def test_expression_field_below_the_face_box(min_probability, n_lines):
    face = FaceResult(Detection(Box(30, 20, 60, 50), 0.9, 200, 160), expressions=EXPRESSIONS)
    img = gray()
    draw_face_expressions(img, [face], min_probability=min_probability)
    left, top, right, bottom = bbox(changed(gray(), img))
    assert (left, top) == (30, 70)  # the box's bottom-left, TOP_LEFT anchored
    assert bottom - top == n_lines * 14 + 8
    assert tuple(np.asarray(img)[70, 30]) == (100, 100, 100)


def test_expression_field_without_detection_goes_to_anchor():
    img = gray()
    draw_face_expressions(img, EXPRESSIONS, anchor=(20, 10))
    assert bbox(changed(gray(), img))[:2] == (20, 10)
    with pytest.raises(ValueError, match="expressions"):
        draw_face_expressions(img, FaceResult(Detection(Box(0, 0, 9, 9), 0.9, 200, 160)))


def test_rgba_images_are_composited_and_bad_input_is_refused():
    img = Image.new("RGBA", (100, 80), (0, 0, 0, 0))
    DrawBox(Box(10, 10, 50, 40), label="x").draw(img)
    a = np.asarray(img)
    assert tuple(a[10, 30]) == (*BLUE, 255) and a[30, 30, 3] == 0
    DrawTextField(["t"], (70, 50)).draw(img)
    assert tuple(a[50, 70]) != tuple(np.asarray(img)[50, 70]) and np.asarray(img)[50, 70, 3] == 128
    with pytest.raises(ValueError, match="RGB or RGBA"):
        DrawBox(Box(1, 1, 5, 5)).draw(Image.new("L", (10, 10)))
    with pytest.raises(ValueError, match="colour"):
        DrawBox(Box(1, 1, 5, 5), box_color="rgba(0, 0, 300, 1)")
    with pytest.raises(ValueError, match="anchor_position"):
        DrawTextField("x", (0, 0), anchor_position="MIDDLE")
    with pytest.raises(ValueError, match="draw_label_options"):
        DrawBox(Box(1, 1, 5, 5), draw_label_options={"colour": "red"})
    with pytest.raises(ValueError, match="Detection, Box"):
        draw_detections(img, ["not a box"])


def test_drawing_across_and_beyond_the_borders_is_clipped():
    img = noise(60, 30)
    before = img.copy()
    DrawBox(Box(-1e9, -1e9, 3e9, 3e9), label="huge").draw(img)  # edges all outside; the label is kept inside
    DrawFaceLandmarks(np.array([[-5.0, -5.0], [1e6, 1e6]])).draw(img)
    DrawBox(Box(500, 500, 10, 10)).draw(img)
    mask = changed(before, img)
    assert bbox(mask)[:2] == (0, 0) and mask.sum() == np.prod(np.ceil(field_size(["huge"])[::-1]))
    img = noise(40, 30)
    DrawBox(Box(-10, 5, 30, 10), box_color="red").draw(img)
    a = np.asarray(img)
    assert (a[4:6, 0:21] == (255, 0, 0)).all() and (a[4:16, 19:21] == (255, 0, 0)).all()
