"""Hostile photo files (issue 11): a FIFO or a device symlink named like a photo must not block or exhaust
the folder watcher, and decompression bombs under the pixel cap must not take a scan's memory with them."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pillow_heif
import pytest
from PIL import Image

from faceorganizer import imaging
from faceorganizer.imaging import ImageLoadError, decode
from faceorganizer.library.catalog import Catalog
from faceorganizer.library.indexing import FolderWatcher, photo_reader, scan, scan_paths
from faceorganizer.library.indexing.photo_reader import PhotoReadError, read_photo

posix_only = pytest.mark.skipif(
    not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"), reason="needs FIFOs and /dev/zero (POSIX)"
)

FIFO_ERROR = "is a FIFO (named pipe), not a regular file: not read"
DEVICE_ERROR = "is a device, not a regular file: not read"


def _unblock(fifo) -> None:
    """Lets a reader blocked opening ``fifo`` go on (it then reads end of file): cleanup, should a test fail."""
    try:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:  # no reader waiting (ENXIO), or the FIFO is gone
        pass


@posix_only
def test_scan_paths_skips_a_fifo_and_a_device_symlink_as_a_walk_does(tmp_path, fake_nets, plain_image):
    photos, lib = tmp_path / "photos", tmp_path / "lib.sqlite"
    plain_image(photos / "a.jpg")
    os.mkfifo(photos / "x.jpg")
    os.symlink("/dev/zero", photos / "z.jpg")
    with Catalog.open(lib) as cat:
        walked = scan(cat, [photos])
        assert (walked.seen, walked.indexed, walked.errors) == (1, 1, [])
        plan = scan_paths(cat, [str(photos / "x.jpg"), str(photos / "z.jpg")])  # what the watcher does
        assert (plan.seen, plan.new, plan.to_index, plan.errors) == (0, 0, [], [])
        assert cat.photo_by_path(str(photos / "x.jpg")) is None and cat.photo_by_path(str(photos / "z.jpg")) is None


@posix_only
def test_reading_a_fifo_or_a_device_fails_at_once_and_reads_nothing(tmp_path):
    fifo, zero = tmp_path / "x.jpg", tmp_path / "z.jpg"
    os.mkfifo(fifo)
    os.symlink("/dev/zero", zero)
    outcome: dict[str, str] = {}

    def read() -> None:
        try:
            read_photo(str(fifo))
            outcome["read"] = "no error"
        except PhotoReadError as exc:
            outcome["read"] = exc.message

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(5)
    blocked = reader.is_alive()
    if blocked:
        _unblock(fifo)
        reader.join(5)
    assert not blocked, "read_photo blocked opening a FIFO"
    assert outcome == {"read": FIFO_ERROR}
    with pytest.raises(PhotoReadError, match=re.escape(DEVICE_ERROR)):  # never read: /dev/zero has no end
        read_photo(str(zero))
    with pytest.raises(ImageLoadError, match=re.escape(f"x.jpg: {FIFO_ERROR}")):
        decode(fifo)
    with pytest.raises(ImageLoadError, match=re.escape(f"z.jpg: {DEVICE_ERROR}")):
        decode(zero)


@posix_only
def test_watcher_goes_on_past_a_fifo_named_like_a_photo(tmp_path, fake_nets, plain_image, until, photo_status):
    photos, lib = tmp_path / "photos", tmp_path / "lib.sqlite"
    plain_image(photos / "a.jpg", seed=1)
    with Catalog.open(lib) as cat:
        scan(cat, [photos])
    batches: list = []
    watcher = FolderWatcher(lib, debounce=0.2, on_batch=batches.append).start()
    try:
        os.mkfifo(photos / "x.jpg")
        plain_image(photos / "b.jpg", seed=2)
        indexed = until(lambda: photo_status(lib, photos / "b.jpg") == "indexed", 15)
        started = time.monotonic()
        watcher.stop(timeout=5)
        stopped_in = time.monotonic() - started
    finally:
        _unblock(photos / "x.jpg")  # before the fix the reader thread is stuck opening it
        watcher.stop()
    assert indexed, "the watcher never got past the FIFO"
    assert not watcher.running and watcher.error is None and stopped_in < 5
    assert photo_status(lib, photos / "x.jpg") is None
    assert all(b.errors == [] for b in batches)


def test_a_streamed_read_stops_when_cancelled(tmp_path, plain_image, monkeypatch):
    path = plain_image(tmp_path / "a.png", size=(600, 400), fmt="PNG")
    monkeypatch.setattr(photo_reader, "MAX_IN_MEMORY", 1000)  # so this photo is streamed, as a large one is
    monkeypatch.setattr(photo_reader, "_CHUNK", 1024)
    stop = threading.Event()
    stop.set()
    with pytest.raises(PhotoReadError) as info:
        read_photo(str(path), stop)
    assert info.value.cancelled and info.value.message == "cancelled while reading"
    stop.clear()
    assert read_photo(str(path), stop).info.size == path.stat().st_size


def _memory_limited(args: list[str], limit: int = 8 << 30) -> list[str]:
    """A command running ``faceorganizer ARGS`` with its address space limited to ``limit`` bytes (so a
    runaway read fails with MemoryError instead of taking the test machine's memory)."""
    code = (
        f"import resource, runpy, sys; resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit})); "
        "sys.argv = ['faceorganizer', *sys.argv[1:]]; runpy.run_module('faceorganizer.cli', run_name='__main__')"
    )
    return [sys.executable, "-c", code, *args]


@posix_only
def test_watch_command_indexes_past_a_fifo_and_a_device_symlink_and_stops_on_sigterm(tmp_path, plain_image):
    photos, lib = tmp_path / "photos", tmp_path / "lib.sqlite"
    plain_image(photos / "a.jpg", seed=1)
    with Catalog.open(lib) as cat:
        cat.add_root(photos)
    args = ["watch", "--library", str(lib), "--json", "--detector", "tiny", "--debounce", "0.3"]
    lines: queue.Queue[str] = queue.Queue()
    with (
        open(tmp_path / "stderr.txt", "w") as err,
        subprocess.Popen(_memory_limited(args), stdout=subprocess.PIPE, stderr=err, text=True) as proc,
    ):
        assert proc.stdout is not None
        stdout = proc.stdout
        threading.Thread(target=lambda: [lines.put(line) for line in stdout], daemon=True).start()
        try:
            first = lines.get(timeout=60)  # the catch-up scan's summary: the watcher is running
            os.mkfifo(photos / "x.jpg")
            os.symlink("/dev/zero", photos / "z.jpg")
            plain_image(photos / "b.jpg", seed=2)
            batch = []
            while sum(json.loads(line)["indexed"] for line in batch) < 1:
                try:
                    batch.append(lines.get(timeout=30))
                except queue.Empty:
                    break
            proc.send_signal(signal.SIGTERM)
            started = time.monotonic()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
            exited_in = time.monotonic() - started
        finally:
            if proc.poll() is None:
                proc.kill()
            _unblock(photos / "x.jpg")
    stderr = (tmp_path / "stderr.txt").read_text()
    assert '"indexed": 1' in first, stderr
    assert [json.loads(line)["indexed"] for line in batch] == [1], ("b.jpg was never indexed", batch, stderr)
    assert all(json.loads(line)["errors"] == [] for line in batch)
    assert proc.returncode == 0 and exited_in < 5, (proc.returncode, exited_in, stderr)
    with Catalog.open(lib, read_only=True) as cat:
        assert sorted(os.path.basename(p.path) for p in cat.photos()) == ["a.jpg", "b.jpg"]


# --- decompression bombs --------------------------------------------------------------------------------------


def _png(path, size, mode="RGB"):
    Image.new(mode, size, (90, 120, 150, 200)[: len(mode)] if mode != "L" else 128).save(path)
    return path


def test_large_non_jpeg_decoded_reduced_in_strips_as_a_full_decode_reduced(tmp_path):
    path = tmp_path / "big.png"
    rng = np.random.default_rng(0)
    pixels = np.repeat(np.repeat(rng.integers(0, 256, (60, 80, 4), dtype=np.uint8), 50, 0), 50, 1)
    exif = Image.Exif()
    exif[0x0112] = 6  # stored landscape, displayed portrait
    Image.fromarray(pixels, "RGBA").save(path, exif=exif)  # 4000x3000 with alpha
    full = decode(path)
    reduced = decode(path, max_side=1000)
    assert full.pixels.shape == (4000, 3000, 3) and reduced.pixels.shape == (1000, 750, 3)
    assert (reduced.orientation, reduced.stored_size, reduced.scale) == (6, (4000, 3000), 0.25)
    expected = np.asarray(Image.fromarray(full.pixels).reduce(4)).astype(int)
    assert np.abs(reduced.pixels.astype(int) - expected).max() <= 1


def test_an_image_needing_more_than_the_whole_budget_is_refused_naming_file_and_size(tmp_path, monkeypatch):
    path = _png(tmp_path / "wide.png", (6000, 4000), "L")  # 24 MB decoded as stored, 72 MB as RGB
    monkeypatch.setattr(imaging, "DECODE_BUDGET", imaging.DecodeBudget(96 << 20))
    with pytest.raises(ImageLoadError) as info:
        decode(path)
    message = str(info.value)
    assert message.startswith(f"{path}: image too large to decode (6000x4000, 24 MP, PNG): needs about ")
    assert message.endswith("MB to decode, more than the 96 MB allowed; refused")
    assert decode(path, max_side=1000).pixels.shape == (667, 1000, 3)  # reduced, it fits
    assert imaging.DECODE_BUDGET.in_use == 0


@pytest.mark.parametrize("limit, most_at_once", [(1 << 30, 4), (None, 1)])
def test_concurrent_decodes_share_one_budget(tmp_path, monkeypatch, limit, most_at_once):
    paths = [_png(tmp_path / f"p{i}.png", (2000, 2000)) for i in range(4)]
    with Image.open(paths[0]) as im:
        one = imaging._cost(im, 1, 1)
    budget = imaging.DecodeBudget(limit or one * 3 // 2)  # None: room for one decode at a time, not two
    monkeypatch.setattr(imaging, "DECODE_BUDGET", budget)
    running, most, lock = [0], [0], threading.Lock()
    real_pixels = imaging._pixels

    def counted(im, factor):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.3)
        try:
            return real_pixels(im, factor)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(imaging, "_pixels", counted)
    threads = [threading.Thread(target=decode, args=(p,)) for p in paths]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert most[0] == most_at_once and budget.in_use == 0 and budget.peak <= budget.limit


#: Runs the command, then prints its exit code and its peak RSS: VmHWM, the high-water mark of this program's
#: own memory (ru_maxrss would include the parent's RSS at fork time, which Linux carries across exec).
_MEASURE = (
    "import json, re, sys; from faceorganizer.cli import main; code = main(sys.argv[1:]); "
    "hwm = re.search(r'VmHWM:\\s+(\\d+) kB', open('/proc/self/status').read()).group(1); "
    "print(json.dumps({'code': code, 'peak_kb': int(hwm)}), file=sys.stderr)"
)


def _scan_peak(folder, lib) -> tuple[dict, int]:
    """``faceorganizer scan FOLDER --json`` in a fresh process: its summary and its peak RSS in bytes."""
    args = ["scan", str(folder), "--library", str(lib), "--json", "--detector", "tiny"]
    done = subprocess.run([sys.executable, "-c", _MEASURE, *args], capture_output=True, text=True, timeout=600)
    measured = json.loads(done.stderr.strip().splitlines()[-1])
    assert measured["code"] == 0, done.stderr
    return json.loads(done.stdout), measured["peak_kb"] * 1024


@pytest.fixture(scope="session")
def bombs(tmp_path_factory):
    """Six decompression bombs under the 200 MP cap (about 2.4 MB of files): PNG (RGB and RGBA), GIF, TIFF,
    WebP of 13000x13000 pixels (169 MP), a HEIC of 6000x5000 (its encoder is slow)."""
    pillow_heif.register_heif_opener()  # a dependency: a failed import fails, it does not skip
    folder = tmp_path_factory.mktemp("bombs")
    side = (13000, 13000)
    rgb = Image.new("RGB", side, (120, 130, 140))
    rgb.save(folder / "rgb.png", compress_level=9)
    rgb.save(folder / "rgb.tif", compression="tiff_adobe_deflate")
    rgb.save(folder / "rgb.webp", lossless=True, method=0)
    del rgb
    Image.new("RGBA", side, (120, 130, 140, 200)).save(folder / "rgba.png", compress_level=9)
    Image.new("P", side, 3).save(folder / "palette.gif")
    Image.new("RGB", (6000, 5000), (120, 130, 140)).save(folder / "photo.heic", quality=10)
    return folder


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="peak memory read from /proc (Linux)")
def test_a_scan_over_decompression_bombs_stays_within_the_decode_budget(tmp_path, bombs, plain_image):
    plain_image(tmp_path / "small" / "a.jpg")
    baseline_summary, baseline = _scan_peak(tmp_path / "small", tmp_path / "small.sqlite")
    summary, peak = _scan_peak(bombs, tmp_path / "bombs.sqlite")
    assert baseline_summary["indexed"] == 1
    print(f"peak RSS: {baseline / 2**20:.0f} MB on one small photo, {peak / 2**20:.0f} MB on the bombs")
    # the decodes in flight within the 1 GiB budget (a bomb's buffer is ~680 MB here), never a bomb per worker;
    # plus what the second worker's analysis and its malloc arena hold meanwhile (~300 MB measured)
    assert peak - baseline < (1 << 30) + (512 << 20), (peak, baseline, summary)
    errors = {os.path.basename(e["path"]): e["error"] for e in summary["errors"]}
    assert summary["seen"] == 6 and summary["indexed"] == 5, summary
    assert list(errors) == ["rgb.webp"] and errors["rgb.webp"].startswith(
        "image too large to decode (13000x13000, 169 MP, WEBP): needs about "
    )


def test_a_read_cancelled_by_the_scan_leaves_the_photo_pending_not_in_error(
    tmp_path, monkeypatch, fake_nets, plain_image
):
    import threading

    from faceorganizer.library.catalog import Catalog
    from faceorganizer.library.indexing import indexer as indexer_module
    from faceorganizer.library.indexing import photo_reader, scan

    plain_image(tmp_path / "photos" / "a.jpg")
    cancel = threading.Event()
    seen = []

    def read_then_cancel(path, cancel_event=None):
        seen.append(cancel_event)
        cancel.set()  # the user cancels while this photo is being read
        raise photo_reader.PhotoReadError("cancelled while reading", cancelled=True)

    monkeypatch.setattr(indexer_module, "read_photo", read_then_cancel)
    with Catalog.open(tmp_path / "lib.sqlite") as cat:
        scan(cat, [tmp_path / "photos"], cancel=cancel)
        (photo,) = cat.photos()
        assert seen == [cancel]  # the scan's cancel reaches the read
        assert photo.status == "pending" and photo.error is None
