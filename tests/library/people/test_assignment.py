"""Assigning new faces to named people (library/assignment.py) on hand-placed 2-D descriptors."""

from __future__ import annotations

import numpy as np
import pytest

from faceorganizer.library.people.assignment import (
    Assignment,
    AssignmentParams,
    Decision,
    assign_faces,
    person_distances,
)

# Ann's confirmed faces sit at x = 0 and x = 0.2, Bob's at x = 2: distances are easy to check by hand.
PEOPLE = {"ann": np.array([[0.0, 0.0], [0.2, 0.0]]), "bob": np.array([[2.0, 0.0]])}


def decide(points, params=None, **kw) -> list[Assignment]:
    return assign_faces(PEOPLE, np.array(points, dtype=np.float32), params=params, **kw)


def test_mean_distance_semantics_like_face_matcher():
    d = person_distances(np.array([[0.1, 0.0]]), [PEOPLE["ann"], PEOPLE["bob"]], "mean")
    assert d[0] == pytest.approx([0.1, 1.9])
    d = person_distances(np.array([[0.3, 0.0]]), [PEOPLE["ann"], PEOPLE["bob"]], "mean")
    assert d[0] == pytest.approx([0.2, 1.7])  # mean of 0.3 and 0.1
    d = person_distances(np.array([[0.3, 0.0]]), [PEOPLE["ann"], PEOPLE["bob"]], "nearest")
    assert d[0] == pytest.approx([0.1, 1.7])


def test_auto_suggested_none_by_distance():
    # Mean distance to Ann: 0.1 -> auto; ~0.57 -> suggested; ~0.76 -> none.
    auto, suggested, none = decide([[0.1, 0.0], [0.0, 0.55], [0.0, 0.75]])
    assert (auto.decision, auto.person) == (Decision.AUTO, "ann")
    assert (suggested.decision, suggested.person) == (Decision.SUGGESTED, "ann")
    assert suggested.distance == pytest.approx((0.55 + np.hypot(0.2, 0.55)) / 2, abs=1e-5)
    assert (none.decision, none.person, none.nearest) == (Decision.NONE, None, "ann")
    assert auto.second == "bob" and auto.margin == pytest.approx(1.8, abs=1e-5)


def test_two_similar_people_are_only_suggested():
    twins = {"ann": np.array([[0.0, 0.0]]), "eve": np.array([[0.1, 0.0]])}
    (a,) = assign_faces(twins, np.array([[0.0, 0.3]], np.float32))
    # 0.3 from Ann, 0.316 from Eve: close enough to auto-assign, but Eve is within the margin.
    assert a.distance < AssignmentParams().auto_threshold
    assert (a.decision, a.person, a.second) == (Decision.SUGGESTED, "ann", "eve")
    (b,) = assign_faces(twins, np.array([[0.0, 0.3]], np.float32), params=AssignmentParams(min_margin=0.0))
    assert b.decision is Decision.AUTO


def test_rejected_person_is_skipped_for_that_face_only():
    faces = [[0.1, 0.0], [0.1, 0.0]]
    first, second = decide(faces, rejected={0: {"ann"}})
    assert first.person != "ann" and first.nearest == "bob" and first.decision is Decision.NONE
    assert second.person == "ann" and second.decision is Decision.AUTO
    # A face rejected from everyone has no candidate at all.
    (lonely,) = decide([[0.1, 0.0]], rejected={0: {"ann", "bob"}})
    assert (lonely.decision, lonely.nearest, lonely.distance) == (Decision.NONE, None, float("inf"))


def test_quality_gate_and_auto_allowed_only_suggest():
    params = AssignmentParams(min_quality=40)
    small, big = decide([[0.1, 0.0], [0.1, 0.0]], params, quality=[24, 120])
    assert (small.decision, small.person) == (Decision.SUGGESTED, "ann")
    assert big.decision is Decision.AUTO
    child, adult = decide([[0.1, 0.0], [0.1, 0.0]], auto_allowed=[False, True])
    assert child.decision is Decision.SUGGESTED and adult.decision is Decision.AUTO


def test_no_people_or_no_faces():
    assert assign_faces({}, np.zeros((2, 2), np.float32))[0].decision is Decision.NONE
    assert assign_faces({"ann": np.empty((0, 2))}, np.zeros((1, 2), np.float32))[0].decision is Decision.NONE
    assert assign_faces(PEOPLE, np.zeros((0, 2), np.float32)) == []


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="2-D"):
        assign_faces(PEOPLE, np.zeros(2, np.float32))
    with pytest.raises(ValueError, match="person 'ann'"):
        assign_faces({"ann": np.zeros((1, 3))}, np.zeros((1, 2), np.float32))
    with pytest.raises(ValueError, match="auto_threshold"):
        AssignmentParams(auto_threshold=0.7, suggest_threshold=0.6)


def test_many_faces_and_people_in_bounded_slices():
    rng = np.random.default_rng(0)
    people = {i: rng.normal(size=(50, 16)).astype(np.float32) for i in range(100)}
    faces = rng.normal(size=(900, 16)).astype(np.float32)
    got = person_distances(faces, list(people.values()))
    want = np.stack(
        [np.linalg.norm(faces[:, None, :] - p[None, :, :], axis=2).mean(axis=1) for p in people.values()], axis=1
    )
    assert np.allclose(got, want, atol=1e-4)


def test_matching_only_the_plausible_pairs_decides_as_the_full_distance_matrix_does():
    """The pruned matching (centroids first, exact mean distances for the pairs that can be under the threshold)
    gives every face the decision and person the full matrix gives, on faces near, between and far from people."""
    from faceorganizer.library.people.assignment import AssignmentParams, assign_faces

    rng = np.random.default_rng(5)
    centres = rng.normal(0, 0.09, (40, 128)).astype(np.float32)
    people = {pid: centres[pid] + rng.normal(0, 0.025, (int(rng.integers(1, 30)), 128)).astype(np.float32)
              for pid in range(40)}  # fmt: skip
    near = centres[rng.integers(0, 40, 300)] + rng.normal(0, 0.03, (300, 128)).astype(np.float32)
    between = (centres[rng.integers(0, 40, 100)] + centres[rng.integers(0, 40, 100)]) / 2
    loose = centres[rng.integers(0, 40, 200)] + rng.normal(0, 0.04, (200, 128)).astype(np.float32)
    far = rng.normal(0, 0.09, (100, 128)).astype(np.float32)
    faces = np.concatenate([near, loose, between, far]).astype(np.float32)
    params = AssignmentParams()
    full = assign_faces(people, faces, params=params)
    pruned = assign_faces(people, faces, params=params, only_decisions=True)
    assert [(a.decision, a.person) for a in pruned] == [(a.decision, a.person) for a in full]
    decided = [(a, b) for a, b in zip(full, pruned) if a.decision.value != "none"]
    assert len(decided) > 200 and sum(a.decision.value == "suggested" for a, _ in decided) > 5
    assert all(abs(a.distance - b.distance) < 1e-5 for a, b in decided)
