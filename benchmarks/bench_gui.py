"""Desktop app benchmarks: UI stalls during a scan and opening a large library (issue 5), and the UI time of
naming people from the keyboard and of answering review questions on a 100k-face library (issue 12).

usage: python benchmarks/bench_gui.py [--photos 40] [--faces 300000] [--library-photos 100000] [--people 5000]
                                      [--naming-faces 100000] [--naming-photos 30000] [--naming-people 1000]
                                      [--names 20] [--answers 100] [--profile]
                                      [--skip-stall] [--skip-large] [--skip-naming] [--dir DIR]

(a) stall: generates ``--photos`` photos like bench_index.py (half 12 MP, half 2 MP), opens the main
    window offscreen on a fresh library, adds the folder and, while the BackgroundScan runs (models
    loaded inside the scan, as for a user), a 10 ms QTimer records when it fires; the worst gap
    between ticks is the longest the UI thread was blocked. Target: < 100 ms (issue: 200 photos).
(b) large: a synthetic catalog (bench_catalog.build: ``--library-photos`` photos, ``--faces`` faces,
    ``--people`` people, random descriptors; the photo files do not exist, so crops fail fast to the
    placeholder) and the time from creating the main window to the People view populated. Target
    < 2 s. Then counts the face crops requested: only rows the grid paints may ask for one, before
    and after scrolling to the middle.
(c) naming and review, on a bench_catalog library of ``--naming-faces`` faces (its 200 biggest people named,
    the rest unnamed, 4% of the faces suggested), driven with real key events (QTest) on the offscreen window:
    - keyboard naming: from the first unnamed person of the People grid, ``--names`` people in a row: F2, the
      name typed one key at a time, Enter; the app moves on to the next unnamed person by itself. Each key is
      sent once the app is idle again (the write, the reloads and the covers done: a user's pace).
      Goal: < 100 ms of UI time per name (F2 + typing + Enter + every UI-thread callback that follows).
    - review: Ctrl+R, then ``--answers`` answers, Y and N alternately, each once the app is idle again.
      Goal: < 50 ms of UI time per answer (the key + every UI-thread callback that follows, until idle).
    "UI time" is ``time.thread_time()`` of the UI thread (busy, not waiting; the worker threads' CPU is left
    out on purpose: the UI must not do the work), median and worst per name / answer. It includes the
    harness's own timers (printed: UI ms per idle second). Also printed: the latency from the key (Enter, or
    Y / N) to the next person / question painted, and the worst UI stall (gap between the ticks of a 5 ms
    timer), which also counts the time the UI thread waits for the GIL or a core. ``--profile``: cProfile
    of the UI thread during the measured steps (top functions by cumulative time).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from math import nan
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QRect, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QWidget  # noqa: E402

from faceorganizer.gui.app import application, build_window, wait_until  # noqa: E402


def _private_settings(folder: Path) -> None:
    """Never read or write the user's settings (window geometry is saved on close)."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


def bench_stall(folder: Path, photos: int) -> dict:
    from bench_index import generate

    generate(folder / "photos", photos)
    for suffix in ("", "-wal", "-shm"):  # a fresh library: every photo is indexed
        Path(f"{folder / 'stall.sqlite'}{suffix}").unlink(missing_ok=True)
    window = build_window(folder / "stall.sqlite")
    window.resize(1280, 800)
    window.show()
    wait_until(lambda: window.refreshed)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    done: list = []
    window.scans.finished.connect(lambda s, e: done.append((s, e)))
    timer.start(10)
    t0 = time.perf_counter()
    window.add_folder(str(folder / "photos"))
    if not wait_until(lambda: bool(done), timeout_ms=3_600_000):
        raise RuntimeError("the scan did not finish")
    elapsed = time.perf_counter() - t0
    timer.stop()
    summary, error = done[0]
    if error is not None:
        raise error
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    worst = max(gaps) * 1000 if gaps else float("nan")
    slow = sum(g > 0.1 for g in gaps)
    window.close()
    return {"photos": summary.indexed, "faces": summary.faces, "scan_s": elapsed, "ticks": len(ticks),
            "worst_stall_ms": worst, "gaps_over_100ms": slow}  # fmt: skip


def _visible_rows(view) -> int:
    """Rows of the grid whose cell intersects its viewport."""
    grid = view.grid
    port: QRect = grid.viewport().rect()
    return sum(1 for r in range(view.proxy.rowCount()) if grid.visualRect(view.proxy.index(r, 0)).intersects(port))


def bench_large(folder: Path, n_photos: int, n_faces: int, n_people: int) -> dict:
    from bench_catalog import build

    path = folder / "large.sqlite"
    build_s = build(path, n_faces, n_photos, n_people)
    t0 = time.perf_counter()
    window = build_window(path)
    window.resize(1280, 800)
    model, view = window.people_model, window.people_view
    requested: list[int] = []
    cache_put = model.cache.put

    def put(fid: int, img: QImage) -> None:  # every crop made
        requested.append(fid)
        cache_put(fid, img)

    model.cache.put = put  # type: ignore[method-assign,assignment]
    loaded: list[float] = []
    window.people_model.loaded.connect(lambda: loaded.append(time.perf_counter()))
    window.show()
    if not wait_until(lambda: bool(loaded) and window.refreshed, timeout_ms=120_000):
        raise RuntimeError("the People view did not load")
    window.nav.setCurrentRow(0)
    window.show_page(0)
    QCoreApplication.processEvents()
    shown = time.perf_counter() - t0
    window.grab()  # paint once: the grid asks for the crops it shows
    wait_until(lambda: not model.pending, timeout_ms=30_000)
    first = len(set(requested)) + len(model._pending)
    visible_top = _visible_rows(view)
    bar = view.grid.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    window.grab()
    wait_until(lambda: not model.pending, timeout_ms=30_000)
    after = len(set(requested))
    visible_mid = _visible_rows(view)
    window.close()
    photos = bench_browser(folder, path)
    return {"build_s": build_s, "people_rows": model.rowCount(), "window_to_people_s": shown,
            "load_s": loaded[0] - t0, "crops_first_screen": first, "visible_first_screen": visible_top,
            "crops_after_scroll": after, "visible_after_scroll": visible_mid, **photos}  # fmt: skip


def bench_browser(folder: Path, path: Path) -> dict:
    """The photo browser on the same library: time until the month list and the newest month's grid show;
    then the biggest month, scrolled to its middle once its thumbnails are made: time of one repaint."""
    from faceorganizer.gui.photos import PhotoBrowser, ThumbnailStore
    from faceorganizer.gui.services import LibraryService
    from faceorganizer.gui.tasks import TaskRunner

    t0 = time.perf_counter()
    browser = PhotoBrowser(LibraryService(path, TaskRunner()), ThumbnailStore(folder / "thumbnails"))
    browser.resize(1280, 800)
    shown: list[float] = []
    browser.shown.connect(lambda: shown.append(time.perf_counter()))
    browser.show()
    browser.reload()
    if not wait_until(lambda: bool(shown), timeout_ms=60_000):
        raise RuntimeError("the photo browser did not show")
    first_s = shown[0] - t0
    groups = browser.groups.count()
    biggest = max(range(groups), key=lambda r: int(browser.groups.item(r).text().rsplit("(", 1)[1][:-1]))
    shown.clear()
    browser.groups.setCurrentRow(biggest)
    wait_until(lambda: bool(shown), timeout_ms=60_000)
    bar = browser.grid.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    browser.grab()  # the visible thumbnails are asked for (the files do not exist: placeholders)
    wait_until(lambda: not browser.model.pending, timeout_ms=30_000)
    paints = []
    for _ in range(5):
        t = time.perf_counter()
        browser.grid.viewport().repaint()
        paints.append((time.perf_counter() - t) * 1000)
    rows = browser.model.rowCount()
    browser.close()
    return {"browser_s": first_s, "months": groups, "biggest_month": rows, "scroll_paint_ms": min(paints)}


#: Distinct new names for the naming loop (none is a prefix of another, nor of the library's "Person 0001").
NEW_NAMES = ("Ada Byron", "Ben Okri", "Cleo Laine", "Dev Patel", "Eva Green", "Finn Wolfe", "Gia Coppola",
             "Hal Ashby", "Ivy Queen", "Jude Law", "Kai Havertz", "Lea Seydoux", "Max Ernst", "Nia Long",
             "Oda Mae", "Quinn Fabray", "Rita Ora", "Sam Neill", "Tom Waits", "Uma Thurman")  # fmt: skip


class _Meter(QObject):
    """Measures steps of the user's loop on the UI thread: its CPU time (``time.thread_time``: busy, not
    waiting; worker threads excluded), the worst gap between the ticks of a 5 ms timer (the longest the
    UI thread did not get back to its event loop) and the paints of the watched widgets (when something
    was shown). The event loop runs as in the app (``QEventLoop.exec``), never blocked by a wait."""

    def __init__(self, runner, watched: list[QWidget], profile: cProfile.Profile | None = None) -> None:
        super().__init__()
        self.runner, self.profile = runner, profile
        self.ticks: list[float] = []
        self.paints: list[float] = []
        for w in watched:
            w.installEventFilter(self)
        self._tick = QTimer(self)
        self._tick.setTimerType(Qt.TimerType.PreciseTimer)
        self._tick.timeout.connect(lambda: self.ticks.append(time.perf_counter()))
        self._tick.start(5)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints.append(time.perf_counter())
        return False

    def settle(self, timeout_s: float = 120.0) -> None:
        """Run the event loop until both thread pools are idle and their callbacks delivered (three quiet
        1 ms polls in a row: results are posted before a task's thread is released)."""
        loop = QEventLoop()
        quiet = [0]
        deadline = time.monotonic() + timeout_s

        def poll() -> None:
            quiet[0] = quiet[0] + 1 if self.runner.wait(0) else 0
            if quiet[0] >= 3 or time.monotonic() > deadline:
                loop.quit()

        poller = QTimer()
        poller.setTimerType(Qt.TimerType.PreciseTimer)
        poller.timeout.connect(poll)
        poller.start(2)
        loop.exec()
        poller.stop()
        if time.monotonic() > deadline:
            raise RuntimeError("the app did not settle")

    def step(self, keys: Callable[[], object]) -> tuple[float, float, float]:
        """Run ``keys()`` (the key events of one answer) and every UI-thread callback that follows until the
        app is idle: (UI-thread CPU ms, wall time at the start, worst tick gap ms within the step)."""
        t0, c0 = time.perf_counter(), time.thread_time()
        self.ticks.append(t0)
        if self.profile is not None:
            self.profile.enable()
        keys()
        self.settle()
        if self.profile is not None:
            self.profile.disable()
        cpu = (time.thread_time() - c0) * 1000
        self.ticks.append(time.perf_counter())
        inside = [t for t in self.ticks if t >= t0]
        return cpu, t0, max(b - a for a, b in zip(inside, inside[1:], strict=False)) * 1000

    def idle_overhead(self, seconds: float = 1.0) -> float:
        """UI-thread CPU ms per second spent by the harness's own timers on an idle app."""
        c0 = time.thread_time()
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        poller = QTimer()
        poller.timeout.connect(lambda: self.runner.wait(0))
        poller.start(2)
        loop.exec()
        poller.stop()
        return (time.thread_time() - c0) * 1000 / seconds

    def first_paint(self, after: float) -> float | None:
        return next((t for t in self.paints if t >= after), None)


def _editor(grid: QAbstractItemView) -> QLineEdit | None:
    """The name editor open in ``grid`` (as tests/gui/test_keyboard_naming.py finds it)."""
    if grid.state() != QAbstractItemView.State.EditingState:
        return None
    found = [w for w in grid.viewport().findChildren(QLineEdit) if w.isVisible()]
    return found[0] if found else None


def _next_unnamed(view) -> int | None:
    """The person the grid should move to after naming the current one: the next unnamed in grid order."""
    from faceorganizer.gui.people.grid_model import PERSON_ID_ROLE

    rows = [int(view.proxy.index(r, 0).data(PERSON_ID_ROLE)) for r in range(view.proxy.rowCount())]
    at = rows.index(view.current_person_id())
    for pid in rows[at + 1 :] + rows[:at]:
        row = view.model.row_of(pid)
        if row is not None and view.model.person(row).name is None:
            return pid
    return None


def _stats(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), max(values)


def bench_naming(
    folder: Path, n_photos: int, n_faces: int, n_people: int, names: int, answers: int, profile: bool
) -> dict:
    from bench_catalog import build

    from faceorganizer.library.catalog import Catalog

    path = folder / "naming.sqlite"
    build_s = build(path, n_faces, n_photos, n_people)
    with Catalog.open(path, read_only=True) as cat:
        unnamed = cat.query("SELECT count(*) FROM people WHERE name IS NULL AND hidden = 0")[0][0]
        suggested = cat.query(
            "SELECT count(*) FROM faces f JOIN people p ON p.id = f.person_id WHERE f.state = 'suggested' "
            "AND p.name IS NOT NULL AND p.hidden = 0 AND min(f.width, f.height) >= 40 AND coalesce(f.score, 1) >= 0.6"
        )[0][0]
    if unnamed < names or suggested < answers:
        raise RuntimeError(f"the library has {unnamed} unnamed people and {suggested} suggestions: too few")
    refs = sys.getrefcount(None), sys.getrefcount(True)
    window = build_window(path)
    window.resize(1280, 800)
    model, view = window.people_model, window.people_view
    grid = view.grid
    loaded: list[float] = []
    model.loaded.connect(lambda: loaded.append(time.perf_counter()))
    window.show()
    window.activateWindow()
    if not wait_until(lambda: bool(loaded) and window.refreshed, timeout_ms=120_000):
        raise RuntimeError("the People view did not load")
    prof = cProfile.Profile() if profile else None
    meter = _Meter(window.library.runner, [grid.viewport(), window.review_view.progress], prof)
    meter.settle()
    overhead = meter.idle_overhead()
    # (1) keyboard naming: the first unnamed person current, then F2, the name, Enter; the app moves on itself
    first = next(model.person(r).id for r in range(model.rowCount()) if model.person(r).name is None)
    view.set_current_person(first)
    grid.setFocus()
    meter.settle()
    moved: list[tuple[float, int | None]] = []
    grid.selectionModel().currentChanged.connect(
        lambda *_: moved.append((time.perf_counter(), view.current_person_id()))
    )
    totals, enters, latencies, stalls, named, advanced = [], [], [], [], [], 0
    for name in NEW_NAMES[:names]:
        pid, target = view.current_person_id(), _next_unnamed(view)
        cpu = 0.0
        worst = 0.0
        c, _, gap = meter.step(partial(QTest.keyClick, grid, Qt.Key.Key_F2))
        editor = _editor(grid)
        if editor is None:
            raise RuntimeError("F2 did not open the name editor")
        cpu, worst = cpu + c, max(worst, gap)
        for ch in name:  # one key at a time, the app idle between them (a typist's pace)
            c, _, gap = meter.step(partial(QTest.keyClick, editor, ch))
            cpu, worst = cpu + c, max(worst, gap)
        moved.clear()
        c, t_enter, gap = meter.step(partial(QTest.keyClick, editor, Qt.Key.Key_Return))
        cpu, worst = cpu + c, max(worst, gap)
        totals.append(cpu)
        enters.append(c)
        stalls.append(worst)
        named.append(pid)
        at = next((t for t, p in moved if p == target), None)
        if at is not None and view.current_person_id() == target:
            advanced += 1
            shown = meter.first_paint(at)
            latencies.append(((shown or at) - t_enter) * 1000)
    with Catalog.open(path, read_only=True) as cat:
        stored = sum(1 for p in cat.people() if p.id in named and p.name in NEW_NAMES)
    naming_stats = _profile_text(prof)
    # (2) review: Ctrl+R, then Y and N alternately, each answer once the previous one is done
    prof = cProfile.Profile() if profile else None
    meter.profile = prof
    review = window.review_view
    t0 = time.perf_counter()
    window.shortcut_actions["review"].trigger()
    meter.settle()
    queue_s = time.perf_counter() - t0
    if review.current is None:
        raise RuntimeError("the review queue is empty")
    queue = len(review.queue)
    r_cpu, r_lat, r_stall = [], [], []
    for i in range(answers):
        before = review.at
        key = Qt.Key.Key_Y if i % 2 == 0 else Qt.Key.Key_N
        c, t_key, gap = meter.step(partial(QTest.keyClick, review, key))
        if review.at != before + 1 or review.current is None:
            raise RuntimeError(f"answer {i + 1} did not move to the next question")
        r_cpu.append(c)
        r_stall.append(gap)
        shown = meter.first_paint(t_key)
        if shown is not None:
            r_lat.append((shown - t_key) * 1000)
    review_stats = _profile_text(prof)
    drift = refs[0] - sys.getrefcount(None), refs[1] - sys.getrefcount(True)
    window.close()
    return {"build_s": build_s, "unnamed": unnamed, "suggested": suggested, "people_rows": model.rowCount(),
            "overhead_ms_per_s": overhead, "names": len(totals), "name_ui": _stats(totals),
            "enter_ui": _stats(enters), "name_latency": _stats(latencies) if latencies else (nan, nan),
            "name_stall": max(stalls), "stored": stored, "advanced": advanced, "queue_s": queue_s, "queue": queue,
            "answers": len(r_cpu), "answer_ui": _stats(r_cpu),
            "answer_latency": _stats(r_lat) if r_lat else (nan, nan), "painted": len(r_lat),
            "answer_stall": max(r_stall), "refs_lost": drift, "naming_profile": naming_stats,
            "review_profile": review_stats}  # fmt: skip


def _profile_text(prof: cProfile.Profile | None, top: int = 30) -> str:
    if prof is None:
        return ""
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--photos", type=int, default=40, help="photos scanned for the stall figure (issue: 200)")
    ap.add_argument("--library-photos", type=int, default=100_000)
    ap.add_argument("--faces", type=int, default=300_000)
    ap.add_argument("--people", type=int, default=5_000)
    ap.add_argument("--skip-stall", action="store_true")
    ap.add_argument("--skip-large", action="store_true")
    ap.add_argument("--naming-faces", type=int, default=100_000, help="faces of the naming/review library")
    ap.add_argument("--naming-photos", type=int, default=30_000)
    ap.add_argument("--naming-people", type=int, default=1_000)
    ap.add_argument("--names", type=int, default=20, help=f"people named in a row (at most {len(NEW_NAMES)})")
    ap.add_argument("--answers", type=int, default=100, help="review answers (Y and N alternately)")
    ap.add_argument("--skip-naming", action="store_true")
    ap.add_argument("--profile", action="store_true", help="cProfile the UI thread during (c); print the top")
    ap.add_argument("--dir", type=Path, help="work folder (kept; default: a temporary one)")
    args = ap.parse_args(argv)
    application()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        _private_settings(folder / "settings")
        if not args.skip_stall:
            r = bench_stall(folder, args.photos)
            print(f"stall: {r['photos']} photos, {r['faces']} faces indexed in {r['scan_s']:.1f} s; "
                  f"{r['ticks']} timer ticks; worst stall {r['worst_stall_ms']:.0f} ms "
                  f"(target < 100 ms); gaps over 100 ms: {r['gaps_over_100ms']}")  # fmt: skip
        if not args.skip_large:
            r = bench_large(folder, args.library_photos, args.faces, args.people)
            print(f"large: {args.library_photos} photos / {args.faces} faces / {args.people} people "
                  f"(built in {r['build_s']:.1f} s): People view with {r['people_rows']} people in "
                  f"{r['window_to_people_s']:.2f} s (target < 2 s; people read in {r['load_s']:.2f} s)")  # fmt: skip
            print(f"lazy crops: {r['crops_first_screen']} requested for {r['visible_first_screen']} visible rows; "
                  f"{r['crops_after_scroll']} after scrolling to the middle "
                  f"({r['visible_after_scroll']} visible there)")  # fmt: skip
            print(f"photo browser: {r['months']} months, the newest month's grid in {r['browser_s']:.2f} s (target "
                  f"< 2 s); the biggest month ({r['biggest_month']} photos) scrolled to its middle repaints in "
                  f"{r['scroll_paint_ms']:.0f} ms once its thumbnails are made (target < 200 ms)")  # fmt: skip
        if not args.skip_naming:
            r = bench_naming(folder, args.naming_photos, args.naming_faces, args.naming_people,
                             min(args.names, len(NEW_NAMES)), args.answers, args.profile)  # fmt: skip
            print(f"naming library: {args.naming_photos} photos / {args.naming_faces} faces / {args.naming_people} "
                  f"people (built in {r['build_s']:.1f} s; {r['people_rows']} shown, {r['unnamed']} unnamed, "
                  f"{r['suggested']} suggestions); harness timers {r['overhead_ms_per_s']:.1f} ms UI/s")  # fmt: skip
            print(f"keyboard naming: {r['names']} people in a row (F2, name typed key by key, Enter; each once the "
                  f"app is idle): UI time per name median {r['name_ui'][0]:.1f} ms, worst {r['name_ui'][1]:.1f} ms "
                  f"(goal < 100 ms); of which Enter and what follows (write, reload) median {r['enter_ui'][0]:.1f} "
                  f"ms, worst {r['enter_ui'][1]:.1f} ms")  # fmt: skip
            print(f"naming latency Enter -> next unnamed person shown: median {r['name_latency'][0]:.1f} ms, worst "
                  f"{r['name_latency'][1]:.1f} ms; worst UI stall {r['name_stall']:.0f} ms; names stored "
                  f"{r['stored']}/{r['names']}, moved on by itself {r['advanced']}/{r['names']}")  # fmt: skip
            print(f"review: queue of {r['queue']} questions read in {r['queue_s']:.2f} s; {r['answers']} answers "
                  f"(Y / N alternately, each once the app is idle): UI time per answer median "
                  f"{r['answer_ui'][0]:.1f} ms, worst {r['answer_ui'][1]:.1f} ms (goal < 50 ms)")  # fmt: skip
            print(f"review latency key -> next question painted: median {r['answer_latency'][0]:.1f} ms, worst "
                  f"{r['answer_latency'][1]:.1f} ms ({r['painted']} painted); worst UI stall "
                  f"{r['answer_stall']:.0f} ms")  # fmt: skip
            lost = [max(0, n) for n in r["refs_lost"]]  # negative: references the app's data now holds
            print(f"references to None / True released too often during (c): {lost[0]} / {lost[1]} (0 expected; "
                  f"PySide6 6.12.0 drops them, see tests/gui/test_signal_references.py)")  # fmt: skip
            for part in ("naming_profile", "review_profile"):
                if r[part]:
                    print(f"--- UI-thread profile, {part.split('_')[0]} ---\n{r[part]}")


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown of Qt objects (PySide6 can crash there; the figures are out)
