"""`faceorganizer people` (list people and clusters with their faces) and `faceorganizer person ...`
(name, merge, split, reject, confirm, hide, unhide, cover, add-face)."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from ..arguments import add_library_arguments
from ..output import fail, print_json

if TYPE_CHECKING:
    from ...library.catalog import Person


def run(args: argparse.Namespace) -> int:
    """List every person (hidden ones too in JSON; in text with ``--all``) and the faces of no one."""
    from ...library.catalog import Catalog, CatalogError, resolve_library_path
    from ...library.people import People

    try:
        with Catalog.open(resolve_library_path(args.library), read_only=True) as catalog:
            people = catalog.people()
            faces = People(catalog).faces_by_person()
    except CatalogError as exc:
        return fail("people", exc)
    if args.json:
        doc = [_person_json(p.id, p.name, p.hidden, faces.get(p.id, [])) for p in people]
        doc.append(_person_json(None, None, False, faces.get(None, [])))
        print_json(doc)
        return 0
    shown = [p for p in people if args.all or not p.hidden]
    print(f"{'id':>6}  {'name':<24} {'faces':>6} {'confirmed':>9} {'suggested':>9}")
    for p in shown:
        mine = faces.get(p.id, [])
        confirmed = sum(f.state == "confirmed" for f in mine)
        suggested = sum(f.state == "suggested" for f in mine)
        label = (p.name or "(unnamed)") + (" [hidden]" if p.hidden else "")
        print(f"{p.id:>6}  {label:<24} {len(mine):>6} {confirmed:>9} {suggested:>9}")
    hidden = len(people) - len(shown)
    print(f"{len(shown)} people shown" + (f", {hidden} hidden (--all shows them)" if hidden else "")
          + f"; {len(faces.get(None, []))} faces belong to no one")  # fmt: skip
    return 0


def _person_json(pid, name, hidden, faces) -> dict:
    return {
        "id": pid,
        "name": name,
        "hidden": hidden,
        "faces": [
            {"id": f.id, "photo": f.photo, "state": f.state,
             "box": {"x": f.box.x, "y": f.box.y, "width": f.box.width, "height": f.box.height}}
            for f in faces
        ],
    }  # fmt: skip


def run_person(args: argparse.Namespace) -> int:
    """Apply one operation; prints the person it concerns (``{"person": id}`` with ``--json``)."""
    from ...geometry import Box
    from ...library.catalog import Catalog, CatalogError, resolve_library_path
    from ...library.people import People

    op = args.operation
    try:
        with Catalog.open(resolve_library_path(args.library), create=False) as catalog:
            people = People(catalog)
            result: dict = {}
            if op == "name":
                result["person"] = people.rename(args.id, args.name)
            elif op == "merge":
                result["person"] = people.merge(args.target, args.sources)
            elif op == "split":
                result["person"] = people.split(args.faces, None if args.new else args.to)
            elif op in ("reject", "confirm"):
                getattr(people, op)(args.faces)
                result["faces"] = args.faces
            elif op in ("hide", "unhide"):
                getattr(people, op)(args.id)
                result["person"] = args.id
            elif op == "cover":
                people.set_cover(args.id, args.face)
                result["person"] = args.id
            elif op == "add-face":
                by_id = args.photo.isdigit()
                photo = catalog.photo(int(args.photo)) if by_id else catalog.photo_by_path(os.path.abspath(args.photo))
                if photo is None:
                    return fail("person add-face", f"no photo {args.photo} in the library")
                face = people.add_manual_face(photo.id, Box(*args.box), args.name)
                result = {"face": face, "person": catalog.face(face).person_id}  # type: ignore[union-attr]
            person_id = result.get("person")
            if not args.json:  # the person as it is now, for the sentence (JSON gives ids only)
                text = _describe(op, result, None if person_id is None else catalog.person(person_id))
    except CatalogError as exc:
        return fail(f"person {op}", exc)
    if args.json:
        print_json(result)
    else:
        print(text)
    return 0


_DONE = {
    "name": "named",
    "merge": "merged into",
    "split": "moved to",
    "hide": "hidden:",
    "unhide": "shown again:",
    "cover": "new cover for",
    "add-face": "added to",
}


def _faces(n: int) -> str:
    return f"{n} face" if n == 1 else f"{n} faces"


def _describe(op: str, result: dict, person: Person | None) -> str:
    """One line saying what the operation did, naming the person it concerns (e.g. "merged into Ann (#3, 12 faces)")."""
    if op in ("reject", "confirm"):
        faces = result["faces"]
        return f"{'rejected' if op == 'reject' else 'confirmed'} {_faces(len(faces))}: {', '.join(map(str, faces))}"
    if person is None:
        who = "no one yet" if result.get("person") is None else f"#{result['person']}"
    else:
        who = f"{person.name or 'unnamed'} (#{person.id}, {_faces(person.face_count)})"
    face = f"face {result['face']} " if "face" in result else ""
    return f"{face}{_DONE[op]} {who}"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("people", help="list people and unnamed clusters with their face counts")
    add_library_arguments(p)
    p.add_argument("--all", action="store_true", help="also list hidden people (JSON always lists them)")
    p.set_defaults(func=run)

    p = sub.add_parser("person", help="name, merge, split, hide a person; reject or confirm faces")
    ops = p.add_subparsers(dest="operation", required=True, metavar="OPERATION")

    def op(name: str, help: str) -> argparse.ArgumentParser:
        q = ops.add_parser(name, help=help)
        add_library_arguments(q)
        q.set_defaults(func=run_person)
        return q

    q = op("name", "name (or rename) a person; an existing name merges them into that person")
    q.add_argument("id", type=int)
    q.add_argument("name")
    q = op("merge", "merge people into TARGET")
    q.add_argument("target", type=int)
    q.add_argument("sources", type=int, nargs="+", metavar="SOURCE")
    q = op("split", "move faces (confirmed) to another person or a new one")
    q.add_argument("faces", type=int, nargs="+", metavar="FACE")
    where = q.add_mutually_exclusive_group()
    where.add_argument("--to", type=int, metavar="ID", help="the person to move them to")
    where.add_argument("--new", action="store_true", help="a new unnamed person (the default)")
    for name, text in (("reject", "these faces are not their person (remembered)"),
                       ("confirm", "these faces are their person")):  # fmt: skip
        op(name, text).add_argument("faces", type=int, nargs="+", metavar="FACE")
    for name, text in (("hide", "hide (ignore) a person"), ("unhide", "show a hidden person again")):
        op(name, text).add_argument("id", type=int)
    q = op("cover", "choose the face shown for a person")
    q.add_argument("id", type=int)
    q.add_argument("face", type=int)
    q = op("add-face", "add a face box drawn by hand (displayed pixels) to a photo")
    q.add_argument("photo", help="the photo's path or id")
    q.add_argument("box", type=float, nargs=4, metavar=("X", "Y", "WIDTH", "HEIGHT"))
    q.add_argument("--name", help="whose face it is (the person is created if needed)")
