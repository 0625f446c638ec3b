#!/usr/bin/env bash
# Smoke test of the frozen app: build it (packaging/build.sh), then, with no Python on PATH and no network,
# check --version, scan a copy of shared/faceapi/people-photos into a temporary library (its 40 faces, one more
# as a JPEG XL and a copy; without that data, generated photos without faces, one a JPEG XL, and a copy),
# render a GUI screenshot offscreen when the app has the gui command, and report the app's size.
# FO_SMOKE_NO_BUILD=1 reuses dist/faceorganizer/; FACEAPI_DATA points at shared/faceapi (default ../shared/faceapi).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DATA=${FACEAPI_DATA:-$ROOT/../shared/faceapi}
APP=$ROOT/dist/faceorganizer/faceorganizer
PASSED=0
fail() { echo "smoke: FAIL: $*" >&2; echo "smoke: $PASSED passed, 1 failed"; exit 1; }
ok() { PASSED=$((PASSED + 1)); echo "smoke: $*"; }

start=$SECONDS
if [ "${FO_SMOKE_NO_BUILD:-}" != 1 ]; then bash packaging/build.sh --tarball; fi
[ -x "$APP" ] || fail "no frozen app at $APP"

TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/home"
# The frozen app must stand alone: a bare environment, no Python on PATH, no network (when unshare allows).
NET=(); if unshare -n true 2>/dev/null; then NET=("$(command -v unshare)" -n); fi
run() { env -i HOME="$TMP/home" PATH=/nonexistent LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "${NET[@]}" "$APP" "$@"; }

expected=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' faceorganizer/__init__.py)
version=$(run --version)
[ "$version" = "faceorganizer $expected" ] || fail "--version said '$version', expected 'faceorganizer $expected'"
ok "$version"

run demo -o "$TMP/demo" > "$TMP/demo.txt" || fail "demo failed: $(cat "$TMP/demo.txt")"
n=$(ls "$TMP/demo"/*.annotated.png | wc -l)
[ "$n" = 3 ] || fail "demo drew $n photos, expected the 3 bundled samples"
ok "demo analysed and drew the 3 bundled sample photos"

if [ -d "$DATA/people-photos" ]; then
    cp -r "$DATA/people-photos" "$TMP/photos" && chmod -R u+w "$TMP/photos"
    # one more photo as JPEG XL (the frozen app decodes it through imagecodecs' libjxl), and a copy of a photo in
    # another folder (one photo with two locations: counted once)
    PY=python3; for p in build/venv/bin/python .venv/bin/python; do [ -x "$p" ] && { PY=$p; break; }; done
    "$PY" -c 'import sys, imagecodecs; from PIL import Image; import numpy as np
pixels = np.asarray(Image.open(sys.argv[1]).convert("RGB").transpose(Image.Transpose.FLIP_LEFT_RIGHT))
open(sys.argv[2], "wb").write(imagecodecs.jpegxl_encode(pixels, level=90))' \
        "$(ls "$TMP"/photos/*/*.jpg | head -1)" "$TMP/photos/mirrored.jxl"
    mkdir "$TMP/photos/backup" && cp "$(ls "$TMP"/photos/*/*.jpg | tail -1)" "$TMP/photos/backup/"
    what="people-photos, a JPEG XL and a copy" want='"photos": 41, "videos": 0, "copies": 1, "faces": 41'
else
    # Without the shared data the frozen app still has to load its models and run them on photos.
    echo "smoke: no $DATA/people-photos (set FACEAPI_DATA): scanning generated photos without faces instead"
    PY=python3; for p in build/venv/bin/python .venv/bin/python; do [ -x "$p" ] && { PY=$p; break; }; done
    mkdir "$TMP/photos"
    # (one as JPEG XL, which the frozen app decodes through imagecodecs' libjxl, and a copy of one in a subfolder:
    # one photo with two locations, counted once)
    "$PY" -c 'import sys, imagecodecs, numpy as np; from PIL import Image
for i in range(3):
    pixels = np.random.default_rng(i).integers(0, 256, (480, 640, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(f"{sys.argv[1]}/generated-{i}.jpg")
open(f"{sys.argv[1]}/generated.jxl", "wb").write(imagecodecs.jpegxl_encode(pixels[::2, ::2], level=90))' "$TMP/photos"
    mkdir "$TMP/photos/backup" && cp "$TMP/photos/generated-0.jpg" "$TMP/photos/backup/"
    what="4 generated photos and a copy" want='"photos": 4, "videos": 0, "copies": 1, "faces": 0'
fi
t=$SECONDS
run scan --library "$TMP/library.sqlite" --json "$TMP/photos" > "$TMP/scan.json"
status=$(run status --library "$TMP/library.sqlite" --json)
[[ "$status" == *"$want"* ]] || fail "status --json: $status (expected $want)"
grep -q '"errors": \[\]' "$TMP/scan.json" || fail "the scan had errors: $(cat "$TMP/scan.json")"
ok "scanned $what in $((SECONDS - t)) s: $status"
# onnxruntime's telemetry (a device id and queued events) must not be written: entry_*.py turn it off.
[ ! -e "$TMP/home/.cache/Microsoft" ] || fail "onnxruntime wrote $(cd "$TMP/home" && find .cache/Microsoft -type f | tr '\n' ' ')"
ok "no onnxruntime telemetry files in HOME"

help_text=$(run --help)  # captured first: grep -q closing a pipe early would fail it under pipefail
if grep -qE '^ +\{.*\bgui\b|^ +gui ' <<<"$help_text"; then
    run gui --help > "$TMP/gui-help.txt" || fail "gui --help failed"
    if grep -q -- '--screenshot' "$TMP/gui-help.txt"; then
        run gui --library "$TMP/library.sqlite" --screenshot "$TMP/shot.png" > /dev/null || fail "gui --screenshot failed"
        [ -s "$TMP/shot.png" ] || fail "gui wrote no screenshot"
        mkdir -p dist && cp "$TMP/shot.png" dist/smoke-screenshot.png
        ok "GUI screenshot rendered offscreen: dist/smoke-screenshot.png ($(du -h dist/smoke-screenshot.png | cut -f1))"
    else
        fail "the gui command has no --screenshot PATH option to render offscreen"
    fi
else
    echo "smoke: no gui command in this build: screenshot not checked"
fi

# The Linux installer: install into a temporary HOME, check the XDG files, uninstall (the library stays).
IH=$TMP/install-home; mkdir -p "$IH/.local/share/faceorganizer" && echo keep > "$IH/.local/share/faceorganizer/library.sqlite"
HOME=$IH XDG_DATA_HOME= bash packaging/install.sh --user > /dev/null
for f in .local/bin/faceorganizer .local/share/applications/faceorganizer.desktop \
         .local/share/icons/hicolor/scalable/apps/faceorganizer.svg .local/share/icons/hicolor/48x48/apps/faceorganizer.png; do
    [ -e "$IH/$f" ] || fail "install.sh did not install ~/$f"
done
[ "$("$IH/.local/bin/faceorganizer" --version)" = "$version" ] || fail "the installed app's --version differs"
HOME=$IH XDG_DATA_HOME= bash packaging/install.sh --user --uninstall > /dev/null
[ ! -e "$IH/.local/bin/faceorganizer" ] && [ ! -e "$IH/.local/lib/faceorganizer" ] || fail "install.sh --uninstall left the app"
[ -s "$IH/.local/share/faceorganizer/library.sqlite" ] || fail "install.sh --uninstall removed the user's library"
ok "install.sh --user and --uninstall OK"

echo "smoke: unpacked size $(du -sh "$ROOT/dist/faceorganizer" | cut -f1); the biggest parts:"
# sed -n reads all of sort's output: `head` would close the pipe early and, under pipefail, fail the
# script with SIGPIPE (exit 141) whenever sort was still writing.
du -sh "$ROOT"/dist/faceorganizer/_internal/* | sort -rh | sed -n "1,12s|$ROOT/dist/faceorganizer/_internal/|    |p"
ls "$ROOT"/dist/faceorganizer-*-linux-*.tar.gz >/dev/null 2>&1 && du -h "$ROOT"/dist/faceorganizer-*-linux-*.tar.gz | sed 's/^/smoke: tarball /'
echo "smoke: done in $((SECONDS - start)) s"
echo "smoke: $PASSED passed, 0 failed"
