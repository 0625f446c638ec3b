"""Indexing on a Dask cluster (``scan --cluster``): the same faces and people as a local scan, through a
worker lost mid-scan, with paths or with bytes sent; warm nets per worker; the optional dependency."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from faceorganizer.cli import main
from faceorganizer.library.catalog import Catalog
from faceorganizer.library.indexing import Progress, scan

#: 16 one-face photos of four people (folder = person), copied from the reference data.
PEOPLE = ["amy", "bernadette", "howard", "leonard"]
PER_PERSON = 4

#: Why the cluster tests skip: only where the optional extra is missing (CI installs it with the test extra).
NO_CLUSTER_EXTRA = "the optional extra faceorganizer[cluster] (Dask distributed) is not installed"


@pytest.fixture(scope="module")
def photos(tmp_path_factory, faceapi_path) -> Path:
    folder = tmp_path_factory.mktemp("cluster") / "photos"
    for person in PEOPLE:
        (folder / person).mkdir(parents=True)
        for i in range(1, PER_PERSON + 1):
            shutil.copy(faceapi_path("people-photos", person, f"{person}{i}.jpg"), folder / person / f"{person}{i}.jpg")
    return folder


def snapshot(library: Path, folder: Path) -> tuple[dict[str, np.ndarray], set[frozenset[str]], dict[str, str]]:
    """Per photo (relative path): its face boxes (sorted); the people as sets of photo paths; photo statuses."""
    boxes: dict[str, np.ndarray] = {}
    people: dict[int, set[str]] = defaultdict(set)
    status: dict[str, str] = {}
    with Catalog.open(library) as catalog:
        for photo in catalog.photos():
            rel = os.path.relpath(photo.path, folder)
            status[rel] = photo.status
            faces = catalog.faces_of_photo(photo.id)
            boxes[rel] = np.array(sorted((f.box.x, f.box.y, f.box.width, f.box.height) for f in faces)).reshape(-1, 4)
            for f in faces:
                if f.person_id is not None:
                    people[f.person_id].add(rel)
    return boxes, {frozenset(v) for v in people.values()}, status


def assert_same(got, want) -> None:
    boxes, people, status = got
    want_boxes, want_people, want_status = want
    assert status == want_status
    assert boxes.keys() == want_boxes.keys()
    for rel, expected in want_boxes.items():
        assert boxes[rel].shape == expected.shape, rel  # the same number of faces: none lost, none twice
        np.testing.assert_allclose(boxes[rel], expected, atol=1e-3, err_msg=rel)
    assert people == want_people


@pytest.fixture(scope="module")
def local(photos, tmp_path_factory):
    """The reference: a local scan of the folder (its snapshot)."""
    library = tmp_path_factory.mktemp("local") / "library.sqlite"
    with Catalog.open(library) as catalog:
        summary = scan(catalog, [photos])
    assert summary.indexed == len(PEOPLE) * PER_PERSON and not summary.errors
    return snapshot(library, photos)


@pytest.fixture(scope="module")
def cluster():
    """One LocalCluster for the module: 2 worker processes x 1 thread (its start takes a few seconds)."""
    distributed = pytest.importorskip("distributed", reason=NO_CLUSTER_EXTRA)
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
    ) as lc, distributed.Client(lc, set_as_default=False) as client:  # fmt: skip
        yield lc, client


def _wait_for_workers(client, n: int) -> None:
    client.wait_for_workers(n, timeout=60)


@pytest.mark.slow
def test_a_worker_killed_mid_scan_costs_only_a_retry(cluster, photos, local, tmp_path):
    from faceorganizer.library.indexing.distributed import DaskAnalyzer

    lc, client = cluster
    _wait_for_workers(client, 2)
    killed: list[int] = []
    busy: list[str] = []

    def kill_one(p: Progress) -> None:  # after 4 photos stored, kill a worker that has a batch running
        if p.phase != "indexing" or p.done < 4 or killed:
            return
        pids = client.run(os.getpid)
        busy.extend(w for w, keys in client.processing().items() if keys and w in pids)
        victim = pids[busy[0] if busy else sorted(pids)[0]]
        os.kill(victim, signal.SIGKILL)
        killed.append(victim)

    library = tmp_path / "library.sqlite"
    with DaskAnalyzer.connect(lc.scheduler_address, batch_size=2) as analyzer, Catalog.open(library) as catalog:
        summary = scan(catalog, [photos], progress=kill_one, analyzer=analyzer)
        stats = analyzer.stats
    assert killed, "the worker was never killed"
    assert busy, "the worker killed had no batch in flight"
    assert summary.errors == [] and not summary.cancelled
    assert summary.indexed == len(PEOPLE) * PER_PERSON
    assert stats.failed == 0 and stats.finished == stats.sent and stats.photos == summary.indexed
    assert_same(snapshot(library, photos), local)
    _wait_for_workers(client, 2)  # the nanny restarts the killed worker
    assert killed[0] not in client.run(os.getpid).values()


@pytest.mark.slow
def test_send_bytes_gives_the_same_result_and_a_rerun_does_nothing(cluster, photos, local, tmp_path, capsys):
    lc, client = cluster
    _wait_for_workers(client, 2)
    library = str(tmp_path / "library.sqlite")
    args = ["scan", str(photos), "--library", library, "--cluster", lc.scheduler_address, "--json"]
    assert main([*args, "--send-bytes"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["indexed"] == len(PEOPLE) * PER_PERSON and first["errors"] == []
    assert_same(snapshot(Path(library), photos), local)
    assert main(args) == 0  # idempotent: the same photos are stored, nothing runs again
    again = json.loads(capsys.readouterr().out)
    assert again["indexed"] == 0 and again["unchanged"] == len(PEOPLE) * PER_PERSON

    # the nets stay loaded in each worker process (NetsPlugin), used by every batch it ran
    def nets_state(dask_worker):
        nets = dask_worker.plugins["faceorganizer-nets"].nets
        return nets.ssd_mobilenetv1.is_loaded, nets.face_recognition.is_loaded, nets.ssd_mobilenetv1.run_count

    state = client.run(nets_state)
    assert all(ssd and rec for ssd, rec, _ in state.values())
    assert sum(runs for _, _, runs in state.values()) >= len(PEOPLE) * PER_PERSON


@pytest.mark.slow
def test_cancel_keeps_the_rest_pending_and_a_rerun_finishes_the_same(cluster, photos, local, tmp_path):
    import threading

    from faceorganizer.library.indexing.distributed import DaskAnalyzer

    lc, client = cluster
    _wait_for_workers(client, 2)
    cancel = threading.Event()

    def stop_early(p: Progress) -> None:
        if p.phase == "indexing" and p.done >= 3:
            cancel.set()

    library = tmp_path / "library.sqlite"
    with DaskAnalyzer(client, batch_size=2) as analyzer, Catalog.open(library) as catalog:
        first = scan(catalog, [photos], progress=stop_early, cancel=cancel, analyzer=analyzer)
        pending = len(catalog.photos(status="pending"))
        second = scan(catalog, [photos], analyzer=analyzer)
    total = len(PEOPLE) * PER_PERSON
    assert first.cancelled and 3 <= first.indexed < total and pending == total - first.indexed
    assert second.indexed == pending and not second.errors
    assert_same(snapshot(library, photos), local)


@pytest.mark.slow
@pytest.mark.parametrize("send_bytes", [False, True], ids=["paths", "bytes"])
def test_per_file_errors_are_reported_like_a_local_scan(cluster, photos, tmp_path, send_bytes):
    from faceorganizer.library.indexing.distributed import DaskAnalyzer

    lc, client = cluster
    folder = tmp_path / "photos"
    folder.mkdir()
    shutil.copy(photos / "amy" / "amy1.jpg", folder)
    (folder / "broken.jpg").write_bytes(b"not a jpeg")
    (folder / "empty.jpg").write_bytes(b"")
    with Catalog.open(tmp_path / "local.sqlite") as catalog:
        want = scan(catalog, [folder])
    with DaskAnalyzer(client, send_bytes=send_bytes) as analyzer, Catalog.open(tmp_path / "c.sqlite") as catalog:
        got = scan(catalog, [folder], analyzer=analyzer)
        statuses = sorted((os.path.basename(p.path), p.status) for p in catalog.photos())
    assert sorted(got.errors, key=str) == sorted(want.errors, key=str) and len(got.errors) == 2
    assert (got.indexed, got.faces) == (want.indexed, want.faces) == (1, 1)
    assert statuses == [("amy1.jpg", "indexed"), ("broken.jpg", "error"), ("empty.jpg", "error")]


@pytest.mark.slow
def test_bytes_sent_bound_a_batch(cluster, photos, tmp_path):
    from faceorganizer.library.indexing.distributed import DaskAnalyzer

    lc, client = cluster
    folder = tmp_path / "photos"
    shutil.copytree(photos / "howard", folder)
    with (
        DaskAnalyzer(client, send_bytes=True, batch_size=100, max_batch_bytes=1) as analyzer,
        Catalog.open(tmp_path / "library.sqlite") as catalog,
    ):
        summary = scan(catalog, [folder], analyzer=analyzer)
    assert summary.indexed == PER_PERSON and not summary.errors
    assert analyzer.stats.sent == PER_PERSON  # each photo's bytes fill a batch of their own


@pytest.mark.slow
def test_a_worker_that_cannot_read_the_photos_leaves_them_pending(cluster, photos, tmp_path):
    from faceorganizer.library.indexing.distributed import DaskAnalyzer

    lc, client = cluster
    _wait_for_workers(client, 2)
    folder = tmp_path / "photos"
    shutil.copytree(photos / "amy", folder)
    library = tmp_path / "library.sqlite"

    class Elsewhere(DaskAnalyzer):  # the workers are sent a path they cannot see (storage not shared)
        def submit(self, path, read, job):
            return super().submit(path + ".not-shared", read, job)

    analyzer = Elsewhere(client, batch_size=3)
    try:
        with Catalog.open(library) as catalog:
            summary = scan(catalog, [folder], analyzer=analyzer)
            statuses = {p.status for p in catalog.photos()}
    finally:
        analyzer.close()
    assert summary.indexed == 0 and len(summary.errors) == PER_PERSON
    assert all("--send-bytes" in e.error and e.path.startswith(str(folder)) for e in summary.errors)
    assert statuses == {"pending"}  # retried by the next scan


def test_an_unreachable_scheduler_is_a_clear_error():
    pytest.importorskip("distributed", reason=NO_CLUSTER_EXTRA)
    from faceorganizer.library.indexing.distributed import ClusterError, DaskAnalyzer

    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        DaskAnalyzer.connect("tcp://127.0.0.1:9", timeout=0.5)


def test_without_distributed_the_message_says_what_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` raises ImportError
    (tmp_path / "photos").mkdir()
    args = ["scan", str(tmp_path / "photos"), "--library", str(tmp_path / "lib.sqlite"), "--cluster", "tcp://x:8786"]
    assert main(args) == 1
    assert "pip install 'faceorganizer[cluster]'" in capsys.readouterr().err


def test_cluster_options_need_cluster(tmp_path, capsys):
    (tmp_path / "photos").mkdir()
    assert main(["scan", str(tmp_path / "photos"), "--library", str(tmp_path / "l.sqlite"), "--send-bytes"]) == 2
    assert "--cluster only" in capsys.readouterr().err


def test_the_app_and_the_cli_never_import_distributed():
    code = (
        "import sys, contextlib, io\n"
        "import faceorganizer.library.indexing, faceorganizer.cli\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    faceorganizer.cli.main(['--version'])\n"
        "print('distributed' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
