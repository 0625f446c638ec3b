"""`faceorganizer backup` and `faceorganizer restore`: checked copies of the library in ``<library>.backups/``.

Scans and migrations take backups on their own (see ``library.catalog.backups``); these commands take one
now, list them, or put one back (the current contents are backed up first).
"""

from __future__ import annotations

import argparse
import os

from ..arguments import add_library_arguments
from ..output import fail, print_json, printable


def run_backup(args: argparse.Namespace) -> int:
    from ...library.catalog import Catalog, CatalogError, backup, list_backups, resolve_library_path

    path = resolve_library_path(args.library)
    try:
        if not args.list:
            with Catalog.open(path, read_only=True) as catalog:
                made = backup(catalog)
        found = list_backups(path)
    except CatalogError as exc:
        return fail("backup", exc)
    if args.json:
        print_json({"created": None if args.list else str(made), "backups": [str(p) for p in found]})
        return 0
    if not args.list:
        print(f"backed up to {printable(made)}")
    else:
        for p in found:
            print(f"{printable(p)}  {os.path.getsize(p)} bytes")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from ...library.catalog import CatalogError, resolve_library_path, restore

    path = resolve_library_path(args.library)
    try:
        saved = restore(path, args.backup)
    except CatalogError as exc:
        return fail("restore", exc)
    if args.json:
        print_json({"restored": args.backup, "previous": None if saved is None else str(saved)})
        return 0
    print(f"restored {printable(path)} from {printable(args.backup)}")
    if saved is not None:
        print(f"  its previous contents: {printable(saved)}")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="take a checked backup of the library now (or --list them)")
    p.add_argument("--list", action="store_true", help="list the backups instead, oldest first")
    add_library_arguments(p)
    p.set_defaults(func=run_backup)
    p = sub.add_parser("restore", help="replace the library's contents with a backup (the current ones are kept)")
    p.add_argument("backup", metavar="BACKUP", help="a backup file (see `faceorganizer backup --list`)")
    add_library_arguments(p)
    p.set_defaults(func=run_restore)
