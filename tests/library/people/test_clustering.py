"""Clustering face descriptors (library/clustering.py) on small synthetic graphs and point clouds."""

from __future__ import annotations

import numpy as np
import pytest

from faceorganizer.library.people.clustering import (
    canonical_labels,
    chinese_whispers,
    cluster_descriptors,
    connected_components,
    graph_edges,
    knn,
    merge_close_clusters,
    near_copy_leaders,
    pairwise_scores,
)

DIM = 128
SPREAD = 0.3 / np.sqrt(2 * DIM)  # two points of one blob are ~0.3 apart


def blobs(sizes: list[int], separation: float = 1.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian blobs whose centres are ``separation`` apart (along separate axes), shuffled."""
    rng = np.random.default_rng(seed)
    truth = np.repeat(np.arange(len(sizes)), sizes)
    rng.shuffle(truth)
    centres = np.eye(len(sizes), DIM, dtype=np.float32) * separation / np.sqrt(2)
    return (centres[truth] + rng.normal(0, SPREAD, (len(truth), DIM))).astype(np.float32), truth


def same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    return pairwise_scores(a, b) == (1.0, 1.0) and pairwise_scores(b, a) == (1.0, 1.0)


def test_empty_and_single_face():
    assert cluster_descriptors(np.empty((0, DIM), np.float32)).shape == (0,)
    assert cluster_descriptors(np.zeros((1, DIM), np.float32)).tolist() == [0]
    assert cluster_descriptors(np.zeros((1, DIM), np.float32), min_size=2).tolist() == [-1]


def test_bad_input_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="2-D"):
        cluster_descriptors(np.zeros(DIM, np.float32))
    bad = np.zeros((3, DIM), np.float32)
    bad[1, 5] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        cluster_descriptors(bad)
    with pytest.raises(ValueError, match="unknown method"):
        cluster_descriptors(np.zeros((3, DIM), np.float32), method="kmeans")  # type: ignore[arg-type]


@pytest.mark.parametrize("method", ["chinese_whispers", "components"])
def test_separate_people_are_found_without_a_cluster_count(method):
    x, truth = blobs([40, 25, 12, 3])
    labels = cluster_descriptors(x, method=method)
    assert same_partition(labels, truth)
    # Labels are numbered by decreasing cluster size.
    assert [int(np.count_nonzero(labels == i)) for i in range(4)] == [40, 25, 12, 3]


def test_min_size_marks_small_clusters_as_noise():
    x, truth = blobs([20, 10, 2, 1])
    labels = cluster_descriptors(x, min_size=3)
    assert set(labels[truth >= 2].tolist()) == {-1}
    assert sorted(set(labels[truth < 2].tolist())) == [0, 1]


def test_output_is_deterministic_and_hnsw_agrees_with_exact():
    x, truth = blobs([120, 80, 60, 30, 10], seed=3)
    exact = cluster_descriptors(x)
    assert np.array_equal(exact, cluster_descriptors(x))
    approx = cluster_descriptors(x, exact_limit=50)  # forces the HNSW index
    assert np.array_equal(approx, cluster_descriptors(x, exact_limit=50))
    assert same_partition(exact, truth) and same_partition(approx, truth)


def test_duplicate_descriptors_cluster_together():
    x, truth = blobs([6, 6])
    x = np.concatenate([x, x[:3]])  # the same photo indexed twice
    labels = cluster_descriptors(x)
    assert same_partition(labels, np.concatenate([truth, truth[:3]]))


def near_copies(x: np.ndarray, versions: int, apart: float, seed: int = 2) -> np.ndarray:
    """Each face in ``versions`` near-copies about ``apart`` from each other (a photo resized or re-saved)."""
    rng = np.random.default_rng(seed)
    noise = rng.normal(0, apart / np.sqrt(2 * DIM), (len(x) * versions, DIM))
    return (np.repeat(x, versions, axis=0) + noise).astype(np.float32)


def people_photos(people: int = 12, photos: int = 5, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Like the labeled library: each person's photos ~0.45 apart, two people ~0.85."""
    rng = np.random.default_rng(seed)
    truth = np.repeat(np.arange(people), photos)
    centres = rng.normal(0, np.sqrt(0.85**2 - 0.45**2) / np.sqrt(2 * DIM), (people, DIM))
    return (centres[truth] + rng.normal(0, 0.45 / np.sqrt(2 * DIM), (len(truth), DIM))).astype(np.float32), truth


def test_a_person_with_several_versions_of_each_photo_is_one_cluster():
    """Every photo in four versions (resized, re-saved: ~0.1 apart). Chinese whispers alone split each person into
    one cluster per photo: the versions' tight links outvote the person's looser ones. Grouped, they vote once."""
    x, truth = people_photos()
    copies, truth4 = near_copies(x, 4, 0.10), np.repeat(truth, 4)
    src, dst, dist = graph_edges(*knn(copies, 10), 0.55)
    alone = canonical_labels(chinese_whispers(len(copies), src, dst, 1 - dist / 0.55))
    assert pairwise_scores(alone, truth4)[1] < 0.5  # the defect: people in pieces
    assert same_partition(cluster_descriptors(x), truth)  # one version of each photo: fine before and after
    assert same_partition(cluster_descriptors(copies), truth4)


def test_harsher_versions_are_joined_too():
    """Versions further apart than near-copies (a small, low-quality re-save, ~0.3 from its photo) are not grouped,
    but the pieces they leave are joined: their faces are as close, overall, as one link."""
    x, truth = people_photos(seed=4)
    versions = np.concatenate([near_copies(x, 1, 0.05, seed=5), near_copies(x, 1, 0.32, seed=6)])
    both, truth2 = np.concatenate([x, versions]), np.concatenate([truth, truth, truth])
    assert same_partition(cluster_descriptors(both), truth2)


def test_near_copy_leaders_group_within_a_radius_without_chaining():
    line = np.zeros((4, DIM), dtype=np.float32)
    line[:, 0] = [0.0, 0.15, 0.30, 1.0]  # 0-1 and 1-2 within 0.2, 0-2 not
    assert near_copy_leaders(*knn(line, 3), radius=0.2).tolist() == [0, 0, 2, 3]


def test_merge_close_clusters_joins_pieces_of_one_person_never_two_people():
    x, truth = people_photos(people=2, photos=8, seed=7)
    pieces = np.arange(len(x)) // 2  # every pair of photos its own cluster, as whispers may leave them
    src, dst, _ = graph_edges(*knn(x, 10), 0.55)
    assert same_partition(merge_close_clusters(x, pieces, src, dst, 0.55), truth)
    far = np.flatnonzero(truth == 0)[0], np.flatnonzero(truth == 1)[0]  # a link between the two people
    merged = merge_close_clusters(x, truth, np.array([far[0]]), np.array([far[1]]), 0.55)
    assert same_partition(merged, truth)


def test_chinese_whispers_does_not_chain_two_people_through_a_bridge():
    """Two people linked by a thin chain of in-between faces: components merge them, whispers do not."""
    x, truth = blobs([40, 40], separation=2.0, seed=1)
    a, b = (x[truth == i].mean(axis=0) for i in range(2))
    steps = np.linspace(0, 1, 7)[1:-1, None]  # five bridge faces 0.33 apart
    bridge = (a + steps * (b - a)).astype(np.float32)
    both = np.concatenate([x, bridge])
    whispers = cluster_descriptors(both)[: len(x)]
    components = cluster_descriptors(both, method="components")[: len(x)]
    assert same_partition(whispers, truth)
    assert len(set(components.tolist())) == 1


def test_knn_excludes_self_and_pads_missing_neighbours():
    x = np.array([[0, 0], [0, 1], [0, 3]], np.float32)
    idx, dist = knn(x, 3)
    assert idx.tolist() == [[1, 2, -1], [0, 2, -1], [1, 0, -1]]
    assert np.allclose(dist[:, :2], [[1, 3], [1, 2], [2, 3]])
    assert np.isinf(dist[:, 2]).all()


def test_graph_edges_threshold_and_mutual():
    idx = np.array([[1, 2], [0, 2], [1, 0]])
    dist = np.array([[0.1, 0.9], [0.1, 0.3], [0.3, 0.9]], np.float32)
    src, dst, d = graph_edges(idx, dist, 0.5)
    assert list(zip(src.tolist(), dst.tolist())) == [(0, 1), (1, 2)]
    assert np.allclose(d, [0.1, 0.3])
    one_sided = np.array([[1, -1], [2, -1], [1, -1]])
    src, dst, _ = graph_edges(one_sided, np.full((3, 2), 0.2, np.float32), 0.5, mutual=True)
    assert list(zip(src.tolist(), dst.tolist())) == [(1, 2)]  # 0 -> 1 is not returned by 1


def test_chinese_whispers_and_components_on_a_tiny_graph():
    # Two triangles joined by one edge (2-3), and an isolated node 6.
    src = np.array([0, 0, 1, 3, 3, 4, 2])
    dst = np.array([1, 2, 2, 4, 5, 5, 3])
    cw = chinese_whispers(7, src, dst)
    assert same_partition(cw, np.array([0, 0, 0, 1, 1, 1, 2]))
    cc = connected_components(7, src, dst)
    assert same_partition(cc, np.array([0, 0, 0, 0, 0, 0, 1]))


def test_canonical_labels():
    assert canonical_labels(np.array([7, 3, 3, 9, 9, 9, -1, 7])).tolist() == [1, 2, 2, 0, 0, 0, -1, 1]
    assert canonical_labels(np.array([7, 3, 3, 9, 9, 9]), min_size=3).tolist() == [-1, -1, -1, 0, 0, 0]


def test_pairwise_scores_by_hand():
    # Clustered pairs: (0,1) only, one person -> precision 1; person a has 3 pairs, 1 found -> recall 1/3.
    p, r = pairwise_scores(np.array([0, 0, 1, -1]), np.array(["a", "a", "a", "b"]))
    assert (p, r) == (1.0, pytest.approx(1 / 3))
    p, r = pairwise_scores(np.array([0, 0, 0, 0]), np.array(["a", "a", "b", "b"]))
    assert (p, r) == (pytest.approx(2 / 6), 1.0)
