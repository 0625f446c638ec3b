"""The review queue: the questions the app's Review mode asks, one at a time, so naming a library is a run of
single keys (Y / N / S / a name) rather than a hunt through grids.

In order:

1. suggestions: a face matched to a named person below the auto-assign confidence, "Is this Ann?", grouped by
   person (the people with most suggestions first) so the same question repeats;
2. unnamed people (shown, with at least two faces worth telling apart), biggest first, each as a strip of its
   faces; with a guess ("Is this Ann?") when the person's faces are, on average, nearer a named person than
   the suggestion threshold, else "Who is this?";
3. the stranger bucket: faces seen once (of no person, or the only face of an unnamed person) and faces too
   small or too uncertain to tell (:class:`ReviewParams`) that no one confirmed nor gave a name, as one strip
   tucked away with one key (``PeopleOps.set_aside``: never suggested again).

Hidden people and dismissed faces are never asked about. The queue is a snapshot: the app walks it without
re-reading, so answers never re-sort what is under the user's eyes.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from ...geometry import Box
from ..catalog import Catalog, decode_path, json_list
from .assignment import AssignmentParams, person_distances
from .writes import described_faces

Kind = Literal["suggestion", "person", "strangers"]


@dataclass(frozen=True)
class ReviewParams:
    """What the queue holds. A face is *poor* (tiny or blurry: its descriptor says little) when the short side
    of its box is under ``min_size`` displayed pixels, or its detection score under ``min_score`` (the
    detectors' blurred, turned or half-hidden faces score low). ``strip`` faces show per person, ``strangers``
    faces in the bucket; ``suggestions`` and ``people`` bound one load (the app loads again when done)."""

    min_size: float = 40.0
    min_score: float = 0.6
    strip: int = 12
    suggestions: int = 500
    people: int = 200
    strangers: int = 200
    guess: AssignmentParams = field(default_factory=AssignmentParams)
    reference_faces: int = 50  # per named person, for guesses


@dataclass(frozen=True)
class ReviewFace:
    """A face to show: its id, its photo's path and box (displayed pixels)."""

    face_id: int
    photo_path: str
    box: Box


@dataclass(frozen=True)
class Question:
    """One question. ``suggestion``: is ``faces[0]`` the named person ``guess_id``? ``person``: who is the unnamed
    ``person_id`` (``face_count`` faces, the first ``strip`` in ``faces``), perhaps ``guess_id``? ``strangers``:
    tuck these faces away? ``key`` tells questions apart across loads (for skipping)."""

    kind: Kind
    faces: tuple[ReviewFace, ...]
    person_id: int | None = None
    guess_id: int | None = None
    guess_name: str | None = None
    face_count: int = 1

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.faces[0].face_id if self.kind == "suggestion" else self.person_id or 0)


def _good(params: ReviewParams, alias: str = "f") -> str:
    return f"(min({alias}.width, {alias}.height) >= {float(params.min_size)} AND coalesce({alias}.score, 1) >= " \
           f"{float(params.min_score)})"  # fmt: skip


def _face(r: Sequence[Any]) -> ReviewFace:
    """A ReviewFace from a row starting with ``_FACE_COLUMNS``."""
    return ReviewFace(int(r[0]), decode_path(r[1]), Box(float(r[2]), float(r[3]), float(r[4]), float(r[5])))


_FACE_COLUMNS = "f.id, ph.path, f.x, f.y, f.width, f.height"


def suggestions(catalog: Catalog, params: ReviewParams, skip: Collection[int] = ()) -> list[Question]:
    """Faces suggested as a named, shown person (good faces only), grouped by person: most suggestions first."""
    rows = catalog.query(
        f"SELECT {_FACE_COLUMNS}, p.id, p.name FROM faces f JOIN people p ON p.id = f.person_id "
        "JOIN photos ph ON ph.id = f.photo_id "
        f"WHERE f.state = 'suggested' AND p.name IS NOT NULL AND p.hidden = 0 AND {_good(params)} "
        "ORDER BY (SELECT count(*) FROM faces g WHERE g.person_id = p.id AND g.state = 'suggested') DESC, p.id, f.id "
        "LIMIT ?",
        (params.suggestions + len(skip),),
    )
    out = [Question("suggestion", (_face(r),), guess_id=r[6], guess_name=r[7]) for r in rows if r[0] not in skip]
    return out[: params.suggestions]


def unnamed_people(catalog: Catalog, params: ReviewParams, skip: Collection[int] = ()) -> list[Question]:
    """Shown unnamed people with two or more good faces, biggest first, each with a strip of its faces (best
    first) and a guess among the named people when one is near enough."""
    people = catalog.query(
        "SELECT p.id, count(*) AS good FROM people p JOIN faces f ON f.person_id = p.id "
        f"WHERE p.name IS NULL AND p.hidden = 0 AND f.state != 'rejected' AND {_good(params)} "
        "GROUP BY p.id HAVING good >= 2 ORDER BY good DESC, p.id LIMIT ?",
        (params.people + len(skip),),
    )
    chosen = [(int(r[0]), int(r[1])) for r in people if r[0] not in skip][: params.people]
    out = []
    for pid, count in chosen:
        rows = catalog.query(
            f"SELECT {_FACE_COLUMNS} FROM faces f JOIN photos ph ON ph.id = f.photo_id "
            f"WHERE f.person_id = ? AND f.state != 'rejected' AND {_good(params)} "
            "ORDER BY f.state = 'confirmed' DESC, f.quality DESC, f.id LIMIT ?",
            (pid, params.strip),
        )
        _, vectors = described_faces(
            catalog, f"SELECT f.id, f.descriptor FROM faces f WHERE f.person_id = ? AND f.state != 'rejected' "
            f"AND {_good(params)} LIMIT ?", (pid, params.reference_faces),
        )  # fmt: skip
        out.append((pid, count, tuple(_face(r) for r in rows), vectors))
    guesses = _guesses(catalog, params, {pid: v for pid, _, _, v in out})
    questions = []
    for pid, count, faces, _ in out:
        guess_id, guess_name = guesses.get(pid, (None, None))
        questions.append(Question("person", faces, pid, guess_id, guess_name, count))
    return questions


def _guesses(catalog: Catalog, params: ReviewParams, people: dict[int, np.ndarray]) -> dict[int, tuple[int, str]]:
    """Unnamed person -> (named person, name) whose faces are nearest the person's mean descriptor, when nearer
    than the suggestion threshold and not a person any of their faces was said not to be."""
    wanted = {pid: v.mean(axis=0) for pid, v in people.items() if len(v)}
    if not wanted:
        return {}
    rows, vectors = described_faces(
        catalog,
        "SELECT person_id, name, descriptor FROM (SELECT f.person_id, p.name, f.descriptor, row_number() OVER "
        "(PARTITION BY f.person_id ORDER BY f.state = 'confirmed' DESC, f.id) AS n FROM faces f "
        "JOIN people p ON p.id = f.person_id WHERE p.name IS NOT NULL AND p.hidden = 0 AND f.descriptor IS NOT NULL "
        "AND f.state IN ('confirmed', 'auto')) WHERE n <= ?",
        (params.reference_faces,),
    )
    named: dict[int, list[np.ndarray]] = {}
    names: dict[int, str] = {}
    for (pid, name), vector in zip(rows, vectors):
        named.setdefault(pid, []).append(vector)
        names[pid] = name
    if not named:
        return {}
    ids = list(named)
    order = list(wanted)
    dist = person_distances(np.stack([wanted[p] for p in order]), [np.stack(named[i]) for i in ids])
    refused: dict[int, set[int]] = {}
    for person, other in catalog.query(
        "SELECT f.person_id, d.person_id FROM decisions d JOIN faces f ON f.id = d.face_id "
        "WHERE d.kind = 'reject' AND d.person_id IS NOT NULL AND f.person_id IN (SELECT value FROM json_each(?))",
        (json_list(order),),
    ):
        refused.setdefault(person, set()).add(other)
    out = {}
    for i, pid in enumerate(order):
        row = dist[i].copy()
        for j, other in enumerate(ids):
            if other in refused.get(pid, ()):
                row[j] = np.inf
        j = int(np.argmin(row))
        if np.isfinite(row[j]) and row[j] < params.guess.suggest_threshold:
            out[pid] = (ids[j], names[ids[j]])
    return out


def strangers(catalog: Catalog, params: ReviewParams) -> Question | None:
    """The stranger bucket (see the module docstring) as one question, or None when it is empty."""
    rows = catalog.query(
        f"SELECT {_FACE_COLUMNS} FROM faces f JOIN photos ph ON ph.id = f.photo_id "
        "LEFT JOIN people p ON p.id = f.person_id "
        "WHERE f.state IN ('auto', 'suggested') AND coalesce(p.hidden, 0) = 0 AND p.name IS NULL "
        f"AND (f.person_id IS NULL OR p.face_count = 1 OR NOT {_good(params)}) "
        "ORDER BY f.id LIMIT ?",
        (params.strangers,),
    )
    if not rows:
        return None
    faces = tuple(_face(r) for r in rows)
    return Question("strangers", faces, face_count=len(faces))


def review_queue(
    catalog: Catalog, params: ReviewParams | None = None, skip: Collection[tuple[str, int]] = ()
) -> list[Question]:
    """Every question of the queue in order (see the module docstring), without those in ``skip`` (keys of
    questions skipped earlier)."""
    params = params or ReviewParams()
    skipped_faces = {k for kind, k in skip if kind == "suggestion"}
    skipped_people = {k for kind, k in skip if kind == "person"}
    out = suggestions(catalog, params, skipped_faces) + unnamed_people(catalog, params, skipped_people)
    bucket = strangers(catalog, params)
    if bucket is not None and ("strangers", 0) not in skip:
        out.append(bucket)
    return out
