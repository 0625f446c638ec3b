"""`faceorganizer search`: photos by people (all / any / only) or faces (unnamed, expression, age, gender).

People filters (``--with``, ``--any``, ``--only``) list photos; face filters (``--unnamed``,
``--expression``, ``--age``, ``--gender``) list faces; the two kinds are not mixed. A person is
given by name (case-insensitive) or id; an unknown or ambiguous one exits with status 2.

JSON: photos -> ``[{"id","path","taken_at","people":[{"id","name"}],"copies":[path]}]`` ("copies": the photo's
other locations, files with its exact bytes); faces ->
``[{"id","photo","taken_at","box":{"x","y","width","height"},"person","name","state","expression",
"age","gender"}]`` ("photo" is the photo's absolute path, "person" an id or null).

Results are streamed from the query as they are printed (the JSON array too), so the first line comes
at once and memory stays flat whatever the size of the library; ``--limit``/``--offset`` page in SQL.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from ..arguments import add_jsonl_argument, add_library_arguments
from ..output import fail, print_json, print_json_lines, printable

if TYPE_CHECKING:
    from ...library.catalog import Photo, SqlConnection

#: Photos whose people are looked up per query.
_CHUNK = 100

USAGE_ERROR = 2


#: A single age N (``--age 30``) is the faces whose estimated age is *shown* as N (rounded: the listings print
#: ``f"{age:.0f}"``), i.e. N - 0.5 to N + 0.5: estimated ages are fractional (30.4), so "exactly 30" would find
#: none (issue 14: `--age 30` silently gave 0 faces).
SINGLE_AGE_HALF_WIDTH = 0.5


def parse_age(text: str) -> tuple[float | None, float | None]:
    """The ``--age`` bounds (inclusive; None: open): ``30-40``, ``30-`` (30 and over), ``-12`` (up to 12), or
    one age ``30``: the estimated ages shown as 30 (29.5 to 30.5, see SINGLE_AGE_HALF_WIDTH).
    ArgumentTypeError (a usage message, exit 2) for anything else, a bound that is not a finite number, or
    MIN > MAX."""
    try:
        if "-" not in text:
            age = float(text)
            if not math.isfinite(age):
                raise ValueError(text)
            return age - SINGLE_AGE_HALF_WIDTH, age + SINGLE_AGE_HALF_WIDTH
        low, high = text.split("-", 1)
        bounds = (float(low) if low.strip() else None, float(high) if high.strip() else None)
        if any(b is not None and not math.isfinite(b) for b in bounds):
            raise ValueError(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"age must be AGE or MIN-MAX (e.g. 30, 30-40, 60-, -12), got {text!r}"
        ) from None
    if bounds == (None, None) or (None not in bounds and bounds[0] > bounds[1]):  # type: ignore[operator]
        raise argparse.ArgumentTypeError(f"age range must be MIN-MAX with MIN <= MAX, got {text!r}")
    return bounds


def _usage(message: str) -> int:
    print(f"faceorganizer search: {message}", file=sys.stderr)
    return USAGE_ERROR


def run(args: argparse.Namespace) -> int:
    from ...library.catalog import Catalog, CatalogError, resolve_library_path
    from ...library.people import search

    people_filters = bool(args.with_ or args.any_ or args.only)
    face_filters = args.unnamed or args.expression or args.age or args.gender
    if people_filters and face_filters:
        return _usage("search photos by people (--with/--any/--only) or faces (--unnamed/--expression/--age/"
                      "--gender), not both at once")  # fmt: skip
    if not people_filters and not face_filters:
        return _usage("nothing to search for: give --with, --any, --unnamed, --expression, --age or --gender")
    if args.only and not (args.with_ or args.any_):
        return _usage("--only needs the people, given with --with (or --any)")
    try:
        with Catalog.open(resolve_library_path(args.library), read_only=True) as catalog:
            try:
                with_ids = [search.resolve_person(catalog, t) for t in args.with_]
                any_ids = [search.resolve_person(catalog, t) for t in args.any_]
            except search.UnknownPersonError as exc:
                return _usage(str(exc))
            items: Iterator[dict[str, Any]]
            if people_filters:
                photos = search.iter_photos(catalog, all_of=with_ids, any_of=any_ids, only=args.only,
                                            strict=args.strict, include_suggested=args.suggested,
                                            limit=args.limit, offset=args.offset)  # fmt: skip
                items = _photo_items(catalog, photos, args.suggested)
            else:
                hits = search.iter_faces(catalog, unnamed=args.unnamed, expression=args.expression, age_range=args.age,
                                         gender=args.gender, include_suggested=args.suggested,
                                         limit=args.limit, offset=args.offset, details=False)  # fmt: skip
                items = (_face_json(h) for h in hits)
            if args.jsonl:
                print_json_lines(items)
                return 0
            if args.json:
                print_json(items)
                return 0
            count = 0
            for item in items:
                print(_photo_line(item) if people_filters else _face_line(item))
                count += 1
    except CatalogError as exc:
        return fail("search", exc)
    print(f"{count} {'photos' if people_filters else 'faces'}", file=sys.stderr)
    return 0


def _photo_items(catalog: SqlConnection, photos: Iterable[Photo], include_suggested: bool) -> Iterator[dict[str, Any]]:
    """The JSON of each photo with its people and its other locations (``copies``: files with its exact bytes
    elsewhere), looked up for ``_CHUNK`` photos at a time."""
    from ...library.people import browse, search

    photos = iter(photos)
    while chunk := list(islice(photos, _CHUNK)):
        who = search.people_in_photos(catalog, [p.id for p in chunk], include_suggested=include_suggested)
        copies = browse.copy_paths(catalog, [p.id for p in chunk])
        for p in chunk:
            yield {"id": p.id, "path": p.path, "taken_at": p.taken_at,
                   "people": [{"id": i, "name": n} for i, n in who[p.id]], "copies": copies.get(p.id, [])}  # fmt: skip


def _face_json(hit: Any) -> dict[str, Any]:
    f = hit.face
    box = {"x": f.box.x, "y": f.box.y, "width": f.box.width, "height": f.box.height}
    return {"id": f.id, "photo": hit.photo_path, "taken_at": hit.taken_at, "box": box, "person": f.person_id,
            "name": hit.person_name, "state": f.state, "expression": f.expression, "age": f.age,
            "gender": f.gender}  # fmt: skip


def _photo_line(item: dict[str, Any]) -> str:
    names = ", ".join(printable(p["name"]) if p["name"] else f"#{p['id']}" for p in item["people"])
    return f"{printable(item['path'])}\t{item['taken_at'] or '-'}\t{names}"


def _face_line(item: dict[str, Any]) -> str:
    b = item["box"]
    age = "-" if item["age"] is None else f"{item['age']:.0f}"
    who = printable(item["name"]) if item["name"] else ("-" if item["person"] is None else f"#{item['person']}")
    where = f"face {item['id']} at {b['x']:.0f},{b['y']:.0f} {b['width']:.0f}x{b['height']:.0f}"
    return f"{printable(item['photo'])}\t{where}\t{item['expression'] or '-'}\t{age}\t{item['gender'] or '-'}\t{who}"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="find photos by people, or faces by name status, expression, age, gender")
    p.add_argument("--with", dest="with_", action="append", default=[], metavar="NAME_OR_ID",
                   help="photos with this person (repeat: with all of them)")  # fmt: skip
    p.add_argument(
        "--any",
        dest="any_",
        nargs="+",
        action="extend",
        default=[],
        metavar="NAME",
        help="photos with any of these people",
    )
    p.add_argument("--only", action="store_true",
                   help="no other named person in the photo (strangers and unnamed clusters allowed)")  # fmt: skip
    p.add_argument("--strict", action="store_true", help="with --only: no other face at all")
    p.add_argument("--unnamed", action="store_true", help="faces not (yet) of a named person")
    p.add_argument("--expression", choices=("neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"),
                   help="faces whose most probable expression this is")  # fmt: skip
    p.add_argument("--age", type=parse_age, metavar="AGE|MIN-MAX",
                   help="faces with an estimated age in this range (MIN-MAX, MIN-, -MAX), or shown as AGE "
                   "(rounded: 30 is 29.5 to 30.5)")  # fmt: skip
    p.add_argument("--gender", choices=("male", "female"), help="faces of this estimated gender")
    p.add_argument("--suggested", action="store_true", help="count suggested (unconfirmed, low-confidence) faces too")
    p.add_argument("--limit", type=int, default=-1, metavar="N", help="at most N results (default: all)")
    p.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N results")
    add_library_arguments(p)
    add_jsonl_argument(p)
    p.set_defaults(func=run)
