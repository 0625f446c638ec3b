"""`faceorganizer undo`, `redo` and `history`: take back the last people operation (from the app or the
command line, also after a restart), do it again, or list the latest ones."""

from __future__ import annotations

import argparse
import time

from ..arguments import add_library_arguments
from ..output import fail, print_json, printable


def run_step(args: argparse.Namespace) -> int:
    """Undo or redo one action; prints which."""
    from ...library.catalog import Catalog, CatalogError, resolve_library_path
    from ...library.people import People, history

    try:
        with Catalog.open(resolve_library_path(args.library), create=False) as catalog:
            people = People(catalog)
            action = people.undo() if args.step == "undo" else people.redo()
    except (CatalogError, history.UndoError) as exc:
        return fail(args.step, exc)
    if args.json:
        print_json({"action": action.id, "label": action.label, "undone": action.undone})
    else:
        print(f"{'undone' if action.undone else 'redone'}: {printable(action.label)}")
    return 0


def run_history(args: argparse.Namespace) -> int:
    """The latest actions, newest first; the undone ones (which `redo` would do again) marked."""
    from ...library.catalog import Catalog, CatalogError, resolve_library_path
    from ...library.people import history

    try:
        with Catalog.open(resolve_library_path(args.library), read_only=True) as catalog:
            actions = history.history(catalog, args.limit)
    except CatalogError as exc:
        return fail("history", exc)
    if args.json:
        print_json([{"action": a.id, "label": a.label, "undone": a.undone, "at": a.created_at} for a in actions])
        return 0
    for a in actions:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(a.created_at))
        print(f"{a.id:>6}  {when}  {printable(a.label)}{'  (undone)' if a.undone else ''}")
    if not actions:
        print("no people operations yet")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    for step, text in (("undo", "take back the last people operation"), ("redo", "do the last undone one again")):
        p = sub.add_parser(step, help=text)
        add_library_arguments(p)
        p.set_defaults(func=run_step, step=step)
    p = sub.add_parser("history", help="list the latest people operations (what undo and redo take)")
    add_library_arguments(p)
    p.add_argument("--limit", type=int, default=20, help="how many (default 20)")
    p.set_defaults(func=run_history)
