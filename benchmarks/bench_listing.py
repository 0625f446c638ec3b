"""Listings at scale (issue 13 "Listings that stream"): `people --json`, `search` and `status` on a library of
1,000,000 faces (``bench_catalog.build``: ~300k photos, 5,000 people), each run as the real command.

For each command: the time to its first bytes on stdout (what ``| head -c`` sees: streaming makes it
independent of the library's size), the time to the end of its output and the peak RSS of the process
(``wait4``; streaming keeps it flat whatever the size), and a page (``--limit 100``). A JSON listing is one
document on one line, so ``| head -1`` waits for the whole of it; ``--jsonl`` puts each item on its own line,
so ``| head -1`` gets the first at once.

    python benchmarks/bench_listing.py                  # build /tmp/bench_listing.sqlite (~2 min), measure
    python benchmarks/bench_listing.py --reuse          # measure an existing file
    python benchmarks/bench_listing.py --faces 20000 --photos 6000 --people 200
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

#: The goal: the first item of `people --json` within a second at 1M faces; a full listing under 200 MB.
FIRST_ITEM_S = 1.0
PEAK_MB = 200.0

COMMANDS = (
    ("people --json", ["people", "--json"]),
    ("people --jsonl", ["people", "--jsonl"]),
    ("people (text)", ["people"]),
    ("search --unnamed --json", ["search", "--unnamed", "--json"]),
    ("search --unnamed (text)", ["search", "--unnamed"]),
    ("search --expression happy --json", ["search", "--expression", "happy", "--json"]),
    ("search --age 30-40 --gender female --json", ["search", "--age", "30-40", "--gender", "female", "--json"]),
    ("search --with 'Person 0001' --json", ["search", "--with", "Person 0001", "--json"]),
    ("search --any 'Person 0001' 'Person 0002' --json", ["search", "--any", "Person 0001", "Person 0002", "--json"]),
    ("status", ["status"]),
    ("status --json", ["status", "--json"]),
)


#: Runs the command and writes its peak RSS (kB) to the file named first: ``VmHWM`` of the process's own
#: memory, since ``ru_maxrss`` (wait4, getrusage) starts from the RSS of the parent at fork (Linux).
PEAK_WRAPPER = """
import atexit, runpy, sys
out = sys.argv.pop(1)
def report():
    with open("/proc/self/status") as status, open(out, "w") as f:
        f.write(next(line for line in status if line.startswith("VmHWM")).split()[1])
atexit.register(report)
sys.argv[0] = "faceorganizer"
runpy.run_module("faceorganizer.cli", run_name="__main__", alter_sys=True)
"""


def run(argv: list[str], library: Path, first_bytes: int = 64) -> tuple[float, float, float, int]:
    """(seconds to the first ``first_bytes`` of output, seconds to the end, peak RSS in MB, bytes written)
    of `python -m faceorganizer.cli ARGV --library LIBRARY`."""
    peak_file = Path(f"{library}.peak")
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", PEAK_WRAPPER, str(peak_file), *argv, "--library", str(library)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)  # fmt: skip
    assert proc.stdout is not None
    with proc.stdout:
        head = proc.stdout.read(first_bytes)
        first = time.perf_counter() - t0
        total = len(head)
        while chunk := proc.stdout.read(1 << 20):
            total += len(chunk)
    if proc.wait():
        raise SystemExit(f"{' '.join(argv)}: exit status {proc.returncode}")
    return first, time.perf_counter() - t0, int(peak_file.read_text()) / 1024, total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--path", type=Path, default=Path("/tmp/bench_listing.sqlite"))
    ap.add_argument("--reuse", action="store_true", help="measure the existing library file")
    ap.add_argument("--faces", type=int, default=1_000_000)
    ap.add_argument("--photos", type=int, default=300_000)
    ap.add_argument("--people", type=int, default=5_000)
    args = ap.parse_args()
    if not (args.reuse and args.path.exists()):
        print(f"building {args.path}: {args.faces} faces ...", flush=True)
        # in a process of its own: the build's memory (numpy arrays of 1M rows) stays out of the measurements
        code = f"from bench_catalog import build; print(round(build({str(args.path)!r}, {args.faces}, {args.photos}, "
        code += f"{args.people})))"
        took = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parent, check=True,
                              capture_output=True, text=True).stdout.strip()  # fmt: skip
        print(f"  built in {took} s", flush=True)
    print(f"{'command':<52} {'first bytes':>11} {'all output':>10} {'output':>9} {'peak RSS':>9}")
    failed = []
    for label, argv in COMMANDS:
        for paged, extra in ((False, []), (True, ["--limit", "100"])):
            if paged and argv[0] == "status":
                continue
            first, whole, peak, size = run(argv + extra, args.path)
            name = label + (" --limit 100" if paged else "")
            print(f"{name:<52} {first:>9.2f} s {whole:>8.2f} s {size / 2**20:>6.1f} MB {peak:>6.0f} MB", flush=True)
            if peak > PEAK_MB:
                failed.append(f"{name}: peak RSS {peak:.0f} MB > {PEAK_MB:.0f} MB")
            if label == "people --json" and not paged and first > FIRST_ITEM_S:
                failed.append(f"{name}: first item after {first:.2f} s > {FIRST_ITEM_S} s")
    print("\n".join(failed) or "all within the goals")


if __name__ == "__main__":
    main()
