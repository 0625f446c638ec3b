"""Issue 11: one non-finite descriptor (NaN/inf in the stored float32 blob) made every later scan crash at
clustering. Such a descriptor is now refused when stored, and rows already in a catalog (written by an older
version, made here with raw SQL) are left out of clustering and matching instead of stopping them."""

from __future__ import annotations

import numpy as np
import pytest

from faceorganizer.geometry import Box
from faceorganizer.library.catalog import Catalog, FaceData, PhotoInfo
from faceorganizer.library.indexing import scan
from faceorganizer.library.people import People

BAD_BLOBS = {
    "nan": np.full(128, np.nan, dtype="<f4").tobytes(),
    "one-inf": np.r_[np.full(127, 0.1), np.inf].astype("<f4").tobytes(),
    "truncated": np.zeros(100, dtype="<f4").tobytes(),
}


@pytest.fixture
def cat(tmp_path):
    with Catalog.open(tmp_path / "lib.sqlite") as catalog:
        yield catalog


def spoil(cat: Catalog, face_id: int, blob: bytes) -> None:
    """Write a bad descriptor the way an older version could have: straight into the row."""
    with cat.transaction():
        cat.execute("UPDATE faces SET descriptor = ? WHERE id = ?", (blob, face_id))


def person_state(cat: Catalog, face_id: int) -> tuple[int | None, str]:
    """A face's (person, state), read without decoding the row (a truncated descriptor blob cannot be)."""
    row = cat.query_one("SELECT person_id, state FROM faces WHERE id = ?", (face_id,))
    assert row is not None
    return row[0], row[1]


def test_store_indexed_stores_a_nonfinite_descriptor_as_none(cat, tmp_path, group_descriptor):
    photo = cat.add_photo(None, str(tmp_path / "a.jpg"), 1, 1)
    bad = np.full(128, 0.1, dtype=np.float32)
    bad[7] = np.nan
    worse = np.full(128, np.inf, dtype=np.float32)
    good = group_descriptor(0, 1)
    faces = [FaceData(Box(x, 10, 40, 40), score=0.9, descriptor=d) for x, d in ((0, bad), (50, good), (100, worse))]
    ids = cat.store_indexed(photo, PhotoInfo(1, 1, "h", 200, 200), faces).face_ids
    assert len(ids) == 3  # the faces themselves are kept (their boxes are real); only the descriptor is refused
    assert cat.face(ids[0]).descriptor is None and cat.face(ids[2]).descriptor is None
    np.testing.assert_array_equal(cat.face(ids[1]).descriptor, good)
    assert cat.photo(photo).status == "indexed"


@pytest.mark.parametrize("kind", sorted(BAD_BLOBS))
def test_recluster_leaves_out_a_bad_row_and_clusters_the_rest(cat, tmp_path, add_faces, kind):
    ids = add_faces(cat, tmp_path, [0, 0, 0, 1, 1, 1])
    spoil(cat, ids[1], BAD_BLOBS[kind])
    result = People(cat).recluster()
    assert result.people_created == 2
    assert person_state(cat, ids[1]) == (None, "auto")
    assert len({person_state(cat, i) for i in (ids[0], ids[2])}) == 1
    assert len({person_state(cat, i) for i in ids[3:]}) == 1


@pytest.mark.parametrize("kind", sorted(BAD_BLOBS))
def test_matching_leaves_out_bad_rows_of_a_named_person_and_of_new_faces(cat, tmp_path, add_faces, kind):
    """A bad confirmed face of Ann must not make Ann unmatchable (a NaN mean distance), and a bad new face
    is neither matched nor a crash."""
    ids = add_faces(cat, tmp_path, [0, 0, 0])
    people = People(cat)
    ann = people.split(ids, None)  # confirmed, all three
    people.name(ann, "Ann")
    spoil(cat, ids[0], BAD_BLOBS[kind])
    new = add_faces(cat, tmp_path, [0, 0], start=10)
    spoil(cat, new[1], BAD_BLOBS[kind])
    result = people.assign_new_faces()
    assert person_state(cat, new[0]) == (ann, "auto")
    assert person_state(cat, new[1]) == (None, "auto")
    assert result.auto == 1


def test_a_later_scan_still_finishes_with_a_nan_row_in_the_catalog(cat, tmp_path, fake_nets, plain_image):
    """The user's report: after the bad row, every scan crashed at clustering, after indexing everything."""
    photos = tmp_path / "photos"
    for seed in range(4):
        plain_image(photos / f"a{seed}.jpg", seed=seed % 2, size=(96 + seed, 64))  # two look-alike pairs (not copies)
    scan(cat, [photos])
    before = {r[0]: r[1] for r in cat.query("SELECT id, person_id FROM faces ORDER BY id")}
    assert len(set(before.values())) == 2 and None not in before.values()
    first = min(before)
    spoil(cat, first, BAD_BLOBS["nan"])
    for seed in range(4, 6):
        plain_image(photos / f"b{seed}.jpg", seed=seed % 2, size=(96 + seed, 64))
    summary = scan(cat, [photos])
    assert summary.indexed == 2 and not summary.errors
    after = {r[0]: r[1] for r in cat.query("SELECT id, person_id FROM faces ORDER BY id")}
    assert after[first] == before[first]  # left out of clustering: not moved either way
    assert set(after.values()) == set(before.values())  # the new faces joined the two people


def test_assign_faces_ignores_nonfinite_rows_of_a_reference_and_of_the_faces(group_descriptor):
    """A NaN row in Ann's reference made Ann's mean distance NaN for every face: nobody matched Ann, and the
    NaN margin to the runner-up kept everyone else from being auto-assigned."""
    from faceorganizer.library.people.assignment import Decision, assign_faces

    nan_row = np.full(128, np.nan, dtype=np.float32)
    people = {
        "ann": np.stack([group_descriptor(0, 1), nan_row]),
        "bob": np.stack([group_descriptor(1, 1)]),
        "eve": np.stack([nan_row]),  # nothing usable: as if Eve had no descriptors
    }
    faces = np.stack([group_descriptor(0, 2), group_descriptor(1, 2), nan_row])
    decisions = assign_faces(people, faces)
    assert [(a.decision, a.person) for a in decisions] == [
        (Decision.AUTO, "ann"),
        (Decision.AUTO, "bob"),
        (Decision.NONE, None),
    ]
