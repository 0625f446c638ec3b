"""`faceorganizer people` and `faceorganizer person ...` on a synthetic library."""

from __future__ import annotations

import json

from faceorganizer.cli import main
from faceorganizer.library.catalog import Catalog
from faceorganizer.library.people import People


def _lib(add_faces, tmp_path):
    lib = tmp_path / "lib.sqlite"
    with Catalog.open(lib) as cat:
        ids = add_faces(cat, tmp_path, [0, 0, 0, 1, 1, 2])
        People(cat).update()
    return str(lib), ids


def _json(capsys, *argv):
    code = main(list(argv))
    return code, json.loads(capsys.readouterr().out)


def test_people_json_lists_every_face_exactly_once(tmp_path, capsys, add_faces):
    lib, ids = _lib(add_faces, tmp_path)
    code, doc = _json(capsys, "person", "hide", "2", "--library", lib, "--json")
    assert code == 0 and doc == {"person": 2}
    code, doc = _json(capsys, "people", "--library", lib, "--json")
    assert code == 0
    assert [(p["id"], p["name"], p["hidden"], len(p["faces"])) for p in doc] == [
        (1, None, False, 3), (2, None, True, 2), (None, None, False, 1)]  # fmt: skip
    faces = [f for p in doc for f in p["faces"]]
    assert sorted(f["id"] for f in faces) == ids
    face = doc[0]["faces"][0]
    assert set(face) == {"id", "photo", "box", "state"} and set(face["box"]) == {"x", "y", "width", "height"}
    assert face["photo"] == str(tmp_path / "p0.jpg") and face["state"] == "auto"


def test_person_operations_from_the_command_line(tmp_path, capsys, add_faces):
    lib, ids = _lib(add_faces, tmp_path)

    def said(*argv: str) -> str:  # each operation prints one line saying what it did, to whom
        assert main(["person", *argv, "--library", lib]) == 0
        return capsys.readouterr().out

    assert said("name", "1", "Ann") == "named Ann (#1, 3 faces)\n"
    assert said("merge", "1", "2") == "merged into Ann (#1, 5 faces)\n"
    assert said("split", str(ids[3]), "--new").startswith("moved to unnamed (#")
    assert said("reject", str(ids[4])) == f"rejected 1 face: {ids[4]}\n"
    assert said("confirm", str(ids[0])) == f"confirmed 1 face: {ids[0]}\n"
    assert said("cover", "1", str(ids[0])) == "new cover for Ann (#1, 3 faces)\n"
    added = said("add-face", str(tmp_path / "p5.jpg"), "1", "2", "30", "40", "--name", "Zoe")
    assert added.startswith("face ") and added.endswith(" added to Zoe (#4, 1 face)\n")
    assert said("add-face", str(tmp_path / "p5.jpg"), "50", "2", "30", "40").endswith(" added to no one yet\n")
    assert main(["people", "--library", lib]) == 0
    text = capsys.readouterr().out
    assert "Ann" in text and "Zoe" in text
    with Catalog.open(lib) as cat:
        ann = cat.person(1)
        assert (ann.name, ann.face_count, ann.cover_face_id) == ("Ann", 3, ids[0])
        assert cat.face(ids[0]).state == "confirmed" and cat.face(ids[4]).person_id is None
        assert cat.face(ids[3]).state == "confirmed" and cat.face(ids[3]).person_id not in (None, 1)
        assert [d.kind for d in cat.decisions()] == ["name", "merge", "split", "reject", "confirm", "cover",
                                                     "name", "manual_face", "manual_face"]  # fmt: skip


def test_person_errors_exit_1_with_a_message(tmp_path, capsys, add_faces):
    lib, _ = _lib(add_faces, tmp_path)
    assert main(["person", "merge", "1", "99", "--library", lib]) == 1
    assert "no person with id 99" in capsys.readouterr().err
    assert main(["person", "hide", "1", "--library", str(tmp_path / "none.sqlite")]) == 1
    assert "no library" in capsys.readouterr().err


def test_add_face_help_and_misuse_are_messages_not_tracebacks(tmp_path, capsys):
    import pytest

    with pytest.raises(SystemExit) as done:
        main(["person", "add-face", "--help"])
    assert done.value.code == 0 and "X Y WIDTH HEIGHT" in capsys.readouterr().out.replace("\n", " ")
    with pytest.raises(SystemExit) as done:
        main(["person", "add-face", "photo.jpg", "1", "2"])
    assert done.value.code == 2 and "HEIGHT" in capsys.readouterr().err


def test_person_commands_take_names_as_well_as_ids(tmp_path, capsys, add_faces):
    lib, ids = _lib(add_faces, tmp_path)
    assert main(["person", "name", "1", "Ann", "--library", lib]) == 0
    assert main(["person", "name", "2", "Bob", "--library", lib]) == 0
    capsys.readouterr()
    assert main(["person", "hide", "bob", "--library", lib]) == 0  # case-insensitive, as search
    assert main(["person", "cover", "Ann", str(ids[1]), "--library", lib]) == 0
    assert main(["person", "split", str(ids[2]), "--to", "Bob", "--library", lib]) == 0
    with Catalog.open(lib) as cat:
        assert cat.person(2).hidden and cat.person(1).cover_face_id == ids[1] and cat.face(ids[2]).person_id == 2
    assert main(["person", "hide", "Nobody", "--library", lib]) == 1
    assert "no person named 'Nobody'" in capsys.readouterr().err


def test_person_commands_refuse_what_makes_no_sense(tmp_path, capsys, add_faces):
    lib, _ = _lib(add_faces, tmp_path)
    assert main(["person", "merge", "1", "1", "--library", lib]) == 1
    assert "into themselves" in capsys.readouterr().err
    assert main(["person", "name", "1", "   ", "--library", lib]) == 1
    assert "cannot be empty" in capsys.readouterr().err
    with Catalog.open(lib) as cat:
        assert cat.person(1).name is None and not cat.decisions()


def test_an_existing_name_does_not_merge_silently(tmp_path, capsys, add_faces):
    lib, _ = _lib(add_faces, tmp_path)
    assert main(["person", "name", "1", "Ann", "--library", lib]) == 0
    capsys.readouterr()
    assert main(["person", "name", "2", "ann", "--library", lib]) == 1
    assert "--merge" in capsys.readouterr().err
    with Catalog.open(lib) as cat:
        assert cat.person(2) is not None and cat.person(2).name is None
    assert main(["person", "name", "2", "ann", "--merge", "--library", lib]) == 0
    assert capsys.readouterr().out.startswith("named Ann (#1, 5 faces)")


def test_a_drawn_face_can_be_deleted_and_the_deletion_undone(tmp_path, capsys, add_faces):
    lib, ids = _lib(add_faces, tmp_path)
    code, added = _json(capsys, "person", "add-face", str(tmp_path / "p5.jpg"), "1", "2", "30", "40", "--name",
                        "Zoe", "--json", "--library", lib)  # fmt: skip
    assert code == 0
    face = added["face"]
    assert main(["person", "delete-face", str(face), "--library", lib]) == 0
    assert capsys.readouterr().out == f"deleted face {face}\n"
    with Catalog.open(lib) as cat:
        assert cat.face(face) is None
    assert main(["person", "delete-face", str(ids[0]), "--library", lib]) == 1  # a detector face: reject it
    assert "reject it instead" in capsys.readouterr().err
    assert main(["undo", "--library", lib]) == 0
    assert capsys.readouterr().out == "undone: Delete a drawn face\n"
    with Catalog.open(lib) as cat:
        assert cat.face(face) is not None and cat.person(cat.face(face).person_id).name == "Zoe"
