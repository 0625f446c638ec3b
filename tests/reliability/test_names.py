"""Hostile person names (issue 11): control characters, NULs and lone surrogates never reach the catalog,
and so never a sidecar; every name written to XMP reads back as XML."""

from __future__ import annotations

import pytest

from faceorganizer.library.catalog import Catalog, clean_name
from faceorganizer.library.metadata import export_xmp, import_xmp
from faceorganizer.library.metadata.picasa import read_picasa_ini
from faceorganizer.library.metadata.xmp import sidecar_path
from faceorganizer.library.metadata.xmp_read import parse_xmp, read_regions
from faceorganizer.library.people import PeopleOps

HOSTILE = "Amy\x07\x1b[31mRED"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (HOSTILE, "Amy[31mRED"),  # BEL and ESC dropped: the rest of the escape sequence is harmless text
        ("\x00", None),
        ("Ann\ud800", "Ann"),  # a lone surrogate (cannot even be encoded as UTF-8)
        ("  Ann\n Smith\t", "Ann Smith"),  # newlines and tabs are spaces, runs of space one, trimmed
        ("Ann\r\nSmith\u2028Jr\x85", "Ann Smith Jr"),  # CR LF, LINE SEPARATOR, NEL: newlines too
        ("Zo\u00eb & <Bob>", "Zo\u00eb & <Bob>"),  # XML's special characters are fine: the writer escapes them
        ("a\x7fb\x9bc\ufffed\uffffe", "abcde"),  # DEL, a C1 control, the two non-characters XML 1.0 forbids
        ("\U0001f600 \u4e2d\u6587", "\U0001f600 \u4e2d\u6587"),  # astral and CJK are ordinary text
        ("", None),
        ("\x07\x1b \t", None),
        (None, None),
    ],
)
def test_clean_name(raw, clean):
    assert clean_name(raw) == clean


def test_create_and_rename_person_store_clean_names(tmp_path):
    cat = Catalog.open(tmp_path / "lib.sqlite")
    with cat.transaction():
        amy = cat.create_person(HOSTILE)
        odd = cat.create_person("Ann\ud800")  # raised UnicodeEncodeError from SQLite before
        nul = cat.create_person("\x00")
    assert (cat.person(amy).name, cat.person(odd).name, cat.person(nul).name) == ("Amy[31mRED", "Ann", None)
    cat.rename_person(amy, "Raj\x1b\nKumar")
    assert cat.person(amy).name == "Raj Kumar"
    cat.rename_person(amy, "\x00\x00")
    assert cat.person(amy).name is None
    PeopleOps(cat).name(odd, "Bea\x08trice")  # the people service goes through rename_person
    assert cat.person(odd).name == "Beatrice"


def test_export_of_hostile_names_writes_xml_that_reads_back(xmp_libraries):
    lib = xmp_libraries.build()
    cat = lib.catalog
    with cat.transaction():
        amy, raj = cat.create_person(HOSTILE), cat.create_person("Raj\ud800\x00")
    cat.assign_faces([lib.faces["a.jpg"][0]], amy, "confirmed")
    cat.assign_faces([lib.faces["b.jpg"][0]], raj, "confirmed")
    summary = export_xmp(cat)
    assert (summary.written, summary.errors) == (2, [])
    for name, want in (("a.jpg", "Amy[31mRED"), ("b.jpg", "Raj")):
        info = parse_xmp(sidecar_path(lib.folder / name).read_bytes(), name)  # XmpError before: not XML
        assert info is not None and [a.name for a in info.areas] == [want]


def test_export_cleans_names_already_in_an_old_catalog(xmp_libraries):
    """A catalog written before names were cleaned may hold any text: what is exported is clean all the same."""
    lib = xmp_libraries.build()
    cat = lib.catalog
    cat.execute("INSERT INTO people (id, name, hidden, created_at) VALUES (99, ?, 0, 0)", ("Old\x00\x1b[0m",))
    cat.assign_faces([lib.faces["a.jpg"][0]], 99, "confirmed")
    summary = export_xmp(cat)
    assert (summary.written, summary.errors) == (1, [])
    assert [r.name for r in read_regions(lib.folder / "a.jpg")] == ["Old[0m"]


def test_names_imported_from_xmp_are_cleaned(xmp_libraries):
    lib = xmp_libraries.build()
    a = lib.folder / "a.jpg"
    # XML 1.0 allows C1 controls and character references to tabs/newlines: another tool may have written them.
    sidecar_path(a).write_text(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/" '
        'xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#"><mwg-rs:Regions rdf:parseType="Resource">'
        '<mwg-rs:RegionList><rdf:Bag><rdf:li rdf:parseType="Resource"><mwg-rs:Type>Face</mwg-rs:Type>'
        "<mwg-rs:Name>Amy\u009b31m&#10;RED</mwg-rs:Name>"
        '<mwg-rs:Area stArea:x="0.15625" stArea:y="0.208333" stArea:w="0.1875" stArea:h="0.25" '
        'stArea:unit="normalized"/></rdf:li></rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions>'
        "</rdf:Description></rdf:RDF></x:xmpmeta>",
        encoding="utf-8",
    )
    summary = import_xmp(lib.catalog)
    assert (summary.errors, summary.matched, summary.named) == ([], 1, 1)
    assert [p.name for p in lib.catalog.people()] == ["Amy31m RED"]


def test_names_from_picasa_are_cleaned(tmp_path):
    (tmp_path / ".picasa.ini").write_text(
        "[Contacts2]\n8e62398ebda8c1a5=Ann\x07\x1b[1mSmith;;\n[IMG_1.jpg]\nfaces=rect64(4000200080006000),8e62398ebda8c1a5\n",
        encoding="utf-8",
    )
    [ann] = read_picasa_ini(tmp_path)["IMG_1.jpg"]
    assert ann.name == "Ann[1mSmith"
