"""`faceorganizer export-xmp` / `import-xmp`: people's names to and from XMP face-region sidecars.

Both take photos or folders of the library (default: every indexed photo), exit 0 when they
completed even if some photos failed (listed in "errors"), 1 when they could not run (no library,
a path the library does not hold). JSON shapes (stable, for scripts; counts are integers):

- ``export-xmp --json`` -> ``{"written", "skipped", "kept", "errors": [{"path", "error"}]}``:
  sidecars written, photos with nothing to write, face regions of other tools kept in the sidecars.
- ``import-xmp --json`` -> ``{"photos", "regions", "matched", "created", "named", "unchanged",
  "rejected", "conflicts", "conflict_list": [{"path", "face_id", "in_sidecar", "here"}],
  "errors": [{"path", "error"}]}``: photos with face regions, named
  regions read, regions put on a detected face / added as manual faces, people created, regions
  already in the library, regions left alone because the user rejected that face from that person /
  confirmed it as someone else.
"""

from __future__ import annotations

import argparse

from ..arguments import add_library_arguments
from ..output import fail, print_json, printable


def _photo_ids(catalog, paths: list[str]) -> tuple[list[int] | None, str | None]:
    from ...library.metadata import select_photos

    if not paths:
        return None, None
    ids, unknown = select_photos(catalog, paths)
    return ids, (f"not in the library: {', '.join(unknown)}" if unknown else None)


def _print_errors(summary) -> None:
    for err in summary.errors:
        print(f"  {printable(err.path)}: {printable(err.error)}")


def run_export(args: argparse.Namespace) -> int:
    from ...library.catalog import Catalog, CatalogError, resolve_library_path
    from ...library.metadata import export_xmp

    try:
        with Catalog.open(resolve_library_path(args.library), read_only=True) as catalog:
            ids, problem = _photo_ids(catalog, args.paths)
            if problem:
                return fail("export-xmp", problem)
            summary = export_xmp(
                catalog, ids, named_only=not args.all_faces, people_tags=args.people_tags, mp_regions=args.mp_regions
            )
    except CatalogError as exc:
        return fail("export-xmp", exc)
    if args.json:
        print_json(summary.to_json())
        return 0
    kept = f", {summary.kept} regions of other tools kept" if summary.kept else ""
    print(f"{summary.written} sidecars written, {summary.skipped} photos skipped{kept}, {len(summary.errors)} errors")
    _print_errors(summary)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from ...library.catalog import Catalog, CatalogError, resolve_library_path
    from ...library.metadata import import_xmp

    try:
        with Catalog.open(resolve_library_path(args.library), create=False) as catalog:
            ids, problem = _photo_ids(catalog, args.paths)
            if problem:
                return fail("import-xmp", problem)
            s = import_xmp(catalog, ids)
    except CatalogError as exc:
        return fail("import-xmp", exc)
    if args.json:
        print_json(s.to_json())
        return 0
    print(f"{s.regions} named regions in {s.photos} photos: {s.matched} on detected faces, {s.created} added as "
          f"manual faces, {s.unchanged} already known, {s.named} people created")  # fmt: skip
    if s.rejected or s.conflicts:
        print(f"  left alone: {s.rejected} on faces you rejected from that person, "
              f"{s.conflicts} on faces you confirmed as someone else")  # fmt: skip
    print(f"{len(s.errors)} errors")
    _print_errors(s)
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export-xmp",
        help="write people's names as XMP face regions (photo.jpg.xmp sidecars; photos are never modified)",
        description="Write face regions with people's names into photo.jpg.xmp sidecars (MWG Regions, read by "
        "digiKam, Lightroom, exiftool). Run import-xmp first on photos tagged in another tool: a sidecar "
        "region on a face the library knows is replaced by the library's name.",
    )
    p.add_argument("paths", nargs="*", metavar="PHOTO_OR_FOLDER", help="photos or folders (default: all)")
    add_library_arguments(p)
    which = p.add_mutually_exclusive_group()
    which.add_argument("--named-only", dest="all_faces", action="store_false", help="only faces with a name (default)")
    which.add_argument("--all-faces", dest="all_faces", action="store_true", help="also faces without a name")
    p.add_argument(
        "--no-people-tags",
        dest="people_tags",
        action="store_false",
        help="do not also write the names as person tags and keywords (IPTC PersonInImage, digiKam TagsList "
        "People/NAME, Lightroom hierarchicalSubject People|NAME, dc:subject); tags already there are kept",
    )
    p.add_argument(
        "--no-mp-regions",
        dest="mp_regions",
        action="store_false",
        help="do not also write the named faces as Microsoft MP regions beside the MWG ones",
    )
    p.set_defaults(func=run_export, all_faces=False)

    q = sub.add_parser(
        "import-xmp",
        help="read names from XMP face regions (sidecars or embedded; MWG and Microsoft) into the library",
    )
    q.add_argument("paths", nargs="*", metavar="PHOTO_OR_FOLDER", help="photos or folders (default: all)")
    add_library_arguments(q)
    q.set_defaults(func=run_import)
