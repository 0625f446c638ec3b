"""People of a library: unassigned faces clustered into unnamed people, new faces matched to named
people, and (operations.py) the user's operations, all without ever undoing a user decision.
The automatic steps compute with no transaction open and write in short batches (writes.py), so
the user's operations go through while a big library is re-clustered.

What the automatic steps may touch: only faces found by the detector, with a descriptor, in state
``auto``/``suggested`` and not auto-assigned to a *named* person. Confirmed faces, manual faces,
dismissed faces (state ``rejected``), named people and a face's rejections ("not P": the face never
goes back to P) are never changed; hidden people stay hidden.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ...api.matching import FaceMatcher, LabeledFaceDescriptors
from ...geometry import Box
from ..catalog import Catalog, decode_path, json_list
from .assignment import AssignmentParams, Decision, assign_faces
from .clustering import CLUSTERING_VERSION, DEFAULT_K, DEFAULT_THRESHOLD, attach, cluster_descriptors
from .operations import PeopleError, PeopleOps
from .same_photo import at_most_suggested, one_face_per_photo
from .writes import Change, apply_changes, described_faces, drop_empty_people, snapshot

log = logging.getLogger("faceorganizer.library.people")

__all__ = ["FaceEntry", "People", "PeopleError", "PeopleParams", "UpdateResult"]

#: Catalog setting (``Catalog.set_setting``) for the smallest cluster made into a person.
MIN_CLUSTER_SIZE_SETTING = "people.min_cluster_size"
#: Catalog setting: what people were last brought up to date with (clustering parameters, the user's actions).
UPDATED_SETTING = "people.updated"
#: An update re-clusters the whole library when more than this share of its detector faces is new.
FULL_SHARE = 0.5

# The same-photo rule's unit (same_photo.py): a photo, or one shot of a video (whose faces are face tracks, schema
# 1.4: two tracks of one shot are two people, tracks of different shots may be one). Read in place of photo_id below:
# a photo's id, or a negative number unique to (video, shot).
_SCENE = "(CASE WHEN f.shot IS NULL THEN f.photo_id ELSE -1 - f.photo_id * 1048576 - f.shot END)"
# What clustering reads: (id, person_id, state, photo_id, descriptor) of detector faces, auto and of no person or an
# unnamed one, or confirmed as an unnamed person (anchors).
_CLUSTER_SQL = (
    f"SELECT f.id, f.person_id, f.state, {_SCENE}, f.descriptor FROM faces f LEFT JOIN people p ON p.id = f.person_id "
    "WHERE f.descriptor IS NOT NULL AND f.source = 'detector' AND p.name IS NULL AND "
    "(f.state = 'auto' OR (f.state = 'confirmed' AND f.person_id IS NOT NULL)) ORDER BY f.id"
)
# What matching reads: (id, person_id, state, age, quality, person's name, photo_id, descriptor) of the free
# faces.
_MATCH_SQL = (
    f"SELECT f.id, f.person_id, f.state, f.age, f.quality, p.name, {_SCENE}, f.descriptor FROM faces f "
    "LEFT JOIN people p ON p.id = f.person_id WHERE f.descriptor IS NOT NULL AND f.source = 'detector' "
    "AND (f.state = 'suggested' OR (f.state = 'auto' AND p.name IS NULL))"
)
# The named people's faces matching compares with: (id, person_id, state, photo_id, descriptor).
_REFERENCE_SQL = (
    f"SELECT f.id, f.person_id, f.state, {_SCENE}, f.descriptor FROM faces f JOIN people p ON p.id = f.person_id "
    "WHERE p.name IS NOT NULL AND f.descriptor IS NOT NULL AND f.state IN ('confirmed', 'auto') ORDER BY f.id"
)


@dataclass(frozen=True)
class PeopleParams:
    """Clustering and matching settings.

    ``min_cluster_size``: smaller clusters do not become people; their faces stay unassigned
    ("tucked away, not lost") and join a person once more faces like them arrive. ``keep_share``:
    a new cluster keeps the id of an unnamed person when at least this share of the cluster, or of
    that person's earlier faces, is that person's (so ids do not churn from run to run).
    ``confirmed_weight``: when matching, a named person's reference is their confirmed faces, each
    counted this many times, plus their auto-assigned faces once (at most ``max_reference_faces``
    of those): the user's word weighs most, while a person named from one face is matched by all
    the faces clustering gave them. ``min_auto_age``: faces estimated younger are only ever
    suggested (children look alike at the adult threshold); None turns this off.
    """

    threshold: float = DEFAULT_THRESHOLD
    k: int = DEFAULT_K
    min_cluster_size: int = 2
    keep_share: float = 0.5
    assignment: AssignmentParams = field(default_factory=AssignmentParams)
    confirmed_weight: int = 3
    max_reference_faces: int = 200
    min_auto_age: float | None = 13.0


@dataclass
class UpdateResult:
    """What an automatic step changed; ``faces_skipped``: faces it left as they were because the user
    changed them meanwhile; ``transactions`` it wrote in, the longest lasting ``longest_transaction_s``."""

    faces_changed: int = 0
    people_created: int = 0
    people_removed: int = 0
    auto: int = 0
    suggested: int = 0
    faces_skipped: int = 0
    transactions: int = 0
    longest_transaction_s: float = 0.0


@dataclass(frozen=True)
class FaceEntry:
    """A face as listed by ``faceorganizer people``."""

    id: int
    person_id: int | None
    photo: str
    box: Box
    state: str
    time: float | None = None  # a video's face track: the time of its frame (seconds), the box is in that frame


class People(PeopleOps):
    """The people service of one open catalog: ``People(catalog).update()`` after indexing."""

    def __init__(self, catalog: Catalog, params: PeopleParams | None = None) -> None:
        super().__init__(catalog)
        if params is None:
            params = PeopleParams(min_cluster_size=int(catalog.setting(MIN_CLUSTER_SIZE_SETTING, 2)))
        self.params = params

    def update(self) -> UpdateResult:
        """Bring people up to date with what changed since the last update: match the new faces to named people,
        then join the rest to unnamed people or cluster them among themselves and their neighbours
        (:meth:`cluster_new_faces`): work in proportion to the new faces, none when nothing is new.

        A full pass (match every free face, re-cluster the library: :meth:`full_update`) runs instead the first
        time, when the clustering parameters changed, or when most faces are new (a first scan). After the user's
        own actions (a name, a merge...) every free face is matched again, as they may now match someone.
        """
        p = self.params
        state = self.catalog.setting(UPDATED_SETTING)
        pending = self.pending_faces()
        actions = self._actions_key()
        if state is None or state.get("params") != _params_key(p) or len(pending) > FULL_SHARE * self.detector_faces():
            return self.full_update()
        if not pending and state.get("actions") == actions:
            return UpdateResult()
        a = self.assign_new_faces(face_ids=None if state.get("actions") != actions else pending)
        c = self.cluster_new_faces(pending)
        self._updated(pending, actions)
        return _sum(a, c)

    def full_update(self) -> UpdateResult:
        """Match every free face to named people and re-cluster the library (what a user asks for after changing
        the clustering settings; never undoes their decisions)."""
        pending = self.pending_faces()
        actions = self._actions_key()
        result = _sum(self.assign_new_faces(), self.recluster())
        self._updated(pending, actions)
        return result

    def pending_faces(self) -> list[int]:
        """Detector faces stored since the last update (schema 1.3's ``people_pending``)."""
        return [r[0] for r in self.catalog.query("SELECT face_id FROM people_pending ORDER BY face_id")]

    def detector_faces(self) -> int:
        """How many faces the detector found in the library (the faces automatic steps may place)."""
        return int(self.catalog.scalar("SELECT count(*) FROM faces WHERE source = 'detector'") or 0)

    def _actions_key(self) -> list[int]:
        """Changes when the user does or undoes an action: (newest action id, how many are undone)."""
        row = self.catalog.query_one("SELECT coalesce(max(id), 0), coalesce(sum(undone), 0) FROM actions")
        return [int(row[0]), int(row[1])] if row is not None else [0, 0]

    def _updated(self, pending: list[int], actions: list[int]) -> None:
        """Note that people are up to date with ``pending`` faces and the user's ``actions`` (one short write)."""
        with self.catalog.transaction():
            for lo in range(0, len(pending), 50_000):
                self.catalog.execute(
                    "DELETE FROM people_pending WHERE face_id IN (SELECT value FROM json_each(?))",
                    (json_list(pending[lo : lo + 50_000]),),
                )
            self.catalog.set_setting(UPDATED_SETTING, {"params": _params_key(self.params), "actions": actions})

    def cluster_new_faces(self, face_ids: list[int], params: PeopleParams | None = None) -> UpdateResult:
        """Place the free faces among ``face_ids`` (new ones): each joins the unnamed person its nearest faces
        vote for (clustering.attach: the same links and weights as a full clustering), unless that person
        already has a face in its photo or the user said it is not them; the others are clustered among
        themselves and the free faces they are linked to, and clusters of ``min_cluster_size`` become new
        people. Faces already in a person stay where they are."""
        p = params or self.params
        out = UpdateResult()
        wanted = set(face_ids)
        with snapshot(self.catalog):
            rows, vectors = described_faces(self.catalog, _CLUSTER_SQL)
            new = np.array([i for i, r in enumerate(rows) if r[0] in wanted and r[1] is None], dtype=np.int64)
            rejected = self.rejections([rows[i][0] for i in new]) if len(new) else {}
        if not len(new):
            return out
        labels = np.array([-1 if r[1] is None else r[1] for r in rows], dtype=np.int64)
        voted, links = attach(vectors, labels, new, k=p.k, threshold=p.threshold)
        person_photos: dict[int, set[int]] = {}
        for r in rows:
            if r[1] is not None:
                person_photos.setdefault(r[1], set()).add(r[3])
        joining: dict[int, list[int]] = {}  # person -> indices of new faces voting for them
        rest: list[int] = []
        for i, label in zip(new.tolist(), voted.tolist()):
            if label >= 0 and label not in rejected.get(rows[i][0], ()):
                joining.setdefault(label, []).append(i)
            else:
                rest.append(i)
        changes: list[Change] = []
        for pid, members in joining.items():
            mean = vectors[labels == pid].mean(axis=0)
            taken = set(person_photos.get(pid, ()))
            for i in sorted(members, key=lambda i: float(np.linalg.norm(vectors[i] - mean))):
                if rows[i][3] in taken:  # the same-photo rule: a second face of the photo stays free
                    rest.append(i)
                    continue
                taken.add(rows[i][3])
                changes.append(Change(rows[i][0], None, "auto", pid, "auto"))
        changes += self._cluster_leftovers(rows, vectors, labels, sorted(rest), links, new, p)
        stats = apply_changes(self.catalog, changes, target_named=False, next_person_id=self._next_person_id)
        out.faces_changed, out.faces_skipped, out.people_created = stats.applied, stats.skipped, stats.created
        out.transactions, out.longest_transaction_s = stats.transactions, stats.longest_s
        log.info("placed %d new faces: %d joined people, %d in %d new people, %d left (changed meanwhile)",
                 len(new), sum(c.new_person is not None and c.new_person >= 0 for c in changes),
                 sum(c.new_person is not None and c.new_person < 0 for c in changes), out.people_created,
                 out.faces_skipped)  # fmt: skip
        return out

    @staticmethod
    def _cluster_leftovers(
        rows: list[tuple], vectors: np.ndarray, labels: np.ndarray, rest: list[int], links: list[np.ndarray],
        new: np.ndarray, p: PeopleParams,
    ) -> list[Change]:  # fmt: skip
        """New people from the new faces no person took, clustered with the free faces they are linked to."""
        if not rest:
            return []
        at = {int(f): j for j, f in enumerate(new)}
        nodes = sorted(set(rest) | {int(o) for i in rest for o in links[at[i]] if labels[o] < 0})
        local = cluster_descriptors(vectors[nodes], k=p.k, threshold=p.threshold, min_size=p.min_cluster_size)
        clusters: dict[int, list[int]] = {}
        for i, label in zip(nodes, local.tolist()):
            if label >= 0:
                clusters.setdefault(label, []).append(rows[i][0])
        index_of = {rows[i][0]: i for i in nodes}
        one_face_per_photo(clusters, {f: rows[i][3] for f, i in index_of.items()},
                           {f: vectors[i] for f, i in index_of.items()}, set())  # fmt: skip
        return [Change(f, None, "auto", -1 - label, "auto") for label, members in clusters.items()
                if len(members) >= p.min_cluster_size for f in members]  # fmt: skip

    # -- clustering ----------------------------------------------------------------------------

    def recluster(self, params: PeopleParams | None = None) -> UpdateResult:
        """Cluster the free faces (see the module docstring) into unnamed people.

        Confirmed faces of unnamed people take part as anchors: a cluster holding them is that
        person. Each cluster keeps the id of the unnamed person it mostly matches (largest overlaps
        first, one cluster per person); others become new people. Faces in clusters below
        ``min_cluster_size`` and faces rejected from their cluster's person are left unassigned.
        Unnamed, visible people left with no face are deleted; hidden ones are kept.

        The library is read once and clustered with no transaction open; the changes are then
        written in short transactions that skip any face the user changed meanwhile (writes.py),
        so the user's operations never wait long for the write lock, however big the library.
        """
        p = params or self.params
        out = UpdateResult()
        with snapshot(self.catalog):
            rows, vectors = described_faces(self.catalog, _CLUSTER_SQL)
            rejected = self.rejections()
        old = {r[0]: r[1] for r in rows}
        anchors = {r[0] for r in rows if r[2] == "confirmed"}
        labels = cluster_descriptors(vectors, k=p.k, threshold=p.threshold, min_size=p.min_cluster_size)
        clusters: dict[int, list[int]] = {}
        for face_id, label in zip(old, labels.tolist()):
            clusters.setdefault(label, []).append(face_id)
        small = clusters.pop(-1, [])
        photo_of = {r[0]: r[3] for r in rows}
        small += one_face_per_photo(clusters, photo_of, dict(zip(old, vectors)), anchors)
        owner = self._reconcile(clusters, old, p.keep_share)
        new_person: dict[int, int | None] = {f: None for f in small}
        for label, members in clusters.items():
            pid = owner.get(label, -1 - label)  # negative: a new person, created when its first face is written
            new_person.update({f: (None if pid in rejected.get(f, ()) else pid) for f in members})
        changes = [Change(f, old[f], "auto", pid, "auto") for f, pid in new_person.items()
                   if f not in anchors and old[f] != pid]  # fmt: skip
        stats = apply_changes(self.catalog, changes, target_named=False, next_person_id=self._next_person_id)
        out.faces_changed, out.faces_skipped, out.people_created = stats.applied, stats.skipped, stats.created
        out.transactions, out.longest_transaction_s = stats.transactions, stats.longest_s
        out.people_removed = drop_empty_people(self.catalog)
        log.info("re-clustered %d faces: %d moved, %d left (changed meanwhile), %d people created, %d removed; "
                 "%d write transactions, longest %.0f ms", len(old), out.faces_changed, out.faces_skipped,
                 out.people_created, out.people_removed, stats.transactions, stats.longest_s * 1000)  # fmt: skip
        return out

    @staticmethod
    def _reconcile(clusters: dict[int, list[int]], old: dict[int, int | None], keep_share: float) -> dict[int, int]:
        """Cluster label -> the existing unnamed person whose id it keeps."""
        before = Counter(pid for pid in old.values() if pid is not None)
        pairs = []
        for label, members in clusters.items():
            for pid, n in Counter(pid for f in members if (pid := old[f]) is not None).items():
                if n >= keep_share * len(members) or n >= keep_share * before[pid]:
                    pairs.append((-n, label, pid))
        owner: dict[int, int] = {}
        taken: set[int] = set()
        for _, label, pid in sorted(pairs):
            if label not in owner and pid not in taken:
                owner[label] = pid
                taken.add(pid)
        return owner

    # -- matching ------------------------------------------------------------------------------

    def assign_new_faces(self, params: PeopleParams | None = None, face_ids: list[int] | None = None) -> UpdateResult:
        """Match the free faces (those of ``face_ids``, when given) to named people (assignment.assign_faces):
        AUTO assigns (state auto),
        SUGGESTED proposes (state suggested, the person is the suggestion), NONE leaves the face where
        it was (a stale suggestion is withdrawn). Rejections are respected. Read once, computed with no
        transaction open, written in short transactions that skip faces changed meanwhile (writes.py).
        """
        p = params or self.params
        out = UpdateResult()
        with snapshot(self.catalog):
            reference, person_photos = self._references(p)
            if not reference:
                return out
            if face_ids is None:
                face_rows, vectors = described_faces(self.catalog, _MATCH_SQL + " ORDER BY f.id")
            else:
                face_rows, vectors = described_faces(
                    self.catalog,
                    _MATCH_SQL + " AND f.id IN (SELECT value FROM json_each(?)) ORDER BY f.id",
                    (json_list(face_ids),),
                )
            rejected = self.rejections(None if face_ids is None else [r[0] for r in face_rows])
        if not face_rows:
            return out
        allowed = [p.min_auto_age is None or r[3] is None or r[3] >= p.min_auto_age for r in face_rows]
        decisions = assign_faces(
            reference, vectors, params=p.assignment, quality=[r[4] or 0.0 for r in face_rows],
            auto_allowed=allowed, rejected={i: rejected[r[0]] for i, r in enumerate(face_rows) if r[0] in rejected},
            only_decisions=True,
        )  # fmt: skip
        decisions = at_most_suggested(decisions, [r[6] for r in face_rows], person_photos)
        changes: list[Change] = []
        for r, a in zip(face_rows, decisions):
            if a.decision is Decision.NONE:
                if r[2] == "suggested":
                    changes.append(Change(r[0], r[1], r[2], None, "auto"))
                continue
            out.auto += a.decision is Decision.AUTO
            out.suggested += a.decision is Decision.SUGGESTED
            if (r[1], r[2]) != (a.person, a.decision.value):
                changes.append(Change(r[0], r[1], r[2], a.person, a.decision.value))
        stats = apply_changes(self.catalog, changes, target_named=True)
        out.faces_changed, out.faces_skipped = stats.applied, stats.skipped
        out.transactions, out.longest_transaction_s = stats.transactions, stats.longest_s
        log.info("matched %d faces to %d named people: %d auto, %d suggested, %d changed, %d left (changed meanwhile)",
                 len(face_rows), len(reference), out.auto, out.suggested, out.faces_changed,
                 out.faces_skipped)  # fmt: skip
        return out

    def _references(self, p: PeopleParams) -> tuple[dict[int, np.ndarray], dict[int, set[int]]]:
        """Named person id -> reference descriptors (confirmed ones repeated ``confirmed_weight`` times), and
        the photos each named person already has a face in (the same-photo rule)."""
        rows, vectors = described_faces(self.catalog, _REFERENCE_SQL)
        confirmed: dict[int, list[np.ndarray]] = {}
        auto: dict[int, list[np.ndarray]] = {}
        photos: dict[int, set[int]] = {}
        for (_, pid, state, photo), v in zip(rows, vectors):
            photos.setdefault(pid, set()).add(photo)
            (confirmed if state == "confirmed" else auto).setdefault(pid, []).append(v)
        out = {}
        for pid in set(confirmed) | set(auto):
            mine = auto.get(pid, [])
            if len(mine) > p.max_reference_faces:
                mine = [mine[i] for i in np.linspace(0, len(mine) - 1, p.max_reference_faces).astype(int)]
            out[pid] = np.array(confirmed.get(pid, []) * p.confirmed_weight + mine, dtype=np.float32)
        return out, photos

    def face_matcher(self) -> FaceMatcher | None:
        """The library's named people as a FaceMatcher (each labelled with their name, their reference the one
        matching uses: see ``_references``; a face nearer than the suggestion threshold is theirs), or None when
        no named person has a face with a descriptor: the live camera view names faces with it."""
        references, _ = self._references(self.params)
        names = {p.id: p.name for p in self.catalog.people() if p.name}
        labelled = [LabeledFaceDescriptors(names[pid], refs) for pid, refs in sorted(references.items())
                    if pid in names and len(refs)]  # fmt: skip
        if not labelled:
            return None
        return FaceMatcher(labelled, distance_threshold=self.params.assignment.suggest_threshold)

    # -- listing -------------------------------------------------------------------------------

    def faces_by_person(self) -> dict[int | None, list[FaceEntry]]:
        """Every face of the library, grouped by person (``None``: faces of no one), by photo then id."""
        rows = self.catalog.query(
            "SELECT f.id, f.person_id, ph.path, f.x, f.y, f.width, f.height, f.state FROM faces f "
            "JOIN photos ph ON ph.id = f.photo_id ORDER BY f.person_id, ph.id, f.id"
        )
        out: dict[int | None, list[FaceEntry]] = {}
        for r in rows:
            entry = FaceEntry(r[0], r[1], decode_path(r[2]), Box(r[3], r[4], r[5], r[6]), r[7])
            out.setdefault(r[1], []).append(entry)
        return out


def _params_key(p: PeopleParams) -> list[float]:
    """The parameters a clustering depends on, and the clustering's version (a library clustered by the version
    before holds it without one): when they change, the next update re-clusters everything."""
    return [float(p.threshold), float(p.k), float(p.min_cluster_size), float(CLUSTERING_VERSION)]


def _sum(a: UpdateResult, c: UpdateResult) -> UpdateResult:
    """One result of a matching step ``a`` and a clustering step ``c``."""
    return UpdateResult(
        a.faces_changed + c.faces_changed, c.people_created, c.people_removed, a.auto, a.suggested,
        a.faces_skipped + c.faces_skipped, a.transactions + c.transactions,
        max(a.longest_transaction_s, c.longest_transaction_s),
    )  # fmt: skip
