"""`faceorganizer export-xmp` / `import-xmp`: the stable JSON shapes, path selection, exit codes, text output."""

from __future__ import annotations

import json

from faceorganizer.cli import main
from faceorganizer.library.catalog import Catalog
from faceorganizer.library.metadata.xmp import sidecar_path

EXPORT_KEYS = {"written", "skipped", "kept", "errors"}
IMPORT_KEYS = {
    "photos",
    "regions",
    "matched",
    "created",
    "named",
    "unchanged",
    "rejected",
    "conflicts",
    "errors",
    "conflict_list",
}


def _json(capsys, *args: str) -> tuple[int, dict]:
    code = main([*args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_export_then_import_json_shapes(tmp_path, capsys, xmp_libraries):
    lib = xmp_libraries.build()
    xmp_libraries.tag(lib)
    lib.catalog.close()
    src = str(tmp_path / "lib.sqlite")
    code, doc = _json(capsys, "export-xmp", "--library", src, str(lib.folder / "a.jpg"))
    assert code == 0 and doc == {"written": 1, "skipped": 0, "kept": 0, "errors": []}
    assert sidecar_path(lib.folder / "a.jpg").exists() and not sidecar_path(lib.folder / "b.jpg").exists()
    code, doc = _json(capsys, "export-xmp", "--all-faces", "--library", src, str(lib.folder))
    assert code == 0 and set(doc) == EXPORT_KEYS and doc["written"] == 2

    fresh = xmp_libraries.build("fresh", {"a.jpg": xmp_libraries.boxes["a.jpg"], "b.jpg": []})
    fresh.catalog.close()
    dst = str(tmp_path / "fresh.sqlite")
    code, doc = _json(capsys, "import-xmp", "--library", dst)
    assert code == 0 and set(doc) == IMPORT_KEYS
    # a: Amy, Raj and an unnamed face (ignored); b: Raj + an unnamed face, b has no detector faces.
    assert {k: doc[k] for k in ("photos", "regions", "matched", "created", "named")} == {
        "photos": 2, "regions": 3, "matched": 2, "created": 1, "named": 2}  # fmt: skip
    code, doc = _json(capsys, "import-xmp", "--library", dst, str(lib.folder))
    assert code == 0 and (doc["unchanged"], doc["matched"], doc["created"], doc["errors"]) == (3, 0, 0, [])
    with Catalog.open(dst, read_only=True) as cat:
        assert sorted(p.name for p in cat.people()) == ["Amy", "Raj"]


def test_errors_in_json_and_text_output_exit_0(tmp_path, capsys, xmp_libraries):
    lib = xmp_libraries.build()
    xmp_libraries.tag(lib)
    lib.catalog.close()
    src = str(tmp_path / "lib.sqlite")
    sidecar_path(lib.folder / "b.jpg").write_text("not xml")
    code, doc = _json(capsys, "export-xmp", "--library", src)
    assert code == 0 and doc["written"] == 1
    assert doc["errors"] == [{"path": str(lib.folder / "b.jpg"), "error": doc["errors"][0]["error"]}]
    assert "b.jpg.xmp" in doc["errors"][0]["error"]
    assert main(["import-xmp", "--library", src]) == 0
    out = capsys.readouterr().out
    # Amy was confirmed already; Raj's auto face becomes confirmed (a tag in XMP counts as the user's).
    assert "2 named regions in 1 photos: 1 on detected faces, 0 added as manual faces, 1 already known" in out
    assert f"{lib.folder / 'b.jpg'}: " in out and "1 errors" in out


def test_cannot_run_exits_1(tmp_path, capsys, xmp_libraries):
    missing = str(tmp_path / "none.sqlite")
    assert main(["import-xmp", "--library", missing]) == 1
    assert "no library" in capsys.readouterr().err
    assert main(["export-xmp", "--library", missing]) == 1
    capsys.readouterr()
    lib = xmp_libraries.build()
    lib.catalog.close()
    assert main(["export-xmp", "--library", str(tmp_path / "lib.sqlite"), str(tmp_path / "elsewhere")]) == 1
    assert "not in the library" in capsys.readouterr().err
