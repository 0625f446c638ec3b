"""A library folder that is unavailable (its drive not mounted: the folder missing, or an empty mount point;
unreadable) is reported as such by a scan, not scanned as "0 photos", and its photos are kept (issue 11)."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from faceorganizer.cli import main
from faceorganizer.library.catalog import Catalog
from faceorganizer.library.indexing import scan, scan_paths


@pytest.fixture
def library(tmp_path, fake_nets, plain_image):
    """A library whose one folder (``tmp_path/photos``) holds two indexed photos; returns (library, folder)."""
    photos, lib = tmp_path / "photos", tmp_path / "lib.sqlite"
    plain_image(photos / "a.jpg", seed=1)
    plain_image(photos / "2024" / "b.jpg", seed=2)
    with Catalog.open(lib) as cat:
        assert scan(cat, [photos]).indexed == 2
    return lib, photos


def _unmount(photos, keep_mount_point: bool) -> None:
    """As when the drive holding ``photos`` is unmounted: the folder is gone, or left as an empty mount point."""
    shutil.move(photos, photos.with_name("elsewhere"))
    if keep_mount_point:
        photos.mkdir()


def _statuses(lib) -> dict[str, str]:
    with Catalog.open(lib, read_only=True) as cat:
        return {os.path.basename(p.path): p.status for p in cat.photos()}


@pytest.mark.parametrize(
    "keep_mount_point, why",
    [(True, "folder is empty, but the library has 2 photos in it"), (False, "no such folder")],
    ids=["empty-mount-point", "missing"],
)
def test_scan_reports_an_unmounted_folder_and_keeps_its_photos(library, fake_nets, keep_mount_point, why):
    lib, photos = library
    _unmount(photos, keep_mount_point)
    events = []
    with Catalog.open(lib) as cat:
        summary = scan(cat, [], progress=events.append)  # all of the library's folders
        assert cat.purge_missing() == 0  # nothing was marked missing, so nothing can be purged
    message = f"folder unavailable ({why}): not mounted or disconnected? Its photos are kept"
    assert [(e.path, e.error) for e in summary.unavailable] == [(str(photos), message)]
    assert [(e.path, e.error) for e in summary.errors] == [(str(photos), message)]
    assert (summary.seen, summary.missing, summary.indexed) == (0, 0, 0)
    assert _statuses(lib) == {"a.jpg": "indexed", "b.jpg": "indexed"}
    assert [(e.phase, e.path, e.unavailable) for e in events] == [("scanning", str(photos), 1)]

    if keep_mount_point:
        photos.rmdir()
    shutil.move(photos.with_name("elsewhere"), photos)  # mounted again: nothing to redo
    calls = fake_nets.calls
    with Catalog.open(lib) as cat:
        again = scan(cat, [])
    assert (again.seen, again.unchanged, again.unavailable, fake_nets.calls) == (2, 2, [], calls)


def test_unreadable_or_replaced_folder_is_unavailable(library, monkeypatch):
    lib, photos = library
    real_scandir = os.scandir

    def denied(path="."):  # tests may run as root: as for a folder we may not list
        if os.fspath(path) == str(photos):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", denied)
    with Catalog.open(lib) as cat:
        summary = scan(cat, [])
    assert [e.error for e in summary.unavailable] == [
        "folder unavailable (cannot list folder: Permission denied): not mounted or disconnected? Its photos are kept"
    ]
    monkeypatch.undo()
    shutil.rmtree(photos)
    photos.write_text("a file where the folder was")
    with Catalog.open(lib) as cat:
        summary = scan(cat, [])
    assert [e.error.split(":")[0] for e in summary.unavailable] == ["folder unavailable (not a folder)"]
    assert _statuses(lib) == {"a.jpg": "indexed", "b.jpg": "indexed"}


def test_watcher_paths_under_an_unmounted_folder_mark_nothing_missing(library):
    lib, photos = library
    _unmount(photos, keep_mount_point=False)
    with Catalog.open(lib) as cat:  # what the folder watcher sees when the drive goes: its folders deleted
        plan = scan_paths(cat, [str(photos), str(photos / "2024"), str(photos / "a.jpg")])
    assert (plan.missing, plan.seen, [e.path for e in plan.unavailable]) == (0, 0, [str(photos)])
    assert _statuses(lib) == {"a.jpg": "indexed", "b.jpg": "indexed"}


def test_scan_command_says_a_folder_is_unavailable_not_zero_photos(library, capsys):
    lib, photos = library
    _unmount(photos, keep_mount_point=True)
    assert main(["scan", "--library", str(lib)]) == 1  # none of the library's folders could be scanned
    out, err = capsys.readouterr()
    assert "0 photos seen: 0 indexed, 0 unchanged, 1 folders unavailable, 0 faces found, 1 errors" in out
    assert f"faceorganizer scan: {photos}: folder unavailable (folder is empty, but the library has 2 photos" in err
    assert main(["scan", "--library", str(lib), "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert (doc["seen"], [e["path"] for e in doc["errors"]]) == (0, [str(photos)])
    assert doc["errors"][0]["error"].startswith("folder unavailable (folder is empty")
    assert _statuses(lib) == {"a.jpg": "indexed", "b.jpg": "indexed"}
