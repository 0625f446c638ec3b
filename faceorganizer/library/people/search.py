"""Search the catalog: photos by combinations of people (all / any / only), unnamed faces, and faces
by expression, age range and gender; paged, ordered by date taken then path.

Rules (the same for every search):

- A person *is in* a photo when one of its faces is assigned to them with state ``auto`` or
  ``confirmed`` (``suggested`` too when ``include_suggested``). A ``rejected`` face never counts:
  its ``person_id`` is who the user said it is *not*.
- ``only``: the photo has every wanted person and no face of another *known* person, i.e. another
  named, not hidden person (hidden = the user chose to ignore them). Unassigned faces, unnamed
  clusters, suggestions and rejected faces do not spoil the photo: "only Amy" means "no one else I
  know", and crowds of strangers are common. ``strict=True`` asks for photos whose every face is
  a counted face of the wanted people.
- Unnamed faces: faces that do not count as a named person's (no person, an unnamed cluster, a mere
  suggestion unless ``include_suggested``, or rejected); faces in hidden people are left out unless
  ``include_hidden``.
- Photos whose file is missing are left out. Order: date taken (undated photos last), then path;
  faces of one photo by id. ``limit``/``offset`` page through the results (``limit=-1``: all), in SQL.
  ``iter_photos`` / ``iter_faces`` stream a page from the cursor (for listings of any size: one row
  in memory at a time); ``find_photos`` / ``find_faces`` return it as a list.

For speed on large libraries a photo search either walks photos in display order testing each
(fast when matches are common) or collects the candidates of the rarest wanted person and sorts
them (fast when matches are rare); :func:`_plan` picks from per-person face counts.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from ..catalog import Face, Photo, SqlConnection, decode_path, json_list
from .browse import stream

EXPRESSIONS = ("neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised")
GENDERS = ("male", "female")
_PHOTO_ORDER = "p.taken_at IS NULL, p.taken_at, p.path"
#: The columns of ``faces`` a result list shows (the others NULL, for Face.from_row).
_FACE_SUMMARY = ("f.id, f.photo_id, f.x, f.y, f.width, f.height, f.score, NULL AS landmarks, NULL AS descriptor, "
                 "NULL AS expressions, f.expression, f.age, f.gender, f.gender_probability, f.quality, f.person_id, "
                 "f.state, f.source, f.created_at")  # fmt: skip
#: (lowest, highest) estimated age, inclusive; ``None`` leaves that end open.
AgeRange = tuple[float | None, float | None]


@dataclass(frozen=True)
class FaceHit:
    """A face found by a face search, with what a result list shows about its photo and person."""

    face: Face
    photo_path: str
    taken_at: str | None
    person_name: str | None


def _states(include_suggested: bool) -> str:
    """The states that count, as the complement in the closed set of states: one index seek per
    (person, photo) instead of one per state."""
    return "('rejected')" if include_suggested else "('rejected', 'suggested')"


def photos_with_all(
    catalog: SqlConnection, person_ids: Iterable[int], *, include_suggested: bool = False,
    limit: int = 100, offset: int = 0,
) -> list[Photo]:  # fmt: skip
    """Photos in which every one of ``person_ids`` is."""
    return find_photos(catalog, all_of=person_ids, include_suggested=include_suggested, limit=limit, offset=offset)


def photos_with_any(
    catalog: SqlConnection, person_ids: Iterable[int], *, include_suggested: bool = False,
    limit: int = 100, offset: int = 0,
) -> list[Photo]:  # fmt: skip
    """Photos in which at least one of ``person_ids`` is."""
    return find_photos(catalog, any_of=person_ids, include_suggested=include_suggested, limit=limit, offset=offset)


def photos_with_only(
    catalog: SqlConnection, person_ids: Iterable[int], *, strict: bool = False, include_suggested: bool = False,
    limit: int = 100, offset: int = 0,
) -> list[Photo]:  # fmt: skip
    """Photos with every one of ``person_ids`` and no other known person (see the module rules)."""
    return find_photos(catalog, all_of=person_ids, only=True, strict=strict, include_suggested=include_suggested,
                       limit=limit, offset=offset)  # fmt: skip


def find_photos(
    catalog: SqlConnection, *, all_of: Iterable[int] = (), any_of: Iterable[int] = (), only: bool = False,
    strict: bool = False, include_suggested: bool = False, limit: int = 100, offset: int = 0,
) -> list[Photo]:  # fmt: skip
    """Photos with every person of ``all_of`` and (when given) at least one of ``any_of``; with
    ``only``, no known person outside both sets either."""
    return list(iter_photos(catalog, all_of=all_of, any_of=any_of, only=only, strict=strict,
                            include_suggested=include_suggested, limit=limit, offset=offset))  # fmt: skip


def iter_photos(
    catalog: SqlConnection, *, all_of: Iterable[int] = (), any_of: Iterable[int] = (), only: bool = False,
    strict: bool = False, include_suggested: bool = False, limit: int = 100, offset: int = 0,
) -> Iterator[Photo]:  # fmt: skip
    """:func:`find_photos` streamed from the cursor (the arguments are checked at once, not when iterated)."""
    all_ids, any_ids = sorted({int(i) for i in all_of}), sorted({int(i) for i in any_of})
    if not all_ids and not any_ids:
        raise ValueError("a photo search needs at least one person")
    states = _states(include_suggested)
    counts = _face_counts(catalog, [*all_ids, *any_ids])
    conds: list[str] = []
    params: list[int | str] = []
    for pid in sorted(all_ids, key=lambda i: counts.get(i, 0)):  # the rarest first: most photos fail at once
        conds.append(
            f"EXISTS (SELECT 1 FROM faces f WHERE f.person_id = ? AND f.photo_id = p.id AND f.state NOT IN {states})"
        )
        params.append(pid)
    if any_ids:
        conds.append("EXISTS (SELECT 1 FROM faces f WHERE f.person_id IN (SELECT value FROM json_each(?)) "
                     f"AND f.photo_id = p.id AND f.state NOT IN {states})")  # fmt: skip
        params.append(json_list(any_ids))
    if only:
        wanted = json_list(sorted({*all_ids, *any_ids}))
        if strict:
            other = f"NOT (f.state NOT IN {states} AND coalesce(f.person_id IN (SELECT value FROM json_each(?)), 0))"
        else:
            known = "SELECT 1 FROM people pe WHERE pe.id = f.person_id AND pe.name IS NOT NULL AND pe.hidden = 0"
            other = (
                f"f.state NOT IN {states} AND f.person_id NOT IN (SELECT value FROM json_each(?)) AND EXISTS ({known})"
            )
        conds.append(f"NOT EXISTS (SELECT 1 FROM faces f WHERE f.photo_id = p.id AND {other})")
        params.append(wanted)
    where = " AND ".join(["p.status != 'missing'", *conds])
    total = int(catalog.scalar("SELECT max(id) FROM photos") or 0)
    if _plan(counts, all_ids, any_ids, total, limit, offset) == "scan":
        sql = f"SELECT p.* FROM photos p INDEXED BY photos_order WHERE {where} ORDER BY {_PHOTO_ORDER} LIMIT ? OFFSET ?"
        rows = stream(catalog, sql, [*params, limit, offset])
    else:
        source_params: list[int | str]
        if all_ids:
            driver = min(all_ids, key=lambda i: counts.get(i, 0))
            source, source_params = "person_id = ?", [driver]
        else:
            source, source_params = "person_id IN (SELECT value FROM json_each(?))", [json_list(any_ids)]
        sql = (
            "WITH cand(id) AS MATERIALIZED "
            f"(SELECT DISTINCT photo_id FROM faces WHERE {source} AND state NOT IN {states}) "
            f"SELECT p.* FROM cand JOIN photos p ON p.id = cand.id WHERE {where} "
            f"ORDER BY {_PHOTO_ORDER} LIMIT ? OFFSET ?"
        )
        rows = stream(catalog, sql, [*source_params, *params, limit, offset])
    return (Photo.from_row(r) for r in rows)


def _face_counts(catalog: SqlConnection, person_ids: Sequence[int]) -> dict[int, int]:
    """Faces of each person (the stored ``people.face_count``, all states: precise enough to plan)."""
    rows = catalog.query("SELECT id, face_count FROM people WHERE id IN (SELECT value FROM json_each(?))",
                         (json_list(person_ids),))  # fmt: skip
    return {r[0]: int(r[1]) for r in rows}


def _plan(counts: dict[int, int], all_ids: list[int], any_ids: list[int], photos: int, limit: int,
          offset: int) -> str:  # fmt: skip
    """``scan`` (walk photos in order, test each) or ``collect`` (candidates of the rarest person, sorted).

    Estimates, assuming people appear independently: matches = photos x product of each person's
    share (``all``), times the share of the ``any`` group; a scan tests about page_end x photos /
    matches photos, a collection looks at the rarest person's faces and sorts the matches.
    """
    if photos == 0 or limit < 0:
        return "collect"
    share = 1.0
    for pid in all_ids:
        share *= min(1.0, counts.get(pid, 0) / photos)
    if any_ids:
        share *= min(1.0, sum(counts.get(pid, 0) for pid in any_ids) / photos)
    matches = share * photos
    scan_cost = photos if matches < 1 else min(photos, (offset + limit) * photos / matches)
    collect_size = min(counts.get(pid, 0) for pid in all_ids) if all_ids else sum(counts.get(p, 0) for p in any_ids)
    collect_cost = collect_size * max(1, len(all_ids)) + matches * 2
    return "scan" if scan_cost * max(1, len(all_ids)) < collect_cost else "collect"


def unnamed_faces(
    catalog: SqlConnection, *, include_suggested: bool = False, include_hidden: bool = False,
    limit: int = 100, offset: int = 0,
) -> list[FaceHit]:  # fmt: skip
    """Faces not (yet) anybody's with a name: the ones a user goes through to name people."""
    return find_faces(catalog, unnamed=True, include_suggested=include_suggested, include_hidden=include_hidden,
                      limit=limit, offset=offset)  # fmt: skip


def faces_by(
    catalog: SqlConnection, *, expression: str | None = None, age_range: AgeRange | None = None,
    gender: str | None = None, limit: int = 100, offset: int = 0,
) -> list[FaceHit]:  # fmt: skip
    """Faces whose most probable expression is ``expression``, estimated age within ``age_range``
    (inclusive; ``None`` for an open end) and estimated gender is ``gender``; all given must hold."""
    return find_faces(catalog, expression=expression, age_range=age_range, gender=gender, limit=limit, offset=offset)


def find_faces(
    catalog: SqlConnection, *, unnamed: bool = False, expression: str | None = None,
    age_range: AgeRange | None = None, gender: str | None = None,
    include_suggested: bool = False, include_hidden: bool = False, limit: int = 100, offset: int = 0,
) -> list[FaceHit]:  # fmt: skip
    """Faces matching every criterion given (see :func:`unnamed_faces` and :func:`faces_by`)."""
    return list(iter_faces(catalog, unnamed=unnamed, expression=expression, age_range=age_range, gender=gender,
                           include_suggested=include_suggested, include_hidden=include_hidden, limit=limit,
                           offset=offset))  # fmt: skip


def iter_faces(
    catalog: SqlConnection, *, unnamed: bool = False, expression: str | None = None,
    age_range: AgeRange | None = None, gender: str | None = None,
    include_suggested: bool = False, include_hidden: bool = False, limit: int = 100, offset: int = 0,
    details: bool = True,
) -> Iterator[FaceHit]:  # fmt: skip
    """:func:`find_faces` streamed from the cursor (the arguments are checked at once, not when iterated).

    ``details=False`` leaves out what a result list does not show (``landmarks``, ``descriptor`` and
    ``expressions`` are None; ``expression`` stays): half the time of a listing goes into decoding them.
    """
    conds = ["p.status != 'missing'"]
    params: list[str | float] = []
    if expression is not None:
        if expression not in EXPRESSIONS:
            raise ValueError(f"expression must be one of {', '.join(EXPRESSIONS)}, got {expression!r}")
        conds.append("f.expression = ?")
        params.append(expression)
    if gender is not None:
        if gender not in GENDERS:
            raise ValueError(f"gender must be male or female, got {gender!r}")
        conds.append("f.gender = ?")
        params.append(gender)
    if age_range is not None:
        low, high = age_range
        if low is not None and high is not None and low > high:
            raise ValueError(f"age range {low}-{high} is empty")
        if low is not None:
            conds.append("f.age >= ?")
            params.append(float(low))
        if high is not None:
            conds.append("f.age <= ?")
            params.append(float(high))
    # pe: the face's person when the face counts as theirs.
    join = f"LEFT JOIN people pe ON pe.id = f.person_id AND f.state NOT IN {_states(include_suggested)}"
    if unnamed:
        conds.append("(pe.id IS NULL OR pe.name IS NULL)" if include_hidden else
                     "(pe.id IS NULL OR (pe.name IS NULL AND pe.hidden = 0))")  # fmt: skip
    sql = (
        f"SELECT {'f.*' if details else _FACE_SUMMARY}, p.path AS photo_path, p.taken_at AS photo_taken_at, "
        "pe.name AS person_name "
        f"FROM photos p INDEXED BY photos_order JOIN faces f ON f.photo_id = p.id {join} "
        f"WHERE {' AND '.join(conds)} ORDER BY {_PHOTO_ORDER}, f.id LIMIT ? OFFSET ?"
    )
    return (_face_hit(row) for row in stream(catalog, sql, [*params, limit, offset]))


def _face_hit(row: sqlite3.Row) -> FaceHit:
    d = dict(row)
    extra = (d.pop("photo_path"), d.pop("photo_taken_at"), d.pop("person_name"))
    return FaceHit(Face.from_row(d), decode_path(extra[0]), extra[1], extra[2])


def people_in_photos(
    catalog: SqlConnection, photo_ids: Iterable[int], *, include_suggested: bool = False
) -> dict[int, list[tuple[int, str | None]]]:  # fmt: skip
    """For result lists: photo id -> the (id, name) of each person in it, by id."""
    ids = sorted({int(i) for i in photo_ids})
    out: dict[int, list[tuple[int, str | None]]] = {i: [] for i in ids}
    rows = catalog.query(
        f"SELECT DISTINCT f.photo_id, pe.id, pe.name FROM faces f JOIN people pe ON pe.id = f.person_id "
        f"WHERE f.photo_id IN (SELECT value FROM json_each(?)) AND f.state NOT IN {_states(include_suggested)} "
        f"ORDER BY f.photo_id, pe.id",
        (json_list(ids),),
    )
    for r in rows:
        out[r[0]].append((r[1], r[2]))
    return out


class UnknownPersonError(LookupError):
    """A person named on the command line (or in a search box) matches nobody, or several people."""


def resolve_person(catalog: SqlConnection, token: str) -> int:
    """The id of the person ``token`` means: an integer is a person id (unless no such person exists
    and someone is named so), anything else a name, matched case-insensitively (Unicode casefold)."""
    text = token.strip()
    if text.lstrip("-").isdigit() and catalog.scalar("SELECT 1 FROM people WHERE id = ?", (int(text),)):
        return int(text)
    key = text.casefold()
    found = [r[0] for r in catalog.query("SELECT id, name FROM people WHERE name IS NOT NULL ORDER BY id")
             if r[1].strip().casefold() == key]  # fmt: skip
    if not found:
        what = "id or name" if text.lstrip("-").isdigit() else "name"
        raise UnknownPersonError(f"no person with the {what} {token!r} (see `faceorganizer people`)")
    if len(found) > 1:
        raise UnknownPersonError(
            f"{len(found)} people are named {token!r} (ids {', '.join(map(str, found))}): give an id, or merge them"
        )
    return found[0]
