"""Incremental people (issue 13.1): an update after a scan that added k faces works on those k (matched to named
people, joined to unnamed ones, or clustered among themselves and their neighbours), nothing when nothing is
new, and gives the people a full re-clustering gives; a full pass runs the first time, when the clustering
parameters change, and on request."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from faceorganizer.geometry import Box
from faceorganizer.library.catalog import Catalog, FaceData, PhotoInfo
from faceorganizer.library.indexing import scan
from faceorganizer.library.people import People
from faceorganizer.library.people.clustering import pairwise_scores


def _partition(cat: Catalog) -> set[frozenset[int]]:
    """The people as sets of face ids (faces of no one left out)."""
    groups: dict[int, set[int]] = {}
    for fid, pid in cat.query("SELECT id, person_id FROM faces WHERE person_id IS NOT NULL"):
        groups.setdefault(pid, set()).add(fid)
    return {frozenset(g) for g in groups.values()}


def _statements(cat: Catalog) -> list[str]:
    """Every SQL statement the connection runs from now on."""
    seen: list[str] = []
    cat.conn.set_trace_callback(seen.append)
    return seen


def test_new_faces_join_their_people_or_make_new_ones_and_nothing_new_costs_nothing(tmp_path, add_faces,
                                                                                     monkeypatch):  # fmt: skip
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        add_faces(cat, tmp_path, [0] * 4 + [1] * 3)
        people = People(cat)
        people.update()  # the first update is a full pass
        assert people.pending_faces() == []
        before = {cat.face(1).person_id, cat.face(5).person_id}
        new = add_faces(cat, tmp_path, [0, 1, 2, 2, 2, 5], start=10)
        assert people.pending_faces() == new
        monkeypatch.setattr(People, "recluster", lambda *a, **k: pytest.fail("re-clustered the whole library"))
        people.update()
        assert cat.face(new[0]).person_id == cat.face(1).person_id  # joined, same person id
        assert cat.face(new[1]).person_id == cat.face(5).person_id
        trio = {cat.face(f).person_id for f in new[2:5]}
        assert len(trio) == 1 and None not in trio and not trio & before  # a new person of three
        assert cat.face(new[5]).person_id is None  # one face alone: nobody yet
        assert people.pending_faces() == []
        seen = _statements(cat)
        result = people.update()  # nothing new: no descriptor is read, nothing written
        assert result.transactions == 0 and result.faces_changed == 0
        assert not [s for s in seen if "descriptor" in s], seen


def test_adding_faces_step_by_step_gives_the_people_of_one_full_clustering(tmp_path, add_faces):
    groups = [g for g in range(6) for _ in range(2 + g)]
    rng = np.random.default_rng(3)
    order = rng.permutation(len(groups)).tolist()
    with Catalog.open(tmp_path / "full.sqlite") as full, Catalog.open(tmp_path / "steps.sqlite") as steps:
        add_faces(full, tmp_path, [groups[i] for i in order])
        People(full).update()
        people = People(steps)
        for lo in range(0, len(order), 6):  # the first step is a full pass, the next ones incremental
            add_faces(steps, tmp_path, [groups[i] for i in order[lo : lo + 6]], start=lo)
            people.update()
        assert _partition(steps) == _partition(full)
        assert len(_partition(full)) == 6


def test_a_second_face_of_a_photo_does_not_join_the_person_already_in_it(tmp_path, add_faces, group_descriptor):
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        add_faces(cat, tmp_path, [0] * 4)
        people = People(cat)
        people.update()
        photo = cat.add_photo(None, str(tmp_path / "g.jpg"), 1, 1)
        faces = [FaceData(Box(10 + 100 * i, 20, 80, 90), score=0.9, descriptor=group_descriptor(0, 70 + i))
                 for i in range(2)]  # fmt: skip
        pair = cat.store_indexed(photo, PhotoInfo(1, 1, "g", 300, 200), faces).face_ids
        people.update()
        owners = [cat.face(f).person_id for f in pair]
        assert owners.count(cat.face(1).person_id) == 1


def test_after_the_users_own_actions_every_free_face_is_matched_again(tmp_path, add_faces):
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        ids = add_faces(cat, tmp_path, [0] * 4)
        people = People(cat)
        people.update()
        loose = add_faces(cat, tmp_path, [1, 1], start=10, age=5.0)  # children: never clustered automatically...
        people.update()
        bea = people.split([loose[0]])
        people.rename(bea, "Bea")  # ...until the user names one: the other becomes a suggestion
        assert people.pending_faces() == []
        people.update()
        assert (cat.face(loose[1]).person_id, cat.face(loose[1]).state) == (bea, "suggested")
        assert cat.face(ids[0]).person_id is not None


def test_changed_clustering_parameters_or_a_request_re_cluster_everything(tmp_path, add_faces, monkeypatch):
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        add_faces(cat, tmp_path, [0] * 3)
        people = People(cat)
        people.update()
        full: list[bool] = []
        original = People.full_update
        monkeypatch.setattr(People, "full_update", lambda self: full.append(True) or original(self))
        add_faces(cat, tmp_path, [0], start=10)
        people.update()
        assert full == []  # incremental
        people.params = dataclasses.replace(people.params, threshold=0.5)
        people.update()
        assert full == [True]
        people.update()
        assert full == [True]  # up to date again


@pytest.fixture(scope="module")
def two_step_library(tmp_path_factory, faceapi_path, load_json):
    """The labeled library indexed in two scans: people-photos, then the group photos (incremental)."""
    labels = load_json("examples", "group-labels.json")["faces"]
    tmp = tmp_path_factory.mktemp("two_step")
    (tmp / "group").mkdir()
    for name in labels:
        os.symlink(faceapi_path("examples", name), tmp / "group" / name)
    path = tmp / "lib.sqlite"
    with Catalog.open(path) as cat:
        scan(cat, [faceapi_path("people-photos")])
        first = People(cat).pending_faces()
        scan(cat, [tmp / "group"])
        assert first == [] and People(cat).pending_faces() == []
    return path, labels


def test_the_labeled_library_scanned_in_two_steps_keeps_the_quality_bar(two_step_library, tmp_path):
    path, labels = two_step_library
    copy = tmp_path / "lib.sqlite"
    shutil.copy(path, copy)
    with Catalog.open(copy) as cat:
        truth: dict[int, str] = {}
        for photo in cat.photos():
            faces, name = cat.faces_of_photo(photo.id), Path(photo.path).name
            if name in labels:
                for entry in labels[name]:
                    if not entry.get("uncertain"):
                        box = Box(**entry["box"])
                        truth[max(faces, key=lambda f: box.iou(f.box)).id] = entry["person"]
            else:
                truth[max(faces, key=lambda f: f.score or 0).id] = Path(photo.path).parent.name
        assert len(truth) == 62
        ids = sorted(truth)
        precision, recall = pairwise_scores(np.array([cat.face(i).person_id or -1 for i in ids]),
                                            np.array([truth[i] for i in ids]))  # fmt: skip
        print(f"\ntwo-step scan: pairwise precision {precision:.3f}, recall {recall:.3f}")
        assert precision >= 0.98 and recall >= 0.90
        crowded = cat.query("SELECT person_id, photo_id FROM faces WHERE person_id IS NOT NULL "
                            "GROUP BY person_id, photo_id HAVING count(*) > 1")  # fmt: skip
        assert not crowded


def test_people_recluster_runs_the_full_pass_from_the_command_line(tmp_path, add_faces, capsys):
    import json

    from faceorganizer.cli import main

    path = tmp_path / "lib.sqlite"
    with Catalog.open(path) as cat:
        add_faces(cat, tmp_path, [0] * 3 + [1] * 3)
        People(cat).update()
        cat.execute("UPDATE faces SET person_id = NULL")  # as if clustered with other settings
    assert main(["people", "--recluster", "--json", "--library", str(path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["people"] == 2 and report["faces_changed"] == 6
    with Catalog.open(path, read_only=True) as cat:
        assert len(_partition(cat)) == 2


def test_a_library_clustered_by_the_previous_version_is_re_clustered_once(tmp_path, add_faces, monkeypatch):
    """The clustering groups near-copies now (clustering.CLUSTERING_VERSION 2): a library people were last updated
    in by the version before, whose note of it has no version, is re-clustered at its next update, then no more."""
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        add_faces(cat, tmp_path, [0] * 3)
        people = People(cat)
        people.update()
        state = cat.setting("people.updated")
        assert len(state["params"]) == 4
        cat.set_setting("people.updated", {**state, "params": state["params"][:3]})  # as the version before left it
        full: list[bool] = []
        original = People.full_update
        monkeypatch.setattr(People, "full_update", lambda self: full.append(True) or original(self))
        people.update()
        assert full == [True]
        add_faces(cat, tmp_path, [0], start=10)
        people.update()
        assert full == [True]  # incremental again
