"""Undo and redo of the user's people operations, stored in the library (so they survive a restart and work
from the CLI and the app alike).

Each user action (name, merge, split, move, reject, confirm, hide, cover, manual face...) runs inside
:func:`recording`: temporary triggers on this connection log every row of ``faces``, ``people`` and
``decisions`` it inserts, updates or deletes (foreign-key cascades included), and the log is stored with the
action in the ``actions`` table, in the same transaction. Undo puts those rows back as they were; redo puts
them as the action left them. A row changed since by something else (a later action, a re-clustering) is a
conflict: the undo is refused, naming it, rather than overwrite later work. Scans write on other
connections, whose writes are never logged.
"""

from __future__ import annotations

import json
import sqlite3
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..catalog import Catalog

#: The tables a people operation changes, and the columns never restored (kept in step by triggers).
TRACKED = ("faces", "people", "decisions")
DERIVED = {"people": {"face_count"}}


#: Catalogs inside :func:`recording` now.
_recording: weakref.WeakSet[Catalog] = weakref.WeakSet()


class UndoError(Exception):
    """Nothing to undo or redo, or the action's rows were changed since (a conflict)."""


@dataclass(frozen=True)
class Action:
    """One user action as stored: its label ("Name Ann"), whether it is undone, when it was done."""

    id: int
    label: str
    undone: bool
    created_at: float


def _columns(catalog: Catalog, table: str) -> list[str]:
    return [r["name"] for r in catalog.query(f"PRAGMA table_info({table})")]


def _json_row(prefix: str, columns: list[str]) -> str:
    """SQL making a JSON object of the ``prefix`` (OLD / NEW) row, each value as its exact SQL literal
    (``quote()``: JSON's own numbers keep only 15 digits, and it has no BLOBs)."""
    return "json_object(" + ", ".join(f"'{c}', quote({prefix}.{c})" for c in columns) + ")"


def _literal(text: str) -> Any:
    """The value of an SQL literal made by ``quote()``: NULL, a number, 'text' or X'blob'."""
    if text == "NULL":
        return None
    if text.startswith("'"):
        return text[1:-1].replace("''", "'")
    if text[:2] in ("X'", "x'"):
        return bytes.fromhex(text[2:-1])
    try:
        return int(text)
    except ValueError:
        return float(text)


def _install_triggers(catalog: Catalog) -> None:
    catalog.execute(
        "CREATE TEMP TABLE IF NOT EXISTS action_log (seq INTEGER PRIMARY KEY, tbl TEXT, old TEXT, new TEXT)"
    )
    catalog.execute("DELETE FROM temp.action_log")
    for table in TRACKED:
        cols = _columns(catalog, table)
        old, new = _json_row("OLD", cols), _json_row("NEW", cols)
        for event, values in (("INSERT", f"NULL, {new}"), ("UPDATE", f"{old}, {new}"), ("DELETE", f"{old}, NULL")):
            catalog.execute(
                f"CREATE TEMP TRIGGER IF NOT EXISTS log_{table}_{event.lower()} AFTER {event} ON main.{table} "
                f"BEGIN INSERT INTO action_log (tbl, old, new) VALUES ('{table}', {values}); END"
            )


def _drop_triggers(catalog: Catalog) -> None:
    for table in TRACKED:
        for event in ("insert", "update", "delete"):
            catalog.execute(f"DROP TRIGGER IF EXISTS temp.log_{table}_{event}")


@contextmanager
def recording(catalog: Catalog, label: str) -> Iterator[None]:
    """Run one user action, in one transaction, and store it as an undoable action labelled ``label``.

    Nested calls belong to the outermost action (a merge inside a "name" is one action)."""
    if catalog in _recording:
        yield
        return
    with catalog.transaction():
        _recording.add(catalog)
        _install_triggers(catalog)
        try:
            yield
            rows = catalog.query("SELECT tbl, old, new FROM temp.action_log ORDER BY seq")
        finally:
            _drop_triggers(catalog)
            _recording.discard(catalog)
        changes = [[r["tbl"], _load(r["old"]), _load(r["new"])] for r in rows]
        changes = [c for c in changes if c[1] != c[2]]
        if changes:
            catalog.execute("DELETE FROM actions WHERE undone = 1")  # a new action ends the redo list
            catalog.execute(
                "INSERT INTO actions (label, changes, undone, created_at) VALUES (?, ?, 0, ?)",
                (label, json.dumps(changes), time.time()),
            )


def _load(text: str | None) -> dict[str, str] | None:
    return None if text is None else json.loads(text)


def history(catalog: Catalog, limit: int = 20) -> list[Action]:
    """The latest actions, newest first (undone ones included, marked)."""
    rows = catalog.query("SELECT id, label, undone, created_at FROM actions ORDER BY id DESC LIMIT ?", (limit,))
    return [Action(r["id"], r["label"], bool(r["undone"]), r["created_at"]) for r in rows]


def undo(catalog: Catalog) -> Action:
    """Undo the latest action that is not undone; returns it. Raises UndoError (nothing to undo, conflict)."""
    return _step(catalog, backwards=True)


def redo(catalog: Catalog) -> Action:
    """Redo the action undone last; returns it. Raises UndoError (nothing to redo, conflict)."""
    return _step(catalog, backwards=False)


def _step(catalog: Catalog, *, backwards: bool) -> Action:
    """Undo (``backwards``) the newest done action, or redo the oldest undone one (the last one undone)."""
    query = "WHERE undone = 0 ORDER BY id DESC" if backwards else "WHERE undone = 1 ORDER BY id ASC"
    with catalog.transaction():
        row = catalog.query_one(f"SELECT * FROM actions {query} LIMIT 1")
        if row is None:
            raise UndoError(f"nothing to {'undo' if backwards else 'redo'}")
        _apply(catalog, json.loads(row["changes"]), backwards=backwards, label=row["label"])
        catalog.execute("UPDATE actions SET undone = ? WHERE id = ?", (int(backwards), row["id"]))
    return Action(row["id"], row["label"], backwards, row["created_at"])


def _apply(catalog: Catalog, changes: list, *, backwards: bool, label: str) -> None:
    """Put every logged row back (``backwards``) or forwards; first check each is as the action left it."""
    steps = reversed(changes) if backwards else iter(changes)
    catalog.execute("PRAGMA defer_foreign_keys = ON")  # rows come back in any order within the transaction
    for table, old, new in steps:
        want, put = (new, old) if backwards else (old, new)
        want_row = None if want is None else {c: _literal(v) for c, v in want.items()}
        put_row = None if put is None else {c: _literal(v) for c, v in put.items()}
        key = (want_row or put_row or {}).get("id")
        derived = DERIVED.get(table, set())
        current = catalog.query_one(f"SELECT * FROM {table} WHERE id = ?", (key,))
        if not _matches(current, want_row, put_row, derived):
            what = {"faces": "face", "people": "person", "decisions": "decision"}[table]
            raise UndoError(f"cannot {'undo' if backwards else 'redo'} “{label}”: {what} {key} was changed since")
        if put_row is None:
            catalog.execute(f"DELETE FROM {table} WHERE id = ?", (key,))
        elif current is None:
            values = {c: v for c, v in put_row.items() if c not in derived}
            catalog.execute(
                f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                list(values.values()),
            )
        else:  # only what the action changed: the rest may have been changed since, legitimately
            assert want_row is not None
            changed = {c: v for c, v in put_row.items() if c not in derived and want_row.get(c) != v}
            if changed:
                sets = ", ".join(f"{c} = ?" for c in changed)
                catalog.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*changed.values(), key])


def _matches(current: sqlite3.Row | None, want: dict[str, Any] | None, put: dict[str, Any] | None,
             derived: set[str]) -> bool:  # fmt: skip
    """Whether the row is as the action left it: present or absent as ``want`` says, and holding ``want``'s
    values in the columns the action changed (the others may have changed since: a scan's quality, say)."""
    if want is None or current is None:
        return want is None and current is None
    keys = current.keys()
    changed = [c for c, v in want.items() if c not in derived and (put is None or put.get(c) != v)]
    return all(c in keys and current[c] == want[c] for c in changed)
