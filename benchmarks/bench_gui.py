"""Desktop app benchmarks (issue 5): UI stalls during a scan, and opening a 100k-photo library.

usage: python benchmarks/bench_gui.py [--photos 40] [--faces 300000] [--library-photos 100000]
                                      [--people 5000] [--skip-stall] [--skip-large] [--dir DIR]

(a) stall: generates ``--photos`` photos like bench_index.py (half 12 MP, half 2 MP), opens the main
    window offscreen on a fresh library, adds the folder and, while the BackgroundScan runs (models
    loaded inside the scan, as for a user), a 10 ms QTimer records when it fires; the worst gap
    between ticks is the longest the UI thread was blocked. Target: < 100 ms (issue: 200 photos).
(b) large: a synthetic catalog (bench_catalog.build: ``--library-photos`` photos, ``--faces`` faces,
    ``--people`` people, random descriptors; the photo files do not exist, so crops fail fast to the
    placeholder) and the time from creating the main window to the People view populated. Target
    < 2 s. Then counts the face crops requested: only rows the grid paints may ask for one, before
    and after scrolling to the middle.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QCoreApplication, QRect, QSettings, QTimer  # noqa: E402

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
    model.cache.put = lambda fid, img: (requested.append(fid), cache_put(fid, img))  # every crop made
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
    return {"build_s": build_s, "people_rows": model.rowCount(), "window_to_people_s": shown,
            "load_s": loaded[0] - t0, "crops_first_screen": first, "visible_first_screen": visible_top,
            "crops_after_scroll": after, "visible_after_scroll": visible_mid}  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--photos", type=int, default=40, help="photos scanned for the stall figure (issue: 200)")
    ap.add_argument("--library-photos", type=int, default=100_000)
    ap.add_argument("--faces", type=int, default=300_000)
    ap.add_argument("--people", type=int, default=5_000)
    ap.add_argument("--skip-stall", action="store_true")
    ap.add_argument("--skip-large", action="store_true")
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


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown of Qt objects (PySide6 can crash there; the figures are out)
