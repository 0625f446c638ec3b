"""Issue 14, item 9: what the command line says while it works (scan -v, watch), what it logs, the hint about
photos that failed before, a single ``--age``, and one text for a face's score in ``detect`` and ``draw``."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from faceorganizer.cli import build_parser, main
from faceorganizer.library.catalog import Catalog

RETRY_HINT = "failed before (faceorganizer scan --retry-errors to try them again)"


def _photos(plain_image, folder: Path) -> tuple[Path, Path, Path]:
    """Two photos and a file that is not one."""
    a, b = plain_image(folder / "a.jpg", seed=1), plain_image(folder / "b.jpg", seed=2)
    bad = folder / "bad.jpg"
    bad.write_text("not a photo")
    return a, b, bad


# --- 1. scan -v: one line per photo as it is stored ------------------------------------------------------


@pytest.mark.parametrize("argv", [["scan", "-v"], ["-v", "scan"]], ids=["after-the-command", "before-it"])
def test_scan_verbose_prints_each_photo_as_it_is_stored(tmp_path, capsys, fake_nets, plain_image, argv):
    fake_nets.faces_per_image = 2
    a, b, bad = _photos(plain_image, tmp_path / "photos")
    lib = str(tmp_path / "lib.sqlite")
    assert main([*argv, str(tmp_path / "photos"), "--library", lib]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert f"{a}: 2 faces" in lines and f"{b}: 2 faces" in lines
    assert f"{bad}: error: not an image (unrecognized format)" in lines

    os.utime(a, ns=(1, 1))  # touched: read again, same bytes, not analysed again
    assert main([*argv, "--library", lib]) == 0
    assert f"{a}: unchanged (same content)" in capsys.readouterr().err.splitlines()


def test_scan_without_verbose_prints_no_photo_lines(tmp_path, capsys, fake_nets, plain_image):
    a, _, _ = _photos(plain_image, tmp_path / "photos")
    assert main(["scan", str(tmp_path / "photos"), "--library", str(tmp_path / "lib.sqlite")]) == 0
    assert str(a) not in capsys.readouterr().err


# --- 2. what -v logs: no faiss loader noise, no "migration" of a new library -----------------------------


def test_verbose_scan_of_a_new_library_logs_its_creation_not_faiss_or_a_migration(tmp_path):
    """In a process of its own: faiss's loader logs only when faiss is first imported."""
    (tmp_path / "photos").mkdir()
    lib = tmp_path / "lib.sqlite"
    proc = subprocess.run(
        [sys.executable, "-m", "faceorganizer.cli", "-v", "scan", str(tmp_path / "photos"), "--library", str(lib)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "FACEORGANIZER_LIBRARY": str(lib)},
    )
    assert proc.returncode == 0, proc.stderr
    assert "faiss.loader" not in proc.stderr and "Could not load library" not in proc.stderr
    assert "migrating schema" not in proc.stderr
    assert f"created library at {lib} (schema " in proc.stderr


def test_a_real_migration_is_still_logged(tmp_path, caplog):
    from faceorganizer.library.catalog import schema

    lib = tmp_path / "old.sqlite"
    with sqlite3.connect(lib) as conn:  # a library as schema 1.0 wrote it
        conn.executescript(schema.V1)
        conn.execute(f"PRAGMA user_version = {schema.SchemaVersion(1, 0).to_int()}")
        conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.close()
    with caplog.at_level(logging.INFO, logger="faceorganizer.library.catalog"):
        Catalog.open(lib).close()
    messages = [r.getMessage() for r in caplog.records]
    assert f"library {lib}: migrating schema 1.0 -> 1.1" in messages
    assert not any("created library" in m for m in messages)


def test_the_cli_quiets_the_faiss_loader():
    import faceorganizer.cli.arguments  # noqa: F401  (every subcommand's module imports it)

    assert logging.getLogger("faiss.loader").level == logging.WARNING  # its own level: whatever the root's


# --- 3. watch: each batch names its files, with that batch's counts --------------------------------------


def test_watch_lines_name_the_files_of_each_batch(tmp_path, capsys, fake_nets, plain_image, until):
    from faceorganizer.cli.arguments import index_options
    from faceorganizer.cli.library import watch

    photos = tmp_path / "photos"
    p0, p1 = plain_image(photos / "p0.jpg", seed=1), plain_image(photos / "p1.jpg", seed=2)
    lib = tmp_path / "lib.sqlite"
    assert main(["scan", str(photos), "--library", str(lib), "--json"]) == 0
    capsys.readouterr()

    args = build_parser("watch").parse_args(["watch", "--library", str(lib), "--debounce", "0.2"])
    assert isinstance(args, argparse.Namespace)
    stop = threading.Event()
    report = watch.BatchReport(lib, as_json=False)
    out: list[str] = []
    runner = threading.Thread(
        target=lambda: out.append(str(watch._watch(args, lib, index_options(args), stop, report)))
    )
    runner.start()
    try:
        seen = ""

        def printed(text: str) -> bool:
            nonlocal seen
            captured = capsys.readouterr()
            seen += captured.out + captured.err
            return text in seen

        assert until(lambda: printed("watching 1 folder(s)")), seen  # after its catch-up scan
        new = plain_image(photos / "new.jpg", seed=3)
        p0.unlink()
        assert until(lambda: printed(f"1 missing: {p0}")), seen
        assert f"1 indexed (1 face): {new} (1 face)" in seen
        first = seen
        p1.unlink()
        assert until(lambda: printed(f"1 missing: {p1}")), seen
        later = seen[len(first) :]
        assert "2 missing" not in later and str(p0) not in later  # this batch's, not a running total
    finally:
        stop.set()
        runner.join(20)
    assert out == ["0"]


def test_batch_line_counts_and_names():
    from faceorganizer.cli.library.watch import batch_line

    line = batch_line([("/p/a.jpg", 2), ("/p/b.jpg", 1)], ["/p/t.jpg"], ["/p/c.jpg"], 1)
    assert line == (
        "2 indexed (3 faces): /p/a.jpg (2 faces), /p/b.jpg (1 face); 1 unchanged or moved: /p/t.jpg; "
        "1 missing: /p/c.jpg; 1 error"
    )
    assert batch_line([], [], [], 0) == ""


# --- 4. a re-scan mentions the photos that failed before, and --retry-errors -----------------------------


def test_rescan_says_photos_failed_before_and_how_to_retry_them(tmp_path, capsys, fake_nets, plain_image):
    _photos(plain_image, tmp_path / "photos")
    lib = str(tmp_path / "lib.sqlite")
    assert main(["scan", str(tmp_path / "photos"), "--library", lib]) == 0
    first = capsys.readouterr().out
    assert "1 errors" in first and RETRY_HINT not in first  # this scan's failure is listed already

    assert main(["scan", "--library", lib]) == 0
    again = capsys.readouterr().out
    assert "0 errors" in again
    assert f"1 photo {RETRY_HINT}" in again

    assert main(["scan", "--library", lib, "--retry-errors"]) == 0
    assert RETRY_HINT not in capsys.readouterr().out  # tried again (and failed again: listed as this scan's)


# --- 5. search --age with one age ------------------------------------------------------------------------


def test_parse_age_single_age_is_the_age_shown_and_bad_ones_are_refused():
    from faceorganizer.cli.library.search import parse_age

    assert parse_age("30") == (29.5, 30.5)
    assert parse_age("30-40") == (30.0, 40.0) and parse_age("60-") == (60.0, None) and parse_age("-12") == (None, 12.0)
    for bad in ("abc", "nan", "inf", "40-30", "-", "30-x"):
        with pytest.raises(argparse.ArgumentTypeError):
            parse_age(bad)


def test_search_one_age_finds_the_faces_shown_with_that_age(tmp_path, capsys, add_faces):
    lib = tmp_path / "lib.sqlite"
    with Catalog.open(lib) as cat:
        add_faces(cat, tmp_path, [0], age=30.4)
        add_faces(cat, tmp_path, [1], start=1, age=29.6)
        add_faces(cat, tmp_path, [2], start=2, age=31.2)
    assert main(["search", "--age", "30", "--library", str(lib), "--json"]) == 0
    ages = sorted(face["age"] for face in json.loads(capsys.readouterr().out))
    assert ages == pytest.approx([29.6, 30.4])

    with pytest.raises(SystemExit) as exc:
        main(["search", "--age", "thirty", "--library", str(lib)])
    assert exc.value.code == 2 and "age must be AGE or MIN-MAX" in capsys.readouterr().err


# --- 6. detect and draw print a face's score the same way (face-api.js's label: floored) -----------------


def test_detect_and_draw_print_the_same_score(tmp_path, capsys, monkeypatch, plain_image):
    import faceorganizer.api.analyze as analyze_module
    from faceorganizer.api.results import FaceResult
    from faceorganizer.geometry import Box, Detection

    def one_face(pixels, options=None, stages=None, nets=None):
        h, w = pixels.shape[:2]
        return [FaceResult(detection=Detection(Box(10, 8, 40, 30), 0.996, w, h))]

    monkeypatch.setattr(analyze_module, "analyze", one_face)
    image = plain_image(tmp_path / "face.jpg")
    assert main(["detect", str(image)]) == 0
    detect_lines = capsys.readouterr().out.splitlines()
    assert main(["draw", str(image), "-o", str(tmp_path / "out.png")]) == 0
    draw_lines = capsys.readouterr().out.splitlines()

    detect_face = [line for line in detect_lines if "score" in line]
    draw_face = [line for line in draw_lines if "score" in line]
    assert detect_face == draw_face == ["  (10,8 40x30) score 0.99"]  # 0.996 floored, as the drawn label
