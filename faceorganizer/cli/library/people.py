"""`faceorganizer people` (list people and clusters with their faces) and `faceorganizer person ...`
(name, merge, split, reject, confirm, hide, unhide, cover, add-face)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING

from ..arguments import add_jsonl_argument, add_library_arguments
from ..output import fail, print_json, print_json_lines, printable

if TYPE_CHECKING:
    from ...library.catalog import Catalog, Person
    from ...library.people import People
    from ...library.people.updates import FaceEntry

#: People counted per query by the text listing.
_CHUNK = 500


def run(args: argparse.Namespace) -> int:
    """List people (hidden ones too in JSON; in text with ``--all``) and, in JSON, the faces of no one.

    Both are streamed from the catalog as they are printed (a library of a million faces is listed in
    constant memory) and paged with ``--limit``/``--offset`` in SQL; JSON pages the sequence "every
    person, then the faces of no one" (``"id": null``, the last entry of the last page).
    """
    from ...library.catalog import Catalog, CatalogError, resolve_library_path

    try:
        if args.recluster:
            return _recluster(resolve_library_path(args.library), args.json)
        with Catalog.open(resolve_library_path(args.library), read_only=True) as catalog:
            if args.jsonl:
                print_json_lines(_people_json(catalog, args.limit, args.offset))
            elif args.json:
                print_json(_people_json(catalog, args.limit, args.offset))
            else:
                _print_people(catalog, args.all, args.limit, args.offset)
    except CatalogError as exc:
        return fail("people", exc)
    return 0


def _recluster(path: str | os.PathLike[str], as_json: bool) -> int:
    """``people --recluster``: match every free face and cluster the whole library again (scans place new faces
    incrementally; this is the full pass, e.g. after changing the clustering settings). Decisions stay."""
    from ...library.catalog import Catalog
    from ...library.people import People

    with Catalog.open(path) as catalog:
        people = People(catalog)
        result = people.full_update()
        count = len(catalog.people())
    if as_json:
        print_json({"faces_changed": result.faces_changed, "people_created": result.people_created,
                    "people_removed": result.people_removed, "people": count})  # fmt: skip
    else:
        print(f"re-clustered: {result.faces_changed} faces moved, {result.people_created} people made, "
              f"{result.people_removed} gone; {count} people")  # fmt: skip
    return 0


def _people_json(catalog: Catalog, limit: int, offset: int) -> Iterator[dict]:
    from ...library.people import browse

    total, offset = browse.count_people(catalog), max(0, offset)  # SQLite reads a negative OFFSET as 0
    for p in browse.list_people(catalog, limit=limit, offset=offset):
        yield _person_json(p.id, p.name, p.hidden, browse.person_face_entries(catalog, p.id))
    if offset <= total and (limit < 0 or offset + limit > total):
        yield _person_json(None, None, False, browse.person_face_entries(catalog, None))


def _print_people(catalog: Catalog, show_hidden: bool, limit: int, offset: int) -> None:
    from ...library.people import browse

    print(f"{'id':>6}  {'name':<24} {'faces':>6} {'confirmed':>9} {'suggested':>9}")
    people, shown = browse.list_people(catalog, include_hidden=show_hidden, limit=limit, offset=offset), 0
    while chunk := list(islice(people, _CHUNK)):
        counts = browse.face_counts(catalog, [p.id for p in chunk])
        for p in chunk:
            c = counts.get(p.id, browse.FaceCounts())
            label = printable(p.name or "(unnamed)") + (" [hidden]" if p.hidden else "")
            print(f"{p.id:>6}  {label:<24} {c.faces:>6} {c.confirmed:>9} {c.suggested:>9}")
        shown += len(chunk)
    hidden = 0 if show_hidden else browse.count_people(catalog, hidden=True)
    print(f"{shown} people shown" + (f", {hidden} hidden (--all shows them)" if hidden else "")
          + f"; {browse.count_faces_of_no_one(catalog)} faces belong to no one")  # fmt: skip


def _person_json(pid: int | None, name: str | None, hidden: bool, faces: Iterable[FaceEntry]) -> dict:
    """One entry of ``people --json``, its faces a generator (print_json streams it); a video's face has the
    ``time`` (seconds) of the frame its box is in."""
    return {
        "id": pid,
        "name": name,
        "hidden": hidden,
        "faces": (
            {"id": f.id, "photo": f.photo, "state": f.state,
             "box": {"x": f.box.x, "y": f.box.y, "width": f.box.width, "height": f.box.height},
             **({} if f.time is None else {"time": f.time})}
            for f in faces
        ),
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
                pid = _person(people, args.id)
                other = people.person_named(" ".join(args.name.split())) if args.name.strip() else None
                if other is not None and other.id != pid and not args.merge:
                    return fail("person name", f"{printable(other.name)} is already person #{other.id}: add --merge "
                                f"to merge #{pid} into them")  # fmt: skip
                result["person"] = people.name(pid, args.name)
            elif op == "merge":
                result["person"] = people.merge(
                    _person(people, args.target), [_person(people, s) for s in args.sources]
                )
            elif op == "split":
                result["person"] = people.split(
                    args.faces, None if args.new or args.to is None else _person(people, args.to)
                )
            elif op in ("reject", "confirm"):
                getattr(people, op)(args.faces)
                result["faces"] = args.faces
            elif op in ("hide", "unhide"):
                result["person"] = _person(people, args.id)
                getattr(people, op)(result["person"])
            elif op == "cover":
                result["person"] = _person(people, args.id)
                people.set_cover(result["person"], args.face)
            elif op == "delete-face":
                people.delete_manual_face(args.face)
                result = {"faces": [args.face]}
            elif op == "add-face":
                by_id = args.photo.isdigit()
                photo = catalog.photo(int(args.photo)) if by_id else catalog.photo_by_path(os.path.abspath(args.photo))
                if photo is None:
                    return fail("person add-face", f"no photo {args.photo} in the library")
                face = people.add_manual_face(photo.id, Box(args.x, args.y, args.width, args.height), args.name)
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


def _person(people: People, ref: str) -> int:
    """A person given by id or by name (case-insensitive, as `search`)."""
    from ...library.people import PeopleError

    if ref.strip().isdigit():
        return people.person(int(ref)).id
    found = people.person_named(" ".join(ref.split())) if ref.strip() else None
    if found is None:
        raise PeopleError(f"no person named {ref!r} (give a name or an id; `faceorganizer people` lists them)")
    return found.id


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
    if op == "delete-face":
        return f"deleted face {result['faces'][0]}"
    if op in ("reject", "confirm"):
        faces = result["faces"]
        return f"{'rejected' if op == 'reject' else 'confirmed'} {_faces(len(faces))}: {', '.join(map(str, faces))}"
    if person is None:
        who = "no one yet" if result.get("person") is None else f"#{result['person']}"
    else:
        who = f"{printable(person.name or 'unnamed')} (#{person.id}, {_faces(person.face_count)})"
    face = f"face {result['face']} " if "face" in result else ""
    return f"{face}{_DONE[op]} {who}"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("people", help="list people and unnamed clusters with their face counts")
    add_library_arguments(p)
    add_jsonl_argument(p)
    p.add_argument("--recluster", action="store_true", help="match and cluster every face again (scans place new ones)")
    p.add_argument("--all", action="store_true", help="also list hidden people (JSON always lists them)")
    p.add_argument("--limit", type=int, default=-1, metavar="N",
                   help="at most N entries: people, and in JSON the faces of no one last (default: all)")  # fmt: skip
    p.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N entries")
    p.set_defaults(func=run)

    p = sub.add_parser("person", help="name, merge, split, hide a person; reject or confirm faces")
    ops = p.add_subparsers(dest="operation", required=True, metavar="OPERATION")

    def op(name: str, help: str) -> argparse.ArgumentParser:
        q = ops.add_parser(name, help=help)
        add_library_arguments(q)
        q.set_defaults(func=run_person)
        return q

    person = "a person's id or name"
    q = op("name", "name (or rename) a person")
    q.add_argument("id", metavar="PERSON", help=person)
    q.add_argument("name")
    q.add_argument("--merge", action="store_true", help="if another person has that name, merge into them")
    q = op("merge", "merge people into TARGET")
    q.add_argument("target", metavar="TARGET", help=person)
    q.add_argument("sources", nargs="+", metavar="SOURCE", help=person)
    q = op("split", "move faces (confirmed) to another person or a new one")
    q.add_argument("faces", type=int, nargs="+", metavar="FACE")
    where = q.add_mutually_exclusive_group()
    where.add_argument("--to", metavar="PERSON", help="the person to move them to (id or name)")
    where.add_argument("--new", action="store_true", help="a new unnamed person (the default)")
    for name, text in (("reject", "these faces are not their person (remembered)"),
                       ("confirm", "these faces are their person")):  # fmt: skip
        op(name, text).add_argument("faces", type=int, nargs="+", metavar="FACE")
    for name, text in (("hide", "hide (ignore) a person"), ("unhide", "show a hidden person again")):
        op(name, text).add_argument("id", metavar="PERSON", help=person)
    q = op("cover", "choose the face shown for a person")
    q.add_argument("id", metavar="PERSON", help=person)
    q.add_argument("face", type=int)
    q = op("add-face", "add a face box drawn by hand (displayed pixels) to a photo")
    q.add_argument("photo", help="the photo's path or id")
    for coordinate in ("x", "y", "width", "height"):  # four arguments: argparse cannot show a tuple metavar
        q.add_argument(coordinate, type=float, metavar=coordinate.upper(), help="of the box, displayed pixels")
    q.add_argument("--name", help="whose face it is (the person is created if needed)")
    op("delete-face", "delete a face box drawn by hand").add_argument("face", type=int, metavar="FACE")
