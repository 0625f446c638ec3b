"""Names and paths that hold terminal controls are printed escaped (``\\x1b``, ``\\u202e``) by every text
line of the command, and are exact in its JSON.

A person's name comes from the user, an XMP sidecar of another tool or an old library, and a file name
can hold any byte but ``/``: printed raw, ``ESC ] 0 ; ... BEL`` retitles the terminal, ``ESC [ 2 J`` clears
it, a newline forges a line of a listing and U+202E shows "gpj.exe" as "exe.jpg". The names here are put
in the catalog with SQL, as an older version (or another tool) could have stored them.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from faceorganizer.cli import main
from faceorganizer.cli.output import printable
from faceorganizer.library.catalog import Catalog
from faceorganizer.library.people import People

EVIL_NAME = "Eve\x1b]0;owned\x07\x1b[2J\nfake\tline\u202egpj.exe\x9b31m\x7f"
EVIL_NAME_SHOWN = r"Eve\x1b]0;owned\x07\x1b[2J\x0afake\x09line\u202egpj.exe\x9b31m\x7f"
EVIL_FILE = "IMG\x1b[31m\n\u202e.jpg"
EVIL_FILE_SHOWN = r"IMG\x1b[31m\x0a\u202e.jpg"
#: What must never reach the terminal raw (newline and tab are allowed between fields and lines).
CONTROLS = {chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), 0x202E, 0x2066, 0x200F]} - {"\n", "\t"}


def raw_controls(text: str) -> set[str]:
    return set(text) & CONTROLS


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[31mred\x1b[0m", r"\x1b[31mred\x1b[0m"),
        ("bell\x07 cr\r lf\n tab\t nul\x00 del\x7f", r"bell\x07 cr\x0d lf\x0a tab\x09 nul\x00 del\x7f"),
        ("c1 \x85 \x9b csi", r"c1 \x85 \x9b csi"),
        ("bidi \u202e \u202a \u2066 \u2069 \u200f \u061c", r"bidi \u202e \u202a \u2066 \u2069 \u200f \u061c"),
        ("Zoë 李 Ωμέγα — C:\\Users\\ann 😀", "Zoë 李 Ωμέγα — C:\\Users\\ann 😀"),
        ("/photos/caf\udce9.jpg", r"/photos/caf\xe9.jpg"),  # an undecodable (Latin-1) file name byte
    ],
)
def test_printable_escapes_controls_and_keeps_everything_else(text, shown):
    assert printable(text) == shown


@pytest.fixture
def evil_library(tmp_path, add_faces) -> tuple[str, list[int]]:
    """Two clusters; the first named ``EVIL_NAME``; photo 1 at ``tmp_path / EVIL_FILE``."""
    lib = tmp_path / "lib.sqlite"
    with Catalog.open(lib) as cat:
        ids = add_faces(cat, tmp_path, [0, 0, 0, 1, 1, 2])
        People(cat).update()
    db = sqlite3.connect(lib)
    with db:
        db.execute("UPDATE people SET name = ? WHERE id = 1", (EVIL_NAME,))
        db.execute("UPDATE photos SET path = ? WHERE id = 1", (str(tmp_path / EVIL_FILE),))
    db.close()
    return str(lib), ids


def test_people_text_escapes_names(evil_library, capsys):
    lib, _ = evil_library
    assert main(["people", "--library", lib]) == 0
    out = capsys.readouterr().out
    assert not raw_controls(out)
    assert EVIL_NAME_SHOWN in out
    assert len(out.splitlines()) == 1 + 2 + 1  # header, two people, summary: no forged line


def test_people_json_keeps_names_exact_and_escaped(evil_library, capsys, tmp_path):
    lib, _ = evil_library
    assert main(["people", "--library", lib, "--json"]) == 0
    out = capsys.readouterr().out
    assert out.isascii() and not raw_controls(out) and out.count("\n") == 1
    doc = json.loads(out)
    assert doc[0]["name"] == EVIL_NAME
    assert doc[0]["faces"][0]["photo"] == str(tmp_path / EVIL_FILE)


def test_person_operation_sentence_escapes_the_name(evil_library, capsys):
    lib, _ = evil_library
    assert main(["person", "hide", "1", "--library", lib]) == 0
    out = capsys.readouterr().out
    assert out == f"hidden: {EVIL_NAME_SHOWN} (#1, 3 faces)\n"


def test_search_text_escapes_paths_and_names(evil_library, capsys, tmp_path):
    lib, _ = evil_library
    assert main(["search", "--with", "1", "--library", lib]) == 0
    out = capsys.readouterr().out
    assert not raw_controls(out) and len(out.splitlines()) == 3
    first = out.splitlines()[0].split("\t")
    assert first[0] == printable(str(tmp_path / EVIL_FILE)) and first[0].endswith(EVIL_FILE_SHOWN)
    assert first[2] == EVIL_NAME_SHOWN
    assert main(["search", "--age", "0-", "--library", lib]) == 0
    out = capsys.readouterr().out
    assert not raw_controls(out) and len(out.splitlines()) == 6
    assert out.splitlines()[0].endswith("\t" + EVIL_NAME_SHOWN) and EVIL_FILE_SHOWN in out.splitlines()[0]


def test_search_json_keeps_names_exact(evil_library, capsys, tmp_path):
    lib, _ = evil_library
    assert main(["search", "--with", "1", "--library", lib, "--json"]) == 0
    out = capsys.readouterr().out
    assert out.isascii() and not raw_controls(out)
    doc = json.loads(out)
    assert doc[0]["path"] == str(tmp_path / EVIL_FILE) and doc[0]["people"][0]["name"] == EVIL_NAME


def test_status_and_failures_escape_the_library_path(tmp_path, capsys, add_faces):
    lib = tmp_path / "lib\x1b[2J\u202e.sqlite"
    with Catalog.open(lib) as cat:
        add_faces(cat, tmp_path, [0])
    assert main(["status", "--library", str(lib)]) == 0
    out = capsys.readouterr().out
    assert not raw_controls(out) and r"lib\x1b[2J\u202e.sqlite" in out
    assert main(["people", "--library", str(tmp_path / "none\x1b]0;x\x07.sqlite")]) == 1
    err = capsys.readouterr().err
    assert not raw_controls(err) and r"none\x1b]0;x\x07.sqlite" in err


def test_export_xmp_errors_escape_paths(evil_library, capsys, tmp_path):
    lib, _ = evil_library
    db = sqlite3.connect(lib)
    with db:  # a folder that does not exist: that photo's sidecar cannot be written
        db.execute("UPDATE photos SET path = ? WHERE id = 1", (str(tmp_path / "gone\x1b[2J" / EVIL_FILE),))
    db.close()
    assert main(["export-xmp", "--library", lib]) == 0
    out = capsys.readouterr().out
    assert not raw_controls(out)
    assert r"gone\x1b[2J/" + EVIL_FILE_SHOWN + ": " in out


def test_detect_escapes_image_paths(tmp_path, capsys):
    bad = tmp_path / EVIL_FILE
    bad.write_bytes(b"not an image")
    assert main(["detect", str(bad)]) == 1
    out = capsys.readouterr().out
    assert not raw_controls(out) and len(out.splitlines()) == 1
    assert out.startswith(printable(str(bad)) + ": error: ")


def test_draw_and_match_escape_paths(tmp_path, capsys):
    assert main(["match", "--reference", str(tmp_path / "refs\x1b[2J"), str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert not raw_controls(err) and r"refs\x1b[2J: not a folder" in err
    bad = Path(tmp_path / EVIL_FILE)
    bad.write_bytes(b"not an image")
    assert main(["draw", str(bad), "-o", str(tmp_path / "out.png")]) == 1
    err = capsys.readouterr().err
    assert not raw_controls(err) and EVIL_FILE_SHOWN in err
