"""`faceorganizer status`: counts of the library's photos, faces, people, errors and pending photos."""

from __future__ import annotations

import argparse

from ..arguments import add_library_arguments
from ..output import fail, print_json, printable


def run(args: argparse.Namespace) -> int:
    from ...library.catalog import Catalog, CatalogError, resolve_library_path

    path = resolve_library_path(args.library)
    try:
        with Catalog.open(path, read_only=True) as catalog:
            stats = catalog.stats()
            roots = catalog.roots()
    except CatalogError as exc:
        return fail("status", exc)
    if args.json:
        print_json(stats.to_json())
        return 0
    print(f"library {printable(path)}")
    print(f"  folders: {len(roots)}")
    print(f"  photos:  {stats.photos} ({stats.pending} pending, {stats.errors} with errors, {stats.missing} missing)")
    if stats.videos:
        print(f"  videos:  {stats.videos} of them")
    if stats.copies:
        print(f"  copies:  {stats.copies} more files holding a photo's exact bytes (counted once, as its locations)")
    print(f"  faces:   {stats.faces}")
    print(f"  people:  {stats.people}")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("status", help="show what the library holds")
    add_library_arguments(p)
    p.set_defaults(func=run)
